"""Carry the design inside an exported PNG (a compressed iTXt chunk), so the picture reopens as
an editable design. Plain zlib/struct: no image library needed to read or write the chunk."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from ..model import Design, DesignFileError, dumps, loads

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"vpcdesigner.design"
MAX_PNG_BYTES = 512 * 1024 * 1024


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _chunks(png: bytes, file: str | None) -> list[tuple[bytes, bytes, int, int]]:
    """(type, data, start, end) of every chunk; raises DesignFileError on a damaged file."""
    if not png.startswith(PNG_SIGNATURE):
        raise DesignFileError(file, "", "not a PNG image")
    out = []
    pos = len(PNG_SIGNATURE)
    while pos < len(png):
        if pos + 8 > len(png):
            raise DesignFileError(file, f"byte {pos}", "PNG is truncated")
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(png):
            raise DesignFileError(file, f"byte {pos}", f"PNG chunk {kind!r} is truncated")
        out.append((kind, png[pos + 8 : pos + 8 + length], pos, end))
        pos = end
        if kind == b"IEND":
            break
    return out


def embed_design(png: bytes, design: Design) -> bytes:
    """Return the PNG with the design JSON stored in an iTXt chunk just before IEND."""
    chunks = _chunks(png, None)
    text = zlib.compress(dumps(design).encode("utf-8"), 9)
    # iTXt: keyword \0 compression-flag compression-method language \0 translated-keyword \0 text
    payload = KEYWORD + b"\x00" + b"\x01\x00" + b"\x00" + b"\x00" + text
    body = bytearray(PNG_SIGNATURE)
    for kind, data, start, end in chunks:
        if kind == b"iTXt" and data.startswith(KEYWORD + b"\x00"):
            continue  # replace an older embedded design
        if kind == b"IEND":
            body += _chunk(b"iTXt", payload)
        body += png[start:end]
    return bytes(body)


def extract_design_json(png: bytes, file: str | None = None) -> str | None:
    for kind, data, _start, _end in _chunks(png, file):
        if kind == b"iTXt" and data.startswith(KEYWORD + b"\x00"):
            rest = data[len(KEYWORD) + 1 :]
            compressed = rest[0] == 1
            rest = rest[2:]
            _lang, _, rest = rest.partition(b"\x00")
            _translated, _, text = rest.partition(b"\x00")
            try:
                raw = zlib.decompress(text) if compressed else text
                return raw.decode("utf-8")
            except (zlib.error, UnicodeDecodeError):
                raise DesignFileError(file, "design chunk", "the embedded design is damaged") from None
    return None


def design_from_png(path: str | Path) -> Design:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_PNG_BYTES:
            raise DesignFileError(str(p), "", "image is too large to read")
        png = p.read_bytes()
    except FileNotFoundError:
        raise DesignFileError(str(p), "", "no such file") from None
    text = extract_design_json(png, str(p))
    if text is None:
        raise DesignFileError(str(p), "",
                              "this PNG carries no VPC Designer design (export it from VPC Designer to keep one)")
    return loads(text, f"{p} (embedded design)")
