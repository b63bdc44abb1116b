"""Registering indicator values and measure status: checks, edits, import and undo.

Headless (no textual): the `set`, `set-measure`, `import` and `undo` commands and the app's
forms share these functions, and the TUI imports the store's types it needs from here (it
never imports `store.write`). Every save goes through `service.save`.

- `checks`: typed input against a unit, `min`/`max`, a frequency and the previous value
- `service`: the one save path (unchanged saves write nothing) and the value assessment
- `edits`: one value or measure update at a time, and who is registering
- `importing`: a whole file of values, all or nothing
- `undo`: undo and redo as a history of a user's own saves
- `assessments`: a round's assessment of a goal, focus area or plan (issue 10)
"""

from __future__ import annotations

from oppfolging.registration.assessments import assessment_edit, register_assessment
from oppfolging.registration.checks import (
    COMMENT_REQUIRED,
    RegistrationError,
    TypedValue,
    check_period,
    check_value,
    checked_value,
    implausible_message,
    is_implausible_jump,
    parse_value_text,
)
from oppfolging.registration.edits import (
    CURRENT,
    Expected,
    current_row,
    describe_change,
    describe_changes,
    find_indicator,
    measure_edit,
    register_measure,
    register_value,
    resolve_user,
    value_edit,
)
from oppfolging.registration.importing import ImportResult, import_rows, read_import_file
from oppfolging.registration.roundguard import (
    RoundLocked,
    correction_reason,
    locked_message,
    period_lock,
)
from oppfolging.registration.service import (
    BOOKKEEPING,
    ValueAssessment,
    assess_value,
    keep_reads_for_saves,
    no_change_text,
    save,
)
from oppfolging.registration.undo import last_changes, redo_last_undo, undo_last_change, undo_save
from oppfolging.store.importfile import ImportRejected
from oppfolging.store.write import (
    ChangeRow,
    Completion,
    Conflict,
    ConflictError,
    EditRejected,
    RowEdit,
    SavedTable,
    SaveResult,
    StoreError,
    completing_later,
)

__all__ = [
    "BOOKKEEPING",
    "COMMENT_REQUIRED",
    "CURRENT",
    "ChangeRow",
    "Completion",
    "Conflict",
    "ConflictError",
    "EditRejected",
    "Expected",
    "ImportRejected",
    "ImportResult",
    "RegistrationError",
    "RoundLocked",
    "RowEdit",
    "SaveResult",
    "SavedTable",
    "StoreError",
    "TypedValue",
    "ValueAssessment",
    "assess_value",
    "assessment_edit",
    "check_period",
    "check_value",
    "checked_value",
    "completing_later",
    "correction_reason",
    "current_row",
    "describe_change",
    "describe_changes",
    "find_indicator",
    "implausible_message",
    "import_rows",
    "is_implausible_jump",
    "keep_reads_for_saves",
    "last_changes",
    "locked_message",
    "measure_edit",
    "no_change_text",
    "parse_value_text",
    "period_lock",
    "read_import_file",
    "redo_last_undo",
    "register_assessment",
    "register_measure",
    "register_value",
    "resolve_user",
    "save",
    "undo_last_change",
    "undo_save",
    "value_edit",
]
