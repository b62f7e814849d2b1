"""`vpcdesigner export`: pictures, CloudFormation, and bad input as exit 2 with a message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vpcdesigner.cli.main import main
from vpcdesigner.exchange.png_embed import design_from_png
from vpcdesigner.model import load


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["export", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_png_with_scale_and_legend(anycompany_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.png"
    code, stdout, _ = _run([str(anycompany_path), "--png", str(out), "--scale", "2", "--legend"], capsys)
    assert code == 0 and out.is_file()
    assert "wrote" in stdout and "pixels" in stdout
    assert design_from_png(out) == load(anycompany_path)
    assert main(["check", str(out)]) == 0  # other commands open the picture as the design


def test_svg_pdf_and_trace(anycompany_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([str(anycompany_path), "--svg", str(tmp_path / "a.svg"), "--no-title"], capsys)[0] == 0
    assert "<svg" in (tmp_path / "a.svg").read_text(encoding="utf-8")
    code, _, _ = _run([str(anycompany_path), "--pdf", str(tmp_path / "t.pdf"), "--trace-from", "customer",
                       "--trace-to", "db", "--port", "5432"], capsys)
    assert code == 0 and (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")
    code, _, _ = _run([str(anycompany_path), "--svg", str(tmp_path / "t.svg"), "--trace-from", "customer",
                       "--trace-to", "db", "--port", "5432", "--title", "Why the database is safe"], capsys)
    text = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert code == 0 and "Why the database is safe" in text and "BLOCKED" in text


def test_selection_option(anycompany_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = _run([str(anycompany_path), "--png", str(tmp_path / "s.png"), "--selection", "public-a, nat-a",
                            "--no-title"], capsys)
    assert code == 0
    width = int(stdout.split("(")[1].split(" ×")[0])
    assert 300 < width < 1000


def test_cloudformation(anycompany_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.yaml"
    code, _, _ = _run([str(anycompany_path), "--cloudformation", str(out)], capsys)
    assert code == 0 and "AWS::EC2::VPC" in out.read_text(encoding="utf-8")
    code, _, err = _run([str(anycompany_path), "--cloudformation", str(out), "--legend"], capsys)
    assert code == 2 and "--legend" in err


@pytest.mark.parametrize(("extra", "words"), [
    (["--png", "{tmp}/x.png", "--scale", "5"], "--scale 5: expected a number from 1 to 4"),
    (["--png", "{tmp}/x.png", "--scale", "0"], "--scale 0"),
    (["--svg", "{tmp}/x.svg", "--scale", "2"], "--scale and --transparent apply to --png only"),
    (["--png", "{tmp}/x.png", "--selection", "store-vpc,ghost"], "no object with id 'ghost'"),
    (["--png", "{tmp}/x.png", "--selection", ","], "--selection: give one or more ids"),
    (["--png", "{tmp}/missing/x.png"], "does not exist"),
    (["--png", "{tmp}/x.png", "--trace-from", "customer"], "--trace-from and --trace-to go together"),
    (["--png", "{tmp}/x.png", "--trace-from", "customer", "--trace-to", "db", "--selection", "db"],
     "a trace is drawn over the whole design"),
    (["--png", "{tmp}/x.png", "--port", "80"], "--port applies to a traced connection"),
    (["--png", "{tmp}/x.png", "--trace-from", "customer", "--trace-to", "nowhere-host"], "nowhere-host"),
    (["--png", "{tmp}/x.png", "--trace-from", "customer", "--trace-to", "db", "--protocol", "bogus"],
     "--protocol"),
])
def test_bad_input_exits_2_with_a_message(anycompany_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          extra: list[str], words: str) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in extra]
    code, _, err = _run([str(anycompany_path), *args], capsys)
    assert code == 2
    assert words in err and "Traceback" not in err
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "x.svg").exists()


def test_missing_or_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run([str(tmp_path / "nope.vpcd.json"), "--png", str(tmp_path / "x.png")], capsys)
    assert code == 2 and "no such file" in err
    plain = tmp_path / "plain.png"
    plain.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x00IEND\xaeB`\x82")
    code, _, err = _run([str(plain), "--png", str(tmp_path / "x.png")], capsys)
    assert code == 2 and "carries no VPC Designer design" in err


def test_output_format_is_required(anycompany_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run([str(anycompany_path)], capsys)
    assert code == 2 and "one of the arguments" in err


def test_registering_the_command_does_not_load_qt() -> None:
    code = ("import sys; from vpcdesigner.cli.main import build_parser; build_parser(); "
            "import vpcdesigner.cli.export; print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"
