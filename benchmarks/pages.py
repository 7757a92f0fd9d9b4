"""Every main page against the framework floor: `python -m benchmarks pages` (or `make bench`).

The floor of a page is what Django itself costs to answer it: a view that returns the page's exact
bytes, through the same middleware, client and session (it reads the signed-in person, as every page
does). The real page and its floor are requested alternately in one run, so that both see the same
machine; the ratio of their medians says how far a page is from the framework. Data: the demo
organisation, plus a complete EHPAD evaluation (10 interviews, every element of their grids rated,
closed), on the database DATABASE_URL names (SQLite file by default).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

FLOOR: dict[int, tuple[bytes, str]] = {}


def floor(request: HttpRequest, n: int) -> HttpResponse:
    """The framework floor of page `n`: its bytes, after reading the signed-in person."""
    body, content_type = FLOOR[n]
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    return HttpResponse(body, content_type=content_type)


urlpatterns = [path("__plancher__/<int:n>/", floor), path("", include("config.urls"))]


PLAN = (
    [("accompagne_traceur", "personne")] * 6
    + [("traceur_cible", "professionnels")] * 2
    + [("audit_systeme", "gouvernance"), ("audit_systeme", "professionnels")]
)


def rated_campaign(
    establishment: Any, user: Any, title: str, starts_on: str, ends_on: str
) -> tuple[Any, list[Any]]:
    """A campaign of 10 interviews (PLAN), every element of their grids rated (seeded marks)."""
    from ouvrage.campaigns.models import Campaign, Interview, Rating
    from ouvrage.campaigns.selectors import applicable_criteria, covers, elements_by_criterion
    from ouvrage.frames.models import FrameVersion

    campaign = Campaign.objects.create(
        establishment=establishment,
        frame_version=FrameVersion.objects.get(frame__slug="has-essms"),
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    interviews = [
        Interview.objects.create(campaign=campaign, method=m, target=t, title=f"{m} {i}")
        for i, (m, t) in enumerate(PLAN)
    ]
    criteria = applicable_criteria(campaign)
    elements = elements_by_criterion(criteria)
    rng = random.Random(7)
    Rating.objects.bulk_create(
        Rating(interview=interview, element=e, mark=rng.choice("2333444*"), version=1, updated_by=user)
        for interview in interviews
        for c in criteria
        if covers(interview, c)
        for e in elements[c.pk]
    )
    return campaign, interviews


def full_campaign() -> Any:
    """A complete, closed EHPAD evaluation of the demo's EHPAD, and its largest interview."""
    from django.utils import timezone

    from ouvrage.accounts.models import User
    from ouvrage.campaigns.models import Campaign, Rating
    from ouvrage.campaigns.services import refresh_summary
    from ouvrage.establishments.models import Establishment

    user = User.objects.get(email="qualite@tilleuls.example.org")
    ehpad = Establishment.objects.get(name="EHPAD Les Tilleuls")
    campaign, interviews = rated_campaign(
        ehpad, user, "Évaluation complète (banc)", "2024-01-08", "2024-06-28"
    )
    Campaign.objects.filter(pk=campaign.pk).update(state="closed", closed_at=timezone.now())
    campaign.refresh_from_db()
    refresh_summary(campaign)
    return campaign, max(interviews, key=lambda i: Rating.objects.filter(interview=i).count())


def published_results(count: int = 5_000) -> None:
    """Published results of the demo EHPAD's category (generated as the HAS file lays them out), for
    the comparison page."""
    import tempfile
    from pathlib import Path

    from ouvrage.national.importing import replace_results
    from ouvrage.national.opendata import read_results
    from tests.national.files import rows, write_csv

    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(Path(tmp) / "open_data_par_essms.csv", rows(count, category="500"))
        replace_results(rows=read_results(path), source=path.name)


def pages(campaign: Any, largest: Any) -> list[tuple[str, str]]:
    from ouvrage.frames.models import FrameVersion

    e = campaign.establishment
    version = FrameVersion.objects.get(frame__slug="has-essms")
    return [
        ("Accueil", "/"),
        ("Organisme", "/organisme/"),
        ("Établissement", f"/etablissements/{e.pk}/"),
        ("Plan d'action", f"/etablissements/{e.pk}/plan-action/"),
        ("Calendrier", "/calendrier/"),
        ("Référentiel", f"/etablissements/{e.pk}/cadres/{version.pk}/"),
        ("Préparer la visite", f"/etablissements/{e.pk}/cadres/{version.pk}/preparation-de-la-visite/"),
        ("Grille (plus grand entretien)", f"/evaluations/{campaign.pk}/entretiens/{largest.pk}/"),
        ("Résultats (campagne complète)", f"/evaluations/{campaign.pk}/resultats/"),
        ("Comparaison nationale", f"/etablissements/{e.pk}/comparaison-nationale/"),
    ]


def bench_pages(rounds: int = 40, only: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Each page and its floor, alternately, `rounds` times; returns one row per page. `only`: the
    pages whose name starts with one of these words (all by default)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from ouvrage.accounts.models import User

    campaign, largest = full_campaign()
    published_results()
    import gc

    import config.wsgi  # noqa: F401 — as a server starts: what is loaded is frozen out of the collector

    gc.collect()
    gc.freeze()
    client = Client()
    client.force_login(User.objects.get(email="qualite@tilleuls.example.org"))
    rows = []
    with override_settings(ROOT_URLCONF="benchmarks.pages"):
        for n, (label, url) in enumerate(pages(campaign, largest)):
            if only and not label.startswith(only):
                continue
            first = client.get(url)
            if first.status_code == 302:  # the start page sends a person to their own first page
                label, url = f"{label} → {first.url}", first.url
                first = client.get(url)
            if first.status_code != 200:
                raise SystemExit(f"{url} a répondu {first.status_code}")
            FLOOR[n] = (first.content, first["Content-Type"])
            for _ in range(3):
                client.get(url)
                client.get(f"/__plancher__/{n}/")
            real, base = [], []
            for _ in range(rounds):
                t = time.perf_counter()
                client.get(url)
                real.append(time.perf_counter() - t)
                t = time.perf_counter()
                client.get(f"/__plancher__/{n}/")
                base.append(time.perf_counter() - t)
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            with CaptureQueriesContext(connection) as floor_ctx:
                client.get(f"/__plancher__/{n}/")
            rows.append(
                {
                    "page": label,
                    "ms": statistics.median(real) * 1000,
                    "p95": sorted(real)[int(0.95 * (len(real) - 1))] * 1000,
                    "floor": statistics.median(base) * 1000,
                    "queries": len(ctx.captured_queries),
                    "floor_queries": len(floor_ctx.captured_queries),
                    "kib": len(first.content) / 1024,
                }
            )
    print(f"## Pages et plancher du framework ({connection.vendor}, {rounds} requêtes alternées)")
    print("| page | médiane | p95 | plancher | rapport | requêtes (plancher) | taille |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['page']} | {r['ms']:.1f} ms | {r['p95']:.1f} ms | {r['floor']:.2f} ms | "
            f"{r['ms'] / r['floor']:.1f}× | {r['queries']} ({r['floor_queries']}) | {r['kib']:.0f} Kio |"
        )
    return rows


def main() -> None:
    from django.core.management import call_command

    from ouvrage.demo.management.commands.demo import Command as Demo

    Demo().handle(no_server=True, addrport="")  # migrations, frames, the demo organisation
    call_command("check")
    bench_pages(only=tuple(sys.argv[2:]))
