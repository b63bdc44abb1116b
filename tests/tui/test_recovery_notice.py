"""What opening a dataset repaired (a cut-off last log line moved aside) is shown in the app
once, and the app opens normally."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import settle

from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.screens.overview import OverviewScreen


async def test_a_repaired_log_is_shown_once(app: OppfolgingApp, sample_copy: Path) -> None:
    log = sample_copy / "changes.csv"
    log.write_text(
        "at,user,table,key,column,old,new\n"
        "2026-05-02T10:00:00,Ola,values,indicator_id=x;period=2026-T1,value,1,2\n"
        "2026-05-02T10:01:00,Ola,val",  # a save killed in the middle of its log line
        encoding="utf-8",
    )
    shown: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        shown.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
    repaired = [m for m in shown if "avbrutt" in m]
    assert len(repaired) == 1, shown
    assert "changes.csv" in repaired[0]
    assert log.read_text(encoding="utf-8").endswith("2026-T1,value,1,2\n")
    assert list(sample_copy.glob("changes.csv.avbrutt-*.txt"))
