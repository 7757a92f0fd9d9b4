"""Benchmarks: `python -m benchmarks` (or `make bench`) prints the figures kept in docs/performance.md.

1. Applicability: every FINESS category of the table × 1,000 random profiles around it, against
   the 157 criteria of the HAS frame (pure Python, no database).
2. The référentiel page of an EHPAD: server time (Django test client, full middleware and template
   rendering) and query count, on a file SQLite database, or on PostgreSQL if DATABASE_URL says so.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path
from typing import Any


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench_applicability(profiles_per_category: int = 1000) -> None:
    from ouvrage.establishments.finess import categories
    from ouvrage.establishments.profile import Profile, Public, Sector, StructureKind
    from ouvrage.frames.applicability import applicability
    from ouvrage.frames.loader import load_frame

    root = Path(__file__).resolve().parent.parent
    spec = load_frame(root / "ouvrage" / "frames" / "data" / "has-essms" / "1.1")
    rng = random.Random(2026)
    publics = list(Public)
    durations: list[float] = []
    total_applicable = 0
    start_all = time.perf_counter()
    for category in categories().values():
        for _ in range(profiles_per_category):
            profile = Profile(
                category.sector or rng.choice(list(Sector)),
                category.kind or rng.choice(list(StructureKind)),
                frozenset(category.publics | set(rng.sample(publics, rng.randint(0, 2))))
                or frozenset({Public.PA}),
            )
            t = time.perf_counter()
            result = applicability(profile, spec.criteria)
            durations.append(time.perf_counter() - t)
            total_applicable += len(result.applicable)
    elapsed = time.perf_counter() - start_all
    n = len(durations)
    print("## Applicabilité (règle pure, 157 critères)")
    print(
        f"- {len(categories())} catégories FINESS × {profiles_per_category} profils = {n} calculs en {elapsed:.2f} s"
    )
    print(
        f"- par profil : médiane {statistics.median(durations) * 1e6:.0f} µs, "
        f"p95 {percentile(durations, 95) * 1e6:.0f} µs, max {max(durations) * 1e6:.0f} µs"
    )
    print(f"- {total_applicable / n:.1f} critères applicables en moyenne")


def bench_referentiel_page(requests: int = 200) -> None:
    import django
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    django.setup()
    setup_test_environment()
    from django.core.management import call_command

    from ouvrage.accounts.models import User
    from ouvrage.establishments.finess import with_check_digit
    from ouvrage.establishments.models import Establishment
    from ouvrage.frames.models import FrameVersion
    from ouvrage.organisations.models import Organisation

    call_command("migrate", verbosity=0)
    call_command("frames", "import", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    organisation = Organisation.objects.create(name="Bench", mfa_required=False)
    user = User.objects.create_user(
        "bench@example.org", "x", organisation=organisation, role="direction", all_establishments=True
    )
    ehpad = Establishment.objects.create(
        organisation=organisation,
        name="EHPAD",
        finess=with_check_digit("01000001"),
        finess_category="500",
        sector="medico_social",
        kind="etablissement",
        publics=["PA"],
    )
    saad = Establishment.objects.create(
        organisation=organisation,
        name="SAAD",
        finess=with_check_digit("01000002"),
        finess_category="460",
        sector="social",
        kind="service",
        publics=["PA", "PHA", "PHE"],
    )
    version = FrameVersion.objects.get(frame__slug="has-essms")
    client = Client()
    client.force_login(user)
    print(f"## Page référentiel d'un EHPAD ({connection.vendor})")
    cases = [
        ("EHPAD, page entière", ehpad, ""),
        ("EHPAD, impératifs + recherche (HTMX)", ehpad, "?imperative=1&q=droits"),
        ("SAAD, avec les non applicables", saad, "?excluded=1"),
    ]
    for label, establishment, query in cases:
        url = f"/etablissements/{establishment.pk}/cadres/{version.pk}/{query}"
        headers = {"HTTP_HX_REQUEST": "true"} if "HTMX" in label else {}
        for _ in range(5):  # warm-up: template compilation, connection
            client.get(url, **headers)
        timings = []
        for _ in range(requests):
            t = time.perf_counter()
            response = client.get(url, **headers)
            timings.append(time.perf_counter() - t)
            if response.status_code != 200:
                raise SystemExit(f"{url} a répondu {response.status_code}")
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, **headers)
        print(
            f"- {label} : médiane {statistics.median(timings) * 1000:.1f} ms, p95 {percentile(timings, 95) * 1000:.1f} ms, "
            f"{len(ctx.captured_queries)} requêtes SQL, {len(response.content) // 1024} Kio"
        )


def bench_campaign(requests: int = 100) -> None:
    """A full EHPAD campaign: 10 interviews (6 accompagnés traceurs, 2 traceurs ciblés, 2 audits
    système), every element rated."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.pages import rated_campaign
    from ouvrage.accounts.models import User
    from ouvrage.campaigns.models import Rating
    from ouvrage.campaigns.selectors import results_for
    from ouvrage.establishments.models import Establishment
    from ouvrage.frames.scoring import CriterionInput, compute

    user = User.objects.get(email="bench@example.org")
    ehpad = Establishment.objects.get(name="EHPAD")
    campaign, interviews = rated_campaign(ehpad, user, "Bench", "2026-01-01", "2026-06-30")
    ratings = list(Rating.objects.filter(interview__campaign=campaign))
    print(f"## Campagne complète d'un EHPAD ({connection.vendor}) : 10 entretiens, {len(ratings)} cotations")
    data = results_for(campaign)
    inputs = [
        CriterionInput(code, "x", "1", None, r.imperative, r.marks)
        for code, r in data.results.criteria.items()
    ]
    pure = []
    for _ in range(200):
        t = time.perf_counter()
        compute(inputs)
        pure.append(time.perf_counter() - t)
    full = []
    for _ in range(30):
        t = time.perf_counter()
        results_for(campaign)
        full.append(time.perf_counter() - t)
    print(f"- calcul des notes (module pur) : médiane {statistics.median(pure) * 1000:.1f} ms")
    print(f"- lecture des cotations + calcul : médiane {statistics.median(full) * 1000:.1f} ms")
    client = Client()
    client.force_login(user)
    largest = max(interviews, key=lambda i: Rating.objects.filter(interview=i).count())
    url = f"/evaluations/{campaign.pk}/entretiens/{largest.pk}/"
    for _ in range(3):
        client.get(url)
    timings = []
    for _ in range(requests // 2):
        t = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - t)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    count = Rating.objects.filter(interview=largest).count()
    print(
        f"- grille du plus grand entretien ({count} éléments) : médiane {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {percentile(timings, 95) * 1000:.1f} ms, {len(ctx.captured_queries)} requêtes SQL, "
        f"{len(response.content) // 1024} Kio"
    )
    rated = list(Rating.objects.filter(interview=largest).select_related("element")[:requests])
    timings = []
    queries = set()
    for n, rating in enumerate(rated):
        post = f"/evaluations/{campaign.pk}/entretiens/{largest.pk}/elements/{rating.element_id}/"
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.post(
                post, {"mark": "3" if n % 2 else "4", "version": rating.version}, HTTP_X_OUVRAGE_SYNC="1"
            )
            timings.append(time.perf_counter() - t)
        queries.add(len(ctx.captured_queries))
        if response.status_code != 200:
            raise SystemExit(f"{post} a répondu {response.status_code}")
    from ouvrage.core.pdf import html_to_pdf
    from ouvrage.documents.documents import render_document_html

    for kind, label in (
        ("self_evaluation", "rapport d'auto-évaluation"),
        ("corrective_plan", "plan correctif"),
    ):
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            pdf = html_to_pdf(render_document_html(campaign, kind, printable=True))
            runs.append(time.perf_counter() - t)
        print(f"- PDF {label} : médiane {statistics.median(runs):.2f} s, {len(pdf) // 1024} Kio")
    print(
        f"- enregistrer une cotation (aller-retour HTMX, note et avancement recalculés) : médiane "
        f"{statistics.median(timings) * 1000:.1f} ms, p95 {percentile(timings, 95) * 1000:.1f} ms, "
        f"requêtes SQL : {sorted(queries)}"
    )


