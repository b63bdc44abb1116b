"""Registering indicator values and measure status: checks, edits, import and undo.

Headless (no textual): the `set`, `set-measure`, `import` and `undo` commands and the app's
forms share these functions. Every save goes through `store.write.save_edits`.

- `checks`: typed input against a unit, a frequency and the previous value
- `edits`: one value or measure update at a time, and who is registering
- `importing`: a whole file of values, all or nothing
- `undo`: putting back a user's most recent save
"""

from __future__ import annotations

from oppfolging.registration.checks import (
    COMMENT_REQUIRED,
    RegistrationError,
    check_period,
    check_value,
    is_implausible_jump,
    parse_value_text,
)
from oppfolging.registration.edits import (
    CURRENT,
    Expected,
    current_row,
    describe_change,
    find_indicator,
    measure_edit,
    register_measure,
    register_value,
    resolve_user,
    value_edit,
)
from oppfolging.registration.importing import ImportResult, import_rows, read_import_file
from oppfolging.registration.undo import last_changes, undo_last_change
from oppfolging.store.importfile import ImportRejected

__all__ = [
    "COMMENT_REQUIRED",
    "CURRENT",
    "Expected",
    "ImportRejected",
    "ImportResult",
    "RegistrationError",
    "check_period",
    "check_value",
    "current_row",
    "describe_change",
    "find_indicator",
    "import_rows",
    "is_implausible_jump",
    "last_changes",
    "measure_edit",
    "parse_value_text",
    "read_import_file",
    "register_measure",
    "register_value",
    "resolve_user",
    "undo_last_change",
    "value_edit",
]
