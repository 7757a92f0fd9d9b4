from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouvrage.frames.models import Criterion
from tests.factories import EstablishmentFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def url(establishment, version, **params):
    base = reverse("frames:referentiel", args=[establishment.pk, version.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_has_shortcut_redirects_to_current_version(director_client, ehpad, has_version):
    response = director_client.get(reverse("frames:has_referentiel", args=[ehpad.pk]))
    assert response.status_code == 302 and response.url == url(ehpad, has_version)


def test_counts_for_an_ehpad(director_client, ehpad, has_version):
    response = director_client.get(url(ehpad, has_version))
    page = response.context["page"]
    assert page.total == 157 and page.total_imperatives == 18
    assert page.result.imperative_count == 18
    # EHPAD: médico-social établissement for PA. Out: 3.2.1 (services only) and criteria whose
    # publics do not include PA.
    excluded = {c.code for c, _ in page.result.excluded}
    assert "3.2.1" in excluded and "1.4.2" not in excluded
    assert len(page.result.applicable) == 157 - len(excluded)
    text = page_text(response)
    assert f"<strong>{len(page.result.applicable)}</strong> critères applicables sur 157" in text
    assert "Données incomplètes" not in text and "Libellé incomplet" not in text  # issue 16


def test_filters(director_client, ehpad, has_version):
    get = lambda **p: director_client.get(url(ehpad, has_version, **p)).context["page"]  # noqa: E731
    assert get(imperative="1").shown == 18
    assert get(method="traceur_cible").shown == sum(
        1 for c in get().result.applicable if c.method == "traceur_cible"
    )
    assert get(chapter="2", theme="T2").shown == 7  # objective 2.2: the seven impératifs 2.2.x
    assert get(objective="1.16").shown >= 1
    # Accent-insensitive: "medicament" finds the criteria whose wording says "médicament".
    found = {c.code for g in get(q="medicament").groups for o in g.objectives for c in o.criteria}
    expected = {c.code for c in get().result.applicable if "médicament" in c.title.lower()}
    assert found == expected and "3.6.4" in found
    assert get(q="zzzz introuvable").shown == 0


def test_excluded_are_listed_with_reasons(director_client, saad, has_version):
    page = director_client.get(url(saad, has_version, excluded="1")).context["page"]
    reasons = {c.code: [e.message for e in why] for c, why in page.excluded}
    assert reasons["2.2.1"] == ["réservé aux établissements ; c'est un service"]
    assert any("médico-social" in m for m in reasons["3.6.2"])
    assert len(page.excluded) == 20


def test_htmx_returns_only_the_results(director_client, ehpad, has_version):
    response = director_client.get(url(ehpad, has_version, imperative="1"), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="results"')
    assert "<html" not in content and "18 critères applicables affichés" in content


def test_query_count_is_constant(director_client, organisation, ehpad, saad, has_version):
    def count(establishment, **params):
        with CaptureQueriesContext(connection) as ctx:
            assert director_client.get(url(establishment, has_version, **params)).status_code == 200
        return len(ctx.captured_queries)

    count(ehpad)  # the first page of a session writes it (touched at most once a minute)
    baseline = count(ehpad)
    assert baseline <= 10
    assert count(saad, excluded="1") == baseline
    assert count(ehpad, q="droits", imperative="1") == baseline


def test_criterion_page_explains(director_client, ehpad, saad, has_version):
    criterion = Criterion.objects.get(version=has_version, code="2.2.1")
    text = page_text(
        director_client.get(reverse("frames:criterion", args=[saad.pk, has_version.pk, criterion.pk]))
    )
    assert "Ne s'applique pas à SAAD A" in text
    assert "Réservé aux établissements ; c'est un service." in text
    assert "Libellé incomplet" not in text and "provisoire" not in text
    assert "Les professionnels soutiennent la liberté d’aller et venir de la personne accompagnée." in text
    assert "la cotation « non concerné » y est impossible" in text
    text = page_text(
        director_client.get(reverse("frames:criterion", args=[ehpad.pk, has_version.pk, criterion.pk]))
    )
    assert "S'applique à EHPAD A" in text
    assert "Réservé : établissement ; c'est le cas de l'établissement." in text
    generic = Criterion.objects.get(version=has_version, code="1.1.1")
    text = page_text(
        director_client.get(reverse("frames:criterion", args=[ehpad.pk, has_version.pk, generic.pk]))
    )
    assert "Critère générique" in text and "Libellé incomplet" not in text
    # Sources in French: the page of the manual, and what is known of the copy read.
    assert "Manuel d’évaluation de la qualité des ESSMS, HAS, juillet 2025, p.\u00a06" in text
    assert "github.com" not in text and "confidence" not in text
    assert "n'a pas pu être comparé au fichier du site de la HAS" in text
    # The interview printed in the manual, what the evaluator consults, the references.
    assert "Entretien avec la personne accompagnée" in text
    assert "Ce que l'évaluateur consultera" in text and "Aucune preuve liée" in text
    assert "HAS – Globales" in text and "Guide Bientraitance et gestion des signaux de maltraitance" in text
    # Confidence said in plain words where it is not high.
    doubtful = Criterion.objects.get(version=has_version, code="1.8.4")
    text = page_text(
        director_client.get(reverse("frames:criterion", args=[ehpad.pk, has_version.pk, doubtful.pk]))
    )
    assert "fiabilité moyenne : « socio-culturelles » est coupé en fin de ligne" in text


def test_a_team_links_its_evidence_once_and_sees_what_it_lacks(director_client, director, ehpad, has_version):
    from ouvrage.audit.models import AuditEvent
    from ouvrage.evidence.models import Evidence, ProofLink

    criterion = Criterion.objects.get(version=has_version, code="3.6.2")
    proof = criterion.proofs.first()
    evidence = Evidence.objects.create(
        establishment=ehpad, kind="document", title="Protocole du circuit du médicament"
    )
    readiness = reverse("frames:readiness", args=[ehpad.pk, has_version.pk])
    before = page_text(director_client.get(readiness))
    link = reverse("frames:proof_link", args=[ehpad.pk, has_version.pk, criterion.pk, proof.pk])
    for _ in range(2):  # a double click links once
        response = director_client.post(link, {"evidence": evidence.pk}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and "Preuve liée" in response.content.decode()
    assert ProofLink.objects.filter(establishment=ehpad, proof=proof).count() == 1
    assert AuditEvent.objects.filter(action="evidence.linked").count() == 1
    after = page_text(director_client.get(readiness))
    assert "Protocole du circuit du médicament" in after and "Protocole du circuit" not in before
    missing = page_text(director_client.get(readiness + "?manquants=1"))
    assert "Protocole du circuit du médicament" not in missing and "Aucune preuve liée" in missing
    # Another establishment's evidence cannot be linked; an item of another criterion is 404.
    other = Evidence.objects.create(
        establishment=EstablishmentFactory(organisation=ehpad.organisation), kind="document", title="x"
    )
    director_client.post(link, {"evidence": other.pk})
    assert ProofLink.objects.filter(evidence=other).count() == 0
    wrong = reverse("frames:proof_link", args=[ehpad.pk, has_version.pk, criterion.pk + 1, proof.pk])
    assert director_client.post(wrong, {"evidence": evidence.pk}).status_code == 404
    director_client.post(link, {"evidence": evidence.pk, "action": "unlink"})
    assert not ProofLink.objects.filter(establishment=ehpad).exists()


def test_readiness_queries_do_not_grow(director_client, ehpad, has_version):
    from ouvrage.evidence.models import Evidence, ProofLink
    from ouvrage.frames.models import Proof

    readiness = reverse("frames:readiness", args=[ehpad.pk, has_version.pk])
    director_client.get(readiness)
    with CaptureQueriesContext(connection) as few:
        director_client.get(readiness)
    for i, proof in enumerate(Proof.objects.filter(criterion__version=has_version)[:40]):
        e = Evidence.objects.create(establishment=ehpad, kind="document", title=f"Preuve {i}")
        ProofLink.objects.create(establishment=ehpad, proof=proof, evidence=e)
    with CaptureQueriesContext(connection) as many:
        director_client.get(readiness)
    assert len(many) == len(few)


def test_unknown_criterion_of_version_is_404(director_client, ehpad, has_version):
    assert (
        director_client.get(reverse("frames:criterion", args=[ehpad.pk, has_version.pk, 999999])).status_code
        == 404
    )


def test_filter_values_that_make_no_sense_are_ignored(director_client, ehpad, has_version):
    response = director_client.get(
        url(ehpad, has_version, method="<script>", chapter="x" * 500, q="é" * 1000)
    )
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_establishment_list_counts_match_the_referentiel(director_client, organisation, has_version):
    chrs = EstablishmentFactory(
        organisation=organisation, finess_category="214", sector="social", publics=["AHI"]
    )
    rows = dict(director_client.get(reverse("establishments:list")).context["rows"])
    page = director_client.get(url(chrs, has_version)).context["page"]
    assert rows[chrs] == (len(page.result.applicable), page.result.imperative_count)
