"""`tools/po_from_dicts.py`: ports the keys of old-style catalogue dicts into the `.po`
files — adds what is missing, in the dicts' order with their section comments, never
changes an entry, and does nothing the second time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from oppfolging._po import read_po_file

TOOL = Path(__file__).parents[2] / "tools" / "po_from_dicts.py"

OLD_I18N = '''\
"""An old-style catalogue."""

from __future__ import annotations

from oppfolging.domain.codes import SYMBOLS
from oppfolging.i18n_nn import NN

NB: dict[str, str] = {
    # indicator status
    "status.reached": "nådd",
    "status.on_track": "på sporet",  # a trailing comment is not a section
    # app ----------
    # Every text of the app.
    "app.title": "Oppfølging",
    "cli.columns_left_out": "Utelatt for å passe bredden ({width} tegn): {columns}. "
    "Bruk et bredere vindu eller --format csv.",
    "help.text": (
        "Linje én\\n"
        'med «"sitat"» og \\\\ og\\ttab'
    ),
}

EN: dict[str, str] = {
    # indicator status
    "status.reached": "reached",
    "status.on_track": "on track",
    # app ----------
    # Every text of the app.
    "app.title": "Follow-up",
    "cli.columns_left_out": "Left out to fit ({width} characters): {columns}.",
    "help.text": "Line one\\nwith \\"quotes\\"",
}

CATALOGUES: dict[str, dict[str, str]] = {"nb": NB, "nn": NN, "en": EN}
'''

OLD_NN = '''\
"""The nynorsk catalogue."""

NN: dict[str, str] = {
    # indicator status
    "status.reached": "nådd",
    "status.on_track": "på sporet",
    # app ----------
    # Every text of the app.
    "app.title": "Oppfølging",
    "cli.columns_left_out": "Utelate for å passa breidda ({width} teikn): {columns}.",
    "help.text": "Linje ein",
}
'''

EXPECTED = {
    "nb": {
        "status.reached": "nådd",
        "status.on_track": "på sporet",
        "app.title": "Oppfølging",
        "cli.columns_left_out": "Utelatt for å passe bredden ({width} tegn): {columns}. "
        "Bruk et bredere vindu eller --format csv.",
        "help.text": 'Linje én\nmed «"sitat"» og \\ og\ttab',
    },
    "nn": {
        "status.reached": "nådd",
        "status.on_track": "på sporet",
        "app.title": "Oppfølging",
        "cli.columns_left_out": "Utelate for å passa breidda ({width} teikn): {columns}.",
        "help.text": "Linje ein",
    },
    "en": {
        "status.reached": "reached",
        "status.on_track": "on track",
        "app.title": "Follow-up",
        "cli.columns_left_out": "Left out to fit ({width} characters): {columns}.",
        "help.text": 'Line one\nwith "quotes"',
    },
}


@pytest.fixture
def old(tmp_path: Path) -> tuple[Path, Path]:
    i18n, nn = tmp_path / "i18n.py", tmp_path / "i18n_nn.py"
    i18n.write_text(OLD_I18N, encoding="utf-8")
    nn.write_text(OLD_NN, encoding="utf-8")
    return i18n, nn


def _run(old: tuple[Path, Path], locale: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), str(old[0]), str(old[1]), str(locale)],
        capture_output=True,
        text=True,
        check=False,
    )


def _po(locale: Path, code: str) -> Path:
    return locale / code / "LC_MESSAGES" / "oppfolging.po"


def _texts(locale: Path) -> dict[str, str]:
    return {code: _po(locale, code).read_text(encoding="utf-8") for code in ("nb", "nn", "en")}


def _add(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_it_makes_the_catalogues_from_the_dicts(old: tuple[Path, Path], tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    result = _run(old, locale)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": 5 keys added") == 3
    for code, expected in EXPECTED.items():
        po = read_po_file(str(_po(locale, code)))
        assert list(po.messages.items()) == list(expected.items())
        assert po.header["Language"] == code
        with _po(locale, code).open("rb") as file:
            assert {m.id: m.string for m in read_po(file) if m.id} == expected
    nb = _po(locale, "nb").read_text(encoding="utf-8")
    assert '# indicator status\nmsgid "status.reached"' in nb
    assert '# app ----------\n# Every text of the app.\nmsgid "app.title"' in nb
    assert nb.count("# indicator status") == 1
    assert "a trailing comment" not in nb


def test_a_second_run_changes_nothing(old: tuple[Path, Path], tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    _run(old, locale)
    before = _texts(locale)
    result = _run(old, locale)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": 0 keys added") == 3
    assert _texts(locale) == before


def test_new_keys_are_added_at_the_end_and_nothing_is_changed(
    old: tuple[Path, Path], tmp_path: Path
) -> None:
    """What a branch adds to the old dicts meanwhile (under `# --- NAME ---`) is appended;
    a text changed in the dict is reported and the file's text kept; a translator's edit
    of the file stays."""
    locale = tmp_path / "locale"
    _run(old, locale)
    _add(_po(locale, "en"), 'msgstr "on track"', 'msgstr "on track (edited)"')
    i18n, nn = old
    _add(i18n, '"status.reached": "nådd"', '"status.reached": "nådd!"')
    helper = '    # --- helper ---\n    "new.key": "{} {{count}}",\n}}\n'
    _add(i18n, "    ),\n}\n", "    ),\n" + helper.format("ny"))
    _add(i18n, '\\"quotes\\"",\n}\n', '\\"quotes\\"",\n' + helper.format("new"))
    _add(nn, '"Linje ein",\n}\n', '"Linje ein",\n' + helper.format("ny"))
    before = _texts(locale)
    result = _run(old, locale)
    assert result.returncode == 0, result.stderr
    after = _texts(locale)
    for code, word in (("nb", "ny"), ("nn", "ny"), ("en", "new")):
        added = f'\n\n# --- helper ---\nmsgid "new.key"\nmsgstr "{word} {{count}}"\n'
        assert after[code] == before[code].rstrip("\n") + added
    assert 'msgstr "on track (edited)"' in after["en"]
    assert "kept 'status.reached'" in result.stderr
    assert "kept 'status.on_track'" in result.stderr


@pytest.mark.parametrize(
    ("old_text", "new_text", "message"),
    [
        ('"app.title": "Oppfølging",', '"app.title": t("x"),', "i18n.py, line 14: an entry of NB"),
        (
            "NB: dict[str, str] = {",
            "OLD_NB: dict[str, str] = {",
            "i18n.py: no dict literal `NB = {…}`",
        ),
        ('"app.title": "Oppfølging",', '"app.title": "Oppfølging,', "i18n.py, line 14: not valid"),
        ('"app.title": "Oppfølging",', "**OTHER,", "i18n.py, line 14: `**` in NB"),
    ],
)
def test_a_bad_dict_is_an_error_and_no_file_changes(
    old: tuple[Path, Path], tmp_path: Path, old_text: str, new_text: str, message: str
) -> None:
    locale = tmp_path / "locale"
    _run(old, locale)
    before = _texts(locale)
    _add(old[0], old_text, new_text)
    _add(old[1], '"help.text": "Linje ein",', '"help.text": "Linje ein",\n    "more": "meir",')
    result = _run(old, locale)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert _texts(locale) == before


def test_a_malformed_po_file_is_an_error_and_no_file_changes(
    old: tuple[Path, Path], tmp_path: Path
) -> None:
    locale = tmp_path / "locale"
    _run(old, locale)
    _add(_po(locale, "en"), 'msgstr "on track"', 'msgstr "on track')
    _add(old[1], '"help.text": "Linje ein",', '"help.text": "Linje ein",\n    "more": "meir",')
    before = _texts(locale)
    result = _run(old, locale)
    assert result.returncode == 2
    assert f"{_po(locale, 'en')}, line " in result.stderr
    assert "expected a string in double quotes" in result.stderr
    assert _texts(locale) == before
