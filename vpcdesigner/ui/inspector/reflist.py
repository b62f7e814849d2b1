"""A list-of-references field (security groups, subnets, VPCs …) as a checkable list of object names.

Typing comma-separated ids invites typos; ticking names cannot refer to a missing object. Each
tick is one change (the panel pushes one undo step per toggle). Candidates are limited to the
object's own VPC when it has one, so a 5,000-object design does not list every subnet it holds.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from vpcdesigner.model import Design, Resource

MAX_ROWS = 8
ROW_H = 22


def vpc_of(design: Design, resource: Any) -> str | None:
    """The VPC an object lives in (directly, through its subnet or its first subnet), if any."""
    res = design.resources
    vpc = getattr(resource, "vpc", None)
    if isinstance(vpc, str) and vpc in res:
        return vpc
    subnet = getattr(resource, "subnet", None)
    if subnet is None:
        subnets = getattr(resource, "subnets", ())
        subnet = subnets[0] if isinstance(subnets, tuple) and subnets else None
    if isinstance(subnet, str) and subnet in res:
        parent = getattr(res[subnet], "vpc", None)
        return parent if isinstance(parent, str) else None
    return None


def candidates(design: Design, resource: Resource, kinds: tuple[str, ...], chosen: tuple[str, ...]) -> list[str]:
    """Ids that may be ticked: the right kinds, in the object's VPC when both have one, plus the chosen."""
    home = vpc_of(design, resource)
    out = []
    for r in design.resources.values():
        if r.id == resource.id or (kinds and r.kind not in kinds):
            continue
        where = vpc_of(design, r)
        if home is None or where is None or where == home or r.id in chosen:
            out.append(r.id)
    out += [c for c in chosen if c not in out]
    return sorted(out, key=lambda i: (design.resources[i].display_name.lower() if i in design.resources else i, i))


def caption(design: Design, rid: str) -> str:
    r = design.resources.get(rid)
    if r is None:
        return f"{rid}  (missing)"
    return r.display_name if r.display_name == rid else f"{r.display_name}  ({rid})"


class RefList(QListWidget):
    """Checkable object names; `changed` carries the ticked ids (kept in their previous order)."""

    changed = Signal(tuple)

    def __init__(self, design: Design, resource: Resource, kinds: tuple[str, ...], chosen: tuple[str, ...]) -> None:
        super().__init__()
        self._chosen = tuple(chosen)
        self._loading = True
        for rid in candidates(design, resource, kinds, self._chosen):
            item = QListWidgetItem(caption(design, rid))
            item.setData(Qt.ItemDataRole.UserRole, rid)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if rid in self._chosen else Qt.CheckState.Unchecked)
            item.setToolTip(rid)
            self.addItem(item)
        self._loading = False
        rows = max(1, min(self.count(), MAX_ROWS))
        row_h = self.sizeHintForRow(0) if self.count() else ROW_H
        self.setFixedHeight(rows * max(row_h, 12) + 2 * self.frameWidth() + 4)  # no empty band below
        if self.count() == 0:
            self.setToolTip("Nothing of the right kind to choose from yet")
        self.itemChanged.connect(self._on_item_changed)

    def ids(self) -> tuple[str, ...]:
        """The ticked ids: the ones ticked before keep their order, new ones go last."""
        ticked = {self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                  if self.item(i).checkState() == Qt.CheckState.Checked}
        kept = [c for c in self._chosen if c in ticked]
        added = [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]
        return tuple(kept + [a for a in added if a in ticked and a not in kept])

    def set_ids(self, chosen: tuple[str, ...]) -> None:
        """Follow the document (undo/redo) without emitting `changed`."""
        self._loading = True
        try:
            self._chosen = tuple(chosen)
            for i in range(self.count()):
                item = self.item(i)
                state = Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen else (
                    Qt.CheckState.Unchecked)
                if item.checkState() != state:
                    item.setCheckState(state)
        finally:
            self._loading = False

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        if self._loading:
            return
        ids = self.ids()
        self._chosen = ids
        self.changed.emit(ids)
