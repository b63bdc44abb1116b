"""Pilot test of the assessment form (issue 10): opened with `a` on a goal, a status that
differs from the suggestion is refused without a reason and saved with one, through the
registration service (the table and the change log)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from pilot_helpers import AS_OF, settle
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from oppfolging.domain.periods import Period
from oppfolging.settings import PersonalSettings, save_personal_settings
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.screens.assess import AssessmentScreen
from oppfolging.tui.screens.drill import FocusAreaScreen, GoalScreen

USER = "Test Testesen"
ROUND = Period(2026, 1)
GOAL = "pg-m1.2"  # suggested «noe avvik» in 2026-T1 as of 01.06.2026


def _read(folder: Path, table: str) -> pl.DataFrame:
    return pl.read_csv(folder / f"{table}.csv", infer_schema=False)


def _error(app: OppfolgingApp) -> str:
    return str(app.screen.query_one("#error", Static).render()).replace("\xa0", " ")


async def _goal_form(app: OppfolgingApp, pilot: Pilot[None]) -> AssessmentScreen:
    """The assessment form of `GOAL`, opened with `a` on its screen."""
    await settle(pilot)
    app.push_screen(GoalScreen(GOAL, ROUND))
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, AssessmentScreen)
    return form


async def test_assessment_override_needs_a_reason(app: OppfolgingApp, sample_copy: Path) -> None:
    save_personal_settings(PersonalSettings(name=USER))
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _goal_form(app, pilot)
        assert "noe avvik" in str(form.query_one("#suggested", Static).render())
        assert form.query_one("#status", Select).value == "some_deviation"
        form.query_one("#text", TextArea).text = "Første linje\nAndre linje"
        form.query_one("#status", Select).value = "on_track"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: no reason
        assert "begrunnelse" in _error(app)
        assert not (sample_copy / "assessments.csv").exists()
        form.query_one("#reason", Input).value = "Tiltakene er i gang"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
    [row] = _read(sample_copy, "assessments").to_dicts()
    assert row["round"] == "2026-T1"
    assert (row["level"], row["target_id"]) == ("goal", GOAL)
    assert (row["status"], row["suggested"]) == ("on_track", "some_deviation")
    assert (row["text"], row["reason"]) == ("Første linje\nAndre linje", "Tiltakene er i gang")
    changes = _read(sample_copy, "changes")
    assert set(changes["table"]) == {"assessments"}
    assert set(changes["user"]) == {USER}
    assert "reason" in changes["column"].to_list()


async def test_focus_area_assessment_with_the_suggested_status(
    app: OppfolgingApp, sample_copy: Path
) -> None:
    save_personal_settings(PersonalSettings(name=USER))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(FocusAreaScreen("pg-io1", ROUND))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AssessmentScreen)
        app.screen.query_one("#text", TextArea).text = "Samlet vurdering"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FocusAreaScreen)
    [row] = _read(sample_copy, "assessments").to_dicts()
    assert (row["level"], row["status"], row["reason"]) == ("focus_area", row["suggested"], None)


async def test_plan_summary_assessment_reaches_the_report(
    app: OppfolgingApp, sample_copy: Path
) -> None:
    """`a` on the plan drill-down writes the plan-level summary; the report's summary (the
    plan section's assessment, and the Markdown export under «Samlet vurdering») shows it."""
    from oppfolging.reporting.export.markdown import render
    from oppfolging.reporting.report import make_report
    from oppfolging.settings import load_dataset_settings
    from oppfolging.store.load import load_dataset
    from oppfolging.tui.screens.drill import PlanScreen

    save_personal_settings(PersonalSettings(name=USER))
    text = "Planen er i rute.\nTo innsatsområder har avvik."
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(PlanScreen("porsgrunn-hm-2026", ROUND))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AssessmentScreen)
        assert "Tid for prioritering" in str(form.query_one("#target", Static).render())
        evidence = str(form.query_one("#evidence Static", Static).render())
        assert "Innsatsområde: Aktiv og selvstendig" in evidence
        form.query_one("#text", TextArea).text = text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
    [row] = _read(sample_copy, "assessments").to_dicts()
    assert (row["round"], row["level"], row["target_id"]) == (
        "2026-T1",
        "plan",
        "porsgrunn-hm-2026",
    )
    assert row["text"] == text
    dataset = load_dataset(sample_copy).dataset
    settings = load_dataset_settings(sample_copy).settings
    report = make_report(dataset, ROUND, AS_OF, settings)
    [plan] = [p for p in report.plans if p.plan_id == "porsgrunn-hm-2026"]
    assert plan.assessment is not None
    assert plan.assessment.text == text
    others = [p.assessment for p in report.plans if p.plan_id != "porsgrunn-hm-2026"]
    assert others == [None] * len(others)
    markdown = render(report)
    assert markdown.index("Samlet vurdering") < markdown.index("To innsatsområder har avvik.")


async def test_a_plan_outside_the_round_has_no_summary_to_write(
    app: OppfolgingApp, sample_copy: Path
) -> None:
    from oppfolging.tui.screens.drill import PlanScreen

    save_personal_settings(PersonalSettings(name=USER))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(PlanScreen("levanger-hvpo-2013", ROUND))  # 2013–2024
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
    assert not (sample_copy / "assessments.csv").exists()


async def test_a_on_a_goal_outside_its_plans_life_is_refused(
    app: OppfolgingApp, sample_copy: Path
) -> None:
    """Porsgrunn's plan (2026–2040) is not in «Årsrapport 2021»: `a` says so, as
    `oppfolging assess` does, and opens no form."""
    save_personal_settings(PersonalSettings(name=USER))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(GoalScreen(GOAL, Period(2021)))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "som ikke er med i Årsrapport 2021" in said
        assert "planen gjelder 2026–2040" in said
    assert not (sample_copy / "assessments.csv").exists()


async def test_an_assessment_of_a_locked_round_is_a_correction_with_a_reason(
    app: OppfolgingApp, sample_copy: Path
) -> None:
    """The form says the round is locked and has the correction field the refusal points
    to (it had none: the message named a field that was not there; found by a review)."""
    from datetime import datetime

    from oppfolging.registration.rounds import lock_round
    from oppfolging.reporting.round_state import corrections_after_lock

    save_personal_settings(PersonalSettings(name=USER))
    lock_round(sample_copy, "2026-T1", "Kari", datetime(2026, 5, 12, 9, 0))
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _goal_form(app, pilot)
        assert "låst" in str(form.query_one("#locked", Static).render())
        form.query_one("#text", TextArea).text = "Etter låsing"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: no correction reason
        assert form.focused is form.query_one("#correction", Input)
        assert not (sample_copy / "assessments.csv").exists()
        form.query_one("#correction", Input).value = "Glemt før låsing"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
    [row] = _read(sample_copy, "assessments").to_dicts()
    assert row["text"] == "Etter låsing"
    assert corrections_after_lock(sample_copy, "2026-T1")["reason"].to_list() == [
        "Glemt før låsing"
    ]
