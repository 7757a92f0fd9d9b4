"""Kill Ouvrage in the middle of work and look at what is left: the import of a filled grid file (the
web server dies with the import's transaction open) and the production of a PDF (the worker dies
while writing it). After a restart nothing is half-written and the person can do it again."""

from __future__ import annotations

import io
import json
import threading
import time
from pathlib import Path
from typing import Any

import requests
from openpyxl import load_workbook

from reliability.stack import Stack, kill_group, serving, signed_in, start_server

QUALITY = "qualite@tilleuls.example.org"
# The demo accounts' password (ouvrage/core/demo.py; importing it would need Django set up here).
DEMO_PASSWORD = "ouvrage-demo-2026"  # noqa: S105


def _wait_for_file(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} n'est pas apparu en {timeout} s")
        time.sleep(0.1)


def _failpoint_env(made: Stack, name: str) -> tuple[dict[str, str], Path]:
    marker = made.folder / f"failpoint-{name}"
    marker.unlink(missing_ok=True)
    return {"OUVRAGE_FAILPOINT": name, "OUVRAGE_FAILPOINT_FILE": str(marker)}, marker


def _tables(made: Stack, *names: str) -> dict[str, Any]:
    tables = json.loads(made.python("reliability.seed", "fingerprints"))["tables"]
    return {name: tables[name] for name in names}


def _filled_grid_file(session: requests.Session, base_url: str, campaign: int) -> tuple[bytes, int]:
    """The campaign's grids as exported, with « 3 » typed in every empty cotation cell."""
    exported = session.get(f"{base_url}/evaluations/{campaign}/grilles.xlsx", timeout=60)
    exported.raise_for_status()
    workbook = load_workbook(io.BytesIO(exported.content))
    filled = 0
    for sheet in workbook.worksheets:
        header = [c.value for c in sheet[1]]
        if "Cotation" not in header:
            continue
        column = header.index("Cotation") + 1
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, 1).value and not sheet.cell(row, column).value:
                sheet.cell(row, column).value = "3"
                filled += 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), filled


def _upload(session: requests.Session, base_url: str, campaign: int, data: bytes) -> requests.Response:
    url = f"{base_url}/evaluations/{campaign}/grilles/import/"
    return session.post(
        url,
        files={"file": ("grilles.xlsx", data)},
        headers={"X-CSRFToken": session.cookies.get("csrftoken", ""), "Referer": url},
        allow_redirects=False,
        timeout=120,
    )


def kill_during_grid_import(made: Stack) -> dict[str, Any]:
    """The server is killed (SIGKILL, every worker) while an import holds its transaction open."""
    campaign = json.loads(made.python("reliability.seed", "campaigns"))["current"]
    env, marker = _failpoint_env(made, "grid_import.before_commit")
    server = start_server(made, workers=2, env_extra=env)
    session = signed_in(server.base_url, QUALITY, DEMO_PASSWORD)
    data, filled = _filled_grid_file(session, server.base_url, campaign)
    before = _tables(made, "campaigns_rating", "audit_auditevent")
    answer: dict[str, Any] = {}

    def upload() -> None:
        try:
            answer["status"] = _upload(session, server.base_url, campaign, data).status_code
        except requests.RequestException as exc:
            answer["error"] = type(exc).__name__

    thread = threading.Thread(target=upload)
    thread.start()
    _wait_for_file(marker)  # every cotation is written, the transaction not yet committed
    server.kill()
    thread.join(timeout=60)
    after_kill = _tables(made, "campaigns_rating", "audit_auditevent")
    with serving(made, workers=2) as again:
        session = signed_in(again.base_url, QUALITY, DEMO_PASSWORD)
        retried = _upload(session, again.base_url, campaign, data)
    after_retry = _tables(made, "campaigns_rating", "audit_auditevent")
    return {
        "filled_cells": filled,
        "client_saw": answer,
        "unchanged_after_kill": after_kill == before,
        "retry_status": retried.status_code,
        "retry_redirect": retried.headers.get("Location", ""),
        "audit_rows_added_by_retry": after_retry["audit_auditevent"]["rows"]
        - before["audit_auditevent"]["rows"],
        "ratings_changed_by_retry": after_retry["campaigns_rating"] != before["campaigns_rating"],
    }


def _job_page(session: requests.Session, base_url: str, job_url: str) -> str:
    response = session.get(f"{base_url}{job_url}", timeout=30)
    response.raise_for_status()
    return response.text


def _wait_page(
    session: requests.Session, base_url: str, job_url: str, text: str, timeout: float = 120
) -> str:
    deadline = time.monotonic() + timeout
    while True:
        page = _job_page(session, base_url, job_url)
        if text in page:
            return page
        if time.monotonic() > deadline:
            raise TimeoutError(f"« {text} » n'est pas apparu sur {job_url}")
        time.sleep(0.5)


def kill_during_report(made: Stack) -> dict[str, Any]:
    """The worker is killed while it writes a PDF; restarted, it marks the document interrupted;
    the person asks again and gets it."""
    campaign = json.loads(made.python("reliability.seed", "campaigns"))["complete"]
    env, marker = _failpoint_env(made, "report.before_save")
    result: dict[str, Any] = {}
    second = None
    with serving(made, workers=2) as server:
        worker = made.popen("worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", env_extra=env)
        try:
            session = signed_in(server.base_url, QUALITY, DEMO_PASSWORD)
            request_url = f"/evaluations/{campaign}/documents/self_evaluation/"
            headers = {"X-CSRFToken": session.cookies.get("csrftoken", ""), "Referer": server.base_url}
            asked = session.post(f"{server.base_url}{request_url}", headers=headers, allow_redirects=False)
            job_url = asked.headers["Location"]
            _wait_for_file(marker, timeout=120)  # the PDF is made, being saved
            # A second worker starts meanwhile (several workers, one installation): its start-up
            # recovery leaves the live worker's document alone.
            second = made.popen("worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")
            time.sleep(8)
            result["second_worker_left_it"] = "En cours" in _job_page(session, server.base_url, job_url)
        finally:
            kill_group(worker)
        result["while_dead"] = "En cours" in _job_page(session, server.base_url, job_url)
        if second is not None:
            kill_group(second)
        worker = made.popen("worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")
        try:
            page = _wait_page(session, server.base_url, job_url, "Production interrompue")
            result["told_interrupted"] = "Réessayer" in page
            result["first_download_status"] = session.get(f"{server.base_url}{job_url}pdf/").status_code
            again = session.post(f"{server.base_url}{request_url}", headers=headers, allow_redirects=False)
            new_job = again.headers["Location"]
            _wait_page(session, server.base_url, new_job, "Télécharger le PDF")
            pdf = session.get(f"{server.base_url}{new_job}pdf/")
            result["retry_pdf"] = pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
            result["retry_pdf_bytes"] = len(pdf.content)
        finally:
            kill_group(worker)
    return result
