"""No page shows a stored code where a person should read words (issue 18; review of 30 November
2026, defect 19: « plus_3_ans », « dependante », « recorded », « sections saved »…).

Every enumeration Ouvrage stores (each model field's choices, and the lists kept outside a field's
choices: what was missing in the real-work journal, a person's attributes, the journal's actions,
the calendar's kinds) gives its stored values; the demo is loaded, every page reachable from the
start page is read as the organisation's administrator and as the quality manager, and none of those
values may appear among the words of a page. A value that is also a French word (« document »,
« service », « mission ») is left out: the page may say it.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.test import Client

from ouvrage.audit.actions import AuditAction
from ouvrage.calendar.entries import Kind
from ouvrage.campaigns.lifecycle import State
from ouvrage.campaigns.sampling import VALUE_LABELS
from ouvrage.demo.data import load_everything
from ouvrage.frames.domain import Method, Target
from ouvrage.realwork.models import Missing
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db

# Stored values that are French words too, or acronyms a page writes as such.
FRENCH_TOO = {
    "document",
    "observation",
    "documentaire",
    "service",
    "social",
    "mission",
    "information",
    "direction",
    "place",
    "personne",
    "professionnels",
    "gouvernance",
    "autonome",
    "partielle",
    "autre",
    "juge",
    "cvs",
    "ars",
    "has",
    "cd",
    "pjj",
    "cpom",
    "ddets",
    "xlsx",
    "projet",
}
CODE = re.compile(r"[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+")  # plus_3_ans, rating.saved, medico_social
WORD = re.compile(r"[a-z]+")
SKIPPED = (".pdf", ".xlsx", ".docx", ".ics", ".zip", ".csv", ".png", ".svg")
MOST_PAGES = 300
EACH = 2  # pages read per address pattern (/evaluations/N/entretiens/N/…): all written by one view


def stored_values() -> set[str]:
    values: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("ouvrage."):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                values.add(str(value))
    for enumeration in (Missing, AuditAction, Kind, State, Method, Target):
        values |= {str(member.value) for member in enumeration}
    for codes in VALUE_LABELS.values():
        values |= set(codes)
    return values


def codes() -> set[str]:
    """The stored values a person should never read: codes with « _ » or « . », and the English
    words (« external », « planned », « staff »)."""
    found = set()
    for value in stored_values():
        if CODE.fullmatch(value) or (WORD.fullmatch(value) and value not in FRENCH_TOO):
            found.add(value)
    return found


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.found.append(urldefrag(href)[0])


def crawl(client: Client) -> dict[str, str]:
    """Each page's words, from the start page along the site's own links (GET only)."""
    seen: dict[str, str] = {}
    patterns: dict[str, int] = {}
    queue = deque(["/"])
    while queue and len(seen) < MOST_PAGES:
        path = queue.popleft()
        address = urlsplit(path).path
        if path in seen or address.startswith("/static/") or address.endswith(SKIPPED):
            continue
        pattern = re.sub(r"\d+", "N", address)
        if patterns.get(pattern, 0) >= EACH:
            continue
        patterns[pattern] = patterns.get(pattern, 0) + 1
        response = client.get(path, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            seen[path] = ""
            continue
        seen[path] = visible_text(response)
        links = Links()
        links.feed(response.content.decode())
        queue.extend(link for link in links.found if link not in seen)
    return seen


@pytest.fixture
def demo():
    load_everything()


def test_the_codes_are_known():
    found = codes()
    assert {"plus_3_ans", "dependante", "medico_social", "external", "planned", "staff", "time"} <= found
    assert {"work_gap.recorded", "projet.sections_saved", "cvs_meeting", "in_progress"} <= found
    assert not found & FRENCH_TOO


@pytest.mark.parametrize("email", ["admin@tilleuls.example.org", "qualite@tilleuls.example.org"])
def test_no_page_shows_a_stored_code(demo, email):
    from ouvrage.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    pages = crawl(client)
    assert len([p for p, words in pages.items() if words]) > 60, "the crawl should reach most pages"
    forbidden = codes()
    shown = {}
    for path, words in pages.items():
        words = re.sub(r"\S+@\S+", " ", words)  # addresses (admin@…) are not words of the page
        tokens = set(re.findall(r"[A-Za-z0-9_.]+", words)) | set(re.findall(r"[a-z]+", words))
        tokens = {t.strip(".") for t in tokens}
        leaked = sorted(tokens & forbidden)
        if leaked:
            shown[path] = leaked
    assert shown == {}, f"pages showing stored codes instead of words: {shown}"
