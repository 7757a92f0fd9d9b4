"""`python -m reliability`: the engine-specific proof (load, concurrency, backup and restore, killed
processes) on the database of DATABASE_URL (SQLite when unset), figures printed and written to
var/proof/<engine>.json. scripts/proof.sh runs it on both engines, then the security, fuzz and
accessibility tests, and writes the figures into docs/reliability.md."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from reliability.faults import kill_during_grid_import, kill_during_report
from reliability.load import load_and_race
from reliability.stack import ROOT, engine, stack


def backup_figures(folder: Path) -> dict[str, Any]:
    with stack(folder / "source") as source, stack(folder / "restored") as target:
        source.ouvrage("demo", "--no-server")
        source.python("reliability.seed", "documents", "20")
        archive = folder / "sauvegarde.tar.gz"
        started = time.perf_counter()
        source.ouvrage("backup", "--output", str(archive))
        backup_s = time.perf_counter() - started
        started = time.perf_counter()
        said = target.ouvrage("restore", str(archive)).stdout.strip()
        restore_s = time.perf_counter() - started
        same = json.loads(source.python("reliability.seed", "fingerprints")) == json.loads(
            target.python("reliability.seed", "fingerprints")
        )
    return {
        "backup_s": round(backup_s, 2),
        "restore_s": round(restore_s, 2),
        "archive_kb": archive.stat().st_size // 1024,
        "restore_said": said,
        "identical": same,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reliability")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"engine": engine(), "date": time.strftime("%Y-%m-%d %H:%M")}
    with tempfile.TemporaryDirectory(prefix="ouvrage-proof-") as work:
        folder = Path(work)
        print(f"== {engine()} : {args.users} évaluateurs pendant {args.seconds} s", flush=True)
        with stack(folder / "load") as made:
            figures |= load_and_race(
                made, users=args.users, seconds=args.seconds, think=tuple(args.think), clients=8, rounds=20
            )
        print("== sauvegarde et restauration", flush=True)
        figures["backup"] = backup_figures(folder / "backup")
        print("== arrêts brutaux", flush=True)
        with stack(folder / "import") as made:
            made.ouvrage("demo", "--no-server")
            figures["kill_import"] = kill_during_grid_import(made)
        with stack(folder / "report") as made:
            made.ouvrage("demo", "--no-server")
            figures["kill_report"] = kill_during_report(made)
    load, race = figures["load"], figures["race"]
    figures["ok"] = bool(
        load["locust_exit"] == 0
        and load["all"]["failures"] == 0
        and load["check"]["ok"]
        and race["ok"]
        and figures["backup"]["identical"]
        and figures["kill_import"]["unchanged_after_kill"]
        and figures["kill_import"]["retry_status"] == 302
        and figures["kill_report"].get("told_interrupted")
        and figures["kill_report"].get("retry_pdf")
    )
    out = ROOT / "var" / "proof"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{engine()}.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    from reliability.report import engine_lines

    print("\n".join(engine_lines(figures)))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
