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
    """Write the empty dataset; exit 1 when the folder already holds one."""
    from oppfolging.store.init import DatasetExistsError, init_dataset

    folder = Path(args.folder)
    try:
        init_dataset(folder)
    except DatasetExistsError as error:
        print(f"oppfolging: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"oppfolging: kan ikke skrive {folder}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"Tomt datasett laget i {folder}")
    return 0
