"""Kill the server in the middle of an import and the worker in the middle of a PDF: after a restart
nothing is half-written and the person can retry (reliability/faults.py)."""

from __future__ import annotations

from reliability.faults import kill_during_grid_import, kill_during_report
from reliability.stack import stack


def test_a_killed_import_leaves_nothing_and_can_be_retried(tmp_path):
    with stack(tmp_path / "import") as made:
        made.ouvrage("demo", "--no-server")
        seen = kill_during_grid_import(made)
    assert seen["filled_cells"] > 100
    assert "status" not in seen["client_saw"]  # the server died before answering
    assert seen["unchanged_after_kill"], "a killed import left cotations or history behind"
    assert seen["retry_status"] == 302 and "/evaluations/" in seen["retry_redirect"]
    assert seen["ratings_changed_by_retry"]
    assert seen["audit_rows_added_by_retry"] == seen["filled_cells"] + 1  # each cotation + the import


def test_a_killed_report_is_shown_interrupted_and_can_be_asked_again(tmp_path):
    with stack(tmp_path / "report") as made:
        made.ouvrage("demo", "--no-server")
        seen = kill_during_report(made)
    assert seen["second_worker_left_it"]  # a worker starting beside a live one
    assert seen["while_dead"]
    assert seen["told_interrupted"]
    assert seen["first_download_status"] == 404  # no half-written PDF is offered
    assert seen["retry_pdf"] and seen["retry_pdf_bytes"] > 50_000


def test_the_proof_signs_in_with_the_demo_password():
    from ouvrage.demo.data import DEMO_PASSWORD
    from reliability import faults

    assert faults.DEMO_PASSWORD == DEMO_PASSWORD
