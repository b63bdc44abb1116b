"""The command palette finds any plan, goal, indicator or measure by name and opens it."""

from __future__ import annotations

from pilot_helpers import settle, wait_until

from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.palette import SearchProvider, open_found, searchable_items
from oppfolging.tui.screens.detail import IndicatorScreen, MeasureScreen
from oppfolging.tui.screens.drill import GoalScreen, PlanScreen


async def test_every_named_thing_is_searchable(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        items = searchable_items(app)
        tables = {table for _, table, _ in items}
        assert tables == {"plans", "focus_areas", "goals", "indicators", "measures"}
        assert any("Frisklivssentralen" in label for label, _, _ in items)


async def test_search_hits_and_opens(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        provider = SearchProvider(app.screen)
        hits = [hit async for hit in provider.search("frisklivssentral")]
        assert hits
        assert all("frisklivssentral" in str(hit.text).lower() for hit in hits[:3])
        open_found(app, "indicators", "pg-i1.1.1")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorScreen)
        open_found(app, "measures", "pg-t1.1.1")
        await settle(pilot)
        assert isinstance(app.screen, MeasureScreen)
        open_found(app, "goals", "pg-m1.1")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        open_found(app, "plans", "lier-hov-2018")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)


async def test_the_palette_speaks_the_language_in_use(app: OppfolgingApp) -> None:
    """The palette's own texts (placeholder, no matches, its key and the system commands)
    come from the catalogue, in the language chosen when it opens (issue 13)."""
    from textual.command import CommandInput, CommandList

    from oppfolging import i18n
    from oppfolging.tui.palette import TranslatedPalette

    before = i18n.language()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for code, placeholder, quit_word in (
                ("nn", "Søk etter kommandoar og namn …", "Avslutt"),
                ("en", "Search for commands and names…", "Quit"),
            ):
                i18n.set_language(code)
                app.action_command_palette()
                await settle(pilot)
                palette = app.screen
                assert isinstance(palette, TranslatedPalette)
                assert palette.query_one(CommandInput).placeholder == placeholder
                names = [command.title for command in app.get_system_commands(palette)]
                assert quit_word in names
                escape = palette.active_bindings["escape"].binding.description
                assert escape == i18n.t("palette.close")
                await pilot.press(*"zzqqxx")
                options = palette.query_one(CommandList)
                no_matches = i18n.t("palette.no_matches")

                def says_no_matches(options: CommandList = options, text: str = no_matches) -> bool:
                    if options.option_count == 0:
                        return False
                    last = options.get_option_at_index(options.option_count - 1)
                    return text in str(last.prompt)

                await wait_until(pilot, says_no_matches)
                await pilot.press("escape")
                await settle(pilot)
    finally:
        i18n.set_language(before)
