"""The XLSX `Diagrammer` sheet: one native line chart per indicator, target as a dashed line.

A series holds the periods up to the report's round only (`build.chart_series`), labelled
in words (`1. tertial 2026`).

The charted numbers are written to a hidden `Diagramdata` sheet (three rows per indicator:
title and periods, name and values, target) which the charts refer to. Titles and series
names are cell references rather than strings, so a name beginning with `=` stays text.
"""

from __future__ import annotations

from typing import Any

from oppfolging.i18n import t
from oppfolging.reporting.report import ChartSeries, Report

_CHART_WIDTH, _CHART_HEIGHT = 480, 288
FONT = "Arial"
"""The charts' font, as the cells' (`xlsx.FONT`)."""
ROW_PIXELS = 17
"""The workbook's row height in pixels (Arial 10; set in `xlsx.write`)."""
_ROWS_PER_CHART = -(-(_CHART_HEIGHT + 20) // ROW_PIXELS)
"""Rows a chart takes, with a gap below it (the charts must not overlap)."""
_COLS_PER_CHART = 8
_PER_ROW = 2
ROWS_PER_PAGE = 2
"""Rows of charts on a printed page (two of 288 px fit landscape A4 at full size)."""


def write_charts(book: Any, report: Report) -> Any:
    """Add the chart sheet and its data sheet and return the chart sheet; nothing (None)
    when there is nothing to chart. Printed landscape, two rows of charts a page."""
    if not report.charts:
        return None
    sheet = book.add_worksheet(t("report.table.charts"))
    data = book.add_worksheet("Diagramdata")
    top = 0
    if report.charts_total > report.charts_limit:
        note = t("report.charts_capped", shown=report.charts_limit, total=report.charts_total)
        sheet.write_string(0, 0, note)
        top = 1
    for index, series in enumerate(report.charts):
        _write_data(data, index, series)
        chart = _chart(book, data.get_name(), index, series)
        row = top + (index // _PER_ROW) * _ROWS_PER_CHART
        col = (index % _PER_ROW) * _COLS_PER_CHART
        sheet.insert_chart(row, col, chart)
    data.hide()
    _print_setup(sheet, top, len(report.charts))
    return sheet


def _print_setup(sheet: Any, top: int, charts: int) -> None:
    """Landscape A4, one page wide, a page break after every `ROWS_PER_PAGE` chart rows
    so that no chart is cut in two."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    chart_rows = -(-charts // _PER_ROW)
    breaks = range(ROWS_PER_PAGE, chart_rows, ROWS_PER_PAGE)
    sheet.set_h_pagebreaks([top + index * _ROWS_PER_CHART for index in breaks])


def _write_data(data: Any, index: int, series: ChartSeries) -> None:
    base = index * 3
    title = series.title
    if series.unit:
        title = t("report.chart_title", name=series.title, unit=series.unit)
    data.write_string(base, 0, title)
    data.write_string(base + 1, 0, series.title)
    data.write_string(base + 2, 0, t("report.chart_target"))
    labels = series.labels or series.periods
    for col, (period, value) in enumerate(zip(labels, series.values, strict=True), 1):
        data.write_string(base, col, period)
        data.write_number(base + 1, col, value)
        if series.target is not None:
            data.write_number(base + 2, col, series.target)


def _chart(book: Any, data_name: str, index: int, series: ChartSeries) -> Any:
    base, last = index * 3, len(series.periods)
    chart = book.add_chart({"type": "line"})
    categories = [data_name, base, 1, base, last]
    chart.add_series(
        {
            "name": [data_name, base + 1, 0],
            "categories": categories,
            "values": [data_name, base + 1, 1, base + 1, last],
            "marker": {"type": "circle"},
        }
    )
    if series.target is not None:
        chart.add_series(
            {
                "name": [data_name, base + 2, 0],
                "categories": categories,
                "values": [data_name, base + 2, 1, base + 2, last],
                "line": {"dash_type": "dash", "color": "#57606a"},
            }
        )
    chart.set_title({"name": [data_name, base, 0], "name_font": {"size": 11, "name": FONT}})
    chart.set_legend({"position": "bottom", "font": {"name": FONT}})
    chart.set_x_axis({"num_font": {"name": FONT}})
    chart.set_y_axis({"num_font": {"name": FONT}})
    chart.set_size({"width": _CHART_WIDTH, "height": _CHART_HEIGHT})
    return chart
