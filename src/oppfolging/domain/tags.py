"""Tags on indicators and measures (issue 11): `;`-separated labels in one cell.

A tag says where an indicator or measure belongs across plans, e.g. the step of Alver's
aktivitets- og meistringstrapp (`Meistringstrappa: trinn 7`). The cell `A; B` holds the two
tags `A` and `B`: spaces around a tag are not part of it, an empty cell means no tags, and
a tag may appear once per cell and is at most `TAG_MAX_LENGTH` characters long.
"""

from __future__ import annotations

import polars as pl

from oppfolging.i18n import t

TAG_SEPARATOR = ";"
TAG_MAX_LENGTH = 80


def split_tags(cell: str | None) -> tuple[str, ...]:
    """The tags of one cell, in order, spaces trimmed (an empty cell has none)."""
    if cell is None or not cell.strip():
        return ()
    return tuple(part.strip() for part in cell.split(TAG_SEPARATOR))


def tag_problem(cell: str | None) -> str | None:
    """Why the cell is not a valid tag list (in Norwegian), or None when it is."""
    tags = split_tags(cell)
    if any(not tag for tag in tags):
        return t("domain.tag_empty", separator=TAG_SEPARATOR)
    long = [tag for tag in tags if len(tag) > TAG_MAX_LENGTH]
    if long:
        return t("domain.tag_too_long", start=long[0][:40], limit=TAG_MAX_LENGTH)
    seen: set[str] = set()
    for tag in tags:
        if tag.casefold() in seen:
            return t("domain.tag_twice", tag=tag)
        seen.add(tag.casefold())
    return None


def tags_expr(column: pl.Expr) -> pl.Expr:
    """A list column of the tags in a `tags` text column (empty list for an empty cell)."""
    parts = column.fill_null("").str.split(TAG_SEPARATOR).list.eval(pl.element().str.strip_chars())
    return parts.list.filter(pl.element() != "")
