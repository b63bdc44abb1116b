"""The registration forms: an indicator's value and a measure's status for one period.

Each form is a `ModalScreen[bool]` (True: something was saved). Saving runs in a thread
worker through `save_edits`, with `expected` = what the form showed, so another user's save
in the meantime becomes a `ConflictScreen` choice instead of being overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

import polars as pl
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from oppfolging.domain.periods import Period
from oppfolging.fmt import format_number, format_percent, format_value
from oppfolging.i18n import t
from oppfolging.registration import RegistrationError, undo_last_change
from oppfolging.session import Session, open_session
from oppfolging.settings import load_personal_settings
from oppfolging.store.write import Conflict, ConflictError, RowEdit, StoreError, save_edits
from oppfolging.tui import form_logic as logic
from oppfolging.tui.views import status_markup, text

if TYPE_CHECKING:
    from oppfolging.tui.app import OppfolgingApp

Done = Callable[[bool | None], None]


def open_form(app: App[Any], key: str, round_: Period, on_done: Done | None = None) -> None:
    """Open the form for `i:<id>` or `m:<id>` in `round_`; asks for the user's name first
    when the personal settings have none (every save is signed with it)."""
    from oppfolging.tui.screens.settings import SettingsScreen

    if app.return_code is not None:
        return  # the app is quitting (keys typed after `q`)
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


def undo_last(app: OppfolgingApp, done: Callable[[], None]) -> None:
    """Undo this user's most recent save (logged like any save), then call `done`."""
    user = load_personal_settings().settings.name
    if not user:
        app.notify(t("form.undo.no_name"), severity="warning")
        return

    def run() -> None:
        try:
            rows = undo_last_change(app.folder, user, datetime.now())
        except (RegistrationError, StoreError) as error:
            message = t("form.undo.failed", error=error)
            app.call_from_thread(app.notify, message, severity="warning")
            return
        session = open_session(app.folder, app.as_of)
        app.call_from_thread(_undone, app, session, len(rows), done)

    app.run_worker(run, thread=True, exit_on_error=False, group="undo")


def _undone(app: OppfolgingApp, session: Session, count: int, done: Callable[[], None]) -> None:
    app.use_session(session)
    app.notify(t("form.undo.done", count=count))
    done()


def _period_of(session: Session, kind: str, item_id: str, round_: Period) -> str:
    """The period the item reports in the round (an annual indicator: its year)."""
    result = session.round_result(round_)
    frame, column = (
        (result.indicators, "indicator_id") if kind == "i" else (result.measures, "measure_id")
    )
    rows = frame.filter(pl.col(column) == item_id)
    return str(rows["period"][0]) if rows.height else str(round_.tertial_period())


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; dismisses with True for yes."""

    AUTO_FOCUS = "#no"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "no", t("binding.no"))]

    def __init__(self, question: str, yes: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes = t("button.yes") if yes is None else yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question)
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="warning")
                yield Button(t("button.no"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)


class ConflictScreen(ModalScreen[bool]):
    """Someone else saved first: show both values; True means overwrite with mine."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", t("binding.keep_theirs")),
    ]

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__()
        self.conflicts = conflicts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="conflict"):
            yield Label(t("conflict.title"), classes="dialog-title")
            yield Static(conflict_text(self.conflicts), id="conflict-cells")
            with Horizontal(classes="buttons"):
                yield Button(t("button.keep_theirs"), id="keep", variant="primary")
                yield Button(t("button.overwrite"), id="overwrite", variant="warning")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "overwrite")

    def action_keep(self) -> None:
        self.dismiss(False)


def conflict_text(conflicts: list[Conflict]) -> str:
    """One line per cell: the column, my value and theirs."""
    lines = [t("conflict.intro")]
    for c in conflicts:
        lines.append(
            t(
                "conflict.line",
                column=text(c.column),
                mine=_shown(c.new),
                theirs=_shown(c.current),
                seen=_shown(c.expected),
            )
        )
    return "\n".join(lines)


def _shown(value: object) -> str:
    if value is None:
        return t("conflict.blank")
    if isinstance(value, float | int) and not isinstance(value, bool):
        return format_number(value)
    return text(value)


