"""Drill-down: plan → focus areas → goals → indicators and measures.

Each level is a screen on the stack, so Escape goes back one level and the breadcrumb
is the stack itself.
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Header, Static

from oppfolging.domain.periods import Period
from oppfolging.i18n import t
from oppfolging.reporting.round import RoundResult
from oppfolging.tui import drill_data
from oppfolging.tui import overview_data as data
from oppfolging.tui.base import DRILL_DOWN_BINDINGS, AppScreen, CatalogueLabel
from oppfolging.tui.drill_data import (
    INDICATOR_NAME,
    INDICATOR_TREND,
    MEASURE_DEADLINE,
    MEASURE_NAME,
)
from oppfolging.tui.literal import compose, literal, tc
from oppfolging.tui.widgets.keyed_table import KeyedTable
from oppfolging.tui.widgets.legend import Legend


class DrillScreen(AppScreen):
    """A level of the drill-down: a title, a description and one or two tables."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DRILL_DOWN_BINDINGS,
        Binding("f", "filter", "binding.filter"),
    ]

    def __init__(self, key: str, round_: Period) -> None:
        super().__init__()
        self.key = key
        """The id of the plan, focus area or goal shown."""
        self.round = round_

    @property
    def result(self) -> RoundResult:
        """The round's tables, narrowed to the active filter (`overview_data.filtered_result`)."""
        return data.filtered_result(
            self.session.round_result(self.round), self.oapp.filters, self.session.dataset
        )

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="breadcrumb")
        yield Static(id="filter-bar")
        yield Static(id="description", classes="description")
        yield from self.compose_tables()
        yield Footer()

    def compose_tables(self) -> ComposeResult:
        """The level's tables."""
        yield from ()

    def on_mount(self) -> None:
        self.show_header(self.round)
        self.query_one("#breadcrumb", Static).update(literal(self.breadcrumb()))
        self.query_one("#description", Static).update(self.describe())
        tables = self.query(KeyedTable)
        if tables:
            tables.first().focus_on_show = True

    def describe(self) -> Content:
        """What the level's item is (dataset text literal)."""
        return Content("")

    def refresh_tables(self) -> None:
        """Fill the tables (on entry, and again after a filter or a registration)."""

    def refresh_level(self) -> None:
        """The filter line and the tables."""
        line = data.filter_line(self.oapp.filters, self.session)
        bar = self.query_one("#filter-bar", Static)
        bar.update(tc("overview.filter_bar", line=line))
        bar.display = bool(line)
        self.refresh_tables()

    def data_changed(self) -> None:
        self.show_header(self.round)  # a lock by another user shows in the header
        self.refresh_level()

    def on_screen_resume(self) -> None:
        self.refresh_level()

    def action_filter(self) -> None:
        """`f`: the same filter as on the overview; this level's tables follow it."""
        from oppfolging.tui.screens.filters import FilterScreen

        def apply(changed: bool | None) -> None:
            if changed:
                self.refresh_level()

        self.app.push_screen(FilterScreen(), apply)

    level = ""
    """The assessment level of this screen (`plan`, `focus_area`, `goal`), empty when none."""

    def action_assess(self) -> None:
        """Open the round's assessment of this plan, focus area or goal (issue 10)."""
        from oppfolging.tui.screens.assess import open_assessment

        if self.level:
            open_assessment(self.app, self.session, self.round, self.level, self.key)


