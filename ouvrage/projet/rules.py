"""The projet's life as the law sets it (art. L311-8 CASF: established for five years at most, after
consultation of the conseil de la vie sociale). Plain Python."""

from __future__ import annotations

from datetime import date

from ouvrage.core.formatting import long_date


def adoption_problem(*, cvs_consulted_on: date | None, adopted_on: date | None) -> str | None:
    """The French sentence saying why these dates cannot be recorded, or None."""
    if adopted_on is None:
        return None
    if cvs_consulted_on is None:
        return (
            "Adoption : le projet est adopté après consultation du conseil de la vie sociale ; "
            "indiquez la date de cette consultation."
        )
    if cvs_consulted_on > adopted_on:
        return (
            f"Adoption : le conseil de la vie sociale est consulté avant l'adoption ; la consultation du "
            f"{long_date(cvs_consulted_on)} suit l'adoption du {long_date(adopted_on)}."
        )
    return None
