"""Store and validation messages come from the catalogue, in the language in use (issue 13)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from oppfolging.domain.schema import TABLES
from oppfolging.i18n import language_scope
from oppfolging.store.csvio import read_raw
from oppfolging.store.csvparse import parse_table
from oppfolging.store.validate import check_table

CSV = "indicator_id;period;value\ni1;2026-T9;x\n"


@pytest.mark.parametrize(
    ("code", "empty", "not_a_number", "not_a_period"),
    [
        ("nb", "filen er tom", "«x» er ikke et tall", "«2026-T9» er ikke en periode"),
        ("nn", "fila er tom", "«x» er ikkje eit tal", "«2026-T9» er ikkje ein periode"),
        ("en", "the file is empty", "«x» is not a number", "«2026-T9» is not a period"),
    ],
)
def test_reading_and_validating_speak_the_language_in_use(
    tmp_path: Path, code: str, empty: str, not_a_number: str, not_a_period: str
) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "values.csv").write_text(CSV, encoding="utf-8")
    with language_scope(code):
        _, _, read_problems = read_raw(tmp_path / "empty.csv")
        raw, _, _ = read_raw(tmp_path / "values.csv")
        assert isinstance(raw, pl.DataFrame)
        typed, parse_problems = parse_table(raw, TABLES["values"], "values.csv")
        problems = parse_problems + check_table(raw, typed, TABLES["values"], "values.csv")
        messages = [p.message for p in problems]
    assert [p.message for p in read_problems] == [empty]
    assert not_a_number in messages
    assert any(message.startswith(not_a_period) for message in messages)
