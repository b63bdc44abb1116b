"""Who chooses the language: the rules, as pure functions (no polars, no textual).

Three places may name a language, each `nb`, `nn` or `en`:

- the user's personal settings (`language`), for the app;
- the dataset's `oppfolging.toml` (`language`), the municipality's administrative language:
  the app's language for a user who has not chosen one, and the language of its reports;
- a plan's `language` column in `plans.csv`: a report of that plan alone is written in it
  (Alver's plan in nynorsk in a dataset whose other plans are bokmål).

`--lang` on the command line wins over all of them for what the command prints, and
`export --lang` for the report it writes.
"""

from __future__ import annotations

LANGUAGES = ("nb", "nn", "en")
"""The languages the catalogue has, in the order the settings list them."""
DEFAULT_LANGUAGE = "nb"


def is_language(code: object) -> bool:
    """Whether `code` is one of `LANGUAGES`."""
    return isinstance(code, str) and code in LANGUAGES


def first_language(*choices: str | None) -> str:
    """The first of `choices` that is a language; bokmål when none is."""
    for choice in choices:
        if is_language(choice):
            return str(choice)
    return DEFAULT_LANGUAGE


def app_language(command_line: str | None, personal: str | None, dataset: str | None) -> str:
    """The app's language: `--lang`, else the user's own choice, else the dataset's."""
    return first_language(command_line, personal, dataset)


def report_language(
    export_option: str | None, plan_language: str | None, dataset: str | None
) -> str:
    """The language of a report.

    `export --lang` (or the export dialog's choice) wins; else, for a report of one plan,
    the plan's own language (Alver's plan in nynorsk); else the dataset's language. A
    report of the whole round follows the dataset, whatever its plans declare.
    """
    return first_language(export_option, plan_language, dataset)
