"""The subset of gettext `.po` files our catalogues use: a reader for the app, a writer for
`tools/po_from_dicts.py`.

An entry is `msgid "key"` / `msgstr "text"`; either string may go on over following lines
of `"…"` (joined as they are), with the escapes `\\"`, `\\\\`, `\\n`, `\\t` and `\\r`.
Lines starting with `#` are comments; `#, fuzzy` marks an entry a translator has not
confirmed, which gettext (msgfmt) leaves out and so do we (it reads as untranslated). The
entry with the empty msgid is the header (`Language:`, `Content-Type:`, …). Context
(`msgctxt`) and plural forms (`msgid_plural`) are not used: our keys are the context, and a
count has its own keys (`….one`, `….many`).

Written without `re`, `pathlib` or `dataclasses`: the app parses the catalogue of its language
when it first shows a text, and this module is on every command's import path.
"""

from __future__ import annotations

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}
_UNSUPPORTED = ("msgctxt", "msgid_plural", "msgstr[")
_WIDTH = 79
"""Longest line the writer makes, as gettext's own tools wrap."""


class PoError(ValueError):
    """A `.po` file that is not of our subset; the message names the file and the line."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source}, line {line}: {problem}")
        self.source = source
        self.line = line
        self.problem = problem


class PoFile:
    """What a `.po` file holds: its header's fields and its messages (msgid → msgstr).

    `messages` keeps the file's order; an untranslated or fuzzy entry maps to ""."""

    __slots__ = ("header", "messages")

    def __init__(self, header: dict[str, str], messages: dict[str, str]) -> None:
        self.header = header
        self.messages = messages


def read_po_file(path: str) -> PoFile:
    """Read and parse the `.po` file at `path` (UTF-8; a byte order mark is allowed)."""
    with open(path, "rb") as file:
        data = file.read()
    return parse_po(decode_po(data, path), path)


def decode_po(data: bytes, source: str) -> str:
    """The text of a `.po` file's bytes; anything but UTF-8 is a `PoError` at its line."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PoError(source, line, "the file is not UTF-8 (save it as UTF-8)") from None


def parse_po(text: str, source: str) -> PoFile:
    """Parse the text of a `.po` file; `source` names it in errors."""
    return _Parser(source).parse(text)


class _Parser:
    """A line-by-line state machine: outside an entry, in its msgid, or in its msgstr."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.header: dict[str, str] = {}
        self.messages: dict[str, str] = {}
        self.first_line: dict[str, int] = {}
        self.state = ""  # "", "msgid" or "msgstr"
        self.fuzzy = False
        self.entry_line = 0
        self.msgid: list[str] = []
        self.msgstr: list[str] = []

    def parse(self, text: str) -> PoFile:
        lines = text.split("\n")
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if line:
                self._line(line, number)
        if self.state == "msgid":
            self._fail(self.entry_line, "this msgid has no msgstr")
        self._finish()
        if not self.first_line:
            self._fail(len(lines), "the file has no entry (it needs at least the header entry)")
        return PoFile(self.header, self.messages)

    def _line(self, line: str, number: int) -> None:
        if line.startswith("#"):
            self._comment(line, number)
        elif line.startswith('"'):
            self._continuation(line, number)
        elif line.startswith(_UNSUPPORTED):
            keyword = line.split(None, 1)[0]
            self._fail(
                number,
                f"«{keyword}» is not used by oppfolging's catalogues"
                " (a key is its own context; a count has its own keys such as ….one and ….many)",
            )
        elif line.startswith("msgid") and line[5:6].isspace():
            self._msgid(line[5:].strip(), number)
        elif line.startswith("msgstr") and line[6:7].isspace():
            self._msgstr(line[6:].strip(), number)
        else:
            self._fail(number, f'expected msgid, msgstr, a "…" string or a # comment: {line!r}')

    def _comment(self, line: str, number: int) -> None:
        if self.state == "msgid":
            self._fail(
                number, f"a comment between the msgid of line {self.entry_line} and its msgstr"
            )
        self._finish()
        if line.startswith("#,") and "fuzzy" in (flag.strip() for flag in line[2:].split(",")):
            self.fuzzy = True

    def _msgid(self, rest: str, number: int) -> None:
        if self.state == "msgid":
            self._fail(number, f"the msgid of line {self.entry_line} has no msgstr")
        self._finish()
        self.state = "msgid"
        self.entry_line = number
        self.msgid = [self._string(rest, number)]

    def _msgstr(self, rest: str, number: int) -> None:
        if self.state != "msgid":
            self._fail(number, "msgstr without a msgid before it")
        self.state = "msgstr"
        self.msgstr = [self._string(rest, number)]

    def _continuation(self, line: str, number: int) -> None:
        if self.state == "msgid":
            self.msgid.append(self._string(line, number))
        elif self.state == "msgstr":
            self.msgstr.append(self._string(line, number))
        else:
            self._fail(number, "a string outside an entry (after a comment or at the start)")

    def _finish(self) -> None:
        """Store the entry that has been read, if any."""
        if self.state != "msgstr":
            return
        key, text = "".join(self.msgid), "".join(self.msgstr)
        if key in self.first_line:
            first = self.first_line[key]
            what = "header" if key == "" else f"msgid {key!r}"
            self._fail(self.entry_line, f"a second {what} (the first is on line {first})")
        self.first_line[key] = self.entry_line
        if key == "":
            self.header = self._header(text)
        else:
            self.messages[key] = "" if self.fuzzy else text
        self.state, self.fuzzy, self.msgid, self.msgstr = "", False, [], []

    def _header(self, text: str) -> dict[str, str]:
        fields: dict[str, str] = {}
        for field in text.split("\n"):
            name, colon, value = field.partition(":")
            if colon:
                fields[name.strip()] = value.strip()
        charset = fields.get("Content-Type", "").partition("charset=")[2].strip().lower()
        if charset not in ("", "utf-8", "utf8"):
            self._fail(self.entry_line, f"the header says charset={charset}; use UTF-8")
        return fields

    def _string(self, quoted: str, number: int) -> str:
        """The text of one `"…"` string, its escapes undone."""
        if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
            self._fail(number, f"expected a string in double quotes: {quoted!r}")
        inner = quoted[1:-1]
        if "\\" not in inner and '"' not in inner:
            return inner
        out: list[str] = []
        index = 0
        while index < len(inner):
            char = inner[index]
            if char == '"':
                self._fail(number, 'a " inside a string must be written \\"')
            if char == "\\":
                escaped = inner[index + 1 : index + 2]
                if not escaped:
                    self._fail(number, 'the string does not end: its closing " is escaped (\\")')
                if escaped not in _ESCAPES:
                    self._fail(number, f'unknown escape \\{escaped} (use \\" \\\\ \\n or \\t)')
                out.append(_ESCAPES[escaped])
                index += 2
            else:
                out.append(char)
                index += 1
        return "".join(out)

    def _fail(self, line: int, problem: str) -> None:
        raise PoError(self.source, line, problem)


