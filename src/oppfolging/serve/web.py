"""The web server of `oppfolging serve`: textual-serve's aiohttp server behind a login.

Every route but the login page and the static files needs a valid session cookie (with a
users file). The websocket also needs an `Origin` that is this server's own, so another
site cannot drive a user's session from their browser (cross-site websocket hijacking).
Each websocket starts one app process; the server hands it the user's name, role and units
in its environment: nothing the browser sends decides them.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import shlex
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from oppfolging.i18n import language, t
from oppfolging.roles import access_environment
from oppfolging.serve.auth import LoginThrottle, SessionSigner
from oppfolging.serve.users import User, dummy_hash, load_users, verify_hash

log = logging.getLogger("oppfolging.serve")

COOKIE = "oppfolging_okt"
TEMPLATES = Path(__file__).parent / "templates"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class ServeConfig:
    """What `oppfolging serve` was started with."""

    folder: Path
    host: str = "127.0.0.1"
    port: int = 8000
    users_file: Path | None = None
    """None: no login; the server only listens on loopback."""
    state_dir: Path | None = None
    """Where each user's own personal settings are kept (theme, language)."""
    public_url: str | None = None
    """The address users open (behind a reverse proxy: its https URL)."""
    as_of: str | None = None
    """`--as-of` for every app process (tests and demos); None: today."""


