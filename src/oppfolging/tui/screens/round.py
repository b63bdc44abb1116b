"""The round screen (issue 10): readiness per unit, what is registered, and the lock.

Enter marks the highlighted unit ready (or not), `l` locks the round after a question,
`u` unlocks it after asking for the reason. Every save goes through
`registration.rounds` in a thread worker; the screen then reads the dataset again.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import polars as pl
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Input, Label, Static

from oppfolging.domain.periods import Period
from oppfolging.i18n import t
from oppfolging.reporting.round_state import RoundState, round_state
from oppfolging.session import Session, open_session
from oppfolging.tui.base import DRILL_DOWN_BINDINGS, AppScreen, CompactWhenShort, TranslatedBindings
from oppfolging.tui.literal import literal
from oppfolging.tui.widgets.keyed_table import KeyedTable


class ReasonScreen(CompactWhenShort, TranslatedBindings, ModalScreen[str | None]):
    """Ask for a reason (unlocking); dismisses with the text, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "binding.back")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.title_text))
            yield Input(id="reason")
            yield Label("", id="reason-error")

    @on(Input.Submitted, "#reason")
    def submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#reason-error", Label).update(literal(t("round.reason.required")))
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class RoundScreen(AppScreen):
    """A round's workflow: units ready, counts, lock and unlock."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DRILL_DOWN_BINDINGS,
        Binding("l", "lock", "binding.lock"),
        Binding("u", "unlock", "binding.unlock"),
    ]

    def __init__(self, round_: Period) -> None:
        super().__init__()
        self.crumb = t("round.crumb")
        self.round = round_
        self.state: RoundState | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="breadcrumb")
        yield Static(id="round-summary", classes="description")
        yield KeyedTable(id="round-units", empty_text="")
        yield Footer()

    def on_mount(self) -> None:
        self.show_header(self.round)
        self.query_one("#breadcrumb", Static).update(literal(self.breadcrumb()))
        self.show_state()

    def data_changed(self) -> None:
        self.show_header(self.round)  # locking and unlocking show in the header
        self.show_state()

    @work(exclusive=True, exit_on_error=False, group="round-screen")
    async def show_state(self) -> None:
        """Compute the round's state from the session and show it."""
        session = self.session
        state = round_state(session.dataset, self.round, session.as_of, session.settings)
        self.state = state
        self.query_one("#round-summary", Static).update(literal(summary_text(state)))
        table = self.query_one("#round-units", KeyedTable)
        await table.show(units_view(state), [unit.unit for unit in state.units])

    @on(KeyedTable.Selected, "#round-units")
    def unit_selected(self, event: KeyedTable.Selected) -> None:
        if self.state is None:
            return
        unit = next((u for u in self.state.units if u.unit == event.key), None)
        if unit is not None and may_register_unit(self, unit.unit):
            self.save_round("ready", unit=unit.unit, ready=unit.ready is None)

    def action_lock(self) -> None:
        from oppfolging.tui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.save_round("lock")

        question = t("round.lock.confirm", round=self.round.round_label)
        self.app.push_screen(ConfirmScreen(question), answered)

    def action_unlock(self) -> None:
        def answered(reason: str | None) -> None:
            if reason:
                self.save_round("unlock", reason=reason)

        title = t("round.reason.title", round=self.round.round_label)
        self.app.push_screen(ReasonScreen(title), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="round-save")
    def save_round(
        self, action: str, *, unit: str = "", ready: bool = True, reason: str = ""
    ) -> None:
        """Save a ready mark, a lock or an unlock; show the error or read the data again."""
        save_in_thread(self, self.round, action, unit=unit, ready=ready, reason=reason)


def save_in_thread(
    screen: AppScreen, round_: Period, action: str, *, unit: str, ready: bool, reason: str
) -> None:
    """Run one round save (from a thread worker): on success take the fresh session and
    refresh the screen (`data_changed`); a refusal is a notification."""
    from oppfolging.registration import RegistrationError, StoreError, resolve_user
    from oppfolging.registration.rounds import lock_round, mark_ready, unlock_round

    folder, as_of = screen.session.folder, screen.session.as_of
    user, now, key = resolve_user(None), datetime.now(), str(round_)
    try:
        if action == "ready":
            mark_ready(folder, key, unit, user, now, ready=ready)
        elif action == "lock":
            lock_round(folder, key, user, now)
        else:
            unlock_round(folder, key, reason, user, now)
    except (RegistrationError, StoreError) as error:
        screen.app.call_from_thread(screen.notify, str(error), severity="error", markup=False)
        return
    session = open_session(folder, as_of)
    screen.app.call_from_thread(_saved, screen, session)


def _saved(screen: AppScreen, session: Session) -> None:
    screen.oapp.use_session(session)
    screen.notify(t("round.saved"))
    screen.data_changed()


def summary_text(state: RoundState) -> str:
    """The round's line: lock, counts, ready units, corrections."""
    lock = state.lock
    when = f"{lock.at:%d.%m.%Y %H:%M}" if lock else ""
    text = t(
        "round.summary",
        round=state.round,
        lock=t("round.locked", by=lock.by, at=when) if lock else t("round.open"),
        values=state.values_registered,
        values_due=state.values_due,
        updates=state.updates_registered,
        updates_due=state.updates_due,
        ready=state.ready_count,
        units=len(state.units),
        corrections=state.corrections,
    )
    if state.assessments is not None:
        text += t("round.assessments", count=state.assessments)
    return text


def units_view(state: RoundState) -> pl.DataFrame:
    """Display strings: unit, ready mark, values and measure updates registered of due."""
    headers = [t(f"round.col.{c}") for c in ("unit", "ready", "values", "updates")]
    rows = [
        (
            unit.unit,
            t("round.ready") if unit.ready else t("round.not_ready"),
            f"{unit.values_registered}/{unit.values_due}",
            f"{unit.updates_registered}/{unit.updates_due}",
        )
        for unit in state.units
    ]
    return pl.DataFrame(rows, schema=dict.fromkeys(headers, pl.String), orient="row")


def may_register_unit(screen: AppScreen, unit: str) -> bool:
    """May the served user mark `unit` ready (a registrator: their own units only)?"""
    from oppfolging.tui.access import app_access

    access = app_access(screen.app)
    if access.may_write_for(unit):
        return True
    key = "access.read_only" if not access.may_write else "access.not_your_unit"
    screen.notify(t(key), severity="warning")
    return False
