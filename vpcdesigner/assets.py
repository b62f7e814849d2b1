"""Find files the app ships (samples, lessons, icons) the same way from a checkout, a wheel or a bundle."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

_ROOT = resources.files("vpcdesigner") / "_assets"


def resource(*parts: str) -> Traversable:
    """A file under the top-level `resources/` folder, e.g. resource("samples", "anycompany.vpcd.json")."""
    node = _ROOT / "resources"
    for part in parts:
        node = node / part
    return node


def icon_path(name: str) -> Traversable:
    """The SVG for an icon name (a resource kind, "app", "verdict-pass", ...)."""
    return _ROOT / "icons" / f"{name}.svg"


def sample(name: str = "anycompany") -> Traversable:
    return resource("samples", f"{name}.vpcd.json")


def list_samples() -> list[str]:
    folder = resource("samples")
    return sorted(p.name.removesuffix(".vpcd.json") for p in folder.iterdir() if p.name.endswith(".vpcd.json"))
