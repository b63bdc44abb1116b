"""Where the bundled styles and sample dataset are, installed or in a source checkout.

A wheel carries them inside the package (`oppfolging/_styles`, `oppfolging/_data`, see
pyproject.toml); in a source checkout they are the top-level `styles/` and `data/`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource(packaged: str, top_level: str) -> Path:
    inside = _PACKAGE / packaged
    if inside.is_dir():
        return inside
    return _PACKAGE.parent.parent / top_level


def styles_dir() -> Path:
    """The folder holding the app's `.tcss` files."""
    return _resource("_styles", "styles")


def sample_data_dir() -> Path:
    """The bundled sample dataset (never modified: the app works on a copy)."""
    return _resource("_data", "data")
