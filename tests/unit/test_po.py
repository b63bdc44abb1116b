"""Our reader and writer of the gettext `.po` subset the catalogues use (oppfolging._po), and
how `oppfolging.i18n` loads the catalogues with it: lazily, one language at a time."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

import oppfolging.i18n as i18n
from oppfolging._po import (
    PoError,
    decode_po,
    format_entry,
    format_field,
    format_header,
    parse_po,
    read_po_file,
)

HEADER = format_header("nb", "Norsk bokmål")
FIRST = HEADER.count("\n") + 3
"""The line of the file where `_parse`'s body starts (after the header and a blank line)."""


def _parse(body: str) -> dict[str, str]:
    return parse_po(f"{HEADER}\n\n{body}", "test.po").messages


def _babel(text: str) -> dict[str, str]:
    """What babel reads from `text`: msgid → msgstr ("" for a fuzzy entry, as gettext)."""
    catalog = read_po(io.StringIO(text), abort_invalid=True)
    return {str(m.id): "" if m.fuzzy else str(m.string) for m in catalog if m.id}


def test_an_entry_and_the_header() -> None:
    po = parse_po(f'{HEADER}\n\nmsgid "status.on_track"\nmsgstr "på sporet"\n', "test.po")
    assert po.messages == {"status.on_track": "på sporet"}
    assert po.header["Language"] == "nb"
    assert po.header["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.header["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_escapes() -> None:
    body = r'msgid "k"' + "\n" + r'msgstr "«\"sitat\"» a\\b\nlinje 2\tfane"'
    assert _parse(body) == {"k": '«"sitat"» a\\b\nlinje 2\tfane'}
    assert _babel(f"{HEADER}\n\n{body}") == _parse(body)


def test_a_string_over_several_lines_is_joined() -> None:
    body = 'msgid ""\n"long."\n"key"\nmsgstr ""\n"Første linje\\n"\n"andre "\n   "linje"\n'
    assert _parse(body) == {"long.key": "Første linje\nandre linje"}
    assert _babel(f"{HEADER}\n\n{body}") == _parse(body)


def test_comments_are_skipped_and_fuzzy_reads_as_untranslated() -> None:
    body = (
        "# --- a section ---\n"
        "#. an extracted comment\n"
        "#: src/x.py:3\n"
        'msgid "a"\nmsgstr "A"\n\n'
        "#, fuzzy, python-format\n"
        'msgid "b"\nmsgstr "B?"\n\n'
        '#~ msgid "gone"\n#~ msgstr "borte"\n'
        'msgid "c"\nmsgstr ""\n'
    )
    assert _parse(body) == {"a": "A", "b": "", "c": ""}
    assert _babel(f"{HEADER}\n\n{body}") == _parse(body)


def test_windows_line_ends_and_a_byte_order_mark() -> None:
    data = ("\ufeff" + HEADER + '\n\nmsgid "a"\nmsgstr "A"\n').replace("\n", "\r\n")
    assert parse_po(decode_po(data.encode(), "x.po"), "x.po").messages == {"a": "A"}


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)


@given(key=_TEXT.filter(bool), text=_TEXT)
def test_what_the_writer_writes_reads_back(key: str, text: str) -> None:
    """Any key and text, wrapped or not, with quotes, backslashes, tabs and newlines."""
    assert _parse(format_entry(key, text, ["a comment"])) == {key: text}


@given(text=st.text(st.sampled_from(' ab"\\\nø\t'), max_size=400))
def test_babel_reads_what_the_writer_writes(text: str) -> None:
    po = f"{HEADER}\n\n{format_entry('k', text)}\n"
    assert _babel(po) == {"k": text}


def test_long_text_is_wrapped_at_79_and_after_newlines() -> None:
    text = "Første linje\n" + " ".join(["ord"] * 40) + "\nsiste"
    lines = format_field("msgstr", text).split("\n")
    assert lines[0] == 'msgstr ""'
    assert lines[1] == '"Første linje\\n"'
    assert all(len(line) <= 79 for line in lines)
    assert _parse(f'msgid "k"\n{format_field("msgstr", text)}') == {"k": text}


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ('msgid "a"\n\nmsgid "b"\nmsgstr "B"', 3, "the msgid of line {1} has no msgstr"),
        ('msgid "a"', 1, "this msgid has no msgstr"),
        ('msgstr "A"', 1, "msgstr without a msgid"),
        ('msgid "a"\nmsgstr "A', 2, "expected a string in double quotes"),
        ('msgid "a"\nmsgstr A', 2, "expected a string in double quotes"),
        ('msgid "a"\nmsgstr "x \\q y"', 2, "unknown escape \\q"),
        ('msgid "a"\nmsgstr "x\\"', 2, 'the string does not end: its closing " is escaped'),
        ('msgid "a"\nmsgstr "say "hi""', 2, 'a " inside a string must be written \\"'),
        (
            'msgid "a"\nmsgstr "A"\n\nmsgid "a"\nmsgstr "B"',
            4,
            "a second msgid 'a' (the first is on line {1})",
        ),
        ('msgctxt "x"\nmsgid "a"\nmsgstr "A"', 1, "«msgctxt» is not used"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "A"', 2, "«msgid_plural» is not used"),
        ('msgid "a"\nmsgstr "A"\n# c\n"loose"', 4, "a string outside an entry"),
        ('msgid "a"\n# note\nmsgstr "A"', 2, "a comment between the msgid of line {1}"),
        ('msgid "a"\nmsgtxt "A"', 2, "expected msgid, msgstr"),
        ('msgid ""\nmsgstr "second header"', 1, "a second header (the first is on line 5)"),
    ],
)
def test_a_malformed_entry_is_named_by_file_and_line(body: str, line: int, problem: str) -> None:
    """`line` counts from the entry's first line; the error names the line in the file."""
    line += FIRST - 1
    problem = problem.replace("{1}", str(FIRST))
    with pytest.raises(PoError) as raised:
        parse_po(f"{HEADER}\n\n{body}\n", "nn/oppfolging.po")
    assert raised.value.line == line
    assert problem in raised.value.problem
    assert str(raised.value).startswith(f"nn/oppfolging.po, line {line}: ")


