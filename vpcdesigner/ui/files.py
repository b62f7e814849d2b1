"""Recent files and crash recovery (autosave to a recovery file, offered again at the next start)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from vpcdesigner.model import Design
from vpcdesigner.model.files import DesignFileError, atomic_write, dumps, loads

MAX_RECENT = 8


class RecentFiles:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def list(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if os.path.exists(str(v))]

    def add(self, path: str) -> None:
        path = os.path.abspath(path)
        items = [p for p in self.list() if p != path]
        self.settings.setValue("recent_files", [path, *items][:MAX_RECENT])


def recovery_dir() -> Path:
    """Where autosaves go; VPCDESIGNER_RECOVERY_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("VPCDESIGNER_RECOVERY_DIR")
    base = Path(override) if override else Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "recovery"
    base.mkdir(parents=True, exist_ok=True)
    return base


class Recovery:
    """One recovery file per window session; removed on save and on a clean close."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or recovery_dir()
        stamp = f"{os.getpid()}-{time.time_ns()}"
        self.path = self.folder / f"{hashlib.sha1(stamp.encode()).hexdigest()[:12]}.vpcd.json"
        self.meta = self.path.with_suffix(".meta")

    def write(self, design: Design, original: str | None) -> None:
        atomic_write(self.path, dumps(design).encode())
        atomic_write(self.meta, json.dumps({"original": original, "pid": os.getpid(),
                                            "saved": time.time()}).encode())

    def discard(self) -> None:
        for p in (self.path, self.meta):
            p.unlink(missing_ok=True)


def pending(folder: Path | None = None, exclude: Path | None = None) -> list[tuple[Path, str | None, float]]:
    """Recovery files left by sessions that did not close cleanly: (file, original path, time).

    Files of other windows still running (their process is alive) and `exclude` (ours) are skipped.
    """
    folder = folder or recovery_dir()
    out = []
    for f in sorted(folder.glob("*.vpcd.json")):
        if exclude is not None and f == exclude:
            continue
        meta = f.with_suffix(".meta")
        try:
            info = json.loads(meta.read_text())
        except (OSError, ValueError):
            info = {}
        pid = info.get("pid")
        if pid and pid != os.getpid() and _alive(int(pid)):
            continue  # another running window owns it
        out.append((f, info.get("original"), float(info.get("saved", f.stat().st_mtime))))
    return out


def load_recovery(path: Path) -> Design:
    try:
        return loads(path.read_bytes(), file=str(path))
    except OSError as exc:
        raise DesignFileError(str(path), "", f"cannot read the recovery file: {exc}") from None


def discard_recovery(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_suffix(".meta").unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True
