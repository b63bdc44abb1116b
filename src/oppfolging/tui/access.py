"""The served role's gate in the app (issue 12): one place says which actions a role may run.

`check_action` on the app and on every `AppScreen` asks `action_allowed`: an action the role
may not run is neither shown in the footer nor run (keys, command palette). The entry points
that save (`open_form`, `open_assessment`, `undo_last`, the round saves) ask again with the
item's unit, since a registrator may write only for their own unit(s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oppfolging.i18n import t
from oppfolging.roles import Access

if TYPE_CHECKING:
    from textual.app import App

    from oppfolging.session import Session

WRITE_ACTIONS = frozenset({"undo", "redo", "worklist", "register", "assess", "ready"})
"""Actions that save (or open what saves): not for the read-only `leder`."""
LOCK_ACTIONS = frozenset({"lock", "unlock"})
"""Locking and unlocking a round: `admin` only (and the terminal user)."""


def action_allowed(access: Access, action: str) -> bool:
    """May `access` run the action called `action` (without its namespace)?"""
    if action in LOCK_ACTIONS:
        return access.may_lock
    if action in WRITE_ACTIONS:
        return access.may_write
    return True


def app_access(app: App[Any]) -> Access:
    """The access of the running app (the terminal user's full access outside `serve`)."""
    access = getattr(app, "access", None)
    return access if isinstance(access, Access) else Access()


def item_unit(session: Session, key: str) -> str:
    """The responsible unit of `i:<indicator_id>` or `m:<measure_id>` ('' when none)."""
    import polars as pl

    kind, _, item_id = key.partition(":")
    table, column = ("indicators", "indicator_id") if kind == "i" else ("measures", "measure_id")
    frame = session.dataset.frames.get(table)
    if frame is None or "responsible" not in frame.columns:
        return ""
    rows = frame.filter(pl.col(column) == item_id)
    return str(rows["responsible"][0] or "") if rows.height else ""


def goal_units(session: Session, goal_id: str) -> set[str]:
    """The units responsible for a goal: those of its indicators and measures."""
    import polars as pl

    units: set[str] = set()
    for table in ("indicators", "measures"):
        frame = session.dataset.frames.get(table)
        if frame is None or "responsible" not in frame.columns:
            continue
        rows = frame.filter(pl.col("goal_id") == goal_id)
        units |= {str(unit) for unit in rows["responsible"].drop_nulls().to_list()}
    return units


def may_register(app: App[Any], session: Session, key: str) -> bool:
    """May the user register for the item `key`? Says why not in a notification."""
    access = app_access(app)
    if access.may_write_for(item_unit(session, key)):
        return True
    _refuse(app, access)
    return False


def may_assess(app: App[Any], session: Session, level: str, key: str) -> bool:
    """May the user assess the plan, focus area or goal `key`? A registrator with units may
    assess the goals their units are responsible for."""
    access = app_access(app)
    allowed = access.may_write
    if allowed and access.role is not None and access.units:
        allowed = level == "goal" and any(
            access.may_write_for(unit) for unit in goal_units(session, key)
        )
    if not allowed:
        _refuse(app, access)
    return allowed


def may_write(app: App[Any]) -> bool:
    """May the user save at all (undo, redo)? Says why not in a notification."""
    access = app_access(app)
    if not access.may_write:
        _refuse(app, access)
    return access.may_write


def _refuse(app: App[Any], access: Access) -> None:
    key = "access.read_only" if not access.may_write else "access.not_your_unit"
    app.notify(t(key), severity="warning")
