"""`oppfolging init DIR`: an empty dataset with every table's header."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the `init` subcommand."""
    parser = subparsers.add_parser(
        "init",
        help="lag et tomt datasett",
        description="Lager mappen med en tom fil (bare overskrifter) per tabell "
        "og en kommentert oppfolging.toml.",
    )
    parser.add_argument("folder", metavar="MAPPE", help="mappen som skal lages")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the empty dataset; exit 1 when the folder already holds one or cannot be
    made (a file of that name, no write access): one line, nothing half written."""
    from oppfolging.commands.common import UsageError
    from oppfolging.store.errors import StoreError
    from oppfolging.store.fileinfo import os_reason
    from oppfolging.store.init import init_dataset

    if not args.folder.strip():
        raise UsageError("init: mappenavnet er tomt")
    folder = Path(args.folder).expanduser()
    try:
        init_dataset(folder)
    except StoreError as error:  # the folder is a file, holds a dataset, cannot be written
        print(f"oppfolging: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"oppfolging: kan ikke skrive {folder} ({os_reason(error)})", file=sys.stderr)
        return 1
    print(f"Tomt datasett laget i {folder}")
    return 0
