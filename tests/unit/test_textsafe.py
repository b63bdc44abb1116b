"""Dataset text never sends a control character to a terminal, a CSV or a Markdown file.

`textsafe.visible` itself, the `validate` warning, and a property test over arbitrary
Unicode in every text column against every CLI command that prints dataset text.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oppfolging.cli import main
from oppfolging.store.load import load_dataset
from oppfolging.store.textcheck import control_character_warnings
from oppfolging.textsafe import CONTROLS, has_control, visible, visible_expr

SAMPLE = Path(__file__).resolve().parents[2] / "data"
AS_OF = ["--as-of", "2026-06-01"]

TEXT_COLUMNS = {
    "plans": ("name",),
    "focus_areas": ("name", "description"),
    "goals": ("text",),
    "indicators": ("name", "unit", "responsible", "source"),
    "measures": ("name", "responsible"),
    "values": ("comment", "registered_by"),
    "measure_updates": ("comment", "registered_by"),
}
"""Every free-text column of the data contract."""

HOSTILE = [
    "[ @click=app.quit]klikk[/]",
    "\\[@click=app.quit]x[/]",
    "\x1b[2J\x1b]52;c;SGVp\x07",
    "a\x9bb\x7fc\ufffe\uffff\x00",
    "[b]x[/b]",
]


def is_clean(text: str) -> bool:
    """No control character but newline and tab (what a terminal may receive)."""
    return not has_control(text) and "\r" not in text


# --- visible -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Helse", "Helse"),
        ("\x1b[2J", "␛[2J"),
        ("\x1b]52;c;SGVp\x07", "␛]52;c;SGVp␇"),
        ("a\x00b\x7f", "a␀b␡"),
        ("tab\tline\n", "tab\tline\n"),
        ("crlf\r\nlone\r", "crlf\nlone␍"),
        ("c1\x9b u\ufffe\uffff", "c1� u��"),
        ("lone \ud800", "lone �"),
    ],
)
def test_visible_replaces_controls_visibly(raw: str, shown: str) -> None:
    assert visible(raw) == shown


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_visible_leaves_no_control_and_agrees_with_polars(raw: str) -> None:
    shown = visible(raw)
    assert is_clean(shown)
    assert not any(c in shown for c in CONTROLS)
    if not any(0xD800 <= ord(c) < 0xE000 for c in raw):
        frame = pl.DataFrame({"x": [raw]}).select(visible_expr(pl.col("x")))
        assert frame.item() == shown


# --- validate warns ------------------------------------------------------------------------


def _hostile_copy(target: Path) -> Path:
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    plans = pl.read_csv(target / "plans.csv", infer_schema=False)
    names = [HOSTILE[2] + name if i == 1 else name for i, name in enumerate(plans["name"])]
    plans.with_columns(pl.Series("name", names)).write_csv(target / "plans.csv")
    return target


def test_validate_warns_about_control_characters_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _hostile_copy(tmp_path / "data")
    assert main(["--data", str(folder), "validate"]) == 0
    out = capsys.readouterr().out
    assert "plans.csv:3:name: advarsel: teksten inneholder kontrolltegn" in out
    assert "1 advarsel" in out
    assert is_clean(out)
    loaded = load_dataset(folder)
    assert loaded.ok
    warnings = control_character_warnings(loaded.dataset)
    assert [(w.file, w.row, w.column, w.severity) for w in warnings] == [
        ("plans.csv", 3, "name", "warning")
    ]


def test_validate_still_exits_1_on_an_error_with_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _hostile_copy(tmp_path / "data")
    goals = pl.read_csv(folder / "goals.csv", infer_schema=False)
    goals.with_columns(pl.lit(None, pl.String).alias("text")).write_csv(folder / "goals.csv")
    assert main(["--data", str(folder), "validate"]) == 1
    out = capsys.readouterr().out
    assert "advarsel" in out
    assert "problem(er)" in out


# --- every CLI command, arbitrary text -----------------------------------------------------

_SAMPLE_FRAMES = {
    name: pl.read_csv(SAMPLE / f"{name}.csv", infer_schema=False) for name in TEXT_COLUMNS
}
_COLUMN_COUNT = sum(len(columns) for columns in TEXT_COLUMNS.values())
_ALPHABET = st.characters(codec="utf-8") | st.sampled_from(["[", "]", "\\", "@", "\x1b", "\r"])
_CELL = st.text(_ALPHABET, max_size=12).map(lambda s: s + "navn") | st.sampled_from(HOSTILE)


def _write_dataset(folder: Path, texts: list[str]) -> None:
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("README.md"))
    cells = iter(texts)
    for name, columns in TEXT_COLUMNS.items():
        frame = _SAMPLE_FRAMES[name]
        frame = frame.with_columns(
            pl.when(pl.col(c).is_not_null()).then(pl.lit(next(cells))).otherwise(None).alias(c)
            for c in columns
        )
        frame.write_csv(folder / f"{name}.csv")


def _run(argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(argv)
    return out.getvalue() + err.getvalue()


COMMANDS = [
    ["status"],
    ["status", "--format", "csv"],
    ["revisions"],
    ["missing"],
    ["validate"],
]


@given(st.lists(_CELL, min_size=_COLUMN_COUNT, max_size=_COLUMN_COUNT))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_cli_output_holds_a_control_character(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        _write_dataset(folder, texts)
        for command in COMMANDS:
            output = _run(["--data", str(folder), *AS_OF, *command])
            assert is_clean(output), (command, output)
        for fmt, path in (("md", Path(tmp) / "r.md"), ("csv", Path(tmp) / "csv")):
            _run(["--data", str(folder), *AS_OF, "export", "--format", fmt, "--output", str(path)])
            files = [path] if path.is_file() else sorted(path.glob("*.csv"))
            for file in files:
                assert is_clean(file.read_text(encoding="utf-8-sig")), file


# --- table cells: Rich markup that renders exactly the text ---------------------------------

_MARKUP_ALPHABET = st.sampled_from(["[", "]", "\\", "@", "/", "#", "a", "B", " ", "=", "\x1b"])
_MARKUP_TEXT = st.lists(_MARKUP_ALPHABET | st.characters(codec="utf-8"), max_size=16).map("".join)
"""Text a dataset can hold: read from UTF-8 files, so never a lone surrogate (polars refuses
one; `one_line`'s own cases above cover it)."""


@given(_MARKUP_TEXT)
@settings(max_examples=300, deadline=None)
def test_table_cells_render_literally(raw: str) -> None:
    from rich.text import Text

    from oppfolging.tui.views import _text_expr, one_line, text

    cell = text(raw)
    rendered = Text.from_markup(cell)
    assert rendered.plain == one_line(raw)
    assert not [span for span in rendered.spans if span.end > span.start]  # nothing styled
    column = pl.DataFrame({"x": [raw]}, schema={"x": pl.String}).select(_text_expr(pl.col("x")))
    assert column.item() == cell


@given(_MARKUP_TEXT)
@settings(max_examples=300, deadline=None)
def test_plain_cells_render_literally_and_as_the_whole_column_renders_them(raw: str) -> None:
    from rich.text import Text

    from oppfolging.textsafe import visible
    from oppfolging.tui.views import display_frame, plain

    cell = plain(raw)
    rendered = Text.from_markup(cell)
    assert rendered.plain == visible(raw)
    assert not [span for span in rendered.spans if span.end > span.start]  # nothing styled
    frame = pl.DataFrame({"x": [raw, None]}, schema={"x": pl.String})
    column = display_frame(frame, [("X", "x", plain)]).get_column("X")
    assert column.to_list() == [cell, ""]


@pytest.mark.parametrize(
    "raw",
    [
        "\\[P",
        "\\[@click=app.quit]x[/]",
        "[ @click=app.quit]k[/]",
        "a\\",
        ":a:",  # an emoji code to Rich (🅰)
        "Plan :smile: 12:30:00",
        ":a:b:",
        "::",
        "\\:thumbs_up:[b]",
    ],
)
def test_known_escapes_render_literally(raw: str) -> None:
    from rich.text import Text

    from oppfolging.tui.views import text

    assert Text.from_markup(text(raw)).plain == raw
