"""A locked round's report (issue 10, "Done when"): locked, exported, corrected with a
reason and exported again, it is byte for byte the same apart from its list of corrections
("Korrigert etter låsing"), in every format; the list says what was corrected in words."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from oppfolging.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "data"
ROUND = ["--round", "2026-T1"]
HEADING = "Korrigert etter låsing"
REASON = "Tastefeil i KOSTRA-tallet"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def run(folder: Path, *argv: str) -> int:
    return main([*argv, "--data", str(folder)])


def export(folder: Path, fmt: str, out: Path) -> dict[str, bytes]:
    """Export the round (no --as-of: a locked round takes its figures date from the lock);
    the file, or for CSV each file of the folder, by name."""
    assert run(folder, "export", *ROUND, "--format", fmt, "--output", str(out)) == 0
    files = sorted(out.iterdir()) if out.is_dir() else [out]
    return {path.name: path.read_bytes() for path in files}


def lock_export_correct_export(
    folder: Path, tmp_path: Path, fmt: str
) -> tuple[dict[str, bytes], dict[str, bytes], dict[str, bytes]]:
    """(locked, locked again without a change, after a correction)."""
    assert run(folder, "round", "lock", *ROUND, "--user", "Kari") == 0
    suffix = f".{fmt}" if fmt != "csv" else ""
    first = export(folder, fmt, tmp_path / f"first{suffix}")
    again = export(folder, fmt, tmp_path / f"again{suffix}")
    argv = ["set", "pg-i1.1.1", "2026-T1", "350", "--correction", REASON, "--user", "Ola"]
    assert run(folder, *argv) == 0
    after = export(folder, fmt, tmp_path / f"after{suffix}")
    return first, again, after


def without_section(text: str, start: str) -> str:
    """The text before the corrections section (which is the last one)."""
    index = text.index(start)
    return text[:index]


@pytest.mark.parametrize(("fmt", "start"), [("md", f"## {HEADING}"), ("html", '<h2 id="korr')])
def test_text_report_changes_only_in_its_corrections(
    folder: Path, tmp_path: Path, fmt: str, start: str
) -> None:
    first, again, after = lock_export_correct_export(folder, tmp_path, fmt)
    assert list(first.values()) == list(again.values())  # reproducible
    (before_text,), (after_text,) = (
        (v.decode() for v in first.values()),
        (v.decode() for v in after.values()),
    )
    assert without_section(before_text, start) == without_section(after_text, start)
    assert before_text != after_text
    section = after_text[after_text.index(start) :]
    assert REASON in section
    assert "1. tertial 2026" in section
    assert "Antall deltakere på lavterskel treningstilbud" in section
    assert "351" in section
    assert "350" in section
    assert "Låst " in section
    assert "av Kari" in section
    assert "indicator_id=" not in section
    assert "2026-T1" not in section
    assert "Ingen korrigeringer etter låsing" in before_text[before_text.index(start) :]


def test_csv_report_changes_only_in_korrigeringer(folder: Path, tmp_path: Path) -> None:
    first, again, after = lock_export_correct_export(folder, tmp_path, "csv")
    assert first == again
    assert set(first) == set(after)
    assert "korrigeringer.csv" in first
    for name in first:
        if name != "korrigeringer.csv":
            assert first[name] == after[name], name
    rows = after["korrigeringer.csv"].decode("utf-8-sig").splitlines()
    assert len(first["korrigeringer.csv"].decode("utf-8-sig").splitlines()) == 1  # header
    assert len(rows) == 2
    assert REASON in rows[1]
    assert "1. tertial 2026" in rows[1]
    assert "Ola" in rows[1]


def zip_parts(data: bytes) -> dict[str, bytes]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_docx_report_changes_only_in_its_corrections(folder: Path, tmp_path: Path) -> None:
    first, again, after = lock_export_correct_export(folder, tmp_path, "docx")
    assert list(first.values()) == list(again.values())  # bytes, zip dates too
    before_parts, after_parts = (zip_parts(next(iter(v.values()))) for v in (first, after))
    assert set(before_parts) == set(after_parts)
    for name in before_parts:
        if name != "word/document.xml":
            assert before_parts[name] == after_parts[name], name
    old, new = (parts["word/document.xml"].decode() for parts in (before_parts, after_parts))
    old_head, old_tail = split_docx_section(old)
    new_head, new_tail = split_docx_section(new)
    assert old_head == new_head
    assert old_tail != new_tail
    assert REASON in new_tail
    assert REASON not in old_tail
    assert "1. tertial 2026" in new_tail
    assert new[new.index("<w:sectPr") :] == old[old.index("<w:sectPr") :]


def split_docx_section(xml: str) -> tuple[str, str]:
    """The body before the corrections heading's paragraph, and that section up to the
    section properties."""
    heading = xml.index(f">{HEADING}<")
    start = xml.rindex("<w:p>", 0, heading)
    return xml[:start], xml[start : xml.index("<w:sectPr", heading)]


def test_xlsx_report_changes_only_in_its_corrections_sheet(folder: Path, tmp_path: Path) -> None:
    first, again, after = lock_export_correct_export(folder, tmp_path, "xlsx")
    assert list(first.values()) == list(again.values())
    path = tmp_path / "after.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-1] == HEADING
    sheet = book[HEADING]
    values = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert REASON in values
    assert "1. tertial 2026" in values
    assert "Ola" in values
    corrections_part = f"xl/worksheets/sheet{len(book.sheetnames)}.xml"
    before_parts, after_parts = (zip_parts(next(iter(v.values()))) for v in (first, after))
    assert set(before_parts) == set(after_parts)
    for name in before_parts:
        if name not in {corrections_part, "xl/sharedStrings.xml"}:
            assert before_parts[name] == after_parts[name], name
    old_strings, new_strings = (
        re.findall(r"<si>.*?</si>", parts["xl/sharedStrings.xml"].decode())
        for parts in (before_parts, after_parts)
    )
    assert new_strings[: len(old_strings)] == old_strings  # only strings added, at the end
    assert before_parts[corrections_part] != after_parts[corrections_part]


def test_open_round_has_no_corrections_section(folder: Path, tmp_path: Path) -> None:
    text = export(folder, "md", tmp_path / "open.md")["open.md"].decode()
    assert HEADING not in text
    assert "korrigeringer.csv" not in export(folder, "csv", tmp_path / "open")


def test_unlock_then_the_report_is_live_again(folder: Path, tmp_path: Path) -> None:
    first, _, _ = lock_export_correct_export(folder, tmp_path, "md")
    assert run(folder, "round", "unlock", *ROUND, "--reason", "Ny versjon") == 0
    reopened = export(folder, "md", tmp_path / "open.md")["open.md"].decode()
    assert HEADING not in reopened
    assert reopened != next(iter(first.values())).decode()


def test_plan_report_lists_only_its_own_corrections(folder: Path, tmp_path: Path) -> None:
    lock_export_correct_export(folder, tmp_path, "md")

    def plan_report(plan_id: str) -> str:
        out = tmp_path / f"{plan_id}.md"
        argv = ["export", *ROUND, "--format", "md", "--plan", plan_id, "--output", str(out)]
        assert run(folder, *argv) == 0
        text = out.read_text()
        return text[text.index(f"## {HEADING}") :]

    assert REASON in plan_report("porsgrunn-hm-2026")
    other = plan_report("lier-hov-2018")
    assert REASON not in other
    assert "Ingen korrigeringer etter låsing" in other


# --- `oppfolging status` of a locked round ---------------------------------------------


def status_out(folder: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    capsys.readouterr()
    assert run(folder, "status", *ROUND, *extra) == 0
    return capsys.readouterr().out


def test_status_of_a_locked_round_reads_the_snapshot(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_lines = status_out(folder, capsys).splitlines()
    assert not open_lines[0].startswith("Låst")
    assert run(folder, "round", "lock", *ROUND, "--user", "Kari") == 0
    locked = status_out(folder, capsys)
    first = locked.splitlines()[0]
    assert first.startswith("Låst ")
    assert "av Kari" in first
    assert "tallene er fra låsingen; 0 korrigeringer etter låsing" in first
    for correction in ("350", "349"):
        argv = ["set", "pg-i1.1.1", "2026-T1", correction, "--correction", REASON]
        assert run(folder, *argv) == 0
    after = status_out(folder, capsys)
    assert "2 korrigeringer etter låsing" in after.splitlines()[0]
    row = next(line for line in after.splitlines() if line.startswith("pg-i1.1.1"))
    assert " 351 " in row  # the locked value, not the corrected 349
    assert after.splitlines()[1:] == locked.splitlines()[1:]
    machine = status_out(folder, capsys, "--format", "csv")
    assert "Låst" not in machine.splitlines()[0]


# --- command-line messages in words, never codes or change-log keys ---------------------


def test_round_status_and_correction_save_show_words(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(folder, "round", "lock", *ROUND, "--user", "Kari") == 0
    assert "1. tertial 2026 er låst" in capsys.readouterr().out
    argv = ["set", "pg-i1.1.1", "2026-T1", "350", "--correction", REASON, "--user", "Ola"]
    assert run(folder, *argv) == 0
    saved = capsys.readouterr().out
    assert f"Registrert som korrigering etter låsing av 1. tertial 2026: «{REASON}»" in saved
    for code in ("indicator_id=", "kind", "correction", "round_events", "2026-T1"):
        assert code not in saved, code
    assert run(folder, "round", "status", *ROUND) == 0
    status = capsys.readouterr().out
    assert "Rapportering 1. tertial 2026: låst av Kari" in status
    line = next(line for line in status.splitlines() if REASON in line)
    assert "Indikator: Antall deltakere på lavterskel treningstilbud" in line
    assert "1. tertial 2026: 351 → 350" in line
    assert "indicator_id=" not in status
    assert run(folder, "set", "pg-i1.1.1", "2026-T1", "349") == 1
    refused = capsys.readouterr().err
    assert "rapporteringen 1. tertial 2026 er låst" in refused
    assert "--correction" in refused


def test_assess_messages_show_status_words(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["assess", "--round", "2026-T2", "--goal", "pg-m1.1"]
    assert run(folder, *base, "--status", "nonsense") == 1
    err = capsys.readouterr().err
    assert "on_track (● på sporet)" in err
    assert run(folder, "assess", "--round", "2026-T2", "--list", "--format", "csv") == 0
    listed = capsys.readouterr().out.splitlines()
    header = listed[0].split(",")
    row = next(line.split(",") for line in listed if ",pg-m1.1," in line)
    suggested = row[header.index("suggested")]
    other = next(code for code in ("reached", "major_deviation") if code != suggested)
    assert run(folder, *base, "--status", other) == 1
    err = capsys.readouterr().err
    assert "avviker fra foreslått status" in err
    assert f"«{other}»" not in err
    assert f"«{suggested}»" not in err
    assert run(folder, *base, "--status", other, "--reason", "Kjent forsinkelse") == 0
    out = capsys.readouterr().out
    assert "goal" not in out.split("\n")[0]
    assert "2. tertial 2026 mål pg-m1.1" in out


def test_relocked_round_lists_only_corrections_after_the_new_lock(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock_export_correct_export(folder, tmp_path, "md")
    assert run(folder, "round", "unlock", *ROUND, "--reason", "Ny versjon") == 0
    assert run(folder, "round", "lock", *ROUND, "--user", "Kari") == 0
    text = export(folder, "md", tmp_path / "relocked.md")["relocked.md"].decode()
    section = text[text.index(f"## {HEADING}") :]
    assert REASON not in section
    assert "Ingen korrigeringer etter låsing" in section
    capsys.readouterr()
    assert run(folder, "round", "status", *ROUND) == 0
    status = capsys.readouterr().out
    assert "Korrigeringer etter låsing: 0" in status
    assert REASON not in status


def _listed(folder: Path, tmp_path: Path, name: str) -> list[str]:
    """The rows of the CSV export's `korrigeringer.csv` (without the header)."""
    files = export(folder, "csv", tmp_path / name)
    return files["korrigeringer.csv"].decode("utf-8-sig").splitlines()[1:]


