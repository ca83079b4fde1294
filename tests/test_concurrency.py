"""Builds at the same time, as separate processes (two terminals, a watcher and a manual
build): the same document several times over, different documents sharing one cache, and
builds of the same document with different settings. Each ends without error, with one
valid PDF byte-identical to a build made alone, and a cache that holds nothing broken."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from renstra_docs import cache
from renstra_docs.cache import FOLDER, RenderCache

from .conftest import copy_mini
from .pdfread import read
from .test_faults import (
    DONE,
    PDF,
    TIMEOUT,
    MiniBuilds,
    cache_files,
    entries,
    mini_builds,
    renstra,
    temporaries,
)

__all__ = ["mini_builds"]  # the session fixture, shared with test_faults


def at_once(root: Path, *commands: list[str]) -> list[tuple[int, str]]:
    """Start every ``renstra`` command before waiting for any; (exit code, stderr) of each."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "renstra_docs", *command],
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for command in commands
    ]
    results = []
    for process in processes:
        _, err = process.communicate(timeout=TIMEOUT)
        results.append((process.returncode, err))
    return results


def assert_clean(root: Path) -> None:
    """No temporary file anywhere, and the cache only complete, valid entries."""
    assert temporaries(root / "output") == temporaries(root / FOLDER) == []
    assert entries(root)[1] == set()


def assert_built(result: tuple[int, str], pdf: str = PDF) -> None:
    code, err = result
    assert code == 0, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{pdf}: ") and lines[0].endswith(" detik"), err


@pytest.mark.slow
def test_same_document_three_times_at_once(mini_builds: MiniBuilds, tmp_path: Path) -> None:
    root = copy_mini(tmp_path / "ws")
    # From an empty cache: all three render every unit and write the same entries.
    for result in at_once(root, *[["cetak", "-j", "1"]] * 3):
        assert_built(result)
        assert DONE.fullmatch(result[1].strip())
    assert (root / PDF).read_bytes() == mini_builds.expected
    assert sorted(p.name for p in (root / "output").iterdir()) == ["bekasi-utara.pdf"]
    assert_clean(root)
    # From a full cache: nothing to render, three renames over one PDF at the same moment.
    kept = cache_files(root)
    for result in at_once(root, *[["cetak"]] * 3):
        assert_built(result)
    assert (root / PDF).read_bytes() == mini_builds.expected
    assert len(read(root / PDF).pages) > 0
    assert_clean(root)
    changed = {name for name, seen in cache_files(root).items() if kept.get(name) != seen}
    assert all(name.endswith(".hint.json") for name in changed), changed


def three_documents(root: Path) -> list[str]:
    """The small workspace with two more units of its own forewords; their names."""
    copy_mini(root)
    text = (root / "data" / "bekasi-utara.yaml").read_text(encoding="utf-8")
    for name in ("kedua", "ketiga"):
        own = text.replace("Puji syukur kami panjatkan", f"Puji syukur ({name}) kami panjatkan")
        (root / "data" / f"{name}.yaml").write_text(own, encoding="utf-8")
    return ["bekasi-utara", "kedua", "ketiga"]


@pytest.mark.slow
def test_different_documents_share_one_cache(mini_builds: MiniBuilds, tmp_path: Path) -> None:
    """Three documents of one workspace built at once share ``.renstra-cache/`` — the
    page-number overlays of equally long chapters are even the same entries — and each PDF
    is the one its document gives built alone in a workspace of its own."""
    root = tmp_path / "ws"
    names = three_documents(root)
    results = at_once(root, *[["cetak", f"data/{name}.yaml", "-j", "1"] for name in names])
    for name, result in zip(names, results, strict=True):
        assert_built(result, f"output/{name}.pdf")
    assert_clean(root)
    alone = {"bekasi-utara": mini_builds.expected}
    entries_alone = len(entries(mini_builds.warm)[0])
    for name in names[1:]:
        own = tmp_path / f"sendiri-{name}"
        three_documents(own)
        assert renstra(own, "cetak", f"data/{name}.yaml").code == 0
        alone[name] = (own / "output" / f"{name}.pdf").read_bytes()
        entries_alone += len(entries(own)[0])
    assert len(set(alone.values())) == 3
    for name in names:
        assert (root / "output" / f"{name}.pdf").read_bytes() == alone[name], name
    assert len(entries(root)[0]) < entries_alone  # some entries serve several documents


