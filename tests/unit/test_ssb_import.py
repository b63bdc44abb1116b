"""SSB tables: the indicator mapping, JSON-stat 2.0 reading and `oppfolging import-ssb`."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from ssb_helpers import (
    all_cells,
    figure,
    folder,
    jsonstat,
    map_indicator,
    snapshot,
    value_of,
    write_json,
)

from oppfolging.cli import main
from oppfolging.domain.ssbsource import SsbSourceError, parse_source
from oppfolging.registration.ssb.jsonstat import SsbFileError, parse_jsonstat
from oppfolging.settings import load_dataset_settings
from oppfolging.store.load import read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"

__all__ = ["folder"]  # the fixture, used by name


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
    assert "1 koblinger til indikatorer i filene; 1 tall ikke tilgjengelige ennå" in out
    changes, _, _ = read_table(folder, "changes")
    logged = changes.filter(changes["user"] == "Ola")
    sources = logged.filter(logged["column"] == "registered_by")["new"].to_list()
    assert sources == ["Ola / SSB 12345.json"] * 2  # the file is in the log as the source
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
    assert "pg-i1.2.2 2024: 88,4 → 82,4" in out
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


def test_sample_example_file_imports_into_the_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The shipped example table (invented numbers) updates the 2025 figures, skips 2026."""
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target)
    example = target / "ssb" / "12209-eksempel.json"
    assert "EKSEMPELDATA" in example.read_text(encoding="utf-8")
    assert main(["import-ssb", "--data", str(target), str(example), "--user", "Test"]) == 0
    assert "3 tall ikke tilgjengelige" in capsys.readouterr().out
    assert value_of(target, "pg-i1.2.2", "2025") == pytest.approx(89.2)
    assert value_of(target, "pg-i5.2.5", "2025") == pytest.approx(311500)
    assert value_of(target, "pg-i1.2.2", "2026") is None


# --- Statistikkbanken CSV download -------------------------------------------------------

WIDE_CSV = """\
"12345: Eksempeltabell (oppdiktede tall)"

"region";"statistikkvariabel";"alder";"KOSAndel80 Andel 2024";"KOSAndel80 Andel 2025";"x 2026"
"4001 Eksempelkommune";"KOSAndel80 Andel hjemmeboende";"F80 80 år og over";82,4;83,5;..
"4001 Eksempelkommune";"KOSAndel80 Andel hjemmeboende";"F67 67 år og over";70,1;70,2;..
"EAK Landet";"KOSAndel80 Andel hjemmeboende";"F80 80 år og over";85;86;..
"""

LONG_CSV = """\
"region";"statistikkvariabel";"alder";"år";"12345: Eksempeltabell"
"4001 Eksempelkommune";"KOSAndel80 Andel";"F80 80 år og over";"2024";82,4
"4001 Eksempelkommune";"KOSAndel80 Andel";"F80 80 år og over";"2025";83,5
"4001 Eksempelkommune";"KOSAndel80 Andel";"F80 80 år og over";"2026";..
"""


@pytest.mark.parametrize("text", [WIDE_CSV, LONG_CSV], ids=["wide", "long"])
def test_csv_download_imports_like_jsonstat(folder: Path, tmp_path: Path, text: str) -> None:
    file = tmp_path / "12345.csv"
    file.write_text(text, encoding="utf-8")
    assert main(["import-ssb", "--data", str(folder), str(file), "--user", "Ola"]) == 0
    assert value_of(folder, "pg-i1.2.2", "2024") == pytest.approx(82.4)
    assert value_of(folder, "pg-i1.2.2", "2025") == pytest.approx(83.5)
    assert value_of(folder, "pg-i1.2.2", "2026") is None


def test_malformed_csv_names_the_line_and_changes_nothing(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "12345.csv"
    file.write_text(WIDE_CSV.replace("83,5", "83,5x"), encoding="utf-8")
    files = snapshot(folder)
    assert main(["import-ssb", "--data", str(folder), str(file)]) == 1
    err = capsys.readouterr().err
    assert "12345.csv" in err
    assert "12345.csv:4:KOSAndel80 Andel 2025: «83,5x»" in err
    assert "83,5x" in err
    assert snapshot(folder) == files
