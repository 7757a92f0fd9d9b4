"""The complaints register: recording, the public link and its follow-up, handling, scopes, the
journal, the export and the figures the evaluation pages show."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ouvrage.actions.models import Action
from ouvrage.audit.models import AuditEvent
from ouvrage.complaints.models import Complaint, ComplaintLink
from ouvrage.complaints.services import (
    ComplaintRefused,
    acknowledge,
    answer,
    close,
    file_complaint,
    record_complaint,
    set_link,
)
from ouvrage.retention.purge import purge
from ouvrage.surveys.abuse import PER_HOUR
from ouvrage.www.registers import complaints, figures_by_code
from tests.factories import EstablishmentFactory, UserFactory
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db

ONCE = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def quality(organisation):
    return UserFactory(organisation=organisation, role="quality")


@pytest.fixture
def link(ehpad, quality):
    return set_link(establishment=ehpad, actor=quality, open_=True)


def recorded(ehpad, actor, **kw):
    data = {
        "kind": "claim",
        "channel": "oral",
        "theme": "meals",
        "received_on": timezone.localdate(),
        "from_whom": "family",
        "person_code": "P-014",
        "subject": "Repas froids le soir",
        "description": "Les repas du soir arrivent froids.",
    }
    return record_complaint(establishment=ehpad, actor=actor, **(data | kw))


def test_record_acknowledge_answer_close_each_journaled(ehpad, quality):
    complaint = recorded(ehpad, quality)
    assert complaint.acknowledge_due == complaint.received_on + timedelta(days=8)
    assert complaint.answer_due == complaint.received_on + timedelta(days=30)
    today = timezone.localdate()
    acknowledge(complaint=complaint, actor=quality, on=today)
    with pytest.raises(ComplaintRefused):
        acknowledge(complaint=complaint, actor=quality, on=today)
    answer(
        complaint=complaint,
        actor=quality,
        on=today,
        text="Nous avons vu le prestataire.",
        for_person="Les repas arrivent maintenant chauds.",
        what_changed="Chariots chauffants depuis le 1er décembre.",
    )
    close(complaint=complaint, actor=quality, on=today)
    complaint.refresh_from_db()
    assert complaint.state == "closed" and complaint.what_changed.startswith("Chariots")
    assert list(
        AuditEvent.objects.filter(target_type="complaints.Complaint")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["complaint.recorded", "complaint.acknowledged", "complaint.answered", "complaint.closed"]


def test_roles_are_checked_again_by_the_services(ehpad, organisation, quality):
    professional = UserFactory(organisation=organisation, role="professional")
    complaint = recorded(ehpad, professional)  # professionals record…
    with pytest.raises(PermissionDenied):  # …editors handle
        acknowledge(complaint=complaint, actor=professional, on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        recorded(ehpad, UserFactory(organisation=organisation, role="read_only"))
    other = UserFactory(role="quality")  # another organisation
    with pytest.raises(PermissionDenied):
        acknowledge(complaint=complaint, actor=other, on=timezone.localdate())


def test_names_are_refused_in_the_person_code_and_warned_in_the_text(client, ehpad, quality):
    with pytest.raises(ComplaintRefused):
        recorded(ehpad, quality, person_code="Jeanne Martin")
    client.force_login(quality)
    url = reverse("complaints:register", args=[ehpad.pk])
    data = {
        "kind": "claim",
        "received_on": "2026-11-02",
        "channel": "letter",
        "theme": "",
        "from_whom": "family",
        "person_code": "Jeanne Martin",
        "subject": "Linge perdu",
        "description": "Madame Dupont a perdu son gilet.",
    }
    page = client.post(url, data)
    assert page.status_code == 200 and "un pseudonyme, pas un nom" in visible_text(page)
    assert not Complaint.objects.exists()
    page = client.post(url, data | {"person_code": "P-3", "once": ONCE}, follow=True)
    assert Complaint.objects.count() == 1
    assert "« Madame Dupont »" in visible_text(page)  # a warning, the complaint is recorded
    again = client.post(url, data | {"person_code": "P-3", "once": ONCE}, follow=True)
    assert Complaint.objects.count() == 1 and "Déjà enregistré" in visible_text(again)


def test_bad_input_is_said_in_french_next_to_the_field(client, ehpad, quality):
    client.force_login(quality)
    page = client.post(
        reverse("complaints:register", args=[ehpad.pk]),
        {"received_on": "pas une date", "channel": "pigeon", "subject": "x" * 5000, "description": ""},
    )
    text = visible_text(page)
    assert (
        page.status_code == 200 and "Date invalide" in text and "Écrivez ce que dit la réclamation." in text
    )
    assert not Complaint.objects.exists()


def test_a_relative_files_through_the_public_link_and_follows_it(ehpad, link, quality):
    relative = Client()
    url = reverse("complaints:public", args=[link.token])
    page = relative.get(url)
    assert page.status_code == 200 and "Dire ce qui ne va pas" in visible_text(page)
    data = {"from_whom": "family", "description": "Ma mère attend longtemps le soir.", "once": ONCE}
    sent = relative.post(url, data)
    complaint = Complaint.objects.get()
    assert sent.status_code == 302 and sent.url == reverse("complaints:follow", args=[complaint.follow_token])
    assert relative.post(url, data).url == sent.url  # a double submission: one complaint
    assert Complaint.objects.count() == 1
    assert complaint.channel == "public_link" and complaint.recorded_by is None
    follow = reverse("complaints:follow", args=[complaint.follow_token])
    assert "Il va le lire" in visible_text(relative.get(follow))
    answer(
        complaint=complaint,
        actor=quality,
        on=timezone.localdate(),
        text="Réponse interne détaillée.",
        for_person="Une personne de plus le soir, dès lundi.",
        what_changed="Planning du soir renforcé.",
    )
    text = visible_text(relative.get(follow))
    assert "Une personne de plus le soir, dès lundi." in text
    assert "Réponse interne" not in text and "Planning" not in text  # nothing else
    assert AuditEvent.objects.filter(action="complaint.filed", actor_label="par le lien public").exists()


def test_the_public_link_refuses_empty_or_long_messages_in_french(ehpad, link):
    url = reverse("complaints:public", args=[link.token])
    page = Client().post(url, {"description": ""})
    assert "Dites qui vous êtes." in visible_text(page) and "Écrivez ce qui ne va pas." in visible_text(page)
    page = Client().post(url, {"from_whom": "accompanied", "description": "a" * 100_000})
    assert page.status_code == 200 and "3 000 caractères au plus" in visible_text(page)
    assert not Complaint.objects.exists()


def test_the_public_link_is_flood_protected(ehpad, link):
    for n in range(PER_HOUR):
        file_complaint(
            link=link, from_whom="accompanied", description=f"message {n}", submission="", source="abc"
        )
    assert Complaint.objects.filter(flagged=True).exists()  # a burst is flagged to staff
    with pytest.raises(ComplaintRefused):
        file_complaint(
            link=link, from_whom="accompanied", description="un de trop", submission="", source="abc"
        )
    page = Client().post(
        reverse("complaints:public", args=[link.token]),
        {"from_whom": "accompanied", "description": "encore"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert page.status_code in (200, 302)


def test_a_closed_or_renewed_link_leads_nowhere(ehpad, link, quality):
    old = link.token
    renewed = set_link(establishment=ehpad, actor=quality, open_=True, renew=True)
    assert Client().get(reverse("complaints:public", args=[old])).status_code == 404
    set_link(establishment=ehpad, actor=quality, open_=False)
    page = Client().get(reverse("complaints:public", args=[renewed.token]))
    assert page.status_code == 404 and "Ce lien ne mène à rien." in visible_text(page)
    assert Client().get(reverse("complaints:follow", args=["x" * 500])).status_code == 404


def test_a_follow_up_token_shows_only_its_own_complaint(ehpad, link):
    first = file_complaint(link=link, from_whom="accompanied", description="Premier message", submission="")
    second = file_complaint(link=link, from_whom="accompanied", description="Second message", submission="")
    text = visible_text(Client().get(reverse("complaints:follow", args=[first.follow_token])))
    assert "Second" not in text and "Premier" not in text  # not even its own words: the state only
    assert first.follow_token != second.follow_token and len(first.follow_token) >= 24


def test_another_organisation_gets_404(client, ehpad, quality, other_organisation):
    complaint = recorded(ehpad, quality)
    client.force_login(UserFactory(organisation=other_organisation, role="admin"))
    for name in ("complaints:detail",):
        assert client.get(reverse(name, args=[ehpad.pk, complaint.pk])).status_code == 404
    assert client.get(reverse("complaints:register", args=[ehpad.pk])).status_code == 404
    mine = EstablishmentFactory(organisation=quality.organisation)
    client.force_login(quality)  # the right organisation, the wrong establishment in the URL
    assert client.get(reverse("complaints:detail", args=[mine.pk, complaint.pk])).status_code == 404


def test_the_detail_page_handles_and_links_an_action(client, ehpad, quality, has_version):
    complaint = recorded(ehpad, quality)
    client.force_login(quality)
    base = [ehpad.pk, complaint.pk]
    page = client.get(reverse("complaints:detail", args=base))
    assert page.status_code == 200 and "Accuser réception" in visible_text(page)
    client.post(reverse("complaints:acknowledge", args=base), {"on": timezone.localdate().isoformat()})
    bad = client.post(reverse("complaints:answer", args=base), {"on": "2026-13-45", "text": ""})
    assert bad.status_code == 400 and "Écrivez la réponse donnée." in visible_text(bad)
    client.post(
        reverse("complaints:action", args=base), {"title": "Chariots chauffants", "once": ONCE}, follow=True
    )
    action = Action.objects.get()
    assert list(complaint.actions.all()) == [action] and action.origin == "complaint"
    assert [c.code for c in action.criteria.all()] == ["3.12.1"]
    page = client.get(reverse("complaints:detail", args=base))
    assert "Chariots chauffants" in visible_text(page)


def test_deadlines_are_the_organisations_own(client, ehpad, quality):
    client.force_login(quality)
    url = reverse("complaints:deadlines", args=[ehpad.pk])
    refused = client.post(url, {"acknowledge_days": "30", "answer_days": "5"})
    assert refused.status_code == 400
    assert "La réponse ne peut être attendue avant l'accusé de réception." in visible_text(refused)
    client.post(url, {"acknowledge_days": "2", "answer_days": "15"})
    complaint = recorded(ehpad, quality, received_on=date(2026, 3, 1))
    assert complaint.acknowledge_due == date(2026, 3, 3) and complaint.answer_due == date(2026, 3, 16)
    page = client.get(reverse("complaints:register", args=[ehpad.pk]))
    assert "Accusé de réception sous 2 jours, réponse sous 15 jours" in visible_text(page)


def test_export_and_figures_for_the_evaluation(client, ehpad, quality):
    today = timezone.localdate()
    old = recorded(ehpad, quality, received_on=today - timedelta(days=40), subject="=HYPERLINK(1)")
    answer(
        complaint=old, actor=quality, on=today - timedelta(days=28), text="r", for_person="r", what_changed=""
    )
    recorded(ehpad, quality)
    client.force_login(quality)
    response = client.get(reverse("complaints:xlsx", args=[ehpad.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3 and sheet["H3"].value == "'=HYPERLINK(1)"
    totals = load_workbook(io.BytesIO(response.content))["Totaux"]
    assert [totals["A1"].value, totals["B1"].value] == ["Reçues en 12 mois", 2]
    figures = figures_by_code(ehpad, today)
    assert set(figures) >= {"3.12.1", "3.12.2", "3.12.3"}
    (figure,) = [f for f in figures["3.12.1"] if f.register == "Réclamations et plaintes"]
    assert (
        figure.text == "2 réclamations en 12 mois, 1 ayant reçu une réponse, délai médian de réponse 12 jours"
    )
    assert figure.url == reverse("complaints:register", args=[ehpad.pk])


def test_the_register_page_in_a_constant_number_of_queries(client, ehpad, quality):
    client.force_login(quality)
    url = reverse("complaints:register", args=[ehpad.pk])
    recorded(ehpad, quality)
    client.get(url)  # the session's first read
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(15):
        recorded(ehpad, quality, subject=f"Sujet {n}", channel="letter" if n % 2 else "cvs")
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(second) == len(first)
    with CaptureQueriesContext(connection) as figures:
        complaints(ehpad, timezone.localdate())
    assert len(figures) == 1


def test_the_link_page_draws_the_qr_code(client, ehpad, quality, link):
    client.force_login(quality)
    page = client.get(reverse("complaints:link", args=[ehpad.pk]))
    assert "<svg" in page.content.decode() and link.token in page.content.decode()
    assert ComplaintLink.objects.count() == 1


def test_editors_qualify_a_complaint_sent_through_the_link(client, ehpad, link, quality):
    complaint = file_complaint(
        link=link, from_whom="family", description="Le linge revient abîmé.", submission=""
    )
    assert complaint.theme == "" and complaint.subject == "Le linge revient abîmé."
    client.force_login(quality)
    url = reverse("complaints:qualify", args=[ehpad.pk, complaint.pk])
    refused = client.post(
        url, {"kind": "claim", "theme": "premises", "person_code": "Paul Durand", "subject": "x"}
    )
    assert refused.status_code == 400 and "un pseudonyme, pas un nom" in visible_text(refused)
    client.post(
        url, {"kind": "complaint", "theme": "premises", "person_code": "P-7", "subject": "Linge abîmé"}
    )
    complaint.refresh_from_db()
    assert (complaint.kind, complaint.theme, complaint.person_code) == ("complaint", "premises", "P-7")
    event = AuditEvent.objects.get(action="complaint.qualified")
    assert event.changes["thème"] == ["", "premises"]


def test_public_pages_are_never_cached(ehpad, link):
    complaint = file_complaint(link=link, from_whom="family", description="Un message.", submission="")
    for url in (
        reverse("complaints:public", args=[link.token]),
        reverse("complaints:follow", args=[complaint.follow_token]),
    ):
        assert Client().get(url)["Cache-Control"] == "no-store"


def test_the_organisation_sees_its_establishments_side_by_side(client, ehpad, saad, quality, organisation):
    today = timezone.localdate()
    answered = recorded(ehpad, quality, received_on=today - timedelta(days=3))
    answer(complaint=answered, actor=quality, on=today, text="r", for_person="r", what_changed="")
    recorded(saad, quality, received_on=today - timedelta(days=60))
    elsewhere = EstablishmentFactory()  # another organisation's
    recorded(elsewhere, UserFactory(organisation=elsewhere.organisation, role="quality"))
    client.force_login(quality)
    url = reverse("complaints:organisation")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    rows = {r.establishment.name: r for r in page.context["rows"]}
    assert set(rows) == {"EHPAD A", "SAAD A"}
    assert rows["EHPAD A"].median_text == "3 jours" and rows["SAAD A"].board.late_now == 1
    for n in range(5):
        recorded(saad, quality, subject=f"S{n}")
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(queries)
    scoped = UserFactory(organisation=organisation, role="read_only", all_establishments=False)
    scoped.establishments.add(saad)
    client.force_login(scoped)
    assert [r.establishment.name for r in client.get(url).context["rows"]] == ["SAAD A"]


def test_the_purge_clears_the_address_hash_after_30_days(ehpad, link):
    old = file_complaint(
        link=link, from_whom="family", description="Ancien.", submission="", source="0123abcd"
    )
    new = file_complaint(
        link=link, from_whom="family", description="Récent.", submission="", source="0123abcd"
    )
    Complaint.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    report = purge(today=timezone.localdate())
    assert report.complaint_sources_cleared == 1
    assert (
        Complaint.objects.get(pk=old.pk).source == ""
        and Complaint.objects.get(pk=new.pk).source == "0123abcd"
    )
    assert Complaint.objects.count() == 2  # the complaints themselves stay


def test_dates_out_of_reach_are_refused_next_to_the_field(client, ehpad, quality):
    client.force_login(quality)
    url = reverse("complaints:register", args=[ehpad.pk])
    data = {"kind": "claim", "channel": "oral", "from_whom": "family", "subject": "s", "description": "d"}
    for day, said in (("9999-12-31", "Cette date est dans le futur."), ("1900-01-01", "trop ancienne")):
        page = client.post(url, data | {"received_on": day})
        assert page.status_code == 200 and said in visible_text(page)
    assert not Complaint.objects.exists()
    complaint = recorded(ehpad, quality)
    page = client.post(reverse("complaints:close", args=[ehpad.pk, complaint.pk]), {"on": "9999-12-31"})
    assert page.status_code == 400 and "Cette date est dans le futur." in visible_text(page)
