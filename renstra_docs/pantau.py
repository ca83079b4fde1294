"""``renstra pantau``: rebuild the Renstra whenever a file it is made from is saved.

The watcher polls modification times and sizes: no extra dependency, and unlike inotify it
also sees files under WSL2's ``/mnt/c`` saved by a Windows editor. A change is acted on once
the files have been stable for one poll, so a half-written file is not read mid-save; a file
that is still broken after that is reported like ``renstra periksa`` does, and the last good
PDF stays.

Ctrl+C (and SIGTERM, SIGHUP) stops the session: the renderer's workers leave it to the
watcher, which stops them (:mod:`renstra_docs.interrupts`).

Memory: one :class:`~renstra_docs.units.Renderer` serves the whole session (its workers are
forked fresh per unit, so they never grow), and nothing is kept from one rebuild to the next:
the renderer's and the cache's per-build records are emptied after every build.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import build, units
from .batch import decimal, describe_error
from .build import BuildOptions
from .cache import RenderCache
from .consistency import IMAGE_SUFFIXES
from .errors import DataError
from .interrupts import parent_handles_interrupts
from .validate import load_renstra
from .workspace import Workspace

POLL_SECONDS = 0.3
UNIT_SUFFIXES = (".yaml", ".yml")
#: Other files a document is made from, wherever they are: images, and workbooks
#: (``dari_excel``).
WATCHED_SUFFIXES = (*IMAGE_SUFFIXES, ".xlsx", ".xlsm")

#: (modification time in ns, size, inode) of a file; the inode changes on atomic saves.
Stamp = tuple[int, int, int]
Snapshot = dict[Path, Stamp]


@dataclass(frozen=True)
class WatchedFiles:
    """Which files of the workspace a session watches."""

    workspace: Workspace
    #: The unit files named on the command line, or ``None``: every ``data/*.yaml``.
    named_units: tuple[Path, ...] | None
    #: Folders never looked into (the output folder), besides hidden ones.
    skipped: tuple[Path, ...]

    def units(self, snapshot: Snapshot) -> list[Path]:
        """The units to build: the named ones, or those ``data/`` holds now."""
        if self.named_units is not None:
            return list(self.named_units)
        data = self.workspace.data_dir.resolve()
        return sorted(p for p in snapshot if p.parent == data and p.suffix in UNIT_SUFFIXES)

    def snapshot(self) -> Snapshot:
        """Every watched file that exists, with its stamp."""
        root = self.workspace.root.resolve()
        found: Snapshot = {}
        for path in self._candidates(root):
            try:
                info = path.stat()
            except OSError:
                continue
            found[path] = (info.st_mtime_ns, info.st_size, info.st_ino)
        return found

    def _candidates(self, root: Path) -> Iterator[Path]:
        yield root / self.workspace.settings_file.name
        if self.named_units is not None:
            yield from self.named_units
        data = self.workspace.data_dir.resolve()
        assets = (self.workspace.templates_dir.resolve(), self.workspace.styles_dir.resolve())
        for folder, subfolders, files in os.walk(root):
            here = Path(folder)
            subfolders[:] = [
                name
                for name in subfolders
                if not name.startswith(".") and (here / name) not in self.skipped
            ]
            for name in files:
                path = here / name
                if name.startswith((".", "~$")) or name.endswith("~"):
                    # Editors' swap and backup files, Excel's lock files ("~$tabel.xlsx"),
                    # the build's temporary files.
                    continue
                if here == data and path.suffix in UNIT_SUFFIXES:
                    if self.named_units is None:
                        yield path
                elif path.suffix.lower() in WATCHED_SUFFIXES or _inside(here, assets):
                    yield path


def _inside(folder: Path, parents: tuple[Path, ...]) -> bool:
    return any(folder.is_relative_to(parent) for parent in parents)


def changed_paths(before: Snapshot, after: Snapshot) -> set[Path]:
    """Files added, removed or modified."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def units_to_rebuild(changed: set[Path], now: Sequence[Path], before: Sequence[Path]) -> list[Path]:
    """Only the changed unit files when nothing else changed; otherwise every unit. A unit
    file that went away (from ``data/``) needs nothing built."""
    others = changed - set(now) - (set(before) - set(now))
    if others:
        return list(now)
    return [unit for unit in now if unit in changed]


