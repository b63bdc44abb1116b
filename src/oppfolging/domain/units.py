"""Unit words the tool knows, in bokmål and nynorsk (compared in lower case).

A dataset's `unit` is free text; these sets give the words that carry a rule: a count is a
whole number and never negative, a duration or an amount is never negative, and a bare count
(`antall`) is shown without a unit word (`12`, not `12 antall`). Each rule lists the bokmål
word and its nynorsk form (`/work/shared/GLOSSARY-nn.md`; Nynorskordboka), so a nynorsk
dataset such as the Alver sample's `antal` is checked exactly like a bokmål one.
"""

from __future__ import annotations

BARE_COUNT_UNITS = frozenset({"antall", "antal", "tall", "tal"})
"""Units that mean "a number of": the value is shown without the unit word."""

WHOLE_UNITS = frozenset(
    {
        "antall", "antal", "personer", "personar", "brukere", "brukarar", "plasser",
        "plassar", "senger", "sengar", "besøk", "vedtak",
    }
)  # fmt: skip
"""Counts: whole numbers unless the indicator's `decimals` is true."""

NON_NEGATIVE_UNITS = WHOLE_UNITS | frozenset(
    {
        "tall", "tal", "dager", "dagar", "døgn", "timer", "timar", "minutter", "minutt",
        "uker", "veker", "måneder", "månader", "år", "kr", "nok", "kroner", "årsverk",
    }
)  # fmt: skip
"""Units that cannot be negative, unless the indicator's `min` says otherwise."""
