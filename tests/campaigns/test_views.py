from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouvrage.campaigns.models import Campaign, Interview, Person
from ouvrage.campaigns.selectors import grid_for
from tests.campaigns.factories import campaign_for, interview_for
from tests.factories import UserFactory
from tests.helpers import page_text, visible_text

pytestmark = pytest.mark.django_db

CAMPAIGN = {
    "kind": "self",
    "title": "Auto-évaluation 2026",
    "starts_on": "2026-01-05",
    "ends_on": "2026-06-30",
    "rounding": "two_decimals",
}


def test_create_campaign(director_client, ehpad, has_version):
    form = director_client.get(reverse("campaigns:create", args=[ehpad.pk])).context["form"]
    assert form.initial["frame_version"] == has_version.pk  # the mandatory frame is proposed first
    response = director_client.post(
        reverse("campaigns:create", args=[ehpad.pk]), {**CAMPAIGN, "frame_version": has_version.pk}
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == reverse("campaigns:detail", args=[campaign.pk])
    assert campaign.establishment == ehpad and campaign.frame_version.frame.slug == "has-essms"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "external"}, "Une évaluation externe demande ses jours de visite"),
        (
            {"kind": "external", "visit_starts_on": "2026-03-02", "visit_ends_on": "2026-03-02"},
            "au moins deux jours de visite",
        ),
        ({"ends_on": "2025-12-31"}, "La fin ne peut pas précéder le début."),
        ({"starts_on": "demain"}, "Date de début invalide"),
    ],
)
def test_campaign_bad_input(director_client, ehpad, has_version, data, message):
    response = director_client.post(
        reverse("campaigns:create", args=[ehpad.pk]), {**CAMPAIGN, "frame_version": has_version.pk, **data}
    )
    assert response.status_code == 200 and message in page_text(response)
    assert not Campaign.objects.exists()


def test_plan_accompagne_traceur_with_a_pseudonymous_code(director_client, ehpad):
    campaign = campaign_for(ehpad)
    url = reverse("campaigns:interview_create", args=[campaign.pk])
    data = {"method": "accompagne_traceur", "title": "AT 1", "person_code": "Jean Dupont"}
    response = director_client.post(url, data)
    assert "pas un nom" in page_text(response) and not Interview.objects.exists()
    response = director_client.post(url, {**data, "person_code": "", "title": "AT 1"})
    assert "indiquez son code" in page_text(response)
    response = director_client.post(
        url, {**data, "person_code": "P-014", "person_public": "PA", "person_duration": "1_3_ans"}
    )
    interview = Interview.objects.get()
    assert response.status_code == 302 and interview.person.code == "P-014"
    assert Person.objects.get().attributes == {"public": "PA", "duree": "1_3_ans"}
    audit_needs_target = director_client.post(url, {"method": "audit_systeme", "title": "AS"})
    assert "Choisissez qui est rencontré" in page_text(audit_needs_target)


SYNC = {"HTTP_X_OUVRAGE_SYNC": "1"}


def test_rate_through_the_grid_script_answers_state_progress_and_score(director_client, ehpad):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    url = reverse("campaigns:rate", args=[campaign.pk, interview.pk, row.element.pk])
    saved = director_client.post(url, {"mark": "3", "version": "0"}, **SYNC).json()
    assert saved["state"] == "saved" and saved["rating"]["version"] == 1 and saved["rating"]["mark"] == "3"
    assert (saved["rated"], saved["score"], saved["criterion"]) == (1, "3,00", row.element.criterion_id)
    stale = director_client.post(url, {"mark": "4", "version": "0"}, **SYNC)
    assert stale.status_code == 409 and stale.json()["theirs"]["mark"] == "3"  # both values for the page
    refused = director_client.post(url, {"mark": "RI", "version": "1"}, **SYNC)
    assert refused.status_code == 422 and "qu'au chapitre 1" in refused.json()["problem"]
    too_long = director_client.post(url, {"mark": "4", "version": "1", "comment": "x" * 5001}, **SYNC)
    assert (
        too_long.status_code == 422
        and "5\u202f001 caractères : 5\u202f000 au plus" in too_long.json()["problem"]
    )
    assert row.element.ratings.get().comment == ""  # refused, never cut


def test_a_change_sent_twice_is_applied_once(director_client, director, ehpad):
    """The network dropped after the server saved but before the answer came: the device sends the
    same change again with its key; it is answered as saved and written once."""
    from ouvrage.audit.models import AuditEvent

    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    url = reverse("campaigns:rate", args=[campaign.pk, interview.pk, row.element.pk])
    change = {"mark": "4", "version": "0", "key": "6f1c2b0e-2f6a-4d4e-9a55-0c1b3c2d4e5f", "user": director.pk}
    first = director_client.post(url, change, **SYNC).json()
    again = director_client.post(url, change, **SYNC).json()
    assert first["state"] == again["state"] == "saved" and again["rating"]["version"] == 1
    assert row.element.ratings.get().version == 1
    assert AuditEvent.objects.filter(action="rating.saved").count() == 1


