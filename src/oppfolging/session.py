"""One open dataset as the app sees it: the frames, the settings, the as-of date and the
round results, computed once per round and cached.

Headless (no textual): the app's screens read from a `Session`, and so can tests. The
round numbers themselves come from `reporting.round.compute_round` — the one place they
are computed — so the screen and the exported report never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import polars as pl

from oppfolging.domain.periods import (
    Period,
    default_round,
    parse_period,
    round_order,
    rounds_between,
)
from oppfolging.domain.revision import revision_table
from oppfolging.reporting.round import RoundResult, compute_round
from oppfolging.settings import DatasetSettings, load_dataset_settings
from oppfolging.store.aftersave import dataset_after_save, tables_after_save
from oppfolging.store.load import load_dataset
from oppfolging.store.model import Dataset, Problem
from oppfolging.store.write import SavedTable, SaveResult


@dataclass
class Session:
    """A loaded dataset, its settings and the date that counts as today."""

    folder: Path
    dataset: Dataset
    settings: DatasetSettings
    as_of: date
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    """What opening the folder repaired (a killed save completed, a cut-off log line moved
    aside): shown once, never blocking."""
    _results: dict[Period, RoundResult] = field(default_factory=dict, repr=False)
    saved: tuple[SavedTable, ...] | None = field(default=None, repr=False)
    """For a session `while_saving`: the tables of the save it was made with."""

    @property
    def dataset_name(self) -> str:
        """The dataset's name: `name` in its `oppfolging.toml`, else the folder's name."""
        return self.settings.name or self.folder.resolve().name

    @property
    def is_empty(self) -> bool:
        """True when the dataset has no plans at all (a fresh `oppfolging init`)."""
        return self.dataset.plans.height == 0

    def after_save(self, result: SaveResult, early: Session | None = None) -> Session | None:
        """This session with one's own save applied in memory (`store.aftersave`), or None
        when the folder must be read again: the save was not described, the session had
        problems or warnings (a save can resolve them), or the files were not exactly those
        the session was read from. `early`: `while_saving` of this session with this save's
        tables; its tables and the rounds computed from them are taken over."""
        if self.problems or self.notices or result.after is None:
            return None
        taken = early if early is not None and early.saved is result.after.tables else None
        with_tables = taken.dataset if taken is not None else None
        dataset = dataset_after_save(self.dataset, result.after, with_tables)
        if dataset is None:
            return None
        session = Session(self.folder, dataset, self.settings, self.as_of)
        if taken is not None:
            session._results.update(taken._results)
        return session

    def while_saving(self, tables: tuple[SavedTable, ...]) -> Session | None:
        """This session with the tables a save is writing (`store.write.save_edits`'s
        `on_planned`), for computing the round meanwhile; never shown as such — only
        `after_save` of the finished save takes it over. None when it cannot be exact."""
        if self.problems or self.notices:
            return None
        dataset = tables_after_save(self.dataset, tables)
        if dataset is None:
            return None
        session = Session(self.folder, dataset, self.settings, self.as_of)
        session.saved = tables
        return session

    def round_result(self, round_: Period) -> RoundResult:
        """The round's tables, computed on first use and then cached."""
        if round_ not in self._results:
            self._results[round_] = compute_round(self.dataset, round_, self.as_of, self.settings)
        return self._results[round_]

    def cached_result(self, round_: Period) -> RoundResult | None:
        """The round's tables when already computed (nothing is computed here)."""
        return self._results.get(round_)

    def forget_results(self) -> None:
        """Drop cached round results (after the data changed)."""
        self._results.clear()
        self.__dict__.pop("revisions", None)
        self.__dict__.pop("rounds", None)

    @cached_property
    def revisions(self) -> pl.DataFrame:
        """The revision flags of every plan as of the session date."""
        return revision_table(self.dataset.plans, self.as_of, self.settings.revision_warning_months)

    @cached_property
    def rounds(self) -> list[Period]:
        """Every round from the first registered period to the latest finished round."""
        last = default_round(self.as_of)
        first = self._first_round() or last
        if round_order(first) > round_order(last):
            first = last
        return rounds_between(first, last)

    def _first_round(self) -> Period | None:
        periods = self.dataset.values.get_column("period").drop_nulls()
        if periods.is_empty():
            return None
        try:
            earliest = parse_period(str(periods.min()))
        except ValueError:
            return None
        return earliest if earliest.tertial != 3 else Period(earliest.year)

    def clamp_round(self, round_: Period | None) -> Period:
        """`round_` if given, else the default round for the session date."""
        return round_ if round_ is not None else default_round(self.as_of)


def open_session(folder: Path, as_of: date) -> Session:
    """Load the dataset folder and its settings; problems are collected, never raised."""
    loaded = load_dataset(folder)
    settings = load_dataset_settings(folder)
    problems = [*loaded.problems, *settings.problems]
    return Session(folder, loaded.dataset, settings.settings, as_of, problems, loaded.notices)
