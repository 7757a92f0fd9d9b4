"""How the packages of Ouvrage import each other, measured from the code (`python scripts/imports.py`).

Prints the imports between packages of `ouvrage/`, the pairs of packages that import each other, the
imports hidden inside functions, and the imports that run up the layers declared in pyproject.toml
(`[tool.importlinter]`, explained in docs/architecture.md). Imports under `if TYPE_CHECKING:` are
type hints, not dependencies at run time: counted apart. tests/test_architecture.py uses the same
functions.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Import:
    source: str  # package of the importing file (ouvrage.<package>)
    target: str  # package imported
    file: str
    line: int
    in_function: bool
    type_only: bool


@dataclass
class Report:
    imports: list[Import] = field(default_factory=list)

    @property
    def between(self) -> list[Import]:
        return [i for i in self.imports if not i.type_only]

    @property
    def pairs(self) -> Counter[tuple[str, str]]:
        return Counter((i.source, i.target) for i in self.between)

    @property
    def mutual(self) -> list[tuple[str, str]]:
        pairs = self.pairs
        return sorted({tuple(sorted(p)) for p in pairs if (p[1], p[0]) in pairs})  # type: ignore[misc]

    @property
    def in_functions(self) -> list[Import]:
        return [i for i in self.between if i.in_function]

    def up_a_layer(self, layers: list[list[str]]) -> list[Import]:
        rank = {package: n for n, level in enumerate(layers) for package in level}
        return [
            i
            for i in self.between
            if i.source in rank and i.target in rank and rank[i.target] > rank[i.source]
        ]


def package_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:2])


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _function_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def read(package_root: Path = ROOT / "ouvrage") -> Report:
    report = Report()
    for path in sorted(package_root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        source = package_of(path)
        typed, functions = _type_checking_lines(tree), _function_lines(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] != "ouvrage" or len(parts) < 2:
                    continue
                target = ".".join(parts[:2])
                if target == source:
                    continue
                report.imports.append(
                    Import(
                        source,
                        target,
                        str(path.relative_to(ROOT)),
                        node.lineno,
                        node.lineno in functions,
                        node.lineno in typed,
                    )
                )
    return report


def declared_layers(pyproject: Path = ROOT / "pyproject.toml") -> list[list[str]]:
    """The layers of the import contract, top first, each a list of sibling packages."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [[p.strip() for p in level.split("|")] for level in contract["layers"]][::-1]


def main() -> int:
    report = read()
    layers = declared_layers()
    print(
        f"imports between packages of ouvrage/: {len(report.between)} in {len(report.pairs)} pairs of packages"
    )
    print(f"pairs of packages importing each other: {len(report.mutual)}")
    for a, b in report.mutual:
        print(f"  {a} <-> {b}")
    print(f"imports inside functions: {len(report.in_functions)}")
    for i in report.in_functions:
        print(f"  {i.file}:{i.line} {i.target}")
    up = report.up_a_layer(layers)
    print(f"imports running up a layer: {len(up)}")
    for i in up:
        print(f"  {i.file}:{i.line} {i.source} -> {i.target}")
    print(
        f"type-only imports (under TYPE_CHECKING, not counted above): {sum(i.type_only for i in report.imports)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
