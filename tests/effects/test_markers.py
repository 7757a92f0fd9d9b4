"""Progress markers (Outcome Mapping) and the criteria of work well done (Y. Clot): scope, dates,
idempotent creation, rewordings kept in the journal, and constant queries."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ouvrage.audit.details import details
from ouvrage.audit.models import AuditEvent
from ouvrage.demo.markers import load_demo_markers
from ouvrage.effects import markers as service
from ouvrage.effects.models import Disagreement, MarkerObservation, ProgressMarker, QualityCriterion
from ouvrage.establishments.finess import with_check_digit
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _marker(establishment, user, partner="Les familles", level="expect", text="Les familles viennent au CVS"):
    return service.add_marker(
        establishment=establishment, actor=user, partner=partner, level=level, text=text
    )


def test_another_organisations_marker_is_404(client, ehpad, other_organisation):
    theirs = EstablishmentFactory(organisation=other_organisation)
    their_marker = _marker(theirs, UserFactory(organisation=other_organisation, role="quality"))
    mine = _marker(ehpad, UserFactory(organisation=ehpad.organisation, role="quality"))
    client.force_login(UserFactory(organisation=ehpad.organisation, role="quality"))
    # Their marker under my establishment, and under theirs: found nowhere.
    for establishment_pk, marker_pk in (
        (ehpad.pk, their_marker.pk),
        (theirs.pk, their_marker.pk),
        (theirs.pk, mine.pk),
    ):
        url = reverse(
            "effects:marker_observe", kwargs={"establishment_pk": establishment_pk, "marker_pk": marker_pk}
        )
        assert client.get(url).status_code == 404
        assert client.post(url, {"observed_on": "2026-01-05", "extent": "low"}).status_code == 404
    assert not MarkerObservation.objects.exists()


def test_the_pages_show_markers_and_criteria(client, ehpad):
    user = UserFactory(organisation=ehpad.organisation, role="professional")
    marker = _marker(ehpad, user)
    service.observe_marker(
        marker=marker, actor=user, observed_on=date(2026, 3, 1), extent="medium", note="Six familles"
    )
    criterion = service.write_criterion(
        establishment=ehpad, actor=user, text="Prendre le temps du lever", written_on=date(2026, 3, 12)
    )
    service.add_disagreement(
        criterion=criterion, actor=user, said_on=date(2026, 3, 12), text="Le temps manque le matin"
    )
    client.force_login(UserFactory(organisation=ehpad.organisation, role="read_only"))
    page = client.get(reverse("effects:markers", kwargs={"establishment_pk": ehpad.pk})).content.decode()
    assert "Les familles" in page and "On s’attend à voir" in page.replace("'", "’").replace("&#x27;", "’")
    assert "Assez" in page and "1er mars 2026" in page and "<svg" in page and "Voir les chiffres" in page
    assert "Ajouter le marqueur" not in page  # read-only: no form
    page = client.get(reverse("effects:quality_work", kwargs={"establishment_pk": ehpad.pk})).content.decode()
    assert "Le 12 mars 2026" in page and "Le temps manque le matin" in page


def test_an_observation_in_the_future_is_refused(client, ehpad):
    user = UserFactory(organisation=ehpad.organisation, role="professional")
    marker = _marker(ehpad, user)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        service.observe_marker(marker=marker, actor=user, observed_on=tomorrow, extent="low")
    assert "futur" in str(refused.value)
    client.force_login(user)
    url = reverse("effects:marker_observe", kwargs={"establishment_pk": ehpad.pk, "marker_pk": marker.pk})
    response = client.post(url, {"observed_on": tomorrow.isoformat(), "extent": "low"})
    assert response.status_code == 400
    assert "pas dans le futur" in response.content.decode()
    assert not MarkerObservation.objects.exists()
    response = client.post(
        url, {"observed_on": timezone.localdate().isoformat(), "extent": "low", "note": "Un peu"}
    )
    assert response.status_code == 302
    assert MarkerObservation.objects.get().extent == "low"
    assert AuditEvent.objects.filter(action="marker.observed").count() == 1


def test_creating_a_marker_or_a_criterion_twice_creates_one(client, ehpad):
    client.force_login(UserFactory(organisation=ehpad.organisation, role="professional"))
    token = uuid.uuid4().hex
    url = reverse("effects:markers", kwargs={"establishment_pk": ehpad.pk})
    data = {
        "partner": "Le collège du secteur",
        "level": "like",
        "text": "Le collège nous appelle",
        "once": token,
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert ProgressMarker.objects.count() == 1
    # A partner named again in other letters joins the first.
    client.post(url, {**data, "partner": "le collège  du secteur", "once": uuid.uuid4().hex})
    assert set(ProgressMarker.objects.values_list("partner", flat=True)) == {"Le collège du secteur"}
    url = reverse("effects:quality_work", kwargs={"establishment_pk": ehpad.pk})
    data = {
        "text": "Chaque résident choisit l'heure de sa toilette",
        "written_on": "2026-02-02",
        "once": token[::-1],
    }
    assert client.post(url, data).status_code == client.post(url, data).status_code == 302
    assert QualityCriterion.objects.count() == 1
    criterion = QualityCriterion.objects.get()
    url = reverse(
        "effects:disagreement", kwargs={"establishment_pk": ehpad.pk, "quality_criterion_pk": criterion.pk}
    )
    prefix = f"d{criterion.pk}"
    data = {
        f"{prefix}-said_on": "2026-02-03",
        f"{prefix}-text": "La nuit n'est pas d'accord",
        "once": uuid.uuid4().hex,
    }
    assert client.post(url, data).status_code == client.post(url, data).status_code == 302
    assert Disagreement.objects.count() == 1
    # A date in the future: the page again, the problem next to the field, nothing kept.
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(
        url, {f"{prefix}-said_on": future, f"{prefix}-text": "Demain", "once": uuid.uuid4().hex}
    )
    assert response.status_code == 400
    assert f'id="id_{prefix}-said_on_error"' in response.content.decode()
    assert Disagreement.objects.count() == 1


def test_rewording_keeps_the_former_text_in_the_journal_and_on_the_page(client, ehpad):
    user = UserFactory(organisation=ehpad.organisation, role="quality")
    criterion = service.write_criterion(
        establishment=ehpad,
        actor=user,
        text="Toilette avant 9 h",
        written_on=date(2026, 1, 5),
        written_by="4 aides-soignantes",
    )
    found = service.add_disagreement(
        criterion=criterion, actor=user, said_on=date(2026, 1, 20), text="Et ceux qui dorment ?"
    )
    client.force_login(user)
    prefix = f"r{criterion.pk}"
    url = reverse(
        "effects:quality_reword", kwargs={"establishment_pk": ehpad.pk, "quality_criterion_pk": criterion.pk}
    )
    response = client.post(
        url,
        {
            f"{prefix}-text": "Toilette à l'heure choisie par le résident",
            f"{prefix}-reworded_on": "2026-02-10",
        },
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.text == "Toilette à l'heure choisie par le résident"
    event = AuditEvent.objects.filter(
        action="quality_criterion.written", changes__has_key=service.FORMER
    ).get()
    assert event.changes[service.FORMER] == "Toilette avant 9 h"
    assert event.changes[service.REWORDED_ON] == "2026-02-10"
    said = " ; ".join(
        f"{d.label} : {d.text}" for d in details(event.action, event.target_type, event.changes)
    )
    assert "ancienne formulation : Toilette avant 9 h" in said and "reformulé le : 10 février 2026" in said
    url = reverse(
        "effects:disagreement_outcome",
        kwargs={
            "establishment_pk": ehpad.pk,
            "quality_criterion_pk": criterion.pk,
            "disagreement_pk": found.pk,
        },
    )
    assert client.post(url, {f"o{found.pk}-outcome": "Critère reformulé"}).status_code == 302
    assert Disagreement.objects.get().outcome == "Critère reformulé"  # kept, never deleted
    page = client.get(reverse("effects:quality_work", kwargs={"establishment_pk": ehpad.pk})).content.decode()
    assert "Reformulé le 10 février 2026" in page and "Toilette avant 9" in page
    assert "Et ceux qui dorment" in page and "Critère reformulé" in page
    # The same wording again is refused, next to the field.
    response = client.post(
        url.replace(f"desaccord/{found.pk}/devenir/", "reformuler/"),
        {f"{prefix}-text": criterion.text, f"{prefix}-reworded_on": "2026-02-11"},
    )
    assert response.status_code == 400 and "formulation actuelle" in response.content.decode()


def test_markers_of_reads_in_constant_queries(ehpad):
    user = UserFactory(organisation=ehpad.organisation, role="quality")

    def add(n: int) -> None:
        for k in range(n):
            marker = _marker(
                ehpad,
                user,
                partner=f"Partenaire {k % 3}",
                level=("expect", "like", "love")[k % 3],
                text=f"M{k}",
            )
            for month in range(1, 5):
                service.observe_marker(
                    marker=marker,
                    actor=user,
                    observed_on=date(2025, month * 2, 1),
                    extent=("none", "low", "medium", "high")[(month + k) % 4],
                )
            criterion = service.write_criterion(
                establishment=ehpad, actor=user, text=f"C{k}", written_on=date(2025, 1, 1)
            )
            service.add_disagreement(criterion=criterion, actor=user, said_on=date(2025, 2, 1), text="D")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            found = service.markers_of(ehpad)
            service.quality_work_rows(ehpad)
            service.marker_counts(ehpad)
        assert all(p.chart is not None for p in found)
        return len(queries)

    add(2)
    few = count()
    add(9)
    assert count() == few
    assert service.marker_counts(ehpad) == (11, 44)
    partners = service.markers_of(ehpad)
    assert [p.partner for p in partners] == ["Partenaire 0", "Partenaire 1", "Partenaire 2"]
    first = partners[0].markers[0]
    assert [s.observation.observed_on for s in first.observations] == sorted(
        s.observation.observed_on for s in first.observations
    )
    assert [row.number for row in partners[0].markers] == list(range(1, len(partners[0].markers) + 1))


def test_a_professional_may_not_write_for_another_organisation(ehpad, other_organisation):
    outsider = UserFactory(organisation=other_organisation, role="quality")
    with pytest.raises(Exception, match="Votre rôle ne permet pas"):
        _marker(ehpad, outsider)
    reader = UserFactory(organisation=ehpad.organisation, role="read_only")
    with pytest.raises(Exception, match="Votre rôle ne permet pas"):
        service.write_criterion(establishment=ehpad, actor=reader, text="x", written_on=date(2026, 1, 1))


def test_the_demo_has_a_year_of_markers_and_criteria_once(organisation):
    ehpad = EstablishmentFactory(organisation=organisation, finess=with_check_digit("69000001"))
    mecs = EstablishmentFactory(organisation=organisation, finess=with_check_digit("69000003"))
    UserFactory(organisation=organisation, role="quality")
    load_demo_markers()
    load_demo_markers()  # once only
    today = timezone.localdate()
    for establishment in (ehpad, mecs):
        partners = service.markers_of(establishment)
        assert len(partners) == 3
        assert all({row.marker.level for row in p.markers} == {"expect", "like", "love"} for p in partners)
        days = [s.observation.observed_on for p in partners for row in p.markers for s in row.observations]
        assert max(days) <= today and (max(days) - min(days)).days >= 330
        assert any(row.latest.extent == "Pas encore" for p in partners for row in p.markers)
        rows = service.quality_work_rows(establishment)
        assert 3 <= len(rows) <= 4 and all(1 <= len(r.disagreements) <= 2 for r in rows)
        assert any(r.rewordings for r in rows)
