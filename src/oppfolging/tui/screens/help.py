"""Help: the keys, and what the statuses mean."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from oppfolging.domain.codes import INDICATOR_STATUSES, SYMBOLS
from oppfolging.i18n import status_word, t


class HelpScreen(ModalScreen[None]):
    """Keys and status symbols; Escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", t("binding.close")),
        Binding("question_mark", "dismiss", t("binding.close"), show=False),
        Binding("q", "dismiss", t("binding.close"), show=False),
    ]

    def compose(self) -> ComposeResult:
        statuses = "\n".join(
            f"| {SYMBOLS[code]} | {status_word(code)} |" for code in INDICATOR_STATUSES
        )
        with VerticalScroll(classes="dialog help"):
            yield Markdown(t("help.body", statuses=statuses))
