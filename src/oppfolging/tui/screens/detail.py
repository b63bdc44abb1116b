"""Indicator and measure detail: definition, history and (for indicators) a trend chart."""

from __future__ import annotations

import math
from functools import partial
from typing import Any, ClassVar

import polars as pl
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Header, Static
from textual_plotext import PlotextPlot

from oppfolging.domain.periods import Period, period_words
from oppfolging.domain.ssbsource import SSB_COLUMNS, SsbSourceError, last_import, parse_source
from oppfolging.fmt import format_date, format_number, format_value, shown_decimals
from oppfolging.i18n import t
from oppfolging.reporting.history import indicator_definition, indicator_history, measure_history
from oppfolging.tui.base import DRILL_DOWN_BINDINGS, AppScreen, CatalogueLabel
from oppfolging.tui.drill_data import first_row
from oppfolging.tui.literal import Markup, compose, lines, literal, tc
from oppfolging.tui.views import (
    DisplayColumn,
    day,
    display_frame,
    one_line,
    percent,
    period,
    plain,
    status_markup,
    text,
)
from oppfolging.tui.widgets.keyed_table import KeyedTable


def open_item(app: App[Any], key: str, round_: Period) -> None:
    """Open `i:<indicator_id>` or `m:<measure_id>` in its detail screen."""
    kind, _, item_id = key.partition(":")
    if kind == "i":
        app.push_screen(IndicatorScreen(item_id, round_))
    elif kind == "m":
        app.push_screen(MeasureScreen(item_id, round_))


class DetailScreen(AppScreen):
    """Shared by the indicator and measure screens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DRILL_DOWN_BINDINGS,
        Binding("r", "register", "binding.register"),
        Binding("h", "changes", "binding.changes"),
    ]

    def __init__(self, item_id: str, round_: Period) -> None:
        super().__init__()
        self.item_id = item_id
        self.round = round_
        self.comments: dict[str, object] = {}
        """period → the full comment of the history's rows (the table cuts them)."""

    def remember_comments(self, history: pl.DataFrame) -> None:
        """Keep the history's full comments, for the note under the table."""
        self.comments = dict(zip(history["period"].to_list(), history["comment"].to_list(),
                                 strict=True))  # fmt: skip

    @on(KeyedTable.Highlighted, "#history")
    def history_highlighted(self, event: KeyedTable.Highlighted) -> None:
        """The highlighted period's comment in full, wrapped, under the table."""
        self.query_one("#comment", Static).update(comment_note(event.key, self.comments))

    def data_changed(self) -> None:
        self.show_header(self.round)  # a lock by another user shows in the header
        self.refresh_detail()

    def on_screen_resume(self) -> None:
        self.refresh_detail()

    def refresh_detail(self) -> None:
        """Fill the screen from the session (again, after a registration)."""

    def item_key(self) -> str:
        """`i:<id>` or `m:<id>`."""
        raise NotImplementedError

    # --- registration (see tui/screens/forms.py, changes.py) -----------------------------

    def action_register(self) -> None:
        """Register this item's value or status in the round (screen resume refreshes)."""
        from oppfolging.tui.screens.forms import open_form

        open_form(self.app, self.item_key(), self.round)

    def action_changes(self) -> None:
        from oppfolging.tui.screens.changes import ChangesScreen

        self.app.push_screen(ChangesScreen(self.item_key()))


class IndicatorScreen(DetailScreen):
    """An indicator: what it measures, its value history and a trend chart."""

    def item_key(self) -> str:
        return f"i:{self.item_id}"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="breadcrumb")
        with Horizontal(id="indicator-top"):
            yield Static(id="definition", classes="description")
            yield PlotextPlot(id="chart")
        with Vertical(classes="box"):
            yield CatalogueLabel("detail.measurements", classes="box-title")
            yield KeyedTable(id="history", empty_text=t("detail.measurements.empty"))
            yield Static(id="comment", classes="comment-note")
        yield Footer()

    def on_mount(self) -> None:
        definition = indicator_definition(self.session.dataset, self.item_id, self.session.settings)
        self.crumb = str(definition.get("indicator", self.item_id))
        self.show_header(self.round)
        self.query_one("#breadcrumb", Static).update(literal(self.breadcrumb()))
        self.query_one("#history", KeyedTable).focus_on_show = True

    def refresh_detail(self) -> None:
        session = self.session
        definition = indicator_definition(session.dataset, self.item_id, session.settings)
        history = indicator_history(session.dataset, self.item_id, session.settings)
        row = first_row(session.round_result(self.round).indicators, "indicator_id", self.item_id)
        described = describe_indicator(definition, row)
        ssb = ssb_lines(session.dataset.indicators, session.dataset.values, self.item_id)
        self.query_one("#definition", Static).update(lines(described, *ssb))
        self.remember_comments(history)
        frame, keys = history_view(history, str(definition.get("unit") or ""))
        self.run_worker(
            self.query_one("#history", KeyedTable).show(frame, keys), exit_on_error=False
        )
        draw_chart(self.query_one("#chart", PlotextPlot), definition, history)