def _marked(folder: Path) -> set[str]:
    """The ids the app's overview marks Δ (the session's round against the snapshot)."""
    from datetime import date

    from oppfolging.domain.periods import Period
    from oppfolging.reporting.round_state import locked_differences
    from oppfolging.session import open_session

    session = open_session(folder, date.today())
    live = session.round_result(Period(2026, 1))
    found = locked_differences(folder, live.round, live.as_of, session.settings, live)
    return set(found.get_column("id").to_list())


def _rows_by_what(rows: list[str]) -> dict[str, list[str]]:
    """The report's rows by their second cell (`Indikator: …` / `Tiltak: …`)."""
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row.split(";")[1], []).append(row)
    return found


def test_every_figure_the_app_marks_changed_is_listed_in_the_report(
    folder: Path, tmp_path: Path
) -> None:
    """The screen and the report agree: a value registered after the lock for a period
    outside the round (an annual indicator's 2025 value, shown in 1. tertial 2026 for
    information: no correction is asked for), a file changed by hand, a change after a
    correction, an indicator added and a measure removed by hand are each one row, with the
    locked and the live figure; a correction whose figure is the live one is its own row
    only. Before, only the corrections were listed while the app marked all of them Δ
    (found by a review)."""
    assert run(folder, "round", "lock", *ROUND, "--user", "Kari") == 0
    assert _listed(folder, tmp_path, "locked") == []
    assert run(folder, "set", "pg-i1.2.2", "2025", "75", "--force", "--user", "Ola") == 0
    argv = ["set", "pg-i1.1.1", "2026-T1", "350", "--correction", REASON, "--user", "Ola"]
    assert run(folder, *argv) == 0
    argv = ["set", "pg-i1.1.4", "2026-T1", "60", "--correction", REASON, "--user", "Ola"]
    assert run(folder, *argv) == 0
    values = folder / "values.csv"
    text = values.read_text("utf-8")
    for old, new in (
        ("pg-i1.1.3,2026-T1,5416,", "pg-i1.1.3,2026-T1,5500,"),  # by hand
        ("pg-i1.1.4,2026-T1,60,", "pg-i1.1.4,2026-T1,62,"),  # by hand, after a correction
    ):
        assert old in text
        text = text.replace(old, new)
    values.write_text(text + "pg-i9,2026-T1,7,,Ola,2026-06-01T10:00:00\n", "utf-8")
    indicators = folder / "indicators.csv"
    first = indicators.read_text("utf-8").splitlines()[1].split(",")
    added = ["pg-i9", first[1], "Ny indikator", *first[3:]]
    indicators.write_text(indicators.read_text("utf-8") + ",".join(added) + "\n", "utf-8")
    for name in ("measures.csv", "measure_updates.csv"):
        path = folder / name
        lines = path.read_text("utf-8").splitlines(keepends=True)
        path.write_text("".join(x for x in lines if not x.startswith("pg-t1.1.2,")), "utf-8")
    assert run(folder, "validate") == 0
    marked = _marked(folder)
    assert marked == {"pg-i1.2.2", "pg-i1.1.3", "pg-i1.1.1", "pg-i1.1.4", "pg-i9", "pg-t1.1.2"}
    listed = _listed(folder, tmp_path, "after")
    rows = _rows_by_what(listed)
    without = "Endret etter låsingen uten korrigering"
    (correction,) = rows["Indikator: Antall deltakere på lavterskel treningstilbud"]
    assert REASON in correction
    assert len(rows["Indikator: Andel hjemmeboende over 80 år"]) == 1
    annual = rows["Indikator: Andel hjemmeboende over 80 år"][0]
    assert without in annual
    assert ";2025;89\u00a0%;75\u00a0%;" in annual
    then_changed = rows["Indikator: Andel deltakere som fullfører frisklivsresept (12 uker)"]
    assert [REASON in row for row in then_changed] == [True, False]
    assert then_changed[1].split(";")[3:6] == ["61,8\u00a0%", "62\u00a0%", without]
    (by_hand,) = rows["Indikator: Antall besøk på møteplasser og aktivitetssentre for seniorer"]
    assert by_hand.split(";")[3:6] == ["5\u00a0416", "5\u00a0500", without]
    (new,) = rows["Indikator: Ny indikator"]
    assert without in new
    (gone,) = rows["Tiltak: Rekrutteringskampanje for frivillige i Frisklivssentralen"]
    assert without in gone
    assert len(rows) == len(marked)  # each marked item, and nothing else, is listed


