"""The assessment form (issue 10): a round's text and status for a goal, a focus area or a
plan (the plan-level summary that opens the report).

Shows the item's evidence at a glance (a goal's indicators and measures, a focus area's
goals, each with its status), the suggested status (`reporting.assessments`, the same
frame the report and `oppfolging assess --list` read), a multi-line text, the status choice
and a reason that is required when the status differs from the suggestion. Saves through
the registration service in `RegistrationForm`'s thread worker (conflicts, reload).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from oppfolging.domain.periods import Period
from oppfolging.domain.roundlock import LockInfo
from oppfolging.domain.schema import GOAL_STATUSES
from oppfolging.i18n import t
from oppfolging.registration import RegistrationError, RowEdit, assessment_edit
from oppfolging.registration.assessments import check_in_round
from oppfolging.registration.roundguard import period_lock
from oppfolging.reporting.assessments import round_assessments
from oppfolging.session import Session
from oppfolging.settings import load_personal_settings
from oppfolging.textsafe import visible
from oppfolging.tui.literal import Markup, compose, lines, literal, tc
from oppfolging.tui.screens.dialogs import RegistrationForm, save_error_line
from oppfolging.tui.screens.forms import correction_field, locked_fields
from oppfolging.tui.views import status_markup

_KEY = ("round", "level", "target_id")
_EDITABLE = ("status", "suggested", "text", "reason", "registered_by", "registered_at")


@dataclass(frozen=True)
class AssessmentContext:
    """What the form shows and saves against."""

    round: Period
    level: str
    target_id: str
    name: str
    suggested: str
    evidence: list[tuple[str, str, str | None]]
    """(kind, name, status code) of each indicator and measure (a focus area: each goal; a
    plan: each focus area)."""
    existing: dict[str, object] | None
    """The registered row's non-key cells as the file held them, None when there is none."""
    outline: Mapping[str, pl.DataFrame]
    """The dataset's plans, focus areas and goals (the save checks the plan is in the round)."""
    locked: tuple[str, LockInfo] | None = None
    """The round and its lock when it is locked: a save is a correction with a reason."""


def assessment_context(
    session: Session, round_: Period, level: str, target_id: str
) -> AssessmentContext:
    """The context of the goal, focus area or plan `target_id` in `round_`."""
    result = session.round_result(round_)
    frame = round_assessments(session.dataset, result)
    row = frame.filter((pl.col("level") == level) & (pl.col("target_id") == target_id))
    item = row.row(0, named=True) if row.height else {}
    registered = session.dataset.assessments.filter(
        (pl.col("round") == str(round_))
        & (pl.col("level") == level)
        & (pl.col("target_id") == target_id)
    )
    existing = registered.select(_EDITABLE).row(0, named=True) if registered.height else None
    return AssessmentContext(
        round=round_,
        level=level,
        target_id=target_id,
        name=str(item.get("name") or target_id),
        suggested=str(item.get("suggested") or "not_assessed"),
        evidence=_evidence(session, round_, frame, level, target_id),
        existing=existing,
        outline=session.dataset.frames,
        locked=period_lock(session.dataset["round_events"], str(round_)),
    )


def _evidence(
    session: Session, round_: Period, frame: pl.DataFrame, level: str, target_id: str
) -> list[tuple[str, str, str | None]]:
    if level == "plan":
        areas = frame.filter((pl.col("level") == "focus_area") & (pl.col("plan_id") == target_id))
        return [
            ("assess.evidence.focus_area", str(r["name"]), r["effective"])
            for r in areas.iter_rows(named=True)
        ]
    if level == "focus_area":
        goals = frame.filter((pl.col("level") == "goal") & (pl.col("focus_area_id") == target_id))
        return [("level.goal", str(r["name"]), r["effective"]) for r in goals.iter_rows(named=True)]
    result = session.round_result(round_)
    indicators = result.indicators.filter(pl.col("goal_id") == target_id)
    measures = result.measures.filter(pl.col("goal_id") == target_id)
    shown = [
        ("assess.evidence.indicator", str(r["indicator"]), r["status"])
        for r in indicators.iter_rows(named=True)
    ]
    for r in measures.iter_rows(named=True):
        status = "overdue" if r["overdue"] and r["status"] not in ("delayed",) else r["status"]
        shown.append(("assess.evidence.measure", str(r["name"]), status))
    return shown


def evidence_text(context: AssessmentContext) -> Content:
    """One line per indicator, measure or goal: the status (symbol and word), then the name."""
    if not context.evidence:
        return Content(t("assess.evidence.empty"))
    return lines(
        *(
            compose("{status} {kind}: {name}", status=Markup(status_markup(code)),
                    kind=t(kind), name=name)
            for kind, name, code in context.evidence
        )
    )  # fmt: skip


