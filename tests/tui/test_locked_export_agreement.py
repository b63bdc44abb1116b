"""A locked round exported from the app's dialog and from `oppfolging export` (issue 10):
both go through `reporting.report.round_report`, so after a correction both give the same
bytes (Markdown; DOCX and XLSX part by part), made from the lock's snapshot on the lock's
date — the export made right after the lock, apart from the corrections section."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pilot_helpers import AS_OF, SAMPLE, settle
from textual.widgets import Input, Select

from oppfolging.cli import main
from oppfolging.domain.periods import Period
from oppfolging.tui.app import make_app
from oppfolging.tui.screens.export import ExportScreen

ROUND = Period(2026, 1)
HEADING = "Korrigert etter låsing"
REASON = "Tastefeil i KOSTRA-tallet"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A sample copy whose 2026-T1 is locked, with private personal settings."""
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(tmp_path / "personal.toml"))
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    assert run(target, "round", "lock", "--round", str(ROUND), "--user", "Kari") == 0
    return target


def run(folder: Path, *argv: str) -> int:
    return main([*argv, "--data", str(folder)])


def cli_export(folder: Path, fmt: str, out: Path, *extra: str) -> bytes:
    argv = ["export", "--round", str(ROUND), "--format", fmt, "--output", str(out), *extra]
    assert run(folder, *argv) == 0
    return out.read_bytes()


def correct(folder: Path) -> None:
    argv = ["set", "pg-i1.1.1", "2026-T1", "350", "--correction", REASON, "--user", "Ola"]
    assert run(folder, *argv) == 0


async def dialog_exports(
    folder: Path, out: Path, formats: tuple[str, ...], *, as_of: date, given: bool = False
) -> dict[str, bytes]:
    """Export the round from the app's dialog once per format; the bytes by format."""
    app = make_app(folder, as_of, ROUND, as_of_given=given)
    written: dict[str, bytes] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for fmt in formats:
            await pilot.press("e")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            screen.query_one("#format", Select).value = fmt
            await settle(pilot)
            screen.query_one("#folder", Input).value = str(out)
            screen.query_one("#name", Input).value = f"app.{fmt}"
            await pilot.click("#export")
            await settle(pilot)
            assert not isinstance(app.screen, ExportScreen), fmt
            written[fmt] = (out / f"app.{fmt}").read_bytes()
    return written


def zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def before_corrections(markdown: bytes) -> str:
    text = markdown.decode()
    return text[: text.index(f"## {HEADING}")]


def docx_body_before_corrections(data: bytes) -> str:
    xml = zip_parts(data)["word/document.xml"].decode()
    heading = xml.index(f">{HEADING}<")
    return xml[: xml.rindex("<w:p>", 0, heading)]


async def test_dialog_and_cli_write_the_same_locked_report(folder: Path, tmp_path: Path) -> None:
    formats = ("md", "docx", "xlsx")
    locked = {fmt: cli_export(folder, fmt, tmp_path / f"locked.{fmt}") for fmt in formats}
    correct(folder)
    cli = {fmt: cli_export(folder, fmt, tmp_path / f"cli.{fmt}") for fmt in formats}
    # The app's own date is not the lock's: a locked round's figures are the lock's anyway.
    app = await dialog_exports(folder, tmp_path / "app", formats, as_of=AS_OF)
    assert app["md"] == cli["md"]
    for fmt in ("docx", "xlsx"):
        assert zip_parts(app[fmt]) == zip_parts(cli[fmt]), fmt
        assert app[fmt] == cli[fmt], fmt
    # … and it is the report made right after the lock, apart from the corrections.
    assert before_corrections(app["md"]) == before_corrections(locked["md"])
    assert REASON in app["md"].decode()
    assert REASON not in locked["md"].decode()
    assert docx_body_before_corrections(app["docx"]) == docx_body_before_corrections(locked["docx"])
    app_xlsx, locked_xlsx = zip_parts(app["xlsx"]), zip_parts(locked["xlsx"])
    sheets = [name for name in app_xlsx if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name)]
    last = max(sheets, key=lambda name: int(re.findall(r"\d+", name)[0]))
    for name in app_xlsx:
        if name not in {last, "xl/sharedStrings.xml"}:
            assert app_xlsx[name] == locked_xlsx[name], name


async def test_dialog_takes_the_snapshot_not_the_live_figure(folder: Path, tmp_path: Path) -> None:
    """The corrected value (350) is in the corrections list only; the tables keep the
    locked 351, where an export of the live data would show 350."""
    correct(folder)
    app = (await dialog_exports(folder, tmp_path / "app", ("md",), as_of=AS_OF))["md"]
    body = before_corrections(app)
    row = next(line for line in body.splitlines() if "lavterskel treningstilbud" in line)
    cells = [cell.strip() for cell in row.split("|")]
    assert "351" in cells
    assert "350" not in cells


async def test_dialog_with_a_given_date_matches_cli_as_of(folder: Path, tmp_path: Path) -> None:
    """Started with `--as-of`, the app exports as `oppfolging export --as-of` does."""
    correct(folder)
    cli = cli_export(folder, "md", tmp_path / "cli.md", "--as-of", "2026-06-01")
    app = await dialog_exports(folder, tmp_path / "app", ("md",), as_of=AS_OF, given=True)
    assert app["md"] == cli
    assert "01.06.2026" in cli.decode()
