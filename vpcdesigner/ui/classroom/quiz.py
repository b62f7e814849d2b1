"""The quiz strip: before the packet moves, predict "reachable" or "blocked at …", then see ✓ / ✗.

The component can be picked from the list (objects on the packet's path) or by clicking it on the
canvas (`pick(rid)`). `answered` carries the prediction; the controller scores and animates.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from .quiz_logic import Prediction

ANY = ""


class QuizPanel(QWidget):
    answered = Signal(object)  # Prediction

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quiz-panel")
        self.question = QLabel("Before the packet moves: will it get through? If not, where is it stopped?")
        self.question.setWordWrap(True)
        self.reachable = QPushButton("✓ Reachable")
        self.blocked = QPushButton("✗ Blocked at:")
        for button in (self.reachable, self.blocked):
            button.setCheckable(True)
        self.group = QButtonGroup(self)
        self.group.addButton(self.reachable)
        self.group.addButton(self.blocked)
        self.component = QComboBox()
        self.component.setMinimumContentsLength(22)
        self.component.setToolTip("Pick the component that stops the packet, or click it on the canvas")
        self.check = QPushButton("Check my answer")
        self.score = QLabel("Score 0 / 0")
        self.feedback = QLabel("")
        self.feedback.setWordWrap(True)
        self.check.clicked.connect(self._submit)
        self.component.activated.connect(lambda _i: self.blocked.setChecked(True))
        self.row = QWidget()
        row = QHBoxLayout(self.row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.reachable)
        row.addWidget(self.blocked)
        row.addWidget(self.component, 1)
        row.addWidget(self.check)
        self.row_layout = row
        bottom = self.bottom = QHBoxLayout()
        bottom.addWidget(self.feedback, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 6, 14, 2)
        layout.addWidget(self.question)
        layout.addWidget(self.row)
        layout.addLayout(bottom)
        for w in (self.reachable, self.blocked, self.component, self.check):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.feedback.hide()
        self.set_waiting(True)

    def ask(self, options: list[tuple[str, str]], hidden_rules: bool) -> None:
        """A new question: clear the last answer and list the path's components."""
        self.group.setExclusive(False)
        self.reachable.setChecked(False)
        self.blocked.setChecked(False)
        self.group.setExclusive(True)
        self.component.clear()
        self.component.addItem("(choose, or click it on the canvas)", ANY)
        for rid, label in options:
            self.component.addItem(label, rid)
        hint = " The rules are hidden: reason from the design." if hidden_rules else ""
        self.question.setText("Before the packet moves: will it get through? If not, where is it stopped?" + hint)
        self.feedback.hide()
        self.set_waiting(True)

    def set_waiting(self, waiting: bool) -> None:
        """Answered: the question and its buttons give way to the ✓ / ✗ feedback (less room on a projector)."""
        for w in (self.reachable, self.blocked, self.component, self.check):
            w.setEnabled(waiting)
        self.question.setVisible(waiting)
        self.row.setVisible(waiting)
        for layout in (self.row_layout, self.bottom):  # the score sits at the end of whichever row shows
            layout.removeWidget(self.score)
        if waiting:
            self.row_layout.addWidget(self.score, 0, Qt.AlignmentFlag.AlignVCenter)
        else:
            self.bottom.addWidget(self.score, 0, Qt.AlignmentFlag.AlignTop)

    def pick(self, rid: str, label: str | None = None) -> bool:
        """Select `rid` (a canvas click), adding it when it is not on the listed path; False when closed."""
        if not self.check.isEnabled():
            return False
        index = self.component.findData(rid)
        if index < 0:
            self.component.addItem(label or rid, rid)
            index = self.component.count() - 1
        self.component.setCurrentIndex(index)
        self.blocked.setChecked(True)
        return True

    def prediction(self) -> Prediction | None:
        if self.reachable.isChecked():
            return Prediction("reachable")
        if self.blocked.isChecked():
            data = self.component.currentData()
            return Prediction("blocked", data or None)
        return None

    def _submit(self) -> None:
        pred = self.prediction()
        if pred is None:
            self.show_feedback("Choose ✓ Reachable or ✗ Blocked first.", None)
            return
        self.answered.emit(pred)

    def show_feedback(self, text: str, right: bool | None, explanation: str = "") -> None:
        from ..theme import current

        t = current()
        colour = t.text if right is None else t.accept if right else t.refuse
        self.feedback.setStyleSheet(f"color: {colour}")
        self.feedback.setText(text + (f"\n{explanation}" if explanation else ""))
        self.feedback.show()

    def set_score(self, text: str) -> None:
        self.score.setText(text)

    def apply_scale(self, scale: float) -> None:
        base = QFont(self.font())
        pt = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        for w, factor, bold in ((self.question, 1.1, True), (self.feedback, 1.1, True), (self.score, 1.0, True),
                                (self.reachable, 1.0, True), (self.blocked, 1.0, True), (self.component, 1.0, False),
                                (self.check, 1.0, False)):
            f = QFont(base)
            f.setPointSizeF(round(pt * factor * scale, 1))
            f.setBold(bold)
            w.setFont(f)
