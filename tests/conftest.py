"""Shared fixtures: a copy of the sample workspace and PDFs rendered once per session."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from renstra_docs.build import BuildOptions, build_renstra
from renstra_docs.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
SAMPLE_UNIT = "bekasi-utara"


def copy_sample(target: Path) -> Path:
    """A private copy of the repository's sample workspace (tests never write into the repo)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "renstra.yaml", target / "renstra.yaml")
    shutil.copytree(REPO / "data", target / "data")
    shutil.copytree(REPO / "gambar", target / "gambar")
    return target


@pytest.fixture(scope="session")
def build_sample(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Build the sample with the given options (once per distinct set) and return the PDF."""
    cache: dict[tuple[tuple[str, str], ...], Path] = {}

    def build(**options: str) -> Path:
        key = tuple(sorted(options.items()))
        if key not in cache:
            root = copy_sample(tmp_path_factory.mktemp("ws"))
            ws = Workspace(root)
            opts = BuildOptions(kertas=options.get("kertas"), penomoran=options.get("penomoran"))
            result = build_renstra(ws, root / "data" / f"{SAMPLE_UNIT}.yaml", opts)
            cache[key] = result.output
        return cache[key]

    return build


@pytest.fixture(scope="session")
def sample_pdf(build_sample: Callable[..., Path]) -> Path:
    return build_sample()
