"""The subcommands of `oppfolging`, one module each."""
