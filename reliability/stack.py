"""A throw-away Ouvrage: fresh database (SQLite file, or a new database on the PostgreSQL server of
DATABASE_URL), its own var folder, the `ouvrage` command, and a gunicorn server on a free port."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def engine() -> str:
    """'postgresql' when DATABASE_URL points at PostgreSQL (scripts/with-postgres.sh), else 'sqlite'."""
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postg") else "sqlite"


def _admin_url(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{dbname}"))


def _pg_exec(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


@dataclass
class Stack:
    """One installation: its environment (database, var folder, settings) and helpers to run it."""

    folder: Path
    database_url: str
    engine: str
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_", "HYPOTHESIS"))}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.dev",
                "DJANGO_DEBUG": "0",
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DATABASE_URL": self.database_url,
                "OUVRAGE_VAR_DIR": str(self.folder / "var"),
                "PYTHONPATH": str(ROOT),
            }
        )
        env.update(self.extra_env)
        return env

    def _run(self, argv: list[str], timeout: float) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", *argv],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def ouvrage(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
        """Run `ouvrage ARGS` against this installation."""
        result = self._run(["ouvrage.cli", *args], timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"ouvrage {' '.join(args)} a échoué :\n{result.stdout}\n{result.stderr}")
        return result

    def python(self, module: str, *args: str, timeout: float = 600) -> str:
        """Run `python -m MODULE ARGS` with this installation's environment; its standard output."""
        result = self._run([module, *args], timeout)
        if result.returncode != 0:
            raise RuntimeError(f"python -m {module} a échoué :\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def popen(self, *args: str, env_extra: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
        """Start `ouvrage ARGS` in its own process group (kill_group() stops it and its children)."""
        return subprocess.Popen(
            [sys.executable, "-m", "ouvrage.cli", *args],
            env={**self.env, **(env_extra or {})},
            cwd=ROOT,
            start_new_session=True,
            **kwargs,
        )

    def sibling(self, name: str) -> Stack:
        """Another, empty installation on the same engine (for restores)."""
        return new_stack(self.folder.parent / name)

    def drop(self) -> None:
        if self.engine == "postgresql":
            dbname = urlsplit(self.database_url).path.lstrip("/")
            _pg_exec(self.database_url, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def new_stack(folder: Path) -> Stack:
    """An empty installation in `folder` (created), on the engine of this process's DATABASE_URL."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "var").mkdir(exist_ok=True)
    if engine() == "postgresql":
        base = os.environ["DATABASE_URL"]
        dbname = f"ouvrage_proof_{secrets.token_hex(4)}"
        _pg_exec(base, f'CREATE DATABASE "{dbname}"')
        return Stack(folder, _admin_url(base, dbname), "postgresql")
    return Stack(folder, f"sqlite:///{folder / 'var' / 'ouvrage.sqlite3'}", "sqlite")


@contextmanager
def stack(folder: Path) -> Iterator[Stack]:
    made = new_stack(folder)
    try:
        yield made
    finally:
        made.drop()


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


@dataclass
class Server:
    process: subprocess.Popen
    base_url: str
    log: Path

    def kill(self) -> None:
        """Kill at once, as a power cut would (SIGKILL to every worker)."""
        kill_group(self.process)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL a process started in its own group, and all of its children: a power cut."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def start_server(
    made: Stack, *, workers: int = 4, port: int | None = None, env_extra: dict[str, str] | None = None
) -> Server:
    """gunicorn (sync workers) serving this installation on 127.0.0.1."""
    port = port or free_port()
    log = made.folder / f"gunicorn-{port}.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
        ],
        env={**made.env, **(env_extra or {})},
        cwd=ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: kill() reaches every worker
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base_url}/compte/connexion/")
    except Exception:
        process.kill()
        raise RuntimeError(f"Le serveur n'a pas démarré :\n{log.read_text()[-3000:]}") from None
    return Server(process, base_url, log)


@contextmanager
def serving(made: Stack, *, workers: int = 4) -> Iterator[Server]:
    server = start_server(made, workers=workers)
    try:
        yield server
    finally:
        server.stop()


def signed_in(base_url: str, email: str, password: str) -> requests.Session:
    """A browser-like session signed in through the login form."""
    session = requests.Session()
    page = session.get(f"{base_url}/compte/connexion/", timeout=30)
    token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = session.post(
        f"{base_url}/compte/connexion/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise RuntimeError(f"connexion refusée pour {email}")
    return session
