"""Sessions and login throttling for `oppfolging serve` (no aiohttp here: easy to test).

A session is a cookie `name|expiry|nonce` signed with HMAC-SHA256 under a per-server secret
(a file beside the users file, made on first start). Logging out revokes the nonce.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SECRET_FILE = "serve-hemmelighet"
SESSION_SECONDS = 8 * 3600
"""A working day; then the user logs in again."""


def load_or_make_secret(path: Path) -> bytes:
    """The server's signing secret from `path`, made (32 random bytes, mode 0600) if missing."""
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    data = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
    return data


@dataclass
class SessionSigner:
    """Makes and checks session cookies."""

    secret: bytes
    seconds: int = SESSION_SECONDS
    clock: Callable[[], float] = time.time
    revoked: dict[str, float] = field(default_factory=dict)
    """Nonces of logged-out sessions, with their expiry (forgotten after it)."""

    def make(self, name: str) -> str:
        """A new session cookie value for `name`."""
        payload = json.dumps([name, int(self.clock()) + self.seconds, secrets.token_hex(8)])
        body = base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")
        return f"{body}.{self._sign(body)}"

    def check(self, value: str | None) -> str | None:
        """The user name of a valid, unexpired, not revoked cookie value, else None."""
        parsed = self._parse(value)
        if parsed is None:
            return None
        name, expires, nonce = parsed
        if expires <= self.clock() or nonce in self.revoked:
            return None
        return name

    def revoke(self, value: str | None) -> None:
        """Log out: the cookie stops working even if a copy of it is kept."""
        parsed = self._parse(value)
        now = self.clock()
        self.revoked = {n: e for n, e in self.revoked.items() if e > now}
        if parsed is not None:
            self.revoked[parsed[2]] = parsed[1]

    def _parse(self, value: str | None) -> tuple[str, int, str] | None:
        if not value or value.count(".") != 1:
            return None
        body, signature = value.split(".")
        if not hmac.compare_digest(signature, self._sign(body)):
            return None
        try:
            padded = body + "=" * (-len(body) % 4)
            name, expires, nonce = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        except (ValueError, TypeError):
            return None
        if not (isinstance(name, str) and isinstance(expires, int) and isinstance(nonce, str)):
            return None
        return name, expires, nonce

    def _sign(self, body: str) -> str:
        return hmac.new(self.secret, body.encode("ascii"), hashlib.sha256).hexdigest()


FREE_FAILURES = 3
"""Failed logins (per user name and per address) before each further try must wait."""
MAX_WAIT_SECONDS = 300.0


@dataclass
class LoginThrottle:
    """Slows down guessing: after `FREE_FAILURES` failures for a user name or an address,
    the next try is refused until a wait that doubles with each failure has passed."""

    clock: Callable[[], float] = time.time
    failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    """Per key (`user:NAME`, `addr:IP`): failures so far and the time of the last one."""

    def wait(self, name: str, address: str) -> float:
        """Seconds left before `name` may try again from `address` (0: may try now)."""
        now = self.clock()
        return max(self._wait(key, now) for key in _keys(name, address))

    def failed(self, name: str, address: str) -> None:
        """Count a failed login."""
        now = self.clock()
        for key in _keys(name, address):
            count, _ = self.failures.get(key, (0, now))
            self.failures[key] = (count + 1, now)

    def succeeded(self, name: str, address: str) -> None:
        """A correct password clears the user's failures (not the address's)."""
        self.failures.pop(f"user:{name}", None)

    def _wait(self, key: str, now: float) -> float:
        count, last = self.failures.get(key, (0, now))
        if count < FREE_FAILURES:
            return 0.0
        delay = min(2.0 ** (count - FREE_FAILURES), MAX_WAIT_SECONDS)
        return max(0.0, last + delay - now)


def _keys(name: str, address: str) -> tuple[str, str]:
    return f"user:{name.casefold()}", f"addr:{address}"
