"""The filter dialog: status, responsible unit, plan, perspective and tag."""

from __future__ import annotations

from typing import ClassVar, cast

import polars as pl
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select

from oppfolging.domain.codes import INDICATOR_STATUSES, MEASURE_ROUND_STATUSES
from oppfolging.i18n import status_label, t
from oppfolging.reporting.grouping import all_tags, perspectives
from oppfolging.tui.base import CompactWhenShort, TranslatedBindings


class FilterScreen(CompactWhenShort, TranslatedBindings, ModalScreen[bool]):
    """Choose filters; dismisses with True when they changed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "binding.cancel")]

    def compose(self) -> ComposeResult:
        from oppfolging.tui.app import OppfolgingApp

        app = cast(OppfolgingApp, self.app)
        session, filters = app.session, app.filters
        assert session is not None
        statuses = dict.fromkeys([*INDICATOR_STATUSES, *MEASURE_ROUND_STATUSES, "overdue"])
        units = _units(session.dataset.indicators, session.dataset.measures)
        plans = session.dataset.plans.filter(pl.col("status") == "adopted")
        with Vertical(classes="dialog"):
            yield Label(t("filters.title"), classes="dialog-title")
            yield Label(t("filters.status"))
            yield Select([(status_label(c), c) for c in statuses], value=_v(filters.status),
                         id="status", prompt=t("filters.all_statuses"))  # fmt: skip
            yield Label(t("filters.responsible"))
            yield Select([(u, u) for u in units], value=_v(filters.responsible),
                         id="responsible", prompt=t("filters.all_units"))  # fmt: skip
            yield Label(t("filters.plan"))
            yield Select(list(zip(plans["name"], plans["plan_id"], strict=True)),
                         value=_v(filters.plan_id), id="plan",
                         prompt=t("filters.all_plans"))  # fmt: skip
            yield Label(t("filters.perspective"))
            yield Select([(p, p) for p in perspectives(session.dataset)],
                         value=_v(filters.perspective), id="perspective",
                         prompt=t("filters.all_perspectives"))  # fmt: skip
            yield Label(t("filters.tag"))
            yield Select([(tag, tag) for tag in all_tags(session.dataset)],
                         value=_v(filters.tag), id="tag",
                         prompt=t("filters.all_tags"))  # fmt: skip
            with Horizontal(classes="buttons"):
                yield Button(t("button.apply"), id="apply", variant="primary")
                yield Button(t("button.clear"), id="clear")
                yield Button(t("button.cancel"), id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        from oppfolging.tui.app import Filters, OppfolgingApp

        app = cast(OppfolgingApp, self.app)
        if event.button.id == "cancel":
            self.dismiss(False)
            return
        if event.button.id == "clear":
            app.filters = Filters()
        else:
            app.filters = Filters(
                status=_selected(self.query_one("#status", Select)),
                responsible=_selected(self.query_one("#responsible", Select)),
                plan_id=_selected(self.query_one("#plan", Select)),
                perspective=_selected(self.query_one("#perspective", Select)),
                tag=_selected(self.query_one("#tag", Select)),
            )
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


def _units(*frames: pl.DataFrame) -> list[str]:
    values = pl.concat([f.get_column("responsible") for f in frames]).drop_nulls().unique()
    return sorted(values.to_list())


def _v(value: str | None) -> object:
    return value if value is not None else Select.NULL


def _selected(select: Select[str]) -> str | None:
    value = select.value
    return value if isinstance(value, str) else None
