"""Nothing is translated at import time: bindings, titles and column headers are looked up
when they are shown, so a language chosen in the settings reaches every screen at once."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import oppfolging

_IMPORT_WITH_T_RAISING = """
import importlib, sys
import oppfolging.i18n as i18n

def refuse(key, **values):
    raise AssertionError(f"t({key!r}) called while importing")

i18n.t = refuse
failed = []
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except AssertionError as error:
        failed.append(f"{name}: {error}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def _every_module() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(oppfolging.__path__, prefix="oppfolging.")
        if info.name not in {"oppfolging.__main__"}
    ]


def test_every_module_is_found() -> None:
    """The list the next test imports is the whole package (it can fail on an empty list)."""
    modules = _every_module()
    assert "oppfolging.tui.screens.overview" in modules
    assert "oppfolging.reporting.report.tables" in modules
    assert len(modules) > 100


def test_no_module_calls_t_when_imported() -> None:
    """Import every module of oppfolging with `t` replaced by a function that raises: a
    `t(...)` in a class body, a module constant or a default argument fails here."""
    result = _import_with_t_raising(_every_module())
    assert result.returncode == 0, result.stdout + result.stderr


def _import_with_t_raising(
    modules: list[str], extra_path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-c", _IMPORT_WITH_T_RAISING, *modules],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_the_check_catches_an_import_time_call(tmp_path: Path) -> None:
    """The check itself can fail: a module with `t(...)` at its top level is reported."""
    (tmp_path / "translated_too_early.py").write_text(
        "from oppfolging.i18n import t\nTITLE = t('app.title')\n", encoding="utf-8"
    )
    result = _import_with_t_raising(["translated_too_early"], tmp_path)
    assert result.returncode == 1
    assert "t('app.title') called while importing" in result.stdout
