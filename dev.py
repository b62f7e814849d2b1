#!/usr/bin/env python3
"""Set up and run VPC Designer from a fresh clone with nothing but Python 3.11+.

    python3 dev.py run     # create .venv, install, open the app on the AnyCompany design
    python3 dev.py test    # create .venv, install, run the whole test suite (headless)
    python3 dev.py bench   # run the benchmarks in benchmarks/ and print their tables
    python3 dev.py bundle  # build the standalone PyInstaller bundle in dist/ and smoke-test it

The virtual environment is re-installed only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("VPCD_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".vpcdesigner-installed"


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit(f"VPC Designer needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    if not PY.exists():
        print(f"Creating virtual environment in {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing VPC Designer and its dependencies ...", flush=True)
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-U", "pip"])
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           "-e", f"{ROOT}[{extras}]"])
    STAMP.write_text(digest)


CRASH = re.compile(r"worker '[^']+' crashed while running '([^']+)'")


def run_tests(cmd: list[str], env: dict[str, str]) -> int:
    """Run pytest; a test whose worker process died natively (a Qt/C crash, not an assertion) is
    run once more alone in a fresh process, and the outcome says so plainly. Assertion failures
    are never retried."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        sys.stdout.write(line)
        lines.append(line.rstrip("\n"))
    code = proc.wait()
    if code == 0:
        return 0
    crashed = sorted({m.group(1) for line in lines for m in [CRASH.search(line)] if m})
    summary = next((line for line in reversed(lines) if " passed" in line or " failed" in line), "")
    counts = {k: int(v) for v, k in re.findall(r"(\d+) (passed|failed)", summary)}
    if not crashed or counts.get("failed", 0) != len(crashed):
        return code  # real failures (or anything else): report as they are
    print(f"\n{len(crashed)} test(s) crashed their worker process natively; running them again alone:", flush=True)
    rerun = subprocess.call([cmd[0], "-m", "pytest", "-p", "no:xdist", "-q", *crashed], cwd=ROOT, env=env)
    if rerun != 0:
        return rerun
    passed = counts.get("passed", 0) + len(crashed)
    print(f"note: {', '.join(crashed)} passed on the rerun in a fresh process")
    print(f"{passed} passed, 0 failed", flush=True)
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    rest = argv[1:]
    if command == "run":
        ensure_venv("test")
        design = rest or [str(ROOT / "resources" / "samples" / "anycompany.vpcd.json")]
        return subprocess.call([str(PY), "-m", "vpcdesigner", *design])
    if command == "test":
        ensure_venv("test")
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        workers = ["-n", "auto"] if "-n" not in rest else []
        return run_tests([str(PY), "-m", "pytest", *workers, *rest], env)
    if command == "bench":
        ensure_venv("test")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        code = 0
        for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
            if rest and not any(r in script.name for r in rest):
                continue
            print(f"== {script.name}", flush=True)
            code |= subprocess.call([str(PY), str(script)], cwd=ROOT, env=env)
        return code
    if command == "bundle":
        ensure_venv("test")
        subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                               "pyinstaller>=6.5"])
        return subprocess.call([str(PY), str(ROOT / "packaging" / "build_bundle.py"), *rest], cwd=ROOT)
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
