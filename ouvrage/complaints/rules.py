"""The complaints register's rules, in plain Python (no Django): deadlines, lateness, the dashboard's
counts, the figures sentence the evaluation pages show, and the names a free text may hold.

Deadlines are counted in calendar days from the day the complaint was received; they are the
organisation's own choice (register.toml gives the defaults): no text cited in the référentiel's
regulation notes sets one for an ESSMS."""

from __future__ import annotations

import statistics
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from ouvrage.core.formatting import MONTHS, counted, plural

HERE = Path(__file__).resolve().parent

# A complaint's steps, in order.
RECEIVED = "received"
ACKNOWLEDGED = "acknowledged"
ANSWERED = "answered"
CLOSED = "closed"
OPEN_STATES = (RECEIVED, ACKNOWLEDGED)

# Ages of the open complaints, in days since they were received: (up to, label).
AGE_BANDS: tuple[tuple[int | None, str], ...] = (
    (7, "moins d'une semaine"),
    (30, "une semaine à un mois"),
    (90, "un à trois mois"),
    (None, "plus de trois mois"),
)


@dataclass(frozen=True)
class Lists:
    channels: dict[str, str]
    themes: dict[str, str]
    acknowledge_days: int
    answer_days: int


@cache
def lists() -> Lists:
    """The channels, themes and default deadlines of register.toml (read once)."""
    data = tomllib.loads((HERE / "register.toml").read_text(encoding="utf-8"))
    return Lists(
        channels={c["key"]: c["label"] for c in data["channels"]},
        themes={t["key"]: t["label"] for t in data["themes"]},
        acknowledge_days=int(data["deadlines"]["acknowledge_days"]),
        answer_days=int(data["deadlines"]["answer_days"]),
    )


@cache
def criteria_codes() -> tuple[str, ...]:
    """The HAS criteria the register speaks to (criteria.toml)."""
    data = tomllib.loads((HERE / "criteria.toml").read_text(encoding="utf-8"))
    return tuple(str(c["code"]) for c in data["criteria"])


def due_dates(received_on: date, *, acknowledge_days: int, answer_days: int) -> tuple[date, date]:
    """When the acknowledgement and the answer are due (calendar days after reception)."""
    return received_on + timedelta(days=acknowledge_days), received_on + timedelta(days=answer_days)


@dataclass(frozen=True)
class Facts:
    """What the rules need of one complaint."""

    received_on: date
    state: str
    acknowledge_due: date
    answer_due: date
    acknowledged_on: date | None = None
    answered_on: date | None = None
    channel: str = ""
    theme: str = ""


def acknowledgement_late(f: Facts, today: date) -> bool:
    """Acknowledged after its deadline, or still not acknowledged once it has passed."""
    if f.acknowledged_on is not None:
        return f.acknowledged_on > f.acknowledge_due
    if f.answered_on is not None:  # answered at once: the answer acknowledges it
        return f.answered_on > f.acknowledge_due
    return today > f.acknowledge_due


def answer_late(f: Facts, today: date) -> bool:
    if f.answered_on is not None:
        return f.answered_on > f.answer_due
    if f.state == CLOSED:
        return False  # closed without an answer (withdrawn): nothing more is owed
    return today > f.answer_due


def late_now(f: Facts, today: date) -> bool:
    """Open and past one of its deadlines today: what the register shows in red."""
    if f.state not in OPEN_STATES:
        return False
    return (f.acknowledged_on is None and today > f.acknowledge_due) or today > f.answer_due


def missed(f: Facts, today: date) -> bool:
    """A deadline missed, now or in the past."""
    return acknowledgement_late(f, today) or answer_late(f, today)


def age_band(days: int) -> str:
    for limit, label in AGE_BANDS:
        if limit is None or days < limit:
            return label
    return AGE_BANDS[-1][1]  # pragma: no cover (the last band has no limit)


def last_twelve_months(today: date) -> list[tuple[int, int]]:
    """(year, month) of the twelve months ending with today's, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def twelve_months_ago(today: date) -> date:
    """The first day counted in « 12 mois »: the first of the month eleven months back."""
    year, month = last_twelve_months(today)[0]
    return date(year, month, 1)


@dataclass
class Dashboard:
    by_month: list[tuple[str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_theme: list[tuple[str, int]] = field(default_factory=list)
    open_by_age: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0
    open: int = 0
    late_now: int = 0
    missed: int = 0


def dashboard(
    facts: Iterable[Facts], today: date, *, channels: dict[str, str], themes: dict[str, str]
) -> Dashboard:
    """Counts of the last twelve months by month, channel and theme; open ones by age; deadlines
    missed (in those twelve months, and open ones late today whenever received)."""
    since = twelve_months_ago(today)
    months = last_twelve_months(today)
    per_month: Counter[tuple[int, int]] = Counter()
    per_channel: Counter[str] = Counter()
    per_theme: Counter[str] = Counter()
    per_age: Counter[str] = Counter()
    board = Dashboard()
    for f in facts:
        if f.state in OPEN_STATES:
            board.open += 1
            per_age[age_band((today - f.received_on).days)] += 1
            board.late_now += late_now(f, today)
        if f.received_on < since or f.received_on > today:
            continue
        board.total += 1
        per_month[(f.received_on.year, f.received_on.month)] += 1
        per_channel[f.channel] += 1
        per_theme[f.theme] += 1
        board.missed += missed(f, today)
    board.by_month = [(f"{MONTHS[m - 1]} {y}", per_month[(y, m)]) for y, m in months]
    board.by_channel = [(channels.get(k, k or "non précisé"), n) for k, n in per_channel.most_common()]
    board.by_theme = [(themes.get(k, k or "non précisé"), n) for k, n in per_theme.most_common()]
    board.open_by_age = [(label, per_age[label]) for _, label in AGE_BANDS]
    return board


@dataclass(frozen=True)
class Figures:
    received: int  # in the last twelve months
    answered: int  # of those
    median_days: float | None  # from reception to answer, of those answered
    late: int  # open and late today


def figures(facts: Iterable[Facts], today: date) -> Figures:
    since = twelve_months_ago(today)
    received = answered = late = 0
    delays: list[int] = []
    for f in facts:
        late += late_now(f, today)
        if not since <= f.received_on <= today:
            continue
        received += 1
        if f.answered_on is not None:
            answered += 1
            delays.append((f.answered_on - f.received_on).days)
    return Figures(received, answered, statistics.median(delays) if delays else None, late)


def figures_sentence(fig: Figures) -> str:
    """« 9 réclamations en 12 mois, 8 ayant reçu une réponse, délai médian de réponse 12 jours,
    1 en retard »; « Aucune réclamation en 12 mois » when there is none."""
    if fig.received == 0 and fig.late == 0:
        return "Aucune réclamation enregistrée en 12 mois"
    parts = [f"{counted(fig.received, 'réclamation')} en 12 mois"]
    if fig.received:
        if fig.answered == 0:
            parts.append("aucune n'a encore reçu de réponse")
        else:
            parts.append(f"{fig.answered} {plural(fig.answered, 'ayant', 'ayant')} reçu une réponse")
    if fig.median_days is not None:
        days = round(fig.median_days)
        parts.append(f"délai médian de réponse {counted(days, 'jour')}")
    if fig.late:
        parts.append(f"{fig.late} en retard")
    return ", ".join(parts)