def bench_national_import(rows: int = 21_000) -> None:
    """Importing the HAS open-data file as it is laid out (173 columns), 21,000 rows, from CSV,
    parquet and XLSX (generated by tests/national/files.py). Peak memory: measure the command with
    /usr/bin/time -v (docs/performance.md)."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from tests.national.files import rows as published
    from tests.national.files import write_csv, write_parquet, write_xlsx

    data = published(rows)
    print(f"## Import des résultats nationaux ({connection.vendor}), {rows} lignes × 173 colonnes")
    with tempfile.TemporaryDirectory() as tmp:
        for suffix, write in (("csv", write_csv), ("parquet", write_parquet), ("xlsx", write_xlsx)):
            path = write(Path(tmp) / f"open_data_par_essms.{suffix}", data)
            started = time.perf_counter()
            call_command("opendata", "import", path, stdout=StringIO())
            print(f"- {suffix} : lues, vérifiées et enregistrées en {time.perf_counter() - started:.1f} s")


def generated_organisation(
    establishments: int, campaigns_each: int, *, name: str, email: str, under_way: bool = False
) -> tuple[Any, Any]:
    """An organisation of `establishments` EHPAD × `campaigns_each` campaigns, every element of 4
    interviews rated; with `under_way`, every campaign but the last of each establishment closed and
    the last in progress. Returns the organisation and its administrator."""
    from django.utils import timezone

    from ouvrage.accounts.models import User
    from ouvrage.campaigns.models import Campaign, Interview, Rating
    from ouvrage.campaigns.selectors import applicable_criteria, covers, elements_by_criterion
    from ouvrage.establishments.finess import with_check_digit
    from ouvrage.establishments.models import Establishment
    from ouvrage.frames.models import FrameVersion
    from ouvrage.organisations.models import Organisation

    organisation = Organisation.objects.create(name=name, mfa_required=False)
    user = User.objects.create_user(
        email, "x", organisation=organisation, role="admin", all_establishments=True
    )
    version = FrameVersion.objects.get(frame__slug="has-essms")
    made = Establishment.objects.bulk_create(
        Establishment(
            organisation=organisation,
            name=f"EHPAD {i:03d}",
            finess=with_check_digit(f"{20000000 + i:08d}"),
            finess_category="500",
            sector="medico_social",
            kind="etablissement",
            publics=["PA"],
        )
        for i in range(establishments)
    )
    plan = [
        ("accompagne_traceur", "personne"),
        ("accompagne_traceur", "personne"),
        ("traceur_cible", "professionnels"),
        ("audit_systeme", "gouvernance"),
    ]
    rng = random.Random(11)
    template = None
    ratings: list = []
    for establishment in made:
        for year in range(campaigns_each):
            campaign = Campaign.objects.create(
                establishment=establishment,
                frame_version=version,
                title=f"Évaluation {2020 + 5 * year}",
                starts_on=f"{2020 + 5 * year}-01-10",
                ends_on=f"{2020 + 5 * year}-06-30",
                **(
                    (
                        {"state": "in_progress"}
                        if year == campaigns_each - 1
                        else {"state": "closed", "closed_at": timezone.now()}
                    )
                    if under_way
                    else {}
                ),
            )
            interviews = Interview.objects.bulk_create(
                Interview(campaign=campaign, method=m, target=t, title=f"{m} {n}")
                for n, (m, t) in enumerate(plan)
            )
            if template is None:
                criteria = applicable_criteria(campaign)
                elements = elements_by_criterion(criteria)
                template = {
                    m: [e for c in criteria if covers(interviews[i], c) for e in elements[c.pk]]
                    for i, (m, _) in enumerate(plan)
                }
            for interview in interviews:
                ratings.extend(
                    Rating(interview=interview, element=e, mark=rng.choice("2333444*"), version=1)
                    for e in template[interview.method]
                )
            if len(ratings) > 20000:
                Rating.objects.bulk_create(ratings, batch_size=5000)
                ratings = []
    Rating.objects.bulk_create(ratings, batch_size=5000)
    return organisation, user


def bench_organisation(establishments: int = 500, campaigns_each: int = 3) -> None:
    """An organisation of 500 EHPAD × 3 campaigns, every element of 4 interviews rated; the
    organisation page (server time, queries) once the stored summaries exist."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ouvrage.campaigns.models import Rating

    started = time.perf_counter()
    organisation, user = generated_organisation(
        establishments, campaigns_each, name="Grande association", email="siege@example.org"
    )
    count = Rating.objects.filter(interview__campaign__establishment__organisation=organisation).count()
    print(
        f"## Organisme de {establishments} établissements × {campaigns_each} évaluations ({connection.vendor})"
    )
    print(f"- données générées : {count} cotations en {time.perf_counter() - started:.0f} s")
    client = Client()
    client.force_login(user)
    # Generated in bulk, the grades bypassed the services that store each campaign's summary as it
    # changes: stored as an upgrade stores them (`ouvrage summaries`); pages never write them.
    from django.core.management import call_command

    t = time.perf_counter()
    call_command("summaries", stdout=StringIO())
    print(
        f"- synthèses de {establishments * campaigns_each} évaluations enregistrées (ouvrage summaries) : "
        f"{time.perf_counter() - t:.1f} s"
    )
    t = time.perf_counter()
    client.get("/organisme/")
    print(f"- première visite de la page : {time.perf_counter() - t:.2f} s")
    timings = []
    for _ in range(10):
        t = time.perf_counter()
        response = client.get("/organisme/")
        timings.append(time.perf_counter() - t)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/organisme/")
    print(
        f"- page de l'organisme : médiane {statistics.median(timings) * 1000:.0f} ms, p95 {percentile(timings, 95) * 1000:.0f} ms, "
        f"{len(ctx.captured_queries)} requêtes SQL, {len(response.content) // 1024} Kio"
    )