def test_a_file_that_is_not_utf8_is_named_by_line(tmp_path: Path) -> None:
    path = tmp_path / "oppfolging.po"
    path.write_bytes(f'{HEADER}\n\nmsgid "a"\nmsgstr "'.encode() + 'blå"\n'.encode("latin-1"))
    with pytest.raises(PoError, match=rf"oppfolging\.po, line {FIRST + 1}: the file is not UTF-8"):
        read_po_file(str(path))


def test_a_header_in_another_charset_is_refused() -> None:
    text = HEADER.replace("charset=UTF-8", "charset=ISO-8859-1")
    with pytest.raises(PoError, match=r"line 5: the header says charset=iso-8859-1; use UTF-8"):
        parse_po(text, "x.po")


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_a_file_without_entries_is_refused(text: str) -> None:
    with pytest.raises(PoError, match="the file has no entry"):
        parse_po(text, "x.po")


# how oppfolging.i18n uses the reader -----------------------------------------------------


@pytest.fixture
def locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty locale folder the catalogues are read from, nothing loaded yet."""
    monkeypatch.setattr(i18n, "_LOCALE", str(tmp_path))
    monkeypatch.setattr(i18n, "_loaded", {})
    monkeypatch.setattr(i18n, "_language", "nb")
    return tmp_path


def _write(locale: Path, code: str, body: str) -> Path:
    path = locale / code / "LC_MESSAGES" / "oppfolging.po"
    path.parent.mkdir(parents=True)
    path.write_text(f"{format_header(code, code)}\n\n{body}\n", encoding="utf-8")
    return path


def test_a_missing_empty_or_fuzzy_text_falls_back_to_bokmal(locale: Path) -> None:
    _write(locale, "nb", 'msgid "a"\nmsgstr "A"\n\nmsgid "b"\nmsgstr "B"\n\nmsgid "c"\nmsgstr "C"')
    _write(locale, "nn", 'msgid "a"\nmsgstr ""\n\n#, fuzzy\nmsgid "b"\nmsgstr "B?"')
    i18n.set_language("nn")
    assert [i18n.t("a"), i18n.t("b"), i18n.t("c"), i18n.t("d")] == ["A", "B", "C", "d"]


def test_a_malformed_catalogue_is_an_error_naming_the_file(locale: Path) -> None:
    path = _write(locale, "nb", 'msgid "a"\nmsgstr "A')
    with pytest.raises(PoError) as raised:
        i18n.t("a")
    expected = f"{path}, line {FIRST + 1}: expected a string in double quotes"
    assert str(raised.value).startswith(expected)


def test_an_unknown_language_has_no_catalogue(locale: Path) -> None:
    with pytest.raises(KeyError):
        i18n.catalogue("sv")
    assert i18n.language_name("sv") == "sv"


def test_languages_and_their_names() -> None:
    assert i18n.languages() == ("nb", "nn", "en")
    assert [i18n.language_name(code) for code in i18n.languages()] == [
        "Norsk bokmål",
        "Norsk nynorsk",
        "English",
    ]


_LOADED_AFTER = """
import sys
import oppfolging.i18n as i18n
exec(sys.argv[1])
print(",".join(sorted(i18n._loaded)))
"""


@pytest.mark.parametrize(
    ("code", "loaded"),
    [
        ("pass", ""),
        ("import oppfolging.cli, oppfolging.tui.app", ""),
        ("from oppfolging.cli import build_parser; build_parser()", "nb"),
        ("import oppfolging.registration.edits", ""),
        ("i18n.t('yes')", "nb"),
        ("i18n.set_language('en'); i18n.t('yes')", "en"),
        ("i18n.set_language('nn'); i18n.t('no.such.key')", "nb,nn"),
        ("from oppfolging.i18n import NN", "nn"),
        ("from oppfolging.i18n import CATALOGUES", "en,nb,nn"),
    ],
)
def test_only_the_languages_in_use_are_parsed(code: str, loaded: str) -> None:
    """Importing is free; the first text parses the language in use (and bokmål only when
    a key must fall back to it)."""
    result = subprocess.run(
        [sys.executable, "-c", _LOADED_AFTER, code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == loaded


def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'FI'"):
        _ = i18n.FI
