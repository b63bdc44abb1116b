"""The registration forms: an indicator's value and a measure's status for one period.

Each form is a `ModalScreen[bool]` (True: something was saved). The save machinery they
share, the confirmation and conflict dialogs and `undo_last` are in `dialogs`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import polars as pl
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from oppfolging.domain.periods import Period, period_words, round_text
from oppfolging.domain.roundlock import LockInfo
from oppfolging.fmt import format_date, format_value
from oppfolging.i18n import t
from oppfolging.registration import RowEdit
from oppfolging.session import Session
from oppfolging.settings import load_personal_settings
from oppfolging.tui import form_logic as logic
from oppfolging.tui.drill_data import shorten
from oppfolging.tui.literal import Markup, lines, tc
from oppfolging.tui.screens.dialogs import (
    ConfirmScreen,
    ConflictScreen,
    RegistrationForm,
    save_error_line,
    undo_last,
)
from oppfolging.tui.views import status_markup

# The dialogs are re-exported: they were defined here before, and tests import them from here.
__all__ = [
    "ConfirmScreen",
    "ConflictScreen",
    "Done",
    "MeasureFormScreen",
    "RegistrationForm",
    "ValueFormScreen",
    "describe_context",
    "open_form",
    "undo_last",
]

Done = Callable[[bool | None], None]

TITLE_NAME_WIDTH = 50
"""A longer item name is cut with an ellipsis in the form's title (one line)."""


def open_form(app: App[Any], key: str, round_: Period, on_done: Done | None = None) -> None:
    """Open the form for `i:<id>` or `m:<id>` in `round_`; asks for the user's name first
    when the personal settings have none (every save is signed with it)."""
    from oppfolging.tui.screens.settings import SettingsScreen

    if app.return_code is not None:
        return  # the app is quitting (keys typed after `q`)
    from oppfolging.tui.access import may_register
    from oppfolging.tui.app import OppfolgingApp

    session = cast(OppfolgingApp, app).session
    if session is not None and not may_register(app, session, key):
        return
    name = load_personal_settings().settings.name
    if name:
        _push_form(app, key, round_, name, on_done)
        return

    def after_settings(saved: bool | None) -> None:
        name = load_personal_settings().settings.name
        if saved and name:
            _push_form(app, key, round_, name, on_done)

    app.notify(t("form.name_first"))
    app.push_screen(SettingsScreen(), after_settings)


def _push_form(app: App[Any], key: str, round_: Period, user: str, on_done: Done | None) -> None:
    from oppfolging.tui.app import OppfolgingApp

    session = cast(OppfolgingApp, app).session
    assert session is not None
    kind, _, item_id = key.partition(":")
    period = _period_of(session, kind, item_id, round_)
    if kind == "i":
        context = logic.value_context(session, item_id, period)
        limit = session.settings.plausibility_limit
        app.push_screen(ValueFormScreen(context, user, limit), on_done)
    elif kind == "m":
        app.push_screen(MeasureFormScreen(logic.measure_context(session, item_id, period), user),
                        on_done)  # fmt: skip


def _period_of(session: Session, kind: str, item_id: str, round_: Period) -> str:
    """The period the item reports in the round (an annual indicator: its year)."""
    result = session.round_result(round_)
    frame, column = (
        (result.indicators, "indicator_id") if kind == "i" else (result.measures, "measure_id")
    )
    rows = frame.filter(pl.col(column) == item_id)
    return str(rows["period"][0]) if rows.height else str(round_.tertial_period())


class ValueFormScreen(RegistrationForm):
    """Register, change or delete an indicator's value for one period."""

    def __init__(self, context: logic.ValueContext, user: str, limit: float) -> None:
        super().__init__(user)
        self.context = context
        self.locked = context.locked
        self.limit = limit
        """The plausibility limit: a bigger jump from the previous value asks first."""

    def compose(self) -> ComposeResult:
        existing = self.context.existing or {}
        with Vertical(classes="dialog", id="value-form"):
            title = tc("form.value.title", name=shorten(self.context.name, TITLE_NAME_WIDTH))
            yield Label(title, classes="dialog-title")
            yield Static(describe_context(self.context), id="context")
            yield from locked_fields(self.context.locked)
            yield Label(t("form.value.label"))
            yield Input(self.context.existing_text, id="value")
            yield Static("", id="error", classes="error-text")
            yield Static("", id="preview")
            yield Label(t("form.value.comment"))
            yield Input(str(existing.get("comment") or ""), id="comment")
            yield from correction_field(self.context.locked)
            yield save_error_line()
            with Horizontal(classes="buttons"):
                yield Button(t("button.save"), id="save", variant="primary")
                if self.context.existing is not None:
                    yield Button(t("button.delete_value"), id="delete", variant="error")
                yield Button(t("button.cancel"), id="cancel")

    AUTO_FOCUS = "#value"

    def on_mount(self) -> None:
        self.update_preview(self.context.existing_text)

    @on(Input.Changed, "#value")
    def value_changed(self, event: Input.Changed) -> None:
        self.query_one("#error", Static).update("")
        self.update_preview(event.value)

    def update_preview(self, typed: str) -> None:
        """The status the typed value would get, live; an impossible value says why at
        once (the same check as on save; an empty field only when saving)."""
        preview = self.query_one("#preview", Static)
        try:
            value = logic.check_value(typed, self.context)
        except logic.ValueRejectedError as problem:
            preview.update(t("form.value.preview", status="–"))
            if typed.strip():
                self.show_error(str(problem))
            return
        status = logic.preview_status(self.context, value)
        preview.update(t("form.value.preview", status=status_markup(status)))

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "delete":
            self.ask_delete()
        else:
            self.dismiss(False)

    def has_unsaved_input(self) -> bool:
        typed = (self.query_one("#value", Input).value, self.query_one("#comment", Input).value)
        comment = (self.context.existing or {}).get("comment")
        return typed != (self.context.existing_text, str(comment or ""))

    def decision(self) -> logic.ValueDecision:
        """What saving the fields means (the registration service's checks)."""
        typed = self.query_one("#value", Input).value
        comment = self.query_one("#comment", Input).value
        return logic.decide_value(self.context, typed, comment, self.user, self.limit)

    def build_edit(self) -> RowEdit | None:
        decision = self.decision()
        if decision.rejected is not None:
            self.show_error(decision.rejected)
        return decision.edit

    def action_save(self) -> None:
        if self.saving:
            return
        decision = self.decision()
        if decision.edit is None:
            self.show_error(decision.rejected or "")
            return
        if not self.correction_given():
            return
        self.show_save_error(None)
        if decision.implausible is None:
            self.save(decision.edit)
            return
        question = t("form.value.implausible_ask", reason=decision.implausible)
        confirm = ConfirmScreen(question, t("button.save_anyway"))
        self.app.push_screen(confirm, self.save_if(decision.edit))

    def ask_delete(self) -> None:
        """Delete the registered value, after a confirmation."""
        edit = logic.value_edit(self.context, None, "", self.user)
        question = t("form.value.delete", period=period_words(self.context.period))
        self.app.push_screen(ConfirmScreen(question, t("button.delete")), self.save_if(edit))


