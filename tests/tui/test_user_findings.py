"""Pilot and unit tests of the user-test findings: small terminals, captions in words,
Norwegian numbers in dialogs and charts, the round bar, search, export, forms and theme."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from pathlib import Path

from pilot_helpers import settle
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from oppfolging.domain.periods import Period, period_words
from oppfolging.i18n import status_label
from oppfolging.settings import PersonalSettings, load_personal_settings, save_personal_settings
from oppfolging.store.edits import Conflict
from oppfolging.tui.app import Filters, OppfolgingApp
from oppfolging.tui.overview_data import filter_text
from oppfolging.tui.palette import searchable_items
from oppfolging.tui.screens.changes import ChangesScreen
from oppfolging.tui.screens.detail import y_ticks
from oppfolging.tui.screens.dialogs import ConfirmScreen, conflict_text, undone_what
from oppfolging.tui.screens.export import ExportScreen
from oppfolging.tui.screens.forms import MeasureFormScreen, ValueFormScreen, open_form
from oppfolging.tui.screens.overview import round_arrows
from oppfolging.tui.screens.worklist import WorklistScreen
from oppfolging.tui.views import logged_cell

USER = "Test Testesen"
ROUND = Period(2026, 1)
MISSING = "pg-i3.1.2"
REGISTERED = "pg-i1.1.4"
"""An indicator with a value in 1. tertial 2026 (its form also has a delete button)."""


def _plain(value: str) -> str:
    return value.replace("\xa0", " ")


async def _on_screen(pilot: Pilot[None], widget: Widget) -> bool:
    app = pilot.app
    if app.screen.region.contains_region(widget.region) and widget.region.area > 0:
        return True
    widget.scroll_visible(animate=False, immediate=True)
    await settle(pilot)
    return app.screen.region.contains_region(widget.region) and widget.region.area > 0


# 1. Dialogs fit a 80×24 terminal ---------------------------------------------------------


async def test_value_form_buttons_fit_80x24(app: OppfolgingApp) -> None:
    save_personal_settings(PersonalSettings(name=USER))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        open_form(app, f"i:{REGISTERED}", ROUND)
        await settle(pilot)
        assert isinstance(app.screen, ValueFormScreen)
        for button in ("#save", "#delete", "#cancel"):
            assert await _on_screen(pilot, app.screen.query_one(button, Button)), button


async def test_export_button_fits_80x24(app: OppfolgingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert await _on_screen(pilot, app.screen.query_one("#export", Button))


# 2. The worklist follows the unit chosen in the settings ---------------------------------


async def test_worklist_reads_the_unit_again_on_resume(app: OppfolgingApp) -> None:
    save_personal_settings(PersonalSettings(name=USER))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        worklist = app.screen
        assert isinstance(worklist, WorklistScreen)
        assert worklist.filter_unit is None
        save_personal_settings(PersonalSettings(name=USER, unit="Tildelingskontoret"))
        app.push_screen(ConfirmScreen("?"))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        resumed = app.screen
        assert isinstance(resumed, WorklistScreen)
        assert resumed is worklist
        assert resumed.filter_unit == "Tildelingskontoret"


# 3. Captions and dialogs in words and Norwegian numbers ----------------------------------


async def test_filter_caption_names_status_and_plan(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        plan = session.dataset.plans.row(0, named=True)
        shown = filter_text(Filters("off_track", "Tildelingskontoret", plan["plan_id"]), session)
    assert status_label("off_track") in shown
    assert "off_track" not in shown
    assert plan["name"] in shown
    assert plan["plan_id"] not in shown


def test_conflict_text_shows_labels_and_norwegian_values() -> None:
    key = {"indicator_id": "x", "period": "2026-T1"}
    shown = _plain(
        conflict_text(
            [
                Conflict("values", key, "value", "5000", "5534", 5600.0),
                Conflict("values", key, "comment", "gammel", "Karis tekst", "gammel"),
                Conflict("values", key, "registered_at", None, "2026-11-22T16:43:29", None),
                Conflict("values", key, "registered_by", "Ola", "Kari", "Per"),
            ]
        ).plain
    )
    assert "5 534" in shown
    assert "5 600" in shown
    assert "5534" not in shown
    # Only the cells the user changed; never who saved when (the bookkeeping columns).
    assert "Karis tekst" not in shown
    assert "22.11.2026 16:43" not in shown
    assert "registrert" not in shown
    assert "Kari" not in shown
    assert "tom" not in shown


def test_logged_cells_are_norwegian() -> None:
    assert _plain(logged_cell("value", "5534")) == "5 534"
    assert _plain(logged_cell("value", "12.5")) == "12,5"
    assert logged_cell("registered_at", "2026-11-22T16:43:29") == "22.11.2026 16:43"
    assert logged_cell("start", "2026-11-22") == "22.11.2026"
    assert logged_cell("status", "in_progress") == status_label("in_progress")
    assert logged_cell("comment", "") == ""
    assert logged_cell("comment", "Fint [b]") == "Fint \\[b]"


async def test_change_history_names_the_item_and_shows_norwegian_cells(
    app: OppfolgingApp,
) -> None:
    save_personal_settings(PersonalSettings(name=USER))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(app, f"i:{MISSING}", ROUND)
        await settle(pilot)
        app.screen.query_one("#value", Input).value = "5534"
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.push_screen(ChangesScreen(f"i:{MISSING}"))
        await settle(pilot)
        session = app.session
        assert session is not None
        names = session.dataset.indicators.filter(
            session.dataset.indicators["indicator_id"] == MISSING
        )["name"]
        assert app.screen.sub_title == " ".join(str(names[0]).split())
        from oppfolging.tui.widgets.keyed_table import KeyedTable

        table = app.screen.query_one("#changes", KeyedTable)
        cells = " ".join(str(c) for row in table._frame.iter_rows() for c in row)
    assert "5 534" in _plain(cells)
    assert "5534" not in cells
    assert "registrert av" in cells


# 4. The chart's y axis ------------------------------------------------------------------


def test_y_ticks_are_tidy_and_cover_the_values() -> None:
    ticks = y_ticks([44.0, 61.33, 58.0, float("nan")])
    assert 4 <= len(ticks) <= 8
    assert ticks[0] <= 44
    assert ticks[-1] >= 61.33 - (ticks[1] - ticks[0])
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    assert y_ticks([]) == []
    assert y_ticks([6500.0]) == [6500.0]
    assert all(not math.isnan(tick) for tick in y_ticks([5000, 6500]))


# 6. The round bar -----------------------------------------------------------------------


def test_round_bar_always_shows_both_arrows() -> None:
    prev, nxt = round_arrows(True, False)
    assert prev == "◀ \\["
    assert "] ▶" in nxt
    assert nxt.startswith("[dim]")
    prev, nxt = round_arrows(False, True)
    assert "◀ \\[" in prev
    assert prev.startswith("[dim]")
    assert nxt == "] ▶"


# 7. The search palette tells same-named items apart -------------------------------------


async def test_palette_items_name_the_municipality(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        items = searchable_items(app)
    indicators = [label for label, table, _ in items if table == "indicators"]
    assert indicators
    assert all(" — " in label for label in indicators)
    assert any(label.endswith("kommune") for label in indicators)


# 8. Export: a new folder is made, Enter exports -----------------------------------------


async def test_enter_exports_into_a_new_folder(app: OppfolgingApp, tmp_path: Path) -> None:
    target = tmp_path / "ny" / "mappe"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#folder", Input).value = str(target)
        app.screen.query_one("#name", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
    assert [p.suffix for p in target.iterdir()] == [".xlsx"]


# 9. The forms ---------------------------------------------------------------------------


async def test_value_form_says_why_while_typing(app: OppfolgingApp) -> None:
    save_personal_settings(PersonalSettings(name=USER))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(app, f"i:{REGISTERED}", ROUND)
        await settle(pilot)
        app.screen.query_one("#value", Input).value = "150"
        await settle(pilot)
        assert "mellom 0 og 100" in str(app.screen.query_one("#error", Static).render())
        app.screen.query_one("#value", Input).value = "50"
        await settle(pilot)
        assert str(app.screen.query_one("#error", Static).render()) == ""


async def test_long_form_title_is_cut_with_an_ellipsis(app: OppfolgingApp) -> None:
    from textual.widgets import Label

    from oppfolging.tui.form_logic import value_context
    from oppfolging.tui.screens.forms import TITLE_NAME_WIDTH

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        context = replace(
            value_context(session, REGISTERED, "2026-T1"), name="Et svært langt navn " * 10
        )
        app.push_screen(ValueFormScreen(context, USER, 0.5))
        await settle(pilot)
        title = str(app.screen.query_one(".dialog-title", Label).render())
        height = app.screen.query_one(".dialog-title", Label).region.height
    assert "…" in title
    assert len(title) < TITLE_NAME_WIDTH + 30
    assert height == 1


async def test_measure_form_shows_the_previous_status(app: OppfolgingApp) -> None:
    save_personal_settings(PersonalSettings(name=USER))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(app, "m:pg-t1.1.2", ROUND)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeasureFormScreen)
        shown = str(screen.query_one("#previous-status", Static).render())
        context = screen.context
    assert "Forrige status" in shown
    if context.previous_status is not None:
        assert status_label(context.previous_status) in shown
        assert period_words(str(context.previous_period)) in shown
        assert str(context.previous_period) < context.period


async def test_undo_names_what_was_undone(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        what = undone_what(session, [("values", f"indicator_id={MISSING};period=2026-T1")])
        name = session.dataset.indicators.filter(
            session.dataset.indicators["indicator_id"] == MISSING
        )["name"][0]
    assert what == f"{' '.join(str(name).split())} 1. tertial 2026"


async def test_undo_names_an_assessment_by_its_goal(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        goal = session.dataset.goals.row(0, named=True)
        key = f"round=2026-T1;level=goal;target_id={goal['goal_id']}"
        what = undone_what(session, [("assessments", key)])
    assert what == f"{' '.join(str(goal['text']).split())} 1. tertial 2026"


# 10. The theme is kept ------------------------------------------------------------------


async def test_ctrl_t_saves_the_theme(app: OppfolgingApp) -> None:
    save_personal_settings(PersonalSettings(name=USER, unit="Tildelingskontoret"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        theme = app.theme
    saved = load_personal_settings().settings
    assert saved.theme == theme == "textual-light"
    assert (saved.name, saved.unit) == (USER, "Tildelingskontoret")
