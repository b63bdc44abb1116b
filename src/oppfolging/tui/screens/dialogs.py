"""Modal dialogs (a yes/no question, a save conflict) and the TUI's writing machinery: the
base of the registration forms (`RegistrationForm`, subclassed in `forms`) and undo.

Saving runs in a thread worker through the registration service (`registration.save`),
with `expected` = what the form showed, so another user's save in the meantime becomes a
`ConflictScreen` choice instead of being overwritten.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

import polars as pl
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from oppfolging.domain.changekey import decode_key
from oppfolging.domain.periods import Period, period_words, round_text
from oppfolging.domain.roundlock import LockInfo
from oppfolging.i18n import t
from oppfolging.registration import (
    BOOKKEEPING,
    ChangeRow,
    Conflict,
    ConflictError,
    RegistrationError,
    RowEdit,
    SavedTable,
    SaveResult,
    StoreError,
    completing_later,
    correction_reason,
    describe_change,
    undo_save,
)
from oppfolging.registration import save as save_registration
from oppfolging.session import Session, open_session
from oppfolging.settings import load_personal_settings
from oppfolging.textsafe import visible
from oppfolging.tui import form_logic as logic
from oppfolging.tui.base import CompactWhenShort, TranslatedBindings, WorkerErrorsToApp
from oppfolging.tui.literal import lines, literal, tc
from oppfolging.tui.views import logged_text

if TYPE_CHECKING:
    from oppfolging.tui.app import Filters, OppfolgingApp
    from oppfolging.tui.overview_data import OverviewFrames
    from oppfolging.tui.screens.overview import OverviewScreen


class ConfirmScreen(CompactWhenShort, TranslatedBindings, ModalScreen[bool]):
    """A yes/no question (shown as literal text); dismisses with True for yes."""

    AUTO_FOCUS = "#no"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "no", "binding.no")]

    def __init__(self, question: str, yes: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes = t("button.yes") if yes is None else yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.question))
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="warning")
                yield Button(t("button.no"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)


class ConflictScreen(CompactWhenShort, TranslatedBindings, ModalScreen[bool]):
    """Someone else saved first: show both values; True means overwrite with mine."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", "binding.keep_theirs"),
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


def shown_conflicts(conflicts: list[Conflict]) -> list[Conflict]:
    """The conflicts on cells the user changed; never the bookkeeping columns (who saved
    when), which the tool fills in itself."""
    typed = [c for c in conflicts if c.column not in BOOKKEEPING]
    return [c for c in typed if c.new != c.expected] or typed


def conflict_text(conflicts: list[Conflict]) -> Content:
    """One line per cell the user changed: the column's name, my value and theirs, the
    Norwegian way (the values literal text)."""
    from oppfolging.tui.screens.changes import column_name

    parts = [tc("conflict.intro")]
    for c in shown_conflicts(conflicts):
        parts.append(
            tc(
                "conflict.line",
                column=column_name(c.column),
                mine=_shown(c.column, c.new),
                theirs=_shown(c.column, c.current),
                seen=_shown(c.column, c.expected),
            )
        )
    return lines(*parts)


def _shown(column: str, value: object) -> str:
    return logged_text(column, value) or t("conflict.blank")


