"""Run one import off the UI thread and hand its outcome back on the UI thread.

An import can take seconds (a big template set) or minutes (a live account), so it runs in
Qt's thread pool; signals emitted from the worker reach slots on the UI thread queued, which
is also how `progress(done, total, message)` callbacks become a moving progress bar.
Cancelling is cooperative: the next progress callback raises `ImportCancelled` inside the
importer; an importer without callbacks finishes, and its result is simply dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from vpcdesigner.exchange.aws.errors import LiveImportError, SnapshotError
from vpcdesigner.exchange.cloudformation.errors import TemplateError
from vpcdesigner.exchange.report import ImportResult
from vpcdesigner.model import DesignFileError

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Work = Callable[[Progress], ImportResult]

RUNNING, DONE, FAILED, CANCELLED = "running", "done", "failed", "cancelled"


class ImportCancelled(Exception):
    """Raised inside the importer's progress callback once the user pressed Cancel."""


def describe_error(exc: BaseException) -> str:
    """One plain message for the user; the importers' own errors already name file, line or id."""
    if isinstance(exc, (TemplateError, SnapshotError, LiveImportError, DesignFileError)):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, MemoryError):
        return "the input is too large to import"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to import"
    name = type(exc).__name__
    if name.startswith("ModuleNotFound") or isinstance(exc, ImportError):
        return f"a library the import needs is missing ({exc}); install it with pip install 'vpcdesigner[aws]'"
    return f"the import stopped on an unexpected problem ({name}: {exc})"


class ImportJob(QObject):
    """One running import: `progressed`, then exactly one of `succeeded`, `failed`, `cancelled`."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)  # ImportResult
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()  # after any outcome
    _done = Signal(str, object)  # worker thread -> UI thread

    def __init__(self, title: str, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.work = work
        self.state = RUNNING
        self.result: ImportResult | None = None
        self.error = ""
        self.updates: list[tuple[int, int, str]] = []
        self._cancel = threading.Event()
        self._done.connect(self._on_done)
        self.progressed.connect(self.record)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._run)

    def cancel(self) -> None:
        """Ask the importer to stop at its next progress callback; any late result is dropped."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    # ---- worker thread ----------------------------------------------------------------------
    def _progress(self, done: int, total: int, message: str) -> None:
        if self._cancel.is_set():
            raise ImportCancelled()
        try:
            self.progressed.emit(int(done), int(total), str(message))
        except RuntimeError:  # the window (and this job) went away: stop the import
            raise ImportCancelled() from None

    def _run(self) -> None:
        try:
            result = self.work(self._progress)
        except ImportCancelled:
            self._finish(CANCELLED, None)
        except Exception as exc:  # every failure becomes a message, never a traceback for the user
            if not isinstance(exc, (TemplateError, SnapshotError, LiveImportError, DesignFileError, OSError)):
                log.warning("import failed unexpectedly", exc_info=True)  # for developers, on the terminal
            self._finish(FAILED, describe_error(exc))
        else:
            self._finish(DONE, result)

    def _finish(self, state: str, payload: Any) -> None:
        with suppress(RuntimeError):  # the window closed while the import ran: nobody is left to tell
            self._done.emit(state, payload)

    # ---- UI thread ---------------------------------------------------------------------------
    def _on_done(self, state: str, payload: Any) -> None:
        if self._cancel.is_set():
            state = CANCELLED
        self.state = state
        if state == DONE:
            self.result = payload
            self.succeeded.emit(payload)
        elif state == FAILED:
            self.error = str(payload)
            self.failed.emit(self.error)
        else:
            self.cancelled.emit()
        self.finished.emit()

    def record(self, done: int, total: int, message: str) -> None:
        """Keep the updates (the status line and the tests read them)."""
        self.updates.append((done, total, message))
