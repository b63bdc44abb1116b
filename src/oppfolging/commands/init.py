"""`oppfolging init DIR`: an empty dataset with every table's header."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from oppfolging.i18n import t


def register(subparsers: Any) -> None:
    """Add the `init` subcommand."""
    parser = subparsers.add_parser(
        "init",
        help=t("cli.init_help"),
        description=t("cli.init_description"),
    )
    parser.add_argument("folder", metavar=t("cli.data_metavar"), help=t("cli.init_folder_help"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the empty dataset; exit 1 when the folder already holds one or cannot be
    made (a file of that name, no write access): one line, nothing half written."""
    from oppfolging.commands.common import UsageError
    from oppfolging.store.errors import StoreError
    from oppfolging.store.fileinfo import os_reason
    from oppfolging.store.init import init_dataset

    if not args.folder.strip():
        raise UsageError(t("cli.init_folder_empty"))
    folder = Path(args.folder).expanduser()
    try:
        init_dataset(folder)
    except StoreError as error:  # the folder is a file, holds a dataset, cannot be written
        print(f"oppfolging: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(t("cli.cannot_write", folder=folder, reason=os_reason(error)), file=sys.stderr)
        return 1
    print(t("cli.init_done", folder=folder))
    return 0
