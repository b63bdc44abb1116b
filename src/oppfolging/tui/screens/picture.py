"""The overview painted from the picture kept at the last start, while the tables are read.

Shown only when `display_snapshot` finds a picture under the same key — every data file
unchanged, same day, round, language, palette and access — so every figure on it is the
one the dataset gives. It looks like the overview (same layout, texts painted by
`overview_paint`, same footer) and is replaced by it as soon as the dataset is read; a key
pressed meanwhile is kept and run on the overview, and the highlighted rows are carried
over. No polars: this screen is what makes the first paint as quick as a bare app.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widget import Widget

from oppfolging.display_snapshot import OverviewPicture, TablePicture
from oppfolging.i18n import t
from oppfolging.tui.base import NARROW_WIDTH, AppScreen
from oppfolging.tui.cells import NARROW_CELL, WIDE_CELL, fitted_widths
from oppfolging.tui.overview_keys import overview_bindings
from oppfolging.tui.overview_paint import overview_layout, paint_texts

BOX_BORDER = 2
SCROLLBAR = 2
ATTENTION_NAME, ATTENTION_COMMENT = 1, 4
"""The name and comment columns of the attention list (`overview_data.attention_columns`)."""
NAME_SHARE = 0.3
"""As the overview's attention list (`screens.overview.NAME_SHARE`)."""


