"""The layering rule: only vpcdesigner.ui may import Qt or pyqtgraph; model and sim import no UI."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "vpcdesigner"
QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                parts = path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level]
                names.add(".".join((*parts, node.module)))
            else:
                names.add(node.module)
    return names


def _python_files(outside_ui: bool) -> list[Path]:
    files = [p for p in PACKAGE.rglob("*.py") if "_assets" not in p.parts]
    ui = PACKAGE / "ui"
    return [p for p in files if (ui not in p.parents) == outside_ui]


def test_only_ui_imports_qt() -> None:
    offenders = []
    for path in _python_files(outside_ui=True):
        for name in _imports(path):
            if name.split(".")[0] in QT_MODULES:
                offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert offenders == []


def test_model_and_sim_do_not_import_ui_or_cli() -> None:
    offenders = []
    for sub in ("model", "sim"):
        for path in (PACKAGE / sub).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(("vpcdesigner.ui", "vpcdesigner.cli", "vpcdesigner.exchange")):
                    offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert offenders == []


def test_model_imports_only_allowed_libraries() -> None:
    allowed = {"pydantic", "pydantic_core", "psygnal", "vpcdesigner", "__future__"}
    import sys

    stdlib = sys.stdlib_module_names
    offenders = []
    for path in (PACKAGE / "model").rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            if top not in allowed and top not in stdlib:
                offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert offenders == []


def test_checker_sees_a_violation(tmp_path: Path) -> None:
    """The scanner itself works: a file that imports PySide6 is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6 import QtCore\nimport pyqtgraph as pg\n")
    assert {"PySide6", "pyqtgraph"} <= _imports_for_test(bad)


def _imports_for_test(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out