# writing ------------------------------------------------------------------------------------


def quote(text: str) -> str:
    """`text` as one `"…"` string with its escapes."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    return f'"{escaped}"'


def format_field(keyword: str, text: str) -> str:
    """`msgid "…"` or `msgstr "…"`; a long text as `""` and wrapped lines, as gettext does
    (after each newline and at spaces, so the lines join back to `text`)."""
    single = f"{keyword} {quote(text)}"
    if len(single) <= _WIDTH and "\n" not in text.rstrip("\n"):
        return single
    return "\n".join([f'{keyword} ""', *(quote(chunk) for chunk in _chunks(text))])


def _chunks(text: str) -> list[str]:
    chunks: list[str] = []
    for line in _lines(text):
        current = ""
        for word in _words(line):
            if current and len(quote(current + word)) > _WIDTH:
                chunks.append(current)
                current = ""
            current += word
        chunks.append(current)
    return chunks or [""]


def _lines(text: str) -> list[str]:
    """`text` cut after each newline (only there: a `.po` line ends at `\\n` alone)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return [line for line in lines if line]


def _words(line: str) -> list[str]:
    """The words of `line`, each with the spaces after it."""
    words: list[str] = []
    for part in line.split(" "):
        if words and not part:
            words[-1] += " "
        else:
            words.append(part + " ")
    words[-1] = words[-1][:-1]
    return [word for word in words if word]


def format_entry(key: str, text: str, comments: tuple[str, ...] | list[str] = ()) -> str:
    """One entry: its `# comment` lines, msgid and msgstr (no blank line around it)."""
    lines = [f"# {comment}".rstrip() for comment in comments]
    lines += [format_field("msgid", key), format_field("msgstr", text)]
    return "\n".join(lines)


def format_header(language: str, name: str) -> str:
    """The comment at the top of a new catalogue and its header entry; `name` is the
    language named in itself."""
    fields = [
        "Project-Id-Version: oppfolging",
        f"Language: {language}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "Plural-Forms: nplurals=2; plural=(n != 1);",
    ]
    comments = [
        f"# oppfolging: the texts of the app, the commands and the reports in {name} ({language}).",
        "#",
        "# Each entry: msgid is the key the program looks up (never change it); msgstr is",
        "# the text shown. Keep every {placeholder} of the bokmål text. See README.md.",
    ]
    strings = [quote(field + "\n") for field in fields]
    return "\n".join([*comments, 'msgid ""', 'msgstr ""', *strings])
