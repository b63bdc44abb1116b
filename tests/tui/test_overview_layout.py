"""Pilot tests of the overview's layout (issue 11 items 2 and 4, issue 10 section 2): the
status cell and its legend, widths that follow a resize, column-wise sideways scrolling, the
header, and the mark on rows changed after the round was locked."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pilot_helpers import AS_OF, SAMPLE, settle
from rich.text import Text
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from oppfolging.domain.codes import INDICATOR_STATUSES, SYMBOLS
from oppfolging.domain.periods import Period
from oppfolging.i18n import status_label, t
from oppfolging.registration import register_value
from oppfolging.registration.rounds import lock_round
from oppfolging.reporting.rollup import indicator_rollup
from oppfolging.session import open_session
from oppfolging.tui.app import OppfolgingApp, make_app
from oppfolging.tui.base import header_text
from oppfolging.tui.screens.drill import PlanScreen
from oppfolging.tui.screens.overview import OverviewScreen, round_bar_extra
from oppfolging.tui.widgets.keyed_table import FLEX_MIN, KeyedTable, RowTable

NOW = datetime(2026, 5, 16, 9, 30)


def _inner(app: OppfolgingApp, selector: str) -> RowTable:
    table = app.screen.query_one(selector, KeyedTable).table
    assert table is not None
    return table


def _cell(app: OppfolgingApp, selector: str, key: str, column: str) -> str:
    """The plain text of one shown cell."""
    cells = app.screen.query_one(selector, KeyedTable).row_cells(key)
    return Text.from_markup(cells[column]).plain


def _static(app: OppfolgingApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _counts(app: OppfolgingApp, plan_id: str) -> dict[str, int]:
    """The round's count per indicator status of one plan (from the engine's roll-up)."""
    screen = app.screen
    assert isinstance(screen, OverviewScreen)
    assert screen.result is not None
    result = screen.result
    row = indicator_rollup(result, "plan_id").filter(plan_id=plan_id).to_dicts()[0]
    return {code: int(row[code] or 0) for code in INDICATOR_STATUSES}


def _filled(table: RowTable) -> bool:
    """True when the columns fill the table's visible width exactly."""
    total = sum(c.render_width for c in table.ordered_columns)
    return total == table.scrollable_content_region.width


def _fits(table: RowTable, column: int) -> bool:
    """True when `column` lies wholly inside the table's visible width (no scrolling)."""
    columns = table.ordered_columns
    right = sum(c.render_width for c in columns[: column + 1])
    return right <= table.scrollable_content_region.width


