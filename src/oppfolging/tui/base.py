"""What every screen of the app shares: typed access to the app and its session."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from textual.binding import ActiveBinding, Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Label
from textual.worker import Worker

from oppfolging.fmt import format_date
from oppfolging.i18n import t
from oppfolging.tui.cells import one_line

if TYPE_CHECKING:
    from oppfolging.domain.periods import Period
    from oppfolging.domain.roundlock import LockInfo
    from oppfolging.session import Session
    from oppfolging.tui.app import OppfolgingApp


class WorkerErrorsToApp:
    """For screens: `Worker.StateChanged` does not bubble, so a screen hands its workers'
    state changes to the app's one handler (a failed worker shows the error screen)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        cast(Any, self).app.on_worker_state_changed(event)


class TranslatedBindings:
    """For screens: the bindings' descriptions are catalogue keys (`"binding.quit"`), looked
    up in the language in use each time the footer, the key panel or help reads them.

    Nothing is translated when a class is defined, so a language chosen in the settings
    shows in the footer as soon as the screen refreshes its bindings. A description that is
    not a key (Textual's own bindings) comes back unchanged from `t`."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        active: dict[str, ActiveBinding] = cast(Any, super()).active_bindings
        return {key: _translated(binding) for key, binding in active.items()}


def _translated(active: ActiveBinding) -> ActiveBinding:
    binding = replace(active.binding, description=t(active.binding.description))
    return active._replace(binding=binding)


class CatalogueLabel(Label):
    """A label showing one catalogue string, looked up again when the language changes."""

    def __init__(self, key: str, **kwargs: Any) -> None:
        super().__init__(t(key), markup=False, **kwargs)
        self.catalogue_key = key

    def language_changed(self) -> None:
        """Show the string in the language now in use."""
        self.update(t(self.catalogue_key))


class AppScreen(TranslatedBindings, WorkerErrorsToApp, Screen[None]):
    """A screen of oppfolging, with the breadcrumb path it sits on."""

    crumb = ""
    """This screen's part of the breadcrumb."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide and refuse what the served role may not do (register, assess, lock, ...):
        the one gate for every screen's keys, see `tui.access`."""
        from oppfolging.tui.access import action_allowed, app_access

        return action_allowed(app_access(self.app), action)

    @property
    def oapp(self) -> OppfolgingApp:
        """The app, typed."""
        from oppfolging.tui.app import OppfolgingApp

        return cast(OppfolgingApp, self.app)

    @property
    def session(self) -> Session:
        """The open dataset."""
        session = self.oapp.session
        assert session is not None, "screens are only shown once the dataset is loaded"
        return session

    def show_header(self, round_: Period | None = None, sub_title: str = "") -> None:
        """The header every screen shows: the dataset's name, then the round as the overview
        words it (`1. tertial 2026 · status per 30.04.2026`, `🔒 låst` for a locked round),
        or `sub_title` on a screen that is not about one round."""
        from oppfolging.domain.roundlock import lock_info

        session = self.session
        self.title = one_line(session.dataset_name)
        if round_ is not None:
            sub_title = header_text(round_, lock_info(session.dataset["round_events"], str(round_)))
        self.sub_title = sub_title

    def breadcrumb(self) -> str:
        """The path from the overview to this screen: `Oversikt › Plan › …`."""
        parts = [screen.crumb for screen in self.app.screen_stack if isinstance(screen, AppScreen)]
        return " › ".join(part for part in parts if part)

    def data_changed(self) -> None:
        """The session was replaced (another user saved): show its data again."""

    def language_changed(self) -> None:
        """The language was changed in the settings: show every text in the new one.

        The footer reads the bindings again, catalogue labels look their text up again, and
        `data_changed` rebuilds the tables (headers included) and the titles."""
        self.refresh_bindings()
        for label in self.query(CatalogueLabel):
            label.language_changed()
        self.data_changed()

    def on_resize(self) -> None:
        """Stack side-by-side boxes on narrow terminals, and give the footer's keys the
        palette hint's place (Ctrl+P still works and is in help)."""
        narrow = self.size.width < NARROW_WIDTH
        for footer in self.query(Footer):
            footer.compact = narrow
            footer.show_command_palette = not narrow
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.call_after_refresh(self._refresh_tables)

    def _refresh_tables(self) -> None:
        """Virtual tables cache their lines: redraw them after the layout changed."""
        from oppfolging.tui.widgets.keyed_table import RowTable

        for table in self.query(RowTable):
            table.refresh(layout=True)


def header_text(round_: Period, lock: LockInfo | None) -> str:
    """`2. tertial 2026 · status per 31.08.2026` beside the dataset's name (the screen's
    title; Textual's header shows both as plain text), `🔒 låst` for a locked round."""
    key = "overview.subtitle" if lock is None else "overview.subtitle.locked"
    return t(key, round=round_.round_label, date=format_date(round_.end_date))


NARROW_WIDTH = 110
"""Below this many columns, boxes are stacked instead of side by side."""


DRILL_DOWN_BINDINGS: list[BindingType] = [
    Binding("escape", "app.pop_screen", "binding.back"),
    Binding("q", "app.pop_screen", "binding.back", show=False),
]
"""Every screen below the overview goes back with Esc and with `q` (only the overview's
`q` quits the app: see `OppfolgingApp.BINDINGS`)."""


COMPACT_BELOW = 34
"""Rows of the terminal under which dialogs draw their fields without borders."""


class CompactWhenShort:
    """For dialogs: while the terminal has fewer than `COMPACT_BELOW` rows, their inputs,
    selects and buttons drop their borders (three rows a field become one), so a form or
    the export dialog fits 80×24 without hiding its title or its buttons; a resize past the
    limit brings the borders back."""

    def on_mount(self) -> None:
        self._compact_when_short()

    def on_resize(self) -> None:
        self._compact_when_short()

    def _compact_when_short(self) -> None:
        screen = cast(Screen[Any], self)
        short = screen.app.size.height < COMPACT_BELOW
        for widget in screen.query("Input, Select, Button"):
            cast(Any, widget).compact = short
