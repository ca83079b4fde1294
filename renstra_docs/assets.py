"""Where the shipped defaults live: templates, styles (with fonts) and the sample workspace.

In a wheel they sit in ``renstra_docs/_defaults``; in a source checkout (editable install)
they are the repository's top-level folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def defaults_root() -> Path:
    """The folder holding ``templates/`` and ``styles/`` of the package's defaults."""
    bundled = _PACKAGE / "_defaults"
    if (bundled / "templates").is_dir():
        return bundled
    return _PACKAGE.parent


def templates_dir() -> Path:
    return defaults_root() / "templates"


def styles_dir() -> Path:
    return defaults_root() / "styles"


def fonts_dir() -> Path:
    return styles_dir() / "fonts"


def sample_root() -> Path:
    """The sample workspace: ``renstra.yaml``, ``data/`` and ``gambar/``."""
    bundled = _PACKAGE / "_defaults" / "sample"
    return bundled if bundled.is_dir() else _PACKAGE.parent
