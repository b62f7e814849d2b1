"""Shared test set-up: headless Qt, and the path of ../shared (absent on a user's fresh clone)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # must happen before any QApplication exists

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "resources" / "samples"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (only in the team's checkout and CI)")
    return SHARED


@pytest.fixture
def anycompany_path() -> Path:
    return SAMPLES / "anycompany.vpcd.json"