def bench_desk(establishments: int = 50, campaigns_each: int = 3) -> None:
    """The desk (« / ») of an organisation's administrator: 50 EHPAD × 3 evaluations (two closed, the
    last in progress), every element of 4 interviews rated; server time and queries (that they do not
    grow with the establishments is tests/www/test_desk.py's)."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    _, user = generated_organisation(
        establishments,
        campaigns_each,
        name="Association du bureau",
        email="bureau@example.org",
        under_way=True,
    )
    call_command("summaries", stdout=StringIO())
    client = Client()
    client.force_login(user)
    for _ in range(3):
        client.get("/")
    timings = []
    for _ in range(30):
        t = time.perf_counter()
        response = client.get("/")
        timings.append(time.perf_counter() - t)
    if response.status_code != 200:
        raise SystemExit(f"/ a répondu {response.status_code}")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    print(
        f"## Bureau (« / ») d'un organisme de {establishments} établissements × {campaigns_each} évaluations ({connection.vendor})"
    )
    print(
        f"- médiane {statistics.median(timings) * 1000:.0f} ms, p95 {percentile(timings, 95) * 1000:.0f} ms, "
        f"{len(ctx.captured_queries)} requêtes SQL, {len(response.content) // 1024} Kio"
    )


def bench_desk_alone() -> None:
    """`python -m benchmarks desk`, on a fresh database (SQLite file, or PostgreSQL by DATABASE_URL)."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from ouvrage.demo.management.commands.demo import create_schema

    create_schema()
    call_command("frames", "import", stdout=StringIO())
    bench_desk()


