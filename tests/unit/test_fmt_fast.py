"""`fmt.format_number`'s fast path (the float's own formatting away from ties) gives what
the `Decimal` half-up path gives, for every number (issue 14: text tables at scale)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

from hypothesis import example, given
from hypothesis import strategies as st

from oppfolging.fmt import NBSP, format_number


def _reference(value: float, decimals: int | None) -> str:
    """`format_number` as it was, all of it through `Decimal`."""
    if math.isnan(value):
        return ""
    if decimals is None:
        natural = 1 if round(value, 1) == round(value, 2) else 2
        decimals = 0 if value.is_integer() else natural
    nudged = Decimal(repr(round(abs(value), 9)))
    with localcontext() as context:
        context.prec = 330 + decimals
        rounded = nudged.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    sign = "−" if value < 0 and any(ch not in "0,\u00a0" for ch in text) else ""
    return sign + text


NUMBERS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.integers(min_value=-(10**7), max_value=10**7).map(lambda n: n / 200),  # ties: x,xx5
    st.integers(min_value=-(10**7), max_value=10**7).map(lambda n: n / 2000),
    st.decimals(min_value=-(10**6), max_value=10**6, places=3).map(float),
)


@given(NUMBERS, st.sampled_from([None, 0, 1, 2, 3]))
@example(2.675, 2)
@example(0.125, 2)
@example(1.005, 2)
@example(0.075 * 100, 0)
@example(-0.004, 2)
@example(999_999_999.995, 2)
@example(1e9 + 0.5, 0)
def test_the_fast_path_formats_as_the_decimal_path(value: float, decimals: int | None) -> None:
    assert format_number(value, decimals) == _reference(value, decimals)
