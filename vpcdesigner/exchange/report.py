"""What an importer hands back: the design plus a report of what was mapped, skipped or invented.

Both importers (CloudFormation and AWS account) share these types so the CLI and the app show
one kind of report. Nothing an importer meets is dropped silently: it is either mapped, or listed
here as skipped (no network meaning / not modelled), or as a placeholder the user should check.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ..model import Design

Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")

# Conventional first words of a message, so readers can filter: "mapped", "skipped", "placeholder".
MAPPED, SKIPPED, PLACEHOLDER = "mapped", "skipped", "placeholder"


@dataclass(frozen=True)
class ReportItem:
    """One line of the import report; `where` names the source place (file, JSON path, logical id)."""

    severity: Severity
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{self.severity}: {place}{self.message}"


@dataclass
class ImportResult:
    design: Design
    report: list[ReportItem] = field(default_factory=list)

    @property
    def warnings(self) -> list[ReportItem]:
        return [item for item in self.report if item.severity == "warning"]

    @property
    def errors(self) -> list[ReportItem]:
        return [item for item in self.report if item.severity == "error"]


class Reporter:
    """Collects report items while an importer runs (a small helper, not required by ImportResult)."""

    def __init__(self) -> None:
        self.items: list[ReportItem] = []

    def info(self, where: str, message: str) -> None:
        self.items.append(ReportItem("info", where, message))

    def warning(self, where: str, message: str) -> None:
        self.items.append(ReportItem("warning", where, message))

    def error(self, where: str, message: str) -> None:
        self.items.append(ReportItem("error", where, message))


def format_report(items: Iterable[ReportItem], verbose: bool = True) -> str:
    """Plain text for a terminal: every item (or only warnings/errors), then a one-line summary."""
    items = list(items)
    lines = [str(item) for item in items if verbose or item.severity != "info"]
    counts = Counter(item.severity for item in items)
    summary = ", ".join(f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in SEVERITIES if counts[s])
    lines.append(f"import report: {summary or 'nothing to report'}")
    return "\n".join(lines)


def kind_counts(design: Design) -> dict[str, int]:
    """How many resources of each kind a design holds (for the report's 'mapped' summary)."""
    return dict(sorted(Counter(r.kind for r in design.resources.values()).items()))
