"""Pilot tests: SSB-provided indicators in the detail screen and the worklist."""

from __future__ import annotations

import csv
from pathlib import Path

from pilot_helpers import settle
from textual.widgets import Static

from oppfolging.cli import main
from oppfolging.domain.periods import Period
from oppfolging.settings import PersonalSettings, save_personal_settings
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.screens.detail import IndicatorScreen, open_item
from oppfolging.tui.screens.worklist import WorklistScreen
from oppfolging.tui.widgets.keyed_table import KeyedTable

MISSING = "pg-i3.1.2"
"""The one indicator of the sample without a value in 1. tertial 2026."""


def _map(folder: Path, ident: str) -> None:
    path = folder / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["indicator_id"] == ident:
            row.update(ssb_table="12345", ssb_contents_code="KOSTimer", ssb_filter="")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _definition(app: OppfolgingApp) -> str:
    return str(app.screen.query_one("#definition", Static).render()).replace("\xa0", " ")


async def test_detail_shows_the_ssb_source_and_the_last_import(
    sample_copy: Path, app: OppfolgingApp
) -> None:
    example = sample_copy / "ssb" / "12209-eksempel.json"
    assert main(["import-ssb", "--data", str(sample_copy), str(example), "--user", "T"]) == 0
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_item(app, "i:pg-i1.2.2", Period(2025))
        await settle(pilot)
        assert isinstance(app.screen, IndicatorScreen)
        text = _definition(app)
        assert "Hentes fra SSB: tabell 12209/EKSAndelHjemme80 Alder=F080" in text
        assert "sist importert" in text
        assert "aldri" not in text
        open_item(app, "i:pg-i1.1.1", Period(2026, 1))
        await settle(pilot)
        assert "SSB" not in _definition(app)


async def test_worklist_does_not_ask_for_ssb_figures(sample_copy: Path, app: OppfolgingApp) -> None:
    _map(sample_copy, MISSING)
    save_personal_settings(PersonalSettings(name="Test Testesen"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, WorklistScreen)
        assert app.screen.query_one("#worklist", KeyedTable).keys == []
