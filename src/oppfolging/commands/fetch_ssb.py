"""`oppfolging hent-ssb`: fetch the mapped SSB tables, keep them for audit, import them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from oppfolging.commands.common import add_data_option
from oppfolging.commands.import_ssb import import_and_print
from oppfolging.commands.set_value import add_user_options, run_checked_save
from oppfolging.i18n import t


def register(subparsers: Any) -> None:
    """Add the `hent-ssb` subcommand."""
    parser = subparsers.add_parser(
        "hent-ssb", help=t("ssb.cli.fetch_help"), description=t("ssb.cli.fetch_description")
    )
    add_data_option(parser)
    add_user_options(parser, comment=False)
    parser.add_argument("--dry-run", action="store_true", help=t("ssb.cli.dry_run_help"))
    parser.add_argument("--force", action="store_true", help=t("ssb.cli.force_help"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Fetch, save the raw answers in the dataset's ssb/ folder, import them."""
    from datetime import datetime

    from oppfolging.registration import RegistrationError
    from oppfolging.registration.ssb.fetch import (
        DEFAULT_BASE_URL,
        Fetcher,
        FetchError,
        fetch_tables,
        queries,
    )
    from oppfolging.registration.ssb.importing import mapped_sources

    def save(folder: Path, user: str, loaded: Any) -> Any:
        settings = loaded[1]
        now = datetime.now()
        sources = mapped_sources(folder, loaded[0]["indicators"])
        if not sources:
            raise RegistrationError(t("ssb.fetch.nothing_mapped"))
        fetcher = Fetcher(settings.ssb_base_url or DEFAULT_BASE_URL)
        try:
            files = fetch_tables(
                folder, queries(sources.values(), settings.ssb_region), fetcher, now
            )
        except FetchError as error:
            raise RegistrationError(str(error)) from None
        for file in files:
            print(t("ssb.fetch.saved", file=str(file.relative_to(folder))))
        return import_and_print(args, folder, list(files), user, now, loaded)

    return run_checked_save(args, save)
