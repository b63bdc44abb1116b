"""Settings for the whole suite."""

from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check what is true, not how fast: on a loaded 2-core machine a case took
# 262 ms against Hypothesis' default 200 ms deadline and failed a run. Speed is measured in
# benchmarks/, never in a test.
settings.register_profile("oppfolging", deadline=None)
settings.load_profile("oppfolging")


@pytest.fixture(autouse=True)
def _own_personal_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test has its own (empty) personal settings: the machine's real ones (a name,
    a language) must never decide a test's outcome, and no test may change them."""
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(tmp_path / "personal-settings.toml"))
