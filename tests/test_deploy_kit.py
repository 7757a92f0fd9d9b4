"""The self-hosting kit (Containerfile, compose.yaml, scripts/entrypoint.sh): its files are consistent
and its entrypoint commands work. Built and started only where a container engine runs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.helpers import SQLITE_STAGE_ONLY, production_env

ROOT = Path(__file__).resolve().parents[1]
ENTRYPOINT = ROOT / "scripts" / "entrypoint.sh"


def _containerfile() -> str:
    return (ROOT / "Containerfile").read_text(encoding="utf-8")


def test_the_image_is_pinned_runs_unprivileged_and_checks_its_health():
    text = _containerfile()
    base = re.search(r"^FROM (\S+)", text, re.M).group(1)
    assert re.search(r":\d+\.\d+\.\d+-", base), f"pin the base image version: {base}"
    assert re.search(r"^USER (?!root)\w+", text, re.M)
    assert "HEALTHCHECK" in text and "/sante/" in text
    assert 'ENTRYPOINT ["/app/scripts/entrypoint.sh"]' in text
    assert "uv sync --frozen --no-dev" in text  # from the lock file, without the test tools
    for ignored in (".venv", ".git", "var"):
        assert ignored in (ROOT / ".containerignore").read_text(encoding="utf-8").split()


def test_compose_runs_web_worker_and_postgresql_from_one_image():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"db", "web", "worker"}
    assert services["web"]["command"] == ["web"] and services["worker"]["command"] == ["worker"]
    assert services["web"]["image"] == services["worker"]["image"]
    assert services["db"]["image"].startswith("docker.io/library/postgres:")
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    environment = services["web"]["environment"]
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "OUVRAGE_TRUSTED_PROXIES"):
        assert name in environment
    assert environment["DATABASE_URL"].split("@")[1].startswith("db:5432/")
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"


@SQLITE_STAGE_ONLY
def test_the_entrypoint_commands_work_without_a_container(tmp_path):
    assert subprocess.run(["bash", "-n", str(ENTRYPOINT)], check=False).returncode == 0  # noqa: S603,S607
    env = production_env(tmp_path)
    checked = subprocess.run([str(ENTRYPOINT), "check"], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert checked.returncode == 0, checked.stdout + checked.stderr
    migrated = subprocess.run(  # noqa: S603
        [str(ENTRYPOINT), "migrate", "--noinput"], env=env, capture_output=True, text=True, check=False
    )
    assert migrated.returncode == 0, migrated.stderr
    daily = subprocess.run([str(ENTRYPOINT), "daily"], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert daily.returncode == 0, daily.stderr
    assert "Personnes accompagnées anonymisées" in daily.stdout


@pytest.mark.skipif(
    not (shutil.which("podman") or shutil.which("docker"))
    or subprocess.run(  # noqa: S603
        [shutil.which("podman") or shutil.which("docker") or "true", "info"], capture_output=True, check=False
    ).returncode
    != 0,
    reason="no container engine runs on this machine: the entrypoint is tested directly above",
)
def test_the_image_builds():  # pragma: no cover - needs a container engine
    engine = shutil.which("podman") or shutil.which("docker")
    built = subprocess.run(  # noqa: S603
        [engine, "build", "-t", "ouvrage-test", "-f", "Containerfile", "."],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
