"""Run ``renstra`` and have the process kill itself (SIGKILL) at a named point of writing.

    python tests/faults_driver.py POINT [renstra arguments ...]

No test hook lives in the product: this script wraps a few of the functions the build calls
(only in this process) so that at the chosen point the process does to itself what a power
cut or ``kill -9`` does, then hands over to the real command line. Points:

``before-write``
    The finished PDF is about to be written (``build.write_atomically`` entered): nothing of
    the output file has been touched yet.
``mid-write``
    Half of the PDF's bytes are in the output's temporary file (flushed to disk).
``before-rename``
    The temporary file is complete and synced; renaming it over the old PDF is next.
``mid-cache-write``
    The second cache entry's PDF is half written into its temporary file (the first entry
    is complete).
``between-cache-files``
    The second cache entry's PDF is in place, its JSON record (written last) is not.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from renstra_docs import build, cache
from renstra_docs.cli import main

POINTS = ("before-write", "mid-write", "before-rename", "mid-cache-write", "between-cache-files")


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class HalfWriter:
    """A file opened for writing that writes half of what it is given, syncs it, and dies."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        os.fsync(self.handle.fileno())
        die()
        raise AssertionError("unreachable")


class OsWithFdopen:
    """The ``os`` module as one module sees it, with ``fdopen`` replaced for the ``nth`` call
    (counting from 1): that file writes half and dies."""

    def __init__(self, nth: int) -> None:
        self.nth = nth
        self.calls = 0

    def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        handle = os.fdopen(fd, *args, **kwargs)
        return HalfWriter(handle) if self.calls == self.nth else handle

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


def arm(point: str) -> None:
    """Wrap what ``point`` needs; the process dies when the build gets there."""
    if point == "before-write":

        def write_atomically(target: Path, data: bytes) -> None:
            die()

        build.write_atomically = write_atomically
    elif point == "mid-write":
        build.os = OsWithFdopen(1)  # type: ignore[attr-defined,assignment]
    elif point == "before-rename":
        replace = Path.replace

        def replace_or_die(self: Path, target: Any) -> Path:
            if Path(target).parent.name != cache.FOLDER:
                die()
            return replace(self, target)

        Path.replace = replace_or_die  # type: ignore[assignment,method-assign]
    elif point == "mid-cache-write":
        cache.os = OsWithFdopen(3)  # type: ignore[attr-defined,assignment]
    elif point == "between-cache-files":
        write = cache._write
        calls = []

        def write_then_die(target: Path, data: bytes) -> cache.FileId:
            done = write(target, data)
            calls.append(target)
            if len(calls) == 3:
                die()
            return done

        cache._write = write_then_die
    else:
        raise SystemExit(f"unknown point {point!r}; one of {', '.join(POINTS)}")


if __name__ == "__main__":
    arm(sys.argv[1])
    sys.argv = ["renstra", *sys.argv[2:]]
    main()