class RegistrationForm(ModalScreen[bool]):
    """The save machinery both forms share: thread worker, conflicts, reload, dismiss."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", t("binding.cancel")),
        Binding("ctrl+s", "save", t("binding.save")),
    ]

    class Saved(Message):
        """The save went through; `session` is the dataset read again from disk."""

        def __init__(self, session: Session) -> None:
            self.session = session
            super().__init__()

    class Conflicted(Message):
        """Someone else changed the cells; nothing was written."""

        def __init__(self, edit: RowEdit, conflicts: list[Conflict]) -> None:
            self.edit = edit
            self.conflicts = conflicts
            super().__init__()

    class Failed(Message):
        """The save was refused (invalid, locked, write error); the text is Norwegian."""

        def __init__(self, reason: str) -> None:
            self.reason = reason
            super().__init__()

    def __init__(self, user: str) -> None:
        super().__init__()
        self.user = user
        self.saving = False

    def build_edit(self) -> RowEdit | None:
        """The edit to save, or None after showing why the input cannot be saved."""
        raise NotImplementedError

    def action_save(self) -> None:
        edit = None if self.saving else self.build_edit()
        if edit is not None:
            self.show_save_error(None)
            self.save(edit)

    def has_unsaved_input(self) -> bool:
        """True when the fields differ from what the form opened with."""
        return False

    def action_cancel(self) -> None:
        """Close the form; typed, unsaved input is only thrown away after a yes."""
        if self.saving or not self.has_unsaved_input():
            self.dismiss(False)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(False)

        self.app.push_screen(ConfirmScreen(t("form.discard"), t("button.discard")), answer)

    def save_if(self, edit: RowEdit) -> Callable[[bool | None], None]:
        """A confirmation callback that saves `edit` when the answer is yes."""

        def answer(yes: bool | None) -> None:
            if yes:
                self.save(edit)

        return answer

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def save(self, edit: RowEdit) -> None:
        """Write the edit and read the dataset again, off the UI thread."""
        from oppfolging.tui.app import OppfolgingApp

        app = cast(OppfolgingApp, self.app)
        self.saving = True
        try:
            save_edits(app.folder, [edit], self.user, datetime.now())
            session = open_session(app.folder, app.as_of)
        except ConflictError as error:
            self.post_message(self.Conflicted(edit, error.conflicts))
        except StoreError as error:
            self.post_message(self.Failed(str(error)))
        except Exception as error:
            # Anything else must not leave the form dead with `saving` still set.
            reason = str(error) or type(error).__name__
            self.post_message(self.Failed(t("form.save_failed", error=reason)))
        else:
            self.post_message(self.Saved(session))

    def on_registration_form_saved(self, message: Saved) -> None:
        from oppfolging.tui.app import OppfolgingApp

        self.saving = False
        cast(OppfolgingApp, self.app).use_session(message.session)
        self.app.notify(t("form.saved"))
        self.dismiss(True)

    def on_registration_form_failed(self, message: Failed) -> None:
        self.saving = False
        self.show_save_error(message.reason)

    def on_registration_form_conflicted(self, message: Conflicted) -> None:
        def decide(overwrite: bool | None) -> None:
            if overwrite:
                self.save(logic.overwrite_edit(message.edit, message.conflicts))
            else:
                self.app.notify(t("form.not_saved"))
                self.dismiss(False)

        self.saving = False
        self.app.push_screen(ConflictScreen(message.conflicts), decide)

    def show_error(self, reason: str) -> None:
        """Show why the input cannot be saved, next to the field."""
        self.query_one("#error", Static).update(t("form.error", reason=text(reason)))

    def show_save_error(self, reason: str | None) -> None:
        """Show why the save failed next to the save button (None hides it)."""
        widget = self.query_one("#save-error", Static)
        widget.update("" if reason is None else t("form.error", reason=text(reason)))
        widget.display = reason is not None


def _save_error() -> Static:
    """The line above the buttons where a failed save says why (hidden until then)."""
    widget = Static("", id="save-error", classes="error-text")
    widget.display = False
    return widget


class ValueFormScreen(RegistrationForm):
    """Register, change or delete an indicator's value for one period."""

    def __init__(self, context: logic.ValueContext, user: str, limit: float) -> None:
        super().__init__(user)
        self.context = context
        self.limit = limit
        """The plausibility limit: a bigger jump from the previous value asks first."""

    def compose(self) -> ComposeResult:
        existing = self.context.existing or {}
        with Vertical(classes="dialog", id="value-form"):
            title = t("form.value.title", name=text(self.context.name))
            yield Label(title, classes="dialog-title")
            yield Static(describe_context(self.context), id="context")
            yield Label(t("form.value.label"))
            yield Input(self.context.existing_text, id="value")
            yield Static("", id="error", classes="error-text")
            yield Static("", id="preview")
            yield Label(t("form.value.comment"))
            yield Input(str(existing.get("comment") or ""), id="comment")
            yield _save_error()
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
        """The status the typed value would get, live."""
        preview = self.query_one("#preview", Static)
        try:
            value = logic.check_value(typed, self.context.unit)
        except logic.ValueRejectedError:
            preview.update(t("form.value.preview", status="–"))
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

    def parsed(self) -> float | None:
        """The typed value, or None after showing why it is impossible."""
        try:
            return logic.check_value(self.query_one("#value", Input).value, self.context.unit)
        except logic.ValueRejectedError as problem:
            self.show_error(str(problem))
            return None

    def build_edit(self) -> RowEdit | None:
        value = self.parsed()
        if value is None:
            return None
        comment = self.query_one("#comment", Input).value
        return logic.value_edit(self.context, value, comment, self.user)

    def action_save(self) -> None:
        edit = None if self.saving else self.build_edit()
        if edit is None or edit.new is None:
            return
        self.show_save_error(None)
        value = cast(float, edit.new["value"])
        previous = self.context.previous_value
        if not logic.is_implausible_jump(previous, value, self.limit):
            self.save(edit)
            return
        question = t(
            "form.value.implausible",
            value=format_value(value, self.context.unit),
            previous=format_value(previous, self.context.unit),
            limit=format_percent(self.limit),
        )
        confirm = ConfirmScreen(question, t("button.save_anyway"))
        self.app.push_screen(confirm, self.save_if(edit))

    def ask_delete(self) -> None:
        """Delete the registered value, after a confirmation."""
        edit = logic.value_edit(self.context, None, "", self.user)
        question = t("form.value.delete", period=text(self.context.period))
        self.app.push_screen(ConfirmScreen(question, t("button.delete")), self.save_if(edit))


