"""The change log's key codec: every writer and reader uses `domain.changekey`."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from oppfolging.domain.changekey import (
    decode_key,
    encode_key,
    encode_part,
    key_field_expr,
    key_prefix,
)
from oppfolging.registration import ChangeRow, describe_change

NAMES = st.sampled_from(["indicator_id", "measure_id", "period", "a;b", "x=y", "50%"])


@given(st.dictionaries(NAMES, st.text(), min_size=1, max_size=3))
def test_decode_inverts_encode_for_any_text(key: dict[str, str]) -> None:
    assert decode_key(encode_key(key)) == key


@given(st.text(), st.text())
def test_a_field_is_read_back_from_a_frame(ident: str, period: str) -> None:
    text = encode_key({"indicator_id": ident, "period": period})
    frame = pl.DataFrame({"key": [text]})
    assert text.startswith(key_prefix("indicator_id", ident))
    read = frame.select(key_field_expr(pl.col("key"), "period")).item()
    assert read == period


def test_a_log_written_before_the_codec_reads_the_same() -> None:
    legacy = "indicator_id=pg-i1.1.1;period=2026-T1"
    assert decode_key(legacy) == {"indicator_id": "pg-i1.1.1", "period": "2026-T1"}
    assert encode_key(decode_key(legacy)) == legacy


def test_only_the_three_format_characters_are_escaped() -> None:
    assert encode_part("a%b;c=d\\e\nf") == "a%25b%3Bc%3Dd\\e\nf"
    assert decode_key("indicator_id=100%41") == {"indicator_id": "100%41"}


def test_describe_change_shows_an_id_with_separators_as_written() -> None:
    key = encode_key({"indicator_id": "a;b=c%", "period": "2026-T2"})
    row = ChangeRow(datetime(2026, 1, 1), "Ola", "values", key, "value", "1", "2")
    assert describe_change(row) == "a;b=c% 2. tertial 2026: verdi 1 → 2"