class RegistrationForm(CompactWhenShort, TranslatedBindings, WorkerErrorsToApp, ModalScreen[bool]):
    """The save machinery both forms share: thread worker, conflicts, reload, dismiss."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "binding.cancel"),
        Binding("ctrl+s", "save", "binding.save"),
    ]

    class Saved(Message):
        """The save went through; `session` is the dataset read again from disk.
        `changed` is False when the input equalled what is registered (nothing written)."""

        def __init__(self, session: Session, changed: bool = True) -> None:
            self.session = session
            self.changed = changed
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
        self.locked: tuple[str, LockInfo] | None = None
        """The period's round and its lock, when it is locked (set by the form): the form
        then has a `#correction` field and a save is a correction with that reason."""

    @on(events.Mount)
    def read_ahead(self) -> None:
        """While the user types, have the tables a save reads read ahead (the app's
        `prepare_saves`), so the save itself need not parse them."""
        from oppfolging.tui.app import OppfolgingApp

        cast(OppfolgingApp, self.app).prepare_saves()

    def build_edit(self) -> RowEdit | None:
        """The edit to save, or None after showing why the input cannot be saved."""
        raise NotImplementedError

    def action_save(self) -> None:
        edit = None if self.saving else self.build_edit()
        if edit is not None and self.correction_given():
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

    def save(self, edit: RowEdit) -> None:
        """Write the edit off the UI thread and show the dataset after it (`_save`). The
        worker is the app's: the form is closed while the worker still writes a table."""
        self.saving = True
        self.app.run_worker(
            partial(self._save, edit), thread=True, exclusive=True, exit_on_error=False,
            group="save",
        )  # fmt: skip

    def _save(self, edit: RowEdit) -> None:
        """Save, post `Saved` (the form shows the dataset after it and closes); a table
        whose records the save changes is written after that (`completing_later`), with
        the dataset lock held until it is, then the app is told (`save_completed`)."""
        from oppfolging.tui.app import OppfolgingApp

        app = cast(OppfolgingApp, self.app)
        shown: tuple[Session, SaveResult] | None = None
        try:
            with completing_later() as completion:
                shown = self._save_and_show(app, edit)
        except StoreError as error:  # committed, but not completed: the next save does
            app.call_from_thread(app.save_completed, shown, None, str(error))
            return
        app.call_from_thread(app.save_completed, shown, completion.fingerprint, None)

    def _save_and_show(
        self, app: OppfolgingApp, edit: RowEdit
    ) -> tuple[Session, SaveResult] | None:
        """Save, and post `Saved` with the session after it (or why it failed: None)."""
        early = EarlyRound(app)
        try:
            result = save_registration(
                app.folder,
                [edit],
                self.user,
                datetime.now(),
                correction=self.correction_text(),
                describe=True,
                on_planned=early.start,
            )
            session = session_after(app, result, early.finished())
            app.early_frames = early.frames
        except ConflictError as error:
            self.post_message(self.Conflicted(edit, error.conflicts))
        except (StoreError, RegistrationError) as error:
            self.post_message(self.Failed(str(error)))
        except Exception as error:
            # Anything else must not leave the form dead with `saving` still set.
            reason = str(error) or type(error).__name__
            self.post_message(self.Failed(t("form.save_failed", error=reason)))
        else:
            app.save_completing = True
            self.post_message(self.Saved(session, result.changed))
            return session, result
        return None

    def on_registration_form_saved(self, message: Saved) -> None:
        from oppfolging.tui.app import OppfolgingApp

        self.saving = False
        cast(OppfolgingApp, self.app).use_session(message.session)
        self.app.notify(t("form.saved") if message.changed else t("form.unchanged"))
        self.dismiss(message.changed)

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

    def correction_text(self) -> str | None:
        """The typed correction reason (None when the round is open)."""
        if self.locked is None:
            return None
        return self.query_one("#correction", Input).value.strip() or None

    def correction_given(self) -> bool:
        """True when the save may go ahead: the round is open, or a reason is typed; else
        the registration service's own refusal is shown and the reason field focused."""
        try:
            correction_reason(self.locked, self.correction_text() or "")
        except RegistrationError as refused:
            self.show_save_error(str(refused))
            self.query_one("#correction", Input).focus()
            return False
        return True

    def show_error(self, reason: str) -> None:
        """Show why the input cannot be saved, next to the field."""
        self.query_one("#error", Static).update(tc("form.error", reason=reason))

    def show_save_error(self, reason: str | None) -> None:
        """Show why the save failed next to the save button (None hides it)."""
        widget = self.query_one("#save-error", Static)
        widget.update("" if reason is None else tc("form.error", reason=reason))
        widget.display = reason is not None


def save_error_line() -> Static:
    """The line above the buttons where a failed save says why (hidden until then)."""
    widget = Static("", id="save-error", classes="error-text")
    widget.display = False
    return widget


def session_after(app: OppfolgingApp, result: SaveResult, early: Session | None = None
                  ) -> Session:  # fmt: skip
    """The session after one's own save: the one held, updated in memory when that is exact
    (`Session.after_save`, taking over `early`'s tables and round), else the folder read
    again."""
    held = app.session
    updated = held.after_save(result, early) if held is not None else None
    return updated if updated is not None else open_session(app.folder, app.as_of)


class EarlyRound:
    """The overview's round and tables computed with a save's tables while the save writes
    its files (at 1M values the round takes 0,09 s, its tables 0,06 s and writing the values
    file 0,04–0,15 s): `start` is the save's `on_planned`; `finished` waits for them and
    gives the session they were computed in, which `Session.after_save` takes over only for
    that very save (the tables wait in `app.early_frames` for the overview, which takes them
    only for that session's round, its filters and plan). Nothing of it is shown before the
    save has returned."""

    def __init__(self, app: OppfolgingApp) -> None:
        self.app = app
        self.session: Session | None = None
        self.frames: EarlyFrames | None = None
        self.thread: threading.Thread | None = None

    def start(self, tables: tuple[SavedTable, ...]) -> None:
        """Called by the save under its lock: never lets an error stop the save."""
        with contextlib.suppress(Exception):
            self._start(tables)

    def _start(self, tables: tuple[SavedTable, ...]) -> None:
        held, shown = self.app.session, shown_overview(self.app)
        if held is None or shown is None or shown.round is None:
            return
        self.session = held.while_saving(tables)
        if self.session is not None:
            filters, plan_id = replace(self.app.filters), shown.plan_id
            self.thread = threading.Thread(
                target=self._compute, args=(shown.round, filters, plan_id), daemon=True
            )
            self.thread.start()

    def _compute(self, round_: Period, filters: Filters, plan_id: str | None) -> None:
        from oppfolging.tui.overview_data import overview_frames

        assert self.session is not None
        with contextlib.suppress(Exception):  # then the overview computes it, and says why
            result = self.session.round_result(round_)
            frames = overview_frames(self.session, result, filters, plan_id)
            self.frames = EarlyFrames(filters, plan_id, frames)

    def finished(self) -> Session | None:
        if self.thread is not None:
            self.thread.join()
        return self.session


