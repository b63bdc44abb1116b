"""Revision overview: every plan's revision flag, due date and replacement chain."""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static

from oppfolging.domain.revision import planstrategy_deadline
from oppfolging.fmt import format_date
from oppfolging.i18n import t
from oppfolging.tui.base import AppScreen
from oppfolging.tui.views import DisplayColumn, day, display_frame, status_markup, text
from oppfolging.tui.widgets.keyed_table import KeyedTable

_FLAG_ORDER = {"overdue": 0, "due_soon": 1, "ok": 2, "not_adopted": 3, "replaced": 4}


class RevisionScreen(AppScreen):
    """Which plans are due for their four-yearly revision (rullering)."""

    crumb = "Rullering"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Tilbake")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="breadcrumb")
        yield Static(id="planstrategy", classes="description")
        yield KeyedTable(id="revisions", empty_text="Ingen planer.")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"per {format_date(self.session.as_of)}"
        self.query_one("#breadcrumb", Static).update(text(self.breadcrumb()))
        self.query_one("#planstrategy", Static).update(self._planstrategy_text())
        frame = self.session.revisions.sort(
            pl.col("flag").replace_strict(_FLAG_ORDER, default=9, return_dtype=pl.Int64),
            "revision_due",
            nulls_last=True,
        )
        columns: list[DisplayColumn] = [
            ("Rullering", "flag", status_markup),
            ("Plan", "name", text),
            ("Kommune", "municipality", text),
            ("Status", "status", lambda v: t(f"plan_status.{v}")),
            ("Periode", "period_text", text),
            ("Vedtatt", "adopted", day),
            ("Sist rullert", "last_revised", day),
            ("Rullering innen", "revision_due", day),
            ("Planperiode", "period_ended", lambda v: t("period_ended") if v else ""),
            ("Erstatter", "replaces", text),
            ("Erstattet av", "replaced_by", text),
        ]
        frame = frame.with_columns(
            period_text=pl.format("{}–{}", pl.col("period_start"), pl.col("period_end"))
        )
        table = self.query_one("#revisions", KeyedTable)
        self.run_worker(table.show(display_frame(frame, columns), frame["plan_id"].to_list()))

    def _planstrategy_text(self) -> str:
        constituted = self.session.settings.council_constituted
        if constituted is None:
            return (
                "Planstrategi: sett council_constituted i oppfolging.toml for å se fristen "
                "(ett år etter at kommunestyret er konstituert)."
            )
        deadline = planstrategy_deadline(constituted)
        return (
            f"Kommunestyret konstituert {format_date(constituted)}: kommunal planstrategi "
            f"skal vedtas senest {format_date(deadline)} (pbl. § 10-1). "
            "Planene under skal vurderes for rullering hvert fjerde år."
        )
