"""The catalogues (`src/oppfolging/locale/<code>/LC_MESSAGES/oppfolging.po`) are complete and
consistent: every key in every language with the same placeholders, and the nynorsk one uses
the glossary's nynorsk forms everywhere. They are standard gettext (babel reads the same), and
they are package data (read here as the installed package reads them)."""

from __future__ import annotations

import re
import string
from importlib.resources import files
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from oppfolging._po import decode_po, parse_po, read_po_file
from oppfolging.i18n import (
    CATALOGUES,
    NB,
    NN,
    catalogue,
    catalogue_path,
    language,
    languages,
    set_language,
    t,
)

GLOSSARY = Path(__file__).parents[2] / "docs" / "GLOSSARY-nn.md"
"""The project's nynorsk word list (a copy of the shared `GLOSSARY-nn.md`)."""


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_there_is_a_catalogue_file_for_every_language() -> None:
    assert sorted(CATALOGUES) == sorted(languages()) == ["en", "nb", "nn"]
    locale = files("oppfolging").joinpath("locale")
    assert sorted(path.name for path in locale.iterdir() if path.is_dir()) == ["en", "nb", "nn"]
    assert len(NB) > 500


@pytest.mark.parametrize("code", languages())
def test_the_package_data_is_what_the_app_reads(code: str) -> None:
    """Through importlib.resources, as from an installed package: same messages."""
    resource = files("oppfolging").joinpath(f"locale/{code}/LC_MESSAGES/oppfolging.po")
    po = parse_po(decode_po(resource.read_bytes(), str(resource)), str(resource))
    assert po.messages == catalogue(code)


@pytest.mark.parametrize("code", languages())
def test_the_header_names_the_language_utf8_and_plural_forms(code: str) -> None:
    header = read_po_file(catalogue_path(code)).header
    assert header["Language"] == code
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("code", languages())
def test_babel_reads_the_same_catalogue(code: str) -> None:
    """A translation tool reads exactly what the app does: the files are standard gettext."""
    with open(catalogue_path(code), "rb") as file:
        po = read_po(file, abort_invalid=True)
    assert str(po.locale) == code
    assert po.charset == "utf-8"
    assert po.num_plurals == 2
    babel = {str(m.id): "" if m.fuzzy else str(m.string) for m in po if m.id}
    assert babel == catalogue(code)
    assert list(babel) == list(catalogue(code))


@pytest.mark.parametrize("code", languages())
def test_every_key_is_in_every_language(code: str) -> None:
    catalogue = CATALOGUES[code]
    assert [key for key in NB if key not in catalogue] == []
    assert [key for key in catalogue if key not in NB] == []
    assert all(value.strip() for value in catalogue.values())


@pytest.mark.parametrize("code", languages())
def test_every_translation_has_the_same_placeholders(code: str) -> None:
    catalogue = CATALOGUES[code]
    different = {
        key: (_placeholders(NB[key]), _placeholders(value))
        for key, value in catalogue.items()
        if key in NB and _placeholders(value) != _placeholders(NB[key])
    }
    assert different == {}


def test_nynorsk_keeps_the_bokmal_order() -> None:
    """Same order as `NB`, so a new key's place in `nn` is easy to find."""
    assert list(NN) == list(NB)


def glossary_pairs(markdown: str) -> list[tuple[str, str]]:
    """(bokmål, nynorsk) word pairs from the glossary's tables, where the forms differ.

    A cell lists forms separated by `,`, `/` or `:`; the two cells of a row are paired by
    position when they have as many forms. Notes in parentheses are left out."""
    pairs: list[tuple[str, str]] = []
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not line.startswith("|") or set(cells[0]) <= set("-"):
            continue
        bokmal, nynorsk = (_forms(cell) for cell in cells)
        if cells[0] == "bokmål" or len(bokmal) != len(nynorsk):
            continue
        pairs += [(b, n) for b, n in zip(bokmal, nynorsk, strict=True) if b.lower() != n.lower()]
    return pairs


def _forms(cell: str) -> list[str]:
    cell = re.sub(r"\([^)]*\)", "", cell)
    return [form.strip() for form in re.split(r"[,/:]", cell) if form.strip()]


def bokmal_forms_in(text: str, pairs: list[tuple[str, str]]) -> list[str]:
    """The glossary's bokmål forms (whose nynorsk form differs) that occur in `text`."""
    return [
        bokmal
        for bokmal, _ in pairs
        if re.search(rf"(?<!\w){re.escape(bokmal)}(?!\w)", text, flags=re.IGNORECASE)
    ]


@pytest.fixture(scope="module")
def pairs() -> list[tuple[str, str]]:
    return glossary_pairs(GLOSSARY.read_text(encoding="utf-8"))


def test_the_glossary_is_read(pairs: list[tuple[str, str]]) -> None:
    """The check below has words to look for, and it finds them in bokmål."""
    assert ("ikke", "ikkje") in pairs
    assert ("Krever oppmerksomhet", "Krev merksemd") in pairs
    assert ("ansvarlig enhet", "ansvarleg eining") in pairs
    assert len(pairs) > 40
    assert "ikke" in bokmal_forms_in(NB["status.no_target"], pairs)
    assert "Innstillinger" in bokmal_forms_in(NB["binding.settings"], pairs)


def test_nynorsk_uses_the_glossary_forms(pairs: list[tuple[str, str]]) -> None:
    """No nynorsk string holds a bokmål form for which the glossary gives a nynorsk one."""
    found = {key: bokmal_forms_in(value, pairs) for key, value in NN.items()}
    assert {key: forms for key, forms in found.items() if forms} == {}


def test_nynorsk_is_not_bokmal_where_the_glossary_differs(pairs: list[tuple[str, str]]) -> None:
    """A string left as in bokmål although it holds a glossary word with another nynorsk
    form is untranslated."""
    same = [key for key, value in NN.items() if value == NB[key] and bokmal_forms_in(value, pairs)]
    assert same == []


def test_the_glossary_choices_are_used_in_nynorsk() -> None:
    """The glossary's domain words as the app and the reports show them."""
    assert NN["overview.attention"] == "Krev merksemd"
    assert NN["binding.settings"] == "Innstillingar"
    assert NN["binding.previous_round"] == "Førre runde"
    assert NN["filters.responsible"] == "Ansvarleg eining"
    assert NN["funding.needs"] == "krev løyving"
    assert NN["plan_status.consultation"] == "på høyring"
    assert NN["direction.higher"] == "høgare er betre"


def test_set_language_accepts_nynorsk() -> None:
    try:
        set_language("nn")
        assert language() == "nn"
        assert t("status.no_target") == "ikkje vurderbar"
        assert t("round.annual", year=2025) == "Årsrapport 2025"
    finally:
        set_language("nb")
    assert t("status.no_target") == "ikke vurderbar"


def test_the_command_line_speaks_nynorsk(capsys: pytest.CaptureFixture[str]) -> None:
    """`oppfolging --lang nn status`: the status words in nynorsk."""
    from oppfolging.cli import main

    try:
        code = main(["--lang", "nn", "--as-of", "2026-06-01", "status"])
    finally:
        set_language("nb")
    out = capsys.readouterr().out
    assert code == 0
    assert "ikkje vurderbar" in out
    assert "ikke vurderbar" not in out


def test_the_command_line_refuses_an_unknown_language(capsys: pytest.CaptureFixture[str]) -> None:
    from oppfolging.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["--lang", "sv", "status"])
    assert stopped.value.code == 2
    assert "--lang" in capsys.readouterr().err
    assert language() == "nb"
