"""`oppfolging --version` and `--help` start without polars or textual (issue 14.1).

Argument parsing imports every command module (`cli.build_parser`); each must keep its heavy
imports inside `run`. Checked in a fresh interpreter, since this test process has long since
imported both.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("polars", "textual", "pyarrow")

PROBE = """
import contextlib, io, sys
from oppfolging.cli import main
sys.argv = ["oppfolging", *sys.argv[1:]]
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        main()
    except SystemExit:
        pass
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print(out.getvalue().splitlines()[0] if out.getvalue() else "")
print(",".join(heavy))
"""


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["set-measure", "--help"]])
def test_parsing_arguments_imports_no_polars_nor_textual(argv: list[str]) -> None:
    probe = f"HEAVY = {HEAVY!r}\n{PROBE}"
    result = subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True
    )
    first_line, heavy = result.stdout.splitlines()
    assert first_line, "the command printed nothing: the probe did not run it"
    assert heavy == "", f"oppfolging {' '.join(argv)} imported {heavy}"
