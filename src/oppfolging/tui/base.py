"""What every screen of the app shares: typed access to the app and its session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker

from oppfolging.i18n import t

if TYPE_CHECKING:
    from oppfolging.session import Session
    from oppfolging.tui.app import OppfolgingApp


class WorkerErrorsToApp:
    """For screens: `Worker.StateChanged` does not bubble, so a screen hands its workers'
    state changes to the app's one handler (a failed worker shows the error screen)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        cast(Any, self).app.on_worker_state_changed(event)


class AppScreen(WorkerErrorsToApp, Screen[None]):
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

    def breadcrumb(self) -> str:
        """The path from the overview to this screen: `Oversikt › Plan › …`."""
        parts = [screen.crumb for screen in self.app.screen_stack if isinstance(screen, AppScreen)]
        return " › ".join(part for part in parts if part)

    def data_changed(self) -> None:
        """The session was replaced (another user saved): show its data again."""

    def on_resize(self) -> None:
        """Stack side-by-side boxes on narrow terminals."""
        narrow = self.size.width < NARROW_WIDTH
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.call_after_refresh(self._refresh_tables)

    def _refresh_tables(self) -> None:
        """Virtual tables cache their lines: redraw them after the layout changed."""
        from oppfolging.tui.widgets.keyed_table import RowTable

        for table in self.query(RowTable):
            table.refresh(layout=True)


NARROW_WIDTH = 110
"""Below this many columns, boxes are stacked instead of side by side."""


DRILL_DOWN_BINDINGS: list[BindingType] = [
    Binding("escape", "app.pop_screen", t("binding.back")),
    Binding("q", "app.pop_screen", t("binding.back"), show=False),
]
"""Every screen below the overview goes back with Esc and with `q` (only the overview's
`q` quits the app: see `OppfolgingApp.BINDINGS`)."""
