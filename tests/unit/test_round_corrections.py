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
    (before_text,), (after_text,) = (v.decode() for v in first.values()), (
        v.decode() for v in after.values()
    )
    assert without_section(before_text, start) == without_section(after_text, start)
    assert before_text != after_text
    section = after_text[after_text.index(start) :]
    assert REASON in section
    assert "1. tertial 2026" in section
    assert "Antall deltakere på lavterskel treningstilbud" in section
    assert "351" in section and "350" in section
    assert "Låst " in section and "av Kari" in section
    assert "indicator_id=" not in section and "2026-T1" not in section
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
    assert REASON in rows[1] and "1. tertial 2026" in rows[1] and "Ola" in rows[1]


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
    assert REASON in new_tail and REASON not in old_tail
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
    assert REASON in values and "1. tertial 2026" in values and "Ola" in values
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
    other = plan_report("drammen-psyk-2009")
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
    assert first.startswith("Låst ") and "av Kari" in first
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
