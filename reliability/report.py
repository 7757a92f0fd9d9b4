"""The figures of the last proof run as Markdown, and their place in docs/reliability.md (between
the two markers). `python -m reliability.report [PYTEST_SUMMARY_FILE]` rewrites that section."""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path
from typing import Any

from reliability.stack import ROOT

START, END = "<!-- proof:start -->", "<!-- proof:end -->"


def engine_lines(f: dict[str, Any]) -> list[str]:
    load, race, backup = f["load"], f["race"], f["backup"]
    name = {"sqlite": "SQLite (WAL, transactions IMMEDIATE)", "postgresql": "PostgreSQL 15"}[f["engine"]]
    rows = []
    for label, key in (
        ("cotation (POST HTMX)", "rating"),
        ("grille (GET)", "grid"),
        ("connexion", "login"),
        ("toutes", "all"),
    ):
        s = load[key]
        rows.append(
            f"| {label} | {s['requests']} | {s['failures']} | {s['per_second']} | {s['p50_ms']:.0f} | "
            f"{s['p95_ms']:.0f} | {s['p99_ms']:.0f} | {s['max_ms']} |"
        )
    check = load["check"]
    ki, kr = f["kill_import"], f["kill_report"]
    return [
        f"### {name} — {f['date']}",
        "",
        f"Load: {load['users']} evaluators for {load['seconds']} s (think time {load['think_s'][0]:g}–"
        f"{load['think_s'][1]:g} s), gunicorn 4 sync workers, locust on the same 2 cores.",
        "",
        "| requests | count | errors | per second | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"- After the run: {check['acknowledged_saves']} cotations acknowledged to the clients, "
        f"{check['ratings_checked']} rated elements checked in the database (mark and version), "
        f"{check['audit_events']} history entries; missing {len(check['missing'])}, wrong "
        f"{len(check['wrong'])}, unexpected {len(check['unexpected'])} → "
        f"{'**all there**' if check['ok'] else '**MISMATCH**'}.",
        f"- Same element saved by {race['clients']} clients at once, {race['rounds']} times: "
        f"{'exactly one winner each time, the others told, one version and one history entry' if race['ok'] else 'FAILED: ' + json.dumps(race['bad'])[:300]}.",
        f"- Backup of the demo + 20 documents: {backup['backup_s']} s, {backup['archive_kb']} kB; restore "
        f"into a fresh installation {backup['restore_s']} s — {backup['restore_said']} "
        f"{'(tables and files compared again: identical)' if backup['identical'] else 'DIFFERENT'}.",
        f"- Server killed during a grid import ({ki['filled_cells']} cotations): "
        f"{'nothing written' if ki['unchanged_after_kill'] else 'PARTIAL WRITE'}; retried after restart: "
        f"HTTP {ki['retry_status']}, {ki['audit_rows_added_by_retry']} history entries.",
        f"- Worker killed while saving a PDF: page said « en cours » while dead: {kr.get('while_dead')}; "
        f"after restart « interrompu » with « Réessayer »: {kr.get('told_interrupted')}; no file offered "
        f"(HTTP {kr.get('first_download_status')}); retry gave a {kr.get('retry_pdf_bytes', 0) // 1024} kB PDF.",
        "",
    ]


def section(summary: str = "") -> str:
    lines = [
        START,
        "",
        f"Machine: {platform.machine()}, {_cpus()} cores, Python {platform.python_version()}.",
        "",
    ]
    for engine in ("sqlite", "postgresql"):
        path = ROOT / "var" / "proof" / f"{engine}.json"
        if path.exists():
            lines += engine_lines(json.loads(path.read_text(encoding="utf-8")))
    if summary:
        lines += ["### Security, fuzz and accessibility tests", "", *summary.strip().splitlines(), ""]
    lines.append(END)
    return "\n".join(lines)


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


def main(argv: list[str]) -> int:
    summary = Path(argv[0]).read_text(encoding="utf-8") if argv else ""
    doc = ROOT / "docs" / "reliability.md"
    text = doc.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    doc.write_text(before + section(summary) + after, encoding="utf-8")
    print(section(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
