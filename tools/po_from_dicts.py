"""Add the keys of old-style catalogue dicts to the gettext catalogues.

    python tools/po_from_dicts.py OLD_I18N_PY OLD_NN_PY LOCALE_DIR

Reads the `NB` and `EN` dicts of an old `src/oppfolging/i18n.py` and the `NN` dict of an old
`src/oppfolging/i18n_nn.py` — parsed with `ast`, never imported — and appends to
`LOCALE_DIR/<nb|nn|en>/LC_MESSAGES/oppfolging.po` every key that file does not have yet, in
the dict's order. Each added key brings the comment lines of its section in the dict (the
nearest comment lines above it), written once before the first key added from that section.

Never changes or removes an entry: a key the file has with another text is reported and kept
(edit the `.po` file by hand if the dict's text is the one to keep). A missing file is created
with its header. Running it again adds nothing. For porting keys that a branch still adds to
the old dicts, and how the catalogues were first made from them.

Exit status 0 when done, 2 on an error (a file that cannot be read, a dict that is not a
literal of strings, a malformed `.po` file), with a message naming the file and line.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
import tokenize
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from oppfolging._po import PoError, format_entry, format_header, parse_po, read_po_file

LANGUAGES = (("nb", "NB", "Norsk bokmål"), ("nn", "NN", "Norsk nynorsk"), ("en", "EN", "English"))
"""(language code, name of its dict, the language named in itself)."""


class ToolError(Exception):
    """A problem with an input file; the message names the file (and line)."""


class DictEntry(NamedTuple):
    key: str
    text: str
    section: tuple[str, ...]
    """The comment lines nearest above the key in the dict (its section's heading)."""


def dict_entries(path: Path, name: str) -> list[DictEntry]:
    """The entries of the dict literal assigned to `name` in the Python file at `path`."""
    source = _read(path)
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as error:
        raise ToolError(f"{path}, line {error.lineno}: not valid Python: {error.msg}") from None
    node = _dict_literal(tree, name)
    if node is None:
        raise ToolError(f"{path}: no dict literal `{name} = {{…}}` at the top level")
    comments = _comments(source, path)
    entries: dict[str, DictEntry] = {}
    section: tuple[str, ...] = ()
    previous_end = node.lineno
    for key_node, value_node in zip(node.keys, node.values, strict=True):
        if key_node is None:
            raise ToolError(f"{path}, line {value_node.lineno}: `**` in {name} is not supported")
        above = tuple(comments[line] for line in range(previous_end + 1, key_node.lineno)
                      if line in comments)  # fmt: skip
        section = above or section
        key = _literal_string(key_node, path, name)
        text = _literal_string(value_node, path, name)
        if key in entries:
            print(f"warning: {path}, line {key_node.lineno}: {name}[{key!r}] twice; "
                  "the last text counts, as in Python", file=sys.stderr)  # fmt: skip
            entries[key] = entries[key]._replace(text=text)
        else:
            entries[key] = DictEntry(key, text, section)
        previous_end = value_node.end_lineno or value_node.lineno
    return list(entries.values())


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ToolError(f"{path}: cannot be read: {error}") from None


def _dict_literal(tree: ast.Module, name: str) -> ast.Dict | None:
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        if isinstance(value, ast.Dict) and any(
            isinstance(target, ast.Name) and target.id == name for target in targets
        ):
            return value
    return None


def _comments(source: str, path: Path) -> dict[int, str]:
    """Line → text of each comment that fills its line (`# heading` → "heading")."""
    comments: dict[int, str] = {}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError) as error:
        raise ToolError(f"{path}: cannot be tokenized: {error}") from None
    for token in tokens:
        if token.type == tokenize.COMMENT and not token.line[: token.start[1]].strip():
            comments[token.start[0]] = token.string[1:].removeprefix(" ").rstrip()
    return comments


def _literal_string(node: ast.expr, path: Path, name: str) -> str:
    try:
        value = ast.literal_eval(node)
    except ValueError:
        value = None
    if not isinstance(value, str):
        raise ToolError(
            f"{path}, line {node.lineno}: an entry of {name} is not a plain string"
            f" ({ast.unparse(node)[:60]})"
        )
    return value


class Added(NamedTuple):
    path: Path
    keys: list[str]
    kept: list[str]
    """Keys the file already had with another text than the dict's (left as they are)."""
    text: str | None
    """The file's new text; None when it stays as it is."""


def plan(entries: list[DictEntry], path: Path, code: str, language_name: str) -> Added:
    """What appending to the `.po` file at `path` the entries it lacks gives (or creating it)."""
    existing = read_po_file(str(path)).messages if path.exists() else {}
    missing = [entry for entry in entries if entry.key not in existing]
    kept = [e.key for e in entries if e.key in existing and existing[e.key] != e.text]
    text = None
    if missing or not path.exists():
        old = _read(path) if path.exists() else format_header(code, language_name)
        text = _appended(old, missing)
        parse_po(text, str(path))  # what is written will read back
    return Added(path, [entry.key for entry in missing], kept, text)


def _appended(old: str, missing: list[DictEntry]) -> str:
    blocks: list[str] = []
    section: tuple[str, ...] = ()
    for entry in missing:
        comments = entry.section if entry.section != section else ()
        section = entry.section
        blocks.append(format_entry(entry.key, entry.text, comments))
    return "\n\n".join([old.rstrip("\n"), *blocks]) + "\n"


def run(old_i18n: Path, old_nn: Path, locale_dir: Path) -> list[Added]:
    """Read every input first, so that a bad one changes no file; then write."""
    sources = {"NB": old_i18n, "EN": old_i18n, "NN": old_nn}
    dicts = {name: dict_entries(sources[name], name) for _, name, _ in LANGUAGES}
    plans = [
        plan(dicts[name], locale_dir / code / "LC_MESSAGES" / "oppfolging.po", code, in_itself)
        for code, name, in_itself in LANGUAGES
    ]
    for added in plans:
        if added.text is not None:
            added.path.parent.mkdir(parents=True, exist_ok=True)
            added.path.write_text(added.text, encoding="utf-8", newline="\n")
    return plans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old_i18n", type=Path, help="an old src/oppfolging/i18n.py (NB, EN)")
    parser.add_argument("old_nn", type=Path, help="an old src/oppfolging/i18n_nn.py (NN)")
    parser.add_argument("locale_dir", type=Path, help="src/oppfolging/locale")
    args = parser.parse_args(argv)
    try:
        results = run(args.old_i18n, args.old_nn, args.locale_dir)
    except (ToolError, PoError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for result in results:
        print(f"{result.path}: {len(result.keys)} keys added")
        for key in result.kept:
            print(f"  kept {key!r}: the file has another text than the dict", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
