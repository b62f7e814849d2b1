"""The caption bar: one or two plain sentences about what is happening, big enough for a projector.

It shows a heading (lesson · step), the step's narration, the current hop ("✗ db-sg: …") and the
verdict line. The classroom controller fills it from the lesson player and from the simulation
player's `current_hop_changed`; it never decides anything itself.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ..theme import current


def _label(wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class CaptionBar(QWidget):
    """Heading, narration, current hop and result, with Previous / Next / lesson buttons on the right."""

    previous_requested = Signal()
    next_requested = Signal()
    edit_requested = Signal()
    end_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caption-bar")
        self.setAutoFillBackground(True)
        self.scale = 1.0
        self.heading = _label(False)
        self.narration = _label()
        self.hop = _label()
        self.result = _label()
        text = QVBoxLayout()
        text.setSpacing(6)
        for label in (self.heading, self.narration, self.hop, self.result):
            text.addWidget(label)
        text.addStretch(1)
        self.text_layout = text
        self.prev_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.edit_button = QPushButton("Edit this design")
        self.edit_button.setToolTip("Stop the lesson and open its design (as it is now) as a new, unsaved design")
        self.end_button = QPushButton("End lesson")
        for button in (self.prev_button, self.next_button, self.edit_button, self.end_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the clicker handler, not a button
        self.prev_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.edit_button.clicked.connect(self.edit_requested)
        self.end_button.clicked.connect(self.end_requested)
        buttons = self.buttons = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.prev_button)
        row.addWidget(self.next_button)
        buttons.addLayout(row)
        row2 = QHBoxLayout()
        row2.addWidget(self.edit_button)
        row2.addWidget(self.end_button)
        buttons.addLayout(row2)
        buttons.addStretch(1)
        layout = self.main_layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(16)
        layout.addLayout(text, 1)
        layout.addLayout(buttons)
        self.set_lesson_controls(False)
        self.clear()
        self.apply_scale(1.0)

    # ---- content -----------------------------------------------------------------------------
    def clear(self) -> None:
        for label in (self.heading, self.narration, self.hop, self.result):
            label.clear()
            label.hide()

    def _set(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        self.updateGeometry()

    # ---- height: wrapped labels report a height for a guessed width, so compute it for ours ---
    def sizeHint(self) -> QSize:
        width = self.width() if self.width() > 300 else max(600, self.window().width() - 20)
        m = self.main_layout.contentsMargins()
        text_w = width - m.left() - m.right() - self.buttons.sizeHint().width() - self.main_layout.spacing()
        shown = [lab for lab in (self.heading, self.narration, self.hop, self.result) if not lab.isHidden()]
        text_h = sum(lab.heightForWidth(max(100, text_w)) if lab.wordWrap() else lab.sizeHint().height()
                     for lab in shown) + self.text_layout.spacing() * max(0, len(shown) - 1)
        height = max(text_h, self.buttons.sizeHint().height()) + m.top() + m.bottom()
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()

    def set_heading(self, text: str) -> None:
        self._set(self.heading, text)

    def set_narration(self, text: str) -> None:
        self._set(self.narration, text)

    def set_hop(self, text: str, verdict: str = "info") -> None:
        """The current hop, its verdict told by the mark in the text and by colour."""
        t = current()
        colour = {"pass": t.accept, "block": t.refuse}.get(verdict, t.text)
        self._colour(self.hop, colour)
        self._set(self.hop, text)

    def set_result(self, text: str, ok: bool | None = None) -> None:
        t = current()
        self._colour(self.result, t.text if ok is None else t.accept if ok else t.refuse)
        self._set(self.result, text)

    def set_lesson_controls(self, on: bool) -> None:
        for button in (self.edit_button, self.end_button):
            button.setVisible(on)

    @staticmethod
    def _colour(label: QLabel, colour: str) -> None:
        pal = label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        label.setPalette(pal)

    # ---- size --------------------------------------------------------------------------------
    def apply_scale(self, scale: float) -> None:
        """Font sizes relative to the application font (which already follows the system size)."""
        self.scale = scale
        base = QFont(self.font())
        base_pt = base.pointSizeF() if base.pointSizeF() > 0 else 10.0

        def sized(factor: float, bold: bool = False) -> QFont:
            f = QFont(base)
            f.setPointSizeF(round(base_pt * factor * scale, 1))
            f.setBold(bold)
            return f

        self.heading.setFont(sized(0.95, True))
        self.narration.setFont(sized(1.15))
        self.hop.setFont(sized(1.2, True))
        self.result.setFont(sized(1.1, True))
        for button in (self.prev_button, self.next_button, self.edit_button, self.end_button):
            button.setFont(sized(0.9))
        self.updateGeometry()
