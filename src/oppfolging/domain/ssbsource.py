"""Where an indicator's figure comes from in Statistics Norway's (SSB) tables.

An indicator row may name an SSB table (`ssb_table`), the contents code of the figure
(`ssb_contents_code`) and the code to fix for every other dimension (`ssb_filter`, e.g.
`KOKkommuneregion0000=4001;Alder=F80`). The time dimension gives the years; a region
dimension not named in the filter takes the dataset's region (`[ssb] region` in
`oppfolging.toml`). This module parses and checks the text; it knows no file format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from oppfolging.i18n import t

if TYPE_CHECKING:
    import polars as pl

SSB_COLUMNS = ("ssb_table", "ssb_contents_code", "ssb_filter")
"""The optional indicator columns that map an indicator to an SSB table."""

CONTENTS_DIMENSION = "ContentsCode"
TIME_DIMENSION = "Tid"

_TABLE_RE = re.compile(r"^[0-9]{5}$")
_CODE_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,60}$")
_DIMENSION_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,60}$")
_REGION_RE = re.compile(r"^[A-Za-z0-9]{1,10}$")


class SsbSourceError(ValueError):
    """A mapping that cannot be read; `column` names the indicator column at fault."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class SsbSource:
    """One indicator's place in an SSB table."""

    table: str
    contents_code: str
    fixed: tuple[tuple[str, str], ...] = ()
    """Dimension id and code, as written in `ssb_filter`."""

    def fixed_code(self, dimension: str) -> str | None:
        """The code the filter fixes for `dimension`, or None."""
        return dict(self.fixed).get(dimension)

    def describe(self) -> str:
        """The mapping as one line (table, contents code and filter)."""
        parts = [f"{self.table}/{self.contents_code}"]
        parts += [f"{dimension}={code}" for dimension, code in self.fixed]
        return " ".join(parts)


def is_region_dimension(dimension: str) -> bool:
    """A region dimension (KOSTRA's `KOKkommuneregion0000`, other tables' `Region`)."""
    return "region" in dimension.lower()


def is_time_dimension(dimension: str) -> bool:
    """The time dimension (`Tid`) when a file does not say which it is."""
    return dimension.lower() == TIME_DIMENSION.lower()


def region_problem(region: str) -> str | None:
    """Why `region` cannot be a region code (a municipality number or e.g. `EAK`), or None."""
    if _REGION_RE.match(region):
        return None
    return t("ssb.region.bad", region=region)


def parse_source(table: str, contents_code: str, filter_text: str) -> SsbSource | None:
    """The mapping of one indicator's three cells; None when all three are empty.

    Raises `SsbSourceError` naming the column at fault."""
    table, contents_code, filter_text = table.strip(), contents_code.strip(), filter_text.strip()
    if not (table or contents_code or filter_text):
        return None
    if not table:
        raise SsbSourceError("ssb_table", t("ssb.source.no_table"))
    if not _TABLE_RE.match(table):
        raise SsbSourceError("ssb_table", t("ssb.source.bad_table", table=table))
    if not contents_code:
        raise SsbSourceError("ssb_contents_code", t("ssb.source.no_contents"))
    if not _CODE_RE.match(contents_code):
        raise SsbSourceError("ssb_contents_code", t("ssb.source.bad_code", code=contents_code))
    return SsbSource(table, contents_code, _parse_filter(filter_text))


def _parse_filter(text: str) -> tuple[tuple[str, str], ...]:
    fixed: list[tuple[str, str]] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        dimension, sign, code = (s.strip() for s in part.partition("="))
        if not sign or not _DIMENSION_RE.match(dimension) or not _CODE_RE.match(code):
            raise SsbSourceError("ssb_filter", t("ssb.source.bad_filter", part=part))
        if dimension == CONTENTS_DIMENSION or is_time_dimension(dimension):
            raise SsbSourceError("ssb_filter", t("ssb.source.not_fixable", dimension=dimension))
        if any(dimension == seen for seen, _ in fixed):
            raise SsbSourceError("ssb_filter", t("ssb.source.twice", dimension=dimension))
        fixed.append((dimension, code))
    return tuple(fixed)


SSB_MARK = " / SSB "
"""Between the user and the file in `registered_by` of a value an SSB import saved."""


def ssb_registrar(user: str, file: str) -> str:
    """`registered_by` of an imported value: the user and the file (so the change log, which
    records `registered_by`'s old and new value, names the file as the source)."""
    return f"{user}{SSB_MARK}{file}"


def is_ssb_registrar(registered_by: str) -> bool:
    """Whether a value was saved by an SSB import (`ssb_registrar`)."""
    return SSB_MARK in registered_by


def mapped_ids(indicators: pl.DataFrame) -> frozenset[str]:
    """The ids of the indicators whose figures an SSB import provides."""
    import polars as pl

    if "ssb_table" not in indicators.columns:
        return frozenset()
    mapped = indicators.filter(pl.col("ssb_table").fill_null("").str.strip_chars() != "")
    return frozenset(str(i) for i in mapped.get_column("indicator_id").to_list())


def last_import(values: pl.DataFrame, indicator_id: str) -> datetime | None:
    """When an SSB import last saved a value of the indicator, or None."""
    import polars as pl

    rows = values.filter(
        pl.col("indicator_id") == indicator_id,
        pl.col("registered_by").fill_null("").str.contains(SSB_MARK, literal=True),
    )
    found = rows.get_column("registered_at").max() if rows.height else None
    return found if isinstance(found, datetime) else None
