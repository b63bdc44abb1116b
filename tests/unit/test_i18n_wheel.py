"""The wheel ships the `.po` catalogues, and a non-editable install finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder

from oppfolging.i18n import catalogue, languages

ROOT = Path(__file__).parents[2]

_FROM_THE_WHEEL = """
import importlib.resources, sys
import oppfolging.i18n as i18n
assert i18n.__file__.startswith(sys.argv[1]), i18n.__file__
for code in i18n.languages():
    i18n.set_language(code)
    print(code, i18n.t("status.no_target"), len(i18n.catalogue(code)))
po = importlib.resources.files("oppfolging") / "locale/nn/LC_MESSAGES/oppfolging.po"
print(po.read_text(encoding="utf-8").count('msgid "status.no_target"'))
"""


def test_the_wheel_ships_the_catalogues_and_reads_them(tmp_path: Path) -> None:
    """Build the wheel as `pip install .` does, unpack it, and translate from it alone
    (`python -S`: no site-packages, so not the editable checkout)."""
    built = WheelBuilder(str(ROOT)).build(directory=str(tmp_path / "dist"), versions=["standard"])
    wheel = zipfile.ZipFile(next(iter(built)))
    catalogues = sorted(name for name in wheel.namelist() if name.endswith(".po"))
    assert catalogues == [
        f"oppfolging/locale/{code}/LC_MESSAGES/oppfolging.po" for code in ("en", "nb", "nn")
    ]
    installed = tmp_path / "site"
    wheel.extractall(installed)
    result = subprocess.run(
        [sys.executable, "-S", "-c", _FROM_THE_WHEEL, str(installed)],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(installed), "PYTHONDONTWRITEBYTECODE": "1"},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        *(
            f"{code} {catalogue(code)['status.no_target']} {len(catalogue(code))}"
            for code in languages()
        ),
        "1",
    ]
    assert "nn ikkje vurderbar" in result.stdout