def clock() -> str:
    """The time of day as Indonesians write it: 10.15.03."""
    return time.strftime("%H.%M.%S")


class Session:
    """One ``renstra pantau`` run: builds units through one renderer, reporting each build
    in lines handed to ``report``."""

    def __init__(
        self,
        workspace: Workspace,
        options: BuildOptions,
        renderer: units.Renderer,
        report: Callable[[str], None],
        *,
        debug: bool = False,
    ) -> None:
        self.workspace = workspace
        self.options = options
        self.renderer = renderer
        self.report = report
        self.debug = debug

    def build(self, unit: Path) -> bool:
        """Build one unit and report it; False when it failed (the old PDF is kept)."""
        started = time.perf_counter()
        target = build.output_path(self.workspace, unit, self.options)
        try:
            loaded = load_renstra(self.workspace, unit, draf=self.options.draf)
            rendered = build.render_renstra(loaded, self.options, self.renderer, previous=target)
            build.write_atomically(target, rendered.pdf)
        except Exception as err:
            self._failed(unit, target, err)
            return False
        finally:
            redrawn = len(set(self.renderer.rendered))
            forget(self.renderer)
        seconds = decimal(time.perf_counter() - started)
        for warning in rendered.warnings:
            self.report(f"{self.workspace.display(unit)}: peringatan mesin PDF: {warning}")
        parts = f"{redrawn} bagian dirender ulang" if redrawn else "tidak ada yang dirender ulang"
        self.report(
            f"[{clock()}] {self.workspace.display(target)}: {rendered.pages} halaman,"
            f" {seconds} detik ({parts})"
        )
        return True

    def _failed(self, unit: Path, target: Path, err: Exception) -> None:
        if self.debug:
            self.report("".join(traceback.format_exception(err)).rstrip("\n"))
        _, message = describe_error(err)
        self.report(message)
        count = f" ({len(err.problems)} masalah)" if isinstance(err, DataError) else ""
        pdf = "PDF lama dipertahankan" if target.exists() else "PDF belum dibuat"
        self.report(f"[{clock()}] {self.workspace.display(unit)}: gagal{count}; {pdf}")


def forget(renderer: units.Renderer) -> None:
    """Drop what a build leaves behind in this long-lived process: the names of the units
    rendered and looked up (the digests of files are memoised in a bounded cache)."""
    renderer.reset()


def watch(files: WatchedFiles, session: Session, *, poll: float = POLL_SECONDS) -> None:
    """Build every unit, then rebuild on every change until interrupted (KeyboardInterrupt)."""
    current = files.snapshot()
    session.report(f"Memantau {len(current)} berkas; tekan Ctrl+C untuk berhenti.")
    for unit in files.units(current):
        session.build(unit)
    pending: set[Path] = set()
    pending_units = files.units(current)
    while True:
        time.sleep(poll)
        latest = files.snapshot()
        if latest != current:
            pending |= changed_paths(current, latest)
            current = latest
            continue  # act once the files have stayed unchanged for one poll
        if pending:
            targets = units_to_rebuild(pending, files.units(current), pending_units)
            pending = set()
            pending_units = files.units(current)
            for unit in targets:
                session.build(unit)


def run(
    workspace: Workspace,
    named_units: tuple[Path, ...] | None,
    options: BuildOptions,
    report: Callable[[str], None],
    *,
    debug: bool = False,
    poll: float = POLL_SECONDS,
) -> None:
    """A whole session, until interrupted; the workers are always stopped on the way out."""
    skipped = tuple(
        folder.resolve() for folder in (workspace.output_dir, options.keluaran) if folder
    )
    units_named = tuple(u.resolve() for u in named_units) if named_units is not None else None
    files = WatchedFiles(workspace, units_named, skipped)
    workers = options.paralel or build.default_workers()
    renderer = units.Renderer(RenderCache(workspace.root), workers)
    # watch() only ends by an exception; run_forked stops any worker still rendering.
    with parent_handles_interrupts():
        watch(files, Session(workspace, options, renderer, report, debug=debug), poll=poll)
