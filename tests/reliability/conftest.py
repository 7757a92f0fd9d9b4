"""The proof tests drive a real server from outside (gunicorn, locust, kills): slower, behind the
`proof` marker, run by scripts/test.sh as their own stage on each database."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/reliability/" in str(item.fspath):
            item.add_marker(pytest.mark.proof)
