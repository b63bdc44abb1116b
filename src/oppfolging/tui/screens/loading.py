"""Shown while the dataset is read."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, LoadingIndicator, Static

from oppfolging.i18n import t
from oppfolging.tui.base import TranslatedBindings


class LoadingScreen(TranslatedBindings, Screen[None]):
    """A loading indicator while the worker reads the folder."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("loading.text"), id="loading-text")
        yield LoadingIndicator()
        yield Footer()
