"""Problems found in a file a person gave us, said in French with where they are.

Shared by every import (frame files, spreadsheets): a file with problems is refused whole.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    where: str = ""  # "ligne 12", "cellule B4", "feuille « Critères »"…
    field: str = ""

    def __str__(self) -> str:
        place = ", ".join(part for part in (self.file, self.where) if part)
        if self.field:
            place += f", champ « {self.field} »"
        return f"{place} : {self.message}"


class ProblemsFound(Exception):
    """Raised with every problem found; the caller saves nothing."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ProblemList:
    """Collects problems while a file is read, up to a limit so a broken file is not listed forever."""

    LIMIT = 200

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []

    def add(self, message: str, *, where: str = "", field: str = "", file: str | None = None) -> None:
        if len(self.items) < self.LIMIT:
            self.items.append(Problem(file or self.file, message, where, field))

    def raise_if_any(self) -> None:
        if self.items:
            raise ProblemsFound(self.items)
