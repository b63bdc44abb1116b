"""An empty dataset: what to do next."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Markdown

from oppfolging.i18n import t
from oppfolging.tui.base import AppScreen


class EmptyScreen(AppScreen):
    """Shown when the dataset has no plans."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "reload", "binding.reload")]

    def __init__(self) -> None:
        super().__init__()
        self.crumb = t("empty.crumb")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Markdown(t("empty.guide", folder=self.oapp.folder), id="empty-guide")
        yield Footer()

    def action_reload(self) -> None:
        self.oapp.reload()
