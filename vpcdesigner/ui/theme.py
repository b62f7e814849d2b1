"""The colours and sizes the canvas and panels use, as one value object.

Everything paints from `current()`, so light, dark and high-contrast themes (issue 7) only need a
new `Theme` instance and a call to `set_current`, not code changes in the items.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Theme:
    name: str = "light"
    canvas: str = "#f4f6f8"
    grid: str = "#e3e7ec"
    text: str = "#1b2631"
    muted: str = "#5d6d7e"
    node_fill: str = "#ffffff"
    node_border: str = "#9aa5b1"
    selection: str = "#1565c0"
    vpc_fill: str = "#eef4fb"
    vpc_border: str = "#3f6fb0"
    public_fill: str = "#e8f5e9"
    public_border: str = "#2e7d32"
    private_fill: str = "#e8eefc"
    private_border: str = "#3949ab"
    onprem_fill: str = "#f3ecf7"
    onprem_border: str = "#6a4c93"
    asg_border: str = "#d35400"
    badge_sg: str = "#b71c1c"
    badge_nacl: str = "#6d4c41"
    badge_rtb: str = "#00695c"
    edge_flow: str = "#1f4e8c"
    edge_hybrid: str = "#c25e00"
    edge_member: str = "#8593a3"
    edge_dns: str = "#7b3fa0"
    edge_attach: str = "#56606b"
    accept: str = "#2e7d32"
    refuse: str = "#c62828"
    note_fill: str = "#fff4a8"
    font_family: str = "DejaVu Sans"
    font_size: int = 9
    line_width: float = 1.4
    node_width: float = 56.0
    node_height: float = 56.0
    mounted_size: float = 56.0


LIGHT = Theme()
HIGH_CONTRAST = replace(
    LIGHT, name="high-contrast", canvas="#ffffff", text="#000000", muted="#222222", node_border="#000000",
    line_width=2.6, font_size=12,
)
_current = LIGHT


def current() -> Theme:
    return _current


def set_current(theme: Theme) -> None:
    """Switch the theme; callers repaint (scene.invalidate()) afterwards."""
    global _current
    _current = theme
