"""A dataset with problems: the list of them, instead of a crash."""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static

from oppfolging.i18n import t
from oppfolging.store.model import Problem
from oppfolging.tui.base import AppScreen
from oppfolging.tui.literal import tc
from oppfolging.tui.views import text
from oppfolging.tui.widgets.keyed_table import KeyedTable


class ProblemsScreen(AppScreen):
    """Every problem found, as file, row, column and message; `r` reads the folder again."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "reload", "binding.reload")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.crumb = t("problems.crumb")
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            tc("problems.notice", folder=self.oapp.folder, count=len(self.problems)),
            classes="notice error-text",
        )
        headers = [t("col.file"), t("col.row"), t("col.column"), t("col.problem")]
        columns = [
            [text(p.file) for p in self.problems],
            [str(p.row) if p.row else "" for p in self.problems],
            [text(p.column) for p in self.problems],
            [text(p.message) for p in self.problems],
        ]
        frame = pl.DataFrame(
            dict(zip(headers, columns, strict=True)),
            schema=dict.fromkeys(headers, pl.String),
        )
        yield KeyedTable(frame, [str(i) for i in range(len(self.problems))], id="problems")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(KeyedTable).focus_table()

    def action_reload(self) -> None:
        self.oapp.reload()
