"""Personal settings: the user's name (signs every save), unit, language and theme."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

import polars as pl
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from oppfolging.i18n import language, language_name, languages, set_language, t
from oppfolging.settings import load_personal_settings, save_personal_settings
from oppfolging.textsafe import is_one_plain_line
from oppfolging.tui.base import CompactWhenShort, TranslatedBindings
from oppfolging.tui.literal import literal, tc

if TYPE_CHECKING:
    from oppfolging.tui.app import OppfolgingApp

THEMES = [("settings.theme.dark", "textual-dark"), ("settings.theme.light", "textual-light")]
"""(catalogue key of the name, theme)."""


class SettingsScreen(CompactWhenShort, TranslatedBindings, ModalScreen[bool]):
    """Edit and save the personal settings; dismisses with True when saved."""

    AUTO_FOCUS = "#name"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "binding.cancel"),
        Binding("ctrl+s", "save", "binding.save"),
    ]

    def compose(self) -> ComposeResult:
        current = load_personal_settings().settings
        units = self._units()
        with Vertical(classes="dialog", id="settings"):
            yield Label(t("settings.title"), classes="dialog-title")
            yield Label(t("settings.name"))
            yield Input(current.name, id="name", placeholder=t("settings.name.placeholder"))
            yield Label(t("settings.unit"))
            yield Select([(literal(u), u) for u in units],
                         value=current.unit if current.unit in units else Select.NULL,
                         id="unit", prompt=t("settings.all_units"))  # fmt: skip
            yield Label(t("settings.language"))
            languages_named = [(language_name(code), code) for code in languages()]
            yield Select(
                languages_named,
                value=current.language or language(),
                id="language",
                allow_blank=False,
            )
            yield Label(t("settings.theme"))
            themes = [(t(key), theme) for key, theme in THEMES]
            yield Select(themes, value=_theme(current.theme), id="theme", allow_blank=False)
            yield Static("", id="error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button(t("button.save"), id="save", variant="primary")
                yield Button(t("button.cancel"), id="cancel")

    def _units(self) -> list[str]:
        from oppfolging.tui.app import OppfolgingApp

        session = cast(OppfolgingApp, self.app).session
        if session is None:
            return []
        frames = (session.dataset.indicators, session.dataset.measures)
        found = pl.concat([f.get_column("responsible") for f in frames]).drop_nulls().unique()
        return sorted(found.to_list())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(False)

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.query_one("#error", Static).update(t("settings.name.required"))
            return
        if not is_one_plain_line(name):  # e.g. pasted with an escape sequence
            self.query_one("#error", Static).update(t("settings.name.one_line"))
            return
        settings = replace(
            load_personal_settings().settings,
            name=name,
            unit=_chosen(self.query_one("#unit", Select)),
            language=_chosen(self.query_one("#language", Select)) or "nb",
            theme=_chosen(self.query_one("#theme", Select)) or "textual-dark",
        )
        try:
            save_personal_settings(settings)
        except OSError as error:
            self.query_one("#error", Static).update(tc("settings.save_failed", error=error))
            return
        if settings.language != language():
            set_language(settings.language)
            cast("OppfolgingApp", self.app).language_changed()
        self.app.theme = settings.theme
        self.app.notify(t("settings.saved"))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


def _theme(theme: str) -> str:
    return theme if theme in {value for _, value in THEMES} else "textual-dark"


def _chosen(select: Select[str]) -> str:
    value = select.value
    return value if isinstance(value, str) else ""
