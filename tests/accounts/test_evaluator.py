"""The external evaluator: the external evaluations they are attached to, what is cited in them, the
interviews they plan and rate there; 404 everywhere else (least privilege, enforced in selectors)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ouvrage.campaigns.models import Interview
from ouvrage.campaigns.selectors import grid_for
from ouvrage.evidence.models import Evidence
from ouvrage.evidence.services import cite_evidence
from ouvrage.projet.models import Projet
from tests.campaigns.factories import campaign_for, interview_for
from tests.factories import UserFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
SYNC = {"HTTP_X_OUVRAGE_SYNC": "1"}


def _evidence(establishment, title):
    evidence = Evidence.objects.create(establishment=establishment, kind="document", title=title)
    evidence.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4 preuve"))
    evidence.file_name, evidence.content_type = f"{title}.pdf", "application/pdf"
    evidence.save()
    return evidence


@pytest.fixture
def external(organisation, ehpad, director, has_version):
    """An external evaluation of the EHPAD with its evaluator, a self-evaluation beside it, a second
    external evaluation they are not attached to, and evidence cited in each."""
    campaign = campaign_for(ehpad, kind="external", title="Évaluation externe 2027")
    other_external = campaign_for(ehpad, kind="external", title="Évaluation externe de l'autre organisme")
    self_evaluation = campaign_for(ehpad, title="Auto-évaluation")
    evaluator = UserFactory(organisation=organisation, role="evaluator", all_establishments=False)
    evaluator.campaigns.add(campaign)
    interview = interview_for(campaign, "traceur_cible")
    element = grid_for(interview).parts[0].criteria[0].rows[0].element
    cited = _evidence(ehpad, "protocole-cite")
    cite_evidence(evidence=cited, campaign=campaign, element=element, actor=director)
    elsewhere = _evidence(ehpad, "compte-rendu-interne")
    own_interview = interview_for(self_evaluation, "traceur_cible")
    cite_evidence(evidence=elsewhere, campaign=self_evaluation, element=element, actor=director)
    return {
        "campaign": campaign,
        "other_external": other_external,
        "self_evaluation": self_evaluation,
        "own_interview": own_interview,
        "evaluator": evaluator,
        "interview": interview,
        "element": element,
        "cited": cited,
        "elsewhere": elsewhere,
    }


def test_the_evaluator_plans_and_rates_their_external_evaluation(client, external):
    campaign, interview, element = external["campaign"], external["interview"], external["element"]
    client.force_login(external["evaluator"])
    listed = page_text(client.get(reverse("establishments:list")))
    assert "Vos évaluations externes" in listed and "Évaluation externe 2027" in listed
    assert "Auto-évaluation" not in listed and "l'autre organisme" not in listed
    assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 200
    # Plans an interview, with a person's pseudonymous code.
    planned = client.post(
        reverse("campaigns:interview_create", args=[campaign.pk]),
        {"method": "accompagne_traceur", "title": "AT externe", "person_code": "P-101"},
    )
    assert planned.status_code == 302
    assert Interview.objects.get(title="AT externe").person.code == "P-101"
    # Rates it.
    url = reverse("campaigns:rate", args=[campaign.pk, interview.pk, element.pk])
    saved = client.post(url, {"mark": "4", "version": "0"}, **SYNC)
    assert saved.status_code == 200 and saved.json()["state"] == "saved"
    assert client.get(reverse("campaigns:grid", args=[campaign.pk, interview.pk])).status_code == 200
    # Reads what is cited in it, not the rest of the establishment's evidence.
    assert client.get(reverse("evidence:download", args=[external["cited"].pk])).status_code == 200
    assert client.get(reverse("evidence:download", args=[external["elsewhere"].pk])).status_code == 404


def test_the_evaluator_gets_404_everywhere_else(client, external, ehpad):
    client.force_login(external["evaluator"])
    Projet.objects.create(establishment=ehpad)
    nowhere = [
        reverse("establishments:detail", args=[ehpad.pk]),
        reverse("campaigns:detail", args=[external["self_evaluation"].pk]),
        reverse("campaigns:detail", args=[external["other_external"].pk]),
        reverse("campaigns:grid", args=[external["self_evaluation"].pk, external["own_interview"].pk]),
        reverse("realwork:journal", args=[ehpad.pk]),
        reverse("ownframe:page", args=[ehpad.pk]),
        reverse("projet:page", args=[ehpad.pk]),
        reverse("projet:compare", args=[ehpad.pk]),
        reverse("campaigns:people", args=[ehpad.pk]),
        reverse("evidence:list", args=[ehpad.pk]),
        reverse("surveys:list", args=[ehpad.pk]),
    ]
    for path in nowhere:
        assert client.get(path).status_code == 404, path
    # Pages of the organisation as a whole are refused to the role.
    for name in ("organisation:overview", "calendar:page", "accounts:members"):
        assert client.get(reverse(name)).status_code == 403, name
    # Rating the self-evaluation is 404 too (not theirs), and nothing is written.
    url = reverse(
        "campaigns:rate",
        args=[external["self_evaluation"].pk, external["own_interview"].pk, external["element"].pk],
    )
    assert client.post(url, {"mark": "4", "version": "0"}, **SYNC).status_code == 404
    assert not external["own_interview"].ratings.exists()
