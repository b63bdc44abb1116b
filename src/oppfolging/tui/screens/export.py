"""The export dialog: the round's report tables to Excel, Word, HTML, Markdown or CSV.

The dialog only collects choices; the headless `reporting.report.round_report` and
`reporting.export.write_report` do the work — the same functions `oppfolging export` calls,
so the file from the app and the file from the command line are the same (a locked round
from its snapshot too). Only the plans that are in the round are offered. Before writing,
`reporting.export.destination.check_destination` decides: a refusal (a dataset's own file,
a folder or a device) is shown in the dialog, and an existing file is replaced only after a
yes in a `ConfirmScreen`. The folder exported to is remembered in the personal settings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from dataclasses import replace as with_changes
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from oppfolging.domain.periods import Period
from oppfolging.domain.planlife import plan_in_round_expr
from oppfolging.i18n import language_name, languages, t
from oppfolging.reporting.export import FORMATS, default_export_name
from oppfolging.settings import load_personal_settings, save_personal_settings

if TYPE_CHECKING:
    from oppfolging.reporting.export.destination import Destination
    from oppfolging.reporting.report import Report
    from oppfolging.session import Session
from oppfolging.textsafe import visible
from oppfolging.tui.base import CompactWhenShort, TranslatedBindings, WorkerErrorsToApp
from oppfolging.tui.literal import compose
from oppfolging.tui.served_export import deliver, is_served, served_target


def default_export_folder() -> Path:
    """The folder last exported to when it still exists, else the user's documents folder
    when there is one, else the working folder."""
    from platformdirs import user_documents_path

    last = load_personal_settings().settings.last_export_folder
    if last and Path(last).is_dir():
        return Path(last)
    documents = user_documents_path()
    return documents if documents.is_dir() else Path.cwd()


def remember_export_folder(folder: Path) -> None:
    """Keep `folder` as the last export folder (a failed write only loses that).

    A personal settings file with problems is left as it is, so nothing in it is lost.
    """
    try:
        loaded = load_personal_settings()
        current = loaded.settings
        if not loaded.problems and current.last_export_folder != str(folder):
            save_personal_settings(with_changes(current, last_export_folder=str(folder)))
    except OSError:
        pass


def dialog_report(
    app: object,
    session: Session,
    round_: Period,
    plan_id: str | None,
    language: str | None = None,
) -> Report:
    """The report the dialog writes: `reporting.report.round_report`, exactly as
    `oppfolging export` calls it (a locked round from its snapshot, figures of the lock's
    date, the corrections after the lock), with the app's date given only when the app
    was started with `--as-of`. Without a `language` the report takes the plan's or the
    dataset's (`oppfolging.language.report_language`), as the command does."""
    from oppfolging.reporting.report import round_report

    given = session.as_of if getattr(app, "as_of_given", False) else None
    return round_report(
        session.folder,
        round_,
        (session.dataset, session.settings),
        today=session.as_of,
        as_of=given,
        plan_id=plan_id,
        author=load_personal_settings().settings.name,
        language=language,
    )


@dataclass
class ExportProgress(Message):
    """How far the writer has come (0–1)."""

    share: float


@dataclass
class ExportNeedsConfirm(Message):
    """The target exists: ask before `report` replaces what `destination` lists."""

    report: Report
    fmt: str
    destination: Destination


@dataclass
class ExportFinished(Message):
    """The file was written (`path`) or not (`error`)."""

    path: Path | None
    error: str | None


