"""Shared fixtures: a copy of the sample workspace and PDFs rendered once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from renstra_docs.build import BuildOptions, build_renstra
from renstra_docs.cli import cli
from renstra_docs.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
SAMPLE_UNIT = "bekasi-utara"


def invoke(args: list[str], cwd: Path) -> Result:
    """The ``renstra`` command in this process, run from the folder ``cwd``."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def copy_sample(target: Path) -> Path:
    """A private copy of the repository's sample workspace (tests never write into the repo)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "renstra.yaml", target / "renstra.yaml")
    shutil.copytree(REPO / "data", target / "data")
    shutil.copytree(REPO / "gambar", target / "gambar")
    return target


def copy_mini(target: Path) -> Path:
    """A workspace with the sample's shared data and one small, complete unit (fast builds)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "renstra.yaml", target / "renstra.yaml")
    shutil.copytree(REPO / "gambar", target / "gambar")
    (target / "data").mkdir()
    shutil.copy2(REPO / "tests" / "contoh" / "mini.yaml", target / "data" / "bekasi-utara.yaml")
    return target


@pytest.fixture(scope="session")
def build_sample(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Build the sample with the given options (once per distinct set) and return the PDF."""
    cache: dict[tuple[tuple[str, str], ...], Path] = {}

    def build(**options: str) -> Path:
        defaults = {"kertas": "a4", "penomoran": "lanjut", "unit": SAMPLE_UNIT}
        key = tuple(sorted((k, v) for k, v in options.items() if defaults.get(k) != v))
        if key not in cache:
            root = copy_sample(tmp_path_factory.mktemp("ws"))
            ws = Workspace(root)
            opts = BuildOptions(kertas=options.get("kertas"), penomoran=options.get("penomoran"))
            unit = options.get("unit", SAMPLE_UNIT)
            result = build_renstra(ws, root / "data" / f"{unit}.yaml", opts)
            cache[key] = result.output
        return cache[key]

    return build


@pytest.fixture(scope="session")
def sample_pdf(build_sample: Callable[..., Path]) -> Path:
    return build_sample()


@pytest.fixture(scope="session")
def sample_86_pdf(build_sample: Callable[..., Path]) -> Path:
    """The second sample: Permendagri 86/2017, 2019–2023."""
    return build_sample(unit="contoh-86-2017")
