"""Views across plans (issue 11): one municipality's plans grouped by plan, perspective or tag.

Drammen follows five coordinated plans through its balanced-scorecard perspectives (a focus
area's `perspective`); Alver organises its plan along the steps of the aktivitets- og
meistringstrapp and the bustadtrapp (an indicator's or measure's `tags`). This module turns
the round table (`compute_round`, the one place a round's numbers are computed) into one row
per group, so the screen only formats it.

Which items belong to the municipality comes from the dataset (every plan that is not
replaced, so a plan in consultation lists its items); the statuses come from the round
table, so only what the round counts is counted. An item with two tags is in both tag groups;
an item without a perspective or tag is in the group `None` ("uten perspektiv" /
"uten merkelapp"), listed last.
"""

from __future__ import annotations

import re
from typing import Literal

import polars as pl

from oppfolging.domain.codes import INDICATOR_STATUSES
from oppfolging.domain.tags import tags_expr
from oppfolging.reporting.round import RoundResult
from oppfolging.store.model import Dataset

Grouping = Literal["plan", "perspective", "tag"]
GROUPINGS: tuple[Grouping, ...] = ("plan", "perspective", "tag")
"""The groupings, in the order the overview's `g` cycles through them."""

GROUP_COLUMNS = (
    "group",
    "group_key",
    "plans",
    "goals",
    "indicators",
    "measures",
    *INDICATOR_STATUSES,
    "due",
    "registered",
    "completeness",
    "measures_overdue",
    "measures_delayed",
)
"""The columns of `group_round`: the group's label (null: no perspective / no tag), a key
for the screen, then counts."""


ITEM_COLUMNS = ("goal_id", "plan_id", "plan_name", "perspective", "tags", "status")
"""What an indicator row and a measure row of the grouping share (after kind and id)."""


def next_grouping(current: Grouping) -> Grouping:
    """The grouping after `current` (plan → perspective → tag → plan)."""
    return GROUPINGS[(GROUPINGS.index(current) + 1) % len(GROUPINGS)]


def municipality_of(dataset: Dataset, plan_id: str | None) -> str | None:
    """The municipality that owns `plan_id` (None for an unknown plan)."""
    plans = dataset.plans.filter(pl.col("plan_id") == plan_id)
    return str(plans.get_column("municipality")[0]) if plans.height else None


def _hierarchy(dataset: Dataset, municipality: str) -> pl.DataFrame:
    """goal_id → plan_id, plan name and the focus area's perspective, for the municipality's
    plans that are not replaced."""
    plans = dataset.plans.filter(
        pl.col("municipality") == municipality, pl.col("status") != "replaced"
    ).select("plan_id", pl.col("name").alias("plan_name"))
    areas = dataset.focus_areas.select(
        "focus_area_id", "plan_id", _blank_to_null(pl.col("perspective")).alias("perspective")
    ).join(plans, on="plan_id")
    return dataset.goals.select("goal_id", "focus_area_id").join(areas, on="focus_area_id")


def _blank_to_null(column: pl.Expr) -> pl.Expr:
    trimmed = column.str.strip_chars()
    return pl.when(trimmed == "").then(None).otherwise(trimmed)


def group_items(dataset: Dataset, result: RoundResult, municipality: str) -> pl.DataFrame:
    """Every indicator and measure of the municipality's plans, one row each: kind, id,
    plan, perspective, tags (a list) and the round's status (null when the round does not
    count it), with `due`/`registered` for indicators and `overdue` for measures."""
    hierarchy = _hierarchy(dataset, municipality)
    indicators = (
        dataset.indicators.select("indicator_id", "goal_id", tags_expr(pl.col("tags")))
        .join(hierarchy, on="goal_id")
        .join(
            result.indicators.select(
                "indicator_id",
                "status",
                pl.col("due").fill_null(False),
                (pl.col("due").fill_null(False) & pl.col("value").is_not_null()).alias(
                    "registered"
                ),
            ),
            on="indicator_id",
            how="left",
        )
        .select(
            pl.lit("indicator").alias("kind"),
            pl.col("indicator_id").alias("id"),
            *ITEM_COLUMNS,
            pl.col("due").fill_null(False),
            pl.col("registered").fill_null(False),
            pl.lit(False).alias("overdue"),
        )
    )
    measures = (
        dataset.measures.select("measure_id", "goal_id", tags_expr(pl.col("tags")))
        .join(hierarchy, on="goal_id")
        .join(
            result.measures.select("measure_id", "status", "overdue"), on="measure_id", how="left"
        )
        .select(
            pl.lit("measure").alias("kind"),
            pl.col("measure_id").alias("id"),
            *ITEM_COLUMNS,
            pl.lit(False).alias("due"),
            pl.lit(False).alias("registered"),
            pl.col("overdue").fill_null(False),
        )
    )
    return pl.concat([indicators, measures], how="vertical")


