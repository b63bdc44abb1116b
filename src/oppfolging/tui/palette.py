"""Command-palette provider: find any plan, focus area, goal, indicator or measure by name."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.align import Align
from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import Screen
from textual.widgets.option_list import Option

from oppfolging.i18n import t
from oppfolging.textsafe import visible
from oppfolging.tui.base import TranslatedBindings

if TYPE_CHECKING:
    from oppfolging.tui.app import OppfolgingApp

_SOURCES = (
    ("plans", "plan_id", "name", "kind.plan"),
    ("focus_areas", "focus_area_id", "name", "kind.focus_area"),
    ("goals", "goal_id", "text", "kind.goal"),
    ("indicators", "indicator_id", "name", "kind.indicator"),
    ("measures", "measure_id", "name", "kind.measure"),
)


def searchable_items(app: OppfolgingApp) -> list[tuple[str, str, str]]:
    """(kind, table, id, text) of everything that can be found by name."""
    session = app.session
    if session is None:
        return []
    dataset = session.dataset
    municipalities = _municipalities(dataset)
    items: list[tuple[str, str, str]] = []
    for table, id_column, text_column, kind_key in _SOURCES:
        kind = t(kind_key)
        frame = dataset[table].select(id_column, text_column).drop_nulls()
        where = municipalities.get(table, {})
        for item_id, name in frame.iter_rows():
            label = f"{kind}: {' '.join(visible(str(name)).split())}"
            if where.get(str(item_id)):
                label += f" — {where[str(item_id)]}"
            items.append((label, table, str(item_id)))
    return items


def _municipalities(dataset: Any) -> dict[str, dict[str, str]]:
    """{table: {id: the plan's municipality}}: tells same-named items of several plans apart."""
    plans = dataset["plans"].select("plan_id", "municipality")
    areas = dataset["focus_areas"].select("focus_area_id", "plan_id").join(plans, on="plan_id")
    goals = dataset["goals"].select("goal_id", "focus_area_id").join(areas, on="focus_area_id")
    found: dict[str, dict[str, str]] = {}
    for table, id_column, frame in (
        ("plans", "plan_id", plans),
        ("focus_areas", "focus_area_id", areas),
        ("goals", "goal_id", goals),
        ("indicators", "indicator_id", dataset["indicators"].select("indicator_id", "goal_id")
         .join(goals, on="goal_id")),
        ("measures", "measure_id", dataset["measures"].select("measure_id", "goal_id")
         .join(goals, on="goal_id")),
    ):  # fmt: skip
        pairs = frame.select(id_column, "municipality").drop_nulls().iter_rows()
        found[table] = {str(i): " ".join(visible(str(m)).split()) for i, m in pairs}
    return found


class SearchProvider(Provider):
    """Search every named thing in the dataset."""

    async def search(self, query: str) -> Hits:
        from oppfolging.tui.app import OppfolgingApp

        app = cast(OppfolgingApp, self.app)
        matcher = self.matcher(query)
        for label, table, item_id in searchable_items(app):
            score = matcher.match(label)
            if score > 0:
                command = partial(open_found, app, table, item_id)
                yield Hit(score, highlight(matcher, label), command, text=label)


def highlight(matcher: Matcher, label: str) -> Content:
    """`label` as literal Content with the matched letters highlighted
    (`Matcher.highlight` would parse the name as markup)."""
    content = Content(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def open_found(app: OppfolgingApp, table: str, item_id: str) -> None:
    """Open the screen that shows the found item."""
    from oppfolging.tui.screens.detail import open_item
    from oppfolging.tui.screens.drill import FocusAreaScreen, GoalScreen, PlanScreen

    session = app.session
    if session is None:
        return
    round_ = _current_round(app)
    screens = {"plans": PlanScreen, "focus_areas": FocusAreaScreen, "goals": GoalScreen}
    if table in screens:
        app.push_screen(screens[table](item_id, round_))
    else:
        open_item(app, ("i:" if table == "indicators" else "m:") + item_id, round_)


def _current_round(app: OppfolgingApp) -> Any:
    from oppfolging.tui.screens.overview import OverviewScreen

    for screen in reversed(app.screen_stack):
        round_ = getattr(screen, "round", None)
        if round_ is not None:
            return round_
        if isinstance(screen, OverviewScreen):
            break
    assert app.session is not None
    return app.session.clamp_round(app.initial_round)


class TranslatedPalette(TranslatedBindings, CommandPalette):
    """Textual's command palette with its own texts (the placeholder, "No matches found",
    its key descriptions) from the catalogue, looked up when the palette opens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+end, shift+end", "command_list('last')", "palette.last", show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", "palette.first", show=False),
        Binding("down", "cursor_down", "palette.next", show=False),
        Binding("escape", "escape", "palette.close"),
        Binding("pagedown", "command_list('page_down')", "palette.next_page", show=False),
        Binding("pageup", "command_list('page_up')", "palette.previous_page", show=False),
        Binding("up", "command_list('cursor_up')", "palette.previous", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(placeholder=t("palette.placeholder"), **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's, with "No matches found" in the language in use."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if not search_value:  # discover mode: no query, nothing to report
                self._list_visible = False
                return
            message = Text(t("palette.no_matches"), style="not bold")
            self.query_one(CommandList).add_option(
                Option(Align.center(message), disabled=True, id=self._NO_MATCHES)
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def system_commands(app: App[Any], screen: Screen[Any]) -> Iterable[SystemCommand]:
    """Textual's system commands (`App.get_system_commands`) named in the language in use."""
    yield SystemCommand(t("palette.theme"), t("palette.theme_help"), app.action_change_theme)
    yield SystemCommand(t("palette.quit"), t("palette.quit_help"), app.action_quit)
    if screen.query("HelpPanel"):
        yield SystemCommand(
            t("palette.keys"), t("palette.keys_hide_help"), app.action_hide_help_panel
        )
    else:
        yield SystemCommand(t("palette.keys"), t("palette.keys_help"), app.action_show_help_panel)
    if screen.maximized is not None:
        yield SystemCommand(
            t("palette.minimize"), t("palette.minimize_help"), screen.action_minimize
        )
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(
            t("palette.maximize"), t("palette.maximize_help"), screen.action_maximize
        )
    yield SystemCommand(
        t("palette.screenshot"),
        t("palette.screenshot_help"),
        lambda: app.set_timer(0.1, app.deliver_screenshot),
    )
