"""Every main page of the demo at a phone's, a tablet's and a laptop's width: the page never scrolls
sideways (a wide table scrolls inside its own box), no text runs out of its box, and axe-core finds
no violation. Screenshots of the start page and the results page at each width are kept for review
in var/artefacts/screenshots/ (OUVRAGE_ARTEFACTS names another folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.conftest import DESK

WIDTHS = (390, 768, 1366)
ARTEFACTS = Path(os.environ.get("OUVRAGE_ARTEFACTS", settings.BASE_DIR / "var" / "artefacts")) / "screenshots"

# Text boxes whose content must stay inside them; a table, a chart or a field scrolls or scales.
OVERFLOWS = """() => {
  // Inside a box that scrolls or clips (a wide table's frame, the sub-header's links), it is meant.
  const insideScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const found = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) {
    found.push(`la page défile de côté : ${doc.scrollWidth} px pour ${window.innerWidth} px`);
  }
  const boxes = "main p, main li, main h1, main h2, main h3, main dt, main dd, main label, main summary, main .button, main button, main .card, main .notice, header a";
  for (const el of document.querySelectorAll(boxes)) {
    if (el.closest("svg, pre") || insideScroller(el)) continue;
    const style = getComputedStyle(el);
    if (style.display === "inline" || style.display === "none" || style.overflowX !== "visible") continue;
    if (el.scrollWidth > el.clientWidth + 2 && el.clientWidth > 0) {
      found.push(`${el.tagName.toLowerCase()}.${el.className} « ${el.textContent.trim().slice(0, 60)} » : ${el.scrollWidth} px pour ${el.clientWidth} px`);
    }
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth + 1 && box.width > 0) {
      found.push(`${el.tagName.toLowerCase()} « ${el.textContent.trim().slice(0, 60)} » dépasse de l'écran (${Math.round(box.right)} px)`);
    }
  }
  return found.slice(0, 12);
}"""


@pytest.fixture
def demo(browser_data):
    """The demo organisation, as `ouvrage demo` loads it."""
    from ouvrage.accounts.models import User
    from ouvrage.campaigns.models import Campaign, Interview
    from ouvrage.demo import data
    from ouvrage.establishments.models import Establishment
    from ouvrage.frames.models import FrameVersion

    call_command("frames", "import", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    data.load_everything()
    call_command("summaries", stdout=open(os.devnull, "w"))  # noqa: SIM115
    quality = User.objects.get(email="qualite@tilleuls.example.org")
    ehpad = (  # the demo's (the fixture of every browser test made one of the same name)
        Establishment.objects.filter(name="EHPAD Les Tilleuls", organisation=quality.organisation)
        .filter(campaigns__state="in_progress")
        .distinct()
        .get()
    )
    running = Campaign.objects.filter(establishment=ehpad, state="in_progress").first()
    closed = Campaign.objects.filter(establishment=ehpad, state="closed").order_by("-starts_on").first()
    largest = max(Interview.objects.filter(campaign=running), key=lambda i: i.ratings.count())
    version = FrameVersion.objects.get(frame__slug="has-essms")
    return {
        "Accueil": "/",
        "Établissements": "/etablissements/",
        "Établissement": f"/etablissements/{ehpad.pk}/",
        "Évaluation en cours": f"/evaluations/{running.pk}/",
        "Grille": f"/evaluations/{running.pk}/entretiens/{largest.pk}/",
        "Résultats": f"/evaluations/{closed.pk}/resultats/",
        "Plan d'action": f"/etablissements/{ehpad.pk}/plan-action/",
        "Calendrier": "/calendrier/",
        "Organisme": "/organisme/",
        "Référentiel": f"/etablissements/{ehpad.pk}/cadres/{version.pk}/",
        "Comparaison nationale": f"/etablissements/{ehpad.pk}/comparaison-nationale/",
        "Projet d'établissement": f"/etablissements/{ehpad.pk}/projet/",
        "Simulation": f"/evaluations/{closed.pk}/simulation/",
        "Cadres d'évaluation": "/cadres/",
    }


def test_every_main_page_fits_a_phone_a_tablet_and_a_laptop(visit, demo):
    from ouvrage.demo.data import DEMO_PASSWORD

    page = visit.page
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill("qualite@tilleuls.example.org")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(DESK)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in demo.items():
            response = page.goto(path)
            assert response is not None and response.status == 200, f"{path} : {response and response.status}"
            problems += [f"{name} ({path}), {width} px : {p}" for p in page.evaluate(OVERFLOWS)]
            visit.check_accessibility()
            if name in ("Accueil", "Résultats"):
                page.screenshot(path=str(ARTEFACTS / f"{name.lower()}-{width}.png"), full_page=True)
    assert not problems, "\n".join(problems)
    assert len(visit.checked) == len(WIDTHS) * len(demo)
