"""A legend line: items such as `✖ bak` that wrap between items, never inside one."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from oppfolging.tui.cells import LEGEND_GAP, wrap_items


class Legend(Static):
    """Markup items (built by the app, never dataset text) laid out to the widget's width."""

    DEFAULT_CSS = """
    Legend { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[Content] = []
        """The items shown, in order."""

    def set_items(self, items: list[str]) -> None:
        """Show `items` (markup each)."""
        self.items = [Content.from_markup(item) for item in items]
        self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        lines = wrap_items([item.cell_length for item in self.items], self.content_size.width)
        gap, newline = Content(LEGEND_GAP), Content("\n")
        self.update(newline.join(gap.join(self.items[i] for i in line) for line in lines))
