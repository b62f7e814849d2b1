"""AWS account import: saved describe-* snapshots (`import_snapshot`) and live through boto3 (`import_live`)."""

from .errors import LiveImportError, SnapshotError
from .snapshot import import_snapshot

__all__ = ["LiveImportError", "SnapshotError", "import_live", "import_snapshot"]


def __getattr__(name: str) -> object:
    # boto3 is an optional extra: only touch it when live import is asked for.
    if name == "import_live":
        from .live import import_live

        return import_live
    raise AttributeError(name)