def describe_context(context: logic.ValueContext) -> str:
    """Markup: period, unit and direction in words, previous, baseline, target, old value."""
    d, unit = context.definition, context.unit
    existing = context.existing or {}
    lines = [
        t("form.period", period=text(context.period)),
        t("form.unit", unit=text(unit), direction=t("direction." + context.direction)),
        t("form.previous", value=format_value(context.previous_value, unit) or "–"),
        t(
            "form.baseline",
            value=format_value(d.get("baseline"), unit) or "–",
            year=d.get("baseline_year") or "–",
        ),
        t(
            "form.target",
            value=format_value(d.get("target"), unit) or "–",
            year=d.get("target_year") or "–",
        ),
    ]
    if context.existing is not None:
        value = format_value(existing.get("value"), unit) or "–"
        lines.append(t("form.registered_now", value=value))
    return "\n".join(lines)


class MeasureFormScreen(RegistrationForm):
    """Register a measure's status (and comment) for one period."""

    def __init__(self, context: logic.MeasureContext, user: str) -> None:
        super().__init__(user)
        self.context = context

    def compose(self) -> ComposeResult:
        existing = self.context.existing or {}
        options = [(f"{status_markup(code)}", code) for code in logic.MEASURE_CODES]
        current = existing.get("status")
        with Vertical(classes="dialog", id="measure-form"):
            title = t("form.measure.title", name=text(self.context.name))
            yield Label(title, classes="dialog-title")
            yield Static(t("form.period", period=text(self.context.period)) + _old_status(current))
            yield Label(t("form.measure.status"))
            yield Select(options, value=current if current in logic.MEASURE_CODES
                         else Select.NULL, id="status",
                         prompt=t("form.measure.choose"))  # fmt: skip
            yield Label(t("form.measure.comment"))
            yield Input(str(existing.get("comment") or ""), id="comment")
            yield Static("", id="error", classes="error-text")
            yield _save_error()
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


def _old_status(code: object) -> str:
    return t("form.measure.registered_now", status=status_markup(str(code))) if code else ""
