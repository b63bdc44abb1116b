"""`python -m oppfolging`."""

from oppfolging.cli import main

raise SystemExit(main())
