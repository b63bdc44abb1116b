"""Display frames for the view across plans (`g` on the overview): no textual import.

`reporting.grouping` computes the groups from the round table; this only formats them:
one row per group with a compact status cell (`✖2 ?1 ●5`, worst first, symbol and count in
the status colour), and the members of the highlighted group.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from oppfolging.domain.codes import INDICATOR_STATUSES
from oppfolging.i18n import t
from oppfolging.reporting.grouping import (
    Grouping,
    focus_areas_in_group,
    group_round,
    items_with_tag,
)
from oppfolging.reporting.round import RoundResult
from oppfolging.store.model import Dataset
from oppfolging.tui.views import (
    DisplayColumn,
    display_frame,
    percent,
    status_markup,
    status_summary,
    text,
)

NO_GROUP = "\x00none"
"""The row key of the group without a perspective or tag (no dataset text starts with NUL:
`textsafe` shows control characters, and keys are ids or labels)."""


def status_cell(counts: dict[str, Any]) -> str:
    """`✖2 ?1 ▲3 ●5 ✔1`: the overview's status cell (`views.status_summary`)."""
    return status_summary(counts)


def status_legend() -> str:
    """`✖ bak · ? mangler · …`: what the symbols of `status_cell` mean."""
    return " · ".join(status_markup(code) for code in INDICATOR_STATUSES)


def _count(value: Any) -> str:
    return str(value) if value else "–"


def group_label(by: Grouping, label: str | None) -> str:
    """The group's label; the group without a perspective or tag in words."""
    if label is not None:
        return label
    return t("grouping.no_perspective") if by != "tag" else t("grouping.no_tag")


def groups_view(
    dataset: Dataset, result: RoundResult, municipality: str, by: Grouping
) -> tuple[pl.DataFrame, list[str]]:
    """One row per group: label, statuses, filled, measures overdue, then the counts of
    plans, goals, indicators and measures (the status first, so it fits at 80 columns).
    Row keys are the group keys (`NO_GROUP` for the group without one)."""
    groups = group_round(dataset, result, municipality, by)
    cell = pl.struct(INDICATOR_STATUSES).map_elements(status_cell, return_dtype=pl.String)
    # a plan the round does not count (not adopted) has indicators but no status
    uncounted = (pl.sum_horizontal(INDICATOR_STATUSES) == 0) & (pl.col("indicators") > 0)
    groups = groups.with_columns(
        pl.when(uncounted)
        .then(pl.lit(t("grouping.not_counted")))
        .otherwise(cell)
        .alias("status_cell"),
        pl.col("group").fill_null(group_label(by, None)).alias("label"),
    )
    columns: list[DisplayColumn] = [
        (t(f"grouping.col.{by}"), "label", text),
        (t("grouping.col.status"), "status_cell", str),
        (t("col.filled"), "completeness", percent),
        (t("col.measures_overdue"), "measures_overdue", _count),
        (t("grouping.col.plans"), "plans", _count),
        (t("grouping.col.goals"), "goals", _count),
        (t("grouping.col.indicators"), "indicators", _count),
        (t("grouping.col.measures"), "measures", _count),
    ]
    keys = [NO_GROUP if key is None else str(key) for key in groups["group_key"]]
    return display_frame(groups, columns), keys


def members_view(
    dataset: Dataset, result: RoundResult, municipality: str, by: Grouping, key: str
) -> tuple[pl.DataFrame, list[str]]:
    """The highlighted group's members: focus areas (by plan or perspective; keys are
    focus_area_ids) or indicators and measures (by tag; keys `i:id` / `m:id`)."""
    group = None if key == NO_GROUP else key
    if by == "tag":
        items = items_with_tag(dataset, result, municipality, group).with_columns(
            pl.when(pl.col("overdue") & (pl.col("status") != "delayed"))
            .then(pl.lit("overdue"))
            .otherwise(pl.col("status"))
            .alias("shown_status"),
            pl.col("kind")
            .replace_strict({"indicator": t("kind.indicator"), "measure": t("kind.measure")})
            .alias("kind_label"),
        )
        columns: list[DisplayColumn] = [
            (t("col.status"), "shown_status", _status_or_uncounted),
            (t("col.kind"), "kind_label", text),
            (t("col.name"), "name", text),
            (t("col.plan"), "plan_name", text),
        ]
        prefix = {"indicator": "i:", "measure": "m:"}
        keys = [
            prefix[kind] + str(id_) for kind, id_ in zip(items["kind"], items["id"], strict=True)
        ]
        return display_frame(items, columns), keys
    areas = focus_areas_in_group(dataset, result, municipality, by, group).with_columns(
        pl.struct(INDICATOR_STATUSES)
        .map_elements(status_cell, return_dtype=pl.String)
        .alias("status_cell")
    )
    columns = [
        (t("grouping.col.status"), "status_cell", str),
        (t("col.number"), "number", text),
        (t("col.focus_area"), "name", text),
        (t("col.plan"), "plan_name", text),
    ]
    if by == "plan":
        columns.append((t("grouping.col.perspective"), "perspective", text))
    return display_frame(areas, columns), areas["focus_area_id"].to_list()


def _status_or_uncounted(code: Any) -> str:
    """The round's status, or «telles ikke» for an item the round does not count."""
    return status_markup(code) if code else t("grouping.not_counted")


__all__ = ["NO_GROUP", "groups_view", "members_view", "status_cell", "status_legend"]
