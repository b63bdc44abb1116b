"""`oppfolging serve`: the app in a browser, behind a login, with roles.

`users` (the users file) is headless, like `oppfolging.roles` (what each role may do); `web` is the
aiohttp server around textual-serve; `child` is the app process each browser session runs.
"""
