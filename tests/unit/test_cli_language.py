"""The command line's help and argparse's own texts in the language of `--lang` (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from export_helpers import SAMPLE

from oppfolging import cli, i18n

_STATUS = ["--data", str(SAMPLE)]
"""The sample read in place: nothing is written."""


@pytest.fixture(autouse=True)
def language() -> Iterator[None]:
    before = i18n.language()
    yield
    i18n.set_language(before)


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        cli.main([*argv, "--help"])
    assert stopped.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("code", "expected", "absent"),
    [
        (
            "nb",
            [
                "bruk: oppfolging",
                "posisjonelle argumenter:",
                "valg:",
                "vis denne hjelpeteksten og avslutt",
                "KOMMANDO",
            ],
            ["usage:", "show this help"],
        ),
        (
            "nn",
            ["bruk: oppfolging", "posisjonelle argument:", "val:", "indikatorar", "KOMMANDO"],
            ["usage:", "indikatorer"],
        ),
        (
            "en",
            [
                "usage: oppfolging",
                "positional arguments:",
                "options:",
                "show this help message and exit",
                "COMMAND",
                "Follow-up of goals",
            ],
            ["bruk:", "KOMMANDO"],
        ),
    ],
)
def test_the_help_is_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], code: str, expected: list[str], absent: list[str]
) -> None:
    out = _help(capsys, "--lang", code)
    for text in expected:
        assert text in out
    for text in absent:
        assert text not in out


def test_argparse_errors_are_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--lang", "nn", "--bogus"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == "oppfolging: ukjende argument: --bogus\n"
    with pytest.raises(SystemExit):
        cli.main(["--lang=en", "x"])
    assert "argument COMMAND: invalid choice: 'x' (choose from" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--lang", "nb", "--lang", "xx"])
    assert (
        "argument --lang: ugyldig valg: 'xx' (velg blant 'nb', 'nn', 'en')"
        in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--lang", "nn", "status"], "nn"),
        (["--data", "x", "--lang=en"], "en"),
        (["--round", "2026", "--as-of", "2026-05-01", "--lang", "en", "status"], "en"),
        (["export", "--lang", "nn"], None),  # the document's language, not the CLI's
        (["--data", "--lang", "status"], None),  # a folder named --lang
        (["--lang"], None),
        ([], None),
    ],
)
def test_the_language_is_read_from_argv_before_the_command(
    argv: list[str], expected: str | None
) -> None:
    assert cli.language_from_argv(argv) == expected


def test_status_reads_in_nynorsk_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    """`oppfolging --lang nn status`: headers, summary and legend in the chosen language."""
    assert cli.main([*_STATUS, "--lang", "nn", "status", "--as-of", "2026-06-01"]) == 0
    out = capsys.readouterr().out
    assert "Indikator" in out
    assert "Framdrift" in out
    assert "som skulle vore registrerte" in out
    assert "Trend: ↗ betre, → uendra, ↘ verre" in out
    assert "indikatorer" not in out
    assert "Fremdrift" not in out
    assert cli.main([*_STATUS, "--lang", "en", "status", "--as-of", "2026-06-01"]) == 0
    out = capsys.readouterr().out
    assert "Progress" in out
    assert "Trend: ↗ better, → unchanged, ↘ worse" in out
    assert "as of 01.06.2026" in out
