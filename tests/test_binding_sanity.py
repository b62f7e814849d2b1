"""Guard against the PySide6 6.12.0-on-Python-3.11 bug: void-returning calls leak None's refcount
and abort the interpreter after ~5,000 calls (platform-notes §0). Fails if a release regresses."""

from __future__ import annotations

import sys

import pytest

QtWidgets = pytest.importorskip("PySide6.QtWidgets")


def test_void_calls_keep_none_refcount(qtbot: object) -> None:
    label = QtWidgets.QLabel()
    before = sys.getrefcount(None)
    for i in range(1000):
        label.setText(str(i))
    after = sys.getrefcount(None)
    assert abs(after - before) < 100, f"None refcount drifted by {before - after} over 1,000 setText calls"


def test_pin_excludes_broken_release() -> None:
    import PySide6

    version = tuple(int(p) for p in PySide6.__version__.split(".")[:2])
    if sys.version_info < (3, 12):
        assert version < (6, 12), f"PySide6 {PySide6.__version__} is known to crash on Python 3.11"
