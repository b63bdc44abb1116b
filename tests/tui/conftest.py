"""Fixtures for the Pilot tests: a copy of the sample data and a fixed date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pilot_helpers import AS_OF, SAMPLE

from oppfolging.tui.app import OppfolgingApp, make_app


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled sample dataset."""
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def app(sample_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> OppfolgingApp:
    """The app on the sample copy, as of 01.06.2026, with private personal settings."""
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(tmp_path / "personal.toml"))
    return make_app(sample_copy, AS_OF)
