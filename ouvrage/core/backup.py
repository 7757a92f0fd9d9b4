"""Backup and restore of one installation: the database (SQLite online backup API, or pg_dump in the
custom format) and every stored file (evidence, produced documents), in one .tar.gz archive with a
manifest. The manifest holds each table's row count and checksum and each file's checksum; a restore
compares the restored installation with it and says whether everything came back identical.

Operator tools, run from the command line (`ouvrage backup`, `ouvrage restore`); messages in French.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, connections, transaction

from ouvrage.core.sealing import SealError, is_sealed, seal, unseal

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in French."""


@dataclass(frozen=True)
class Comparison:
    tables: int
    rows: int
    files: int
    differences: list[str]


# ---------------------------------------------------------------- fingerprints


def _normalise(value: Any) -> Any:
    if isinstance(value, memoryview):
        return value.tobytes().hex()
    if isinstance(value, bytes):
        return value.hex()
    return value


def table_fingerprints(cursor: Any, tables: list[str]) -> dict[str, dict[str, Any]]:
    """Rows and a SHA-256 of every table, rows sorted, through a DB-API cursor."""
    quote = connection.ops.quote_name
    result = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (names from introspection)
        rows = [
            json.dumps([_normalise(v) for v in row], default=str, ensure_ascii=False)
            for row in cursor.fetchall()
        ]
        rows.sort()
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        result[table] = {"rows": len(rows), "sha256": digest}
    return result


def file_fingerprints(root: Path) -> dict[str, str]:
    """SHA-256 of every file under `root`, by path relative to it."""
    found = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _tables() -> list[str]:
    return [t for t in connection.introspection.table_names() if not t.startswith("sqlite_")]


def current_fingerprints() -> dict[str, Any]:
    """Fingerprints of the database and files of this installation, as a restore would compare them."""
    if connection.vendor == "sqlite":
        tables = _sqlite_fingerprints(Path(settings.DATABASES["default"]["NAME"]))
    else:
        with connection.cursor() as cursor:
            tables = table_fingerprints(cursor, _tables())
    return {"tables": tables, "files": file_fingerprints(Path(settings.PRIVATE_MEDIA_ROOT))}


def _sqlite_fingerprints(path: Path) -> dict[str, dict[str, Any]]:
    """Through the plain sqlite3 module (Django's SQLite cursor converts types: the stored values are
    what the backup copies)."""
    db = sqlite3.connect(str(path))
    try:
        tables = [
            r[0]
            for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not r[0].startswith("sqlite_")
        ]
        return table_fingerprints(db.cursor(), tables)
    finally:
        db.close()


def compare(expected: dict[str, Any], found: dict[str, Any]) -> Comparison:
    differences = []
    for table in sorted(set(expected["tables"]) | set(found["tables"])):
        a, b = expected["tables"].get(table), found["tables"].get(table)
        if a is None or b is None:
            differences.append(f"table {table} : {'absente de la sauvegarde' if a is None else 'absente'}")
        elif a != b:
            differences.append(
                f"table {table} : {b['rows']} lignes au lieu de {a['rows']}, ou contenu différent"
            )
    for name in sorted(set(expected["files"]) | set(found["files"])):
        if expected["files"].get(name) != found["files"].get(name):
            differences.append(f"fichier {name} : absent ou différent")
    return Comparison(
        tables=len(expected["tables"]),
        rows=sum(t["rows"] for t in expected["tables"].values()),
        files=len(expected["files"]),
        differences=differences,
    )


# ---------------------------------------------------------------- PostgreSQL tools


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: OUVRAGE_PG_BIN, then the PATH, then Debian's /usr/lib/postgresql/*/bin."""
    folder = os.environ.get("OUVRAGE_PG_BIN")
    if folder and (Path(folder) / name).exists():
        return str(Path(folder) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parent.parent.name)
    )
    if candidates:
        return str(candidates[-1])
    raise BackupError(f"{name} introuvable : installez le client PostgreSQL ou indiquez OUVRAGE_PG_BIN.")


