"""CSV, HTML and Markdown: separators, escaping and formula safety."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from export_helpers import FORMULA, TRICKY_NAME, tricky_report
from hypothesis import given
from hypothesis import strategies as st

from oppfolging.reporting.export import write_report
from oppfolging.reporting.export.csv import plain_number, safe_text
from oppfolging.reporting.export.html import render as render_html
from oppfolging.reporting.export.markdown import escape
from oppfolging.reporting.export.markdown import render as render_markdown


def _csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.fixture
def csv_folder(tmp_path: Path) -> Path:
    return write_report(tricky_report(), "csv", tmp_path / "ut")


def test_csv_quotes_formulas_harmlessly(csv_folder: Path) -> None:
    indicators = _csv_rows(csv_folder / "indikatorer.csv")
    comments = [row["Kommentar"] for row in indicators]
    assert "'" + FORMULA in comments
    assert indicators[0]["Indikator"] == "'" + TRICKY_NAME
    measure = _csv_rows(csv_folder / "tiltak.csv")[0]
    assert (measure["Tiltak"], measure["Ansvarlig"], measure["Kommentar"]) == (
        "'@sum(A1)",
        "'\tfane",
        "'-2+3",
    )


def test_csv_numbers_use_decimal_comma_and_no_thousands(csv_folder: Path) -> None:
    rows = _csv_rows(csv_folder / "indikatorer.csv")
    assert rows[0]["Verdi"] == "12,5"
    assert rows[1]["Verdi"] == "1234,5"
    assert rows[1]["Forrige verdi"] == ""
    assert rows[0]["Fremdrift"] == "25 %"
    assert _csv_rows(csv_folder / "finansiering.csv")[0]["Frist"] == "01.03.2026"


def test_csv_keeps_newlines_inside_quoted_cells(csv_folder: Path) -> None:
    rows = _csv_rows(csv_folder / "indikatorer.csv")
    assert rows[1]["Kommentar"] == "linje 1\nlinje 2 | rør"


@pytest.mark.parametrize(
    ("value", "expected"), [(12.0, "12"), (-1.5, "-1,5"), (0.1 + 0.2, "0,3"), (1e6, "1000000")]
)
def test_plain_number(value: float, expected: str) -> None:
    assert plain_number(value) == expected


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_safe_text_prefixes_formula_starts(text: str) -> None:
    assert safe_text(text) == "'" + text


def test_html_escapes_everything_and_is_self_contained() -> None:
    page = render_html(tricky_report())
    assert "<b>fet</b>" not in page
    assert "&lt;b&gt;fet&lt;/b&gt; &amp; «tekst»" in page
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in page
    assert "linje 1<br>linje 2 | rør" in page
    assert "@media print" in page
    for external in ("<link", "<script", "src=", "@import", "url("):
        assert external not in page
    assert (
        'style="background:#f6d7d9;border-left:6px solid #cf222e;color:#1f2328">✖ bak</td>' in page
    )
    assert "color:#ffffff" not in page


def test_markdown_escapes_pipes_and_newlines() -> None:
    text = render_markdown(tricky_report())
    assert "linje 1 linje 2 \\| rør" in text
    assert "+47 \\| \\<b\\>fet\\</b\\>" in text
    table_lines = [line for line in text.splitlines() if line.startswith("| Indikator")]
    assert table_lines
    width = len(table_lines[0])
    block = text.split(table_lines[0])[1].split("\n\n")[0].splitlines()
    assert all(len(line) == width for line in block if line)


def test_markdown_escape() -> None:
    assert escape("a|b\nc  d") == "a\\|b c d"


@given(st.text())
def test_markdown_cells_stay_on_one_line_with_no_bare_pipe(text: str) -> None:
    escaped = escape(text)
    assert "\n" not in escaped
    assert "\r" not in escaped
    assert "|" not in escaped.replace("\\|", "")


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"])))
def test_csv_text_reads_back_as_written_and_never_as_a_formula(text: str) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow([safe_text(text), "x"])
    buffer.seek(0)
    cell = next(csv.reader(buffer, delimiter=";"))[0]
    assert cell == safe_text(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
