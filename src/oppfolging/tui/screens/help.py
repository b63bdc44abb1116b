"""Help: every key of every screen, read from the screens' own `BINDINGS` (so the help
cannot drift from the keys), and what the status symbols mean."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from oppfolging.domain.codes import INDICATOR_STATUSES, MEASURE_ROUND_STATUSES, REVISION_FLAGS
from oppfolging.i18n import status_label, t
from oppfolging.tui.base import TranslatedBindings

Row = tuple[str, str]
"""(keys as shown, what they do)."""

SCREEN_ORDER = (
    "OverviewScreen",
    "PlanScreen",
    "FocusAreaScreen",
    "GoalScreen",
    "IndicatorScreen",
    "MeasureScreen",
    "ChangesScreen",
    "RevisionScreen",
    "WorklistScreen",
    "RoundScreen",
    "ProblemsScreen",
    "EmptyScreen",
)
"""The order of the screens' sections (others follow, by name)."""


class HelpScreen(TranslatedBindings, ModalScreen[None]):
    """Keys and status symbols; Escape, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "binding.close"),
        Binding("question_mark", "dismiss", "binding.close", show=False),
        Binding("q", "dismiss", "binding.close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Markdown(help_markdown(self.app), id="help-text")


def help_markdown(app: App[Any]) -> str:
    """The whole help: keys everywhere, in tables, per screen, in dialogs; then statuses."""
    from oppfolging.tui.widgets.keyed_table import RowTable

    everywhere = [*binding_rows(app, type(app)), *binding_rows(app, Screen), *extra_rows(app)]
    parts = [f"# {t('help.title')}", t("help.intro")]
    parts.append(section(t("help.everywhere"), everywhere))
    parts.append(section(t("help.tables"), binding_rows(app, RowTable)))
    for title, rows in screen_sections(app, set(everywhere)):
        parts.append(section(title, rows))
    parts.append(legend(t("help.indicator_statuses"), INDICATOR_STATUSES))
    parts.append(legend(t("help.measure_statuses"), MEASURE_ROUND_STATUSES))
    parts.append(legend(t("help.revision_flags"), REVISION_FLAGS))
    parts.append(t("help.colour_note"))
    return "\n\n".join(parts) + "\n"


def screen_sections(app: App[Any], shared: set[Row]) -> list[tuple[str, list[Row]]]:
    """One section per app screen (screens with the same keys share one), then one for
    every dialog together; rows listed under «everywhere» are left out."""
    sections: dict[tuple[Row, ...], list[str]] = {}
    dialog_rows: list[Row] = []
    for cls in screen_classes():
        rows = [row for row in binding_rows(app, cls) if row not in shared]
        if issubclass(cls, ModalScreen):
            dialog_rows.extend(rows)
        elif rows:
            sections.setdefault(tuple(rows), []).append(t(f"help.screen.{cls.__name__}"))
    result = [(" / ".join(titles), list(rows)) for rows, titles in sections.items()]
    return [*result, (t("help.dialogs"), merged_by_key(dialog_rows))]


def merged_by_key(rows: list[Row]) -> list[Row]:
    """One row per key: `esc | Avbryt / Nei / Lukk` (each dialog says what Esc does)."""
    merged: dict[str, list[str]] = {}
    for keys, what in rows:
        words = merged.setdefault(keys, [])
        if what not in words:
            words.append(what)
    return [(keys, " / ".join(words)) for keys, words in merged.items()]


def screen_classes() -> list[type[Screen[Any]]]:
    """Every screen class the app can show (leaves only: a base class such as
    `DetailScreen` is covered by its subclasses), overview first."""
    from oppfolging.tui.screens import __name__ as package_name
    from oppfolging.tui.screens import __path__ as package_path

    found: list[type[Screen[Any]]] = []
    for info in pkgutil.iter_modules(package_path):
        module = importlib.import_module(f"{package_name}.{info.name}")
        found.extend(
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, Screen)
            and value.__module__ == module.__name__
        )
    leaves = [cls for cls in found if not any(o is not cls and issubclass(o, cls) for o in found)]
    return sorted(leaves, key=_screen_rank)


def _screen_rank(cls: type[Screen[Any]]) -> tuple[int, str]:
    name = cls.__name__
    return (SCREEN_ORDER.index(name) if name in SCREEN_ORDER else len(SCREEN_ORDER), name)


def binding_rows(app: App[Any], cls: type[DOMNode]) -> list[Row]:
    """The bindings of `cls` (inherited ones included), one row per action: keys bound
    to the same action and description are shown together (`↑ / k`). Keys the served
    role may not use are left out (issue 12)."""
    from oppfolging.tui.access import action_allowed, app_access

    access = app_access(app)
    grouped: dict[tuple[str, str], list[str]] = {}
    for binding in bindings_of(cls):
        if not action_allowed(access, binding.action.rpartition(".")[2]):
            continue
        keys = grouped.setdefault((binding.action, describe(binding)), [])
        shown = app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    return [(" / ".join(keys), what) for (_, what), keys in grouped.items()]


def bindings_of(cls: type[DOMNode]) -> Iterable[Binding]:
    """Every binding `cls` has, as Textual merges them (a subclass's key wins)."""
    for bindings in cls._merge_bindings().key_to_bindings.values():
        yield from bindings


def describe(binding: Binding) -> str:
    """What a key does: the catalogue's word for the action when it has one (Textual's
    own bindings are described in English), else the binding's description."""
    key = f"help.action.{binding.action}"
    word = t(key)
    return t(binding.description) if word == key else word


def extra_rows(app: App[Any]) -> list[Row]:
    """Keys that are not in a screen's `BINDINGS` list: the command palette (Textual adds
    it) and the palette's own keys."""
    from oppfolging.tui.palette import TranslatedPalette

    palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette")
    own = binding_rows(app, TranslatedPalette)
    return [(app.get_key_display(palette), t("help.extra.palette")), *own]


def section(title: str, rows: list[Row]) -> str:
    """A `## title` and one line per key: `- **↑ / k** – Opp i tabellen` (a list, not a
    table: one line a key, so the help fits a short terminal)."""
    return "\n".join(
        [f"## {title}\n", *(f"- **{cell(keys)}**\u00a0– {cell(what)}" for keys, what in rows)]
    )


def legend(title: str, codes: Iterable[str]) -> str:
    """A `## title` and one line per status: its symbol and word."""
    return "\n".join([f"## {title}\n", *(f"- {cell(status_label(code))}" for code in codes)])


def cell(text: str) -> str:
    """Text shown as it is inside Markdown (no emphasis, no link, no code)."""
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in text)


_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>|#")
"""Characters Markdown would read as markup."""
