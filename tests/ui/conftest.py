"""Fixtures for the editor tests: a window on the AnyCompany sample with throw-away settings and recovery."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from vpcdesigner.model import Design, load


@pytest.fixture(autouse=True)
def _collect_garbage_in_the_gui_thread() -> Iterator[None]:
    """Python's cyclic GC may otherwise run in a worker thread (e.g. an import job) and destroy Qt
    objects there, which crashes Qt; collect only here, on the GUI thread, between tests."""
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if was_enabled:
        gc.enable()


@pytest.fixture
def sample_design(anycompany_path: Path) -> Design:
    return load(anycompany_path)


@pytest.fixture
def window(qtbot, tmp_path: Path, sample_design: Design) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui.files import Recovery
    from vpcdesigner.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    (tmp_path / "recovery").mkdir()
    w = MainWindow(settings=settings, recovery=Recovery(tmp_path / "recovery"), autosave_ms=3_600_000)
    w.messages = []  # type: ignore[attr-defined]
    w.message = lambda title, text, error=True: w.messages.append(text)  # type: ignore[method-assign]
    w.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.set_design(sample_design, None)
    w.show()
    qtbot.waitExposed(w)
    w.view.set_zoom(1.0)
    yield w
    w.stack.setClean()
