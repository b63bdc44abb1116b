"""The overview's texts put on screen: one function for the overview and its picture.

`screens.overview` builds an `OverviewPicture` from the round it computed and paints it
here; `screens.picture` paints the picture kept from the last start the same way, so the
two can never word a figure differently. No polars (the picture is painted before any
table is read).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Label, Static

from oppfolging.display_snapshot import OverviewPicture
from oppfolging.i18n import t
from oppfolging.tui.base import CatalogueLabel
from oppfolging.tui.literal import Markup, literal, tc
from oppfolging.tui.widgets.legend import Legend


def overview_layout(plans: Widget, focus_areas: Widget, attention: Widget) -> ComposeResult:
    """The overview's header, text lines and three boxes around its tables (the overview
    and its picture: the same layout, so the one replaces the other without a jump)."""
    yield Header()
    yield Static(id="round-bar")
    yield Static(id="lock-bar")
    yield Legend(id="status-legend")
    yield Static(id="filter-bar")
    with Vertical(id="plans-box", classes="box"):
        yield CatalogueLabel("overview.plans", classes="box-title")
        yield plans
    with Vertical(id="focus-box", classes="box"):
        yield Label(t("overview.focus_areas"), classes="box-title", id="focus-title")
        yield focus_areas
    with Vertical(id="attention-box", classes="box"):
        yield Label(t("overview.attention"), classes="box-title", id="attention-title")
        yield attention


def paint_texts(screen: Screen[None], picture: OverviewPicture) -> None:
    """Header, round bar, lock line, legend, filter line and box titles of `picture`."""
    screen.title = picture.title
    screen.sub_title = picture.sub_title
    screen.query_one("#round-bar", Static).update(round_bar(picture))
    lock_bar = screen.query_one("#lock-bar", Static)
    lock_bar.display = bool(picture.lock_text)
    lock_bar.update(literal(picture.lock_text))
    filter_bar = screen.query_one("#filter-bar", Static)
    filter_bar.update(tc("overview.filter_bar", line=picture.filter_line))
    filter_bar.display = bool(picture.filter_line)
    screen.query_one("#status-legend", Legend).set_items(list(picture.legend))
    screen.query_one("#focus-title", Label).update(focus_title(picture.plan_name))
    screen.query_one("#attention-title", Label).update(
        tc(
            "overview.attention.count",
            count=picture.attention_count,
            filters=picture.attention_filters,
        )
    )


def round_bar(picture: OverviewPicture) -> Content:
    """`◀ [  1. tertial 2026  ] ▶  ████░ 70 %`."""
    return tc(
        "overview.round_bar",
        previous=Markup(picture.round_previous),
        round=picture.round_label,
        next=Markup(picture.round_next),
        extra=picture.round_extra,
        bar=picture.completeness_bar,
    )


def focus_title(plan_name: str) -> Content:
    """The focus areas' box title with the plan's name."""
    return tc("overview.focus_areas.plan", name=plan_name)