class UsersSource:
    """The users file, read again when it changes (a removed user is locked out at once)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._users: dict[str, User] = {}

    def get(self, name: str) -> User | None:
        """The user called `name`, as the file says now."""
        try:
            stat = self.path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = (0, 0)
        if stamp != self._stamp:
            self._users = load_users(self.path) if stamp != (0, 0) else {}
            self._stamp = stamp
        return self._users.get(name)


class RoleAppService(AppService):
    """textual-serve's app process, with the signed-in user's access in its environment."""

    def __init__(self, command: str, extra_env: dict[str, str], **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.extra_env = extra_env

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.update(self.extra_env)
        return environment


class OppfolgingServer(Server):
    """textual-serve's `Server` with a login, sessions, roles and an origin check."""

    def __init__(
        self,
        config: ServeConfig,
        *,
        signer: SessionSigner | None = None,
        throttle: LoginThrottle | None = None,
        command: str | None = None,
    ) -> None:
        super().__init__(
            command or app_command(config.folder, config.as_of),
            host=config.host,
            port=config.port,
            title=t("serve.title"),
            public_url=config.public_url,
            templates_path=TEMPLATES,
        )
        self.config = config
        self.users = UsersSource(config.users_file) if config.users_file else None
        self.signer = signer
        self.throttle = throttle or LoginThrottle()
        if self.users is not None and self.signer is None:
            raise ValueError("a server with users needs a session signer")

    async def make_app(self) -> web.Application:
        """The aiohttp application (also for tests with aiohttp's test client)."""
        return await self._make_app()

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=_loader())
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/login", self.handle_login_page, name="login"),
                web.post("/login", self.handle_login, name="login_post"),
                web.get("/logout", self.handle_logout, name="logout"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        where = self.public_url
        login = t("serve.with_login") if self.users else t("serve.without_login")
        self.console.print("oppfolging serve: " + t("serve.started", where=where, login=login))

    # --- the guard: sessions, origins, headers -------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse what needs a session without one; safe headers on every answer."""
        if self.users is None and not _loopback_host(request.host):
            # Without a login, a page on another site whose name points at 127.0.0.1
            # (DNS rebinding) would pass the origin check; only loopback names are served.
            raise web.HTTPForbidden(text=t("serve.loopback_only"))
        public = request.path in ("/login", "/logout") or request.path.startswith("/static/")
        if not public and self.users is not None and self.session_user(request) is None:
            if request.path == "/":
                raise web.HTTPSeeOther("/login")
            raise web.HTTPUnauthorized(text=t("serve.not_logged_in"))
        response = await handler(request)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def session_user(self, request: web.Request) -> User | None:
        """The user of the request's valid session cookie (who still exists), else None."""
        if self.users is None or self.signer is None:
            return None
        name = self.signer.check(request.cookies.get(COOKIE))
        return self.users.get(name) if name is not None else None

    def same_origin(self, request: web.Request) -> bool:
        """True when the request's `Origin` is this server (as the browser reached it)."""
        origin = request.headers.get("Origin")
        if not origin:
            return False
        parts = urlsplit(origin)
        allowed = {request.host.lower()}
        if self.config.public_url:
            allowed.add(urlsplit(self.config.public_url).netloc.lower())
        return parts.scheme in ("http", "https") and parts.netloc.lower() in allowed

    # --- login and logout -------------------------------------------------------------------

    async def handle_login_page(self, request: web.Request) -> web.Response:
        if self.users is None:
            raise web.HTTPSeeOther("/")
        return login_page()

    async def handle_login(self, request: web.Request) -> web.Response:
        """Check the name and password; slowed down after failures per name and address."""
        if self.users is None or self.signer is None:
            raise web.HTTPSeeOther("/")
        if request.headers.get("Origin") and not self.same_origin(request):
            raise web.HTTPForbidden(text=t("serve.wrong_origin"))
        form = await request.post()
        name = str(form.get("name", "")).strip()
        password = str(form.get("password", ""))
        address = request.remote or "?"
        wait = self.throttle.wait(name, address)
        if wait > 0:
            message = t("serve.login.throttled", seconds=int(wait) + 1)
            return login_page(message, name, status=429)
        user = self.users.get(name)
        ok = await asyncio.to_thread(_verify, user, password)
        if user is None or not ok:
            self.throttle.failed(name, address)
            log.warning("mislykket innlogging for %r fra %s", name, address)
            return login_page(t("serve.login.wrong"), name, status=401)
        self.throttle.succeeded(name, address)
        response = _see_other("/")
        response.set_cookie(
            COOKIE,
            self.signer.make(user.name),
            max_age=self.signer.seconds,
            httponly=True,
            samesite="Strict",
            secure=self._secure(request),
            path="/",
        )
        log.info("%s logget inn fra %s", user.name, address)
        return response

    async def handle_logout(self, request: web.Request) -> web.Response:
        if self.signer is not None:
            self.signer.revoke(request.cookies.get(COOKIE))
        response = _see_other("/login" if self.users else "/")
        response.del_cookie(COOKIE, path="/")
        return response

    def _secure(self, request: web.Request) -> bool:
        return request.secure or (self.public_url or "").startswith("https:")

    # --- the app page and its websocket -----------------------------------------------------

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The terminal page; the websocket URL is where the browser reached this server."""
        base = self.config.public_url or f"{request.scheme}://{request.host}"
        websocket = ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1]
        user = self.session_user(request)
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{websocket.rstrip('/')}/ws",
            "config": {"static": {"url": f"{base.rstrip('/')}/static/"}},
            "application": {"name": self.title},
            "logout_url": "/logout" if user is not None else "",
            "user_name": user.name if user is not None else "",
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start the app process for this session (textual-serve's loop, with our process)."""
        if not self.same_origin(request):
            log.warning("websocket avvist: opphav %r", request.headers.get("Origin"))
            raise web.HTTPForbidden(text=t("serve.wrong_origin"))
        extra_env = self.app_environment(self.session_user(request))
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = RoleAppService(
                self.command,
                extra_env,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket

    def app_environment(self, user: User | None) -> dict[str, str]:
        """The app process's environment: the user's access, and their own settings file."""
        if user is None:
            return {}
        environment = access_environment(user.role, user.name, user.units)
        if self.config.state_dir is not None:
            folder = self.config.state_dir / _safe_folder_name(user.name)
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            environment["OPPFOLGING_CONFIG"] = str(folder / "innstillinger.toml")
        return environment


def _loopback_host(host: str) -> bool:
    """True when the `Host` header names this machine by a loopback name or address."""
    name = urlsplit(f"//{host}").hostname or ""
    return name in ("localhost", "127.0.0.1", "::1")


def _see_other(location: str) -> web.Response:
    """A 303 redirect to return (not raise), so a cookie can be set or deleted on it."""
    return web.Response(status=303, headers={"Location": location})


def app_command(folder: Path, as_of: str | None = None) -> str:
    """The shell command that runs one served app on `folder`."""
    command = [sys.executable, "-m", "oppfolging.serve.child", "--data", str(folder)]
    return shlex.join(command + (["--as-of", as_of] if as_of else []))


def _verify(user: User | None, password: str) -> bool:
    """Check the password; an unknown name is checked against a dummy hash (same time)."""
    ok = verify_hash(user.password_hash if user else dummy_hash(), password)
    return user is not None and ok


def _safe_folder_name(name: str) -> str:
    """A folder name for a user (names may hold any printable character)."""
    import hashlib

    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


def _loader() -> Any:
    import jinja2

    return jinja2.FileSystemLoader(TEMPLATES)


@functools.cache
def _login_template() -> str:
    """templates/login.html: a `str.format` template (its CSS braces are doubled)."""
    return (TEMPLATES / "login.html").read_text(encoding="utf-8")


def login_page(message: str = "", name: str = "", *, status: int = 200) -> web.Response:
    """The login form in the server's language (no script, no outside asset)."""
    error = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    body = _login_template().format(
        lang=language(),
        title=html.escape(t("serve.login.title")),
        heading=html.escape(t("serve.title")),
        intro=html.escape(t("serve.login.intro")),
        name_label=html.escape(t("serve.login.name")),
        password_label=html.escape(t("serve.login.password")),
        button=html.escape(t("serve.login.button")),
        error=error,
        name=html.escape(name, quote=True),
    )
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
