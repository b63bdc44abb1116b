"""Reading a JSON-stat 2.0 dataset (what SSB's PxWebApi answers) into a table of cells.

The format: `id` and `size` list the dimensions; each dimension's `category.index` gives its
codes' order (a list, or a dict code → position); `value` is a flat array in row-major order
of `id` (a list, or a sparse dict position → value); `status` is a string for every cell, a
list, or a sparse dict. `role.time` names the time dimension, which need not be last.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from oppfolging.domain.ssbsource import is_time_dimension
from oppfolging.i18n import t


class SsbFileError(ValueError):
    """A file that is not a readable SSB table; `where` names the part at fault."""

    def __init__(self, file: str, where: str, message: str, row: int = 0) -> None:
        super().__init__(message)
        self.file = file
        self.where = where
        self.row = row
        """The line in a text file (0: not known)."""


@dataclass(frozen=True)
class Cell:
    """One figure: its value (None when missing) and SSB's status code (`..`, `.`, …)."""

    value: float | None
    status: str = ""


@dataclass(frozen=True)
class Dimension:
    """One dimension: its id and codes in order."""

    id: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class SsbTable:
    """A table's dimensions and cells, keyed by one code per dimension (in `dimensions` order)."""

    file: str
    table: str
    dimensions: tuple[Dimension, ...]
    time: str
    cells: dict[tuple[str, ...], Cell]

    def dimension(self, dimension_id: str) -> Dimension | None:
        """The dimension called `dimension_id`, or None."""
        return next((d for d in self.dimensions if d.id == dimension_id), None)


_TABLE_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{5})(?![0-9])")


def read_jsonstat(path: Path) -> SsbTable:
    """The JSON-stat 2.0 dataset in `path` (`SsbFileError` when it is not one)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        raise SsbFileError(path.name, "", t("ssb.file.unreadable", reason=str(error))) from None
    except json.JSONDecodeError as error:
        message = t("ssb.file.not_json", reason=error.msg)
        raise SsbFileError(path.name, "", message, error.lineno) from None
    return parse_jsonstat(raw, path.name)


def parse_jsonstat(raw: Any, file: str) -> SsbTable:
    """The dataset in the decoded JSON `raw` (from `file`)."""
    if not isinstance(raw, dict) or raw.get("class") != "dataset":
        raise SsbFileError(file, "class", t("ssb.file.not_dataset"))
    ids, sizes = raw.get("id"), raw.get("size")
    if not _str_list(ids) or not _int_list(sizes) or len(ids) != len(sizes):
        raise SsbFileError(file, "id/size", t("ssb.file.bad_id_size"))
    dimensions = tuple(_dimension(raw, d, n, file) for d, n in zip(ids, sizes, strict=True))
    count = math.prod(sizes)
    values = _positions(raw.get("value"), count, file, "value")
    statuses = _statuses(raw.get("status"), count, file)
    cells: dict[tuple[str, ...], Cell] = {}
    for position in range(count):
        value = values.get(position)
        if value is not None and not _is_number(value):
            raise SsbFileError(file, "value", t("ssb.file.bad_value", position=position))
        codes = _codes_at(position, dimensions)
        number = None if value is None else float(value)
        cells[codes] = Cell(number, statuses.get(position, ""))
    return SsbTable(file, _table_id(raw, file), dimensions, _time_id(raw, ids, file), cells)


def _dimension(raw: dict[str, Any], dimension_id: str, size: int, file: str) -> Dimension:
    entry = (raw.get("dimension") or {}).get(dimension_id)
    category = entry.get("category") if isinstance(entry, dict) else None
    if not isinstance(category, dict):
        raise SsbFileError(file, dimension_id, t("ssb.file.no_category"))
    index = category.get("index")
    if index is None and isinstance(category.get("label"), dict):
        index = list(category["label"])  # a single category may leave out the index
    codes: list[str] | None = None
    if _str_list(index):
        codes = list(index)
    elif isinstance(index, dict) and all(isinstance(v, int) for v in index.values()):
        ordered = sorted(index.items(), key=lambda item: item[1])
        if [p for _, p in ordered] == list(range(len(ordered))):
            codes = [str(code) for code, _ in ordered]
    if codes is None or len(codes) != size or len(set(codes)) != size:
        raise SsbFileError(file, dimension_id, t("ssb.file.bad_index", size=size))
    return Dimension(dimension_id, tuple(codes))


def _positions(value: Any, count: int, file: str, where: str) -> dict[int, Any]:
    """A flat array as position → item (a list, or a sparse dict with text positions)."""
    if isinstance(value, list):
        if len(value) != count:
            raise SsbFileError(file, where, t("ssb.file.bad_length", count=count, got=len(value)))
        return dict(enumerate(value))
    if isinstance(value, dict):
        found: dict[int, Any] = {}
        for position, item in value.items():
            if not str(position).isdigit() or int(position) >= count:
                raise SsbFileError(file, where, t("ssb.file.bad_position", position=position))
            found[int(position)] = item
        return found
    raise SsbFileError(file, where, t("ssb.file.no_values"))


def _statuses(status: Any, count: int, file: str) -> dict[int, str]:
    if status is None:
        return {}
    if isinstance(status, str):
        return dict.fromkeys(range(count), status)
    found = _positions(status, count, file, "status")
    return {p: str(s) for p, s in found.items() if s is not None}


def _codes_at(position: int, dimensions: tuple[Dimension, ...]) -> tuple[str, ...]:
    """The codes of the cell at `position` of the row-major array (last dimension fastest)."""
    codes: list[str] = []
    for dimension in reversed(dimensions):
        position, index = divmod(position, len(dimension.codes))
        codes.append(dimension.codes[index])
    return tuple(reversed(codes))


def _time_id(raw: dict[str, Any], ids: list[str], file: str) -> str:
    role = raw.get("role")
    times = role.get("time") if isinstance(role, dict) else None
    if _str_list(times) and len(times) == 1 and times[0] in ids:
        return str(times[0])
    named = [d for d in ids if is_time_dimension(d)]
    if len(named) == 1:
        return named[0]
    raise SsbFileError(file, "role.time", t("ssb.file.no_time"))


def _table_id(raw: dict[str, Any], file: str) -> str:
    """The table number: PxWebApi v2's `extension.px.tableid`, else the label, else the name."""
    extension = raw.get("extension")
    px = extension.get("px") if isinstance(extension, dict) else None
    if isinstance(px, dict) and isinstance(px.get("tableid"), str | int):
        return str(px["tableid"])
    for text in (raw.get("label"), file):
        found = _TABLE_IN_TEXT.search(text) if isinstance(text, str) else None
        if found:
            return found.group(1)
    raise SsbFileError(file, "label", t("ssb.file.no_table"))


def _str_list(value: Any) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _int_list(value: Any) -> TypeGuard[list[int]]:
    return isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
