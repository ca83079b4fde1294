"""``renstra baru``: a new workspace with the sample data and empty override folders."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import assets
from .errors import UsageError
from .workspace import WORKSPACE_FILE

_OVERRIDE_README = """\
# {folder}/ — penimpaan {kind}

Folder ini kosong dengan sengaja. Bawaan {kind} ada di dalam paket renstra-docs dan
ikut diperbarui ketika alat ini diperbarui.

Untuk mengubah satu berkas {kind}, salin berkas bawaan yang bernama sama ke folder ini
lalu sunting salinannya: berkas di sini dipakai menggantikan bawaan, berkas demi berkas.
Lokasi bawaan: {location}
"""

_GITIGNORE = "output/\n.renstra/\n"


def create_workspace(folder: Path) -> Path:
    """Create the workspace in ``folder`` (new or empty); return its path."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder}: folder sudah ada dan tidak kosong")
    sample = assets.sample_root()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(sample / WORKSPACE_FILE, folder / WORKSPACE_FILE)
    shutil.copytree(sample / "data", folder / "data")
    shutil.copytree(sample / "gambar", folder / "gambar")
    for name, kind, location in (
        ("templates", "templat", assets.templates_dir()),
        ("styles", "gaya (CSS)", assets.styles_dir()),
    ):
        (folder / name).mkdir()
        (folder / name / "README.md").write_text(
            _OVERRIDE_README.format(folder=name, kind=kind, location=location), encoding="utf-8"
        )
    (folder / ".gitignore").write_text(_GITIGNORE, encoding="utf-8")
    _template_workbook(folder)
    return folder


#: The workbook ``renstra baru`` adds: the standard tables' headers, ready to fill.
TEMPLATE_WORKBOOK = "data/templat-tabel.xlsx"


def _template_workbook(folder: Path) -> None:
    """The empty tables for the sample's regulation and period (``renstra excel DATA
    --kosong`` makes one for other data)."""
    from .ekspor import template_bytes
    from .validate import load_renstra
    from .workspace import Workspace

    workspace = Workspace(folder.resolve())
    units = workspace.unit_files()
    loaded = load_renstra(workspace, units[0], draf=True)
    (folder / TEMPLATE_WORKBOOK).write_bytes(template_bytes(loaded.model, loaded.kerangka))