class PictureTable(Widget, can_focus=True):
    """A table of the picture, painted as text lines that look like the overview's tables
    (header, zebra rows, row cursor; the same CSS variables as `KeyedTable`'s inner table).

    Not a DataTable: importing one and laying out its cells cost the first paint about
    25 ms on the sample (0.195 s against 0.17 s), and this table only has to stand for half
    a second. The columns get the widths the overview's table measured over all its rows
    (`TablePicture.widths`). Up, down, Home and End move its cursor; Enter keeps the row
    for the overview to open."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "picture--header",
        "picture--even-row",
        "picture--cursor",
    }
    DEFAULT_CSS = """
    PictureTable {
        height: auto; max-height: 100%; background: $surface; color: $text;
        text-wrap: nowrap; text-overflow: clip;
    }
    PictureTable > .picture--header { text-style: bold; background: $primary; color: $text; }
    PictureTable > .picture--even-row { background: $primary 10%; }
    PictureTable:dark > .picture--even-row { background: $primary 15%; }
    PictureTable > .picture--cursor { background: $secondary 25%; color: $text; }
    PictureTable:focus > .picture--cursor { background: $secondary; text-style: bold; }
    PictureTable.-empty { color: $text-muted; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "binding.open", show=False),
        Binding("up,k", "move(-1)", "binding.up", show=False),
        Binding("down,j", "move(1)", "binding.down", show=False),
        Binding("home", "move(-1000000)", "binding.first_row", show=False),
        Binding("end", "move(1000000)", "binding.last_row", show=False),
    ]

    cursor_row: reactive[int] = reactive(0)

    def __init__(
        self,
        table: TablePicture,
        *,
        empty_text: str,
        id: str,
        flex: int | None = None,
        shares: dict[int, float] | None = None,
        fill_rest: bool = False,
    ) -> None:
        super().__init__(id=id, classes="" if table.rows else "-empty")
        self.picture = table
        self.empty_text = empty_text
        self.flex = flex
        """The column that takes the width the others leave (as `KeyedTable`'s)."""
        self.shares = shares or {}
        """Columns capped at a share of the width (the attention list's name)."""
        self.fill_rest = fill_rest
        """The flex column fills what the columns before it leave (see `fitted_widths`)."""
        self.can_focus = bool(table.rows)
        self._rendered: tuple[object, Text] | None = None
        self._parsed: list[list[Text]] = []

    @property
    def shown_rows(self) -> list[list[Text]]:
        """The rows on screen (no more than the terminal has lines), cells as rich text
        (the kept markup is parsed once)."""
        shown = self._shown()
        if len(self._parsed) < len(shown):
            self._parsed = [[Text.from_markup(cell) for cell in row] for row in shown]
        return self._parsed[: len(shown)]

    def _shown(self) -> tuple[tuple[str, ...], ...]:
        return self.picture.rows[: self.app.size.height]

    def column_widths(self, rows: list[list[Text]]) -> list[int]:
        """Each column's width, fitted to the box as the overview's tables are."""
        cap = WIDE_CELL if self.app.size.width >= NARROW_WIDTH else NARROW_CELL
        measured = self.picture.widths or [
            max([0] + [row[index].cell_len for row in rows])
            for index in range(len(self.picture.columns))
        ]
        natural = [
            min(cap, max(len(header), width))
            for header, width in zip(self.picture.columns, measured, strict=True)
        ]
        available = self._available_width()
        return fitted_widths(
            natural, available, flex=self.flex, shares=self.shares, fill_rest=self.fill_rest
        )

    def _available_width(self) -> int:
        """The width the overview's table gives its columns: the box's inner width, less
        the scroll bar when the rows do not all fit (as far as this picture knows)."""
        fits = 0 < len(self.picture.rows) + 1 <= self.size.height
        scrollbar = 0 if fits else SCROLLBAR
        if self.size.width:
            return self.size.width - scrollbar
        return self.app.size.width - BOX_BORDER - scrollbar  # before the first layout

    def render(self) -> RenderResult:
        if not self.picture.rows:
            return Text(self.empty_text)
        # Layout asks for the lines several times (height: auto) before the first paint.
        state = (self.size, self.cursor_row, self.has_focus, self.app.current_theme.name)
        if self._rendered is None or self._rendered[0] != state:
            self._rendered = (state, self._lines())
        return self._rendered[1]

    def _lines(self) -> Text:
        rows = self.shown_rows
        widths = self.column_widths(rows)
        header = [Text(label) for label in self.picture.columns]
        lines = [_line(header, widths, self.get_component_rich_style("picture--header"))]
        even = self.get_component_rich_style("picture--even-row")
        cursor = self.get_component_rich_style("picture--cursor")
        for index, row in enumerate(rows):
            style = cursor if index == self.cursor_row else even if index % 2 == 0 else None
            lines.append(_line(row, widths, style))
        # The overview's table scrolls the columns beyond the box out of view.
        for line in lines:
            line.truncate(self._available_width())
        return Text("\n", no_wrap=True, overflow="crop").join(lines)

    def action_move(self, step: int) -> None:
        """Move the cursor by `step` rows, within the rows shown."""
        last = max(0, len(self._shown()) - 1)
        self.cursor_row = min(last, max(0, self.cursor_row + step))

    def action_select(self) -> None:
        """Enter: the overview opens this row as soon as it is shown."""
        key, screen = self.cursor_key, self.screen
        if key is not None and self.id is not None and isinstance(screen, PictureScreen):
            screen.oapp.deferred_selection = (self.id, key)

    @property
    def cursor_key(self) -> str | None:
        """The key of the highlighted row."""
        if not self.picture.rows or not self.picture.keys:
            return None
        return self.picture.keys[min(self.cursor_row, len(self.picture.keys) - 1)]

    def focus_table(self) -> None:
        """Focus this table, if it has rows."""
        if self.picture.rows:
            self.focus()


def _line(cells: list[Text], widths: list[int], style: Style | None) -> Text:
    """One table line: each cell cut to its column (with an ellipsis) and padded by one
    space on each side, as the overview's table pads its cells."""
    line = Text(style=style or "", end="")
    for cell, width in zip(cells, widths, strict=True):
        fitted = cell.copy()
        fitted.truncate(width, overflow="ellipsis", pad=True)
        line.append(" ")
        line.append_text(fitted)
        line.append(" ")
    return line


