"""The runtime files (samples, icons) ship inside the wheel: build one, unpack it, load them from there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import sys
from pathlib import Path
import vpcdesigner
from vpcdesigner.assets import icon_path, list_samples, sample
from vpcdesigner.cli.main import main
from vpcdesigner.model import loads

assert Path(vpcdesigner.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()), vpcdesigner.__file__
design = loads(sample().read_bytes(), "anycompany")
assert design.resources["store-vpc"].cidr == "10.0.0.0/16"
assert "<svg" in icon_path("vpc").read_text(encoding="utf-8")
print(" ".join(list_samples()))
sys.exit(main(["check", str(sample())]))
"""


def _source_copy(dest: Path) -> Path:
    """Build from a copy so parallel test runs never share build/ or *.egg-info in the checkout."""
    dest.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, dest / name)
    for name in ("icons", "resources"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copytree(REPO / "vpcdesigner", dest / "vpcdesigner", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


@pytest.mark.slow
def test_wheel_carries_samples_and_icons(tmp_path: Path) -> None:
    src = _source_copy(tmp_path / "src")
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(src)],
                           capture_output=True, text=True, timeout=300)
    if build.returncode != 0 and any(s in build.stdout + build.stderr for s in ("Could not fetch", "NewConnectionError",
                                                                              "No matching distribution")):
        pytest.skip("building a wheel needs setuptools from the package index, which is unreachable")
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    wheel = next(dist.glob("vpcdesigner-*.whl"))
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(unpacked)
    assert "vpcdesigner/_assets/resources/samples/anycompany.vpcd.json" in names
    assert "vpcdesigner/_assets/icons/vpc.svg" in names
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(unpacked)}
    probe = subprocess.run([sys.executable, "-s", "-c", PROBE, str(unpacked)], cwd=elsewhere, env=env,
                           capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0, probe.stdout + probe.stderr
    shipped = sorted(p.name.removesuffix(".vpcd.json") for p in (REPO / "resources" / "samples").glob("*.vpcd.json"))
    assert probe.stdout.splitlines()[0].split() == shipped
