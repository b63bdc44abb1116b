"""Messages the app's workers post (the only thread-safe way back to the UI)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from oppfolging.domain.periods import Period
from oppfolging.reporting.round import RoundResult
from oppfolging.session import Session


@dataclass
class SessionLoaded(Message):
    """The dataset folder has been read (possibly with problems)."""

    session: Session


@dataclass
class RoundComputed(Message):
    """A round's tables are ready."""

    round: Period
    result: RoundResult
