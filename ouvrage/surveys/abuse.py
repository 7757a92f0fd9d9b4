"""How many answers one place may send to a questionnaire, without an account or a captcha for the
people answering. Pure rule: no Django.

- One device answers once (the page keeps a signed mark); a tablet passed from resident to resident
  is opened by staff in « tablette partagée » mode, which lifts that.
- From one address (a keyed hash of it, never the address itself): at most PER_HOUR answers an
  hour, SHARED_PER_HOUR on a shared tablet; beyond, the answer is refused with a French sentence.
- Answers that come in a burst (BURST within BURST_WINDOW from one address, outside tablet mode)
  are kept but flagged to staff, who can set them aside (kept, not counted)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

PER_HOUR = 10
SHARED_PER_HOUR = 60
BURST = 4
BURST_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    flagged: bool = False
    problem: str = ""


def judge(earlier: Iterable[datetime], now: datetime, *, shared_device: bool) -> Verdict:
    """`earlier`: when the answers already received from the same address were sent."""
    recent = [moment for moment in earlier if now - moment < timedelta(hours=1)]
    limit = SHARED_PER_HOUR if shared_device else PER_HOUR
    if len(recent) >= limit:
        return Verdict(
            accepted=False,
            problem=(
                "Beaucoup de réponses sont déjà arrivées d'ici en une heure : la vôtre n'a pas été "
                "enregistrée. Réessayez plus tard, ou demandez à l'équipe."
            ),
        )
    burst = sum(1 for moment in recent if now - moment < BURST_WINDOW) + 1 >= BURST
    return Verdict(accepted=True, flagged=burst and not shared_device)
