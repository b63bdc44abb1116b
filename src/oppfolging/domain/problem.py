"""One thing wrong with a dataset or a settings file (no polars: the settings and the
command line use it before any table is read)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the dataset, located as a spreadsheet shows it.

    `row` counts the header as row 1 (so the first data row is 2); 0 means the whole file.
    `column` is empty when the problem is not about one column.
    """

    file: str
    row: int
    column: str
    message: str
    severity: str = "error"
    """`error` (the dataset must be fixed) or `warning` (worth a look; nothing refuses it)."""

    def __str__(self) -> str:
        prefix = "advarsel: " if self.is_warning else ""
        return f"{self.file}:{self.row}:{self.column}: {prefix}{self.message}"

    @property
    def is_warning(self) -> bool:
        """True for a warning, False for an error."""
        return self.severity == "warning"
