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

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from oppfolging.display_snapshot import OverviewPicture, TablePicture
from oppfolging.i18n import t
from oppfolging.tui.base import NARROW_WIDTH, AppScreen
from oppfolging.tui.cells import NARROW_CELL, WIDE_CELL, fitted_widths
from oppfolging.tui.overview_keys import overview_bindings
from oppfolging.tui.overview_paint import overview_layout, paint_texts

BOX_AND_SCROLLBAR = 4
ATTENTION_NAME, ATTENTION_COMMENT = 1, 4
"""The name and comment columns of the attention list (`overview_data.attention_columns`)."""
NAME_SHARE = 0.3
"""As the overview's attention list (`screens.overview.NAME_SHARE`)."""


class PictureTable(Widget, can_focus=False):
    """A table of the picture: the kept cells in a plain row-cursor DataTable."""

    DEFAULT_CSS = """
    PictureTable { height: auto; max-height: 100%; }
    PictureTable > DataTable { height: auto; max-height: 100%; }
    PictureTable > .empty { color: $text-muted; padding: 0 1; }
    """

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
        super().__init__(id=id)
        self.picture = table
        self.empty_text = empty_text
        self.flex = flex
        """The column that takes the width the others leave (as `KeyedTable`'s)."""
        self.shares = shares or {}
        """Columns capped at a share of the width (the attention list's name)."""
        self.fill_rest = fill_rest
        """The flex column fills what the columns before it leave (see `fitted_widths`)."""

    def compose(self) -> ComposeResult:
        if not self.picture.rows:
            yield Static(self.empty_text, classes="empty", markup=False)
            return
        yield DataTable(cursor_type="row", zebra_stripes=True, show_row_labels=False)

    def on_mount(self) -> None:
        if not self.picture.rows:
            return
        table = self.query_one(DataTable)
        cap = WIDE_CELL if self.app.size.width >= NARROW_WIDTH else NARROW_CELL
        # No table shows more rows than the terminal has lines before the real one is built.
        shown = self.picture.rows[: self.app.size.height]
        rows = [[Text.from_markup(cell) for cell in row] for row in shown]
        natural = [
            min(cap, max([len(header)] + [row[index].cell_len for row in rows]))
            for index, header in enumerate(self.picture.columns)
        ]
        # The boxes span the screen: less their border and the table's scroll bar.
        available = self.app.size.width - BOX_AND_SCROLLBAR
        widths = fitted_widths(
            natural, available, flex=self.flex, shares=self.shares, fill_rest=self.fill_rest
        )
        for header, width in zip(self.picture.columns, widths, strict=True):
            table.add_column(header, width=width)
        table.add_rows(rows)

    @property
    def cursor_key(self) -> str | None:
        """The key of the highlighted row."""
        tables = self.query(DataTable)
        if not tables or not self.picture.keys:
            return None
        return self.picture.keys[min(tables.first().cursor_row, len(self.picture.keys) - 1)]

    def focus_table(self) -> None:
        """Focus the inner table, if any."""
        tables = self.query(DataTable)
        if tables:
            tables.first().focus()


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
        yield Footer()

    def on_mount(self) -> None:
        paint_texts(self, self.picture)
        self.query_one("#plans", PictureTable).focus_table()
        # The dataset is read once this picture is on screen, so that reading it (in a
        # thread, importing polars) does not hold up the first paint.
        self.call_after_refresh(self.oapp.load_session)

    def action_defer(self, action: str) -> None:
        """A key of the overview pressed before it is ready: run it on the overview."""
        self.oapp.deferred_actions.append(action)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: open it from the overview as soon as that is shown."""
        event.stop()
        table = event.data_table.parent
        if isinstance(table, PictureTable):
            key = table.cursor_key
            if key is not None and table.id is not None:
                self.oapp.deferred_selection = (table.id, key)

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
