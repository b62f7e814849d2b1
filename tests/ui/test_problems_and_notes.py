"""Live problems follow edits (off the typing path) and reveal their object; notes are added, moved, edited."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from ui_helpers import drag

from vpcdesigner.ui.commands import EditResource


def test_problem_appears_after_an_edit_and_click_reveals_it(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.problems
    panel.wait()
    qtbot.waitUntil(lambda: "error" in panel.status.text() or "No problems" in panel.status.text())
    before = {(p.code, p.object) for p in panel.problems}
    # Overlap public-b with public-a: a design error the checks must report.
    window.stack.push(EditResource(window.doc, "public-b", cidr="10.0.1.0/24"))
    panel.wait()
    qtbot.waitUntil(lambda: {(p.code, p.object) for p in panel.problems} != before, timeout=5000)
    new = [p for p in panel.problems if (p.code, p.object) not in before]
    assert new and any(p.object in ("public-a", "public-b") for p in new)
    row = next(i for i in range(panel.tree.topLevelItemCount())
               if panel.tree.topLevelItem(i).text(2) in ("public-a", "public-b"))
    item = panel.tree.topLevelItem(row)
    panel.tree.itemClicked.emit(item, 0)
    assert window.scene.selected_ids() == [item.text(2)]
    window.stack.undo()
    panel.wait()
    qtbot.waitUntil(lambda: {(p.code, p.object) for p in panel.problems} == before, timeout=5000)


def test_notes_add_move_edit_undo(window) -> None:  # type: ignore[no-untyped-def]
    nid = window.editing.add_note(QPointF(-400, -300), "remember the NAT")
    note = window.scene.note_items()[nid]
    assert note.text == "remember the NAT"
    start = note.mapToScene(note.rect().center())
    drag(window.view, start, start + QPointF(60, 40))
    moved = next(n for n in window.doc.design.notes if n.id == nid)
    assert (moved.x, moved.y) == (-340.0, -260.0)
    window.editing.set_note_text(nid, "remember")
    window.editing.set_note_text(nid, "remember the NAT gateway")
    assert window.stack.count() == 3  # add, move, typing merged into one edit
    for _ in range(3):
        window.stack.undo()
    window.scene.flush()
    assert window.doc.design.notes == ()
    assert nid not in window.scene.note_items()
