"""SSB tables: the indicator mapping, JSON-stat 2.0 reading and `oppfolging import-ssb`."""

from __future__ import annotations

import csv
import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest

from oppfolging.cli import main
from oppfolging.domain.ssbsource import SsbSourceError, parse_source
from oppfolging.registration.ssb.jsonstat import SsbFileError, parse_jsonstat
from oppfolging.settings import load_dataset_settings
from oppfolging.store.load import read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"
LOCK = ".oppfolging.lock"

# Dimensions in `id` order; the time dimension is deliberately not last.
DIMENSIONS: dict[str, list[str]] = {
    "ContentsCode": ["KOSAndel80", "KOSAndel67"],
    "Tid": ["2024", "2025", "2026"],
    "KOKkommuneregion0000": ["4001", "EAK"],
    "Alder": ["F80", "F67"],
}


def figure(codes: dict[str, str]) -> float:
    """An invented, distinct figure for every cell."""
    content = DIMENSIONS["ContentsCode"].index(codes["ContentsCode"])
    year = int(codes["Tid"]) - 2000
    region = DIMENSIONS["KOKkommuneregion0000"].index(codes["KOKkommuneregion0000"])
    age = DIMENSIONS["Alder"].index(codes["Alder"])
    return 80 + content * 10 + year / 10 + region * 3 + age * 0.01


def all_cells() -> list[dict[str, str]]:
    """Every cell's codes in row-major order of DIMENSIONS (last dimension fastest)."""
    cells: list[dict[str, str]] = [{}]
    for name, codes in DIMENSIONS.items():
        cells = [{**cell, name: code} for cell in cells for code in codes]
    return cells


