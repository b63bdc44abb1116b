"""A dataset with problems: the list of them, instead of a crash."""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static

from oppfolging.store.model import Problem
from oppfolging.tui.base import AppScreen
from oppfolging.tui.views import text
from oppfolging.tui.widgets.keyed_table import KeyedTable


class ProblemsScreen(AppScreen):
    """Every problem found, as file, row, column and message; `r` reads the folder again."""

    crumb = "Problemer i datasettet"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "reload", "Les på nytt")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            f"Datasettet i {text(self.oapp.folder)} har {len(self.problems)} problem(er). "
            "Rett dem i filene (eller kjør «oppfolging validate») og trykk r.",
            classes="notice error-text",
        )
        frame = pl.DataFrame(
            {
                "Fil": [p.file for p in self.problems],
                "Rad": [str(p.row) if p.row else "" for p in self.problems],
                "Kolonne": [p.column for p in self.problems],
                "Problem": [text(p.message) for p in self.problems],
            },
            schema={"Fil": pl.String, "Rad": pl.String, "Kolonne": pl.String, "Problem": pl.String},
        )
        yield KeyedTable(frame, [str(i) for i in range(len(self.problems))], id="problems")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(KeyedTable).focus_table()

    def action_reload(self) -> None:
        self.oapp.reload()
