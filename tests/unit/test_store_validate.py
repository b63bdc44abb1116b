"""Every kind of problem the loader reports, with its file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import Rows, valid_rows, with_change, with_rows, write_dataset, write_table

from oppfolging.domain.schema import TABLES
from oppfolging.store import Problem, load_dataset


def problems_of(folder: Path) -> list[Problem]:
    return load_dataset(folder).problems


def only(folder: Path) -> Problem:
    problems = problems_of(folder)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_the_valid_dataset_has_no_problems(tmp_path: Path) -> None:
    assert problems_of(write_dataset(tmp_path)) == []


@pytest.mark.parametrize(
    ("tables", "expected"),
    [
        (
            with_change("plans", 0, plan_type="x"),
            Problem(
                "plans.csv",
                2,
                "plan_type",
                "ukjent verdi «x» i plan_type; gyldige verdier: "
                "temaplan, kommunedelplan, handlingsplan, other",
            ),
        ),
        (with_change("goals", 0, text=""), Problem("goals.csv", 2, "text", "mangler verdi")),
        (with_change("goals", 0, text="  "), Problem("goals.csv", 2, "text", "mangler verdi")),
        (
            with_change("values", 1, value="abc"),
            Problem("values.csv", 3, "value", "«abc» er ikke et tall"),
        ),
        (
            with_change("plans", 1, period_start="2018.5"),
            Problem("plans.csv", 3, "period_start", "«2018.5» er ikke et heltall"),
        ),
        (
            with_change("measures", 0, due="30.02.2027"),
            Problem(
                "measures.csv",
                2,
                "due",
                "«30.02.2027» er ikke en dato (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
            ),
        ),
        (
            with_change("values", 0, registered_at="i går"),
            Problem(
                "values.csv",
                2,
                "registered_at",
                "«i går» er ikke et tidspunkt (bruk ÅÅÅÅ-MM-DDTTT:MM:SS eller DD.MM.ÅÅÅÅ TT:MM)",
            ),
        ),
        (
            with_change("measures", 0, needs_funding="kanskje"),
            Problem(
                "measures.csv",
                2,
                "needs_funding",
                "«kanskje» er ikke ja/nei (bruk true/false, ja/nei eller 1/0)",
            ),
        ),
        (
            with_change("focus_areas", 0, plan_id="x"),
            Problem("focus_areas.csv", 2, "plan_id", "plan_id «x» finnes ikke i plans.csv"),
        ),
        (
            with_change("goals", 0, focus_area_id="fa9"),
            Problem(
                "goals.csv", 2, "focus_area_id", "focus_area_id «fa9» finnes ikke i focus_areas.csv"
            ),
        ),
        (
            with_change("values", 0, indicator_id="i9"),
            Problem(
                "values.csv", 2, "indicator_id", "indicator_id «i9» finnes ikke i indicators.csv"
            ),
        ),
        (
            with_change("measure_updates", 0, measure_id="m9"),
            Problem(
                "measure_updates.csv", 2, "measure_id", "measure_id «m9» finnes ikke i measures.csv"
            ),
        ),
        (
            with_change("plans", 0, replaces="p0; p7"),
            Problem("plans.csv", 2, "replaces", "plan_id «p7» finnes ikke i plans.csv"),
        ),
        (
            with_change("values", 0, period="2026-T4"),
            Problem(
                "values.csv",
                2,
                "period",
                "«2026-T4» er ikke en periode: bruk ÅÅÅÅ-T1, ÅÅÅÅ-T2, ÅÅÅÅ-T3 eller ÅÅÅÅ",
            ),
        ),
        (
            with_change("values", 0, period="2026"),
            Problem(
                "values.csv",
                2,
                "period",
                "perioden «2026» passer ikke til indikatorens frekvens «tertial»; "
                "bruk ÅÅÅÅ-T1, ÅÅÅÅ-T2 eller ÅÅÅÅ-T3",
            ),
        ),
        (
            with_change("values", 1, period="2025-T3"),
            Problem(
                "values.csv",
                3,
                "period",
                "perioden «2025-T3» passer ikke til indikatorens frekvens «annual»; bruk ÅÅÅÅ",
            ),
        ),
        (
            with_change("plans", 1, adopted=""),
            Problem(
                "plans.csv",
                3,
                "adopted",
                "planen har status «replaced», men mangler vedtaksdato (adopted)",
            ),
        ),
        (
            with_change("plans", 0, period_start="2041"),
            Problem(
                "plans.csv", 2, "period_start", "period_start (2041) er etter period_end (2040)"
            ),
        ),
        (
            with_change("plans", 0, revision_years="-4"),
            Problem("plans.csv", 2, "revision_years", "revision_years kan ikke være negativ (-4)"),
        ),
        (
            with_change("indicators", 1, publication_lag_months="−3"),
            Problem(
                "indicators.csv",
                3,
                "publication_lag_months",
                "publication_lag_months kan ikke være negativ (-3)",
            ),
        ),
    ],
)
def test_one_problem(tmp_path: Path, tables: dict[str, Rows], expected: Problem) -> None:
    assert only(write_dataset(tmp_path, tables)) == expected


def test_an_adopted_plan_without_date(tmp_path: Path) -> None:
    problem = only(write_dataset(tmp_path, with_change("plans", 0, adopted="")))
    assert (problem.file, problem.row, problem.column) == ("plans.csv", 2, "adopted")
    assert "adopted" in problem.message


def test_duplicate_id_names_the_first_row(tmp_path: Path) -> None:
    plan = valid_rows()["plans"][0]
    problem = only(write_dataset(tmp_path, with_rows("plans", plan)))
    assert (problem.file, problem.row, problem.column) == ("plans.csv", 4, "plan_id")
    assert problem.message == "plan_id «p1» finnes flere ganger (første gang på rad 2)"


def test_two_values_for_one_indicator_and_period(tmp_path: Path) -> None:
    value = {**valid_rows()["values"][0], "value": "99"}
    problem = only(write_dataset(tmp_path, with_rows("values", value)))
    assert (problem.file, problem.row, problem.column) == ("values.csv", 4, "period")
    assert problem.message.startswith("to verdier for samme indikator og periode")
    assert "rad 2" in problem.message


def test_two_updates_for_one_measure_and_period(tmp_path: Path) -> None:
    update = valid_rows()["measure_updates"][0]
    problem = only(write_dataset(tmp_path, with_rows("measure_updates", update)))
    assert (problem.file, problem.row, problem.column) == ("measure_updates.csv", 3, "period")
    assert problem.message.startswith("to oppdateringer for samme tiltak og periode")


def test_missing_required_file(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    (tmp_path / "goals.csv").unlink()
    problems = problems_of(tmp_path)
    assert Problem("goals.csv", 0, "", "filen mangler") in problems


@pytest.mark.parametrize("name", ["values", "measure_updates", "changes"])
def test_missing_optional_file_is_an_empty_frame(tmp_path: Path, name: str) -> None:
    write_dataset(tmp_path)
    (tmp_path / f"{name}.csv").unlink()
    result = load_dataset(tmp_path)
    assert result.problems == []
    assert result.dataset[name].height == 0
    assert result.dataset[name].schema == TABLES[name].empty_frame().schema


def test_both_csv_and_parquet(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    load_dataset(tmp_path).dataset.goals.write_parquet(tmp_path / "goals.parquet")
    problem = only(tmp_path)
    assert (problem.file, problem.row, problem.column) == ("goals.parquet", 0, "")
    assert "både goals.csv og goals.parquet" in problem.message


def test_empty_file(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    (tmp_path / "goals.csv").write_bytes(b"")
    assert Problem("goals.csv", 0, "", "filen er tom") in problems_of(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    (tmp_path / "goals.csv").write_bytes("goal_id,focus_area_id,text\ng1,fa1,Å\n".encode("cp1252"))
    problem = problems_of(tmp_path)[0]
    assert (problem.file, problem.row, problem.column) == ("goals.csv", 0, "")
    assert "ikke UTF-8" in problem.message
    assert "linje 2" in problem.message


def test_not_parquet(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    (tmp_path / "values.csv").unlink()
    (tmp_path / "values.parquet").write_bytes(b"PAR1 not really")
    assert only(tmp_path) == Problem("values.parquet", 0, "", "er ikke en gyldig Parquet-fil")


def test_missing_required_column(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    header = ["indicator_id", "period", "comment"]
    write_table(tmp_path, "values", valid_rows()["values"], header=header)
    assert only(tmp_path) == Problem("values.csv", 1, "value", "påkrevd kolonne mangler")


def test_a_row_with_too_many_fields(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    (tmp_path / "goals.csv").write_text(
        "goal_id,focus_area_id,text\ng1,fa1,ok\ng2,fa1,to,mange\n", encoding="utf-8"
    )
    problem = problems_of(tmp_path)[0]
    assert (problem.file, problem.row) == ("goals.csv", 3)
    assert "4 felt" in problem.message


def test_a_column_twice_in_the_header(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    header = ["goal_id", "focus_area_id", "text", "text"]
    (tmp_path / "goals.csv").write_text(",".join(header) + "\ng1,fa1,a,b\n", encoding="utf-8")
    assert Problem("goals.csv", 1, "text", "kolonnen «text» finnes flere ganger") in problems_of(
        tmp_path
    )


def test_rows_count_records_not_lines(tmp_path: Path) -> None:
    """A quoted newline does not shift the row numbers: row = record index + 2."""
    values = valid_rows()["values"]
    values[0] = {**values[0], "comment": "linje 1\nlinje 2\nlinje 3"}
    values[1] = {**values[1], "value": "x"}
    problem = only(write_dataset(tmp_path, {**valid_rows(), "values": values}))
    assert (problem.row, problem.column) == (3, "value")


def test_all_problems_are_collected(tmp_path: Path) -> None:
    tables = with_change("plans", 0, plan_type="x", period_start="abc", revision_years="-1")
    tables["values"][0]["value"] = "?"
    tables["values"][1]["value"] = "!"
    problems = problems_of(write_dataset(tmp_path, tables))
    located = {(p.file, p.row, p.column) for p in problems}
    assert located == {
        ("plans.csv", 2, "plan_type"),
        ("plans.csv", 2, "period_start"),
        ("plans.csv", 2, "revision_years"),
        ("values.csv", 2, "value"),
        ("values.csv", 3, "value"),
    }


def test_missing_folder(tmp_path: Path) -> None:
    result = load_dataset(tmp_path / "nowhere")
    assert result.problems == [Problem(str(tmp_path / "nowhere"), 0, "", "mappen finnes ikke")]
    assert result.dataset.plans.height == 0


def test_folder_that_is_a_file(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x", encoding="utf-8")
    assert load_dataset(path).problems == [Problem(str(path), 0, "", "er ikke en mappe")]


def test_a_reserved_column_name(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    (tmp_path / "goals.csv").write_text(
        "goal_id,focus_area_id,text,__oppfolging_row\ng1,fa1,x,1\n", encoding="utf-8"
    )
    problem = problems_of(tmp_path)[0]
    assert (problem.file, problem.row, problem.column) == ("goals.csv", 1, "__oppfolging_row")
