"""Help → Lessons: the built-in lessons in teaching order, plus Open… for a teacher's own file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vpcdesigner.lessons import Lesson, LessonError, builtin_lessons, load_lesson

LESSON_FILTER = "Lessons (*.lesson.json);;All files (*)"


class LessonsDialog(QDialog):
    """Pick a lesson; `chosen(lesson, path, quiz)` fires on Play (path None for built-in ones)."""

    chosen = Signal(object, object, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lessons")
        self.resize(620, 460)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(lambda _item: self._play())
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: 600")
        self.error.hide()
        self.quiz = QCheckBox("Quiz mode: students predict each packet before it moves")
        self.open_button = QPushButton("Open a lesson file…")
        self.open_button.clicked.connect(self.open_dialog)
        buttons = QDialogButtonBox()
        self.play_button = buttons.addButton("Play", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self._play)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Each lesson is a design plus steps you click through (Space / PageDown)."))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.quiz)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(self._describe)
        self.fill()

    def fill(self) -> None:
        self.list.clear()
        try:
            lessons = builtin_lessons()
        except LessonError as exc:
            self.show_error(f"A built-in lesson cannot be read: {exc}")
            lessons = []
        for lesson, _name in lessons:
            self.add(lesson, None)
        if self.list.count():
            self.list.setCurrentRow(0)

    def add(self, lesson: Lesson, path: str | None) -> QListWidgetItem:
        item = QListWidgetItem(f"{lesson.title}  ({len(lesson.steps)} steps)")
        item.setData(Qt.ItemDataRole.UserRole, (lesson, path))
        item.setToolTip(lesson.concept or lesson.summary)
        self.list.addItem(item)
        return item

    def _describe(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if item is None:
            self.summary.setText("")
            return
        lesson, path = item.data(Qt.ItemDataRole.UserRole)
        where = f"\nFile: {path}" if path else ""
        self.summary.setText((lesson.summary or lesson.concept) + where)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def open_path(self, path: str) -> bool:
        """Add a lesson file to the list and select it; a bad file shows its LessonError message."""
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            self.show_error(str(exc))
            return False
        self.show_error("")
        self.list.setCurrentItem(self.add(lesson, str(Path(path).resolve())))
        return True

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a lesson", str(Path.home()), LESSON_FILTER)
        if path:
            self.open_path(path)

    def _play(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        lesson, path = item.data(Qt.ItemDataRole.UserRole)
        self.chosen.emit(lesson, path, self.quiz.isChecked())
