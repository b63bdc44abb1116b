"""The start picture in the app (issue 14.1): painted at the second start while no file
changed, every text and cell the same as the overview built from the files, replaced by it,
keys pressed meanwhile kept; never shown after a change; no polars before it is painted."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import AS_OF, settle
from rich.text import Text
from textual.widgets import Label, Static

from oppfolging.display_snapshot import ENV_PICTURE, picture_path
from oppfolging.tui.app import OppfolgingApp, make_app
from oppfolging.tui.screens.overview import OverviewScreen
from oppfolging.tui.screens.picture import PictureScreen, PictureTable
from oppfolging.tui.widgets.keyed_table import KeyedTable

TEXT_IDS = (
    "round-bar",
    "lock-bar",
    "filter-bar",
    "status-legend",
    "focus-title",
    "attention-title",
)
TABLE_IDS = ("plans", "focus-areas", "attention")


@pytest.fixture(autouse=True)
def _picture_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPPFOLGING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(ENV_PICTURE, "1")


def held_app(folder: Path) -> tuple[OppfolgingApp, Any]:
    """The app with its dataset load held back (returned: the real load, to run later)."""
    app = make_app(folder, AS_OF)
    load = app.load_session
    app.load_session = lambda: None  # type: ignore[method-assign, assignment, misc]
    return app, load


async def first_start(folder: Path) -> None:
    """A start that builds the overview from the files (and keeps its picture)."""
    app = make_app(folder, AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
    assert picture_path(folder).is_file()


def shown_texts(screen: Any) -> dict[str, str]:
    """The plain text of the header and every text line of the overview's layout."""
    texts = {"title": str(screen.title), "sub_title": str(screen.sub_title)}
    for name in TEXT_IDS:
        widget = screen.query_one(f"#{name}", Static | Label)
        texts[name] = widget.visual.plain if widget.display else ""
    return texts


def picture_rows(screen: PictureScreen, table_id: str) -> list[list[str]]:
    table = screen.query_one(f"#{table_id}", PictureTable)
    return [[cell.plain for cell in row] for row in table.shown_rows]


def picture_headers(screen: PictureScreen, table_id: str) -> list[str]:
    return list(screen.query_one(f"#{table_id}", PictureTable).picture.columns)


def painted_lines(table: PictureTable) -> list[str]:
    """What the picture table shows, line by line, as the terminal gets it."""
    return [strip.text for strip in table.render_lines(table.region.reset_offset)]


def overview_rows(screen: OverviewScreen, table_id: str, count: int) -> list[list[str]]:
    table = screen.query_one(f"#{table_id}", KeyedTable)
    frame = table._frame.head(count)
    return [[Text.from_markup(cell or "").plain for cell in row] for row in frame.rows()]


async def test_second_start_paints_the_picture_with_the_overviews_figures(
    sample_copy: Path,
) -> None:
    await first_start(sample_copy)
    app, load = held_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        picture = app.screen
        assert isinstance(picture, PictureScreen)
        assert app.session is None  # nothing read yet
        texts = shown_texts(picture)
        rows = {name: picture_rows(picture, name) for name in TABLE_IDS}
        headers = {name: picture_headers(picture, name) for name in TABLE_IDS}
        assert "1. tertial 2026" in texts["round-bar"]
        assert all(rows.values())
        load()
        await settle(pilot)
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        assert shown_texts(overview) == texts
        for name in TABLE_IDS:
            assert overview_rows(overview, name, len(rows[name])) == rows[name], name
            assert overview.query_one(f"#{name}", KeyedTable)._frame.columns == headers[name]