def test_a_replay_under_another_account_is_refused_and_stores_nothing(client, organisation, director, ehpad):
    from tests.factories import UserFactory

    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    url = reverse("campaigns:rate", args=[campaign.pk, interview.pk, row.element.pk])
    colleague = UserFactory(organisation=organisation, role="quality")
    client.force_login(colleague)  # the same device, another person signed in
    change = {"mark": "4", "version": "0", "key": "0b7d2f1e-5c3a-4f7b-8d9e-1a2b3c4d5e6f", "user": director.pk}
    answer = client.post(url, change, **SYNC)
    assert answer.status_code == 409 and answer.json()["state"] == "wrong_user"
    assert not row.element.ratings.exists()
    # The key of a change someone else made cannot be replayed either.
    client.force_login(director)
    assert client.post(url, change, **SYNC).json()["state"] == "saved"
    client.force_login(colleague)
    stolen = client.post(url, {**change, "user": colleague.pk}, **SYNC)
    assert stolen.status_code == 403 and row.element.ratings.get().updated_by == director


def test_a_script_is_told_401_when_the_session_ended_and_gets_a_fresh_token(client, director, ehpad):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    url = reverse("campaigns:rate", args=[campaign.pk, interview.pk, row.element.pk])
    signed_out = client.post(url, {"mark": "4", "version": "0"}, **SYNC)
    assert signed_out.status_code == 401 and signed_out.json()["state"] == "signed_out"  # not a login page
    assert client.get(reverse("accounts:token")).json()["user"] is None
    client.force_login(director)
    token = client.get(reverse("accounts:token")).json()
    assert token["user"] == director.pk and token["csrf"]


def test_a_stale_security_token_is_said_in_json(director, ehpad):
    from django.test import Client

    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(director)
    answer = client.post(
        reverse("campaigns:rate", args=[campaign.pk, interview.pk, row.element.pk]),
        {"mark": "4", "version": "0"},
        HTTP_X_CSRFTOKEN="périmé",
        **SYNC,
    )
    assert answer.status_code == 403 and answer.json()["state"] == "csrf"


def test_rate_without_htmx_goes_back_to_the_grid(director_client, ehpad):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    response = director_client.post(
        reverse("campaigns:rate", args=[campaign.pk, interview.pk, row.element.pk]),
        {"mark": "4", "version": "0"},
    )
    assert response.status_code == 302 and response.url.endswith(f"#row-{row.element.pk}")


def test_element_outside_the_interview_grid_is_404(director_client, ehpad, has_version):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible", themes=["T2"])
    other = has_version.criteria.get(code="1.1.1").elements.first()
    url = reverse("campaigns:rate", args=[campaign.pk, interview.pk, other.pk])
    assert director_client.post(url, {"mark": "4", "version": "0"}, HTTP_HX_REQUEST="true").status_code == 404


def test_read_only_sees_but_cannot_rate(client, organisation, ehpad):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    client.force_login(UserFactory(organisation=organisation, role="read_only"))
    page = client.get(reverse("campaigns:grid", args=[campaign.pk, interview.pk]))
    assert page.status_code == 200 and "disabled" in page.content.decode()
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    url = reverse("campaigns:rate", args=[campaign.pk, interview.pk, row.element.pk])
    assert client.post(url, {"mark": "4", "version": "0"}, HTTP_HX_REQUEST="true").status_code == 403


