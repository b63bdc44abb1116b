"""No user-facing string literal outside the catalogue (issue 13).

Every string constant under src/oppfolging (f-strings as one text, their `{…}` parts left out)
is scanned for Norwegian (æ/ø/å or a common word) or an English sentence. Docstrings, log
messages, the keys given to `t()`, dict keys and the `ALLOWED` data below are left out. A
module in `NOT_YET_MOVED` is still being moved into the catalogue: it is skipped, but must
still hold such a literal (so the set can only shrink); the set is empty now, and the final
test holds every module to it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "oppfolging"

NORWEGIAN = re.compile(
    r"[æøåÆØÅ]|\b(ikke|og|er|på|mangler|verdi|verdien|lagret|kan|skal|finnes|må|fra|til|med"
    r"|som|det|den|ingen|ingenting|eller|feil|ugyldig|allerede|kunne|har|tiltak|bruk|ukjent"
    r"|ble|være|en|et|for|merk|vis|lag|angre|uten|detaljer|oppgi|enhet|kontroller|velg|lagre"
    r"|avbryt|slett|rediger|hjelp|avslutt|tilbake|neste|forrige|alle|filen|mappen|rapport"
    r"|periode|planer|planen|verdier|endringer|registrer|bare|endre|søk|skriv|tall|dato|frist"
    r"|kommentar|sammendrag|indikator|indikatorer|innstillinger|tom|rad|raden|kolonne|kolonnen"
    r"|hver|flere|nei|ja|av|om|ny|nytt|nye|inn|laster|hent|eksporter|lukk|oversikt|runde"
    r"|tekst|navn|bruker|gjelder|samme|denne|dette"
    r"|ikkje|eit|ein|frå|berre|utan|eining|kvar|nokon|vart)\b",
    re.IGNORECASE,
)
ENGLISH_WORDS = re.compile(r"\b(the|is|are|not|cannot|must|should|only|no|could|a|an|of)\b")
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}

MODULES_ALLOWED = {
    "_po.py": "the catalogue reader's own errors: they report a broken catalogue, so they "
    "cannot come from it; they are for a translator editing the .po file",
    "i18n.py": "the language names, each in itself, are data of the catalogue",
}
ALLOWED: dict[tuple[str, str], str] = {
    ("registration/ssb/csvdownload.py", "år"): "a column name in Statistikkbanken's CSV download",
    ("registration/ssb/csvdownload.py", "måned"): "a column name in Statistikkbanken's CSV",
    ("registration/ssb/fetch.py", "https://data.ssb.no/api/pxwebapi/v2/"): "SSB's API address",
    ("language.py", "en"): "a language code of the data contract (plans.language)",
    ("reporting/export/docx.py", "en-GB"): "the language tag Word knows for an English report",
    ("domain/units.py", "besøk"): "unit codes of the data contract (indicators.unit)",
    ("domain/units.py", "døgn"): "unit codes of the data contract (indicators.unit)",
    ("domain/units.py", "måneder"): "unit codes of the data contract (indicators.unit)",
    ("domain/units.py", "månader"): "unit codes of the data contract (nynorsk spelling)",
    ("domain/units.py", "år"): "unit codes of the data contract (indicators.unit)",
    ("domain/units.py", "årsverk"): "unit codes of the data contract (indicators.unit)",
    ("tui/base.py", "screens are only shown once the dataset is loaded"): (
        "an AssertionError for programmers, never shown to a user"
    ),
    ("reporting/report/tables.py", "tiltak"): (
        "a table's key: the file name of its CSV export (tiltak.csv), part of the output contract"
    ),
    ("store/journal.py", "not a table: {}"): "a ValueError caught as 'the journal cannot be read'",
    ("tui/cells.py", ":[not i][/not i]"): "markup: a colon and a tag pair that styles nothing",
    (
        "store/journal.py",
        "not a CSV table: {}",
    ): "a ValueError caught as 'the journal cannot be read'",
    (
        "store/journal.py",
        "not the change log",
    ): "a ValueError caught as 'the journal cannot be read'",
    (
        "store/journal.py",
        "not a file name: {}",
    ): "a ValueError caught as 'the journal cannot be read'",
    ("serve/web.py", "a server with users needs a session signer"): (
        "a ValueError for programmers: `serve` always makes a signer when there are users"
    ),
    ("domain/units.py", "tall"): "unit codes of the data contract (indicators.unit)",
    ("commands/fetch_ssb.py", "hent-ssb"): "a command name (the Norwegian alias of fetch-ssb)",
    ("reporting/export/_common.py", "sammendrag"): "a report table's key (sammendrag.csv)",
    ("reporting/export/markdown.py", "sammendrag"): "a report table's key (sammendrag.csv)",
    ("reporting/report/summary.py", "sammendrag"): "a report table's key (sammendrag.csv)",
    ("reporting/report/tables.py", "indikatorer"): "a report table's key (indikatorer.csv)",
    ("serve/web.py", "innstillinger.toml"): "the personal settings' file name",
    ("settings.py", "innstillinger.toml"): "the personal settings' file name",
    ("settings.py", ".innstillinger-"): "the prefix of a temporary file, never shown",
    ("store/cache.py", ".ny-"): "the prefix of a temporary folder, never shown",
    ("reporting/grouping.py", "unknown grouping {}; use one of {}"): (
        "a ValueError for programmers: callers pass only GROUPINGS (argparse choices)"
    ),
    ("reporting/rollup.py", "unknown grouping {}; use one of {}"): (
        "a ValueError for programmers: callers pass only GROUPINGS (argparse choices)"
    ),
}

NOT_YET_MOVED: set[str] = set()
"""Modules whose literals are still to be moved into the catalogue (now none: keep it so)."""


def user_facing(text: str) -> bool:
    """Whether `text` reads as Norwegian or as an English sentence."""
    if NORWEGIAN.search(text):
        return True
    words = re.findall(r"[A-Za-z']+", text)
    return len(words) >= 3 and bool(ENGLISH_WORDS.search(text))


def _skipped_nodes(tree: ast.Module) -> set[int]:
    """Ids of the nodes whose strings are not user-facing: docstrings (also attribute
    docstrings), the arguments of log calls and of `t()`, and dict keys."""
    skipped: set[int] = set()

    def skip(node: ast.AST) -> None:
        skipped.update(id(inner) for inner in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip(node.value)
        elif isinstance(node, ast.Dict):
            for dict_key in node.keys:
                if dict_key is not None:
                    skip(dict_key)
        elif isinstance(node, ast.Call) and _is_log_or_t(node.func):
            for argument in (*node.args, *(keyword.value for keyword in node.keywords)):
                if node_is_key_or_log(node.func, argument, node):
                    skip(argument)
    return skipped


def _is_log_or_t(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id == "t"
    return isinstance(func, ast.Attribute) and (
        func.attr in LOG_METHODS and isinstance(func.value, ast.Name) and "log" in func.value.id
    )


def node_is_key_or_log(func: ast.expr, argument: ast.expr, call: ast.Call) -> bool:
    """A log call's arguments are all skipped; of `t()` only the key (its first argument)."""
    if isinstance(func, ast.Name):
        return bool(call.args) and argument is call.args[0]
    return True


def literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string constant and f-string of the module at `path` that is
    not skipped; an f-string is one text with its `{…}` parts as `{}`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _skipped_nodes(tree)
    found: list[tuple[int, str]] = []
    inside_fstring: set[int] = set()
    for node in ast.walk(tree):
        if id(node) in skipped or id(node) in inside_fstring:
            continue
        if isinstance(node, ast.JoinedStr):
            inside_fstring.update(id(inner) for inner in ast.walk(node))
            text = "".join(
                str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values
            )
            found.append((node.lineno, text))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
    return found


def findings() -> dict[str, list[str]]:
    """Module (relative to src/oppfolging) → its user-facing literals outside the catalogue."""
    result: dict[str, list[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        module = path.relative_to(SOURCE).as_posix()
        if module in MODULES_ALLOWED:
            continue
        hits = [
            f"{module}:{line}: {text!r}"
            for line, text in literals(path)
            if user_facing(text) and (module, text) not in ALLOWED
        ]
        if hits:
            result[module] = hits
    return result


def test_the_scanner_finds_norwegian_and_english_and_skips_what_it_should(
    tmp_path: Path,
) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Modulen gjør noe."""\n'
        "import logging\n"
        "log = logging.getLogger()\n"
        "def f(x: int) -> str:\n"
        '    """Docstring på norsk."""\n'
        '    log.warning("mislykket innlogging for %s", x)\n'
        '    t("registration.value_not_finite", value=x)\n'
        '    d = {"målet": 1}\n'
        '    a = f"verdien {x} må være et tall"\n'
        '    b = "The file could not be read"\n'
        '    c = "plan_id"\n'
        "    return a + b + c + str(d)\n",
        encoding="utf-8",
    )
    texts = [text for _, text in literals(sample) if user_facing(text)]
    assert texts == ["verdien {} må være et tall", "The file could not be read"]


def test_no_literal_outside_the_catalogue_in_the_moved_modules() -> None:
    moved = {module: hits for module, hits in findings().items() if module not in NOT_YET_MOVED}
    assert moved == {}, "\n".join(hit for hits in moved.values() for hit in hits)


def test_every_module_not_yet_moved_still_has_a_literal() -> None:
    """Take a module out of `NOT_YET_MOVED` once its literals are in the catalogue."""
    missing = NOT_YET_MOVED - set(findings())
    assert not missing, sorted(missing)


def test_every_allowed_literal_is_still_there() -> None:
    for module, text in ALLOWED:
        assert text in {found for _, found in literals(SOURCE / module)}, (module, text)


def test_no_user_facing_literal_remains_outside_the_catalogue() -> None:
    remaining = findings()
    assert remaining == {}, f"{sum(map(len, remaining.values()))} literals left"
