import html
import os
import re

import pytest


def page_text(response) -> str:
    """The response body as a person reads it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def visible_text(response) -> str:
    """Only the words: tags removed, white space folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_text(response))).replace(" :", " :")


def production_env(tmp_path) -> dict[str, str]:
    """The environment of a production installation in `tmp_path` (SQLite there, no DATABASE_URL)."""
    import os
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": "x7#" + "k" * 60 + "Qz9!pL",
        "DJANGO_ALLOWED_HOSTS": "ouvrage.example.org",
        "OUVRAGE_VAR_DIR": str(tmp_path),
        "OUVRAGE": str(Path(sys.executable).parent / "ouvrage"),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


# A test that builds its own SQLite database in a subprocess, whatever the stage: the SQLite stage runs
# it; the PostgreSQL stage (scripts/with-postgres.sh) would only run the same thing again.
SQLITE_STAGE_ONLY = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="builds its own SQLite database whatever the stage: run in the SQLite stage",
)
