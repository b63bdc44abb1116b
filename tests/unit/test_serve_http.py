"""`oppfolging serve` at the HTTP level: login, cookie, origin and the app process's
environment (issue 12). aiohttp's test client against the real aiohttp application."""

from __future__ import annotations

import asyncio
import json
import shlex
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import WSServerHandshakeError, web
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher

from oppfolging.i18n import set_language, t
from oppfolging.roles import Role
from oppfolging.serve.auth import FREE_FAILURES, LoginThrottle, SessionSigner
from oppfolging.serve.users import User, save_users
from oppfolging.serve.web import COOKIE, OppfolgingServer, ServeConfig

PASSWORD = "riktig-hest-batteri"

Client = TestClient[web.Request, web.Application]


class Clock:
    """A clock the test moves by hand (no timed tests)."""

    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(autouse=True)
def cheap_dummy_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hash an unknown name is checked against, with the cheap parameters too."""
    hashed = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("dummy")
    monkeypatch.setattr("oppfolging.serve.web.dummy_hash", lambda: hashed)


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    path = tmp_path / "brukere.toml"
    # Cheap argon2 parameters: verifying uses the parameters stored in the hash.
    hashed = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    save_users(
        path,
        {
            "Kari": User("Kari", Role.REGISTRAR, ("Hjemmetjenesten",), hashed),
            "Leif": User("Leif", Role.LEADER, (), hashed),
        },
    )
    return path


def env_dump_command(target: Path) -> str:
    """A stand-in app process that writes its oppfolging environment to `target`."""
    code = (
        "import json, os, sys; "
        f"open({str(target)!r}, 'w').write(json.dumps("
        "{k: v for k, v in os.environ.items() if k.startswith('OPPFOLGING_')}))"
    )
    return shlex.join([sys.executable, "-c", code])


def make_server(tmp_path: Path, users_file: Path | None, clock: Clock) -> OppfolgingServer:
    config = ServeConfig(folder=tmp_path, users_file=users_file, state_dir=tmp_path / "state")
    signer = SessionSigner(b"k" * 32, seconds=3600, clock=clock) if users_file else None
    return OppfolgingServer(
        config,
        signer=signer,
        throttle=LoginThrottle(clock=clock),
        command=env_dump_command(tmp_path / "env.json"),
    )


@pytest.fixture
async def client(tmp_path: Path, users_file: Path, clock: Clock) -> AsyncIterator[Client]:
    server = make_server(tmp_path, users_file, clock)
    async with TestClient(TestServer(await server.make_app())) as test_client:
        yield test_client


async def status_with_cookie(client: Client, value: str) -> int:
    """GET / with exactly this session cookie value."""
    client.session.cookie_jar.clear()
    response = await client.get("/", headers={"Cookie": f"{COOKIE}={value}"}, allow_redirects=False)
    return response.status


async def login(client: Client, name: str, password: str) -> int:
    response = await client.post(
        "/login", data={"name": name, "password": password}, allow_redirects=False
    )
    return response.status


def origin(client: Client) -> str:
    return f"http://{client.host}:{client.port}"


async def test_the_app_page_needs_a_login(client: Client) -> None:
    response = await client.get("/", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/login"
    page = await client.get("/login")
    text = await page.text()
    assert "Logg inn" in text
    assert 'type="password"' in text


@pytest.mark.parametrize(
    ("code", "button", "title"),
    [("nb", "Logg inn", "Logg inn"), ("nn", "Logg inn", "Namn"), ("en", "Log in", "Name")],
)
async def test_the_login_page_follows_the_servers_language(
    client: Client, code: str, button: str, title: str
) -> None:
    set_language(code)  # as `oppfolging --lang CODE serve` does
    try:
        page = await client.get("/login")
        text = await page.text()
        wrong = await client.post(
            "/login", data={"name": "ola", "password": "feil-passord"}, allow_redirects=False
        )
        refusal = await wrong.text()
        message = t("serve.login.wrong")
    finally:
        set_language("nb")
    assert f'<html lang="{code}">' in text
    assert f'id="login">{button}</button>' in text
    assert title in text
    assert message in refusal


@pytest.mark.parametrize("path", ["/ws", "/download/abc"])
async def test_websocket_and_download_refuse_without_session(client: Client, path: str) -> None:
    response = await client.get(path, headers={"Origin": origin(client)})
    assert response.status == 401


async def test_wrong_password_and_unknown_user_are_refused_without_cookie(
    client: Client,
) -> None:
    assert await login(client, "Kari", "feil-passord-her") == 401
    assert await login(client, "Ingen", PASSWORD) == 401
    assert COOKIE not in {c.key for c in client.session.cookie_jar}
    assert (await client.get("/", allow_redirects=False)).status == 303


async def test_login_sets_a_signed_httponly_strict_cookie_with_expiry(
    client: Client,
) -> None:
    response = await client.post(
        "/login", data={"name": "Kari", "password": PASSWORD}, allow_redirects=False
    )
    assert response.status == 303
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header
    assert "SameSite=Strict" in header
    assert "Max-Age=3600" in header
    page = await client.get("/")
    assert page.status == 200
    text = await page.text()
    assert "googleapis" not in text
    assert "https://" not in text
    assert "Logg ut Kari" in text


async def test_a_tampered_cookie_is_no_session(client: Client) -> None:
    assert await login(client, "Leif", PASSWORD) == 303
    value = next(c.value for c in client.session.cookie_jar if c.key == COOKIE)
    body, signature = value.split(".")
    forged = SessionSigner(b"x" * 32).make("Kari")
    assert await status_with_cookie(client, value) == 200
    for bad in (f"{body}.{'0' * len(signature)}", forged, "Kari"):
        assert await status_with_cookie(client, bad) == 303


async def test_the_session_expires(client: Client, clock: Clock) -> None:
    assert await login(client, "Kari", PASSWORD) == 303
    assert (await client.get("/", allow_redirects=False)).status == 200
    clock.now += 3601
    assert (await client.get("/", allow_redirects=False)).status == 303


async def test_logout_revokes_the_cookie_even_if_kept(client: Client) -> None:
    assert await login(client, "Kari", PASSWORD) == 303
    value = next(c.value for c in client.session.cookie_jar if c.key == COOKIE)
    assert (await client.get("/logout", allow_redirects=False)).status == 303
    assert await status_with_cookie(client, value) == 303


async def test_a_removed_user_loses_the_session(client: Client, users_file: Path) -> None:
    assert await login(client, "Leif", PASSWORD) == 303
    text = users_file.read_text(encoding="utf-8")
    users_file.write_text(text.split("[users.Leif]")[0], encoding="utf-8")
    assert (await client.get("/", allow_redirects=False)).status == 303


async def test_failed_logins_are_slowed_per_user(client: Client, clock: Clock) -> None:
    for _ in range(FREE_FAILURES):
        assert await login(client, "Kari", "feil-passord-her") == 401
    # Even the right password waits now; after the wait it works.
    assert await login(client, "Kari", PASSWORD) == 429
    clock.now += 2
    assert await login(client, "Kari", PASSWORD) == 303


def test_failed_logins_are_slowed_per_address_across_names(clock: Clock) -> None:
    throttle = LoginThrottle(clock=clock)
    for index in range(FREE_FAILURES):
        throttle.failed(f"navn{index}", "10.0.0.9")
    assert throttle.wait("et-nytt-navn", "10.0.0.9") > 0
    assert throttle.wait("et-nytt-navn", "10.0.0.10") == 0
    for _ in range(4):
        throttle.failed("x", "10.0.0.9")
    assert throttle.wait("y", "10.0.0.9") > 1


async def test_login_from_another_site_is_refused(client: Client) -> None:
    response = await client.post(
        "/login",
        data={"name": "Kari", "password": PASSWORD},
        headers={"Origin": "https://angriper.example"},
        allow_redirects=False,
    )
    assert response.status == 403


@pytest.mark.parametrize("bad_origin", [None, "https://angriper.example", "null"])
async def test_websocket_with_foreign_or_no_origin_is_refused(
    client: Client, bad_origin: str | None
) -> None:
    assert await login(client, "Kari", PASSWORD) == 303
    headers = {"Origin": bad_origin} if bad_origin else {}
    with pytest.raises(WSServerHandshakeError) as error:
        await client.ws_connect("/ws", headers=headers)
    assert error.value.status == 403


async def test_the_app_process_gets_role_and_name_from_the_server(
    client: Client, tmp_path: Path
) -> None:
    assert await login(client, "Kari", PASSWORD) == 303
    # What the browser sends (query, headers) does not decide the role.
    websocket = await client.ws_connect(
        "/ws?width=80&height=24&role=admin&user=Admin",
        headers={"Origin": origin(client), "X-Role": "admin"},
    )
    target = tmp_path / "env.json"
    for _ in range(400):  # wait for the stand-in process (bounded; no timing is asserted)
        if target.exists() and target.read_text(encoding="utf-8"):
            break
        await asyncio.sleep(0.05)
    await websocket.close()
    env = json.loads(target.read_text(encoding="utf-8"))
    assert env["OPPFOLGING_SERVE_ROLE"] == "registrator"
    assert env["OPPFOLGING_SERVE_USER"] == "Kari"
    assert env["OPPFOLGING_SERVE_UNITS"] == "Hjemmetjenesten"
    assert env["OPPFOLGING_CONFIG"].startswith(str(tmp_path / "state"))


async def test_without_users_there_is_no_login_but_still_an_origin_check(
    tmp_path: Path, clock: Clock
) -> None:
    server = make_server(tmp_path, None, clock)
    async with TestClient(TestServer(await server.make_app())) as test_client:
        page = await test_client.get("/", allow_redirects=False)
        assert page.status == 200
        with pytest.raises(WSServerHandshakeError) as error:
            await test_client.ws_connect("/ws", headers={"Origin": "https://angriper.example"})
        assert error.value.status == 403
        # DNS rebinding: another site's name pointed at 127.0.0.1, with a matching Origin.
        rebound = {"Host": "angriper.example:8000", "Origin": "http://angriper.example:8000"}
        assert (await test_client.get("/", headers=rebound)).status == 403
        with pytest.raises(WSServerHandshakeError) as error:
            await test_client.ws_connect("/ws", headers=rebound)
        assert error.value.status == 403


async def test_static_font_is_served_locally(client: Client) -> None:
    response = await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")
    assert response.status == 200


def test_serve_without_users_on_a_network_address_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from oppfolging.cli import main

    monkeypatch.setenv("OPPFOLGING_CONFIG", str(tmp_path / "innstillinger.toml"))
    folder = tmp_path / "data"
    folder.mkdir()
    assert main(["serve", "--data", str(folder), "--host", "0.0.0.0"]) == 2
    assert "uten brukere" in capsys.readouterr().err
    missing = tmp_path / "ingen.toml"
    assert main(["serve", "--data", str(folder), "--users", str(missing)]) == 2
    assert "finnes ikke" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    from oppfolging.commands.serve import is_loopback

    assert is_loopback(host) is loopback
