"""The render cache: one entry per rendered unit (a chapter, the front matter, a page-number
overlay), in the workspace's hidden folder ``.renstra-cache/``.

An entry is found by a key that hashes everything known before rendering that affects the
pages (the unit's complete HTML, every stylesheet, the fonts, the tool and rendering-stack
versions). Files the engine reads while rendering (images) are only known afterwards: the
entry records each with its SHA-256 and is used only while they are all unchanged.

Each entry is two files, ``<key>.pdf`` and ``<key>.json`` (the latter written last, holding
the PDF's SHA-256): an entry that is truncated, corrupted, from another version or stale is
detected, removed and rendered again — never used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from . import __version__, assets, stack

FOLDER = ".renstra-cache"
#: Bumped whenever what an entry holds, or how units are rendered, changes.
FORMAT = 2


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=4096)
def file_digest(path: Path, size: int, mtime_ns: int) -> str:
    """A file's SHA-256 (memoised per size and modification time within one process)."""
    return sha256(path.read_bytes())


def current_digest(path: Path) -> str | None:
    try:
        info = path.stat()
        return file_digest(path, info.st_size, info.st_mtime_ns)
    except OSError:
        return None


@cache
def fonts_digest() -> str:
    """One digest over the shipped fonts and their fontconfig file."""
    folder = assets.fonts_dir()
    parts = [
        f"{p.relative_to(folder).as_posix()}:{current_digest(p)}"
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]
    return sha256("\n".join(parts).encode())


def make_key(kind: str, html: str, stylesheets: tuple[Path, ...], extra: dict[str, Any]) -> str:
    """The key of a unit: everything known before rendering that can change its pages."""
    material = {
        "format": FORMAT,
        "tool": __version__,
        "stack": stack.machine_stack(),
        "fonts": fonts_digest(),
        "kind": kind,
        "html": sha256(html.encode("utf-8")),
        "css": [[p.name, current_digest(p)] for p in stylesheets],
        **extra,
    }
    return sha256(json.dumps(material, sort_keys=True, ensure_ascii=True).encode())


@dataclass(frozen=True)
class Entry:
    pdf: bytes
    meta: dict[str, Any]


class RenderCache:
    """Entries of one workspace; ``hits`` and ``misses`` name the units as looked up."""

    def __init__(self, root: Path) -> None:
        self.folder = root / FOLDER
        self.hits: list[str] = []
        self.misses: list[str] = []

    def get(self, key: str, name: str) -> Entry | None:
        entry = self._read(key)
        (self.hits if entry else self.misses).append(name)
        return entry

    def _read(self, key: str) -> Entry | None:
        meta_path, pdf_path = self.folder / f"{key}.json", self.folder / f"{key}.pdf"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            pdf = pdf_path.read_bytes()
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            self._discard(key)
            return None
        try:
            valid = (
                meta["format"] == FORMAT
                and meta["key"] == key
                and meta["sha256"] == sha256(pdf)
                and all(current_digest(Path(p)) == d for p, d in meta["inputs"])
            )
        except (KeyError, TypeError, ValueError):
            valid = False
        if not valid:
            self._discard(key)
            return None
        return Entry(pdf, meta)

    def put(self, key: str, pdf: bytes, meta: dict[str, Any], files: list[Path]) -> None:
        """Store an entry; a cache that cannot be written only costs speed, never a build."""
        record = {
            **meta,
            "format": FORMAT,
            "key": key,
            "sha256": sha256(pdf),
            "inputs": [[str(p), current_digest(p)] for p in files],
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write(self.folder / f"{key}.pdf", pdf)
            _write(self.folder / f"{key}.json", json.dumps(record, sort_keys=True).encode())
        except OSError:
            self._discard(key)

    def _discard(self, key: str) -> None:
        for suffix in (".json", ".pdf"):
            with contextlib.suppress(OSError):
                (self.folder / f"{key}{suffix}").unlink()

    def read_hint(self, name: str) -> dict[str, str]:
        """A small JSON document kept beside the entries (the last build's page labels)."""
        try:
            value = json.loads((self.folder / f"{name}.hint.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    def write_hint(self, name: str, value: dict[str, str]) -> None:
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            _write(self.folder / f"{name}.hint.json", json.dumps(value, sort_keys=True).encode())


def _write(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
