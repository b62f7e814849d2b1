"""The palette: every resource kind with its icon, grouped and searchable; drag an entry onto the canvas."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from vpcdesigner.model import CLASS_FOR_KIND

from . import icons
from .canvas.view import KIND_MIME
from .rules import home_of

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Networking", ("vpc", "subnet", "internet-gateway", "egress-only-internet-gateway", "nat-gateway",
                    "vpc-endpoint", "prefix-list", "vpc-peering", "transit-gateway")),
    ("Security", ("security-group", "network-acl", "route-table")),
    ("Compute & load balancing", ("instance", "network-interface", "auto-scaling-group", "load-balancer",
                                  "target-group")),
    ("Hybrid", ("on-premises", "customer-gateway", "vpn-gateway", "vpn-connection", "direct-connect",
                "direct-connect-gateway")),
    ("Edge & DNS", ("cloudfront", "hosted-zone", "dns-resolver", "internet-client")),
    ("Annotations", ("note",)),
)
KIND_ROLE = Qt.ItemDataRole.UserRole


def label_of(kind: str) -> str:
    cls = CLASS_FOR_KIND.get(kind)
    return cls.label if cls is not None else "Text note"


class _Tree(QTreeWidget):
    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        kind = items[0].data(0, KIND_ROLE) if items else None
        if kind:
            mime.setData(KIND_MIME, str(kind).encode())
        return mime

    def mimeTypes(self) -> list[str]:
        return [KIND_MIME]


class Palette(QWidget):
    kind_activated = Signal(str)  # double-click: add at the centre of the view

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search resources…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter)
        layout.addWidget(self.search)
        self.tree = _Tree()
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setIconSize(icons.pixmap("vpc", 24).size())
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(8)
        self.items: dict[str, QTreeWidgetItem] = {}
        for group, kinds in GROUPS:
            top = QTreeWidgetItem([group])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for kind in kinds:
                item = QTreeWidgetItem([label_of(kind)])
                item.setIcon(0, icons.icon(kind if kind != "note" else "note"))
                item.setData(0, KIND_ROLE, kind)
                item.setToolTip(0, f"{label_of(kind)} — drop it {home_of(kind)}" if kind != "note"
                                else "A free text note anywhere on the canvas")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
                top.addChild(item)
                self.items[kind] = item
            top.setExpanded(True)
        self.tree.itemDoubleClicked.connect(self._on_double_clicked)
        layout.addWidget(self.tree)

    def filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            visible = 0
            for j in range(top.childCount()):
                child = top.child(j)
                kind = str(child.data(0, KIND_ROLE))
                hit = not needle or needle in child.text(0).lower() or needle in kind
                child.setHidden(not hit)
                visible += hit
            top.setHidden(visible == 0)

    def visible_kinds(self) -> list[str]:
        return [k for k, item in self.items.items() if not item.isHidden() and not item.parent().isHidden()]

    def _on_double_clicked(self, item: QTreeWidgetItem) -> None:
        kind = item.data(0, KIND_ROLE)
        if kind:
            self.kind_activated.emit(str(kind))
