"""Ids sent by forms, read without trusting them: anything that is not a positive number is 0
(found nowhere, so the view answers 404 or ignores it) rather than a server error."""

from __future__ import annotations

from collections.abc import Iterable


def as_id(value: object) -> int:
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else 0


def as_ids(values: Iterable[object]) -> list[int]:
    return [i for i in (as_id(v) for v in values) if i]
