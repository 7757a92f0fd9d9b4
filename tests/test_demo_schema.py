"""`ouvrage demo` creates a new database's tables from the models at once and records every migration
as applied (demo.create_schema, half of the demo's start-up): the schema must be the one the
migrations build, column for column, index for index, constraint for constraint."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.helpers import SQLITE_STAGE_ONLY

ROOT = Path(__file__).resolve().parent.parent
BUILD = {
    "migrations": "from django.core.management import call_command; call_command('migrate', verbosity=0)",
    "models": "from ouvrage.demo.management.commands.demo import create_schema; create_schema()",
}


def _build(how: str, folder: Path) -> Path:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "OUVRAGE_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder}/schema.sqlite3",
    }
    code = f"import django; django.setup(); {BUILD[how]}"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)  # noqa: S603
    return folder / "schema.sqlite3"


def _schema(path: Path) -> set[tuple]:
    db = sqlite3.connect(path)
    found: set[tuple] = set()
    for name, table, sql, kind in db.execute(
        "select name, tbl_name, sql, type from sqlite_master where name not like 'sqlite_%'"
    ):
        if kind == "table":
            found |= {("column", name, *row[1:]) for row in db.execute(f'pragma table_info("{name}")')}
            found |= {("key", name, *row[2:5]) for row in db.execute(f'pragma foreign_key_list("{name}")')}
            found |= {("check", name, c) for c in re.findall(r"CHECK \((.*?)\)(?:,|\)$)", sql or "")}
        elif kind == "index":
            columns = tuple(row[2] for row in db.execute(f'pragma index_info("{name}")'))
            found.add(("index", table, name, columns, re.sub(r"\s+", " ", sql or "")))
    applied = set(db.execute("select app, name from django_migrations"))
    db.close()
    return found | {("applied", *row) for row in applied}


@SQLITE_STAGE_ONLY
def test_the_demo_s_schema_is_the_migrations_schema(tmp_path):
    migrated = _schema(_build("migrations", tmp_path / "a"))
    created = _schema(_build("models", tmp_path / "b"))
    assert len(migrated) > 1000
    assert migrated - created == set()
    assert created - migrated == set()
