"""Classroom screenshots from the real window: `python -m vpcdesigner.ui.classroom.screenshots DIR`.

Run under a real X server at projector size: xvfb-run -a -s "-screen 0 1280x720x24". Writes
classroom-presentation-1280.png (presentation mode mid-lesson), classroom-quiz-1280.png (a quiz
question with hidden rules) and classroom-dark-1280.png (the editor in the dark theme).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from vpcdesigner.lessons import builtin_lessons

from ..app import make_app
from ..main_window import MainWindow
from ..shotkit import save_png, throwaway_window


def _window() -> MainWindow:
    window = throwaway_window(1280, 720)
    _settle()
    return window


def _settle(rounds: int = 8) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def _save(window: MainWindow, path: Path) -> None:
    _settle()
    window.view.viewport().update()
    _settle()
    screen = window.screen()
    shot = screen.grabWindow(0) if screen is not None else window.grab()
    if shot.isNull() or shot.width() < 100:
        shot = window.grab()
    save_png(shot, path)


def _lesson(lesson_id: str) -> object:
    return next(lesson for lesson, _ in builtin_lessons() if lesson.id == lesson_id)


def _until(window: MainWindow, check: object) -> None:
    for _ in range(80):
        if callable(check) and check():
            return
        window.classroom.forward()


def presentation(out: Path) -> None:
    window = _window()
    c = window.classroom
    c.set_presenting(True)
    c.start_lesson(_lesson("nacl-vs-sg"))  # type: ignore[arg-type]
    player = window.simulation.player
    _until(window, lambda: c.lesson.index == 3 and player.current is not None and player.current.tracked)
    player.pause()
    _settle(20)
    c.focus_view()
    player.seek(player.index - 1)
    player.seek(player.index + 1)  # place the callout for the focused zoom
    _save(window, out / "classroom-presentation-1280.png")
    c.lesson.stop()
    c.set_presenting(False)
    window.close()


def quiz(out: Path) -> None:
    window = _window()
    c = window.classroom
    c.set_presenting(True)
    c.start_lesson(_lesson("nacl-vs-sg"), quiz=True)  # type: ignore[arg-type]
    _until(window, lambda: c.lesson.index == 2)
    c.quiz.blocked.setChecked(True)
    c.quiz.pick("private-nacl")
    _settle(20)
    c.focus_view()
    _save(window, out / "classroom-quiz-1280.png")
    c.lesson.stop()
    c.set_presenting(False)
    window.close()


def dark(out: Path) -> None:
    window = _window()
    c = window.classroom
    c.choose_theme("dark")
    c.start_lesson(_lesson("nat-gateway"))  # type: ignore[arg-type]
    player = window.simulation.player
    _until(window, lambda: bool(player.steps) and player.index >= min(3, len(player.steps) - 1))
    player.pause()
    _settle(20)
    for dock in (window.simulation.sim_dock, window.problems_dock):  # more canvas at 720p
        dock.hide()
    _settle(5)
    window.view.fit_all()
    window.simulation.overlay.reveal_stations()  # the internet beside the design, not cut by the edge
    player.seek(player.index - 1)
    player.seek(player.index + 1)  # place the callout in the resized view
    _save(window, out / "classroom-dark-1280.png")
    c.lesson.stop()
    c.choose_theme("system")
    window.stack.setClean()
    window.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    make_app()
    presentation(out)
    quiz(out)
    dark(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
