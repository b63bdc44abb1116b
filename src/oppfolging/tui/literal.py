"""Dataset text as Textual `Content`: always literal, never markup, never a control code.

A name like `[ @click=app.quit]x[/]` passed to a markup parser becomes a clickable action,
so the screens never put dataset or user text into a markup string. `literal` makes
Content of a value; `compose` fills a template of ours (bold, colours) with values that
stay literal — only values wrapped in `Markup` (status colours we wrote) are parsed.
Both pass the text through `textsafe.visible` first.
"""

from __future__ import annotations

from textual.content import Content

from oppfolging.i18n import t
from oppfolging.textsafe import visible


class Markup(str):
    """Markup we wrote ourselves (a status colour, a bold word): parsed by `compose`."""

    __slots__ = ()


def flat(value: object) -> str:
    """`value` as one line: control characters visible, line breaks and tabs spaces (other
    spacing, such as a number's no-break space, kept)."""
    return visible(str(value)).replace("\n", " ").replace("\t", " ")


def literal(value: object) -> Content:
    """`value` as one line of literal Content (empty for None)."""
    return Content("" if value is None else flat(value))


def compose(template: str, **values: object) -> Content:
    """`template` — our markup with `{name}` fields — filled in: `Markup` values as markup,
    every other value as literal one-line text (Textual template variables are inserted
    after the markup is parsed, so they can never form a tag)."""
    fields: dict[str, str] = {}
    variables: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, Markup):
            fields[name] = value.replace("$", "$$")
        else:
            fields[name] = "${" + name + "}"
            variables[name] = "" if value is None else flat(value)
    source = template.replace("$", "$$").format(**fields)
    return Content.from_markup(source, **variables)


def tc(key: str, **values: object) -> Content:
    """`t(key)` filled in by `compose`: the catalogue's markup, the values literal."""
    return compose(t(key), **values)


def lines(*parts: Content) -> Content:
    """`parts` one per line."""
    return Content("\n").join(parts)
