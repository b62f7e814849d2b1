"""SimulationPlayer: the stepping API (play, pause, step, seek, reset, speed) over a list of steps.

Everything that shows the simulation — canvas overlay, event list, plot, and later a caption bar
or a quiz — listens to `current_hop_changed(index, step)`; nothing else moves the cursor.
Index -1 means "before the first step" (after reset).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from .steps import SimStep

BASE_DWELL_MS = 1100  # time per step at 1x speed (the glide takes most of it)


class SimulationPlayer(QObject):
    current_hop_changed = Signal(int, object)  # index, SimStep | None
    steps_changed = Signal(object)  # list[SimStep]
    playing_changed = Signal(bool)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.steps: list[SimStep] = []
        self.index = -1
        self.speed = 1.0
        self.direction = 1  # +1 stepping forward, -1 back (the overlay glides only forward)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)

    # ---- state -------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    @property
    def current(self) -> SimStep | None:
        return self.steps[self.index] if 0 <= self.index < len(self.steps) else None

    @property
    def at_end(self) -> bool:
        return self.index >= len(self.steps) - 1

    def dwell_ms(self) -> int:
        return max(40, int(BASE_DWELL_MS / self.speed))

    def load(self, steps: list[SimStep], autoplay: bool = False) -> None:
        """Show new steps from the start (reset), optionally playing at once."""
        self.pause()
        self.steps = list(steps)
        self.index = -1
        self.steps_changed.emit(self.steps)
        self.current_hop_changed.emit(-1, None)
        if autoplay:
            self.play()

    # ---- controls ----------------------------------------------------------------------------
    def seek(self, index: int) -> None:
        """Jump to step `index` (clamped); -1 is the start."""
        index = max(-1, min(index, len(self.steps) - 1))
        if index == self.index:
            return
        self.direction = 1 if index == self.index + 1 else -1 if index < self.index else 0
        self.index = index
        self.current_hop_changed.emit(index, self.current)

    def step_forward(self) -> bool:
        if self.at_end:
            return False
        self.seek(self.index + 1)
        return True

    def step_back(self) -> bool:
        if self.index < 0:
            return False
        self.pause()
        self.seek(self.index - 1)
        return True

    def reset(self) -> None:
        self.pause()
        self.seek(-1)

    def play(self) -> None:
        if not self.steps:
            return
        if self.at_end:
            self.seek(-1)
        self._timer.start(self.dwell_ms())
        if self.index < 0:
            self.step_forward()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.playing_changed.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def set_speed(self, speed: float) -> None:
        self.speed = max(0.1, min(speed, 20.0))
        if self._timer.isActive():
            self._timer.setInterval(self.dwell_ms())

    def _tick(self) -> None:
        if not self.step_forward() or self.at_end:
            self.pause()
            self.finished.emit()
