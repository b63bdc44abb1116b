"""The overview of «Årsrapport 2021» (issue 11, item 1): the Porsgrunn plan (2026–2040) did
not exist yet, so it shows no `? mangler` and nothing of it is in the attention list."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from pilot_helpers import SAMPLE

from oppfolging.domain.codes import SYMBOLS
from oppfolging.domain.periods import Period
from oppfolging.session import Session, open_session
from oppfolging.tui.app import Filters
from oppfolging.tui.overview_data import overview_frames

PORSGRUNN = "porsgrunn-hm-2026"


@pytest.fixture
def session() -> Session:
    return open_session(SAMPLE, date(2026, 11, 22))


def _cells(frame: pl.DataFrame, row: int) -> list[str]:
    return [str(cell) for cell in frame.row(row)]


def test_porsgrunn_shows_no_missing_in_2021(session: Session) -> None:
    frames = overview_frames(session, session.round_result(Period(2021)), Filters(), PORSGRUNN)
    plans, plan_keys = frames.plans
    row = _cells(plans, plan_keys.index(PORSGRUNN))
    assert not [cell for cell in row if SYMBOLS["missing"] in cell]
    areas, area_keys = frames.focus_areas
    assert frames.plan_id == PORSGRUNN
    assert area_keys, "the plan's focus areas are listed, with nothing counted"
    for index in range(len(area_keys)):
        assert not [cell for cell in _cells(areas, index) if SYMBOLS["missing"] in cell]
    attention = frames.attention[1]
    assert attention, "Lier's missing 2021 values are still listed"
    assert not [key for key in attention if key.startswith(("i:pg-", "m:pg-"))]


def test_porsgrunn_is_counted_from_its_first_round(session: Session) -> None:
    frames = overview_frames(session, session.round_result(Period(2026, 1)), Filters(), PORSGRUNN)
    attention = frames.attention[1]
    assert [key for key in attention if key.startswith("i:pg-")]
