"""Regenerate the export pictures in the docs: `python -m vpcdesigner.ui.export.screenshots DIR`.

export-anycompany.png: the AnyCompany sample at scale 2 with title and legend;
export-trace.png: the trace customer → db:5432 (blocked at the internet gateway).
Docs copies are re-compressed with Qt's slow best-compression writer (and halved if still over
400 KB); they keep the embedded design, so they open in the app like any export.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage

from vpcdesigner import assets
from vpcdesigner.exchange.png_embed import embed_design
from vpcdesigner.model import Design, loads
from vpcdesigner.model.files import atomic_write
from vpcdesigner.sim import trace

from .api import export_design, export_trace_image
from .options import ExportOptions
from .qtapp import ensure_app

LIMIT = 400 * 1024  # docs pictures stay light for the README


def compact(src: Path, dst: Path, design: Design) -> int:
    image = QImage(str(src))
    while True:
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG", 0)  # type: ignore[call-overload]  # 0 = smallest file
        png = embed_design(bytes(data.data()), design)
        if len(png) <= LIMIT or image.width() < 1200:
            break
        image = image.scaledToWidth(image.width() * 9 // 10, Qt.TransformationMode.SmoothTransformation)
    atomic_write(dst, png)
    return len(png)


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    ensure_app()
    design = loads(assets.sample().read_bytes(), file="anycompany.vpcd.json")
    tmp = Path(tempfile.mkdtemp())
    export_design(design, tmp / "a.png", ExportOptions(scale=2, title=design.name, legend=True))
    tr = trace(design, "customer", "db", "tcp", 5432)
    export_trace_image(design, tr, tmp / "t.png", ExportOptions(scale=2, legend=True))
    for src, name in ((tmp / "a.png", "export-anycompany.png"), (tmp / "t.png", "export-trace.png")):
        size = compact(src, out / name, design)
        print(f"{out / name}: {size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