class ExportScreen(
    CompactWhenShort, TranslatedBindings, WorkerErrorsToApp, ModalScreen[Path | None]
):
    """Choose format, file name and folder; dismisses with the written path."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "binding.cancel")]

    def __init__(self, round_: Period, folder: Path | None = None) -> None:
        super().__init__()
        self.round = round_
        self.folder = folder or default_export_folder()
        self._named_by_user = False

    def compose(self) -> ComposeResult:
        formats = [(spec.label, key) for key, spec in FORMATS.items()]
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(t("export.title", round=self.round.round_label), classes="dialog-title")
            yield Label(t("export.format"))
            yield Select(formats, value="xlsx", allow_blank=False, id="format")
            yield Label(t("export.plan"))
            yield Select(self._plan_options(), prompt=t("export.all_plans"), id="plan")
            yield Label(t("export.language"))
            languages_named = [(language_name(code), code) for code in languages()]
            yield Select(languages_named, prompt=t("export.language.default"), id="language")
            yield Label(t("export.file_name"))
            yield Input(default_export_name(self.round, "xlsx"), id="name")
            yield Label(t("export.folder"))
            yield Input(str(self.folder), id="folder")
            yield ProgressBar(total=1.0, show_eta=False, id="progress")
            yield Static("", id="export-status")
            with Horizontal(classes="buttons"):
                yield Button(t("button.export"), id="export", variant="primary")
                yield Button(t("button.cancel"), id="cancel")

    def _plan_options(self) -> list[tuple[str, str]]:
        session = getattr(self.app, "session", None)
        if session is None:
            return []
        plans = session.dataset.plans.filter(plan_in_round_expr(self.round))
        return list(zip(plans["name"].to_list(), plans["plan_id"].to_list(), strict=True))

    @on(Input.Changed, "#name")
    def name_edited(self, event: Input.Changed) -> None:
        if event.value != self._default_name():
            self._named_by_user = True

    @on(Select.Changed, "#format")
    @on(Select.Changed, "#plan")
    def choice_changed(self) -> None:
        """Keep the default file name in step with the format and plan, unless typed over."""
        if not self._named_by_user:
            self.query_one("#name", Input).value = self._default_name()

    def _format(self) -> str:
        value = self.query_one("#format", Select).value
        return value if isinstance(value, str) else "xlsx"

    def _plan(self) -> str | None:
        value = self.query_one("#plan", Select).value
        return value if isinstance(value, str) else None

    def _language(self) -> str | None:
        """The language chosen for the report; None: the plan's or the dataset's."""
        value = self.query_one("#language", Select).value
        return value if isinstance(value, str) else None

    def _default_name(self) -> str:
        return default_export_name(self.round, self._format(), self._plan())

    def target(self) -> Path:
        """The full path the report will be written to (links are followed when checked)."""
        folder = Path(self.query_one("#folder", Input).value.strip() or ".").expanduser()
        name = self.query_one("#name", Input).value.strip() or self._default_name()
        return Path(os.path.abspath(folder / name))

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#name")
    @on(Input.Submitted, "#folder")
    def start_export(self) -> None:
        """Write the report (the button, or Enter in the file name or folder)."""
        button = self.query_one("#export", Button)
        if button.disabled:
            return  # already writing
        button.disabled = True
        self.query_one("#export-status", Static).update(t("export.writing"))
        target = self.target()
        if is_served(self.app):  # a browser user gets a download, never a server folder
            target = served_target(target.name)
        self.write(self._format(), self._plan(), target, language=self._language())

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def write(
        self,
        fmt: str,
        plan_id: str | None,
        target: Path,
        report: Report | None = None,
        language: str | None = None,
    ) -> None:
        """Build the report, check where it goes and write it, off the UI thread.

        Without `report` an existing target is not replaced but asked about; with it (the
        report the user agreed to write) the target is replaced.
        """
        from oppfolging.reporting.export import ExportError, write_report
        from oppfolging.reporting.export.destination import check_destination
        from oppfolging.reporting.report import ReportError
        from oppfolging.store.errors import StoreError

        session = self.app.session  # type: ignore[attr-defined]
        confirmed = report is not None
        try:
            if report is None:
                report = dialog_report(self.app, session, self.round, plan_id, language)
            destination = check_destination(report, fmt, target, session.folder)
            if destination.existing and not confirmed:
                self.post_message(ExportNeedsConfirm(report, fmt, destination))
                return
            target.parent.mkdir(parents=True, exist_ok=True)  # a new folder is made
            path = write_report(
                report,
                fmt,
                target,
                progress=self._post_progress,
                replace=confirmed,
                dataset_folder=session.folder,
            )
        except (ExportError, ReportError, StoreError, OSError) as error:
            self.post_message(ExportFinished(None, str(error)))
            return
        remember_export_folder(path.parent)
        self.post_message(ExportFinished(path, None))

    def on_export_needs_confirm(self, message: ExportNeedsConfirm) -> None:
        """Ask before replacing; yes writes the report already built, no changes nothing."""
        from oppfolging.tui.screens.dialogs import ConfirmScreen

        destination = message.destination
        if destination.is_folder:
            count = len(destination.existing)
            question = t("export.confirm.replace_files", path=destination.path, count=count)
        else:
            question = t("export.confirm.replace", path=destination.path)

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(message.fmt, None, destination.path, message.report)
                return
            self.query_one("#export", Button).disabled = False
            self.query_one("#export-status", Static).update("")

        self.app.push_screen(ConfirmScreen(question, yes=t("button.replace")), answered)

    def _post_progress(self, share: float) -> None:
        self.post_message(ExportProgress(share))

    def on_export_progress(self, message: ExportProgress) -> None:
        self.query_one("#progress", ProgressBar).update(progress=message.share)

    def on_export_finished(self, message: ExportFinished) -> None:
        if message.path is not None and is_served(self.app):
            deliver(self.app, message.path)
        if message.path is not None:
            self.app.notify(
                visible(t("export.saved", path=message.path)),
                title=t("export.saved.title"),
                timeout=10,
                markup=False,
            )
            self.dismiss(message.path)
            return
        self.query_one("#export", Button).disabled = False
        error = compose(
            "[b]{label}[/b] {error}", label=t("export.error"), error=message.error or ""
        )
        self.query_one("#export-status", Static).update(error)
        self.query_one("#export-status", Static).add_class("error-text")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
