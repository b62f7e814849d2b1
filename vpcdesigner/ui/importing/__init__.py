"""File → Import in the app (issue 6): CloudFormation templates, an AWS snapshot folder, a live
AWS account; plus opening a PNG that carries a design through File → Open and drag-and-drop.

`install_import(window)` adds the menu and the PNG hook; the importers themselves are Qt-free
(vpcdesigner.exchange) and run off the UI thread here.
"""

from __future__ import annotations

from typing import Any


def install_import(window: Any) -> Any:
    """Add File → Import ▸ and the PNG open hook to a MainWindow; returns its ImportActions."""
    from .actions import ImportActions
    from .png_open import install_png_open

    actions = ImportActions(window)
    window.import_actions = actions
    install_png_open(window)
    return actions


__all__ = ["install_import"]
