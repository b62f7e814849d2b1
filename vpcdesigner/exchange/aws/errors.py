"""The one error the AWS importer raises: it names the file and the place inside it."""

from __future__ import annotations


class SnapshotError(Exception):
    """A snapshot that cannot be imported at all (broken JSON, a file far too large, no such folder)."""

    def __init__(self, file: str, where: str, message: str) -> None:
        self.file, self.where, self.message = file, where, message
        place = ", ".join(p for p in (file, where) if p)
        super().__init__(f"{place}: {message}" if place else message)


class LiveImportError(Exception):
    """Live import could not start or finish (boto3 missing, no credentials, an API call refused)."""
