"""Browser tests: Playwright drives Debian's Chromium against the live test server; every page
visited is checked with axe-core (WCAG 2.1 A and AA)."""

from __future__ import annotations

import os
import re
import shutil

import pytest

CHROMIUM = os.environ.get("OUVRAGE_CHROMIUM", "/usr/bin/chromium")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The start page (« / »), where signing in leads.
DESK = re.compile(r"^https?://[^/]+/$")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


class Visit:
    """A page plus the accessibility check of every page it lands on."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.checked: list[str] = []

    def check_accessibility(self):
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.violations_count == 0, f"{self.page.url}\n{results.generate_report()}"
        self.checked.append(self.page.url)


@pytest.fixture
def visit(browser, live_server, browser_data):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Visit(page, live_server.url)
    context.close()


@pytest.fixture
def browser_data(transactional_db, has_spec):
    """Live-server tests flush the database after each test: load what they need every time."""
    from ouvrage.frames.models import FrameVersion
    from ouvrage.frames.services import import_frame_version
    from tests.factories import EstablishmentFactory, OrganisationFactory, UserFactory

    if not FrameVersion.objects.filter(frame__slug="has-essms").exists():
        import_frame_version(spec=has_spec)
    organisation = OrganisationFactory(name="Association Les Tilleuls")
    user = UserFactory(organisation=organisation, role="direction", email="direction@example.org")
    ehpad = EstablishmentFactory(organisation=organisation, name="EHPAD Les Tilleuls", publics=["PA"])
    return {"user": user, "ehpad": ehpad, "password": "mot-de-passe-de-test-2026"}


def login(visit, data):
    page = visit.page
    page.goto("/compte/connexion/")
    visit.check_accessibility()
    page.get_by_label("Adresse électronique").fill(data["user"].email)
    page.get_by_label("Mot de passe").fill(data["password"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(DESK)  # a person lands on their desk…
    visit.check_accessibility()
    page.goto("/etablissements/")  # …and the journeys start from the establishments
