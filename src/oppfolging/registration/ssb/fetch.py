"""Fetching mapped SSB tables from PxWebApi v2, politely, then importing them.

One query per table asks for the mapped contents codes, the fixed codes and every year
(JSON-stat 2.0). SSB allows at most 30 queries a minute and 800 000 cells a query; the
`RateLimiter` keeps to the first, the query builder refuses the second. A 429 or 503
answer is retried after its Retry-After (capped); a 400 is a clear error. Every table is
fetched before anything is written: offline, or on any error, nothing changes. The raw
answers are saved in the dataset's `ssb/` folder for audit, then imported as files are.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from oppfolging.domain.ssbsource import (
    CONTENTS_DIMENSION,
    TIME_DIMENSION,
    SsbSource,
)
from oppfolging.i18n import t
from oppfolging.textsafe import visible

DEFAULT_BASE_URL = "https://data.ssb.no/api/pxwebapi/v2/"
MAX_QUERIES_PER_MINUTE = 30
MAX_CELLS_PER_QUERY = 800_000
YEARS_ASSUMED = 50
"""Years a table may hold, for the cell estimate before the answer is known."""
RETRY_AFTER_CAP = 60.0
ATTEMPTS = 4
TIMEOUT = 30.0
AUDIT_FOLDER = "ssb"


class FetchError(RuntimeError):
    """A table that could not be fetched (offline, refused, or too large)."""


@dataclass
class RateLimiter:
    """At most `limit` queries in any `window` seconds; waits with the injected `sleep`."""

    limit: int = MAX_QUERIES_PER_MINUTE
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    sent: deque[float] = field(default_factory=deque)

    def wait(self) -> None:
        """Wait until one more query keeps within the limit, and count it."""
        now = self.clock()
        while self.sent and now - self.sent[0] >= self.window:
            self.sent.popleft()
        if len(self.sent) >= self.limit:
            self.sleep(self.window - (now - self.sent[0]))
            now = self.clock()
            self.sent.popleft()
        self.sent.append(now)


@dataclass(frozen=True)
class Query:
    """One table's query: dimension → the codes asked for (`*` for every year)."""

    table: str
    codes: dict[str, tuple[str, ...]]

    def url(self, base_url: str) -> str:
        """The PxWebApi v2 address of this query's JSON-stat 2.0 answer."""
        params = [("lang", "no"), ("outputFormat", "json-stat2")]
        params += [(f"valueCodes[{d}]", ",".join(codes)) for d, codes in self.codes.items()]
        query = urllib.parse.urlencode(params, safe="[],*")
        return f"{base_url}tables/{urllib.parse.quote(self.table)}/data?{query}"

    def cells(self) -> int:
        """An upper estimate of the answer's cells."""
        count = 1
        for codes in self.codes.values():
            count *= YEARS_ASSUMED if codes == ("*",) else len(codes)
        return count


def queries(sources: Iterable[SsbSource], region: str) -> list[Query]:
    """One query per table, asking for every mapped code and the region."""
    by_table: dict[str, dict[str, list[str]]] = {}
    for source in sources:
        codes = by_table.setdefault(source.table, {CONTENTS_DIMENSION: [], TIME_DIMENSION: ["*"]})
        fixed = [(CONTENTS_DIMENSION, source.contents_code), *source.fixed]
        if region and not any("region" in d.lower() for d, _ in source.fixed):
            fixed.append(("KOKkommuneregion0000", region))
        for dimension, code in fixed:
            wanted = codes.setdefault(dimension, [])
            if code not in wanted:
                wanted.append(code)
    found = [
        Query(table, {d: tuple(c) for d, c in codes.items()})
        for table, codes in sorted(by_table.items())
    ]
    for query in found:
        if query.cells() > MAX_CELLS_PER_QUERY:
            raise FetchError(t("ssb.fetch.too_large", table=query.table, cells=query.cells()))
    return found


@dataclass
class Fetcher:
    """Sends queries, keeping to the rate limit and retrying 429/503 answers."""

    base_url: str = DEFAULT_BASE_URL
    limiter: RateLimiter = field(default_factory=RateLimiter)
    sleep: Callable[[float], None] = time.sleep
    open_url: Callable[..., object] = urllib.request.urlopen

    def fetch(self, query: Query) -> bytes:
        """The answer's body (`FetchError` when there is none to be had)."""
        url = query.url(self.base_url)
        for attempt in range(1, ATTEMPTS + 1):
            self.limiter.wait()
            try:
                return self._get(url)
            except urllib.error.HTTPError as error:
                if error.code in (429, 503) and attempt < ATTEMPTS:
                    self.sleep(_retry_after(error.headers.get("Retry-After"), attempt))
                    continue
                raise FetchError(_refused(query.table, error)) from None
            except (urllib.error.URLError, OSError) as error:
                reason = getattr(error, "reason", error)
                raise FetchError(t("ssb.fetch.offline", reason=visible(str(reason)))) from None
        raise FetchError(t("ssb.fetch.gave_up", table=query.table))  # pragma: no cover

    def _get(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        with self.open_url(request, timeout=TIMEOUT) as answer:  # type: ignore[attr-defined]
            body: bytes = answer.read()
        return body


def _retry_after(header: str | None, attempt: int) -> float:
    """Seconds to wait: the header's (capped), else a doubling back-off."""
    try:
        seconds = float(header) if header is not None else 2.0**attempt
    except ValueError:
        seconds = 2.0**attempt
    return max(0.0, min(seconds, RETRY_AFTER_CAP))


def _refused(table: str, error: urllib.error.HTTPError) -> str:
    try:
        detail = error.read(500).decode("utf-8", "replace")
    except OSError:
        detail = ""
    detail = visible(" ".join(detail.split()))[:200]
    if error.code == 400:
        return t("ssb.fetch.bad_query", table=table, detail=detail)
    return t("ssb.fetch.refused", table=table, status=error.code, detail=detail)


def fetch_tables(
    folder: Path, queries_: list[Query], fetcher: Fetcher, now: datetime
) -> list[Path]:
    """Fetch every query, then save the answers in `folder/ssb/` (nothing saved on error)."""
    bodies = [(query, fetcher.fetch(query)) for query in queries_]
    audit = folder / AUDIT_FOLDER
    audit.mkdir(exist_ok=True)
    stamp = now.strftime("%Y%m%dT%H%M%S")
    saved: list[Path] = []
    for query, body in bodies:
        path = audit / f"{query.table}-{stamp}.json"
        path.write_bytes(body)
        saved.append(path)
    return saved
