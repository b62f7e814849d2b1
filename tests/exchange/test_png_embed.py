"""A PNG exported with the design inside reopens as the same design; damaged input is reported."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from vpcdesigner.exchange.png_embed import PNG_SIGNATURE, design_from_png, embed_design, extract_design_json
from vpcdesigner.model import DesignFileError, load


def _tiny_png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return PNG_SIGNATURE + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_round_trip(tmp_path: Path, anycompany_path: Path) -> None:
    design = load(anycompany_path)
    out = tmp_path / "d.png"
    out.write_bytes(embed_design(_tiny_png(), design))
    assert design_from_png(out) == design


def test_embedding_twice_keeps_one_copy(anycompany_path: Path) -> None:
    design = load(anycompany_path)
    once = embed_design(_tiny_png(), design)
    twice = embed_design(once, design)
    assert twice.count(b"vpcdesigner.design") == 1
    assert extract_design_json(twice) == extract_design_json(once)


def test_plain_png_has_no_design(tmp_path: Path) -> None:
    p = tmp_path / "plain.png"
    p.write_bytes(_tiny_png())
    with pytest.raises(DesignFileError, match="carries no VPC Designer design"):
        design_from_png(p)


def test_not_a_png(tmp_path: Path) -> None:
    p = tmp_path / "fake.png"
    p.write_bytes(b"GIF89a....")
    with pytest.raises(DesignFileError, match="not a PNG"):
        design_from_png(p)


def test_truncated_png_names_the_byte(tmp_path: Path, anycompany_path: Path) -> None:
    data = embed_design(_tiny_png(), load(anycompany_path))
    p = tmp_path / "cut.png"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(DesignFileError, match="truncated"):
        design_from_png(p)
