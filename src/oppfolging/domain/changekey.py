"""The change log's `key` column: one codec writes it and every reader decodes it.

A key names a row by its key columns, `indicator_id=pg-i1.1.1;period=2026-T1`. Names and
values are percent-encoded for the three characters the format uses (`%` → `%25`,
`;` → `%3B`, `=` → `%3D`), so an id may hold any text; a log written before the codec
(ids without those characters) reads the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import polars as pl

_ENCODE = {"%": "%25", ";": "%3B", "=": "%3D"}
_ENCODE_RE = re.compile("[%;=]")
_DECODE = {"25": "%", "3B": ";", "3D": "="}
_DECODE_RE = re.compile("%(25|3[BbDd])")


def encode_part(text: str) -> str:
    """One name or value with `%`, `;` and `=` percent-encoded."""
    return _ENCODE_RE.sub(lambda m: _ENCODE[m.group()], text)


def decode_part(text: str) -> str:
    """The inverse of `encode_part` (any other `%` is kept as written)."""
    return _DECODE_RE.sub(lambda m: _DECODE[m.group(1).upper()], text)


def encode_key(pairs: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """`{"indicator_id": "a;b", "period": "2026-T1"}` → `indicator_id=a%3Bb;period=2026-T1`."""
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    return ";".join(f"{encode_part(name)}={encode_part(value)}" for name, value in items)


def decode_key(text: str) -> dict[str, str]:
    """The key's columns and values, in order; a part without `=` maps to ''."""
    if not text:
        return {}
    decoded: dict[str, str] = {}
    for part in text.split(";"):
        name, _, value = part.partition("=")
        decoded[decode_part(name)] = decode_part(value)
    return decoded


def key_prefix(name: str, value: str) -> str:
    """The start of every key whose first column `name` is `value` (for filtering a log)."""
    return f"{encode_part(name)}={encode_part(value)};"


def key_field_expr(key: pl.Expr, name: str) -> pl.Expr:
    """The decoded value of column `name` in a key expression (null when absent)."""
    pattern = f"(?:^|;){re.escape(encode_part(name))}=([^;]*)"
    raw = key.str.extract(pattern, 1)
    return raw.map_elements(decode_part, return_dtype=pl.String)