def bench_pages_alone() -> None:
    """`python -m benchmarks pages`: every main page against its framework floor, on a fresh demo
    database (SQLite file, or PostgreSQL if DATABASE_URL says so)."""
    import django

    django.setup()
    # Not setup_test_environment(): its instrumented rendering copies the context of every template
    # rendered (130 row includes on a grid), a cost no server pays. Mails stay in memory.
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from benchmarks import pages

    pages.main()


ALONE = {"desk": bench_desk_alone, "pages": bench_pages_alone}


def main() -> None:
    alone = ALONE.get(sys.argv[1] if len(sys.argv) > 1 else "")
    if alone is not None:  # one benchmark on a fresh database (SQLite file, or DATABASE_URL's)
        with tempfile.TemporaryDirectory() as tmp:
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
            os.environ.setdefault("OUVRAGE_VAR_DIR", tmp)
            os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
            alone()
        return
    print(
        f"# Ouvrage — benchmarks ({time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cœurs, Python {platform.python_version()})"
    )
    bench_applicability()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
        os.environ.setdefault("OUVRAGE_VAR_DIR", tmp)
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        bench_referentiel_page()
        bench_campaign()
        bench_national_import()
        bench_organisation(int(os.environ.get("OUVRAGE_BENCH_ORG", "500")))
    print()
    print("Pages against the framework floor: python -m benchmarks pages")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
