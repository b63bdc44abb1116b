"""`oppfolging hent-ssb` against a local server on 127.0.0.1 replaying recorded answers."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from ssb_helpers import folder, jsonstat, snapshot, value_of

from oppfolging.cli import main
from oppfolging.domain.ssbsource import parse_source
from oppfolging.registration.ssb.fetch import (
    MAX_CELLS_PER_QUERY,
    Fetcher,
    FetchError,
    Query,
    RateLimiter,
    queries,
)

__all__ = ["folder"]  # the fixture, used by name

Answer = tuple[int, dict[str, str], bytes]


class Replay:
    """A local server answering from a queue of recorded answers; it logs the paths asked."""

    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.paths: list[str] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                replay.paths.append(self.path)
                status, headers, body = replay.answers.pop(0)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/"


@pytest.fixture
def replay() -> Iterator[Replay]:
    server = Replay()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def use_server(folder: Path, url: str) -> None:
    settings = folder / "oppfolging.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + f'base_url = "{url}"\n', encoding="utf-8")


OK: Answer = (200, {"Content-Type": "application/json"}, json.dumps(jsonstat()).encode())


def test_fetch_retries_429_then_imports_and_keeps_the_answer(
    folder: Path, replay: Replay, capsys: pytest.CaptureFixture[str]
) -> None:
    use_server(folder, replay.url)
    replay.answers = [(429, {"Retry-After": "0"}, b"too many"), OK]
    assert main(["hent-ssb", "--data", str(folder), "--user", "Ola"]) == 0
    assert len(replay.paths) == 2
    path = replay.paths[-1]
    assert path.startswith("/api/tables/12345/data?")
    assert "valueCodes[ContentsCode]=KOSAndel80" in path
    assert "valueCodes[Alder]=F80" in path
    assert "valueCodes[KOKkommuneregion0000]=4001" in path
    saved = list((folder / "ssb").iterdir())
    assert len(saved) == 1
    assert saved[0].read_bytes() == OK[2]
    assert value_of(folder, "pg-i1.2.2", "2024") == pytest.approx(82.4)
    assert "ssb/12345-" in capsys.readouterr().out


def test_fetch_400_is_a_clear_error_and_changes_nothing(
    folder: Path, replay: Replay, capsys: pytest.CaptureFixture[str]
) -> None:
    use_server(folder, replay.url)
    replay.answers = [(400, {}, b'{"title": "Ukjent variabel Alder"}')]
    files = snapshot(folder)
    assert main(["hent-ssb", "--data", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "12345" in err
    assert "400" in err
    assert "Ukjent variabel Alder" in err
    assert snapshot(folder) == files
    assert not (folder / "ssb").exists()


def test_offline_says_so_and_changes_nothing(
    folder: Path, replay: Replay, capsys: pytest.CaptureFixture[str]
) -> None:
    url = replay.url
    replay.server.shutdown()
    replay.server.server_close()
    use_server(folder, url)
    files = snapshot(folder)
    assert main(["hent-ssb", "--data", str(folder)]) == 1
    assert "Ingenting er endret" in capsys.readouterr().err
    assert snapshot(folder) == files
    replay.server = _Closed()  # type: ignore[assignment]


class _Closed:
    def shutdown(self) -> None:
        pass

    def server_close(self) -> None:
        pass


def test_retry_after_is_honoured_and_capped(replay: Replay) -> None:
    slept: list[float] = []
    replay.answers = [
        (503, {"Retry-After": "7"}, b""),
        (429, {"Retry-After": "3600"}, b""),
        OK,
    ]
    limiter = RateLimiter(clock=lambda: 0.0, sleep=slept.append)
    fetcher = Fetcher(replay.url, limiter, sleep=slept.append)
    body = fetcher.fetch(Query("12345", {"Tid": ("*",)}))
    assert body == OK[2]
    assert slept == [7.0, 60.0]


def test_rate_limiter_waits_for_the_31st_query_in_a_minute() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(clock=lambda: now[0], sleep=sleep)
    for _ in range(30):
        limiter.wait()
        now[0] += 0.5
    assert slept == []
    limiter.wait()
    assert slept == [pytest.approx(45.0)]


def test_too_large_query_is_refused() -> None:
    sources = [parse_source("12345", f"K{i}", f"Alder=F{i};Kjonn=K{i}") for i in range(200)]
    found = [s for s in sources if s is not None]
    with pytest.raises(FetchError):
        queries(found, "4001")
    assert MAX_CELLS_PER_QUERY == 800_000