def open_assessment(app: App[Any], session: Session, round_: Period, level: str, key: str) -> None:
    """Open the form for the goal, focus area or plan `key`; asks for the user's name first."""
    from oppfolging.tui.access import may_assess
    from oppfolging.tui.screens.settings import SettingsScreen

    if not may_assess(app, session, level, key):
        return
    try:
        check_in_round(session.dataset.frames, str(round_), level, key)
    except RegistrationError as error:  # the same refusal as `oppfolging assess`
        app.notify(visible(str(error)), severity="warning", markup=False)
        return

    def push() -> None:
        user = load_personal_settings().settings.name
        context = assessment_context(session, round_, level, key)
        app.push_screen(AssessmentScreen(context, user))

    if load_personal_settings().settings.name:
        push()
        return

    def after_settings(saved: bool | None) -> None:
        if saved and load_personal_settings().settings.name:
            push()

    app.notify(t("form.name_first"))
    app.push_screen(SettingsScreen(), after_settings)


class AssessmentScreen(RegistrationForm):
    """Write a round's assessment of a goal, a focus area or a plan."""

    AUTO_FOCUS = "#text"

    def __init__(self, context: AssessmentContext, user: str) -> None:
        super().__init__(user)
        self.context = context
        self.locked = context.locked

    def compose(self) -> ComposeResult:
        existing = self.context.existing or {}
        current = existing.get("status")
        options = [(status_markup(code), code) for code in GOAL_STATUSES]
        chosen = current if current in GOAL_STATUSES else self.context.suggested
        with Vertical(classes="dialog", id="assess-form"):
            yield Label(tc("assess.title", round=self.context.round.round_label),
                        classes="dialog-title")  # fmt: skip
            yield Static(tc(f"assess.{self.context.level}", name=self.context.name), id="target")
            yield Static(self._suggested_line(), id="suggested")
            yield from locked_fields(self.context.locked)
            with VerticalScroll(id="evidence"):
                yield Static(evidence_text(self.context))
            yield Label(t("assess.status"))
            yield Select(options, value=chosen, id="status", allow_blank=False)
            yield Label(t("assess.text"))
            yield TextArea(str(existing.get("text") or ""), id="text", soft_wrap=True)
            yield Label(t("assess.reason"))
            yield Input(str(existing.get("reason") or ""), id="reason")
            yield from correction_field(self.context.locked)
            yield Static("", id="error", classes="error-text")
            yield save_error_line()
            with Horizontal(classes="buttons"):
                yield Button(t("button.save"), id="save", variant="primary")
                yield Button(t("button.cancel"), id="cancel")

    def _suggested_line(self) -> Content:
        status = Markup(status_markup(self.context.suggested))
        line = tc("assess.suggested", status=status)
        existing = self.context.existing or {}
        if existing.get("registered_by"):
            when = existing.get("registered_at")
            shown = when.strftime("%d.%m.%Y %H:%M") if hasattr(when, "strftime") else ""
            who = literal(t("assess.registered", who=existing["registered_by"], when=shown))
            return lines(line, who)
        return line

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    @on(Select.Changed)
    @on(Input.Changed)
    def clear_error(self) -> None:
        self.query_one("#error", Static).update("")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def fields(self) -> tuple[str | None, str, str]:
        """The chosen status, the text and the reason as they stand."""
        value = self.query_one("#status", Select).value
        status = value if isinstance(value, str) else None
        text = self.query_one("#text", TextArea).text
        return status, text, self.query_one("#reason", Input).value

    def has_unsaved_input(self) -> bool:
        existing = self.context.existing or {}
        status = existing.get("status") or self.context.suggested
        shown = (status, str(existing.get("text") or ""), str(existing.get("reason") or ""))
        return self.fields() != shown

    def build_edit(self) -> RowEdit | None:
        status, text, reason = self.fields()
        if status != self.context.suggested and not reason.strip():
            label = Markup(status_markup(self.context.suggested))
            self.query_one("#error", Static).update(tc("assess.reason_required", suggested=label))
            self.query_one("#reason", Input).focus()
            return None
        try:
            return assessment_edit(
                str(self.context.round), self.context.level, self.context.target_id, status,
                text, reason, self.user, datetime.now(), suggested=self.context.suggested,
                outline=self.context.outline, expected=self.context.existing,
            )  # fmt: skip
        except RegistrationError as error:
            self.show_error(str(error))
            return None
