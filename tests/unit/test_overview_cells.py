"""The overview's compact status cell, its legend, the changed-after-lock mark and the
dataset's name setting (issue 11 items 2 and 4, issue 10 section 2) — no Textual."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from rich.text import Text

from oppfolging.domain.periods import Period
from oppfolging.registration import register_value
from oppfolging.registration.rounds import lock_round
from oppfolging.session import open_session
from oppfolging.settings import NAME_MAX, load_dataset_settings
from oppfolging.tui import overview_data as data
from oppfolging.tui.views import (
    display_frame,
    period,
    status_legend,
    status_summary,
    statuses_present,
    wrap_items,
)

SAMPLE = Path(__file__).resolve().parents[2] / "data"


def plain(markup: str) -> str:
    return Text.from_markup(markup).plain


def test_summary_is_worst_first_without_zero_counts() -> None:
    counts: dict[str, int | None] = {"reached": 1, "on_track": 5, "at_risk": 3}
    counts |= {"missing": 1, "off_track": 2, "pending": 0, "no_target": None}
    assert plain(status_summary(counts)) == "✖2 ?1 ▲3 ●5 ✔1"


def test_summary_of_nothing_is_empty_and_a_changed_row_starts_with_delta() -> None:
    assert status_summary({}) == ""
    assert plain(status_summary({"on_track": 2}, changed=True)) == "Δ ●2"


def test_legend_gives_each_symbol_its_word() -> None:
    legend = [plain(item) for item in status_legend(["off_track", "pending"], changed=True)]
    assert legend == ["✖ bak", "… ikke tilgjengelig ennå", "Δ endret etter låsing"]


@pytest.mark.parametrize(
    ("widths", "width", "lines"),
    [
        ([5, 9, 10], 80, [[0, 1, 2]]),
        ([5, 9, 10], 16, [[0, 1], [2]]),  # 5 + 2 + 9 = 16 fits exactly
        ([5, 9, 10], 15, [[0], [1], [2]]),
        ([30, 4], 10, [[0], [1]]),  # too wide for any line: a line of its own
        ([], 10, []),
    ],
)
def test_legend_wraps_between_items(widths: list[int], width: int, lines: list[list[int]]) -> None:
    assert wrap_items(widths, width) == lines


def test_statuses_present_reads_the_count_columns() -> None:
    frame = pl.DataFrame({"on_track": [0, 2], "off_track": [None, 1], "missing": [0, 0]})
    assert statuses_present(frame) == ["off_track", "on_track"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [('"Helse i Grenland"', "Helse i Grenland"), ('"  Lier  "', "Lier")],
)
def test_dataset_name_is_read_and_trimmed(tmp_path: Path, value: str, expected: str) -> None:
    (tmp_path / "oppfolging.toml").write_text(f"name = {value}\n", encoding="utf-8")
    result = load_dataset_settings(tmp_path)
    assert result.settings.name == expected
    assert result.problems == []


@pytest.mark.parametrize(
    "value", ["12", '""', '"a\\nb"', f'"{"x" * (NAME_MAX + 1)}"', '"tab\\there"']
)
def test_bad_dataset_name_is_a_problem_and_the_folder_name_is_used(
    tmp_path: Path, value: str
) -> None:
    folder = tmp_path / "Lier-data"
    folder.mkdir()
    (folder / "oppfolging.toml").write_text(f"name = {value}\n", encoding="utf-8")
    result = load_dataset_settings(folder)
    assert result.settings.name == ""
    assert [problem.column for problem in result.problems] == ["name"]
    assert result.problems[0].row == 1


def test_changed_after_lock_names_the_plan_and_focus_area(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    now = datetime(2026, 5, 16, 9, 30)
    lock_round(folder, "2026-T1", "Kari", now)
    register_value(folder, "pg-i1.1.1", "2026-T1", "350", None, "Ola", now, correction="Feil")
    session = open_session(folder, date(2026, 6, 1))
    result = session.round_result(Period(2026, 1))
    lock = data.round_lock(session, result)
    assert lock is not None
    assert lock.by == "Kari"
    changed = data.locked_changes(session, result)
    assert changed.plans == frozenset({"porsgrunn-hm-2026"})
    assert changed.focus_areas == frozenset({"pg-io1"})
    assert data.round_lock(session, session.round_result(Period(2025))) is None


def test_period_cells_are_words_and_the_column_renders_as_each_cell() -> None:
    codes = ["2026-T1", None, "2025", "[b]x", "2026-T3"]
    frame = display_frame(pl.DataFrame({"period": codes}), [("Periode", "period", period)])
    shown = frame["Periode"].to_list()
    assert shown == [period(code) for code in codes]  # the whole-column path = cell by cell
    assert shown[:3] == ["1. tertial 2026", "", "2025"]
    assert Text.from_markup(shown[3]).plain == "[b]x"  # not a period: literal text
