"""Messages the app's workers post (the only thread-safe way back to the UI)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from oppfolging.session import Session
    from oppfolging.tui.overview_data import OverviewFrames


@dataclass
class SessionLoaded(Message):
    """The dataset folder has been read (possibly with problems)."""

    session: Session
    overview: OverviewFrames | None = None
    """The first overview's tables, when the dataset can be shown."""


@dataclass
class DataReloaded(Message):
    """The dataset was read again after another user's save."""

    session: Session


@dataclass
class OverviewReady(Message):
    """A round's overview tables are built and can be mounted."""

    frames: OverviewFrames
