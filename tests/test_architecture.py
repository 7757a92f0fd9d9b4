"""The house cannot knot again: the import contract (import-linter), every package in a layer, no
import hidden in a function to dodge a cycle, migrations in step with the models, one README per
domain package."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("imports_report", ROOT / "scripts" / "imports.py")
assert spec and spec.loader
imports_report = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = imports_report  # dataclasses look their module up
spec.loader.exec_module(imports_report)


def packages() -> set[str]:
    return {f"ouvrage.{p.name}" for p in (ROOT / "ouvrage").iterdir() if (p / "__init__.py").exists()}


def test_the_import_contracts_are_kept():
    command = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(command)], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "2 kept, 0 broken" in result.stdout


def test_every_package_has_its_layer():
    layered = {p for level in imports_report.declared_layers() for p in level}
    assert packages() == layered, "add the new package to [tool.importlinter] layers in pyproject.toml"


def test_nothing_runs_up_a_layer_nor_hides_in_a_function():
    report = imports_report.read()
    assert report.up_a_layer(imports_report.declared_layers()) == []
    assert report.mutual == []
    hidden = [f"{i.file}:{i.line} imports {i.target}" for i in report.in_functions]
    assert hidden == [], "import at the top of the module; a cycle means a layer is wrong"


def test_the_report_sees_a_forbidden_import(tmp_path):
    """The measure itself can fail: a domain importing the web layer inside a function is found."""
    (tmp_path / "ouvrage" / "frames").mkdir(parents=True)
    (tmp_path / "ouvrage" / "frames" / "views.py").write_text(
        "def f():\n    from ouvrage.www.frames import views\n", encoding="utf-8"
    )
    original = imports_report.ROOT
    imports_report.ROOT = tmp_path
    try:
        report = imports_report.read(tmp_path / "ouvrage")
    finally:
        imports_report.ROOT = original
    layers = [["ouvrage.frames"], ["ouvrage.www"]]
    assert [i.target for i in report.up_a_layer(layers)] == ["ouvrage.www"]
    assert len(report.in_functions) == 1


def test_each_domain_package_says_what_it_owns():
    missing = [p for p in sorted(packages()) if not (ROOT / p.replace(".", "/") / "README.md").exists()]
    assert missing == []


@pytest.mark.django_db
def test_migrations_are_in_step_with_the_models():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        pytest.fail(f"makemigrations --check: {out.getvalue()} ({exc})")
