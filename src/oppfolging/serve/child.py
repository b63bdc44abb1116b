"""The app process of one browser session: `python -m oppfolging.serve.child --data DIR`.

Started by the server with textual-serve's web driver; stdin and stdout are pipes, not a
terminal. The role, user and units come from the environment the server set
(`oppfolging.roles`); a wrong value stops the process rather than start with more rights.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app on `--data` for the user the server named."""
    from oppfolging.i18n import set_language
    from oppfolging.roles import RoleEnvironmentError, access_from_environment
    from oppfolging.settings import load_personal_settings

    parser = argparse.ArgumentParser(prog="oppfolging.serve.child")
    parser.add_argument("--data", required=True)
    parser.add_argument("--as-of", default=None, type=date.fromisoformat)
    args = parser.parse_args(argv)
    try:
        access_from_environment()
    except RoleEnvironmentError as error:
        print(f"oppfolging serve: {error}", file=sys.stderr)
        return 1
    personal = load_personal_settings().settings
    from oppfolging.language import app_language
    from oppfolging.settings import load_dataset_settings

    dataset_language = load_dataset_settings(Path(args.data)).settings.language
    set_language(app_language(None, personal.language, dataset_language))
    from oppfolging.tui.app import make_app

    app = make_app(Path(args.data), args.as_of or date.today(), theme=personal.theme)
    app.run()
    return 0 if not app.return_code else 1


if __name__ == "__main__":
    raise SystemExit(main())
