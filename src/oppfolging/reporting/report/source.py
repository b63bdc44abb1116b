"""Where a round's report comes from: the one headless function behind `oppfolging export`,
the app's export dialog (and, for the figures, `oppfolging status`), so that they can never
disagree about a locked round.

For an open round the report is made from the live dataset and its settings. For a locked
round (issue 10) it is made from the lock's snapshot and the settings copied with it, the
figures are taken on the lock's date (unless the user asked for a date), and the
corrections registered after the lock are listed at the end (`build.attach_corrections`,
from the live round events and change log `store.snapshot.open_round` adds).

`as_of` is a date the user asked for (`--as-of`): it is then both the figures date and the
report's "status per" date, for a locked round too. Without it the figures are taken
`today` (a locked round: on the lock's date) and the status date is the round's end
(`build.reference_date_for`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from oppfolging.domain.periods import Period
from oppfolging.domain.roundlock import LockInfo
from oppfolging.i18n import language_scope
from oppfolging.language import report_language
from oppfolging.reporting.report.build import check_report_plan, make_report
from oppfolging.reporting.report.model import Report
from oppfolging.settings import DatasetSettings, load_dataset_settings
from oppfolging.store.model import Dataset
from oppfolging.store.snapshot import open_round

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class RoundFigures:
    """What a round's report and status are made from (see the module docstring)."""

    dataset: Dataset
    settings: DatasetSettings
    lock: LockInfo | None
    """The round's lock; None for an open round (then `dataset` is the live one)."""
    as_of: date
    """The date the figures are taken."""
    reference_date: date | None
    """The report's "status per" date when the user gave one; None for the default."""


def round_figures(
    folder: Path,
    round_: Period,
    live: tuple[Dataset, DatasetSettings],
    *,
    today: date,
    as_of: date | None = None,
) -> RoundFigures:
    """The dataset, settings and dates of `round_`'s report.

    `live` is the dataset folder's dataset and settings as loaded (and checked) by the
    caller; it is used as it is for an open round. A locked round's snapshot is read
    from `folder` (`SnapshotError` when it is missing or was changed).
    """
    source = open_round(folder, str(round_)) if _locked(folder, round_) else None
    if source is None or source.lock is None:  # (unlocked in between: as open)
        dataset, settings = live
        return RoundFigures(dataset, settings, None, as_of or today, as_of)
    settings = load_dataset_settings(source.settings_folder).settings
    taken = as_of or source.lock.at.date()
    return RoundFigures(source.dataset, settings, source.lock, taken, as_of)


def _locked(folder: Path, round_: Period) -> bool:
    """Whether `round_` is locked now (read from the folder's round events)."""
    from oppfolging.domain.roundlock import lock_info
    from oppfolging.store.load import read_table

    events, _, _ = read_table(folder, "round_events")
    return lock_info(events, str(round_)) is not None


def round_report(
    folder: Path,
    round_: Period,
    live: tuple[Dataset, DatasetSettings],
    *,
    today: date,
    as_of: date | None = None,
    plan_id: str | None = None,
    author: str = "",
    language: str | None = None,
) -> Report:
    """The report to write for `round_` (`round_figures`, then `make_report`): the lock's
    snapshot, the lock's figures date and the corrections after the lock for a locked
    round; the live dataset for an open one. `ReportError` for a plan that is unknown or
    not in the round.

    The report is written in `language` when given (`export --lang`), else in the plan's
    language for a report of one plan, else in the dataset's (`report_language`); its
    texts are made in that language without changing the caller's."""
    figures = round_figures(folder, round_, live, today=today, as_of=as_of)
    chosen = report_language(
        language, plan_language(figures.dataset, plan_id), figures.settings.language
    )
    if plan_id is not None:  # a refusal in the user's language, not the report's
        check_report_plan(figures.dataset.plans, round_, plan_id)
    after_lock = None if figures.lock is None else _after_lock(figures.dataset, round_, live, today)
    with language_scope(chosen):
        report = make_report(
            figures.dataset,
            round_,
            figures.as_of,
            figures.settings,
            plan_id=plan_id,
            reference_date=figures.reference_date,
            author=author,
            after_lock=after_lock,
        )
    return replace(report, language=chosen)


def _after_lock(
    snapshot: Dataset, round_: Period, live: tuple[Dataset, DatasetSettings], today: date
) -> tuple[pl.DataFrame, Dataset]:
    """A locked round's live figures that differ from the locked ones, as the app's
    overview marks them (Δ: the live round on `today`, from the dataset as loaded), with
    the live dataset they are named from."""
    from oppfolging.reporting.round import compute_round
    from oppfolging.reporting.round_state import differences_from

    dataset, settings = live
    now = compute_round(dataset, round_, today, settings)
    return differences_from(snapshot, now, settings), dataset


def plan_language(dataset: Dataset, plan_id: str | None) -> str | None:
    """The `language` a plan declares in plans.csv; None without a plan or a declaration."""
    if plan_id is None or "language" not in dataset.plans.columns:
        return None
    import polars as pl

    found = dataset.plans.filter(pl.col("plan_id") == plan_id).get_column("language")
    return found.item(0) if found.len() else None