def test_a_snapshot_written_before_the_optional_columns_existed_is_still_reported(
    folder: Path, tmp_path: Path
) -> None:
    """A round locked by an older version has none of the optional columns added since
    (tags, ssb_*, language) in its snapshot: the report and the app's marks read it with
    those columns empty (they failed with a polars traceback; found by a review)."""
    import hashlib
    import json

    import polars as pl

    from oppfolging.store.snapshot import MANIFEST, SNAPSHOT_DIR

    assert run(folder, "round", "lock", *ROUND, "--user", "Kari") == 0
    (snapshot,) = (folder / SNAPSHOT_DIR / "2026-T1").iterdir()
    manifest = json.loads((snapshot / MANIFEST).read_text("utf-8"))
    later = {"tags", "ssb_table", "ssb_contents_code", "ssb_filter", "language"}
    for path in snapshot.glob("*.parquet"):
        frame = pl.read_parquet(path)
        frame.select(c for c in frame.columns if c not in later).write_parquet(path)
        manifest["files"][path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    (snapshot / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    assert run(folder, "set", "pg-i1.2.2", "2025", "75", "--force", "--user", "Ola") == 0
    assert _marked(folder) == {"pg-i1.2.2"}
    for fmt in ("md", "xlsx"):
        suffix = f".{fmt}"
        assert export(folder, fmt, tmp_path / f"old{suffix}")
    (row,) = _listed(folder, tmp_path, "old-csv")
    assert "Andel hjemmeboende over 80 år" in row


def test_an_assessment_of_a_locked_round_is_corrected_with_a_reason(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The refusal tells the user to give --correction; `assess` takes it (it answered
    'unknown arguments'; found by a review), and the correction is listed in the report."""
    assert run(folder, "round", "lock", *ROUND, "--user", "Kari") == 0
    argv = ["assess", *ROUND, "--goal", "pg-m1.1", "--text", "Bedre enn ventet", "--user", "Ola"]
    assert run(folder, *argv) == 1
    assert "--correction" in capsys.readouterr().err
    assert run(folder, *argv, "--correction", "Glemt i rapporten") == 0
    text = (folder / "assessments.csv").read_text("utf-8")
    assert "Bedre enn ventet" in text
    from oppfolging.reporting.round_state import corrections_after_lock

    listed = corrections_after_lock(folder, "2026-T1")
    assert listed["reason"].to_list() == ["Glemt i rapporten"]
