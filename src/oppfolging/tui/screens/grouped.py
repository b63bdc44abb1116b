"""The view across plans (issue 11): one municipality's plans grouped by plan, perspective
or tag. `g` on the overview opens it for the highlighted plan's municipality; `g` here cycles
the grouping (plan → perspective → tag). The lower table lists the highlighted group's focus
areas (by plan or perspective) or its indicators and measures (by tag); Enter opens one.
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Header, Label, Static

from oppfolging.domain.periods import Period
from oppfolging.i18n import t
from oppfolging.reporting.grouping import Grouping, next_grouping
from oppfolging.reporting.round import RoundResult
from oppfolging.tui.base import DRILL_DOWN_BINDINGS, AppScreen
from oppfolging.tui.grouping_view import groups_view, members_view, status_legend
from oppfolging.tui.literal import Markup, compose, literal, tc
from oppfolging.tui.widgets.keyed_table import KeyedTable


class GroupedScreen(AppScreen):
    """A municipality's plans, grouped; `g` cycles the grouping."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DRILL_DOWN_BINDINGS,
        Binding("g", "cycle_grouping", "binding.grouping"),
    ]

    def __init__(self, municipality: str, round_: Period, by: Grouping = "perspective") -> None:
        super().__init__()
        self.municipality = municipality
        self.round = round_
        self.by: Grouping = by
        """The grouping shown."""
        self.group_key: str | None = None
        """The highlighted group's key, whose members the lower table lists."""
        self.crumb = t("grouping.crumb", municipality=municipality)

    @property
    def result(self) -> RoundResult:
        """The round's tables (the session caches them)."""
        return self.session.round_result(self.round)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="breadcrumb")
        yield Static(id="grouping-title", classes="description")
        with Vertical(id="groups-box", classes="box"):
            yield KeyedTable(id="groups")
        with Vertical(id="members-box", classes="box"):
            yield Label("", classes="box-title", id="members-title")
            yield KeyedTable(id="members", empty_text=t("grouping.members.empty"))
        yield Static(compose("{legend}", legend=Markup(status_legend())), id="grouping-legend")
        yield Footer()

    def on_mount(self) -> None:
        self.show_header(self.round)
        self.query_one("#breadcrumb", Static).update(literal(self.breadcrumb()))
        self.query_one("#groups", KeyedTable).focus_on_show = True
        self.refresh_tables()

    def data_changed(self) -> None:
        self.show_header(self.round)  # a lock by another user shows in the header
        self.refresh_tables()

    def refresh_tables(self) -> None:
        """Show the groups (and the highlighted group's members) for the grouping."""
        self.query_one("#grouping-title", Static).update(
            tc(
                "grouping.title",
                municipality=self.municipality,
                grouping=t(f"grouping.by.{self.by}"),
                round=self.round.round_label,
            )
        )
        frame, keys = groups_view(self.session.dataset, self.result, self.municipality, self.by)
        if self.group_key not in keys:
            self.group_key = keys[0] if keys else None
        self.run_worker(self._show(frame, keys), exit_on_error=False, group="grouping")

    async def _show(self, frame: pl.DataFrame, keys: list[str]) -> None:
        groups = self.query_one("#groups", KeyedTable)
        groups.empty_text = t(f"grouping.empty.{self.by}")
        await groups.show(frame, keys)
        if self.group_key is not None:
            groups.move_cursor_to(self.group_key)
        await self._show_members()

    async def _show_members(self) -> None:
        table = self.query_one("#members", KeyedTable)
        title = self.query_one("#members-title", Label)
        if self.group_key is None:
            title.update("")
            await table.show(*_nothing())
            return
        frame, keys = members_view(
            self.session.dataset, self.result, self.municipality, self.by, self.group_key
        )
        label = t("grouping.members.items" if self.by == "tag" else "grouping.members.areas")
        title.update(label)
        await table.show(frame, keys)

    @on(KeyedTable.Highlighted, "#groups")
    async def group_highlighted(self, event: KeyedTable.Highlighted) -> None:
        if event.key != self.group_key:
            self.group_key = event.key
            await self._show_members()

    @on(KeyedTable.Selected, "#groups")
    def group_selected(self, event: KeyedTable.Selected) -> None:
        """Enter on a group moves to its members."""
        self.query_one("#members", KeyedTable).focus_table()

    @on(KeyedTable.Selected, "#members")
    def member_selected(self, event: KeyedTable.Selected) -> None:
        from oppfolging.tui.screens.detail import open_item
        from oppfolging.tui.screens.drill import FocusAreaScreen

        if self.by == "tag":
            open_item(self.app, event.key, self.round)
        else:
            self.app.push_screen(FocusAreaScreen(event.key, self.round))

    def action_cycle_grouping(self) -> None:
        """Plan → perspective → tag → plan."""
        self.by = next_grouping(self.by)
        self.group_key = None
        self.refresh_tables()


def _nothing() -> tuple[pl.DataFrame, list[str]]:
    return pl.DataFrame(), []