async def test_status_cell_shows_every_status_of_the_plan_at_80_columns(
    app: OppfolgingApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        counts = _counts(app, "porsgrunn-hm-2026")
        cell = _cell(app, "#plans", "porsgrunn-hm-2026", t("col.status"))
        shown = [f"{SYMBOLS[code]}{n}" for code, n in counts.items() if n]
        assert len(shown) >= 4  # the sample has many statuses to show
        assert cell == " ".join(shown)  # worst first, zero counts left out
        assert _fits(_inner(app, "#plans"), 1)
        assert _fits(_inner(app, "#focus-areas"), 2)
        legend = _static(app, "#status-legend")
        for code, n in counts.items():
            assert (status_label(code) in legend) == bool(n)


async def test_resize_recomputes_the_name_column(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        plans = _inner(app, "#plans")
        wide = plans.ordered_columns[0].width
        assert _filled(plans)  # the name takes the rest
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        plans = _inner(app, "#plans")
        assert plans.ordered_columns[0].width >= wide + 80
        assert _filled(plans)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        narrow = _inner(app, "#plans")
        assert narrow.ordered_columns[0].width == FLEX_MIN
        assert _filled(_inner(app, "#focus-areas"))


async def test_sideways_scroll_moves_a_column_at_a_time(app: OppfolgingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plans = _inner(app, "#plans")
        plans.focus()
        assert plans.max_scroll_x > 1  # at 80 columns the last columns are off screen
        await pilot.press("right")
        await settle(pilot)
        first = plans.ordered_columns[0].render_width
        assert plans.scroll_x == min(first, plans.max_scroll_x)
        await pilot.press("left")
        await settle(pilot)
        assert plans.scroll_x == 0


async def test_header_names_dataset_and_round_end(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.title == "Eksempeldata"  # `name` in the sample's oppfolging.toml
        assert screen.sub_title == "1. tertial 2026 · status per 30.04.2026"
        bar = _static(app, "#round-bar")
        assert "beregnet 01.06.2026" in bar  # the as-of date differs from 30.04.2026
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.sub_title == "Årsrapport 2025 · status per 31.12.2025"


async def test_header_falls_back_to_the_folder_name(sample_copy: Path, tmp_path: Path) -> None:
    toml = sample_copy / "oppfolging.toml"
    lines = toml.read_text(encoding="utf-8").splitlines()
    toml.write_text("\n".join(x for x in lines if not x.startswith("name")), encoding="utf-8")
    folder = sample_copy.rename(tmp_path / "Helse i Grenland")
    app = make_app(folder, AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.title == "Helse i Grenland"


async def test_locked_round_marks_rows_changed_after_the_lock(
    sample_copy: Path, app: OppfolgingApp
) -> None:
    lock_round(sample_copy, "2026-T1", "Kari", NOW)
    register_value(
        sample_copy, "pg-i1.1.1", "2026-T1", "350", None, "Ola", NOW, correction="Tastefeil"
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "låst" in str(app.screen.sub_title)
        assert "låst av Kari 16.05.2026" in _static(app, "#lock-bar")
        mark = "Δ"
        assert _cell(app, "#plans", "porsgrunn-hm-2026", t("col.status")).startswith(mark)
        assert not _cell(app, "#plans", "lier-hov-2018", t("col.status")).startswith(mark)
        assert _cell(app, "#focus-areas", "pg-io1", t("col.status")).startswith(mark)
        assert not _cell(app, "#focus-areas", "pg-io2", t("col.status")).startswith(mark)
        assert f"{mark} endret etter låsing" in _static(app, "#status-legend")


async def test_open_round_has_no_lock_mark(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "låst" not in str(app.screen.sub_title)
        assert not app.screen.query_one("#lock-bar", Static).display
        assert "Δ" not in _static(app, "#status-legend")


def test_as_of_date_is_shown_only_where_it_differs() -> None:
    on_the_day = open_session(SAMPLE, date(2026, 4, 30)).round_result(Period(2026, 1))
    assert round_bar_extra(on_the_day) == ""
    later = open_session(SAMPLE, date(2026, 6, 1)).round_result(Period(2026, 1))
    assert round_bar_extra(later).strip() == "beregnet 01.06.2026"
    assert header_text(later.round, None) == "1. tertial 2026 · status per 30.04.2026"


async def test_footer_keeps_the_important_keys_at_80_columns(app: OppfolgingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer_keys = list(app.screen.query(FooterKey))
        palette = [key for key in footer_keys if key.has_class("-command-palette")]
        # Docked on the right, the palette hint would cover the last keys ("q Avslu").
        end = palette[0].region.x if palette else 80
        keys = {key.key: key.region for key in footer_keys if key not in palette}
        important = {"left_square_bracket", "right_square_bracket", "f", "r", "q", "question_mark"}
        assert important <= set(keys)
        assert all(keys[key].right <= end for key in important), (keys, end)
        assert all(region.width > 0 for region in keys.values())


async def test_plan_screen_has_the_status_cell_and_its_legend(app: OppfolgingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        children = app.screen.query_one("#children", KeyedTable)
        cell = Text.from_markup(children.row_cells("pg-io1")[t("col.status")]).plain
        assert cell
        shown = {part[0] for part in cell.split()}
        by_symbol = {SYMBOLS[code]: code for code in INDICATOR_STATUSES}
        legend = _static(app, "#status-legend")
        assert shown <= set(by_symbol)
        for symbol in shown:
            assert status_label(by_symbol[symbol]) in legend  # each symbol has its words
