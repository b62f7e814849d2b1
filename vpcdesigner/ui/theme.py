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
    note_border: str = "#c9b458"
    asg_fill: str = "#aafff3e0"  # #AARRGGBB: the band lets the subnets under it show through
    badge_fill: str = "#ffffff"  # security-group / NACL pills and the PRIVATE tag
    label_fill: str = "#e6ffffff"  # the box behind an edge label
    hint_fill: str = "#fff5f5"  # the refusal bubble
    hint_text: str = "#911f1f"
    handle_outline: str = "#ffffff"
    on_border_text: str = "#ffffff"  # text on a pill filled with a border colour (PUBLIC)
    error_fill: str = "#ffcdd2"  # an invalid table cell
    overview_frame: str = "#1565c0"
    info: str = "#455a64"  # a simulation step that neither passes nor blocks (send, DNS answer)
    callout_fill: str = "#f5ffffff"  # the simulation's hop callout (#AARRGGBB)
    callout_text: str = "#1b2631"
    station_fill: str = "#fbfcfd"  # the internet / DNS servers drawn beside the design during a trace
    font_family: str = "DejaVu Sans"
    font_size: int = 9
    line_width: float = 1.4
    node_width: float = 56.0
    node_height: float = 56.0
    mounted_size: float = 56.0


LIGHT = Theme()
HIGH_CONTRAST = replace(
    LIGHT, name="high-contrast", canvas="#ffffff", grid="#e6e6e6", text="#000000", muted="#1a1a1a",
    node_border="#000000", selection="#0033cc", vpc_fill="#f5f9ff", vpc_border="#002f6c",
    public_fill="#effaef", public_border="#0b5d0b", private_fill="#f1f3ff", private_border="#1a237e",
    onprem_fill="#f8f1fc", onprem_border="#4a148c", asg_border="#a63c00", edge_flow="#002f6c",
    edge_hybrid="#a34700", edge_member="#333333", edge_dns="#5b1f80", edge_attach="#000000",
    accept="#1b5e20", refuse="#b71c1c", line_width=2.6, font_size=12, info="#263238", callout_fill="#ffffffff",
    callout_text="#000000", station_fill="#ffffff",
)
# Dark: mid-tone borders and edges; pills, bands and edge labels get dark fills so light text reads on them.
DARK = replace(
    LIGHT, name="dark", canvas="#1d2126", grid="#2a3038", text="#e8ecf0", muted="#aeb8c2", node_fill="#2b3138",
    node_border="#8a96a3", selection="#64b5f6", vpc_fill="#1f2935", vpc_border="#6d9de0", public_fill="#1d3022",
    public_border="#43a047", private_fill="#222941", private_border="#7986cb", onprem_fill="#2c2435",
    onprem_border="#9575cd", asg_border="#f08c2e", edge_flow="#6d9de0", edge_hybrid="#e08a2a",
    edge_member="#8a96a3", edge_dns="#b07cd0", edge_attach="#9aa5b1", accept="#43a047", refuse="#e53935",
    note_fill="#5b5322", note_border="#8a7a3a", asg_fill="#b83a2a1a", badge_fill="#20252b",
    label_fill="#e61d2126", hint_fill="#3b2222", hint_text="#ffb4ab", handle_outline="#1d2126",
    on_border_text="#0f1215", error_fill="#6b2a2e", overview_frame="#64b5f6", badge_sg="#ef9a9a",
    badge_nacl="#c8b4ac", badge_rtb="#80cbc4", info="#a7b6c2", callout_fill="#f52a3038", callout_text="#e8ecf0",
    station_fill="#262c33",
)
_current = LIGHT


def current() -> Theme:
    return _current


def set_current(theme: Theme) -> None:
    """Switch the theme; callers repaint (scene.invalidate()) afterwards."""
    global _current
    _current = theme
