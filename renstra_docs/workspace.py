"""The workspace: the nearest folder (upward) holding ``renstra.yaml``, with its data units."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

WORKSPACE_FILE = "renstra.yaml"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Workspace:
        """The nearest workspace from ``start`` (default: the current folder) upward."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / WORKSPACE_FILE).is_file():
                return cls(folder)
        raise UsageError(
            f"{here}: bukan ruang kerja Renstra (tidak ada {WORKSPACE_FILE} di folder ini atau"
            " di atasnya); buat dengan 'renstra baru FOLDER'"
        )

    @property
    def settings_file(self) -> Path:
        return self.root / WORKSPACE_FILE

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def styles_dir(self) -> Path:
        return self.root / "styles"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    def unit_files(self) -> list[Path]:
        """Every unit file in ``data/`` (``*.yaml`` or ``*.yml``), in name order."""
        found = [*self.data_dir.glob("*.yaml"), *self.data_dir.glob("*.yml")]
        return sorted(p for p in found if p.is_file())

    def display(self, path: Path) -> str:
        """A path as users should read it: relative to the current folder when possible."""
        absolute = path.resolve()
        for base in (Path.cwd().resolve(), self.root):
            try:
                return str(absolute.relative_to(base))
            except ValueError:
                continue
        return str(path)

    def contains(self, path: Path) -> bool:
        """True when ``path`` (symlinks resolved) lies inside the workspace."""
        try:
            path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return False
        return True