def jsonstat(
    *, sparse: bool = False, dict_index: bool = False, missing_2026: bool = True
) -> dict[str, Any]:
    """A JSON-stat 2.0 dataset built to the specification, table 12345."""
    values: list[float | None] = []
    status: dict[str, str] = {}
    for position, codes in enumerate(all_cells()):
        if missing_2026 and codes["Tid"] == "2026":
            values.append(None)
            status[str(position)] = ".."
        else:
            values.append(round(figure(codes), 2))
    dimension = {
        name: {
            "label": name,
            "category": {
                "index": {c: i for i, c in enumerate(codes)} if dict_index else codes,
                "label": {c: f"label {c}" for c in codes},
            },
        }
        for name, codes in DIMENSIONS.items()
    }
    value: Any = values
    if sparse:
        value = {str(p): v for p, v in enumerate(values) if v is not None}
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "12345: Eksempeltabell (oppdiktede tall)",
        "id": list(DIMENSIONS),
        "size": [len(c) for c in DIMENSIONS.values()],
        "dimension": dimension,
        "value": value,
        "status": status,
        "role": {"time": ["Tid"], "geo": ["KOKkommuneregion0000"], "metric": ["ContentsCode"]},
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The sample dataset with pg-i1.2.2 mapped to table 12345 and the region 4001."""
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md", "ssb"))
    map_indicator(target, "pg-i1.2.2", "12345", "KOSAndel80", "Alder=F80")
    settings = target / "oppfolging.toml"
    text = settings.read_text(encoding="utf-8").replace('[ssb]\nregion = "4001"\n', "")
    settings.write_text(text + '\n[ssb]\nregion = "4001"\n', encoding="utf-8")
    return target


def map_indicator(folder: Path, ident: str, table: str, contents: str, filter_: str) -> None:
    path = folder / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = list(rows[0])
    for name in ("ssb_table", "ssb_contents_code", "ssb_filter"):
        if name not in columns:
            columns.append(name)
    for row in rows:
        if row["indicator_id"] == ident:
            row.update(ssb_table=table, ssb_contents_code=contents, ssb_filter=filter_)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != LOCK)
    return {p.name: p.read_bytes() for p in files}


def value_of(folder: Path, ident: str, period: str) -> float | None:
    values, _, _ = read_table(folder, "values")
    rows = values.filter(
        (values["indicator_id"] == ident) & (values["period"] == period)
    ).to_dicts()
    return rows[0]["value"] if rows else None


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- the mapping -------------------------------------------------------------------------


def test_parse_source_reads_the_filter() -> None:
    source = parse_source("12345", "KOSAndel80", "KOKkommuneregion0000=3806; Alder=F80")
    assert source is not None
    assert source.fixed_code("Alder") == "F80"
    assert source.fixed_code("KOKkommuneregion0000") == "3806"
    assert parse_source("", "", "") is None


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        (("", "KOSAndel80", ""), "ssb_table"),
        (("12a45", "KOSAndel80", ""), "ssb_table"),
        (("12345", "", ""), "ssb_contents_code"),
        (("12345", "KOSAndel80", "Alder"), "ssb_filter"),
        (("12345", "KOSAndel80", "Alder=F80;Alder=F67"), "ssb_filter"),
        (("12345", "KOSAndel80", "Tid=2024"), "ssb_filter"),
    ],
)
def test_bad_mapping_names_its_column(cells: tuple[str, str, str], column: str) -> None:
    with pytest.raises(SsbSourceError) as error:
        parse_source(*cells)
    assert error.value.column == column


def test_validate_reports_a_bad_mapping_by_file_row_column(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    map_indicator(folder, "pg-i2.1.2", "12345", "KOSAndel67", "Alder")
    assert main(["validate", "--data", str(folder)]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "indicators.csv:10:ssb_filter" in text


def test_settings_read_the_ssb_region(folder: Path) -> None:
    result = load_dataset_settings(folder)
    assert result.problems == []
    assert result.settings.ssb_region == "4001"


def test_settings_refuse_a_bad_region(tmp_path: Path) -> None:
    (tmp_path / "oppfolging.toml").write_text('[ssb]\nregion = "40 01"\n', encoding="utf-8")
    result = load_dataset_settings(tmp_path)
    assert [p.column for p in result.problems] == ["ssb.region"]
    assert result.settings.ssb_region == ""


# --- reading JSON-stat ---------------------------------------------------------------------


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("dict_index", [False, True])
def test_jsonstat_cells_follow_row_major_order(sparse: bool, dict_index: bool) -> None:
    table = parse_jsonstat(jsonstat(sparse=sparse, dict_index=dict_index), "t.json")
    assert table.table == "12345"
    assert table.time == "Tid"
    for codes in all_cells():
        cell = table.cells[tuple(codes.values())]
        if codes["Tid"] == "2026":
            assert cell.value is None
            assert cell.status == ".."
        else:
            assert cell.value is not None
            assert math.isclose(cell.value, round(figure(codes), 2))


def test_jsonstat_status_as_one_string_applies_to_every_cell() -> None:
    data = jsonstat(missing_2026=False)
    data["status"] = "p"
    table = parse_jsonstat(data, "t.json")
    assert {cell.status for cell in table.cells.values()} == {"p"}


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update({"class": "collection"}), "class"),
        (lambda d: d.update({"size": [2, 3, 2]}), "id/size"),
        (lambda d: d["value"].pop(), "value"),
        (lambda d: d["value"].__setitem__(0, "12,3"), "value"),
        (lambda d: d["dimension"]["Alder"]["category"].update({"index": ["F80"]}), "Alder"),
        (lambda d: d.update({"label": "uten nummer"}), "label"),
        (lambda d: d.update(without_time_role(d)), "role.time"),
    ],
)
def test_malformed_jsonstat_names_the_part(change: Any, where: str) -> None:
    data = jsonstat()
    change(data)
    with pytest.raises(SsbFileError) as error:
        parse_jsonstat(data, "t.json")
    assert error.value.where == where


def without_time_role(data: dict[str, Any]) -> dict[str, Any]:
    """No `role.time`, and the time dimension not called `Tid` either."""
    ids = ["Aar" if d == "Tid" else d for d in data["id"]]
    dimension = {("Aar" if d == "Tid" else d): v for d, v in data["dimension"].items()}
    return {"id": ids, "dimension": dimension, "role": {}}


# --- import-ssb ----------------------------------------------------------------------------


def test_import_updates_changed_figures_and_skips_unavailable(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write_json(tmp_path / "12345.json", jsonstat())
    before_2024 = value_of(folder, "pg-i1.2.2", "2024")
    argv = ["import-ssb", "--data", str(folder), str(file), "--user", "Ola"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    region_4001_f80 = {"ContentsCode": "KOSAndel80", "KOKkommuneregion0000": "4001"}
    for year in ("2024", "2025"):
        expected = round(figure({**region_4001_f80, "Tid": year, "Alder": "F80"}), 2)
        assert value_of(folder, "pg-i1.2.2", year) == pytest.approx(expected)
    assert value_of(folder, "pg-i1.2.2", "2026") is None  # ".." never becomes a value
    assert before_2024 != value_of(folder, "pg-i1.2.2", "2024")
    assert "1" in out
    changes, _, _ = read_table(folder, "changes")
    logged = changes.filter(changes["user"] == "Ola")
    assert logged.height >= 2
    # The same file again changes nothing.
    files = snapshot(folder)
    assert main(argv) == 0
    assert snapshot(folder) == files


def test_unavailable_cell_never_overwrites_a_registered_value(folder: Path, tmp_path: Path) -> None:
    data = jsonstat()
    for position, codes in enumerate(all_cells()):
        if codes["Tid"] == "2025":
            data["value"][position] = None
            data["status"][str(position)] = ".."
    file = write_json(tmp_path / "12345.json", data)
    registered = value_of(folder, "pg-i1.2.2", "2025")
    assert main(["import-ssb", "--data", str(folder), str(file)]) == 0
    assert value_of(folder, "pg-i1.2.2", "2025") == registered


def test_dry_run_shows_changes_and_saves_nothing(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write_json(tmp_path / "12345.json", jsonstat())
    files = snapshot(folder)
    assert main(["import-ssb", "--data", str(folder), str(file), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert snapshot(folder) == files
    assert "pg-i1.2.2 2024: 88.4 → 82.4" in out
    assert "Prøvekjøring: 2 verdier" in out


def test_malformed_file_changes_nothing(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_json(tmp_path / "12345.json", jsonstat())
    bad = tmp_path / "ødelagt.json"
    bad.write_text('{"class": "dataset", "id": [', encoding="utf-8")
    files = snapshot(folder)
    assert main(["import-ssb", "--data", str(folder), str(good), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "ødelagt.json" in err
    assert snapshot(folder) == files


def test_unknown_code_names_indicator_and_dimension(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    map_indicator(folder, "pg-i1.2.2", "12345", "KOSAndel80", "Alder=F99")
    file = write_json(tmp_path / "12345.json", jsonstat())
    files = snapshot(folder)
    assert main(["import-ssb", "--data", str(folder), str(file)]) == 1
    err = capsys.readouterr().err
    assert "pg-i1.2.2" in err
    assert "Alder" in err
    assert "F99" in err
    assert snapshot(folder) == files


def test_unfixed_dimension_is_an_error(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    map_indicator(folder, "pg-i1.2.2", "12345", "KOSAndel80", "")
    file = write_json(tmp_path / "12345.json", jsonstat())
    assert main(["import-ssb", "--data", str(folder), str(file)]) == 1
    err = capsys.readouterr().err
    assert "pg-i1.2.2" in err
    assert "Alder" in err


def test_implausible_figure_needs_force(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = jsonstat()
    data["value"] = [None if v is None else round(v * 0.4, 2) for v in data["value"]]
    file = write_json(tmp_path / "12345.json", data)
    files = snapshot(folder)
    argv = ["import-ssb", "--data", str(folder), str(file)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "--force" in err
    assert "12345.json:0:pg-i1.2.2 2024:" in err
    assert snapshot(folder) == files
    assert main([*argv, "--force"]) == 0
    assert value_of(folder, "pg-i1.2.2", "2024") == pytest.approx(32.96)
