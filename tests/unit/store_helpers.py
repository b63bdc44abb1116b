"""Small builders of dataset folders for the store tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from oppfolging.domain.schema import TABLES

Rows = list[dict[str, str]]

BOM = "\ufeff"


def valid_rows(norwegian: bool = False) -> dict[str, Rows]:
    """A small dataset without problems; `norwegian` writes numbers and dates as Excel does."""

    def num(text: str) -> str:
        return text.replace(".", ",") if norwegian else text

    def day(iso: str) -> str:
        year, month, dom = iso.split("-")
        return f"{dom}.{month}.{year}" if norwegian else iso

    return {
        "plans": [
            {
                "plan_id": "p1",
                "name": "Temaplan helse og mestring",
                "municipality": "Ås",
                "plan_type": "temaplan",
                "period_start": "2026",
                "period_end": "2040",
                "status": "adopted",
                "adopted": day("2025-12-11"),
                "adopted_by": "Kommunestyret",
                "case_ref": "25/123",
                "revision_years": "4",
                "last_revised": "",
                "replaces": "",
            },
            {
                "plan_id": "p0",
                "name": "Gammel plan",
                "municipality": "Ås",
                "plan_type": "kommunedelplan",
                "period_start": "2018",
                "period_end": "2025",
                "status": "replaced",
                "adopted": day("2018-02-01"),
                "adopted_by": "",
                "case_ref": "",
                "revision_years": "",
                "last_revised": "",
                "replaces": "",
            },
        ],
        "focus_areas": [
            {
                "focus_area_id": "fa1",
                "plan_id": "p1",
                "number": "1",
                "name": "Mestring",
                "description": 'Slik gjør vi det: "hverdagsmestring", tidlig innsats',
                "perspective": "",
            },
        ],
        "goals": [{"goal_id": "g1", "focus_area_id": "fa1", "text": "Flere bor hjemme\nlenger"}],
        "indicators": [
            {
                "indicator_id": "i1",
                "goal_id": "g1",
                "name": "Andel hjemmeboende",
                "unit": "%",
                "direction": "higher",
                "frequency": "tertial",
                "baseline": num("80.5"),
                "baseline_year": "2025",
                "target": num("90"),
                "target_year": "2030",
                "tolerance": num("0.1"),
                "responsible": "Hjemmetjenesten",
                "source": "",
                "publication_lag_months": "0",
            },
            {
                "indicator_id": "i2",
                "goal_id": "g1",
                "name": "Liggedøgn",
                "unit": "døgn",
                "direction": "lower",
                "frequency": "annual",
                "baseline": num("1200"),
                "baseline_year": "2024",
                "target": num("900"),
                "target_year": "",
                "tolerance": "",
                "responsible": "",
                "source": "KOSTRA",
                "publication_lag_months": "3",
            },
        ],
        "values": [
            {
                "indicator_id": "i1",
                "period": "2026-T1",
                "value": num("82.5"),
                "comment": "Økt bemanning; «bra»",
                "registered_by": "kari",
                "registered_at": "2026-05-02T10:15:00",
            },
            {
                "indicator_id": "i2",
                "period": "2025",
                "value": num("-1150.25"),
                "comment": "",
                "registered_by": "",
                "registered_at": "",
            },
        ],
        "measures": [
            {
                "measure_id": "m1",
                "goal_id": "g1",
                "name": "Velferdsteknologi",
                "responsible": "Hjemmetjenesten",
                "start": day("2026-01-01"),
                "due": day("2027-06-30"),
                "needs_funding": "ja",
                "cost_estimate": num("150000.5"),
            },
        ],
        "measure_updates": [
            {
                "measure_id": "m1",
                "period": "2026-T1",
                "status": "in_progress",
                "comment": "Anskaffelse, fase 1",
                "registered_by": "ola",
                "registered_at": "2026-05-03 08:00:00",
            },
        ],
        "changes": [],
    }


def csv_text(header: list[str], rows: Rows, separator: str = ",") -> str:
    """CSV text with `\\n` line ends, quoting only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[row.get(name, "") for name in header] for row in rows])
    return buffer.getvalue()


def write_table(
    folder: Path,
    name: str,
    rows: Rows,
    separator: str = ",",
    bom: bool = False,
    header: list[str] | None = None,
) -> Path:
    """Write one table as CSV; the header is the contract's columns unless given."""
    columns = header if header is not None else TABLES[name].column_names
    path = folder / f"{name}.csv"
    path.write_text((BOM if bom else "") + csv_text(columns, rows, separator), encoding="utf-8")
    return path


def write_dataset(
    folder: Path, tables: dict[str, Rows] | None = None, norwegian: bool = False
) -> Path:
    """A whole dataset folder; `norwegian` uses Excel's Norwegian dialect (`;`, BOM)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (tables if tables is not None else valid_rows(norwegian)).items():
        write_table(folder, name, rows, ";" if norwegian else ",", bom=norwegian)
    return folder


def with_rows(table: str, *rows: dict[str, str]) -> dict[str, Rows]:
    """The valid dataset with `rows` added to `table` (missing cells empty)."""
    tables = valid_rows()
    tables[table] = [*tables[table], *rows]
    return tables


def with_change(table: str, index: int, **cells: str) -> dict[str, Rows]:
    """The valid dataset with cells of one row replaced."""
    tables = valid_rows()
    tables[table][index] = {**tables[table][index], **cells}
    return tables


def crlf_values(folder: Path) -> Path:
    """A valid dataset whose values.csv is as Norwegian Excel writes it: BOM, `;`, CRLF and
    a quoted multi-line cell. Returns the values file."""
    write_dataset(folder, norwegian=True)
    path = folder / "values.csv"
    text = path.read_bytes().removeprefix(BOM.encode()).decode("utf-8").replace("\n", "\r\n")
    text += 'i1;2025-T3;70,5;"to linjer\r\nmed ; og ""sitat""";kari;2026-01-02T10:00:00\r\n'
    path.write_bytes(BOM.encode() + text.encode("utf-8"))
    return path


def counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files `store.sharedread` parses from now on, in order."""
    from oppfolging.store import csvio, sharedread

    reads: list[str] = []
    real = csvio.read_raw

    def counted(path: Path, data: bytes | None = None) -> object:
        reads.append(path.name)
        return real(path, data)

    monkeypatch.setattr(sharedread, "read_raw", counted)
    return reads
