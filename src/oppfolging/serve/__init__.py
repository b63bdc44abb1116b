"""`oppfolging serve`: the app in a browser, behind a login, with roles.

`users` (the users file) and `roles` (what each role may do) are headless; `web` is the
aiohttp server around textual-serve; `child` is the app process each browser session runs.
"""
