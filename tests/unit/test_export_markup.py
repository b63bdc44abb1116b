"""Dataset text in the Markdown and HTML exports is shown literally: never a link, an image,
an HTML tag, code, emphasis or a broken table. Checked by rendering with markdown-it-py
(CommonMark with GitHub's tables and strikethrough), as a forge would."""

from __future__ import annotations

from engine_helpers import one_plan
from export_helpers import AS_OF, ROUND
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from oppfolging.reporting.export.html import render as render_html
from oppfolging.reporting.export.markdown import escape
from oppfolging.reporting.export.markdown import render as render_markdown
from oppfolging.reporting.report import Report, make_report
from oppfolging.settings import DatasetSettings

HOSTILE = [
    "[tekst](http://x.example)",
    "![bilde](http://x.example/a.png)",
    "<http://x.example>",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[a][1] og [b]",
    "`kode` og ``mer``",
    "*fet* **fetere** _kursiv_ __også__",
    "~~strøket~~",
    "a | b \\| c \\",
    "&lt;b&gt; &amp; &#60;",
    "Plan ##",
]
TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t\r"))
"""Any text; control characters other than line breaks and tabs are another rule's business
(CommonMark turns NUL into U+FFFD)."""
REFERENCES = "\n\n[1]: http://x.example\n[b]: http://x.example\n"
"""Link reference definitions, so that `[a][1]` and `[b]` would be links if not escaped."""


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inlines(document: str) -> list[list[Token]]:
    """The children of every inline token (a table cell, a heading, a paragraph)."""
    tokens = _markdown().parse(document + REFERENCES)
    return [token.children or [] for token in tokens if token.type == "inline"]


def _shown_literally(document: str, text: str) -> None:
    """`text` (on one line) is shown by some cell or heading, and each one showing it is
    plain text only."""
    wanted = " ".join(text.split())
    showing = [c for c in _inlines(document) if wanted in "".join(t.content for t in c)]
    assert showing, text
    for children in showing:
        assert {child.type for child in children} == {"text"}, children


@given(TEXT)
def test_any_text_in_a_table_cell_is_shown_literally(text: str) -> None:
    document = f"| h |\n| --- |\n| {escape(text)} |\n"
    tokens = _markdown().parse(document)
    cells = [token for token in tokens if token.type == "inline"]
    assert len(cells) == 2  # the header cell and one body cell: the table is intact
    children = cells[1].children or []
    assert {child.type for child in children} <= {"text"}
    assert "".join(child.content for child in children) == " ".join(text.split())


@given(TEXT)
def test_any_text_in_a_heading_is_shown_literally(text: str) -> None:
    tokens = _markdown().parse(f"## {escape(text)}\n")
    children = [
        child for token in tokens if token.type == "inline" for child in token.children or []
    ]
    assert {child.type for child in children} <= {"text"}
    assert "".join(child.content for child in children) == " ".join(text.split())


def test_hostile_dataset_text_is_literal_in_the_markdown_export() -> None:
    report = _hostile_report()
    document = render_markdown(report)
    for text in HOSTILE:
        _shown_literally(document, text)
    html = _markdown().render(document + REFERENCES)
    for tag in ("<a ", "<img", "<script", "<code", "<strong", "<s>"):
        assert tag not in html


def test_hostile_dataset_text_is_escaped_in_the_html_export() -> None:
    page = render_html(_hostile_report())
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&amp;lt;b&amp;gt; &amp;amp; &amp;#60;" in page


def _hostile_report() -> Report:
    """A report whose plan, focus area, goal, indicators and comments hold HOSTILE texts."""
    names = iter(HOSTILE)
    dataset = one_plan(
        plan={"name": next(names)},
        indicators=[
            {"indicator_id": f"I{i}", "name": text, "target": 20.0} for i, text in enumerate(names)
        ],
        values=[
            {"indicator_id": "I1", "period": "2026-T1", "value": 1.0, "comment": HOSTILE[4]},
        ],
        measures=[{"measure_id": "M1", "name": HOSTILE[1], "responsible": HOSTILE[2]}],
    )
    return make_report(dataset, ROUND, AS_OF, DatasetSettings())
