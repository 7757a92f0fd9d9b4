"""Short runs of the proof suite's load and concurrency checks (`python -m reliability` runs the
5-minute, 50-evaluator version). Real gunicorn server on 127.0.0.1, real database of the stage
(SQLite file, or a fresh database on the PostgreSQL server of scripts/with-postgres.sh)."""

from __future__ import annotations

from reliability.load import load_and_race
from reliability.stack import stack

RATINGS = 60


def test_evaluators_rating_at_once_lose_nothing_and_parallel_saves_have_one_winner(tmp_path):
    """Bound by count: the load stops once 60 cotations were acknowledged (10 minutes at most);
    how fast they came is a benchmark figure (docs/reliability.md), not a test."""
    with stack(tmp_path / "load") as made:
        figures = load_and_race(
            made, users=15, seconds=600, think=(0.5, 1.5), clients=6, rounds=4, ratings=RATINGS
        )
    load, race = figures["load"], figures["race"]
    assert load["locust_exit"] == 0, load["locust_tail"]
    assert load["all"]["failures"] == 0
    check = load["check"]
    assert check["ok"], check
    assert check["acknowledged_saves"] == check["audit_events"] >= RATINGS
    assert race["ok"], race["bad"]
    assert race["rounds"] == 4
