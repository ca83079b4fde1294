"""Reading YAML data files: safe, position-aware, strict about duplicates and size.

PyYAML's own constructors silently accept duplicate keys, expand alias bombs and (with the
unsafe loaders) build arbitrary objects. We compose the node graph with the safe loader and
build plain Python values ourselves, recording the line and column of every value so that
validation errors can point at the exact place in the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import DataError, Problem

#: Limits that keep a hostile or broken file from exhausting the machine.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 50

Key = str | int
PathKey = tuple[Key, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(frozen=True)
class Position:
    """Where a value (or a key) stands in a source file; line and column count from 1."""

    file: str
    line: int
    column: int


@dataclass
class SourceDocument:
    """A data file read into plain values, with positions for every path inside it."""

    file: str
    data: dict[str, Any]
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)


def format_path(path: PathKey) -> str:
    """``('misi', 2, 'judul')`` → ``misi[3].judul`` (list positions count from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else part
    return out


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[PathKey, Position] = {}
        self.keys: dict[PathKey, Position] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self._scalars = SafeConstructor()

    def pos(self, node: Node) -> Position:
        return Position(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def problem(self, node: Node, path: PathKey, message: str) -> None:
        p = self.pos(node)
        self.problems.append(Problem(p.file, p.line, p.column, format_path(path), message))

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge(node)
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        self.values.setdefault(path, self.pos(node))
        if node.tag not in _STANDARD_TAGS:
            self.problem(node, path, f"tag YAML '{node.tag}' tidak didukung")
            return None
        if isinstance(node, MappingNode):
            return self.build_mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        try:
            value = self._scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            self.problem(node, path, f"nilai '{node.value}' tidak dapat dibaca")
            return None
        if isinstance(value, dt.datetime):
            self.problem(node, path, "tulis tanggal saja (TTTT-BB-HH), tanpa jam")
            return None
        return value

    def build_mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                self.problem(key_node, path, "kunci harus berupa teks biasa")
                continue
            key = str(key_node.value)
            if key in result:
                first = self.keys[(*path, key)]
                self.problem(
                    key_node,
                    (*path, key),
                    f"kunci ganda (sudah ditulis di baris {first.line})",
                )
                continue
            self.keys[(*path, key)] = self.pos(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


class _TooLarge(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


class _TooDeep(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


def _mark_problem(file: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    reason = (err.problem or err.context or "").strip()
    # Prefixes of PyYAML's reasons, most specific first.
    translations = [
        ("found character '\\t'", "karakter TAB tidak boleh dipakai untuk indentasi; gunakan spasi"),
        ("found character", "karakter yang tidak boleh mengawali nilai (apit teks dengan tanda kutip)"),
        ("found unexpected end of stream", "berkas berakhir di tengah nilai (tanda kutip belum ditutup?)"),
        ("mapping values are not allowed", "tanda ':' di tempat yang salah (indentasi keliru, atau"
         " teks berisi ': ' perlu diapit tanda kutip)"),
        ("expected <block end>", "indentasi tidak konsisten"),
        ("found undefined alias", "alias tidak dikenal"),
        ("found unknown escape character", "karakter escape tidak dikenal di dalam tanda kutip"),
        ("expected a single document", "berkas hanya boleh berisi satu dokumen YAML"
         " (hapus '---' tambahan)"),
        ("could not find expected ':'", "tanda ':' tidak ditemukan (tanda kutip belum ditutup?)"),
        ("found a tab character", "karakter TAB tidak boleh dipakai untuk indentasi; gunakan spasi"),
    ]
    message = next((v for k, v in translations if reason.startswith(k)), None)
    if message is None:
        message = "YAML tidak valid"
        if reason:
            message += f" ({reason})"
    return Problem(file, line, col, "", f"kesalahan sintaks YAML: {message}")


def read_source(path: Path, display: str | None = None) -> SourceDocument:
    """Read one YAML data file into a :class:`SourceDocument` or raise :class:`DataError`."""
    file = display or str(path)
    try:
        if path.is_dir():
            raise DataError([Problem(file, 0, 0, "", "berupa folder, bukan berkas data")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(
                [
                    Problem(
                        file,
                        0,
                        0,
                        "",
                        f"berkas terlalu besar ({size:,} bita; batas {MAX_FILE_BYTES:,} bita)"
                        .replace(",", "."),
                    )
                ]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(file, 0, 0, "", "berkas tidak ditemukan")]) from None
    except PermissionError:
        raise DataError([Problem(file, 0, 0, "", "berkas tidak dapat dibaca (izin ditolak)")]) from None
    except OSError as err:
        raise DataError([Problem(file, 0, 0, "", f"berkas tidak dapat dibaca ({err.strerror})")]) from err
    return parse_source(raw, file)


def parse_source(raw: bytes, file: str) -> SourceDocument:
    """Parse YAML bytes (UTF-8, optional BOM, any line endings) into a SourceDocument."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise DataError(
            [Problem(file, line, col, "", "berkas bukan teks UTF-8; simpan ulang sebagai UTF-8")]
        ) from None
    if "\x00" in text:
        raise DataError([Problem(file, 0, 0, "", "berkas berisi karakter NUL (bukan teks)")])
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        raise DataError([_mark_problem(file, err)]) from err
    except yaml.YAMLError as err:
        raise DataError([Problem(file, 0, 0, "", f"kesalahan sintaks YAML: {err}")]) from err
    except RecursionError:
        raise DataError([Problem(file, 0, 0, "", "struktur bersarang terlalu dalam")]) from None
    if node is None:
        raise DataError([Problem(file, 1, 1, "", "berkas kosong")])
    builder = _Builder(file)
    try:
        data = builder.build(node, (), 0)
    except _TooLarge as err:
        p = builder.pos(err.node)
        raise DataError(
            [Problem(file, p.line, p.column, "", f"data terlalu besar (lebih dari {MAX_NODES:,} nilai,"
                     " mungkin alias berulang)".replace(",", "."))]
        ) from None
    except _TooDeep as err:
        p = builder.pos(err.node)
        raise DataError(
            [Problem(file, p.line, p.column, "", f"struktur bersarang terlalu dalam (batas {MAX_DEPTH})")]
        ) from None
    if builder.problems:
        raise DataError(builder.problems)
    if not isinstance(data, dict):
        raise DataError([Problem(file, 1, 1, "", "isi berkas harus berupa pemetaan (kunci: nilai)")])
    return SourceDocument(file, data, builder.values, builder.keys)
