"""An unexpected error in a worker, shown instead of a crash."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from oppfolging.i18n import t
from oppfolging.tui.base import TranslatedBindings
from oppfolging.tui.literal import literal


class ErrorScreen(TranslatedBindings, ModalScreen[None]):
    """Says what went wrong; Escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "binding.close")]

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("error.title"), classes="dialog-title")
            yield Static(
                literal(f"{type(self.error).__name__}: {self.error}"), classes="error-text"
            )
            yield Button(t("button.close"), id="close", variant="primary")

    def on_button_pressed(self) -> None:
        self.dismiss()