async def test_a_changed_value_means_no_picture(sample_copy: Path) -> None:
    await first_start(sample_copy)
    path = sample_copy / "values.csv"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("33.7", "34.7", 1) if "33.7" in text else text.replace("1", "2", 1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    pushed: list[str] = []
    app = make_app(sample_copy, AS_OF)
    original = app.push_screen

    def recording(screen: Any, *args: Any, **kwargs: Any) -> Any:
        pushed.append(type(screen).__name__)
        return original(screen, *args, **kwargs)

    app.push_screen = recording  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
    assert "PictureScreen" not in pushed
    assert pushed[0] == "OverviewScreen"


async def test_a_damaged_picture_starts_normally(sample_copy: Path) -> None:
    await first_start(sample_copy)
    picture_path(sample_copy).write_text('{"key": 1', encoding="utf-8")
    app = make_app(sample_copy, AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
    stored = json.loads(picture_path(sample_copy).read_text(encoding="utf-8"))
    assert "picture" in stored  # written again from the files


async def test_keys_pressed_on_the_picture_run_on_the_overview(sample_copy: Path) -> None:
    await first_start(sample_copy)
    app, load = held_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PictureScreen)
        await pilot.press("down")  # the second plan
        await pilot.press("v")  # the revisions screen, once the overview is there
        assert isinstance(app.screen, PictureScreen)
        load()
        await settle(pilot)
        assert type(app.screen).__name__ == "RevisionScreen"
        app.pop_screen()
        await settle(pilot)
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        plans = overview.query_one("#plans", KeyedTable)
        assert plans.cursor_key == plans.keys[1]


async def test_enter_on_the_picture_opens_the_row_from_the_overview(sample_copy: Path) -> None:
    await first_start(sample_copy)
    app, load = held_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        load()
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanScreen"


def test_no_polars_before_the_picture_is_painted(sample_copy: Path, tmp_path: Path) -> None:
    """In a fresh interpreter: the picture is on screen before polars (and pyarrow) is
    imported — the point of it."""
    asyncio.run(first_start(sample_copy))
    script = f"""
import asyncio, sys
from datetime import date
from pathlib import Path
from oppfolging.tui.app import make_app

app = make_app(Path({str(sample_copy)!r}), date(2026, 6, 1))
seen = []
def painted():
    seen.append((type(app.screen).__name__, "polars" in sys.modules, "pyarrow" in sys.modules))
app.load_session = painted

async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        while not seen:
            await pilot.pause()

asyncio.run(main())
print(seen[0])
"""
    env = {**os.environ, ENV_PICTURE: "1"}
    command = [sys.executable, "-c", script]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert output.strip().splitlines()[-1] == "('PictureScreen', False, False)"


SCROLLBAR_GLYPHS = set("▁▂▃▄▅▆▇█▉▊▋▌▍▎▏ │┃")


def screen_lines(app: OppfolgingApp) -> list[str]:
    """The screen as the terminal gets it, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("size", [(120, 40), (100, 30), (80, 24)])
async def test_the_picture_looks_like_the_overview_it_stands_for(
    sample_copy: Path, size: tuple[int, int]
) -> None:
    """Line for line the same screen — header, round bar, legend, box titles, every
    table's header and rows at the same columns, the footer — except where the overview's
    tables draw their scroll bars (the right edge, and a horizontal bar's line)."""
    await first_start(sample_copy)
    app, load = held_app(sample_copy)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PictureScreen)
        picture = screen_lines(app)
        load()
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        real = screen_lines(app)
    width = size[0]
    compared = 0
    for number, (painted, shown) in enumerate(zip(picture, real, strict=True)):
        if set(shown) <= SCROLLBAR_GLYPHS and not set(painted) <= SCROLLBAR_GLYPHS:
            continue  # the overview's horizontal scroll bar covers a row here
        assert painted[: width - 3] == shown[: width - 3], f"line {number + 1}"
        compared += 1
    assert compared >= size[1] - 2


async def test_the_pictures_footer_is_the_compact_one_on_a_narrow_terminal(
    sample_copy: Path,
) -> None:
    await first_start(sample_copy)
    app, load = held_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        picture_footer = screen_lines(app)[-1]
        load()
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert screen_lines(app)[-1] == picture_footer
    assert picture_footer.startswith("[ ")  # compact: no padding, no palette key
    assert "^p" not in picture_footer


async def test_the_pictures_cursor_moves_and_enter_opens_that_row(sample_copy: Path) -> None:
    await first_start(sample_copy)
    app, load = held_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plans = app.screen.query_one("#plans", PictureTable)
        assert plans.has_focus
        await pilot.press("end", "up", "k", "home", "down", "j")
        assert plans.cursor_row == 2
        await pilot.press("up", "up", "up")  # not above the first row
        assert plans.cursor_row == 0
        await pilot.press("down", "enter")
        expected = plans.picture.keys[1]
        load()
        await settle(pilot)
        assert type(app.screen).__name__ == "PlanScreen"
        assert getattr(app.screen, "key", None) == expected
