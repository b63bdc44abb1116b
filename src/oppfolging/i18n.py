"""Every UI and report string, in one gettext catalogue per language.

The catalogues are `locale/<code>/LC_MESSAGES/oppfolging.po` beside this module (package
data): msgid is the key (`status.on_track`), msgstr the text ("på sporet"). Norwegian bokmål
(`nb`) is the default; nynorsk (`nn`) and English (`en`) have every key too
(`tests/unit/test_i18n_catalogues.py`). A key missing, empty or fuzzy in a language falls back
to `nb`, and one missing everywhere shows as the key itself.

A catalogue is parsed (by `oppfolging._po`, not babel: it is on every command's import path)
the first time its language is used, and kept. `NB`, `NN`, `EN` and `CATALOGUES` are still
here for the code and tests that read a catalogue whole; they load on first access.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from oppfolging._po import read_po_file
from oppfolging.domain.codes import SYMBOLS

_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
"""Each language named in itself, in the order the settings list them."""
_DEFAULT = "nb"
_LOCALE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
_BY_NAME = {"NB": "nb", "NN": "nn", "EN": "en"}

_language = _DEFAULT
_scoped: ContextVar[str | None] = ContextVar("oppfolging_language", default=None)
"""The language of a `language_scope` (an export in the report's language), else None."""
_loaded: dict[str, dict[str, str]] = {}

# Loaded on first access by `__getattr__` below.
NB: dict[str, str]
NN: dict[str, str]
EN: dict[str, str]
CATALOGUES: dict[str, dict[str, str]]


def languages() -> tuple[str, ...]:
    """The language codes, in a fixed order: `nb`, `nn`, `en`."""
    return tuple(_NAMES)


def language_name(code: str) -> str:
    """The language named in itself (`nn` → "Norsk nynorsk"); the code for an unknown one."""
    return _NAMES.get(code, code)


def catalogue_path(code: str) -> str:
    """Where the catalogue of `code` is (it need not exist)."""
    return os.path.join(_LOCALE, code, "LC_MESSAGES", "oppfolging.po")


def catalogue(code: str) -> dict[str, str]:
    """The messages of the language `code` (key → text), parsed once.

    Raises `KeyError` for a language that is not one of `languages()`, and
    `oppfolging._po.PoError` (naming the file and line) for a malformed catalogue."""
    messages = _loaded.get(code)
    if messages is None:
        if code not in _NAMES:
            raise KeyError(code)
        messages = _loaded[code] = read_po_file(catalogue_path(code)).messages
    return messages


def __getattr__(name: str) -> dict[str, str] | dict[str, dict[str, str]]:
    """`NB`, `NN`, `EN` and `CATALOGUES`, loaded when first asked for."""
    if name in _BY_NAME:
        return catalogue(_BY_NAME[name])
    if name == "CATALOGUES":
        return {code: catalogue(code) for code in _NAMES}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def set_language(language: str) -> None:
    """Choose the catalogue (`nb`, `nn` or `en`); unknown languages fall back to `nb`."""
    global _language
    _language = language if language in _NAMES else _DEFAULT


def language() -> str:
    """The language in use: a `language_scope`'s, else the one `set_language` chose."""
    return _scoped.get() or _language


@contextmanager
def language_scope(code: str) -> Iterator[None]:
    """Translate into `code` inside the block, without changing the app's language.

    A report is written in its own language (a nynorsk plan's report from a bokmål app);
    a context variable keeps that to the block and to the task or thread running it.
    """
    token = _scoped.set(code if code in _NAMES else _DEFAULT)
    try:
        yield
    finally:
        _scoped.reset(token)


def t(key: str, **values: object) -> str:
    """The string for `key` in the current language, formatted with `values`.

    A key missing from every catalogue returns the key itself, so a gap is visible
    rather than a crash.
    """
    text = catalogue(language()).get(key) or catalogue(_DEFAULT).get(key) or key
    return text.format(**values) if values else text


def status_word(code: str | None) -> str:
    """The word for a status, trend or flag code (`on_track` → "på sporet")."""
    return t(f"status.{code}") if code else ""


def status_label(code: str | None) -> str:
    """Symbol and word: `● på sporet`. Empty for no code."""
    if not code:
        return ""
    return f"{SYMBOLS.get(code, '')} {status_word(code)}".strip()
