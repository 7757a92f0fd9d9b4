"""Load and concurrency on a real server: 50 evaluators rating at once (locust), then parallel
clients saving the same element. Figures come back as dictionaries; reliability.__main__ prints them.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from reliability.stack import ROOT, Server, Stack, serving, signed_in

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def prepare(made: Stack, evaluators: int) -> dict[str, Any]:
    """Demo data, then one account and one grid per evaluator; the plan is saved beside the stack."""
    made.ouvrage("demo", "--no-server")
    plan = json.loads(made.python("reliability.seed", "prepare", "--evaluators", str(evaluators)))
    (made.folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    return plan


def _percentiles(row: dict[str, str]) -> dict[str, Any]:
    def ms(key: str) -> float:
        value = row.get(key, "") or "0"
        return float(value) if value != "N/A" else 0.0

    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "per_second": round(float(row["Requests/s"]), 1),
        "p50_ms": ms("50%"),
        "p95_ms": ms("95%"),
        "p99_ms": ms("99%"),
        "max_ms": round(ms("Max Response Time")),
    }


def run_load(
    made: Stack, server: Server, *, users: int, seconds: int, think: tuple[float, float], ratings: int = 0
) -> dict:
    """locust, headless, for `seconds` (or until `ratings` cotations were acknowledged, `seconds`
    being then only a cap); then every acknowledged cotation is looked up in the database."""
    folder = made.folder
    acks = folder / "acks.json"
    env = {
        **made.env,
        "OUVRAGE_LOAD_PLAN": str(folder / "plan.json"),
        "OUVRAGE_LOAD_ACKS": str(acks),
        "OUVRAGE_LOAD_THINK_MIN": str(think[0]),
        "OUVRAGE_LOAD_THINK_MAX": str(think[1]),
        "OUVRAGE_LOAD_RATINGS": str(ratings),
    }
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(5, users // 5)),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "30",
            "--host",
            server.base_url,
            "--csv",
            str(folder / "locust"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=seconds + 300,
        check=False,
    )
    elapsed = time.monotonic() - started
    with (folder / "locust_stats.csv").open(encoding="utf-8") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    verdict = json.loads(made.python("reliability.seed", "verify", str(acks)))
    return {
        "engine": made.engine,
        "users": users,
        "seconds": seconds,
        "think_s": list(think),
        "elapsed_s": round(elapsed, 1),
        "locust_exit": result.returncode,
        "locust_tail": (result.stderr or "")[-2000:] if result.returncode else "",
        "all": _percentiles(rows["Aggregated"]),
        "rating": _percentiles(rows["cotation"]),
        "grid": _percentiles(rows["grille"]),
        "login": _percentiles(rows["connexion"]),
        "check": verdict,
    }


def run_race(made: Stack, server: Server, *, clients: int, rounds: int) -> dict[str, Any]:
    """`clients` people save the same element at the same instant, `rounds` times (one element each
    round): exactly one is told it is saved, the others that it changed meanwhile (a conflict) — and
    the database
    holds the winner's cotation, version 1, one audit event."""
    plan = json.loads((made.folder / "plan.json").read_text(encoding="utf-8"))
    shared = plan["shared"]
    sessions = [signed_in(server.base_url, u["email"], plan["password"]) for u in plan["users"][:clients]]
    outcomes: list[dict[str, Any]] = []
    for element in shared["elements"][:rounds]:
        barrier = threading.Barrier(clients)
        answers: list[tuple[str, str]] = [("", "")] * clients

        def save(
            i: int, element: int = element, barrier: threading.Barrier = barrier, answers: list = answers
        ) -> None:
            session = sessions[i]
            mark = "1234"[i % 4]
            barrier.wait()
            response = session.post(
                f"{server.base_url}{shared['grid']}elements/{element}/",
                data={"mark": mark, "version": 0},
                headers={"X-Ouvrage-Sync": "1", "X-CSRFToken": session.cookies.get("csrftoken", "")},
                timeout=60,
            )
            state = response.json().get("state") if response.status_code in (200, 409) else None
            if state == "saved":
                answers[i] = (mark, "saved")
            elif state == "conflict":
                answers[i] = (mark, "told")
            else:
                answers[i] = (mark, f"HTTP {response.status_code}")

        threads = [threading.Thread(target=save, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        outcomes.append({"element": element, "answers": answers})
    stored = json.loads(made.python("reliability.seed", "ratings", str(shared["interview"])))
    bad = []
    for outcome in outcomes:
        winners = [mark for mark, said in outcome["answers"] if said == "saved"]
        told = [mark for mark, said in outcome["answers"] if said == "told"]
        db = stored.get(str(outcome["element"]))
        if (
            len(winners) != 1
            or len(told) != clients - 1
            or db is None
            or (db["mark"], db["version"], db["events"]) != (winners[0], 1, 1)
        ):
            bad.append({"element": outcome["element"], "answers": outcome["answers"], "db": db})
    return {"engine": made.engine, "clients": clients, "rounds": len(outcomes), "bad": bad, "ok": not bad}


def load_and_race(
    made: Stack,
    *,
    users: int,
    seconds: int,
    think: tuple[float, float],
    clients: int,
    rounds: int,
    ratings: int = 0,
) -> dict[str, Any]:
    prepare(made, users)
    with serving(made, workers=4) as server:
        race = run_race(made, server, clients=clients, rounds=rounds)
        load = run_load(made, server, users=users, seconds=seconds, think=think, ratings=ratings)
    return {"load": load, "race": race}
