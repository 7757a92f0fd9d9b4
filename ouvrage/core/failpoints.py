"""Named points where the proof suite stops a process to kill it (reliability/faults.py).

In normal operation `OUVRAGE_FAILPOINT` is unset and `failpoint()` returns at once. When it names the
point reached, the process writes its pid to `OUVRAGE_FAILPOINT_FILE` and waits there, holding
whatever it holds (an open transaction, a half-produced document), so that a test can kill it at
exactly that moment and check what is left after a restart.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def failpoint(name: str) -> None:
    if os.environ.get("OUVRAGE_FAILPOINT") != name:
        return
    marker = os.environ.get("OUVRAGE_FAILPOINT_FILE")
    if marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(float(os.environ.get("OUVRAGE_FAILPOINT_WAIT", "600")))
