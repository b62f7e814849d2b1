"""Atomic save: a writer killed with SIGKILL in the middle of saving never leaves a half-written design."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vpcdesigner.model import dumps, load, save
from vpcdesigner.model.synthetic import synthetic_design

REPO = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from vpcdesigner.model.files import atomic_write
data = open(sys.argv[2], "rb").read()
print("writing", flush=True)
while True:
    atomic_write(sys.argv[1], data)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writer_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    target = tmp_path / "design.vpcd.json"
    new_copy = tmp_path / "expected-new.json"
    old = synthetic_design(40)
    save(old, target)
    old_bytes = target.read_bytes()
    new_copy.write_text(dumps(synthetic_design(3000)), encoding="utf-8")  # ~700 kB: a write takes a while
    rng = random.Random(2)
    interrupted = 0
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target), str(new_copy)], cwd=REPO,
                                stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"writing"
        time.sleep(rng.uniform(0.0, 0.1))
        deadline = time.monotonic() + 5
        while not list(tmp_path.glob(".design.vpcd.json.*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.0005)  # wait until a write is under way, then kill the writer in the middle of it
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        leftovers = list(tmp_path.glob(".design.vpcd.json.*.tmp"))
        interrupted += bool(leftovers)
        for leftover in leftovers:
            leftover.unlink()
        current = target.read_bytes()
        assert current in (old_bytes, new_copy.read_bytes()), "half-written design file"
    assert interrupted, "no kill landed mid-write; the test proved nothing"
    assert dumps(load(target)) in (old_bytes.decode(), new_copy.read_text(encoding="utf-8"))
