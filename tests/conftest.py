"""Settings for the whole suite."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from oppfolging.store.sharedread import keep_reads

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


@pytest.fixture(autouse=True)
def _bokmal_to_begin_with() -> None:
    """Every test starts in bokmål: a command or the app chooses the language of the whole
    process (`i18n.set_language`, e.g. from a nynorsk dataset's settings), and a test that
    ran before on the same worker must not decide which words the next one expects (a
    subset of the suite failed on 'ikkje vurderbar' that way)."""
    from oppfolging import i18n

    i18n.set_language("nb")


@pytest.fixture(autouse=True)
def _no_kept_reads() -> Iterator[None]:
    """The app keeps its reads between saves process-wide (`store.sharedread.keep_reads`);
    no test inherits that from the test before it."""
    yield
    keep_reads(False)


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The validated cache of the suite's datasets in a folder of its own, never the user's
    (`store.cache`). Every test uses it, so every test also checks that what the cache gives
    back is what the files say."""
    os.environ["OPPFOLGING_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    # The start picture (`display_snapshot`) would stand in for the overview at a second
    # start on the same folder: the tests of the overview see the one built from the files;
    # tests/tui/test_start_picture.py turns it on.
    os.environ["OPPFOLGING_PICTURE"] = "0"