def _pg_env_and_dsn() -> tuple[dict[str, str], str]:
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    parts = [f"dbname={db['NAME']}"]
    for key, arg in (("HOST", "host"), ("PORT", "port"), ("USER", "user")):
        if db.get(key):
            parts.append(f"{arg}={db[key]}")
    return env, " ".join(parts)


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} a échoué : {result.stderr.strip()[:2000]}")


# ---------------------------------------------------------------- backup


def _snapshot_database(into: Path) -> tuple[str, dict[str, Any]]:
    """Copy the database consistently into `into`; its file name and the tables' fingerprints of
    exactly that copy."""
    if connection.vendor == "sqlite":
        target = into / "database.sqlite3"
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)  # the online backup API: a consistent copy while others write
        finally:
            source.close()
        copy.close()
        return target.name, _sqlite_fingerprints(target)
    if connection.vendor == "postgresql":
        target = into / "database.pgdump"
        env, dsn = _pg_env_and_dsn()
        # One snapshot for the dump and the fingerprints: both see exactly the same data.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                _run(
                    [
                        pg_tool("pg_dump"),
                        "--format=custom",
                        "--no-owner",
                        f"--snapshot={snapshot}",
                        f"--file={target}",
                        dsn,
                    ],
                    env,
                )
                fingerprints = table_fingerprints(cursor, _tables())
            finally:
                cursor.execute("ROLLBACK")
        return target.name, fingerprints
    raise BackupError(f"Base de données non prise en charge : {connection.vendor}.")


def _migrations() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        latest: dict[str, str] = {}
        for app, name in cursor.fetchall():
            latest[app] = max(latest.get(app, ""), name)
    return latest


def backup(output: Path, key: bytes | None = None, portable: bool = False) -> dict[str, Any]:
    """Write a backup archive to `output`, sealed with `key` if given (core/sealing.py); returns its
    manifest. `portable` (PostgreSQL): the archive also holds a SQLite copy, so that it can be
    restored on a machine without PostgreSQL."""
    if key is not None:
        with tempfile.TemporaryDirectory(prefix="ouvrage-backup-") as work:
            plain = Path(work) / "archive.tar.gz"
            written = backup(plain, portable=portable)
            partial = output.with_name(output.name + ".partiel")
            output.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(descriptor, 0o600)
            with open(plain, "rb") as plain_file, os.fdopen(descriptor, "wb") as sealed_file:
                seal(plain_file, sealed_file, key)
            partial.replace(output)
        return written
    files_root = Path(settings.PRIVATE_MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="ouvrage-backup-") as work:
        folder = Path(work)
        database_file, tables = _snapshot_database(folder)
        files = file_fingerprints(files_root)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "database_file": database_file,
            "migrations": _migrations(),
            "tables": tables,
            "files": files,
        }
        if portable and connection.vendor == "postgresql":
            manifest["portable"] = {
                "database_file": "portable.sqlite3",
                "tables": _portable_copy(folder / "portable.sqlite3"),
            }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partiel")
        # Readable by the operator's account only (0600), whatever the umask: it holds everything.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(folder / database_file, arcname=database_file)
            if "portable" in manifest:
                archive.add(folder / "portable.sqlite3", arcname="portable.sqlite3")
            for name in files:
                archive.add(files_root / name, arcname=f"files/{name}")
        partial.replace(output)  # never a half-written archive under the final name
    return manifest


# ---------------------------------------------------------------- restore


def read_manifest(archive_path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive_path} n'est pas une sauvegarde d'Ouvrage lisible ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} : format de sauvegarde {manifest.get('format')} inconnu.")
    return manifest


def _is_empty() -> bool:
    return not _tables()


def _files_present(root: Path) -> Iterator[Path]:
    return (p for p in root.rglob("*") if p.is_file()) if root.exists() else iter(())