class PictureFooter(Widget):
    """The footer's keys as one line that looks like Textual's `Footer` (same CSS
    variables, same order, the palette key on the right): Textual's footer composes a
    widget per key once the bindings are known, which cost the first paint 18 ms; the
    overview that replaces the picture has the real one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "picture-footer--key",
        "picture-footer--description",
    }
    DEFAULT_CSS = """
    PictureFooter {
        dock: bottom; height: 1;
        color: $footer-foreground; background: $footer-background;
    }
    PictureFooter > .picture-footer--key {
        color: $footer-key-foreground; background: $footer-key-background; text-style: bold;
    }
    PictureFooter > .picture-footer--description {
        color: $footer-description-foreground; background: $footer-description-background;
    }
    """

    def render(self) -> RenderResult:
        key_style = self.get_component_rich_style("picture-footer--key")
        description_style = self.get_component_rich_style("picture-footer--description")
        keys, palette = self._keys()
        line = Text(end="", no_wrap=True, overflow="crop")
        # Narrow terminals get the compact footer without the palette key (`AppScreen`).
        compact = self.app.size.width < NARROW_WIDTH
        for display, description in keys:
            if compact:
                line.append(display, key_style)
                line.append(f" {description}", description_style)
                line.append(" ")
            else:
                line.append(f" {display} ", key_style)
                line.append(f"{description} ", description_style)
        if palette is not None and not compact:
            display, description = palette
            tail = Text.assemble(
                ("\u258f", description_style),  # the palette key's `vkey` left border
                (display, key_style),
                (f" {description} ", description_style),
            )
            gap = self.size.width - line.cell_len - tail.cell_len
            line.append(" " * max(0, gap))
            line.append_text(tail)
        return line

    def _keys(self) -> tuple[list[tuple[str, str]], tuple[str, str] | None]:
        """(key shown, description) of each shown binding, one per action as the footer
        has them, and the command palette's key."""
        seen: set[str] = set()
        keys: list[tuple[str, str]] = []
        palette: tuple[str, str] | None = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = (self.app.get_key_display(binding), binding.description)
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)
                keys.append((self.app.get_key_display(binding), binding.description))
        return keys, palette


class PictureScreen(AppScreen):
    """The last start's overview, shown until the real one is built."""

    BINDINGS: ClassVar[list[BindingType]] = overview_bindings(deferred=True)

    def __init__(self, picture: OverviewPicture) -> None:
        super().__init__()
        self.picture = picture
        self.crumb = t("overview.crumb")

    def compose(self) -> ComposeResult:
        picture = self.picture
        yield from overview_layout(
            PictureTable(picture.plans, empty_text=t("overview.plans.empty"), id="plans", flex=0),
            PictureTable(
                picture.focus_areas,
                empty_text=t("overview.focus_areas.empty"),
                id="focus-areas",
                flex=1,
            ),
            PictureTable(
                picture.attention,
                empty_text=t("overview.attention.empty"),
                id="attention",
                flex=ATTENTION_COMMENT,
                shares={ATTENTION_NAME: NAME_SHARE},
                fill_rest=True,
            ),
        )
        yield PictureFooter()

    def on_mount(self) -> None:
        paint_texts(self, self.picture)
        self.query_one("#plans", PictureTable).focus_table()
        # The dataset is read once this picture is on screen, so that reading it (in a
        # thread, importing polars) does not hold up the first paint.
        self.call_after_refresh(self.oapp.load_session)

    def action_defer(self, action: str) -> None:
        """A key of the overview pressed before it is ready: run it on the overview."""
        self.oapp.deferred_actions.append(action)

    def cursor_state(self) -> dict[str, str]:
        """The highlighted row of each table, by table id, and `focus` the focused one."""
        state: dict[str, str] = {}
        for table in self.query(PictureTable):
            key = table.cursor_key
            if key is not None and table.id is not None:
                state[table.id] = key
                if table.has_focus_within:
                    state["focus"] = table.id
        return state
