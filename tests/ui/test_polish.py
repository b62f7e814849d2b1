"""Editor polish: crisp icons on high-DPI screens, a window destroyed with a full undo stack."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication

from vpcdesigner.model import Design


def test_icon_is_crisp_at_device_pixel_ratio_two(qtbot) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui import icons

    pm = icons.icon("vpc").pixmap(QSize(24, 24), 2.0)
    assert (pm.width(), pm.height()) == (48, 48)
    assert pm.devicePixelRatio() == 2.0
    assert not pm.toImage().isNull() and pm.toImage().pixelColor(24, 24).alpha() + sum(
        pm.toImage().pixelColor(x, 24).alpha() for x in range(48)) > 0


def test_closing_window_with_commands_on_the_stack_raises_nothing(
        qtbot, tmp_path: Path, sample_design: Design) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui.files import Recovery
    from vpcdesigner.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    (tmp_path / "recovery").mkdir()
    w = MainWindow(settings=settings, recovery=Recovery(tmp_path / "recovery"), autosave_ms=3_600_000)
    w.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    w.set_design(sample_design, None)
    w.show()
    w.scene.items_by_id()["store-vpc"].setSelected(True)
    w.editing.nudge(10, 0)
    assert w.stack.count() > 0
    titles: list[str] = []
    w.stack.indexChanged.connect(lambda _i: titles.append(w.windowTitle()))
    w.close()
    shiboken6.delete(w)  # destroy the C++ window now, as the end of a test (or the app) does
    QApplication.processEvents()
    assert titles == []  # the stack stayed silent while the window went away