def comment_note(period: str, comments: dict[str, object]) -> Content:
    """`Kommentar 1. tertial 2026: …` — the full comment (literal, wraps), `–` when there
    is none."""
    comment = comments.get(period)
    text = str(comment).strip() if comment is not None else ""
    return tc("detail.comment_note", period=period_words(period), comment=text or "–")


def describe_indicator(definition: dict[str, Any], row: dict[str, Any]) -> Content:
    """Unit and direction in words, baseline, target, status in the round (names literal)."""
    if not definition:
        return Content(t("detail.indicator.unknown"))
    unit = str(definition.get("unit") or "")
    parts = [
        compose("[b]{name}[/b]", name=definition["indicator"]),
        tc(
            "detail.unit",
            unit=unit,
            direction=t("direction." + str(definition["direction"])),
            frequency=t("frequency." + str(definition["frequency"])),
        ),
        tc(
            "detail.baseline",
            value=format_value(definition.get("baseline"), unit) or "–",
            year=definition.get("baseline_year") or "–",
        ),
        tc(
            "detail.target",
            value=format_value(definition.get("target"), unit) or "–",
            year=definition.get("target_year") or "–",
        ),
        tc("detail.responsible", responsible=definition.get("responsible") or "–"),
        tc("detail.source", source=definition.get("source") or "–"),
    ]
    if row:
        status = Markup(status_markup(row["status"]) + "  " + status_markup(row.get("trend")))
        parts.append(tc("detail.status", period=period_words(row["period"]), status=status))
        parts.append(tc("detail.deadline", date=format_date(row.get("deadline"))))
    return lines(*parts)


def ssb_lines(indicators: pl.DataFrame, values: pl.DataFrame, indicator_id: str) -> list[Content]:
    """The SSB table the figure comes from and when it was last imported (none: no lines)."""
    rows = indicators.filter(pl.col("indicator_id") == indicator_id)
    if not rows.height or "ssb_table" not in rows.columns:
        return []
    row = rows.row(0, named=True)
    try:
        source = parse_source(*(str(row.get(c) or "") for c in SSB_COLUMNS))
    except SsbSourceError:
        return []
    if source is None:
        return []
    imported = last_import(values, indicator_id)
    when = format_date(imported) if imported is not None else t("detail.ssb.never")
    return [tc("detail.ssb", source=source.describe(), date=when)]


def history_view(history: pl.DataFrame, unit: str) -> tuple[pl.DataFrame, list[str]]:
    """The value history, newest first."""
    newest_first = history.reverse()
    decimals = shown_decimals(newest_first["value"].to_list())
    columns: list[DisplayColumn] = [
        (t("col.period"), "period", period),
        (t("col.value"), "value", partial(_unit_value, unit=unit)),
        (t("col.expected"), "expected", partial(_unit_value, unit=unit, decimals=decimals)),
        (t("col.status"), "status", status_markup),
        (t("col.trend"), "trend", status_markup),
        (t("col.progress"), "progress", percent),
        (t("col.comment"), "comment", text),
        (t("col.registered_by"), "registered_by", text),
        (t("col.registered_at"), "registered_at", day),
    ]
    return display_frame(newest_first, columns), newest_first["period"].to_list()


def _unit_value(value: Any, unit: str, decimals: int | None = None) -> str:
    return plain(format_value(value, unit, decimals))


def draw_chart(plot: PlotextPlot, definition: dict[str, Any], history: pl.DataFrame) -> None:
    """Values, baseline, target and expected line over the registered periods."""
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    if history.height == 0 or not definition:
        plt.title(t("chart.no_values"))
        plot.refresh()
        return
    periods = history["period"].to_list()
    x = list(range(1, len(periods) + 1))
    if definition.get("baseline") is not None:
        plt.hline(float(definition["baseline"]), "gray")
    if definition.get("target") is not None:
        target = [float(definition["target"])] * len(x)
        plt.plot(x, target, label=t("chart.target"), marker="-", color="green")
    shown = [float(definition["target"])] if definition.get("target") is not None else []
    if definition.get("baseline") is not None:
        shown.append(float(definition["baseline"]))
    if history["expected"].drop_nulls().len() > 0:
        expected = _numbers(history["expected"])
        plt.plot(x, expected, label=t("chart.expected"), marker="braille", color="orange")
        shown += expected
    values = _numbers(history["value"])
    # Each series has its own glyph, so the legend tells them apart by shape, not only colour.
    plt.plot(x, values, marker="braille", color="cyan")
    plt.scatter(x, values, label=t("chart.value"), marker="●", color="cyan")
    shown += values
    positions, labels = period_ticks(periods, plot.size.width or CHART_WIDTH)
    plt.xticks(positions, labels)
    ticks = y_ticks(shown)
    if ticks:
        plt.yticks(ticks, [format_number(tick) for tick in ticks])
    plt.title(one_line(f"{definition['indicator']} ({definition.get('unit') or ''})"))
    plot.refresh()


