"""A fast PNG encoder for big, mostly flat diagrams: no row filter, zlib level 1, two threads.

Qt's PNG writer tries every row filter and takes many seconds on an 80-megapixel canvas; a
diagram is runs of flat colour, which plain deflate already squeezes well. Strips of the picture
(as they are painted, see writers.py) are converted to RGB(A), framed into scanlines and deflated
on their own (raw deflate ended by a sync flush) in worker threads, and the pieces are joined into
one zlib stream, as pigz does. Qt and zlib release the GIL, so encoding overlaps painting.
"""

from __future__ import annotations

import struct
import zlib
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtGui import QImage

try:  # pyqtgraph brings numpy along; without it a plain loop frames the rows
    import numpy as np
except ImportError:  # pragma: no cover - depends on what is installed
    np = None  # type: ignore[assignment]

STRIP_BYTES = 8 << 20  # about this much pixel data per compressed piece
FINAL_BLOCK = b"\x03\x00"  # an empty, final, fixed-Huffman deflate block


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _frame(bits: object, rows: int, bpl: int, row: int) -> bytes:
    """Scanlines each preceded by filter byte 0 (numpy does it in one copy when it is installed)."""
    if np is not None:
        src = np.frombuffer(bits, np.uint8, rows * bpl).reshape(rows, bpl)  # type: ignore[call-overload]
        out = np.zeros((rows, row + 1), np.uint8)
        out[:, 1:] = src[:, :row]
        return out.tobytes()  # type: ignore[no-any-return]
    data = bytes(bits)  # type: ignore[call-overload]
    return b"".join(b"\x00" + data[y * bpl:y * bpl + row] for y in range(rows))


def _encode(image: QImage, y0: int, rows: int, alpha: bool) -> tuple[bytes, bytes]:
    """(scanlines, raw-deflate piece) for rows y0 .. y0+rows-1 of `image`."""
    fmt = QImage.Format.Format_RGBA8888 if alpha else QImage.Format.Format_RGB888
    rgb = image.copy(0, y0, image.width(), rows).convertToFormat(fmt)
    row = image.width() * (4 if alpha else 3)
    lines = _frame(rgb.constBits(), rows, rgb.bytesPerLine(), row)
    c = zlib.compressobj(1, zlib.DEFLATED, -15)
    return lines, c.compress(lines) + c.flush(zlib.Z_SYNC_FLUSH)


class PngStream:
    """Feed horizontal strips top to bottom with `add`; `finish` returns the PNG bytes."""

    def __init__(self, width: int, height: int, dpi: float = 96.0, alpha: bool = True) -> None:
        self.width, self.height, self.dpi, self.alpha = width, height, dpi, alpha
        self._pool = ThreadPoolExecutor(2)
        self._parts: list[Future[tuple[bytes, bytes]]] = []

    def add(self, strip: QImage) -> None:
        """Encode `strip` in the background, in pieces (the caller must not paint on it any more)."""
        step = max(1, STRIP_BYTES // max(1, strip.width() * 4))
        for y0 in range(0, strip.height(), step):
            rows = min(step, strip.height() - y0)
            self._parts.append(self._pool.submit(_encode, strip, y0, rows, self.alpha))

    def finish(self) -> bytes:
        try:
            pieces = [part.result() for part in self._parts]
        finally:
            self._pool.shutdown()
        adler = 1
        for lines, _deflated in pieces:
            adler = zlib.adler32(lines, adler)
        stream = b"".join([b"\x78\x01", *(deflated for _lines, deflated in pieces), FINAL_BLOCK,
                           struct.pack(">I", adler & 0xFFFFFFFF)])
        ppm = round(self.dpi / 0.0254)
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 6 if self.alpha else 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
                + _chunk(b"IDAT", stream) + _chunk(b"IEND", b""))


def encode_png(image: QImage, dpi: float = 96.0, alpha: bool = True) -> bytes:
    """PNG bytes of a whole `image`: RGBA, or RGB (a quarter smaller) when `alpha` is False."""
    stream = PngStream(image.width(), image.height(), dpi, alpha)
    stream.add(image)
    return stream.finish()
