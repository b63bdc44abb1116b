"""The round workflow's writes: a unit marks its part ready (or not), a report writer locks
the round (with a snapshot, see `store.snapshot`) or unlocks it with a reason. Each is one
`round_events` row saved through `service.save`: logged in `changes`, conflict-checked (two
people taking the same event number at once: the second is refused).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from oppfolging.domain.periods import round_text as round_words
from oppfolging.domain.roundlock import lock_info, next_seq, ready_units
from oppfolging.i18n import t
from oppfolging.registration import service
from oppfolging.registration.checks import RegistrationError, checked_round
from oppfolging.registration.roundguard import event_edit
from oppfolging.store.load import load_dataset, read_table
from oppfolging.store.lock import dataset_lock
from oppfolging.store.snapshot import lock_meta, remove_snapshot, write_snapshot
from oppfolging.store.write import SaveResult


def mark_ready(
    folder: Path, round_text: str, unit: str, user: str, now: datetime, *, ready: bool = True
) -> SaveResult:
    """Mark `unit`'s part of the round ready (`ready=False`: not ready any more)."""
    round_ = checked_round(round_text)
    unit = unit.strip()
    if not unit:
        raise RegistrationError(t("registration.unit_required"))
    events, _, _ = read_table(folder, "round_events")
    if lock_info(events, round_) is not None:
        raise RegistrationError(
            t("registration.round_locked_unlock_first", round=round_words(round_))
        )
    if (unit in ready_units(events, round_)) == ready:
        return SaveResult(())
    kind = "ready" if ready else "unready"
    edit = event_edit(round_, next_seq(events, round_), kind, user, now, unit=unit)
    return service.save(folder, [edit], user, now)


def lock_round(folder: Path, round_text: str, user: str, now: datetime) -> SaveResult:
    """Lock the round: write the snapshot of every table, then the lock event, under ONE
    hold of the dataset lock (`store.lock`), so no registration can land between the two
    (a registration checks the lock under the same hold, see `service.save`). A dataset
    with errors is not locked; a save that fails removes the snapshot it wrote."""
    round_ = checked_round(round_text)
    with dataset_lock(folder):
        loaded = load_dataset(folder)
        if not loaded.ok:
            raise RegistrationError(
                t("registration.dataset_has_problems", count=len(loaded.problems))
            )
        events = loaded.dataset["round_events"]
        if lock_info(events, round_) is not None:
            raise RegistrationError(
                t("registration.round_already_locked", round=round_words(round_))
            )
        seq = next_seq(events, round_)
        write_snapshot(folder, loaded.dataset, round_, seq, lock_meta(user, now))
        try:
            return service.save(folder, [event_edit(round_, seq, "lock", user, now)], user, now)
        except BaseException:
            remove_snapshot(folder, round_, seq)
            raise


def unlock_round(
    folder: Path, round_text: str, reason: str, user: str, now: datetime
) -> SaveResult:
    """Unlock the round; the reason is required and logged (the snapshot is kept)."""
    round_ = checked_round(round_text)
    if not reason.strip():
        raise RegistrationError(t("registration.unlock_needs_reason"))
    events, _, _ = read_table(folder, "round_events")
    if lock_info(events, round_) is None:
        raise RegistrationError(t("registration.round_not_locked", round=round_words(round_)))
    edit = event_edit(round_, next_seq(events, round_), "unlock", user, now, reason=reason.strip())
    return service.save(folder, [edit], user, now)
