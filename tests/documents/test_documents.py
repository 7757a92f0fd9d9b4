"""Documents: the PDF holds the figures of the results page; produced in the background."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ouvrage.actions.models import Action
from ouvrage.campaigns.selectors import results_for
from ouvrage.core.templatetags.typo import french
from ouvrage.documents.models import ReportJob
from tests.campaigns.fixtures import rated_campaign

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ")), reader


def test_self_evaluation_report_pdf_has_the_results_figures(director_client, director, ehpad):
    campaign = rated_campaign(ehpad, director)
    Action.objects.create(establishment=ehpad, campaign=campaign, title="Sécuriser le circuit du médicament")
    response = director_client.post(reverse("documents:request", args=[campaign.pk, "self_evaluation"]))
    job = ReportJob.objects.get()
    assert response.url == reverse("documents:job", args=[campaign.pk, job.pk])
    assert job.status == "done" and job.progress == 100 and job.seconds is not None  # how long: benchmarks
    status = director_client.get(response.url)
    assert "Télécharger le PDF" in status.content.decode()
    download = director_client.get(reverse("documents:download", args=[campaign.pk, job.pk]))
    assert download["Content-Type"] == "application/pdf"
    text, reader = pdf_text(b"".join(download.streaming_content))
    q = results_for(campaign).results.quality
    assert "Lettre estimée : non calculée (évaluation incomplète)" in text
    assert "Résultats provisoires" in text and "État de l'évaluation : en cours" in text
    assert f"moyenne des objectifs (provisoire) {str(q.mean_100_display).replace('.', ',')} / 100" in text
    assert f"impératifs à 3,5 ou plus : {q.imperatives_at_threshold} sur {q.applicable_imperatives}" in text
    assert "Sécuriser le circuit du médicament" in text and "Page 2 sur" in text
    assert reader.metadata.title == f"Rapport d'auto-évaluation – {ehpad.name}"
    assert reader.metadata.author == ehpad.organisation.name
    root = reader.trailer["/Root"]
    assert (
        root.get("/Lang") == "fr" and "/StructTreeRoot" in root
    )  # language and tags for assistive technology


def test_corrective_plan_lists_unmet_imperatives_with_their_actions(director_client, director, ehpad):
    campaign = rated_campaign(ehpad, director)
    data = results_for(campaign).results
    unmet = sorted(c for c, r in data.criteria.items() if r.imperative and not r.strictly_met)
    action = Action.objects.create(
        establishment=ehpad, campaign=campaign, title="Revoir la procédure", owner=director
    )
    action.criteria.add(campaign.frame_version.criteria.get(code=unmet[0]))
    html = director_client.get(reverse("documents:corrective_plan", args=[campaign.pk])).content.decode()
    assert all(f"Impératif {code}</h2>" in html for code in unmet)
    assert "Revoir la procédure" in html and "Aucune action décidée pour cet impératif." in html
    director_client.post(reverse("documents:request", args=[campaign.pk, "corrective_plan"]))
    job = ReportJob.objects.get()
    text, _ = pdf_text(job.file.read())
    assert f"Impératif {unmet[0]}" in text and "Revoir la procédure" in text


def test_a_failed_document_says_so_and_can_be_retried(director_client, director, ehpad, monkeypatch):
    campaign = rated_campaign(ehpad, director)

    def broken(html):
        raise OSError("pango missing")

    monkeypatch.setattr("ouvrage.documents.tasks.html_to_pdf", broken)
    director_client.post(reverse("documents:request", args=[campaign.pk, "self_evaluation"]))
    job = ReportJob.objects.get()
    assert job.status == "failed" and "Réessayez" in job.message
    page = director_client.get(reverse("documents:job", args=[campaign.pk, job.pk])).content.decode()
    assert "Réessayer" in page
    assert director_client.get(reverse("documents:download", args=[campaign.pk, job.pk])).status_code == 404


def test_unknown_document_kind_is_404(director_client, director, ehpad):
    campaign = rated_campaign(ehpad, director)
    assert director_client.post(reverse("documents:request", args=[campaign.pk, "autre"])).status_code == 404


def test_french_typography():
    assert french("Note : 3,5 ; « bien » !") == "Note\u202f: 3,5\u202f; «\u202fbien\u202f»\u202f!"


def test_own_evaluation_report_and_the_team_section_of_the_self_evaluation_report(
    director_client, director, ehpad
):
    from ouvrage.ownframe.models import Mission
    from ouvrage.ownframe.services import adopt_starter, answer_question
    from ouvrage.reporting_burden.models import ReportingDuty

    campaign = rated_campaign(ehpad, director)
    own = adopt_starter(establishment=ehpad, actor=director)
    campaign.evaluative_versions.add(own.version)  # it ended before the own frame was written
    Mission.objects.create(establishment=ehpad, text="Accueillir 84 personnes âgées", source="authorisation")
    ReportingDuty.objects.create(
        establishment=ehpad,
        title="Tableau de bord",
        recipient="cnsa_atih",
        frequency="annual",
        occurrences_per_year=1,
        hours_per_occurrence=28,
        role="Direction",
    )
    answer_question(
        campaign=campaign,
        question=own.version.criteria.get(code="Q5.1"),
        actor=director,
        judgement="Un peu",
        analysis="Les sorties ont repris.",
        participants="équipe",
    )
    director_client.post(reverse("documents:request", args=[campaign.pk, "own_evaluation"]))
    job = ReportJob.objects.get()
    text, reader = pdf_text(job.file.read())
    assert "Accueillir 84 personnes âgées" in text and "Les sorties ont repris." in text
    assert "28,0 heures par an" in text and reader.metadata.title.startswith("Rapport d'évaluation propre")
    director_client.post(reverse("documents:request", args=[campaign.pk, "self_evaluation"]))
    text, _ = pdf_text(ReportJob.objects.filter(kind="self_evaluation").get().file.read())
    assert "L'évaluation de l'équipe dans ses propres termes" in text and "Les sorties ont repris." in text
    page = director_client.get(reverse("documents:own_report", args=[campaign.pk]))
    assert "Rapport d'évaluation propre" in page.content.decode()


def test_a_document_left_running_by_a_dead_worker_is_shown_interrupted(director_client, director, ehpad):
    from datetime import timedelta

    from django.utils import timezone

    from ouvrage.documents.services import recover_interrupted_jobs

    campaign = rated_campaign(ehpad, director)
    fresh = ReportJob.objects.create(campaign=campaign, kind="self_evaluation", status="running")
    silent = ReportJob.objects.create(campaign=campaign, kind="self_evaluation", status="running")
    ReportJob.objects.filter(pk=silent.pk).update(updated_at=timezone.now() - timedelta(minutes=6))
    page = director_client.get(reverse("documents:job", args=[campaign.pk, silent.pk])).content.decode()
    assert "Interrompu" in page and "Réessayer" in page and "every 1s" not in page
    page = director_client.get(reverse("documents:job", args=[campaign.pk, fresh.pk])).content.decode()
    assert "Interrompu" not in page and "every 1s" in page
    # Only the silent one is recovered by age; a starting worker recovers every running one.
    assert recover_interrupted_jobs(silent_for=timedelta(minutes=5)) == 1
    assert ReportJob.objects.get(pk=silent.pk).status == "failed"
    assert recover_interrupted_jobs() == 1
    assert ReportJob.objects.get(pk=fresh.pk).status == "failed"


def test_a_document_that_cannot_be_queued_is_failed_not_left_waiting(
    director_client, director, ehpad, monkeypatch
):
    campaign = rated_campaign(ehpad, director)

    class Unreachable:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue down")

    monkeypatch.setattr("ouvrage.documents.services.build_report", Unreachable())
    director_client.post(reverse("documents:request", args=[campaign.pk, "self_evaluation"]))
    job = ReportJob.objects.get()
    assert job.status == "failed" and "mise en file a échoué" in job.message


def test_a_document_asked_again_while_waiting_is_the_same_and_one_person_waits_for_three(
    director_client, director, ehpad, monkeypatch
):
    """A read-only person clicking 25 reports queued 25 productions: now the same document waiting
    is reused, and a person has at most three waiting."""
    campaign = rated_campaign(ehpad, director)

    class Queue:  # a worker that has not picked anything up yet
        def enqueue(self, *args, **kwargs):
            return None

    monkeypatch.setattr("ouvrage.documents.services.build_report", Queue())
    url = reverse("documents:request", args=[campaign.pk, "self_evaluation"])
    first = director_client.post(url)
    second = director_client.post(url)
    assert ReportJob.objects.count() == 1 and first.url == second.url
    for kind in ("corrective_plan", "own_evaluation"):
        director_client.post(reverse("documents:request", args=[campaign.pk, kind]))
    assert ReportJob.objects.count() == 3
    director_client.post(reverse("documents:request", args=[campaign.pk, "self_evaluation"]))
    assert ReportJob.objects.count() == 3  # the same one, reused
    other = rated_campaign(ehpad, director, title="Autre évaluation")
    refused = director_client.post(
        reverse("documents:request", args=[other.pk, "self_evaluation"]), follow=True
    )
    assert ReportJob.objects.count() == 3 and other.report_jobs.count() == 0
    assert "déjà 3 documents en préparation" in refused.content.decode().replace("&#x27;", "'")


def test_a_starting_worker_leaves_the_work_of_live_workers_alone(director, ehpad):
    import os
    import socket
    import subprocess
    import sys
    from datetime import timedelta

    from django.utils import timezone

    from ouvrage.documents.services import recover_interrupted_jobs

    campaign = rated_campaign(ehpad, director)
    host = socket.gethostname()
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()  # a process id that no longer runs
    jobs = {
        "dead here": f"{host}:{ended.pid}",
        "alive here": f"{host}:{os.getpid()}",
        "alive elsewhere": "autre-serveur:4242",
        "silent elsewhere": "autre-serveur:4243",
    }
    made = {
        name: ReportJob.objects.create(
            campaign=campaign, kind="self_evaluation", status="running", worker=worker
        )
        for name, worker in jobs.items()
    }
    ReportJob.objects.filter(pk=made["silent elsewhere"].pk).update(
        updated_at=timezone.now() - timedelta(hours=1)
    )
    assert recover_interrupted_jobs(host=host) == 2
    status = {name: ReportJob.objects.get(pk=job.pk).status for name, job in made.items()}
    assert status == {
        "dead here": "failed",
        "alive here": "running",
        "alive elsewhere": "running",
        "silent elsewhere": "failed",
    }
