"""`oppfolging set`, the value form and `import` give the same answer for the same input on
the same cell: the same decision (saved, refused, asks first, nothing to change) and the
same Norwegian message, since all three go through the registration service."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from oppfolging import registration
from oppfolging.cli import main
from oppfolging.session import open_session
from oppfolging.tui.form_logic import decide_value, value_context

SAMPLE = Path(__file__).resolve().parents[2] / "data"
COUNT = "pg-i1.1.1"  # antall, tertial: 2026-T2 holds 355, 2026-T3 is empty
SHARE = "pg-i1.1.4"  # %, tertial: 2026-T2 holds 64,8
AS_OF = date(2026, 12, 1)

CASES = [
    # (name, indicator, period, typed, decision)
    ("valid", COUNT, "2026-T3", "360", "saved"),
    ("valid-nbsp", COUNT, "2026-T3", "3\u00a0600", "asks"),
    ("valid-percent", SHARE, "2026-T3", "64,9 %", "saved"),
    ("valid-unicode-minus-range", SHARE, "2026-T3", "−1,5", "refused"),
    ("ambiguous-point", COUNT, "2026-T3", "12.500", "refused"),
    ("ambiguous-comma", COUNT, "2026-T3", "1,234", "refused"),
    ("negative-count", COUNT, "2026-T3", "−3", "refused"),
    ("fractional-count", COUNT, "2026-T3", "360,5", "refused"),
    ("percent-over-100", SHARE, "2026-T3", "120", "refused"),
    ("percent-on-count", COUNT, "2026-T3", "36 %", "refused"),
    ("implausible-jump", COUNT, "2026-T3", "900", "asks"),
    ("unchanged", COUNT, "2026-T2", "355", "unchanged"),
    ("unchanged-spelled-differently", SHARE, "2026-T2", "64,80", "unchanged"),
]


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def _values_bytes(folder: Path) -> bytes:
    return (folder / "values.csv").read_bytes()


def _cli_answer(out: str, err: str, code: int) -> tuple[str, str]:
    if code == 0:
        return ("unchanged", out) if registration.no_change_text() in out else ("saved", out)
    return ("asks" if "--force" in err else "refused"), err


def via_set(folder: Path, ident: str, period: str, typed: str, capsys: pytest.CaptureFixture[str]
            ) -> tuple[str, str]:  # fmt: skip
    code = main(["set", "--data", str(folder), ident, period, typed, "--user", "Ola"])
    captured = capsys.readouterr()
    return _cli_answer(captured.out, captured.err, code)


def via_import(
    folder: Path, ident: str, period: str, typed: str, capsys: pytest.CaptureFixture[str]
) -> tuple[str, str]:
    file = folder.parent / f"{folder.name}-import.csv"
    file.write_text(f"indicator_id;period;value\n{ident};{period};{typed}\n", encoding="utf-8")
    code = main(["import", "--data", str(folder), str(file), "--user", "Ola"])
    captured = capsys.readouterr()
    return _cli_answer(captured.out, captured.err, code)


def via_form(folder: Path, ident: str, period: str, typed: str) -> tuple[str, str]:
    """The value form's own decision (`decide_value`, what `ValueFormScreen.action_save`
    calls) and, when it would save, the save its worker makes."""
    session = open_session(folder, AS_OF)
    context = value_context(session, ident, period)
    comment = str((context.existing or {}).get("comment") or "")  # the form shows it
    limit = session.settings.plausibility_limit
    decision = decide_value(context, typed, comment, "Ola", limit)
    if decision.rejected is not None:
        return "refused", decision.rejected
    if decision.implausible is not None:
        return "asks", decision.implausible
    assert decision.edit is not None
    result = registration.save(folder, [decision.edit], "Ola", datetime(2026, 12, 1, 12))
    return ("saved", "") if result.changed else ("unchanged", registration.no_change_text())


@pytest.mark.parametrize(
    ("ident", "period", "typed", "decision"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_set_form_and_import_agree(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    ident: str,
    period: str,
    typed: str,
    decision: str,
) -> None:
    folders = {name: _copy(tmp_path, name) for name in ("set", "form", "import")}
    before = _values_bytes(folders["set"])
    form = via_form(folders["form"], ident, period, typed)
    cli = via_set(folders["set"], ident, period, typed, capsys)
    imported = via_import(folders["import"], ident, period, typed, capsys)
    assert form[0] == cli[0] == imported[0] == decision
    if decision != "saved":
        assert form[1]  # a reason, in Norwegian
        assert form[1] in cli[1]
        assert form[1] in imported[1]
        for folder in folders.values():
            assert _values_bytes(folder) == before  # nothing written, no new registered_at