def test_results_page_opens_figures_to_their_elements(director_client, ehpad):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    director_client.post(
        reverse("campaigns:rate", args=[campaign.pk, interview.pk, row.element.pk]),
        {"mark": "2", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    text = visible_text(director_client.get(reverse("campaigns:results", args=[campaign.pk])))
    assert "lettre estimée" in text and "pas la règle officielle" in text
    assert f"Critère {row.element.criterion.code} : 2,00" in text
    assert f"E.E. {row.element.rank}. {row.element.text} — « 2 » (Entretien traceur_cible)" in text
    assert "Moyenne des objectifs (provisoire) : 33,33 / 100" in text  # one criterion at 2: (2 − 1) / 3 × 100
    assert "Résultats provisoires : évaluation incomplète." in text and "lettre non calculée" in text
    assert "Impératifs à 3,5 ou plus (provisoire) : 0 sur 18 applicables" in text


def test_grid_and_rating_queries_do_not_grow_with_the_grid(director_client, ehpad):
    campaign = campaign_for(ehpad)
    small = interview_for(campaign, "traceur_cible", themes=["T2"])
    large = interview_for(campaign, "accompagne_traceur")
    director_client.post(reverse("campaigns:start", args=[campaign.pk]))  # else the first cotation starts it

    def count(method, url, **kw):
        with CaptureQueriesContext(connection) as ctx:
            assert method(url, **kw).status_code == 200
        return len(ctx.captured_queries)

    assert count(director_client.get, reverse("campaigns:grid", args=[campaign.pk, small.pk])) == count(
        director_client.get, reverse("campaigns:grid", args=[campaign.pk, large.pk])
    )
    # A first cotation reads the frame's facts, kept for the process after (as a running server has them).
    warm = grid_for(small).parts[0].criteria[0].rows[1]
    director_client.post(
        reverse("campaigns:rate", args=[campaign.pk, small.pk, warm.element.pk]),
        data={"mark": "3", "version": "0"},
        HTTP_X_OUVRAGE_SYNC="1",
    )
    rate_counts = set()
    for interview in (small, large):
        row = grid_for(interview).parts[0].criteria[0].rows[0]
        url = reverse("campaigns:rate", args=[campaign.pk, interview.pk, row.element.pk])
        rate_counts.add(
            count(director_client.post, url, data={"mark": "3", "version": "0"}, HTTP_X_OUVRAGE_SYNC="1")
        )
    assert len(rate_counts) == 1


def test_people_page_records_codes_and_proposes_a_sample(director_client, ehpad):
    url = reverse("campaigns:people", args=[ehpad.pk])
    for code, duration in (("P-001", "plus_3_ans"), ("P-002", "plus_3_ans"), ("P-003", "moins_1_an")):
        response = director_client.post(
            url, {"person_code": code, "person_public": "PA", "person_duration": duration}
        )
        assert response.status_code == 302
    assert "Le code P-001 est déjà utilisé" in page_text(director_client.post(url, {"person_code": "P-001"}))
    assert "pas un nom" in page_text(director_client.post(url, {"person_code": "Marie Curie"}))
    assert "Indiquez le code pseudonyme" in page_text(director_client.post(url, {"person_code": ""}))
    assert Person.objects.filter(establishment=ehpad).count() == 3
    page = director_client.get(url, {"taille": "1"})
    assert page.context["sample"].chosen == ("P-003",)  # the rarest profile first
    text = visible_text(page)
    assert "ne couvre pas : Plus de 3 ans (durée d'accompagnement)" in text
    assert "plus_3_ans" not in text and "moins_1_an" not in text  # the words, never the stored codes
    assert "P-003 PA Moins d'un an" in text
    assert "autonomie, type de mesure ou d'accueil" in text  # recorded for nobody
    assert director_client.get(url, {"taille": "abc"}).context["sample"] is None


def test_simulation_moves_the_letter_and_writes_nothing(director_client, ehpad):
    from ouvrage.audit.models import AuditEvent
    from ouvrage.campaigns.models import Rating

    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    for part in grid_for(interview).parts:
        for gc in part.criteria:
            for row in gc.rows:
                url = reverse("campaigns:rate", args=[campaign.pk, interview.pk, row.element.pk])
                director_client.post(url, {"mark": "3", "version": "0"}, HTTP_HX_REQUEST="true")
    ratings, events = Rating.objects.count(), AuditEvent.objects.count()
    url = reverse("campaigns:simulation", args=[campaign.pk])
    page = director_client.get(url)
    assert page.context["after"].letter == page.context["before"].letter
    tried = {f"essai-2.2.{i}": "4" for i in range(1, 8)}
    fragment = director_client.get(url, tried, HTTP_HX_REQUEST="true")
    after = fragment.context["after"]
    assert after.imperatives_at_threshold == page.context["before"].imperatives_at_threshold + 7
    assert "<html" not in fragment.content.decode() and "7 critères modifiés" in visible_text(fragment)
    assert (Rating.objects.count(), AuditEvent.objects.count()) == (ratings, events)
    assert director_client.get(url, {"essai-2.2.1": "<script>"}).context["changed"] == 0
    results = visible_text(director_client.get(reverse("campaigns:results", args=[campaign.pk])))
    assert "Ce qui ferait monter la lettre" in results and "les pistes viendront avec elle" in results
    director_client.post(reverse("campaigns:close", args=[campaign.pk]), {"text": "Un seul entretien."})
    results = visible_text(director_client.get(reverse("campaigns:results", args=[campaign.pk])))
    assert "Voie 1 vers la lettre estimée" in results and "Évaluation clôturée incomplète" in results


def test_the_paper_interview_guide_holds_every_element_with_its_boxes(director_client, ehpad):
    import io

    from pypdf import PdfReader

    from ouvrage.documents.models import ReportJob

    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible", title="Traceur ciblé sur papier")
    grid = grid_for(interview)
    # Produced by the worker (at once in tests): the button, the document's page, the download.
    asked = director_client.post(reverse("campaigns:guide", args=[campaign.pk, interview.pk]))
    job = ReportJob.objects.get(kind="interview_guide", interview=interview)
    assert asked.url == reverse("documents:job", args=[campaign.pk, job.pk])
    assert "Télécharger le PDF" in page_text(director_client.get(asked.url))
    response = director_client.get(reverse("documents:download", args=[campaign.pk, job.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    )
    assert "Guide d'entretien : Traceur ciblé sur papier" in text
    last = grid.parts[-1].criteria[-1]
    assert last.criterion.code in text and "☐ 4" in text
    assert "☐ RI" not in text  # RI only in accompagné traceur grids
