"""The render cache: one entry per rendered unit (a chapter, the front matter, a page-number
overlay), in the workspace's hidden folder ``.renstra-cache/``.

An entry is found by a key that hashes everything known before rendering that affects the
pages (the unit's complete HTML, every stylesheet, the fonts, the tool and rendering-stack
versions). Files the engine reads while rendering (images) are only known afterwards: the
entry records each with its SHA-256 and is used only while they are all unchanged.

Each entry is two files, ``<key>.pdf`` and ``<key>.json`` (the latter written last, holding
the PDF's SHA-256): an entry that is truncated, corrupted, from another version or stale is
detected, removed and rendered again — never used.

Several builds may share the folder at once (the same document twice, several documents of
one workspace): every file is written to a temporary file and renamed into place, and a
build removes only the very files it found damaged, never an entry another build has just
written in their place. Temporary files name their owner (:func:`temporary_file`), so one
left by a killed build is removed by the next while a running build's are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import tempfile
import time
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from . import __version__, assets, stack

FOLDER = ".renstra-cache"
#: Bumped whenever what an entry holds, or how units are rendered, changes.
FORMAT = 2
#: A temporary file older than this is stale whoever made it (no write takes a day).
STALE_SECONDS = 24 * 3600


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
        self._tidied = False

    def get(self, key: str, name: str) -> Entry | None:
        entry = self._read(key)
        (self.hits if entry else self.misses).append(name)
        return entry

    def _read(self, key: str) -> Entry | None:
        meta_path, pdf_path = self.folder / f"{key}.json", self.folder / f"{key}.pdf"
        seen: dict[Path, FileId] = {}
        try:
            raw = _read_file(meta_path, seen)
            pdf = _read_file(pdf_path, seen)
        except FileNotFoundError:
            return None
        except OSError:
            _remove_if_unchanged(seen)
            return None
        try:
            meta = json.loads(raw)
            valid = (
                meta["format"] == FORMAT
                and meta["key"] == key
                and meta["sha256"] == sha256(pdf)
                and all(current_digest(Path(p)) == d for p, d in meta["inputs"])
            )
        except (KeyError, TypeError, ValueError):
            valid = False
        if not valid:
            _remove_if_unchanged(seen)
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
        written: dict[Path, FileId] = {}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._tidy()
            pdf_path, meta_path = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
            written[pdf_path] = _write(pdf_path, pdf)
            written[meta_path] = _write(meta_path, json.dumps(record, sort_keys=True).encode())
        except OSError:
            _remove_if_unchanged(written)  # half an entry is of no use
        except BaseException:
            _remove_if_unchanged(written)
            raise

    def _tidy(self) -> None:
        """Once per cache object: remove temporary files killed builds left behind."""
        if not self._tidied:
            self._tidied = True
            remove_stale_temporaries(self.folder)

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
            self._tidy()
            _write(self.folder / f"{name}.hint.json", json.dumps(value, sort_keys=True).encode())


#: Which file a path held: device, inode, size, modification time (an inode number alone
#: may be reused by a later file).
FileId = tuple[int, int, int, int]


def _identity(info: os.stat_result) -> FileId:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _read_file(path: Path, seen: dict[Path, FileId]) -> bytes:
    """A file's bytes; which file it was is noted in ``seen``."""
    with path.open("rb") as handle:
        seen[path] = _identity(os.fstat(handle.fileno()))
        return handle.read()


def _remove_if_unchanged(files: dict[Path, FileId]) -> None:
    """Remove each file that is still the one noted: another build may have renamed a good
    file into its place meanwhile, which must stay."""
    for path, identity in files.items():
        with contextlib.suppress(OSError):
            if _identity(path.stat()) == identity:
                path.unlink()


def _write(target: Path, data: bytes) -> FileId:
    """Write through a temporary file renamed into place; which file that is."""
    fd, tmp = temporary_file(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        identity = _identity(tmp.stat())
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return identity


# --- temporary files of atomic writes (the cache's and the finished PDFs') -----------------


@cache
def _host() -> str:
    """This machine, in a few characters (a folder may be shared between machines)."""
    return sha256(socket.gethostname().encode())[:8]


def temporary_file(target: Path) -> tuple[int, Path]:
    """A new temporary file beside ``target``: ``.<name>.<host>-<pid>.<random>.tmp``, naming
    the process writing it, so that another build can tell whether it is still alive."""
    fd, name = tempfile.mkstemp(
        prefix=f".{target.name}.{_host()}-{os.getpid()}.", suffix=".tmp", dir=target.parent
    )
    return fd, Path(name)


def remove_stale_temporaries(folder: Path, name: str | None = None) -> list[Path]:
    """Remove the temporary files in ``folder`` (only those of the file ``name``, when given)
    that no running write can still rename: their process, on this machine, has ended, or
    they are older than :data:`STALE_SECONDS`. A running build's are kept. The removed."""
    removed = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    except OSError:
        return []
    for path in candidates:
        owner = _owner(path.name, name)
        if owner is None:
            continue
        try:
            stale = not _running(*owner) or time.time() - path.stat().st_mtime > STALE_SECONDS
            if stale:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def _owner(filename: str, name: str | None) -> tuple[str, int] | None:
    """(host, pid) from the name of one of our temporary files for the file ``name`` (any
    file when None): ``("", 0)`` for an older version's ``.<name>.<random>.tmp``, which names
    no owner; None for any other file."""
    if not (filename.startswith(".") and filename.endswith(".tmp")):
        return None
    rest = filename[1 : -len(".tmp")].rpartition(".")[0]  # without the random part
    base, _, tag = rest.rpartition(".")
    host, dash, pid = tag.partition("-")
    if base and dash and len(host) == 8 and pid.isdigit():
        found, owner = base, (host, int(pid))
    else:
        found, owner = rest, ("", 0)
    if not found or (name is not None and found != name):
        return None
    return owner


def _running(host: str, pid: int) -> bool:
    """Whether the process that made a temporary file may still be writing it: unknown
    owners and other machines' processes count as running (only their age tells)."""
    if host != _host() or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True