@pytest.mark.slow
def test_other_paper_size_at_the_same_time(mini_builds: MiniBuilds, tmp_path: Path) -> None:
    """A4 and F4 builds of one document at once: one into another folder, two into the same
    file (the last to finish wins, whole); every PDF is one of the two built alone."""
    root = copy_mini(tmp_path / "ws")
    results = at_once(
        root,
        ["cetak", "-j", "1"],
        ["cetak", "--kertas", "f4", "-j", "1"],
        ["cetak", "--kertas", "f4", "-o", "f4", "-j", "1"],
    )
    for result, shown in zip(results, [PDF, PDF, "f4/bekasi-utara.pdf"], strict=True):
        assert_built(result, shown)
    assert (root / "f4" / "bekasi-utara.pdf").read_bytes() == mini_builds.previous
    assert (root / PDF).read_bytes() in (mini_builds.expected, mini_builds.previous)
    assert_clean(root)
    # Each size is now wholly in the cache: building it again renders nothing.
    kept = cache_files(root)
    for args, pdf in (
        (["cetak"], mini_builds.expected),
        (["cetak", "--kertas", "f4"], mini_builds.previous),
    ):
        assert renstra(root, *args).code == 0
        assert (root / PDF).read_bytes() == pdf
    changed = {name for name, seen in cache_files(root).items() if kept.get(name) != seen}
    assert all(name.endswith(".hint.json") for name in changed), changed


def test_stale_temporaries_only_are_removed(tmp_path: Path) -> None:
    """A build clears what killed builds left (their process has ended, or the file is a
    day old) and nothing else: not a running build's temporary file, not another file's,
    not the user's own files."""
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    try:
        host = cache._host()
        files = {
            "running": f".bekasi-utara.pdf.{host}-{alive.pid}.abcd1234.tmp",
            "this-process": f".bekasi-utara.pdf.{host}-{os.getpid()}.abcd1234.tmp",
            "ended": f".bekasi-utara.pdf.{host}-{ended.pid}.abcd1234.tmp",
            "other-machine": f".bekasi-utara.pdf.00000000-{ended.pid}.abcd1234.tmp",
            "old-version-recent": ".bekasi-utara.pdf.abcd1234.tmp",
            "old-version-old": ".bekasi-utara.pdf.efgh5678.tmp",
            "other-file": f".kedua.pdf.{host}-{ended.pid}.abcd1234.tmp",
            "users-own": ".catatan.tmp",
        }
        for name in files.values():
            (tmp_path / name).write_bytes(b"x")
        day_old = time.time() - cache.STALE_SECONDS - 60
        os.utime(tmp_path / files["old-version-old"], (day_old, day_old))
        removed = cache.remove_stale_temporaries(tmp_path, "bekasi-utara.pdf")
        assert sorted(p.name for p in removed) == sorted([files["ended"], files["old-version-old"]])
        left = {p.name for p in tmp_path.iterdir()}
        assert left == set(files.values()) - {files["ended"], files["old-version-old"]}
        # The cache's own folder: any file's temporaries, by the same rules.
        removed = cache.remove_stale_temporaries(tmp_path)
        assert [p.name for p in removed] == [files["other-file"]]
    finally:
        alive.kill()
        alive.wait()


def test_a_damaged_entry_repaired_meanwhile_is_kept(tmp_path: Path) -> None:
    """A build that found an entry damaged removes the very files it read, never the good
    ones another build has renamed into their place since (what ``RenderCache._read`` does,
    step by step, with the other build's write in between)."""
    meta: dict[str, list[str] | dict[str, int]] = {
        "pages": [],
        "anchors": {},
        "warnings": [],
        "files": [],
    }
    first, other = RenderCache(tmp_path), RenderCache(tmp_path)
    first.put("kunci", b"%PDF-1.7 baik", meta, [])
    entry = tmp_path / FOLDER / "kunci.pdf"
    entry.write_bytes(b"%PDF-1.7 rusak")  # damaged: its record names another digest
    seen: dict[Path, cache.FileId] = {}
    cache._read_file(tmp_path / FOLDER / "kunci.json", seen)
    cache._read_file(entry, seen)
    other.put("kunci", b"%PDF-1.7 baik", meta, [])  # another build repairs it meanwhile
    cache._remove_if_unchanged(seen)
    found = RenderCache(tmp_path).get("kunci", "bab-1")
    assert found is not None and found.pdf == b"%PDF-1.7 baik"
    # Unrepaired, the damaged files are removed.
    entry.write_bytes(b"%PDF-1.7 rusak")
    seen = {}
    cache._read_file(tmp_path / FOLDER / "kunci.json", seen)
    cache._read_file(entry, seen)
    cache._remove_if_unchanged(seen)
    assert sorted(p.name for p in (tmp_path / FOLDER).iterdir()) == []
