"""The inspector: every property of the selected object, validated as you type, plus rule tables.

Typing in one field pushes `EditResource` commands that merge into one undo step; a value that
does not validate is marked red with the model's message and never reaches the Document.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vpcdesigner.model import Document, Resource
from vpcdesigner.model.refs import iter_refs

from .. import icons
from ..commands import EditResource, EditResourceStep, SetMeta
from ..rules import reparent_changes
from ..theme import current as current_theme
from .fields import FieldInfo, fields_of, format_value, parse_value
from .reflist import RefList
from .tables import PartsTable

TABLE_TITLES = {"inbound": "Inbound rules", "outbound": "Outbound rules", "routes": "Routes",
                "records": "DNS records", "listeners": "Listeners", "targets": "Targets", "origins": "Origins",
                "hosts": "Hosts", "virtual_interfaces": "Virtual interfaces", "attachments": "Attachments"}


class InspectorPanel(QScrollArea):
    """Shows one object (or the design itself when nothing is selected)."""

    object_requested = Signal(str)

    def __init__(self, doc: Document, stack: QUndoStack) -> None:
        super().__init__()
        self.doc, self.stack = doc, stack
        self.rid: str | None = None
        self.editors: dict[tuple[str, ...], QWidget] = {}
        self.tables: dict[str, PartsTable] = {}
        self.errors: dict[tuple[str, ...], QLabel] = {}
        self._loading = False
        self.setWidgetResizable(True)
        self.setMinimumWidth(300)
        for sig in (doc.resource_changed, doc.resource_removed, doc.resource_added, doc.reset, doc.meta_changed):
            sig.connect(self._on_document_changed)
        self.show_object(None)

    # ---- building -------------------------------------------------------------------------
    def show_object(self, rid: str | None, derived: Any = None) -> None:
        self.rid = rid if rid in self.doc.design.resources else None
        self.editors.clear()
        self.tables.clear()
        self.errors.clear()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        resource = self.doc.get(self.rid) if self.rid else None
        if resource is None:
            self._build_readonly_or_design(layout, rid, derived)
        else:
            self._header(layout, resource.kind, resource.label, resource.id)
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            layout.addLayout(form)
            for info in fields_of(type(resource)):
                self._add_field(form, layout, resource, info)
        layout.addStretch(1)
        self.setWidget(body)

    def _header(self, layout: QVBoxLayout, kind: str, label: str, rid: str) -> None:
        head = QLabel()
        head.setTextFormat(Qt.TextFormat.RichText)
        head.setText(f"<span style='font-size:13pt; font-weight:600'>{label}</span><br>"
                     f"<span style='color:{current_theme().muted}'>{rid}</span>")
        row = QFrame()
        lay = QFormLayout(row)
        icon = QLabel()
        icon.setPixmap(icons.pixmap(kind, 36))
        lay.addRow(icon, head)
        layout.addWidget(row)

    def _build_readonly_or_design(self, layout: QVBoxLayout, rid: str | None, derived: Any) -> None:
        if rid and derived is not None and (rid in derived.instances or rid in derived.implicit):
            obj = derived.instances.get(rid) or derived.implicit.get(rid)
            self._header(layout, obj.kind, obj.label + " (derived)", rid)
            note = QLabel("Made by AWS or by an Auto Scaling group, so it is shown, not edited. "
                          "Edit the group or the VPC instead.")
            note.setWordWrap(True)
            layout.addWidget(note)
            form = QFormLayout()
            layout.addLayout(form)
            for info in fields_of(type(obj)):
                if info.shape == "parts":
                    text = "\n".join(getattr(p, "text", str(p)) for p in getattr(obj, info.name))
                else:
                    text = format_value(info, getattr(obj, info.name))
                lab = QLabel(text or "—")
                lab.setWordWrap(True)
                lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(info.name.replace("_", " "), lab)
            return
        self._header(layout, "app", "Design", self.doc.design.name)
        form = QFormLayout()
        layout.addLayout(form)
        name = QLineEdit(self.doc.design.name)
        name.textEdited.connect(lambda text: self.stack.push(SetMeta(self.doc, name=text)))
        form.addRow("name", name)
        self.editors[("design", "name")] = name
        counts: dict[str, int] = {}
        for r in self.doc.design.resources.values():
            counts[r.label] = counts.get(r.label, 0) + 1
        summary = QLabel("<br>".join(f"{n} × {label}" for label, n in sorted(counts.items())) or "Empty design")
        summary.setTextFormat(Qt.TextFormat.RichText)
        form.addRow("contains", summary)
        hint = QLabel("Select an object on the canvas to edit it. Drag objects from the palette; "
                      "drag the ◆ handle of a selected object onto another to connect them.")
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color:{current_theme().muted}")
        layout.addWidget(hint)

    def _add_field(self, form: QFormLayout, layout: QVBoxLayout, resource: Resource, info: FieldInfo,
                   path: tuple[str, ...] = ()) -> None:
        value = getattr(resource, info.name) if not path else getattr(getattr(resource, path[0]), info.name)
        key = (*path, info.name)
        label = info.name.replace("_", " ")
        if info.shape == "parts" and info.part_cls is not None and not path:
            table = PartsTable(TABLE_TITLES.get(info.name, label.capitalize()), info.part_cls,
                               lambda values, n=info.name: self._commit(n, values),
                               default=lambda r=resource, n=info.name: self._default_row(r, n))
            table.set_values(value)
            self.tables[info.name] = table
            layout.addWidget(table)
            return
        if info.shape == "part" and info.part_cls is not None and not path and value is not None:
            sub = QLabel(f"<b>{label}</b>")
            form.addRow(sub)
            for sub_info in fields_of(info.part_cls):
                if sub_info.shape not in ("parts", "part"):
                    self._add_field(form, layout, resource, sub_info, (info.name,))
            return
        if info.name == "id":
            ro = QLabel(str(value))
            ro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow("id", ro)
            return
        widget: QWidget
        if info.shape == "bool":
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(lambda on, k=key, i=info: self._edit(k, i, "yes" if on else "no"))
            widget = box
        elif info.shape in ("choice", "ref"):
            combo = QComboBox()
            options = list(info.choices) if info.shape == "choice" else self._candidates(info.ref_kinds)
            if info.optional:
                options = ["", *options]
            current = format_value(info, value)
            if current not in options:
                options.append(current)
            combo.addItems(options)
            combo.setCurrentText(current)
            combo.currentTextChanged.connect(lambda text, k=key, i=info: self._edit(k, i, text))
            widget = combo
        elif info.shape == "list" and info.ref_kinds and not path:
            refs = RefList(self.doc.design, resource, info.ref_kinds, tuple(value or ()))
            refs.changed.connect(lambda ids, k=key, i=info: self._edit(k, i, ", ".join(ids), merge=False))
            widget = refs
        else:
            edit = QLineEdit(format_value(info, value))
            if info.shape == "list" and info.ref_kinds:
                edit.setPlaceholderText("ids, comma separated: " + ", ".join(self._candidates(info.ref_kinds)[:4]))
            edit.textEdited.connect(lambda text, k=key, i=info: self._edit(k, i, text))
            widget = edit
        if info.description:
            widget.setToolTip(info.description)
        error = QLabel("")
        error.setStyleSheet(f"color:{current_theme().refuse}")
        error.setWordWrap(True)
        error.hide()
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(widget)
        lay.addWidget(error)
        form.addRow(label, holder)
        self.editors[key] = widget
        self.errors[key] = error

    def _default_row(self, resource: Any, field: str) -> dict[str, Any]:
        """A sensible new row: a default route via the VPC's gateway, a record in the zone, ..."""
        res = self.doc.design.resources
        if resource.kind == "route-table" and field == "routes":
            gateways = sorted(r.id for r in res.values()
                              if r.kind == "internet-gateway" and getattr(r, "vpc", None) == resource.vpc)
            taken = {rt.destination for rt in resource.routes}
            dest = "0.0.0.0/0" if "0.0.0.0/0" not in taken else "192.168.0.0/16"
            return {"destination": dest, "target": gateways[0]} if gateways else {
                "destination": dest, "state": "blackhole"}
        if resource.kind == "hosted-zone" and field == "records":
            names = {rec.name for rec in resource.records}
            n, name = 1, f"new.{resource.zone_name}"
            while name in names:
                n += 1
                name = f"new{n}.{resource.zone_name}"
            return {"name": name, "type": "A", "values": ("192.0.2.10",)}
        values = getattr(resource, field)
        return values[-1].model_dump() if values else {}

    def _candidates(self, kinds: tuple[str, ...]) -> list[str]:
        return sorted(r.id for r in self.doc.design.resources.values() if not kinds or r.kind in kinds)

    # ---- editing --------------------------------------------------------------------------
    def _edit(self, key: tuple[str, ...], info: FieldInfo, text: str, merge: bool = True) -> None:
        """Validate and apply one field; typing merges into one undo step, ticks (merge=False) do not."""
        if self._loading or self.rid is None:
            return
        resource = self.doc.get(self.rid)
        if resource is None:
            return
        try:
            value = parse_value(info, text)
            if len(key) == 2:
                part = getattr(resource, key[0])
                value = type(part).model_validate({**part.model_dump(), key[1]: value})
            field = key[0]
            new = resource.with_changes(**{field: value})
            self._check_refs(new)
        except (ValidationError, ValueError) as exc:
            self._mark(key, _message(exc))
            return
        self._mark(key, "")
        if getattr(resource, field) == getattr(new, field):
            return
        changes = {field: getattr(new, field)}
        if field in ("subnet", "vpc") and isinstance(value, str) and value:
            # Moving to another container by its field: re-address like a drag would (next free IP/CIDR).
            moved = reparent_changes(self.doc.design, self.rid, value)
            if isinstance(moved, dict) and moved.get(field) == value:
                changes = moved
        self.stack.push((EditResource if merge else EditResourceStep)(self.doc, self.rid, **changes))

    def _commit(self, field: str, values: tuple[Any, ...]) -> str | None:
        """Commit a whole table; returns an error message instead when it does not validate."""
        if self.rid is None:
            return "nothing selected"
        resource = self.doc.get(self.rid)
        if resource is None:
            return "the object no longer exists"
        try:
            new = resource.with_changes(**{field: values})
            self._check_refs(new)
        except (ValidationError, ValueError) as exc:
            return _message(exc)
        self.stack.push(EditResource(self.doc, self.rid, **{field: getattr(new, field)}))
        return None

    def _check_refs(self, resource: BaseModel) -> None:
        top = self.doc.design.resources
        ids: set[str] | None = None  # nested ids are costly to collect on a big design: only when needed
        for ref in iter_refs(resource):
            if ref.target not in top and ids is None:
                ids = self.doc.all_ids()
            if ref.target not in top and ref.target not in (ids or ()):
                where = ".".join(str(p) for p in ref.path)
                raise ValueError(f"{where}: there is no object {ref.target!r}")
            target = self.doc.get(ref.target)
            if target is not None and ref.kinds and target.kind not in ref.kinds:
                raise ValueError(f"{ref.target!r} is a {target.kind}, not a {' or '.join(ref.kinds)}")

    def _mark(self, key: tuple[str, ...], message: str) -> None:
        widget, error = self.editors.get(key), self.errors.get(key)
        if widget is None or error is None:
            return
        t = current_theme()  # theme colours: a light pink field under light text is unreadable in dark mode
        widget.setStyleSheet(f"border: 2px solid {t.refuse}; background: {t.hint_fill}; color: {t.text};"
                             if message else "")
        error.setText("✗ " + message if message else "")
        error.setVisible(bool(message))

    def _on_document_changed(self, *args: Any) -> None:
        """Refresh shown values after undo/redo or edits elsewhere, without disturbing typing."""
        if self.rid is None:
            if ("design", "name") in self.editors:
                w = self.editors[("design", "name")]
                if isinstance(w, QLineEdit) and not w.hasFocus():
                    w.setText(self.doc.design.name)
            return
        resource = self.doc.get(self.rid)
        if resource is None:
            self.show_object(None)
            return
        self._loading = True
        try:
            for key, widget in self.editors.items():
                info = next(i for i in fields_of(type(resource) if len(key) == 1 else
                                                  type(getattr(resource, key[0]))) if i.name == key[-1])
                value = getattr(resource, key[0]) if len(key) == 1 else getattr(getattr(resource, key[0]), key[1])
                text = format_value(info, value)
                if isinstance(widget, QLineEdit) and widget.text() != text:
                    try:
                        same = parse_value(info, widget.text()) == value
                    except ValueError:
                        same = False
                    if not (widget.hasFocus() and same):
                        widget.setText(text)
                        self._mark(key, "")
                elif isinstance(widget, QComboBox) and widget.currentText() != text:
                    widget.setCurrentText(text)
                elif isinstance(widget, RefList) and widget.ids() != tuple(value or ()):
                    widget.set_ids(tuple(value or ()))
                elif isinstance(widget, QCheckBox) and widget.isChecked() != bool(value):
                    widget.setChecked(bool(value))
            for name, table in self.tables.items():
                if table.values != getattr(resource, name):
                    table.set_values(getattr(resource, name))
        finally:
            self._loading = False


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        return f"{loc}: {msg}" if loc else msg
    return str(exc)
