"""Help: the keys, and what the statuses mean."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from oppfolging.domain.codes import INDICATOR_STATUSES, SYMBOLS
from oppfolging.i18n import status_word

_KEYS = """\
# Hjelp

| Tast | Hva |
|---|---|
| ↑ ↓ | flytt i tabellen |
| Enter | åpne raden (plan → innsatsområde → mål → indikator/tiltak) |
| Esc | tilbake |
| Tab / Shift+Tab | neste / forrige tabell |
| [ og ] | forrige / neste rapportering (1. tertial, 2. tertial, årsrapport) |
| f | filter på status, ansvarlig enhet og plan |
| v | rulleringsoversikt |
| r | registrer verdier og tiltaksstatus |
| e | eksporter rapporttabellene |
| Ctrl+P | søk etter plan, mål, indikator eller tiltak |
| Ctrl+T | lyst / mørkt tema |
| ? | denne hjelpen |
| q | avslutt |

## Status for målindikatorer

| Symbol | Status |
|---|---|
{statuses}

En status vises alltid med symbol og ord, aldri bare med farge.
"""


class HelpScreen(ModalScreen[None]):
    """Keys and status symbols; Escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Lukk"),
        Binding("question_mark", "dismiss", "Lukk", show=False),
        Binding("q", "dismiss", "Lukk", show=False),
    ]

    def compose(self) -> ComposeResult:
        statuses = "\n".join(
            f"| {SYMBOLS[code]} | {status_word(code)} |" for code in INDICATOR_STATUSES
        )
        with VerticalScroll(classes="dialog help"):
            yield Markdown(_KEYS.format(statuses=statuses))
