"""The change history of one indicator or measure, newest first (from the change log)."""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Header, Static

from oppfolging.fmt import format_datetime
from oppfolging.i18n import t
from oppfolging.tui.base import DRILL_DOWN_BINDINGS, AppScreen, CatalogueLabel
from oppfolging.tui.form_logic import item_changes
from oppfolging.tui.literal import literal, tc
from oppfolging.tui.views import (
    DisplayColumn,
    display_frame,
    logged_cell,
    logged_text,
    one_line,
    period,
    text,
)
from oppfolging.tui.widgets.keyed_table import KeyedTable

COLUMN_NAMES = {
    "value": "changes.field.value",
    "comment": "changes.field.comment",
    "status": "changes.field.status",
    "registered_by": "changes.field.registered_by",
    "registered_at": "changes.field.registered_at",
}
"""The catalogue keys of the logged columns' names."""


def column_name(column: object) -> str:
    """A logged column's name in the current language (unknown columns as they are)."""
    key = COLUMN_NAMES.get(str(column))
    return t(key) if key else str(column)


class ChangesScreen(AppScreen):
    """Who changed what, when, for `i:<id>` or `m:<id>`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DRILL_DOWN_BINDINGS,
    ]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.crumb = t("changes.crumb")
        self.rows: list[dict[str, Any]] = []
        """The logged changes as shown (raw old and new), for the full-text note."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="breadcrumb")
        with Vertical(classes="box"):
            yield CatalogueLabel("changes.title", classes="box-title")
            yield KeyedTable(id="changes", empty_text=t("changes.empty"))
            yield Static(id="comment", classes="comment-note")
        yield Footer()

    async def on_mount(self) -> None:
        self.show_header(sub_title=one_line(item_name(self.session.dataset, self.key)))
        self.query_one("#breadcrumb", Static).update(literal(self.breadcrumb()))
        changes = item_changes(self.session.dataset.changes, self.key)
        self.rows = changes.to_dicts()
        frame = _status_words(changes)
        columns: list[DisplayColumn] = [
            (t("col.time"), "at", lambda v: format_datetime(v)),
            (t("col.user"), "user", text),
            (t("col.period"), "period", period),
            (t("col.field"), "column", lambda v: text(column_name(v))),
            (t("col.old"), "old", str),
            (t("col.new"), "new", str),
        ]
        keys = [str(i) for i in range(frame.height)]
        table = self.query_one("#changes", KeyedTable)
        table.focus_on_show = True
        await table.show(display_frame(frame, columns), keys)

    @on(KeyedTable.Highlighted, "#changes")
    def change_highlighted(self, event: KeyedTable.Highlighted) -> None:
        """The highlighted change's old and new text in full, wrapped (a comment is long)."""
        index = int(event.key)
        if 0 <= index < len(self.rows):
            self.query_one("#comment", Static).update(change_note(self.rows[index]))


def change_note(row: dict[str, Any]) -> Content:
    """`Kommentar: old → new`, both in full (literal, wraps)."""
    column = row.get("column")
    return tc(
        "changes.note",
        field=column_name(column).capitalize(),
        old=logged_text(column, row.get("old")) or "–",
        new=logged_text(column, row.get("new")) or "–",
    )


def _status_words(frame: pl.DataFrame) -> pl.DataFrame:
    """The logged old and new cells the Norwegian way: status codes (`in_progress`) as
    symbol and word (`◐ pågår`), numbers `5 534`, times `22.11.2026 16:43`."""
    columns = frame["column"].to_list()
    return frame.with_columns(
        pl.Series(
            c,
            [logged_cell(col, v) for col, v in zip(columns, frame[c].to_list(), strict=True)],
            dtype=pl.String,
        )
        for c in ("old", "new")
    )


def item_name(dataset: Any, key: str) -> str:
    """The name of `i:<id>` or `m:<id>` (the id when it is not found)."""
    kind, _, item_id = key.partition(":")
    table, column = ("indicators", "indicator_id") if kind == "i" else ("measures", "measure_id")
    rows = dataset[table].filter(pl.col(column) == item_id)
    if rows.height and rows["name"][0]:
        return " ".join(str(rows["name"][0]).split())
    return item_id