def restore(archive_path: Path, key: bytes | None = None) -> Comparison:
    """Restore an archive into this installation, which must be empty (fresh database, no files);
    then compare everything with the manifest. A sealed archive needs its key."""
    if is_sealed(archive_path):
        if key is None:
            raise BackupError(f"{archive_path} est scellée : indiquez sa clé (--key-file).")
        with tempfile.TemporaryDirectory(prefix="ouvrage-restore-") as work:
            plain = Path(work) / "archive.tar.gz"
            try:
                with open(archive_path, "rb") as sealed_file, open(plain, "wb") as plain_file:
                    unseal(sealed_file, plain_file, key)
            except SealError as exc:
                raise BackupError(f"{archive_path} : {exc}") from exc
            return restore(plain)
    manifest = read_manifest(archive_path)
    moving = manifest["engine"] == "sqlite" and connection.vendor == "postgresql"
    back = manifest["engine"] == "postgresql" and connection.vendor == "sqlite"
    if back:
        if "portable" not in manifest:
            raise BackupError(
                "Cette sauvegarde vient de PostgreSQL sans copie portable : refaites-la avec "
                "« ouvrage backup --portable » pour la restaurer sur SQLite."
            )
        manifest = {**manifest, "engine": "sqlite", **manifest["portable"]}
    if manifest["engine"] != connection.vendor and not moving:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest['engine']} ; la base configurée est {connection.vendor}."
        )
    if not _is_empty():
        raise BackupError(
            "La base de destination n'est pas vide : la restauration se fait dans une base neuve "
            "(créez-la, indiquez-la dans DATABASE_URL, puis relancez)."
        )
    files_root = Path(settings.PRIVATE_MEDIA_ROOT)
    if next(_files_present(files_root), None) is not None:
        raise BackupError(f"Le dossier des fichiers {files_root} n'est pas vide : indiquez un dossier neuf.")
    with tempfile.TemporaryDirectory(prefix="ouvrage-restore-") as work:
        folder = Path(work)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(folder, filter="data")  # refuses absolute paths and '..'
        database_file = folder / manifest["database_file"]
        if moving:
            _copy_files(folder / "files", files_root)
            return _move_sqlite_into_postgresql(database_file, manifest)
        if connection.vendor == "sqlite":
            connection.close()
            source = sqlite3.connect(str(database_file))
            target = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        else:
            env, dsn = _pg_env_and_dsn()
            connection.close()
            _run(
                [
                    pg_tool("pg_restore"),
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={dsn}",
                    str(database_file),
                ],
                env,
            )
        _copy_files(folder / "files", files_root)
    return compare(manifest, current_fingerprints())


def _copy_files(restored: Path, files_root: Path) -> None:
    if restored.exists():
        files_root.mkdir(parents=True, exist_ok=True)
        shutil.copytree(restored, files_root, dirs_exist_ok=True)


# ---------------------------------------------------------------- SQLite → PostgreSQL

SOURCE = "ouvrage_backup_source"


