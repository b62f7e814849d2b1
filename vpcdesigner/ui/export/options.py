"""What an image export asks for and what it produced (plain data, shared by the app and the CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Format = Literal["png", "svg", "pdf"]
FORMATS: tuple[Format, ...] = ("png", "svg", "pdf")
MIN_SCALE, MAX_SCALE = 1.0, 4.0
MAX_SIDE = 16_384  # pixels a side: bigger PNGs are refused by many viewers and cost gigabytes of memory


class ExportError(Exception):
    """The export cannot be made (bad option, unknown id, unwritable file); the message says where."""


@dataclass(frozen=True)
class ExportOptions:
    """`title` None or "" = no title (a trace export puts "Trace: A → B" for None); `selection`
    empty = the whole design; `scale` and `transparent` only matter for PNG."""

    format: Format = "png"
    scale: float = 1.0
    transparent: bool = False
    title: str | None = None
    subtitle: str = ""
    legend: bool = False
    selection: tuple[str, ...] = ()

    def checked(self) -> ExportOptions:
        """The same options, or ExportError naming the bad one."""
        if self.format not in FORMATS:
            raise ExportError(f"format {self.format!r}: expected one of {', '.join(FORMATS)}")
        if not MIN_SCALE <= self.scale <= MAX_SCALE:
            raise ExportError(f"scale {self.scale:g}: expected a number from {MIN_SCALE:g} to {MAX_SCALE:g}")
        return self


@dataclass
class ExportResult:
    """Where the file went, its size (pixels for PNG, points for SVG/PDF) and notes for the user."""

    path: Path
    format: Format
    width: int
    height: int
    scale: float
    messages: list[str] = field(default_factory=list)


def format_of(path: str | Path) -> Format | None:
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None  # type: ignore[return-value]
