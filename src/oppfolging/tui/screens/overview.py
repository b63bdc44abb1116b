"""The first screen: a round's status at a glance.

Plans with their revision flag and completeness, the focus areas of the highlighted plan
with counts per status and mean progress, and an attention list, worst first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import polars as pl
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Label, Static

from oppfolging.display_snapshot import MAX_ROWS, OverviewPicture, TablePicture, picture_table
from oppfolging.domain.periods import Period
from oppfolging.domain.roundlock import LockInfo
from oppfolging.fmt import format_date, format_datetime
from oppfolging.i18n import t
from oppfolging.reporting.round import RoundResult
from oppfolging.tui import overview_data as data
from oppfolging.tui import why
from oppfolging.tui.base import AppScreen, CatalogueLabel, header_text
from oppfolging.tui.messages import OverviewReady
from oppfolging.tui.overview_keys import overview_bindings
from oppfolging.tui.overview_paint import focus_title, overview_layout, paint_texts
from oppfolging.tui.views import bar, one_line
from oppfolging.tui.widgets.fill import fill_column
from oppfolging.tui.widgets.keyed_table import KeyedTable, content_widths

if TYPE_CHECKING:
    from oppfolging.session import Session
    from oppfolging.tui.app import Filters

NAME_SHARE = 0.3
"""At most this share of the width goes to the attention list's names (the comment gets
the rest)."""
WHY_AUTO_HEIGHT = 45
"""From this terminal height on, the «Hvorfor» pane shows without pressing `d`."""


class OverviewScreen(AppScreen):
    """The round at a glance; Enter drills down, `[` and `]` switch round."""

    BINDINGS: ClassVar[list[BindingType]] = overview_bindings()

    def __init__(
        self,
        initial_round: Period | None = None,
        frames: data.OverviewFrames | None = None,
        cursors: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.frames = frames
        self.cursors = cursors or {}
        """Rows highlighted on the start picture, by table id (and `focus`: its table)."""
        """Tables built while the dataset was loaded, mounted straight away in `compose`."""
        self.crumb = t("overview.crumb")
        self.initial_round = initial_round
        self.round: Period | None = None
        """The round shown."""
        self.result: RoundResult | None = None
        self.plan_id: str | None = None
        """The plan whose focus areas are shown."""
        self.changed = data.Changed(frozenset(), frozenset())
        """Plans and focus areas marked Δ (changed after the round was locked)."""
        self._left = False
        self.why_shown: bool | None = None
        """The «Hvorfor» pane on (True) or off (False) by `d`; None: by terminal height."""
        self._assessments: tuple[Period, pl.DataFrame] | None = None

    def compose(self) -> ComposeResult:
        yield from overview_layout(
            KeyedTable(
                *self._first("plans"),
                id="plans",
                empty_text=t("overview.plans.empty"),
                flex_column=0,
            ),
            KeyedTable(
                *self._first("focus_areas"),
                id="focus-areas",
                empty_text=t("overview.focus_areas.empty"),
                flex_column=1,
            ),
            KeyedTable(
                *self._first("attention"), id="attention", empty_text=t("overview.attention.empty")
            ),
        )
        with VerticalScroll(id="why-box", classes="box"):
            yield CatalogueLabel("why.title", classes="box-title")
            yield Static(id="why")
        yield Footer()

    def _first(self, part: str) -> tuple[pl.DataFrame | None, list[str] | None]:
        """The prepared frame and keys of one table, if the app built them already."""
        if self.frames is None:
            return None, None
        frame, keys = getattr(self.frames, part)
        return frame, keys

    def on_mount(self) -> None:
        self.round = self.session.clamp_round(self.initial_round)
        if self.frames is None:
            self.query_one("#plans", KeyedTable).focus_on_show = True
            self.prepare(self.round)
            return
        self._apply_state(self.frames)
        self.call_after_refresh(self._fit_comment)
        self.show_why()
        self._take_cursors()
        self.call_after_refresh(self._run_deferred)
        self.warm_cache(self.round)

    def _take_cursors(self) -> None:
        """Highlight the rows the start picture had highlighted, and focus its table."""
        for table_id in ("plans", "focus-areas", "attention"):
            key = self.cursors.get(table_id)
            if key is not None:
                self.query_one(f"#{table_id}", KeyedTable).move_cursor_to(key)
        focused = self.cursors.get("focus", "plans")
        self.query_one(f"#{focused}", KeyedTable).focus_table()

    async def _run_deferred(self) -> None:
        """Run what was pressed on the start picture: an Enter on a row, then the keys."""
        app = self.oapp
        selection, app.deferred_selection = app.deferred_selection, None
        actions, app.deferred_actions = app.deferred_actions, []
        if selection is not None:
            table_id, key = selection
            table = self.query_one(f"#{table_id}", KeyedTable)
            table.move_cursor_to(key)
            table.post_message(KeyedTable.Selected(table, key))
        for action in actions:
            await self.run_action(action)

    def data_changed(self) -> None:
        self._assessments = None
        if self.round is not None:
            self.prepare(self.round)

    def language_changed(self) -> None:
        self.crumb = t("overview.crumb")
        super().language_changed()

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        """Coming back from another screen: the data may have changed meanwhile."""
        if self._left and self.round is not None:
            self._left = False
            self._assessments = None
            if not self._show_early(self.round):
                self.prepare(self.round)

    def _show_early(self, round_: Period) -> bool:
        """Show the tables computed while one's own save wrote its files, at once (no
        thread), when the session already has the round they were computed for."""
        result = self.session.cached_result(round_)
        if result is None:
            return False
        frames = self.oapp.take_early_frames(result, self.oapp.filters, self.plan_id)
        if frames is None:
            return False
        self.show_frames(frames)
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="round")
    def prepare(self, round_: Period) -> None:
        """Compute the round and build its tables off the UI thread (the neighbouring rounds
        are computed once they are shown: `show_frames`)."""
        session, filters = self.session, self.oapp.filters
        result = session.round_result(round_)
        frames = self.oapp.take_early_frames(result, filters, self.plan_id)
        if frames is None:
            frames = data.overview_frames(session, result, filters, self.plan_id)
        self.post_message(OverviewReady(frames))

    @work(thread=True, exclusive=True, exit_on_error=False, group="round")
    def warm_cache(self, round_: Period) -> None:
        """Compute the rounds next to `round_` ahead of time, off the UI thread."""
        self._compute_neighbours(round_)

    def _compute_neighbours(self, round_: Period) -> None:
        rounds = self.session.rounds
        if round_ in rounds:
            index = rounds.index(round_)
            for neighbour in rounds[max(0, index - 1) : index + 2]:
                self.session.round_result(neighbour)

    def on_overview_ready(self, message: OverviewReady) -> None:
        self.show_frames(message.frames)

    @work(exclusive=True, exit_on_error=False, group="overview")
    async def show_frames(self, frames: data.OverviewFrames) -> None:
        """Mount the prepared tables (the only part that needs the UI thread)."""
        await self.query_one("#plans", KeyedTable).show(*frames.plans)
        await self.query_one("#focus-areas", KeyedTable).show(*frames.focus_areas)
        await self.query_one("#attention", KeyedTable).show(*frames.attention)
        self._apply_state(frames)
        self.call_after_refresh(self._fit_comment)
        self.show_why()
        # Only now, so that computing them does not hold the UI thread's mounting back.
        self.call_after_refresh(self.warm_cache, frames.result.round)
        self.call_after_refresh(self.oapp.cache_after_save)

    def _apply_state(self, frames: data.OverviewFrames) -> None:
        """Titles, header, round bar, legend and the screen's notion of what it shows."""
        result = frames.result
        self.result, self.round, self.plan_id = result, result.round, frames.plan_id
        self.changed = frames.changed
        paint_texts(self, overview_picture(self.session, frames, self.oapp.filters))

    async def _show_focus_areas(self) -> None:
        assert self.result is not None
        frame, keys = data.focus_area_view(
            self.session, self.result, self.plan_id, self.oapp.filters, self.changed
        )
        await self.query_one("#focus-areas", KeyedTable).show(frame, keys)
        self._update_focus_title()

    def _update_focus_title(self) -> None:
        name = data.plan_name(self.session, self.plan_id)
        self.query_one("#focus-title", Label).update(focus_title(name))

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

    # --- the why: comment column and «Hvorfor» pane ----------------------------------------

    def on_resize(self) -> None:
        """The «Hvorfor» pane by height, the comment column by width. (Textual also runs
        `AppScreen.on_resize`, which fits the footer: handlers are called along the MRO.)"""
        hidden = not self.query_one("#why-box").display
        self._apply_why_display()
        if hidden and self._why_visible():
            self.show_why()
        self.call_after_refresh(self._fit_comment)

    def _fit_comment(self) -> None:
        """The attention list's comment column takes the width the other columns leave."""
        table = self.query_one("#attention", KeyedTable).table
        if table is not None:
            fill_column(table, t("col.comment"), {t("col.name"): NAME_SHARE})

    def _why_visible(self) -> bool:
        if self.why_shown is not None:
            return self.why_shown
        return self.app.size.height >= WHY_AUTO_HEIGHT

    def _apply_why_display(self) -> None:
        """Show or hide the pane; on short terminals it takes the plans' and focus areas'
        place while it is shown (`App.-short OverviewScreen.-why` in app.tcss)."""
        visible = self._why_visible()
        self.query_one("#why-box").display = visible
        self.set_class(visible, "-why")

    def action_why(self) -> None:
        """`d`: show or hide the «Hvorfor» pane under the attention list."""
        self.why_shown = not self._why_visible()
        self._apply_why_display()
        self.show_why()

    @on(KeyedTable.Highlighted, "#attention")
    def attention_highlighted(self, event: KeyedTable.Highlighted) -> None:
        self.show_why()

    def show_why(self) -> None:
        """Fill the pane for the highlighted attention row (only while it is shown)."""
        self._apply_why_display()
        if self.round is not None and self._why_visible():
            key = self.query_one("#attention", KeyedTable).cursor_key
            self._build_why(self.round, key, self.query_one("#why", Static))

    @work(thread=True, exclusive=True, exit_on_error=False, group="why")
    def _build_why(self, round_: Period, key: str | None, pane: Static) -> None:
        """The pane's text off the UI thread (history and assessments read the dataset)."""
        content = why.why_content(self.session, round_, key, self._goal_assessments(round_))
        self.app.call_from_thread(pane.update, content)

    def _goal_assessments(self, round_: Period) -> pl.DataFrame:
        """The round's goal assessments, computed once per round (and after changes)."""
        if self._assessments is None or self._assessments[0] != round_:
            self._assessments = (round_, why.goal_assessments(self.session, round_))
        return self._assessments[1]

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
            self.prepare(rounds[index])
        else:
            self.notify(t("overview.no_more_rounds"), severity="warning")

    def action_filter(self) -> None:
        from oppfolging.tui.screens.filters import FilterScreen

        def apply(changed: bool | None) -> None:
            if changed and self.round is not None:
                self.prepare(self.round)

        self.app.push_screen(FilterScreen(), apply)

    def action_export(self) -> None:
        from oppfolging.tui.screens.export import ExportScreen

        if self.round is not None:
            self.app.push_screen(ExportScreen(self.round))

    def action_group(self) -> None:
        """The highlighted plan's municipality grouped across its plans (issue 11)."""
        from oppfolging.reporting.grouping import municipality_of
        from oppfolging.tui.screens.grouped import GroupedScreen

        municipality = municipality_of(self.session.dataset, self.plan_id)
        if municipality is not None and self.round is not None:
            self.app.push_screen(GroupedScreen(municipality, self.round))

    def action_revisions(self) -> None:
        from oppfolging.tui.screens.revisions import RevisionScreen

        self.app.push_screen(RevisionScreen(self.round))

    # --- registration -------------------------------------------------------------------

    def action_worklist(self) -> None:
        """The round's missing registrations («Mine registreringer»)."""
        from oppfolging.tui.screens.worklist import WorklistScreen

        if self.round is not None and self.app.return_code is None:
            self.app.push_screen(WorklistScreen(self.round))

    def action_round(self) -> None:
        """The round's workflow: units ready, lock (issue 10)."""
        from oppfolging.tui.screens.round import RoundScreen

        if self.round is not None and self.app.return_code is None:
            self.app.push_screen(RoundScreen(self.round))

    def action_settings(self) -> None:
        from oppfolging.tui.screens.settings import SettingsScreen

        if self.app.return_code is None:  # not after `q` (keys typed while quitting)
            self.app.push_screen(SettingsScreen())

    def action_undo(self) -> None:
        """Undo my last save; the round is shown again from the fresh session."""
        self.oapp.action_undo()


