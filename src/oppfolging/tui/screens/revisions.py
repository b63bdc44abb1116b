"""Revision overview: every plan's revision flag, due date and replacement chain."""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Footer, Header, Static

from oppfolging.domain.periods import Period
from oppfolging.domain.revision import planstrategy_deadline
from oppfolging.fmt import format_date
from oppfolging.i18n import t
from oppfolging.tui.base import DRILL_DOWN_BINDINGS, AppScreen
from oppfolging.tui.literal import literal
from oppfolging.tui.views import DisplayColumn, day, display_frame, status_markup, text
from oppfolging.tui.widgets.keyed_table import KeyedTable

_FLAG_ORDER = {"overdue": 0, "due_soon": 1, "ok": 2, "not_adopted": 3, "replaced": 4}


class RevisionScreen(AppScreen):
    """Which plans are due for their four-yearly revision (rullering)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DRILL_DOWN_BINDINGS,
    ]

    def __init__(self, round_: Period | None = None) -> None:
        super().__init__()
        self.crumb = t("revisions.crumb")
        self.round = round_
        """The round a plan opens in (None: the default round for the session date)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="breadcrumb")
        yield Static(id="planstrategy", classes="description")
        yield KeyedTable(id="revisions", empty_text=t("revisions.empty"))
        yield Footer()

    def on_mount(self) -> None:
        self.show_header(sub_title=t("revisions.subtitle", date=format_date(self.session.as_of)))
        self.query_one("#breadcrumb", Static).update(literal(self.breadcrumb()))
        self.query_one("#planstrategy", Static).update(self._planstrategy_text())
        frame = revision_rows(self.session.revisions)
        table = self.query_one("#revisions", KeyedTable)
        table.focus_on_show = True
        self.run_worker(
            table.show(display_frame(frame, revision_columns()), frame["plan_id"].to_list()),
            exit_on_error=False,
        )

    @on(KeyedTable.Selected, "#revisions")
    def plan_selected(self, event: KeyedTable.Selected) -> None:
        """Enter on a plan opens its drill-down, in the overview's round."""
        from oppfolging.tui.screens.drill import PlanScreen

        self.app.push_screen(PlanScreen(event.key, self.session.clamp_round(self.round)))

    def _planstrategy_text(self) -> str:
        constituted = self.session.settings.council_constituted
        if constituted is None:
            return t("revisions.planstrategy.unset")
        deadline = planstrategy_deadline(constituted)
        text = t(
            "revisions.planstrategy",
            constituted=format_date(constituted),
            deadline=format_date(deadline),
        )
        if deadline < self.session.as_of:
            text += " " + status_markup("overdue") + " " + t("revisions.planstrategy.passed")
        return text


def revision_rows(revisions: pl.DataFrame) -> pl.DataFrame:
    """Worst flag first, then the earliest due date; plan ids under «Erstatter» and
    «Erstattet av» read as plan names (a reader does not know the ids)."""
    names = dict(zip(revisions["plan_id"], revisions["name"], strict=True))
    return revisions.sort(
        pl.col("flag").replace_strict(_FLAG_ORDER, default=9, return_dtype=pl.Int64),
        "revision_due",
        nulls_last=True,
    ).with_columns(
        period_text=pl.format("{}–{}", pl.col("period_start"), pl.col("period_end")),
        replaces=_names_of(pl.col("replaces"), names),
        replaced_by=_names_of(pl.col("replaced_by"), names),
    )


def _names_of(ids: pl.Expr, names: dict[str, str]) -> pl.Expr:
    """`;`-joined plan ids as `; `-joined plan names (an unknown id stays as it is)."""
    return (
        ids.str.split(";").list.eval(pl.element().str.strip_chars().replace(names)).list.join("; ")
    )


def revision_columns() -> list[DisplayColumn]:
    """The flag, the plan and its due date first, so they fit a 120-column terminal."""
    return [
        (t("col.revision"), "flag", status_markup),
        (t("col.plan"), "name", text),
        (t("col.revision_due"), "revision_due", day),
        (t("col.municipality"), "municipality", text),
        (t("col.status"), "status", lambda v: t(f"plan_status.{v}")),
        (t("col.period"), "period_text", text),
        (t("col.adopted"), "adopted", day),
        (t("col.last_revised"), "last_revised", day),
        (t("col.plan_period"), "period_ended", lambda v: t("period_ended") if v else ""),
        (t("col.replaces"), "replaces", text),
        (t("col.replaced_by"), "replaced_by", text),
    ]