@dataclass(frozen=True)
class EarlyFrames:
    """The overview's tables computed by `EarlyRound`, with what they were computed for."""

    filters: Filters
    plan_id: str | None
    frames: OverviewFrames


def shown_overview(app: OppfolgingApp) -> OverviewScreen | None:
    """The overview under the open screens, if there is one."""
    from oppfolging.tui.screens.overview import OverviewScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, OverviewScreen):
            return screen
    return None


def keep_in_cache(session: Session, result: SaveResult) -> None:
    """After the screen has its session: the validated cache takes the dataset as the save
    left it (when it was updated in memory), so the next start reads no table file."""
    from oppfolging.store.cache import keep_after_save

    after, fingerprint = result.after, session.dataset.fingerprint
    if after is not None and fingerprint is not None and after.after in (fingerprint, None):
        keep_after_save(session.dataset, None)


def undo_last(app: OppfolgingApp, done: Callable[[], None] | None = None, *, redo: bool = False
              ) -> None:  # fmt: skip
    """Undo (or redo) this user's latest save, logged like any save; then show the restored
    numbers on the visible screen at once, as after a save, and call `done`."""
    from oppfolging.tui.access import may_write

    if not may_write(app):
        return
    user = load_personal_settings().settings.name
    if not user:
        app.notify(t("form.undo.no_name"), severity="warning")
        return

    def run() -> None:
        shown: tuple[Session, SaveResult] | None = None
        try:
            with completing_later() as completion:
                result = undo_save(app.folder, user, datetime.now(), redo=redo, describe=True)
                session = session_after(app, result)
                restored = restored_text(session, list(result.changes))
                app.save_completing, shown = True, (session, result)
                app.call_from_thread(_undone, app, session, restored, redo, done)
        except (RegistrationError, StoreError) as error:
            if shown is not None:  # committed and shown, a table not yet written
                app.call_from_thread(app.save_completed, shown, None, str(error))
                return
            key = "form.redo.failed" if redo else "form.undo.failed"
            message = t(key, error=visible(str(error)))
            app.call_from_thread(app.notify, message, severity="warning", markup=False)
            return
        app.call_from_thread(app.save_completed, shown, completion.fingerprint, None)

    app.run_worker(run, thread=True, exit_on_error=False, group="undo")


def restored_text(session: Session, rows: list[ChangeRow]) -> str:
    """`Antall brukere 2. tertial 2026: verdi 5 555 → 5 500`: what an undo or redo put back (the
    cells a person types, named as the screens name them; who saved when is left out)."""
    return "\n".join(
        describe_change(row, undone_what(session, [(row.table, row.key)]))
        for row in rows
        if row.column not in BOOKKEEPING
    )


_ITEMS = {
    ("values", ""): ("indicators", "indicator_id", "name"),
    ("measure_updates", ""): ("measures", "measure_id", "name"),
    ("assessments", "plan"): ("plans", "plan_id", "name"),
    ("assessments", "focus_area"): ("focus_areas", "focus_area_id", "name"),
    ("assessments", "goal"): ("goals", "goal_id", "text"),
}
"""Where a logged row's item is named: (table, level) → (item table, id column, name)."""


def undone_what(session: Session, keys: list[tuple[str, str]]) -> str:
    """`Antall brukere … 1. tertial 2026`: the item(s) and period(s) or round an undo put
    back, the period or round in words."""
    parts: list[str] = []
    for table, key_text in dict.fromkeys(keys):
        key = decode_key(key_text)
        when = _when(key)
        described = " ".join(p for p in (_item_name(session, table, key), when) if p)
        if described and described not in parts:
            parts.append(described)
    return ", ".join(parts)


def _when(key: dict[str, str]) -> str:
    """A logged key's period (`1. tertial 2026`) or round (`Årsrapport 2026`) in words."""
    if key.get("period"):
        return period_words(key["period"])
    return round_text(key["round"]) if key.get("round") else ""


def _item_name(session: Session, table: str, key: dict[str, str]) -> str:
    """The item's name as the screens show it (its id when it has none)."""
    item = _ITEMS.get((table, key.get("level", "")))
    if item is None:
        return ""
    item_table, id_column, name_column = item
    item_id = key.get(id_column) or key.get("target_id", "")
    rows = session.dataset[item_table].filter(pl.col(id_column) == item_id)
    if rows.height and rows[name_column][0]:
        return " ".join(str(rows[name_column][0]).split())
    return item_id


def _undone(
    app: OppfolgingApp,
    session: Session,
    restored: str,
    redo: bool,
    done: Callable[[], None] | None,
) -> None:
    from oppfolging.tui.base import AppScreen

    app.use_session(session)
    key = "form.redo.done" if redo else "form.undo.done_restored"
    app.notify(t(key, what=visible(restored)), markup=False)
    screen = app.screen
    if isinstance(screen, AppScreen):
        screen.data_changed()
    if done is not None:
        done()