class PlanScreen(DrillScreen):
    """A plan's focus areas; `a` writes the plan-level summary assessment."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "assess", "binding.assess")]
    level = "plan"

    def compose_tables(self) -> ComposeResult:
        yield CatalogueLabel("drill.focus_areas", classes="box-title")
        yield Legend(id="status-legend")
        yield KeyedTable(id="children", empty_text=t("drill.focus_areas.empty"), flex_column=1)

    def on_mount(self) -> None:
        self.crumb = str(drill_data.plan_row(self.session, self.key).get("name", self.key))
        super().on_mount()

    def describe(self) -> Content:
        return drill_data.describe_plan(self.session, self.key)

    def refresh_tables(self) -> None:
        filters = self.oapp.filters
        frame, keys = data.focus_area_view(self.session, self.result, self.key, filters)
        legend = data.focus_area_legend(self.session, self.result, self.key, filters)
        self.query_one("#status-legend", Legend).set_items(legend)
        self.run_worker(
            self.query_one("#children", KeyedTable).show(frame, keys), exit_on_error=False
        )

    def action_assess(self) -> None:
        """The plan-level summary; only a plan the round counts (an adopted one) has one."""
        from oppfolging.reporting.round import adopted_hierarchy

        if self.key not in adopted_hierarchy(self.session.dataset)["plan_id"].to_list():
            self.notify(t("assess.plan_not_in_round"), severity="warning")
            return
        super().action_assess()

    @on(KeyedTable.Selected, "#children")
    def open_focus_area(self, event: KeyedTable.Selected) -> None:
        self.app.push_screen(FocusAreaScreen(event.key, self.round))


class FocusAreaScreen(DrillScreen):
    """A focus area's goals."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "assess", "binding.assess")]
    level = "focus_area"

    def compose_tables(self) -> ComposeResult:
        yield CatalogueLabel("drill.goals", classes="box-title")
        yield KeyedTable(id="children", empty_text=t("drill.goals.empty"))

    def on_mount(self) -> None:
        row = drill_data.focus_area_row(self.session, self.key)
        self.crumb = f"{row.get('number', '')}. {row.get('name', self.key)}"
        super().on_mount()

    def describe(self) -> Content:
        return drill_data.describe_focus_area(self.session, self.key)

    def refresh_tables(self) -> None:
        frame, keys = data.goal_view(self.session, self.result, self.key, self.oapp.filters)
        self.run_worker(
            self.query_one("#children", KeyedTable).show(frame, keys), exit_on_error=False
        )

    @on(KeyedTable.Selected, "#children")
    def open_goal(self, event: KeyedTable.Selected) -> None:
        self.app.push_screen(GoalScreen(event.key, self.round))


class GoalScreen(DrillScreen):
    """A goal's indicators and measures."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "assess", "binding.assess")]
    level = "goal"

    def compose_tables(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield CatalogueLabel("drill.indicators", classes="box-title")
            # Periods in words are wide: the name gives way so the trend stays in view.
            yield KeyedTable(
                id="indicators",
                empty_text=t("drill.indicators.empty"),
                flex_column=INDICATOR_NAME,
                flex_keep=INDICATOR_TREND,
            )
        with Vertical(classes="box"):
            yield CatalogueLabel("drill.measures", classes="box-title")
            # The name takes the width the columns up to the deadline leave, so the deadline
            # is never cut; funding and comment may scroll off (the measure screen has them).
            yield KeyedTable(
                id="measures",
                empty_text=t("drill.measures.empty"),
                flex_column=MEASURE_NAME,
                flex_keep=MEASURE_DEADLINE,
            )

    def on_mount(self) -> None:
        goal = drill_data.goal_row(self.session, self.key)
        self.crumb = drill_data.shorten(str(goal.get("text", self.key)), 40)
        super().on_mount()

    def describe(self) -> Content:
        goal = drill_data.goal_row(self.session, self.key)
        return compose("[b]" + t("drill.goal.label") + "[/b] {goal}", goal=goal.get("text", ""))

    def refresh_tables(self) -> None:
        filters = self.oapp.filters
        indicators = self.result.indicators.filter(pl.col("goal_id") == self.key)
        frame, keys = drill_data.indicator_view(
            data.apply_filters(indicators, filters, dataset=self.session.dataset)
        )
        self.run_worker(
            self.query_one("#indicators", KeyedTable).show(frame, keys), exit_on_error=False
        )
        measures = self.result.measures.filter(pl.col("goal_id") == self.key)
        frame, keys = drill_data.measure_view(
            data.apply_filters(measures, filters, dataset=self.session.dataset)
        )
        self.run_worker(
            self.query_one("#measures", KeyedTable).show(frame, keys), exit_on_error=False
        )

    @on(KeyedTable.Selected)
    def open_item(self, event: KeyedTable.Selected) -> None:
        from oppfolging.tui.screens.detail import open_item

        open_item(self.app, event.key, self.round)
