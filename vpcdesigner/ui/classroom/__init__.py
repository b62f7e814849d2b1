"""Classroom features (issue 7): presentation mode, caption bar, lesson player, quiz.

`install_classroom(window)` plugs them into the MainWindow after the simulation panel, whose
player they drive and listen to.
"""

from .controller import ClassroomController, install_classroom

__all__ = ["ClassroomController", "install_classroom"]
