"""The Textual app: loads the dataset in a worker and shows the first screen.

Thin on purpose: screens live in `tui.screens`, numbers come from the headless
`Session`/`reporting` code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast, overload

from textual import work
from textual._context import active_message_pump
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import ModalScreen, Screen, ScreenResultCallbackType, ScreenResultType
from textual.widget import AwaitMount, Widget
from textual.worker import Worker, WorkerState

from oppfolging.domain.periods import Period
from oppfolging.i18n import t
from oppfolging.resources import styles_dir
from oppfolging.roles import access_from_environment
from oppfolging.textsafe import visible
from oppfolging.tui.base import AppScreen
from oppfolging.tui.messages import DataReloaded, SessionLoaded
from oppfolging.tui.palette import SearchProvider, TranslatedPalette, system_commands
from oppfolging.tui.status_colours import palette_is_dark, use_palette
from oppfolging.tui.watch import DiskWatcher

if TYPE_CHECKING:
    from oppfolging.registration import SaveResult
    from oppfolging.reporting.round import RoundResult
    from oppfolging.session import Session
    from oppfolging.tui.overview_data import OverviewFrames
    from oppfolging.tui.screens.dialogs import EarlyFrames


@dataclass
class Filters:
    """What the leader has narrowed the view to; None means everything."""

    status: str | None = None
    responsible: str | None = None
    plan_id: str | None = None
    perspective: str | None = None
    """A focus area perspective (issue 11: views across plans)."""
    tag: str | None = None
    """A tag of indicators and measures."""

    @property
    def active(self) -> bool:
        """True when any filter is set."""
        return any((self.status, self.responsible, self.plan_id, self.perspective, self.tag))


class OppfolgingApp(App[None]):
    """oppfolging: a round's status at a glance, drill-down, registration and export."""

    CSS_PATH = styles_dir() / "app.tcss"
    COMMANDS = App.COMMANDS | {SearchProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "binding.quit"),  # drill-down screens: back (base.py)
        Binding("question_mark", "help", "binding.help", key_display="?"),
        Binding("ctrl+t", "toggle_theme", "binding.toggle_theme", show=False),
        Binding("ctrl+z", "undo", "binding.undo", show=False),
        Binding("ctrl+y", "redo", "binding.redo", show=False),
    ]

    def __init__(
        self,
        folder: Path,
        as_of: date,
        initial_round: Period | None = None,
        *,
        theme: str | None = None,
        as_of_given: bool = False,
    ) -> None:
        super().__init__()
        self.title = t("app.title")
        self.folder = folder
        """The dataset folder."""
        self.access = access_from_environment()
        """What the user may do: everything in the terminal; in `oppfolging serve` what
        the server granted this user (issue 12)."""
        self.as_of = as_of
        """The date that counts as today."""
        self.as_of_given = as_of_given
        """True when the user asked for `as_of` (`--as-of`): an export then takes its
        figures and status date from it, as `oppfolging export --as-of` does; else a
        locked round's figures are those of its lock."""
        self.initial_round = initial_round
        """The round to show first (None: the latest finished one)."""
        self.session: Session | None = None
        """The open dataset, once loaded."""
        self.filters = Filters()
        """The filters of the overview and the drill-down tables."""
        self.watcher: DiskWatcher | None = None
        """Notices another user's save in the dataset folder."""
        if theme:
            self.theme = theme
        self._posted: dict[tuple[str, str, str], Notification] = {}
        """The last notification of each (message, title, severity), to drop repeats."""
        self._seen_shown: set[str] = set()
        """Identities of posted notifications seen on screen (to tell dismissed from queued)."""
        self.deferred_actions: list[str] = []
        """Overview keys pressed on the start picture, run on the overview once it is shown."""
        self.deferred_selection: tuple[str, str] | None = None
        """(table id, row key) of an Enter on the start picture, opened the same way."""
        self._cache_after_save: tuple[Session, SaveResult] | None = None
        """A save whose state the validated cache is still to take (`keep_in_cache_soon`)."""
        self.early_frames: EarlyFrames | None = None
        """The overview's tables computed while one's own save wrote its files, until the
        overview takes them (`take_early_frames`)."""
        self.saves_prepared = False
        """Whether the tables a form saves have been read ahead (`read_for_saves`)."""
        self.save_completing = False
        """While one's own save, already shown, still writes a table (`save_completed`):
        the files changing then are not another user's save."""
        self._shown_while_completing = False
        """The overview showed one's own save before it was complete (`cache_after_save`)."""

    def language_changed(self) -> None:
        """The language was changed in the settings: every screen shows the new one now
        (the app's title, each screen's footer, box titles, tables and titles)."""
        self.title = t("app.title")
        for screen in self.screen_stack:
            if isinstance(screen, AppScreen):
                screen.language_changed()
            else:
                screen.refresh_bindings()

    # --- one notification per distinct message, one screen per Enter -------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Like `App.notify`, but a message identical to one still shown (or about to be)
        is dropped: holding `[` at the first round shows one warning, not nine."""
        key = (message, title, severity)
        previous = self._posted.get(key)
        if previous is not None:
            if self._still_shown(previous):
                return
            self._seen_shown.discard(previous.identity)
        if timeout is None:
            timeout = self.NOTIFICATION_TIMEOUT
        notification = Notification(message, title, severity, timeout, markup=markup)
        self._posted[key] = notification
        self.post_message(Notify(notification))  # what `App.notify` does (thread-safe)

    def _still_shown(self, notification: Notification) -> bool:
        """Shown and not expired, or posted and not yet shown (dismissed ones are not)."""
        if notification.has_expired:
            return False
        if notification in self._notifications:
            self._seen_shown.add(notification.identity)
            return True
        return notification.identity not in self._seen_shown

    if TYPE_CHECKING:

        @overload
        def push_screen(
            self,
            screen: Screen[ScreenResultType] | str,
            callback: ScreenResultCallbackType[ScreenResultType] | None = None,
            wait_for_dismiss: Literal[False] = False,
            *,
            mode: str | None = None,
        ) -> AwaitMount: ...

        @overload
        def push_screen(
            self,
            screen: Screen[ScreenResultType] | str,
            callback: ScreenResultCallbackType[ScreenResultType] | None = None,
            wait_for_dismiss: Literal[True] = True,
            *,
            mode: str | None = None,
        ) -> asyncio.Future[ScreenResultType]: ...

    def push_screen(
        self,
        screen: Screen[ScreenResultType] | str,
        callback: ScreenResultCallbackType[ScreenResultType] | None = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> AwaitMount | asyncio.Future[ScreenResultType]:
        """Like `App.push_screen`, but a screen that is no longer on top pushes nothing:
        three quick Enters on a row open one screen, not three (the 2nd and 3rd Enter
        reach the table before the first screen is shown)."""
        if not wait_for_dismiss and self._pushed_from_covered_screen(screen):
            return AwaitMount(self.screen, [])
        return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)  # type: ignore[call-overload, no-any-return]

    def _pushed_from_covered_screen(self, screen: Screen[ScreenResultType] | str) -> bool:
        """True when an app screen below the top one asks to push `screen` (an error is
        always shown, whoever reports it)."""
        from oppfolging.tui.screens.error import ErrorScreen

        try:
            caller = active_message_pump.get()
        except LookupError:
            return False
        if isinstance(screen, ErrorScreen) or not isinstance(caller, Widget):
            return False
        return isinstance(caller.screen, AppScreen) and caller.screen is not self.screen

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide and refuse what the served role may not do (undo, redo); see `tui.access`."""
        from oppfolging.tui.access import action_allowed

        return action_allowed(self.access, action)

    def on_resize(self) -> None:
        """Short terminals get compact dialogs (`App.-short .dialog`)."""
        self.set_class(self.size.height < SHORT_HEIGHT, "-short")

    def on_mount(self) -> None:
        from oppfolging.tui.screens.loading import LoadingScreen

        self.set_class(self.size.height < SHORT_HEIGHT, "-short")
        use_palette(self.current_theme.dark)

        if self._show_start_picture():
            return  # the picture's screen starts the load once it is painted
        if _folder_bytes(self.folder) <= SMALL_DATASET_BYTES:
            # A municipality's own dataset reads in well under 0.1 s: a loading screen
            # would only flash by and cost a paint.
            loaded, keep = self._read_session()
            self.on_session_loaded(loaded)
            self.call_after_refresh(keep)  # measuring the picture must not delay the paint
            return
        self.push_screen(LoadingScreen())
        self.load_session()

    def _show_start_picture(self) -> bool:
        """Paint the overview kept at the last start, when nothing it shows can have
        changed (`display_snapshot`); the dataset is then read behind it."""
        from oppfolging.display_snapshot import read_picture

        key = self._picture_key()
        picture = read_picture(self.folder, key) if key is not None else None
        if picture is None:
            return False
        from oppfolging.tui.screens.picture import PictureScreen

        self.push_screen(PictureScreen(picture))
        return True

    def _picture_key(self) -> str | None:
        """The key of the start overview's picture, or None when the overview would not
        show the start state (a filter is set) or pictures are off."""
        from oppfolging.display_snapshot import picture_enabled, picture_key
        from oppfolging.i18n import language

        if self.filters.active or not picture_enabled():
            return None
        return picture_key(
            self.folder,
            as_of=self.as_of.isoformat(),
            round_=str(self.initial_round or ""),
            language=language(),
            dark=self.current_theme.dark,
            access=repr(self.access),
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_session(self) -> None:
        """Read the dataset folder (in a thread: big datasets take a moment)."""
        loaded, keep = self._read_session()
        self.post_message(loaded)
        keep()

    def _read_session(self) -> tuple[SessionLoaded, Callable[[], None]]:
        """Read the folder and, when it can be shown, build the first overview's tables;
        with them, what keeps them as the next start's picture while no file changed
        meanwhile (to call once the overview has them: measuring the picture's columns
        must not delay it)."""
        from oppfolging.session import open_session

        key = self._picture_key()
        session = open_session(self.folder, self.as_of)
        overview = None
        if not session.problems and not session.is_empty:
            from oppfolging.tui.overview_data import overview_frames

            result = session.round_result(session.clamp_round(self.initial_round))
            overview = overview_frames(session, result, self.filters, None)
            if key is not None:
                frames = overview
                return SessionLoaded(session, overview), lambda: self._keep_picture(
                    session, frames, key
                )
        return SessionLoaded(session, overview), lambda: None

    def _keep_picture(self, session: Session, overview: OverviewFrames, key: str) -> None:
        """Write the start overview's picture, under the key taken before the files were
        read — only when it is still the key now (no file changed while they were read)."""
        from oppfolging.display_snapshot import write_picture
        from oppfolging.tui.screens.overview import overview_picture

        if self._picture_key() == key:
            write_picture(self.folder, key, overview_picture(session, overview, self.filters))

    def take_early_frames(
        self, result: RoundResult, filters: Filters, plan_id: str | None
    ) -> OverviewFrames | None:
        """The tables computed during the last save (`dialogs.EarlyRound`) when they are of
        exactly this round result, these filters and this plan; each is taken once."""
        early, self.early_frames = self.early_frames, None
        if early is None or early.frames.result is not result:
            return None
        if early.filters != filters or early.plan_id != plan_id:
            return None
        return early.frames

    def save_completed(
        self, shown: tuple[Session, SaveResult] | None, fingerprint: str | None, error: str | None
    ) -> None:
        """A form's save has written its last table and released the dataset lock (see
        `RegistrationForm.save`): the session shown gets the folder's fingerprint when the
        save left it unknown, the watcher takes the files as they are, and the cache and
        the kept reads follow. `error`: the save is committed but a table could not be
        written now; the next save or start completes it (the message says so)."""
        self.save_completing, shown_already = False, self._shown_while_completing
        self._shown_while_completing = False
        if error is not None:
            self.notify(visible(error), severity="error", timeout=20, markup=False)
        if shown is None:
            return
        session, result = shown
        after = result.after
        if after is not None and after.after is None and session.dataset.fingerprint is None:
            session.dataset.fingerprint = fingerprint
        if self.session is session and self.watcher is not None:
            self.watcher.accept()
        if error is None:
            self.keep_in_cache_soon(session, result)
            if shown_already:
                self.cache_after_save()

    def keep_in_cache_soon(self, session: Session, result: SaveResult) -> None:
        """After one's own save: the validated cache takes the dataset the save left, once
        the overview has shown it (`cache_after_save`, called by the overview), or after
        `CACHE_AFTER_SAVE_DELAY` when no overview is shown meanwhile. Writing the cache
        (0.1 s at 1M values) while the round is computed would slow the round on a
        two-core machine."""
        self._cache_after_save = (session, result)
        self.set_timer(CACHE_AFTER_SAVE_DELAY, self.cache_after_save)

    def cache_after_save(self) -> None:
        """Write the cache a save is waiting for, if any, in a thread."""
        pending, self._cache_after_save = self._cache_after_save, None
        if pending is not None:
            self._write_cache(*pending)
        elif self.save_completing:  # shown before its last table was written: at that
            self._shown_while_completing = True

    @work(thread=True, exit_on_error=False, group="cache")
    def _write_cache(self, session: Session, result: SaveResult) -> None:
        from oppfolging.tui.screens.dialogs import keep_in_cache

        keep_in_cache(session, result)
        self.read_for_saves()

    @work(thread=True, exclusive=True, exit_on_error=False, group="saves")
    def prepare_saves(self) -> None:
        """`read_for_saves` in a thread (a form calls it when it opens)."""
        self.read_for_saves()

    def read_for_saves(self) -> None:
        """When this user may save: keep the tables' reads so a save need not parse them
        (`registration.keep_reads_for_saves`; at 1M values a save takes 0,13 s, not 0,29).
        Off the UI thread: when a form opens (not at the start, where it would slow the
        overview down) and after each save's cache write; a kept read that is still
        current costs one read of the file's bytes."""
        from oppfolging.registration import keep_reads_for_saves

        if self.access.may_write:
            keep_reads_for_saves(self.folder)
            self.saves_prepared = True

    def use_session(self, session: Session) -> None:
        """Take a freshly read session after this user's own save (not another user's)."""
        self.session = session
        if self.watcher is not None:
            self.watcher.accept()

    def check_disk(self) -> None:
        """Every few seconds: did another user save? Then read the folder again.

        Skipped while a dialog (a form) is open, so nothing changes under the user's hands;
        the check runs again when it is closed.
        """
        if self.watcher is None or self.session is None or isinstance(self.screen, ModalScreen):
            return
        if self.save_completing:
            return
        if self.watcher.changed():
            self.reload_from_disk()

    @work(thread=True, exclusive=True, exit_on_error=False, group="disk")
    def reload_from_disk(self) -> None:
        """Read the dataset again off the UI thread; the screens refresh from it."""
        from oppfolging.session import open_session

        self.post_message(DataReloaded(open_session(self.folder, self.as_of)))

    def on_data_reloaded(self, message: DataReloaded) -> None:
        if message.session.problems:
            self.notify(t("app.reload_problems"), severity="warning")
            return
        self.session = message.session
        self.show_notices(message.session)
        self.notify(t("app.reloaded"))
        screen = self.screen
        if isinstance(screen, AppScreen):
            screen.data_changed()

    crash_report: Path | None = None
    """The file with the details of the error that ended the app (see `tui.crash`)."""

    def _handle_exception(self, error: Exception) -> None:
        """Textual ends the app on an unhandled exception and prints its traceback; the
        traceback goes to a crash file instead, and `commands.app` prints one line."""
        from oppfolging.tui.crash import write_crash_report

        self.crash_report = write_crash_report(error)
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def show_notices(self, session: Session) -> None:
        """What opening the folder repaired, once (the repair itself happened on disk)."""
        for notice in session.notices:
            text = visible(f"{notice.file}: {notice.message}")
            self.notify(text, title=t("app.repaired"), severity="warning", timeout=20, markup=False)

    def on_session_loaded(self, message: SessionLoaded) -> None:
        """Show the screen the dataset calls for; only that screen's module is imported
        (the empty-dataset screen's Markdown widget alone costs ~20–30 ms, issue 14.1)."""
        self.session = message.session
        self.show_notices(message.session)
        if self.watcher is None:
            self.watcher = DiskWatcher(self.folder)
            self.set_interval(DISK_CHECK_SECONDS, self.check_disk)
        else:
            self.watcher.accept()
        show = self.switch_screen if len(self.screen_stack) > 1 else self.push_screen
        carried = self._picture_cursors()
        if message.session.problems or message.session.is_empty:
            self.deferred_actions.clear()  # keys meant for an overview that is not shown
            self.deferred_selection = None
        if message.session.problems:
            from oppfolging.tui.screens.problems import ProblemsScreen

            show(ProblemsScreen(message.session.problems))
        elif message.session.is_empty:
            from oppfolging.tui.screens.empty import EmptyScreen

            show(EmptyScreen())
        else:
            from oppfolging.tui.screens.overview import OverviewScreen

            show(OverviewScreen(self.initial_round, message.overview, carried))

    def _picture_cursors(self) -> dict[str, str]:
        """The rows highlighted on the start picture (and its focused table), if shown."""
        from oppfolging.tui.screens.picture import PictureScreen

        screen = self.screen if len(self.screen_stack) > 1 else None
        return screen.cursor_state() if isinstance(screen, PictureScreen) else {}

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed shows its error instead of crashing the app: the one handler
        for every worker (screens hand theirs here, see `base.WorkerErrorsToApp`)."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            from oppfolging.tui.screens.error import ErrorScreen

            self.push_screen(ErrorScreen(event.worker.error))

    def reload(self) -> None:
        """Read the dataset folder again (after a fix, or another user's save)."""
        from oppfolging.tui.screens.loading import LoadingScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(LoadingScreen())
        self.load_session()

    def action_command_palette(self) -> None:
        """Textual's command palette, with its texts in the language in use."""
        if self.session is None:  # the start picture or the loading screen is shown
            self.deferred_actions.append("app.command_palette")
            return
        if self.use_command_palette and not TranslatedPalette.is_open(cast("App[object]", self)):
            self.push_screen(TranslatedPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's system commands (theme, quit, keys, …) named in the language in use."""
        return system_commands(self, screen)

    def action_help(self) -> None:
        """Show the key bindings and what the screen shows."""
        from oppfolging.tui.screens.help import HelpScreen

        if self.session is None:  # the start picture or the loading screen is shown
            self.deferred_actions.append("app.help")
            return
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_undo(self) -> None:
        """Undo my latest save not undone yet (on every screen; a form's field keeps its own
        ctrl+z for typing)."""
        from oppfolging.tui.screens.dialogs import undo_last

        if self.session is not None and not isinstance(self.screen, ModalScreen):
            undo_last(self)

    def action_redo(self) -> None:
        """Redo my latest undo."""
        from oppfolging.tui.screens.dialogs import undo_last

        if self.session is not None and not isinstance(self.screen, ModalScreen):
            undo_last(self, redo=True)

    def watch_theme(self) -> None:
        """Status colours follow the theme (each palette is readable on its background);
        the visible screen draws its tables again in the new palette."""
        dark = self.current_theme.dark
        if dark != palette_is_dark():
            use_palette(dark)
            if self.screen_stack and isinstance(self.screen, AppScreen):
                self.screen.data_changed()

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
        save_theme(self.theme)


def save_theme(theme: str) -> None:
    """Keep the chosen theme in the personal settings (a failed write only loses that)."""
    from dataclasses import replace

    from oppfolging.settings import load_personal_settings, save_personal_settings

    try:
        current = load_personal_settings().settings
        save_personal_settings(replace(current, theme=theme))
    except OSError:
        pass


def make_app(
    folder: Path,
    as_of: date,
    initial_round: Period | None = None,
    theme: str | None = None,
    *,
    as_of_given: bool = False,
) -> OppfolgingApp:
    """The one factory the CLI and the tests build the app with."""
    return OppfolgingApp(folder, as_of, initial_round, theme=theme, as_of_given=as_of_given)


SHORT_HEIGHT = 32
"""Below this many lines, dialogs drop their padding so their buttons fit."""

DISK_CHECK_SECONDS = 2.0
"""How often the app looks for another user's save."""

CACHE_AFTER_SAVE_DELAY = 3.0
"""Seconds after a save by which the cache takes its state when no overview showed it."""

SMALL_DATASET_BYTES = 5_000_000
"""Datasets up to this size are read before the first paint instead of in a worker."""


def _folder_bytes(folder: Path) -> int:
    """The total size of the files directly in `folder` (0 when it cannot be read)."""
    try:
        return sum(entry.stat().st_size for entry in folder.iterdir() if entry.is_file())
    except OSError:
        return 0