def group_round(
    dataset: Dataset, result: RoundResult, municipality: str, by: Grouping
) -> pl.DataFrame:
    """One row per group of the municipality's plans (`GROUP_COLUMNS`): by plan (sorted by
    name), by perspective or by tag (sorted by label, the group without one last)."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; use one of {GROUPINGS}")
    items = group_items(dataset, result, municipality)
    if by == "plan":
        keyed = items.with_columns(
            pl.col("plan_name").alias("group"), pl.col("plan_id").alias("group_key")
        )
    elif by == "perspective":
        keyed = items.with_columns(
            pl.col("perspective").alias("group"), pl.col("perspective").alias("group_key")
        )
    else:
        exploded = items.with_columns(
            pl.when(pl.col("tags").list.len() > 0).then(pl.col("tags")).otherwise(None)
        ).explode("tags")
        keyed = exploded.with_columns(
            pl.col("tags").alias("group"), pl.col("tags").alias("group_key")
        )
    keyed = keyed.vstack(_member_rows(dataset, municipality, by, keyed))
    is_indicator = pl.col("kind") == "indicator"
    is_measure = pl.col("kind") == "measure"
    aggs = [
        pl.col("plan_id").drop_nulls().n_unique().cast(pl.UInt32).alias("plans"),
        pl.col("goal_id").drop_nulls().n_unique().cast(pl.UInt32).alias("goals"),
        is_indicator.sum().cast(pl.UInt32).alias("indicators"),
        is_measure.sum().cast(pl.UInt32).alias("measures"),
        *[
            (is_indicator & (pl.col("status") == code)).sum().cast(pl.UInt32).alias(code)
            for code in INDICATOR_STATUSES
        ],
        pl.col("due").sum().cast(pl.UInt32).alias("due"),
        pl.col("registered").sum().cast(pl.UInt32).alias("registered"),
        (is_measure & pl.col("overdue")).sum().cast(pl.UInt32).alias("measures_overdue"),
        (is_measure & (pl.col("status") == "delayed"))
        .sum()
        .cast(pl.UInt32)
        .alias("measures_delayed"),
    ]
    grouped = keyed.group_by("group", "group_key").agg(aggs)
    completeness = (
        pl.when(pl.col("due") > 0)
        .then(pl.col("registered") / pl.col("due"))
        .otherwise(pl.lit(None, dtype=pl.Float64))
    )
    frame = grouped.with_columns(completeness.alias("completeness"))
    order = sorted(range(frame.height), key=lambda i: _natural_key(frame["group"][i]))
    return frame[order].select(GROUP_COLUMNS)


def _natural_key(label: str | None) -> tuple[bool, list[tuple[int, str]]]:
    """Sort labels as a reader does («trinn 2» before «trinn 10»), no label last."""
    if label is None:
        return True, []
    parts = re.split(r"(\d+)", label.casefold())
    return False, [(int(p), "") if p.isdigit() else (-1, p) for p in parts if p]


def _member_rows(
    dataset: Dataset, municipality: str, by: Grouping, keyed: pl.DataFrame
) -> pl.DataFrame:
    """One row per plan and perspective that counts nothing but the plan, so a group lists
    every plan with a focus area in it, and a plan or perspective with focus areas and
    goals only (as Drammen's) is a group too. Tags live on items only: no rows."""
    if by == "tag":
        return keyed.clear()
    areas = _hierarchy(dataset, municipality).select(
        "goal_id", "plan_id", "plan_name", "perspective"
    )
    plans = dataset.plans.filter(
        pl.col("municipality") == municipality, pl.col("status") != "replaced"
    ).select("plan_id", pl.col("name").alias("plan_name"))
    if by == "plan":
        frame = plans.join(areas.select("plan_id", "goal_id"), on="plan_id", how="left")
        frame = frame.with_columns(group=pl.col("plan_name"), group_key=pl.col("plan_id"))
    else:
        frame = areas.with_columns(group=pl.col("perspective"), group_key=pl.col("perspective"))
    return frame.select(
        pl.lit("none").alias("kind"),
        pl.lit(None, dtype=pl.String).alias("id"),
        "goal_id",
        "plan_id",
        "plan_name",
        pl.lit(None, dtype=pl.String).alias("perspective"),
        pl.lit([], dtype=pl.List(pl.String)).alias("tags"),
        pl.lit(None, dtype=pl.String).alias("status"),
        pl.lit(False).alias("due"),
        pl.lit(False).alias("registered"),
        pl.lit(False).alias("overdue"),
        "group",
        "group_key",
    ).select(keyed.columns)


def perspectives(dataset: Dataset) -> list[str]:
    """Every focus area perspective in the dataset, sorted as a reader sorts."""
    column = _blank_to_null(pl.col("perspective"))
    found = dataset.focus_areas.select(column).drop_nulls().unique().to_series().to_list()
    return sorted(found, key=_natural_key)


def all_tags(dataset: Dataset) -> list[str]:
    """Every tag on an indicator or measure, sorted as a reader sorts (`trinn 2` < `trinn 10`)."""
    found: set[str] = set()
    for frame in (dataset.indicators, dataset.measures):
        found.update(frame.select(tags_expr(pl.col("tags"))).explode("tags").drop_nulls()["tags"])
    return sorted(found, key=_natural_key)


def matching_ids(
    dataset: Dataset, perspective: str | None, tag: str | None
) -> tuple[frozenset[str], frozenset[str]]:
    """The indicator ids and measure ids whose focus area has `perspective` and that carry
    `tag` (None: no condition)."""
    goals = dataset.goals.select("goal_id", "focus_area_id").join(
        dataset.focus_areas.select(
            "focus_area_id", _blank_to_null(pl.col("perspective")).alias("perspective")
        ),
        on="focus_area_id",
    )
    found: list[frozenset[str]] = []
    for frame, key in ((dataset.indicators, "indicator_id"), (dataset.measures, "measure_id")):
        items = frame.select(key, "goal_id", tags_expr(pl.col("tags"))).join(goals, on="goal_id")
        if perspective is not None:
            items = items.filter(pl.col("perspective") == perspective)
        if tag is not None:
            items = items.filter(pl.col("tags").list.contains(tag))
        found.append(frozenset(items[key].to_list()))
    return found[0], found[1]


def focus_areas_in_group(
    dataset: Dataset, result: RoundResult, municipality: str, by: Grouping, key: str | None
) -> pl.DataFrame:
    """The focus areas of one plan or perspective group (`key` as in `group_round`'s
    `group_key`; None: the focus areas without a perspective), with the round's counts per
    indicator status: plan name, number, name, perspective, then `INDICATOR_STATUSES`."""
    areas = dataset.focus_areas.select(
        "focus_area_id",
        "plan_id",
        "number",
        "name",
        _blank_to_null(pl.col("perspective")).alias("perspective"),
    ).join(
        dataset.plans.filter(
            pl.col("municipality") == municipality, pl.col("status") != "replaced"
        ).select("plan_id", pl.col("name").alias("plan_name")),
        on="plan_id",
    )
    column = "plan_id" if by == "plan" else "perspective"
    chosen = pl.col(column).is_null() if key is None else pl.col(column) == key
    counts = result.indicators.group_by("focus_area_id").agg(
        (pl.col("status") == code).sum().cast(pl.UInt32).alias(code) for code in INDICATOR_STATUSES
    )
    return (
        areas.filter(chosen)
        .join(counts, on="focus_area_id", how="left")
        .with_columns(pl.col(code).fill_null(0) for code in INDICATOR_STATUSES)
        .sort("plan_name", "number")
    )


def items_with_tag(
    dataset: Dataset, result: RoundResult, municipality: str, tag: str | None
) -> pl.DataFrame:
    """The indicators and measures of the municipality's plans that carry `tag` (None: those
    without a tag): kind, id, name, plan name and the round's status (null: not counted)."""
    items = group_items(dataset, result, municipality)
    chosen = pl.col("tags").list.len() == 0 if tag is None else pl.col("tags").list.contains(tag)
    names = pl.concat(
        [
            dataset.indicators.select(pl.col("indicator_id").alias("id"), "name"),
            dataset.measures.select(pl.col("measure_id").alias("id"), "name"),
        ]
    )
    return (
        items.filter(chosen)
        .join(names, on="id", how="left")
        .select("kind", "id", "name", "plan_name", "status", "overdue")
        .sort("kind", "plan_name", "id")
    )
