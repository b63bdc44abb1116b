"""The first screen: a round's status at a glance.

Plans with their revision flag and completeness, the focus areas of the highlighted plan
with counts per status and mean progress, and an attention list, worst first.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Header, Label, Static

from oppfolging.domain.periods import Period
from oppfolging.fmt import format_date
from oppfolging.i18n import t
from oppfolging.reporting.round import RoundResult
from oppfolging.tui import overview_data as data
from oppfolging.tui.base import AppScreen
from oppfolging.tui.messages import RoundComputed
from oppfolging.tui.views import bar, text
from oppfolging.tui.widgets.keyed_table import KeyedTable


class OverviewScreen(AppScreen):
    """The round at a glance; Enter drills down, `[` and `]` switch round."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket", "previous_round", t("binding.previous_round"), key_display="["
        ),
        Binding("right_square_bracket", "next_round", t("binding.next_round"), key_display="]"),
        Binding("f", "filter", t("binding.filter")),
        Binding("v", "revisions", t("binding.revisions")),
        Binding("e", "export", t("binding.export")),
        # registration (see tui/screens/worklist.py, settings.py, forms.py)
        Binding("r", "worklist", t("binding.register")),
        Binding("s", "settings", t("binding.settings")),
        Binding("ctrl+z", "undo", t("binding.undo"), show=False),
    ]

    def __init__(self, initial_round: Period | None = None) -> None:
        super().__init__()
        self.crumb = t("overview.crumb")
        self.initial_round = initial_round
        self.round: Period | None = None
        """The round shown."""
        self.result: RoundResult | None = None
        self.plan_id: str | None = None
        """The plan whose focus areas are shown."""
        self._left = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="round-bar")
        with Vertical(id="plans-box", classes="box"):
            yield Label(t("overview.plans"), classes="box-title")
            yield KeyedTable(id="plans", empty_text=t("overview.plans.empty"))
        with Vertical(id="focus-box", classes="box"):
            yield Label(t("overview.focus_areas"), classes="box-title", id="focus-title")
            yield KeyedTable(id="focus-areas", empty_text=t("overview.focus_areas.empty"))
        with Vertical(id="attention-box", classes="box"):
            yield Label(t("overview.attention"), classes="box-title", id="attention-title")
            yield KeyedTable(id="attention", empty_text=t("overview.attention.empty"))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#plans", KeyedTable).focus_on_show = True
        self.round = self.session.clamp_round(self.initial_round)
        self.show_round(self.session.round_result(self.round))

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        """Coming back from another screen: the data may have changed meanwhile."""
        if self._left and self.result is not None:
            self._left = False
            self.show_round(self.session.round_result(self.result.round))

    @work(exclusive=True, group="overview")
    async def show_round(self, result: RoundResult) -> None:
        """Fill every table from one round result."""
        self.result, self.round = result, result.round
        self.sub_title = t(
            "overview.subtitle", round=result.round.round_label, date=format_date(result.as_of)
        )
        self._update_round_bar(result)
        frame, keys = data.plans_view(self.session, result)
        await self.query_one("#plans", KeyedTable).show(frame, keys)
        if self.plan_id not in keys:
            self.plan_id = keys[0] if keys else None
        await self._show_focus_areas()
        frame, keys = data.attention_view(self.session, result, self.oapp.filters)
        await self.query_one("#attention", KeyedTable).show(frame, keys)
        self.query_one("#attention-title", Label).update(
            t(
                "overview.attention.count",
                count=len(keys),
                filters=data.filter_text(self.oapp.filters),
            )
        )

    def _update_round_bar(self, result: RoundResult) -> None:
        completeness = data.overall_completeness(result)
        rounds = self.session.rounds
        prev = "◀ \\[" if result.round != rounds[0] else "  "
        nxt = "] ▶" if result.round != rounds[-1] else "  "
        self.query_one("#round-bar", Static).update(
            t(
                "overview.round_bar",
                previous=prev,
                round=result.round.round_label,
                next=nxt,
                date=format_date(result.as_of),
                bar=bar(completeness),
            )
        )

    async def _show_focus_areas(self) -> None:
        assert self.result is not None
        frame, keys = data.focus_area_view(self.session, self.result, self.plan_id)
        await self.query_one("#focus-areas", KeyedTable).show(frame, keys)
        name = data.plan_name(self.session, self.plan_id)
        title = t("overview.focus_areas.plan", name=text(name))
        self.query_one("#focus-title", Label).update(title)

    @on(KeyedTable.Highlighted, "#plans")
    async def plan_highlighted(self, event: KeyedTable.Highlighted) -> None:
        if event.key != self.plan_id:
            self.plan_id = event.key
            await self._show_focus_areas()

    @on(KeyedTable.Selected, "#plans")
    def plan_selected(self, event: KeyedTable.Selected) -> None:
        from oppfolging.tui.screens.drill import PlanScreen

        assert self.round is not None
        self.app.push_screen(PlanScreen(event.key, self.round))

    @on(KeyedTable.Selected, "#focus-areas")
    def focus_area_selected(self, event: KeyedTable.Selected) -> None:
        from oppfolging.tui.screens.drill import FocusAreaScreen

        assert self.round is not None
        self.app.push_screen(FocusAreaScreen(event.key, self.round))

    @on(KeyedTable.Selected, "#attention")
    def attention_selected(self, event: KeyedTable.Selected) -> None:
        from oppfolging.tui.screens.detail import open_item

        assert self.round is not None
        open_item(self.app, event.key, self.round)

    def action_previous_round(self) -> None:
        self._step_round(-1)

    def action_next_round(self) -> None:
        self._step_round(+1)

    def _step_round(self, step: int) -> None:
        rounds = self.session.rounds
        if self.round not in rounds:
            return
        index = rounds.index(self.round) + step
        if 0 <= index < len(rounds):
            self.compute_round(rounds[index])
        else:
            self.notify(t("overview.no_more_rounds"), severity="warning")

    @work(thread=True, exclusive=True, group="round")
    def compute_round(self, round_: Period) -> None:
        """Compute (or fetch from cache) another round, off the UI thread."""
        self.post_message(RoundComputed(round_, self.session.round_result(round_)))

    def on_round_computed(self, message: RoundComputed) -> None:
        self.show_round(message.result)

    def action_filter(self) -> None:
        from oppfolging.tui.screens.filters import FilterScreen

        def apply(changed: bool | None) -> None:
            if changed and self.result is not None:
                self.show_round(self.result)

        self.app.push_screen(FilterScreen(), apply)

    def action_export(self) -> None:
        from oppfolging.tui.screens.export import ExportScreen

        if self.round is not None:
            self.app.push_screen(ExportScreen(self.round))

    def action_revisions(self) -> None:
        from oppfolging.tui.screens.revisions import RevisionScreen

        self.app.push_screen(RevisionScreen())

    # --- registration -------------------------------------------------------------------

    def action_worklist(self) -> None:
        """The round's missing registrations («Mine registreringer»)."""
        from oppfolging.tui.screens.worklist import WorklistScreen

        if self.round is not None and self.app.return_code is None:
            self.app.push_screen(WorklistScreen(self.round))

    def action_settings(self) -> None:
        from oppfolging.tui.screens.settings import SettingsScreen

        if self.app.return_code is None:  # not after `q` (keys typed while quitting)
            self.app.push_screen(SettingsScreen())

    def action_undo(self) -> None:
        """Undo my last save, then show the round again from the fresh session."""
        from oppfolging.tui.screens.forms import undo_last

        undo_last(self.oapp, self.on_screen_resume)