def describe_context(context: logic.ValueContext) -> Content:
    """Period, unit and direction in words, previous, baseline, target, old value (the
    unit literal)."""
    d, unit = context.definition, context.unit
    existing = context.existing or {}
    parts = [
        tc("form.period", period=period_words(context.period)),
        tc("form.unit", unit=unit, direction=t("direction." + context.direction)),
        tc("form.previous", value=format_value(context.previous_value, unit) or "–"),
        tc(
            "form.baseline",
            value=format_value(d.get("baseline"), unit) or "–",
            year=d.get("baseline_year") or "–",
        ),
        tc(
            "form.target",
            value=format_value(d.get("target"), unit) or "–",
            year=d.get("target_year") or "–",
        ),
    ]
    if context.existing is not None:
        value = format_value(existing.get("value"), unit) or "–"
        parts.append(tc("form.registered_now", value=value))
    return lines(*parts)


class MeasureFormScreen(RegistrationForm):
    """Register a measure's status (and comment) for one period."""

    def __init__(self, context: logic.MeasureContext, user: str) -> None:
        super().__init__(user)
        self.context = context
        self.locked = context.locked

    def compose(self) -> ComposeResult:
        existing = self.context.existing or {}
        options = [(f"{status_markup(code)}", code) for code in logic.MEASURE_CODES]
        current = existing.get("status")
        with Vertical(classes="dialog", id="measure-form"):
            title = tc("form.measure.title", name=shorten(self.context.name, TITLE_NAME_WIDTH))
            yield Label(title, classes="dialog-title")
            period = period_words(self.context.period)
            yield Static(tc("form.period", period=period) + _old_status(current))
            yield Static(_previous_status(self.context), id="previous-status")
            yield from locked_fields(self.context.locked)
            yield Label(t("form.measure.status"))
            yield Select(options, value=current if current in logic.MEASURE_CODES
                         else Select.NULL, id="status",
                         prompt=t("form.measure.choose"))  # fmt: skip
            yield Label(t("form.measure.comment"))
            yield Input(str(existing.get("comment") or ""), id="comment")
            yield Static("", id="error", classes="error-text")
            yield from correction_field(self.context.locked)
            yield save_error_line()
            with Horizontal(classes="buttons"):
                yield Button(t("button.save"), id="save", variant="primary")
                yield Button(t("button.cancel"), id="cancel")

    AUTO_FOCUS = "#status"

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(False)

    def has_unsaved_input(self) -> bool:
        existing = self.context.existing or {}
        current = existing.get("status")
        shown = (
            current if current in logic.MEASURE_CODES else None,
            str(existing.get("comment") or ""),
        )
        return (self.chosen_status(), self.query_one("#comment", Input).value) != shown

    def chosen_status(self) -> str | None:
        """The status chosen in the list, None when none is."""
        value = self.query_one("#status", Select).value
        return value if isinstance(value, str) else None

    def build_edit(self) -> RowEdit | None:
        status = self.chosen_status()
        comment = self.query_one("#comment", Input).value
        try:
            logic.check_measure(status, comment)
        except logic.ValueRejectedError as problem:
            self.show_error(str(problem))
            return None
        assert status is not None
        return logic.measure_edit(self.context, status, comment, self.user)


def _previous_status(context: logic.MeasureContext) -> Content:
    """`Forrige status (1. tertial 2026): ◐ pågår`, or a dash when there is none."""
    if context.previous_status is None:
        return tc("form.measure.no_previous")
    status = Markup(status_markup(context.previous_status))
    return tc(
        "form.measure.previous", period=period_words(context.previous_period or ""), status=status
    )


def _old_status(code: object) -> Content:
    status = Markup(status_markup(str(code)))
    return tc("form.measure.registered_now", status=status) if code else Content("")


def locked_fields(locked: tuple[str, LockInfo] | None) -> ComposeResult:
    """For a period of a locked round: a line saying so (who locked it, when)."""
    if locked is None:
        return
    round_, lock = locked
    notice = tc("form.locked", round=round_text(round_), by=lock.by, date=format_date(lock.at))
    yield Static(notice, id="locked", classes="error-text")


def correction_field(locked: tuple[str, LockInfo] | None) -> ComposeResult:
    """For a period of a locked round: the correction's reason (required to save)."""
    if locked is None:
        return
    yield Label(t("form.correction"))
    yield Input("", id="correction")
