"""Issue 9: the app shows a dataset at the edges of what `validate` accepts (largest and
smallest numbers, first and last years, long texts): overview, drill-down, detail screens
with their charts, the revision overview — without an error."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from pilot_helpers import settle

from oppfolging.domain.bounds import YEAR_MAX
from oppfolging.domain.periods import Period
from oppfolging.tui.app import OppfolgingApp, make_app
from oppfolging.tui.screens.detail import IndicatorScreen, MeasureScreen
from oppfolging.tui.screens.overview import OverviewScreen

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from store_helpers import write_dataset
from test_bounds import edge_rows


async def test_the_app_shows_the_edges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(tmp_path / "personal.toml"))
    folder = write_dataset(tmp_path / "data", edge_rows())
    round_ = Period(YEAR_MAX)  # its charts run from the first year's value to the last
    app: OppfolgingApp = make_app(folder, date(YEAR_MAX, 12, 31), round_)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        for screen in [
            *(IndicatorScreen(f"i{n}", round_) for n in (1, 3, 4, 5)),
            MeasureScreen("m2", round_),
        ]:
            app.push_screen(screen)
            await settle(pilot)
            assert app.screen_stack[-1] is screen
            await pilot.press("escape")
            await settle(pilot)
        for key in ("enter", "enter", "enter", "v"):
            await pilot.press(key)
            await settle(pilot)
    assert app.return_code in (None, 0)
