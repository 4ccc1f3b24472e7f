"""The folders tell the architecture (../shared/STYLE.md): tracking may read routines, routines
never imports tracking, and the pure rule modules import no Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE_MODULES = [
    "routines/plan_engine.py",
    "routines/easing.py",
    "routines/figures.py",
    "routines/starting_figures.py",
    "tracking/adaptation.py",
    "tracking/guided.py",
    "tracking/charts.py",
    "tracking/report_chart.py",
]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path", sorted((ROOT / "routines").rglob("*.py")), ids=lambda path: str(path.relative_to(ROOT))
)
def test_routines_never_imports_tracking(path: Path) -> None:
    assert not {name for name in imported_modules(path) if name.split(".")[0] == "tracking"}


@pytest.mark.parametrize("module", PURE_MODULES)
def test_the_rule_modules_are_pure_python(module: str) -> None:
    outside = {
        name
        for name in imported_modules(ROOT / module)
        if name.split(".")[0] in {"django", "allauth", "hipflex"} or name.endswith(".models")
    }
    assert not outside