def _move_sqlite_into_postgresql(database_file: Path, manifest: dict[str, Any]) -> Comparison:
    """An installation that started on SQLite moves to PostgreSQL: the schema is made by the
    migrations of this version (the backup's must be the same), then every row of every table is
    copied as stored (ids, dates of creation included), sequences set after the largest id, and the
    result compared with the source value by value, through the models (the two engines store
    booleans, dates and JSON differently)."""
    from django.core.management import call_command

    if (
        table_fingerprints(sqlite3.connect(str(database_file)).cursor(), list(manifest["tables"]))
        != manifest["tables"]
    ):
        raise BackupError(
            "La base contenue dans l'archive ne correspond pas à son manifeste : archive abîmée."
        )
    call_command("migrate", verbosity=0, interactive=False)
    if _migrations() != manifest["migrations"]:
        raise BackupError(
            "La sauvegarde vient d'une autre version d'Ouvrage (migrations différentes) : restaurez-la avec "
            "la même version, puis mettez à jour."
        )
    _open_sqlite(SOURCE, database_file)
    try:
        models = _copied_models()
        with transaction.atomic():
            _copy_rows(models, SOURCE, "default")
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        expected, found = _canonical(models, SOURCE), _canonical(models, "default")
    finally:
        connections[SOURCE].close()
        del connections.databases[SOURCE]
    differences = [
        f"table {table} : {found.get(table, {}).get('rows', 0)} lignes au lieu de {expected[table]['rows']},"
        " ou contenu différent après le passage à PostgreSQL"
        for table in expected
        if expected[table] != found.get(table)
    ]
    files = file_fingerprints(Path(settings.PRIVATE_MEDIA_ROOT))
    differences += [
        f"fichier {name} : absent ou différent"
        for name in sorted(set(manifest["files"]) | set(files))
        if manifest["files"].get(name) != files.get(name)
    ]
    return Comparison(
        tables=len(expected),
        rows=sum(t["rows"] for t in expected.values()),
        files=len(manifest["files"]),
        differences=differences,
    )


def _open_sqlite(alias: str, path: Path) -> None:
    """A second database for this process: the SQLite file `path`, under `alias`."""
    connections.databases[alias] = {
        **connections.databases["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {},
        "TEST": {},
    }


PORTABLE = "ouvrage_backup_portable"


def _portable_copy(path: Path) -> dict[str, dict[str, Any]]:
    """A PostgreSQL installation copied into a new SQLite file (for `backup --portable`): schema by
    the migrations, rows as stored, checked value by value; returns the file's fingerprints."""
    from django.core.management import call_command

    _open_sqlite(PORTABLE, path)
    try:
        call_command("migrate", database=PORTABLE, verbosity=0, interactive=False)
        models = _copied_models()
        with transaction.atomic(using=PORTABLE):
            _copy_rows(models, "default", PORTABLE)
        if _canonical(models, "default") != _canonical(models, PORTABLE):
            raise BackupError("La copie portable (SQLite) diffère de la base : sauvegarde annulée.")
    finally:
        connections[PORTABLE].close()
        del connections.databases[PORTABLE]
    return _sqlite_fingerprints(path)


def _copied_models() -> list[Any]:
    from django.apps import apps

    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.db_table != "django_migrations"
    ]


def _copy_rows(models: list[Any], source: str, target: str) -> None:
    """Every row of `models` from the database `source` into `target`, as stored (raw: no field is
    recomputed on the way), after emptying what the target's migrations created."""
    target_connection = connections[target]
    quote = target_connection.ops.quote_name
    with target_connection.cursor() as cursor:
        if target_connection.vendor == "postgresql":
            tables = ", ".join(quote(m._meta.db_table) for m in models)
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        else:
            for model in models:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608 (model names)
    for model in models:
        fields = list(model._meta.concrete_fields)
        batch: list[Any] = []
        for row in model._base_manager.using(source).order_by("pk").iterator(chunk_size=2_000):
            batch.append(row)
            if len(batch) == 1_000:
                model._base_manager.using(target)._insert(batch, fields=fields, raw=True)
                batch = []
        if batch:
            model._base_manager.using(target)._insert(batch, fields=fields, raw=True)


def _canonical(models: list[Any], alias: str) -> dict[str, dict[str, Any]]:
    """Every row of every model, its values said the same way whatever the engine."""
    result = {}
    for model in models:
        fields = model._meta.concrete_fields
        rows = sorted(
            json.dumps(
                [_said(f.value_from_object(row)) for f in fields],
                default=str,
                sort_keys=True,
                ensure_ascii=False,
            )
            for row in model._base_manager.using(alias).iterator(chunk_size=2_000)
        )
        result[model._meta.db_table] = {
            "rows": len(rows),
            "sha256": hashlib.sha256("\n".join(rows).encode()).hexdigest(),
        }
    return result


def _said(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a stored file: its name
        return value.name
    return value
