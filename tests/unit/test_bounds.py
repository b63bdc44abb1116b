"""Issue 9: whatever `validate` accepts, every command can show, compute and export; what
it cannot is rejected by `validate` naming file, row and column (`domain.bounds`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from store_helpers import Rows, valid_rows, with_change, write_dataset

from oppfolging.cli import main
from oppfolging.domain.bounds import NUMBER_LIMIT, YEAR_MAX, YEAR_MIN
from oppfolging.domain.periods import Period
from oppfolging.reporting.round import compute_round
from oppfolging.settings import load_dataset_settings
from oppfolging.store.load import load_dataset, read_table

LONG = "Langt navn med æøå, «sitat», komma; og linjeskift\n" * 40
BIG = f"{NUMBER_LIMIT:.0f}"
SMALL = f"-{NUMBER_LIMIT:.0f}"


def _indicator(
    ident: str, direction: str, baseline: str, target: str, **cells: str
) -> dict[str, str]:
    row = {
        "indicator_id": ident,
        "goal_id": "g1",
        "name": LONG,
        "unit": LONG[:30],
        "direction": direction,
        "frequency": "tertial",
        "baseline": baseline,
        "baseline_year": str(YEAR_MIN),
        "target": target,
        "target_year": str(YEAR_MAX),
        "tolerance": "10",
        "responsible": LONG,
        "source": LONG,
        "publication_lag_months": "0",
    }
    return {**row, **cells}


def _value(ident: str, period: str, value: str) -> dict[str, str]:
    return {
        "indicator_id": ident,
        "period": period,
        "value": value,
        "comment": LONG,
        "registered_by": LONG,
        "registered_at": f"{YEAR_MAX}-12-31T23:59:59",
    }


def edge_rows() -> dict[str, Rows]:
    """A dataset at the edges of what validate accepts: the largest and smallest numbers,
    the first and last years, long texts."""
    tables = valid_rows()
    plan = tables["plans"][0]
    plan |= {"name": LONG, "period_start": str(YEAR_MIN), "period_end": str(YEAR_MAX)}
    plan |= {"adopted": f"{YEAR_MIN}-01-01", "last_revised": f"{YEAR_MAX}-12-31"}
    plan |= {"revision_years": "20"}
    tables["plans"][1] |= {"adopted": f"{YEAR_MAX}-12-31", "status": "adopted"}
    tables["plans"].append({**tables["plans"][1], "plan_id": "p2", "status": "draft"})
    tables["goals"][0]["text"] = LONG
    tables["indicators"] = [
        _indicator("i1", "higher", SMALL, BIG),
        _indicator("i2", "lower", BIG, SMALL, publication_lag_months="60"),
        _indicator("i3", "higher", "0.000000001", "0.000000002", tolerance="0"),
        _indicator("i4", "lower", "", BIG, frequency="annual", target_year=""),
        _indicator("i5", "higher", BIG, BIG, baseline_year=str(YEAR_MAX)),
    ]
    tables["values"] = [
        _value("i1", f"{YEAR_MIN}-T1", SMALL),
        _value("i1", f"{YEAR_MAX}-T2", BIG),
        _value("i1", f"{YEAR_MAX}-T3", SMALL),
        _value("i2", f"{YEAR_MAX}-T3", BIG),
        _value("i3", f"{YEAR_MAX}-T3", "0.0000000015"),
        _value("i3", f"{YEAR_MAX}-T2", "-0.000000001"),
        _value("i4", str(YEAR_MAX), SMALL),
        _value("i5", f"{YEAR_MAX}-T3", SMALL),
    ]
    measure = tables["measures"][0]
    measure |= {"name": LONG, "responsible": LONG, "cost_estimate": BIG}
    measure |= {"start": f"{YEAR_MIN}-01-01", "due": f"{YEAR_MAX}-12-31"}
    tables["measures"].append({**measure, "measure_id": "m2", "cost_estimate": SMALL})
    tables["measure_updates"] = [
        {**tables["measure_updates"][0], "period": f"{YEAR_MAX}-T3", "comment": LONG},
        {**tables["measure_updates"][0], "period": f"{YEAR_MIN}-T1", "status": "delayed"},
    ]
    return tables


@pytest.fixture(scope="module")
def edges(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_dataset(tmp_path_factory.mktemp("grenser") / "data", edge_rows())
    assert load_dataset(folder).problems == []
    return folder


ROUNDS = [(f"{YEAR_MAX}", f"{YEAR_MAX}-12-31"), (f"{YEAR_MIN}-T1", f"{YEAR_MIN}-05-01")]


@pytest.mark.parametrize(("round_", "as_of"), ROUNDS)
def test_what_validate_accepts_every_command_shows(
    edges: Path, tmp_path: Path, round_: str, as_of: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--data", str(edges)]) == 0
    common = ["--data", str(edges), "--as-of", as_of]
    runs = [
        ["status", *common, "--round", round_],
        ["status", *common, "--round", round_, "--format", "csv"],
        ["status", *common, "--round", round_, "--format", "json", "--measures"],
        ["missing", *common, "--round", round_, "--format", "csv"],
        ["revisions", *common, "--format", "json"],
        ["status", *common, "--round", round_, "--measures"],
        ["missing", *common, "--round", round_],
        ["revisions", *common],
    ]
    runs += [
        ["export", *common, "--round", round_, "--format", fmt, "--output", str(tmp_path / fmt)]
        for fmt in ("md", "csv", "html", "xlsx", "docx")
    ]
    for argv in runs:
        assert main(argv) in (0, 1), argv  # `missing` exits 1 when something is missing
        assert "Traceback" not in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["csv", "docx", "html", "md", "xlsx"]
    if round_ == str(YEAR_MAX):
        assert "−1 000 000 000 000" in (tmp_path / "md").read_text("utf-8")


@pytest.mark.parametrize(("round_", "as_of"), ROUNDS)
def test_the_round_is_computed_at_the_edges(edges: Path, round_: str, as_of: str) -> None:
    loaded = load_dataset(edges)
    year, _, tertial = round_.partition("-T")
    period = Period(int(year), int(tertial) if tertial else None)
    result = compute_round(
        loaded.dataset, period, date.fromisoformat(as_of), load_dataset_settings(edges).settings
    )
    progress = result.indicators.get_column("progress").drop_nulls()
    assert progress.is_between(0, 1).all()
    assert result.indicators.height == 5


# --- what validate rejects ----------------------------------------------------------------

TOO_BIG = "1000000000000.5"
OUT_OF_BOUNDS = [
    ("values", 0, "value", "1e28"),
    ("values", 1, "value", f"-{TOO_BIG}"),
    ("indicators", 0, "baseline", "1e308"),
    ("indicators", 0, "target", f"-{TOO_BIG}"),
    ("measures", 0, "cost_estimate", TOO_BIG),
    ("focus_areas", 0, "number", "10000000000000"),
    ("plans", 0, "adopted", "0001-01-01"),
    ("plans", 0, "last_revised", "31.12.9999"),
    ("plans", 0, "period_start", "1899"),
    ("plans", 0, "period_end", "2201"),
    ("indicators", 0, "baseline_year", "0"),
    ("indicators", 0, "target_year", "9999"),
    ("measures", 0, "start", "1899-12-31"),
    ("measures", 0, "due", "2201-01-01"),
    ("values", 0, "period", "0000-T1"),
    ("values", 1, "period", "9999"),
    ("values", 0, "registered_at", "9999-12-31T23:59:59"),
    ("measure_updates", 0, "period", "2201-T1"),
    ("measure_updates", 0, "registered_at", "01.01.1899 10:00"),
]


@pytest.mark.parametrize(("table", "index", "column", "text"), OUT_OF_BOUNDS)
def test_validate_rejects_what_cannot_be_shown(
    tmp_path: Path, table: str, index: int, column: str, text: str
) -> None:
    tables = with_change(table, index, **{column: text})
    if column == "period_start":
        tables["plans"][0]["period_end"] = "1950"
    problems = load_dataset(write_dataset(tmp_path, tables)).problems
    assert [(p.file, p.row, p.column) for p in problems] == [(f"{table}.csv", index + 2, column)]


@pytest.mark.parametrize(
    ("column", "number"),
    [("value", float("nan")), ("value", float("inf")), ("value", -float("inf"))],
)
def test_parquet_nan_and_infinity_are_rejected(tmp_path: Path, column: str, number: float) -> None:
    folder = write_dataset(tmp_path)
    values = read_table(folder, "values")[0]
    values = values.with_columns(pl.Series(column, [1.0, number]))
    (folder / "values.csv").unlink()
    values.write_parquet(folder / "values.parquet")
    problems = load_dataset(folder).problems
    assert [(p.file, p.row, p.column) for p in problems] == [("values.parquet", 3, column)]
    assert "er ikke et tall" in problems[0].message


def test_parquet_numbers_and_dates_out_of_bounds_are_rejected(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path)
    measures = read_table(folder, "measures")[0].with_columns(
        pl.Series("cost_estimate", [1e13]), pl.Series("due", [date(1, 1, 1)])
    )
    (folder / "measures.csv").unlink()
    measures.write_parquet(folder / "measures.parquet")
    problems = load_dataset(folder).problems
    located = [(p.file, p.row, p.column) for p in problems]
    assert sorted(located) == [
        ("measures.parquet", 2, "cost_estimate"),
        ("measures.parquet", 2, "due"),
    ]
