"""An empty dataset: what to do next."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Markdown

from oppfolging.tui.base import AppScreen

_GUIDE = """\
# Datasettet er tomt

Mappen **{folder}** har ingen planer ennå. Slik kommer du i gang:

1. Fyll inn `plans.csv` med planen (plan_id, name, municipality, plan_type,
   period_start, period_end, status, adopted …).
2. Legg inn innsatsområdene i `focus_areas.csv`, målene i `goals.csv`,
   målindikatorene i `indicators.csv` og tiltakene i `measures.csv`.
3. Kontroller med `oppfolging validate --data {folder}`.
4. Trykk **r** her for å lese mappen på nytt.

Filene kan lagres fra Excel som CSV (semikolon og desimalkomma går fint).
Se eksempeldataene (`oppfolging` uten `--data`) for et fullt eksempel.
"""


class EmptyScreen(AppScreen):
    """Shown when the dataset has no plans."""

    crumb = "Tomt datasett"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "reload", "Les på nytt")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Markdown(_GUIDE.format(folder=self.oapp.folder), id="empty-guide")
        yield Footer()

    def action_reload(self) -> None:
        self.oapp.reload()
