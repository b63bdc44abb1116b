"""The headless core never imports textual, so `oppfolging status` and friends start fast
and can run where there is no terminal."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import oppfolging

CORE_PACKAGES = ("domain", "store", "reporting")
CORE_MODULES = (
    "oppfolging.cli",
    "oppfolging.settings",
    "oppfolging.session",
    "oppfolging.fmt",
    "oppfolging.i18n",
    "oppfolging.registration",
    "oppfolging.commands.common",
    "oppfolging.commands.status",
    "oppfolging.commands.export",
)


def _core_modules() -> list[str]:
    names = list(CORE_MODULES)
    for package in CORE_PACKAGES:
        module = __import__(f"oppfolging.{package}", fromlist=["__path__"])
        names.append(module.__name__)
        names += [
            info.name
            for info in pkgutil.walk_packages(module.__path__, prefix=f"{module.__name__}.")
        ]
    return names


@pytest.mark.parametrize("module", _core_modules())
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", f"{module} imports textual"


def test_cli_status_path_does_not_import_textual() -> None:
    code = (
        "import sys; from oppfolging.cli import build_parser; build_parser(); "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


def test_package_is_found() -> None:
    assert oppfolging.__version__
