"""Save/open through the window, modified marker, load errors as messages, crash recovery."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from vpcdesigner.model import dumps, load
from vpcdesigner.ui.files import Recovery, pending


def test_save_then_open_round_trips(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.stack.push(__import__("vpcdesigner.ui.commands", fromlist=["EditResource"]).EditResource(
        window.doc, "db", name="database"))
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    target = tmp_path / "shop"
    assert window.save_as(str(target))
    saved = tmp_path / "shop.vpcd.json"
    assert saved.exists() and not window.isWindowModified()
    assert load(saved).resources["db"].name == "database"
    assert window.recent.list()[0] == str(saved)

    window.new_design()
    assert window.doc.design.resources == {}
    assert window.open_path(str(saved))
    assert window.doc.design.resources["db"].name == "database"
    assert window.path == str(saved) and window.stack.count() == 0


def test_unsaved_changes_prompt_can_cancel(window) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui.commands import EditResource

    window.stack.push(EditResource(window.doc, "db", name="x"))
    window.ask_unsaved = lambda: "cancel"
    window.new_design()
    assert "db" in window.doc.design.resources  # nothing lost
    window.ask_unsaved = lambda: "discard"
    window.new_design()
    assert window.doc.design.resources == {}


def test_load_error_is_a_message_not_a_traceback(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.vpcd.json"
    bad.write_text('{"format": "vpcdesigner", "format_version": 1, "resources": [ {"id": "x", "kind": "vpc"} ]}')
    before = dumps(window.doc.design)
    assert not window.open_path(str(bad))
    assert len(window.messages) == 1
    assert "bad.vpcd.json" in window.messages[0] and "Traceback" not in window.messages[0]
    assert dumps(window.doc.design) == before


def test_crash_recovery_offers_autosaved_work(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui.commands import EditResource
    from vpcdesigner.ui.main_window import MainWindow

    window.stack.push(EditResource(window.doc, "db", name="unsaved-work"))
    assert window.autosave()
    assert window.recovery.path.exists()
    # The first window "crashes": it never closes, so its recovery file stays behind.
    folder = window.recovery.folder
    second = MainWindow(settings=QSettings(str(tmp_path / "s2.ini"), QSettings.Format.IniFormat),
                        recovery=Recovery(folder), autosave_ms=3_600_000)
    qtbot.addWidget(second)
    assert [p for p, _o, _t in pending(folder, exclude=second.recovery.path)] == [window.recovery.path]
    offered = []
    second.ask_recover = lambda original, when: offered.append(original) or True
    assert second.offer_recovery()
    assert offered == [None]
    assert second.doc.design.resources["db"].name == "unsaved-work"
    assert second.isWindowModified()  # recovered work still needs saving
    assert not window.recovery.path.exists()  # offered once, not again
    second.stack.setClean()


def test_clean_close_leaves_no_recovery_file(window) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui.commands import EditResource

    window.stack.push(EditResource(window.doc, "db", name="x"))
    window.autosave()
    assert window.recovery.path.exists()
    window.ask_unsaved = lambda: "discard"
    window.close()
    assert not window.recovery.path.exists()


def test_dropping_a_design_file_opens_it(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from vpcdesigner.model import Design, save

    path = tmp_path / "other.vpcd.json"
    save(Design(name="Dropped design"), path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.view.dropEvent(event)
    assert window.doc.design.name == "Dropped design"
    assert window.path == str(path)


def test_window_state_is_remembered(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui.main_window import MainWindow

    window.problems_dock.hide()
    window.close()
    again = MainWindow(settings=window.settings, recovery=Recovery(tmp_path / "recovery"), autosave_ms=3_600_000)
    qtbot.addWidget(again)
    again.show()
    assert again.problems_dock.isHidden()
    assert again.palette_dock.isVisible()
