"""How long Ouvrage keeps what, in days (plain Python, no Django). Sources in docs/retention.md.

- people accompanied (pseudonymous code and sampling attributes): two years after the last contact
  recorded in Ouvrage (their last interview, or the end of its campaign), then anonymised. CNIL,
  référentiel « durées de conservation » du secteur social et médico-social (délibération
  n° 2023-095 du 14 septembre 2023), accueil, hébergement et accompagnement (hors dossier médical):
  base active two years from the last contact;
- history (journal of changes) and sign-in traces: one year. CNIL, recommandation relative à la
  journalisation (délibération n° 2021-122 du 14 octobre 2021): between six months and one year;
- produced PDF documents: one year (our choice: they can be produced again from the data);
- receipts of cotation changes sent from a device (the keys that make a replayed change harmless):
  30 days (our choice: a device offline longer than that sends its changes as new ones, and the
  server's version check still refuses to overwrite anything silently);
- the tokens of creation forms already received (www/once.py): 2 days (our choice: a form resent
  later than that is a new one);
- the keyed hash of the address a questionnaire answer, or a complaint sent through an
  establishment's public link, came from (surveys/abuse.py): 30 days (our choice: it serves only to
  count what one place sends within an hour).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Retention:
    person_after_last_contact: int = 730
    history: int = 365
    sign_in_traces: int = 365
    documents: int = 365
    receipts: int = 30
    form_tokens: int = 2
    answer_sources: int = 30
    # The registers (adverse events, CREX, complaints, maltreatment signals) have no duration here:
    # none is sourced in docs/retention.md, so they are kept as long as the establishment; only the
    # codes of anonymised people in them are replaced (with the person), and the address hashes of
    # complaints sent through a public link cleared after `answer_sources` days.

    def person_expired(self, last_contact: date, today: date) -> bool:
        return today - last_contact > timedelta(days=self.person_after_last_contact)

    def cutoff(self, days: int, today: date) -> date:
        """The first day still kept."""
        return today - timedelta(days=days)


def last_contact(*, created_on: date, interview_days: list[date | None], campaign_ends: list[date]) -> date:
    """The last day Ouvrage had to do with a person: their latest interview or the end of its
    campaign, or the day the code was recorded."""
    days = [d for d in interview_days if d is not None] + campaign_ends + [created_on]
    return max(days)
