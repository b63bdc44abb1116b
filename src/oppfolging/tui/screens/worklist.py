"""«Mine registreringer»: what is due and not yet registered in a round, deadline first.

Enter opens the right form; after a save the list is read again and the cursor moves to
the next missing item, so a whole round can be registered from the keyboard. Another
user's save is noticed from the files' modification times.
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Header, Label, Static

from oppfolging.domain.periods import Period
from oppfolging.domain.ssbsource import mapped_ids
from oppfolging.i18n import t
from oppfolging.settings import load_personal_settings
from oppfolging.tui.base import DRILL_DOWN_BINDINGS, AppScreen
from oppfolging.tui.form_logic import deadline_text, worklist_frame
from oppfolging.tui.literal import literal, tc
from oppfolging.tui.views import period, text
from oppfolging.tui.widgets.keyed_table import KeyedTable

KINDS = {"indicator": "kind.indicator", "measure": "kind.measure"}
"""The catalogue key of each kind of row."""


class WorklistScreen(AppScreen):
    """The round's missing registrations for my unit (or every unit, with `a`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DRILL_DOWN_BINDINGS,
        Binding("a", "toggle_all", "binding.toggle_all"),
        Binding("K", "ready", "binding.ready"),  # k moves up in the table (j/k)
        Binding("ctrl+z", "undo", "binding.undo"),
    ]

    def __init__(self, round_: Period) -> None:
        super().__init__()
        self.crumb = t("worklist.crumb")
        self.round = round_
        self.unit = load_personal_settings().settings.unit
        """My unit from the personal settings ('' when not set: then every unit)."""
        self.show_all = not self.unit
        self.next_index: int | None = None
        """Where the cursor goes after a save: the row that followed the saved one."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="breadcrumb")
        with Vertical(classes="box"):
            yield Label("", classes="box-title", id="worklist-title")
            yield KeyedTable(id="worklist", empty_text=t("worklist.empty"))
        yield Footer()

    def on_mount(self) -> None:
        self.show_header(self.round)
        self.query_one("#breadcrumb", Static).update(literal(self.breadcrumb()))
        self.query_one("#worklist", KeyedTable).focus_on_show = True
        self.refresh_list()

    def on_screen_resume(self) -> None:
        self.read_unit()
        self.refresh_list()

    def read_unit(self) -> None:
        """Take my unit from the personal settings again: the settings dialog (shown before
        the first registration) may have changed it. A new unit narrows the list to it."""
        unit = load_personal_settings().settings.unit
        if unit != self.unit:
            self.unit = unit
            self.show_all = not unit

    @work(exclusive=True, exit_on_error=False, group="worklist")
    async def refresh_list(self) -> None:
        """Show the missing items again (after a save, a toggle or a reload)."""
        session = self.session
        provided = mapped_ids(session.dataset.indicators)
        frame = worklist_frame(session.round_result(self.round), self.filter_unit, provided)
        table = self.query_one("#worklist", KeyedTable)
        keys = frame["key"].to_list()
        await table.show(worklist_view(frame), keys)
        if self.next_index is not None and keys:
            table.move_cursor_to(keys[min(self.next_index, len(keys) - 1)])
            self.next_index = None
        table.focus_table()
        where = (
            t("worklist.all_units")
            if self.filter_unit is None
            else t("worklist.unit", unit=self.unit)
        )
        self.query_one("#worklist-title", Label).update(
            tc("worklist.title", count=len(keys), round=self.round.round_label, where=where)
        )

    @property
    def filter_unit(self) -> str | None:
        """The unit the list is narrowed to, None for every unit."""
        return None if self.show_all or not self.unit else self.unit

    @on(KeyedTable.Selected, "#worklist")
    def item_selected(self, event: KeyedTable.Selected) -> None:
        from oppfolging.tui.screens.forms import open_form

        index = event.table.keys.index(event.key)

        def done(saved: bool | None) -> None:
            self.read_unit()
            if saved:
                self.next_index = index
                self.refresh_list()

        open_form(self.app, event.key, self.round, done)

    def action_toggle_all(self) -> None:
        if not self.unit:
            self.notify(t("worklist.choose_unit"))
        self.show_all = not self.show_all
        self.refresh_list()

    def action_ready(self) -> None:
        """Mark my unit's part of the round ready (issue 10)."""
        if not self.unit:
            self.notify(t("round.no_unit"), severity="warning")
            return
        self.save_ready()

    @work(thread=True, exclusive=True, exit_on_error=False, group="round-save")
    def save_ready(self) -> None:
        from oppfolging.tui.screens.round import save_in_thread

        save_in_thread(self, self.round, "ready", unit=self.unit, ready=True, reason="")

    def action_undo(self) -> None:
        """Undo my last save; the list is shown again from the fresh session."""
        self.oapp.action_undo()

    def data_changed(self) -> None:
        self.show_header(self.round)  # a lock by another user shows in the header
        self.refresh_list()


def worklist_view(frame: pl.DataFrame) -> pl.DataFrame:
    """Display strings: deadline (with the late mark), kind, name, period, responsible."""
    rows = frame.to_dicts()
    headers = [t(f"col.{c}") for c in ("deadline", "kind", "name", "period", "responsible")]
    columns = [
        [deadline_text(r["deadline"], r["late"]) for r in rows],
        [t(KINDS[r["kind"]]) if r["kind"] in KINDS else "" for r in rows],
        [text(r["name"]) for r in rows],
        [period(r["period"]) for r in rows],
        [text(r["responsible"]) for r in rows],
    ]
    return pl.DataFrame(
        dict(zip(headers, columns, strict=True)), schema=dict.fromkeys(headers, pl.String)
    )