CHART_WIDTH = 76
"""The chart's width (cells) assumed before it has been laid out."""
CHART_MARGIN = 10
"""Cells of the chart that are not x axis (the y axis and its labels)."""


def period_ticks(periods: list[str], width: int) -> tuple[list[float], list[str]]:
    """Where the x axis names a period (1 = the first), in words (`1. tertial 2026`): as many
    as fit side by side in `width` cells, evenly spaced, always the newest."""
    labels = [one_line(period_words(p)) for p in periods]
    if not labels:
        return [], []
    room = max(width - CHART_MARGIN, 1)
    step = max(1, math.ceil(len(labels) * (max(map(len, labels)) + 2) / room))
    shown = list(range(len(labels) - 1, -1, -step))[::-1]
    return [float(i + 1) for i in shown], [labels[i] for i in shown]


def y_ticks(values: list[float], count: int = 5) -> list[float]:
    """`count` (+1) evenly spaced ticks from the smallest to the biggest value, rounded to
    a tidy step (1, 2, 2.5 or 5 × a power of ten); empty when there is nothing to show."""
    finite = [v for v in values if not math.isnan(v)]
    if not finite:
        return []
    low, high = min(finite), max(finite)
    if high == low:
        return [low]
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw)
    first = math.floor(low / step) * step
    ticks: list[float] = []
    tick = first
    while tick <= high + step / 2 and len(ticks) < count + 3:
        ticks.append(round(tick, 10))
        tick += step
    return ticks


def _numbers(series: pl.Series) -> list[float]:
    return [float("nan") if v is None else float(v) for v in series.to_list()]


class MeasureScreen(DetailScreen):
    """A measure: responsible, dates, funding and its status history."""

    def item_key(self) -> str:
        return f"m:{self.item_id}"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="breadcrumb")
        yield Static(id="definition", classes="description")
        with Vertical(classes="box"):
            yield CatalogueLabel("detail.status_reports", classes="box-title")
            yield KeyedTable(id="history", empty_text=t("detail.status_reports.empty"))
            yield Static(id="comment", classes="comment-note")
        yield Footer()

    def on_mount(self) -> None:
        row = first_row(self.session.round_result(self.round).measures, "measure_id", self.item_id)
        self.crumb = str(row.get("name", self.item_id))
        self.show_header(self.round)
        self.query_one("#breadcrumb", Static).update(literal(self.breadcrumb()))
        self.query_one("#history", KeyedTable).focus_on_show = True

    def refresh_detail(self) -> None:
        row = first_row(self.session.round_result(self.round).measures, "measure_id", self.item_id)
        self.query_one("#definition", Static).update(describe_measure(row))
        history = measure_history(self.session.dataset, self.item_id).reverse()
        self.remember_comments(history)
        columns: list[DisplayColumn] = [
            (t("col.period"), "period", period),
            (t("col.status"), "status", status_markup),
            (t("col.comment"), "comment", text),
            (t("col.registered_by"), "registered_by", text),
            (t("col.registered_at"), "registered_at", day),
        ]
        frame = display_frame(history, columns)
        self.run_worker(
            self.query_one("#history", KeyedTable).show(frame, history["period"].to_list()),
            exit_on_error=False,
        )


def describe_measure(row: dict[str, Any]) -> Content:
    """Responsible, start, deadline, funding, status and overdue (names literal)."""
    if not row:
        return Content(t("detail.measure.unknown"))
    funding = t("funding.needs") if row.get("needs_funding") else t("funding.within")
    cost = row.get("cost_estimate")
    if cost is not None:
        funding += t("detail.cost_estimate", cost=format_number(cost))
    overdue = f"  {status_markup('overdue')}" if row.get("overdue") else ""
    start, due = (format_date(row.get(key)) or "–" for key in ("start", "due"))
    return lines(
        compose("[b]{name}[/b]", name=row["name"]),
        tc("detail.responsible", responsible=row.get("responsible") or "–"),
        tc("detail.dates", start=start, due=due) + Content.from_markup(overdue),
        tc("detail.funding", funding=funding),
        tc(
            "detail.status",
            period=period_words(row["period"]),
            status=Markup(status_markup(row["status"])),
        ),
    )
