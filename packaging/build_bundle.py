#!/usr/bin/env python3
"""Build the standalone bundle with PyInstaller, then smoke-test it headless.

    python packaging/build_bundle.py [--skip-build] [--dist DIR]

Smoke test: the bundled executable prints its version, checks the AnyCompany sample, and exports
it to PNG under the offscreen Qt platform (the PNG must be a real, non-empty image).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "anycompany.vpcd.json"


def build(dist: Path, work: Path) -> None:
    start = time.monotonic()
    subprocess.check_call([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                           "--distpath", str(dist), "--workpath", str(work),
                           str(ROOT / "packaging" / "vpcdesigner.spec")])
    print(f"bundle built in {time.monotonic() - start:.0f} s: {dist / 'vpcdesigner'}")


def smoke(exe: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp_text:
        tmp = Path(tmp_text)
        version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, check=True, cwd=tmp)
        print("smoke: " + version.stdout.strip())
        subprocess.run([str(exe), "check", str(SAMPLE)], env=env, check=True, cwd=tmp, stdout=subprocess.DEVNULL)
        print("smoke: check AnyCompany ok")
        png = tmp / "anycompany.png"
        subprocess.run([str(exe), "export", str(SAMPLE), "--png", str(png)], env=env, check=True, cwd=tmp)
        data = png.read_bytes()
        if not data.startswith(b"\x89PNG") or len(data) < 10_000:
            raise SystemExit(f"smoke: exported PNG looks wrong ({len(data)} bytes)")
        print(f"smoke: exported AnyCompany PNG ({len(data) // 1024} KB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--dist", default=str(ROOT / "dist"))
    args = parser.parse_args()
    dist = Path(args.dist)
    if not args.skip_build:
        build(dist, ROOT / "build" / "pyinstaller")
    smoke(dist / "vpcdesigner" / "vpcdesigner")
    return 0


if __name__ == "__main__":
    sys.exit(main())