def overview_picture(
    session: Session, frames: data.OverviewFrames, filters: Filters
) -> OverviewPicture:
    """What the overview shows of `frames`, as text: painted by `overview_paint`, and kept
    as the next start's first picture (`display_snapshot`)."""
    result = frames.result
    rounds = session.rounds
    previous, next_ = round_arrows(result.round != rounds[0], result.round != rounds[-1])
    return OverviewPicture(
        title=one_line(session.dataset_name),
        sub_title=header_text(result.round, frames.lock),
        round_previous=previous,
        round_label=result.round.round_label,
        round_next=next_,
        round_extra=round_bar_extra(result),
        completeness_bar=bar(frames.completeness),
        lock_text=lock_text(frames.lock),
        legend=tuple(frames.legend),
        filter_line=data.filter_line(filters, session),
        plan_name=data.plan_name(session, frames.plan_id),
        attention_count=len(frames.attention[1]),
        attention_filters=data.filter_text(filters, session),
        plans=table_picture(*frames.plans),
        focus_areas=table_picture(*frames.focus_areas),
        attention=table_picture(*frames.attention),
    )


def table_picture(frame: pl.DataFrame, keys: list[str]) -> TablePicture:
    """A display frame's first rows as a picture table, with its columns' widths measured
    over every row as the overview's table measures them."""
    head = frame.head(MAX_ROWS)
    return picture_table(head.columns, head.rows(), keys, content_widths(frame))


def round_bar_extra(result: RoundResult) -> str:
    """After the completeness bar: the date the figures are computed for, only where it
    differs from the round's end date."""
    if result.as_of == result.round.end_date:
        return ""
    return t("overview.computed", date=format_date(result.as_of))


def lock_text(lock: LockInfo | None) -> str:
    """`🔒 låst av Kari 02.12.2026 15:02` for a locked round, empty for an open one."""
    if lock is None:
        return ""
    return t("round.locked", by=one_line(lock.by), at=format_datetime(lock.at))


def round_arrows(has_previous: bool, has_next: bool) -> tuple[str, str]:
    """`◀ [` and `] ▶` around the round, dimmed where there is no round to go to."""
    prev = "◀ \\[" if has_previous else "[dim]◀ \\[[/]"
    nxt = "] ▶" if has_next else "[dim]] ▶[/]"
    return prev, nxt
