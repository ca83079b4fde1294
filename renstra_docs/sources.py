"""Reading YAML data files: safe, position-aware, strict about duplicates and size.

PyYAML's own constructors silently accept duplicate keys, expand alias bombs and (with the
unsafe loaders) build arbitrary objects. We compose the node graph with the safe loader (no
object is ever constructed from a tag), checking size and depth while composing, and build
plain Python values ourselves, recording the line and column of every value so that
validation errors can point at the exact place in the file. PyYAML's syntax errors are
translated into short Indonesian messages that point where the mistake was written.

The limits (file size, length of one text, number of values, depth) are :class:`Limits`;
users change them with ``RENSTRA_BATAS_*`` environment variables, read at every load.
"""

from __future__ import annotations

import datetime as dt
import errno
import math
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.error import Mark
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError
from yaml.resolver import Resolver
from yaml.tokens import (
    FlowMappingEndToken,
    FlowMappingStartToken,
    FlowSequenceEndToken,
    FlowSequenceStartToken,
    ScalarToken,
    Token,
)

from .errors import DataError, Problem, UsageError

Key = str | int
PathKey = tuple[Key, ...]

_YAML_TAG = "tag:yaml.org,2002:"
_STANDARD_TAGS = {
    _YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
#: Line breaks as YAML counts them (so line numbers match PyYAML's marks).
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
_SYNTAX = "kesalahan sintaks YAML: "


def _number(value: int) -> str:
    """200000 → '200.000' (Indonesian thousands separator)."""
    return f"{value:,}".replace(",", ".")


# --- limits ---------------------------------------------------------------------------------

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one data file may hold, so that a hostile or broken file cannot exhaust the
    machine. The defaults are far above any real Renstra; each can be changed with an
    environment variable (:data:`LIMIT_VARIABLES`), read every time a file is loaded."""

    #: Size of the file itself (RENSTRA_BATAS_BERKAS_MB, in MB of 1.048.576 bytes); aliases
    #: may not expand the text beyond it either.
    file_bytes: int = 5 * MIB
    #: Characters of one text value or key (RENSTRA_BATAS_TEKS).
    text_chars: int = 100_000
    #: Values in the whole file once aliases are expanded (RENSTRA_BATAS_NILAI).
    nodes: int = 200_000
    #: Levels of nesting (RENSTRA_BATAS_KEDALAMAN); capped so Python's recursion is safe.
    depth: int = 50


DEFAULT_LIMITS = Limits()

#: Environment variable → (field of :class:`Limits`, unit multiplier, largest value allowed).
LIMIT_VARIABLES: dict[str, tuple[str, int, int | None]] = {
    "RENSTRA_BATAS_BERKAS_MB": ("file_bytes", MIB, None),
    "RENSTRA_BATAS_TEKS": ("text_chars", 1, None),
    "RENSTRA_BATAS_NILAI": ("nodes", 1, None),
    "RENSTRA_BATAS_KEDALAMAN": ("depth", 1, 200),
}

# A positive whole number, plain (100000) or with Indonesian thousands dots (100.000).
_WHOLE_NUMBER = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]*")


def limits_from_environment(environ: Mapping[str, str] | None = None) -> Limits:
    """The limits, with any ``RENSTRA_BATAS_*`` variable applied; UsageError for a bad value."""
    env = os.environ if environ is None else environ
    changes: dict[str, int] = {}
    for name, (attribute, unit, largest) in LIMIT_VARIABLES.items():
        written = env.get(name)
        if written is None or not written.strip():
            continue
        text = written.strip()
        default = getattr(DEFAULT_LIMITS, attribute) // unit
        number = int(text.replace(".", "")) if _WHOLE_NUMBER.fullmatch(text) else None
        if number is None or (largest is not None and number > largest):
            allowed = f"1–{largest}" if largest is not None else "bilangan bulat positif"
            raise UsageError(
                f"{name}: nilai {written!r} tidak sah; tulis {allowed} (bawaan {_number(default)})"
            )
        changes[attribute] = number * unit
    return replace(DEFAULT_LIMITS, **changes)


def _hint(attribute: str) -> str:
    """', dapat diubah dengan RENSTRA_BATAS_…' for the limit held in ``attribute``."""
    name = next(n for n, (attr, _, _) in LIMIT_VARIABLES.items() if attr == attribute)
    return f"dapat diubah dengan {name}"


@dataclass(frozen=True)
class Position:
    """Where a value (or a key) stands in a source file; line and column count from 1. In a
    workbook, ``lembar`` is the sheet and line/column the cell's row and column."""

    file: str
    line: int
    column: int
    lembar: str = ""


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


def _tag_text(tag: str) -> str:
    """A tag as the user wrote it: ``tag:yaml.org,2002:python/...`` → ``!!python/...``."""
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


# --- composing: the node graph, with limits -------------------------------------------------


class _LimitError(Exception):
    """A size, depth or alias limit was exceeded while composing; carries where and why."""

    def __init__(self, mark: Mark, message: str, path: PathKey = ()) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.path = path


#: A limit's message names at most this many steps of the field path (a structure nested
#: fifty deep would otherwise print a path of a hundred and fifty characters).
_PATH_SHOWN = 6


def _limit_path(path: PathKey) -> str:
    shown = format_path(path[:_PATH_SHOWN])
    return shown + "…" if len(path) > _PATH_SHOWN else shown


def _path_part(parent: Node | None, index: object) -> Key | None:
    """The step of the field path a node being composed adds: its key or list position."""
    if parent is None:
        return None
    if isinstance(index, int) and not isinstance(index, bool):
        return index
    if isinstance(index, ScalarNode):
        return str(index.value)
    return None  # a mapping key itself, or a complex key: its parent's path


class _Checks:
    """Node composition with size and depth checked on the way (mixed into both loaders).

    The size of a node counts every value it holds once aliases are expanded, and so does
    its length in characters, so an alias bomb (of many values or of long texts) is stopped
    at the value that would explode, before anything is built from it.
    """

    limits: Limits

    def _init_checks(self, limits: Limits) -> None:
        self.limits = limits
        self._sizes: dict[int, int] = {}
        self._chars: dict[int, int] = {}
        self._placed: set[int] = set()
        self._via_alias: set[int] = set()
        self._depth = 0
        self._path: list[Key] = []

    def _next_event(self) -> Any:
        return self.peek_event()  # type: ignore[attr-defined]

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        part = _path_part(parent, index)
        if part is not None:
            self._path.append(part)
        try:
            return self._compose_checked(parent, index)
        finally:
            if part is not None:
                self._path.pop()

    def _compose_checked(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]
            event = self._next_event()
            node: Node | None = super().compose_node(parent, index)  # type: ignore[misc]
            if node is not None and id(node) not in self._sizes:
                raise _LimitError(
                    event.start_mark,
                    f"alias '*{event.anchor}' merujuk ke dirinya sendiri (melingkar)",
                    tuple(self._path),
                )
            return node
        self._depth += 1
        if self._depth > self.limits.depth:
            raise _LimitError(
                self._next_event().start_mark,
                f"struktur bersarang terlalu dalam (batas {self.limits.depth} tingkat,"
                f" {_hint('depth')})",
                tuple(self._path),
            )
        composed: Node | None = super().compose_node(parent, index)  # type: ignore[misc]
        self._depth -= 1
        if composed is not None:
            self._measure(composed)
        return composed

    def _measure(self, node: Node) -> None:
        children: list[Node] = []
        if isinstance(node, MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        size = 1
        chars = len(node.value) if isinstance(node, ScalarNode) else 0
        aliased = False
        for child in children:
            size += self._sizes[id(child)]
            chars += self._chars[id(child)]
            if id(child) in self._placed or id(child) in self._via_alias:
                aliased = True
            self._placed.add(id(child))
        self._sizes[id(node)] = size
        self._chars[id(node)] = chars
        if aliased:
            self._via_alias.add(id(node))
        limits = self.limits
        if size > limits.nodes:
            if aliased:
                message = (
                    f"alias (*) berulang membuat nilai ini lebih dari {_number(limits.nodes)} butir"
                )
            else:
                message = (
                    f"data terlalu besar (lebih dari {_number(limits.nodes)} nilai,"
                    f" {_hint('nodes')})"
                )
            raise _LimitError(node.start_mark, message, tuple(self._path))
        if aliased and chars > limits.file_bytes:
            # Without aliases the text cannot outgrow the file; with them it may not either.
            message = (
                "alias (*) berulang membuat teks di nilai ini lebih dari"
                f" {_number(limits.file_bytes)} karakter"
            )
            raise _LimitError(node.start_mark, message, tuple(self._path))


class _Loader(_Checks, yaml.SafeLoader):
    """The pure-Python safe loader: slow, but its error messages and marks are the ones the
    users' messages are worded from."""

    def __init__(self, stream: str, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(stream)
        self._init_checks(limits)


def _fast_loader() -> type | None:
    """libyaml's parser for the events, our composer (with its checks) on top: about eight
    times faster on large files. ``None`` when PyYAML was built without libyaml."""
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    from yaml._yaml import CParser

    class _FastLoader(_Checks, Composer, CParser, Resolver):
        def __init__(self, stream: str, limits: Limits = DEFAULT_LIMITS) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)
            self._init_checks(limits)

    return _FastLoader


#: Used first; any error is read again with :class:`_Loader` (same messages, same marks).
_FAST_LOADER = _fast_loader()


# --- building: plain values with positions --------------------------------------------------


class _TooDeep(Exception):
    def __init__(self, node: Node, path: PathKey) -> None:
        self.node = node
        self.path = path


class _Builder:
    def __init__(self, file: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.file = file
        self.limits = limits
        self.values: dict[PathKey, Position] = {}
        self.keys: dict[PathKey, Position] = {}
        self.problems: list[Problem] = []
        self._scalars = SafeConstructor()

    def pos(self, node: Node) -> Position:
        return Position(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def problem(self, node: Node, path: PathKey, message: str) -> None:
        p = self.pos(node)
        self.problems.append(Problem(p.file, p.line, p.column, format_path(path), message))

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        # Aliases can nest a deep value inside another one: check depth here too.
        if depth > self.limits.depth:
            raise _TooDeep(node, path)
        self.values.setdefault(path, self.pos(node))
        if node.tag not in _STANDARD_TAGS:
            self.problem(node, path, f"tag YAML '{_tag_text(node.tag)}' tidak didukung")
            return None
        if isinstance(node, MappingNode):
            return self.build_mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if len(node.value) > self.limits.text_chars:
            self.problem(node, path, self._too_long("teks", len(node.value)))
            return None
        try:
            value = self._scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            if node.tag == _YAML_TAG + "timestamp":
                self.problem(node, path, f"tanggal '{node.value}' tidak ada di kalender")
            else:
                self.problem(
                    node, path, f"nilai '{node.value}' bukan {_tag_text(node.tag)} yang sah"
                )
            return None
        if isinstance(value, dt.datetime):
            self.problem(node, path, "tulis tanggal saja (TTTT-BB-HH), tanpa jam")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            # YAML's .inf and .nan: no Renstra figure is infinite, and NaN prints as "nan".
            self.problem(node, path, f"'{node.value}' bukan angka yang dapat dicetak")
            return None
        return value

    def _too_long(self, what: str, length: int) -> str:
        limit = self.limits.text_chars
        return (
            f"{what} terlalu panjang ({_number(length)} karakter; batas {_number(limit)},"
            f" {_hint('text_chars')})"
        )

    def build_mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _YAML_TAG + "merge":
                self.problem(
                    key_node, path, "penggabungan '<<' tidak didukung; tulis kuncinya satu per satu"
                )
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, path, "kunci harus berupa teks biasa")
                continue
            if len(key_node.value) > self.limits.text_chars:
                self.problem(key_node, path, self._too_long("kunci", len(key_node.value)))
                continue
            if key_node.tag != _YAML_TAG + "str":
                self.problem(
                    key_node, path, f"kunci '{key_node.value}' bukan teks; apit dengan tanda kutip"
                )
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


# --- syntax errors in Indonesian ------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def _tokens_before(text: str, mark: Mark) -> list[Token]:
    """The tokens that start before ``mark`` (scanning stops at any error)."""
    tokens: list[Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _last_scalar_before(text: str, mark: Mark) -> ScalarToken | None:
    scalars = [t for t in _tokens_before(text, mark) if isinstance(t, ScalarToken)]
    return scalars[-1] if scalars else None


def _unclosed_bracket(text: str, mark: Mark) -> Token | None:
    """The innermost '[' or '{' still open at ``mark``."""
    open_brackets: list[Token] = []
    for token in _tokens_before(text, mark):
        if isinstance(token, FlowSequenceStartToken | FlowMappingStartToken):
            open_brackets.append(token)
        elif isinstance(token, FlowSequenceEndToken | FlowMappingEndToken) and open_brackets:
            open_brackets.pop()
    return open_brackets[-1] if open_brackets else None


_KEY_WITHOUT_SPACE = re.compile(r"^\s*(?:-\s+)*[^\s#'\"\[{][^:#]*(:)\S")


def _misplaced_colon(lines: list[str], mark: Mark) -> tuple[int, int, str]:
    """Why a ':' is not allowed here: text with ': ', a key without a space, or indentation."""
    line = lines[mark.line] if mark.line < len(lines) else ""
    if ": " in line[: mark.column]:
        return (
            mark.line,
            mark.column,
            "teks yang berisi ': ' harus diapit tanda kutip",
        )
    previous = mark.line - 1
    while previous >= 0 and (not lines[previous].strip() or lines[previous].lstrip()[0] == "#"):
        previous -= 1
    if previous >= 0 and ": " not in lines[previous]:
        match = _KEY_WITHOUT_SPACE.match(lines[previous])
        if match:
            return previous, match.start(1), "tanda ':' harus diikuti spasi"
    indent = len(line) - len(line.lstrip())
    return (
        mark.line,
        indent,
        "indentasi keliru (baris ini terbaca sebagai lanjutan teks di atasnya)",
    )


def _syntax_problem(file: str, text: str, err: yaml.MarkedYAMLError) -> Problem:
    context = err.context or ""
    reason = err.problem or ""
    mark = err.problem_mark or err.context_mark
    if mark is None:
        return Problem(file, 0, 0, "", _SYNTAX + "berkas tidak dapat dibaca")
    line, column = mark.line, mark.column
    lines = _lines(text)
    message = "periksa indentasi dan tanda kutip di sekitar sini"

    found = re.match(r"found character '(.+)' that cannot start any token", reason)
    if reason.startswith("found character '\\t'"):
        before = lines[line][:column] if line < len(lines) else ""
        message = (
            "karakter TAB tidak boleh dipakai untuk indentasi; gunakan spasi"
            if not before.strip()
            else "karakter TAB tidak boleh dipakai di sini; gunakan spasi"
        )
    elif found:
        message = (
            f"karakter '{found.group(1)}' tidak boleh mengawali nilai; apit teks dengan tanda kutip"
        )
    elif context == "while scanning a quoted scalar" and err.context_mark is not None:
        line, column = err.context_mark.line, err.context_mark.column
        message = "tanda kutip ini tidak pernah ditutup"
    elif context == "while scanning a double-quoted scalar" and "escape" in reason:
        backslash = lines[line][:column].rfind("\\") if line < len(lines) else -1
        column = backslash if backslash >= 0 else column
        message = (
            "'\\' di dalam tanda kutip ganda memulai kode escape;"
            " tulis '\\\\' atau pakai tanda kutip tunggal"
        )
    elif context.startswith("while parsing a flow "):
        bracket = _unclosed_bracket(text, mark)
        if bracket is not None and ("<stream end>" in reason or reason.startswith("expected ','")):
            line, column = bracket.start_mark.line, bracket.start_mark.column
            pair = "[]" if isinstance(bracket, FlowSequenceStartToken) else "{}"
            message = f"tanda '{pair[0]}' ini tidak ditutup dengan '{pair[1]}'"
        else:
            message = "nilai kosong atau tanda koma berlebih"
    elif reason.startswith("mapping values are not allowed"):
        line, column, message = _misplaced_colon(lines, mark)
    elif reason.startswith("expected <block end>"):
        token = _last_scalar_before(text, mark)
        if token is not None and token.style in ("'", '"') and token.end_mark.line == line:
            if token.start_mark.line < token.end_mark.line:
                line, column = token.start_mark.line, token.start_mark.column
                message = "tanda kutip ini tidak ditutup di baris yang sama"
            else:
                message = (
                    "ada teks sesudah tanda kutip penutup; apit seluruh teks dengan tanda kutip"
                )
        elif reason.endswith("'-'") or "sequence" in reason:
            message = "butir daftar ('- ') di tempat yang salah; periksa indentasinya"
        else:
            message = "indentasi tidak sejajar dengan baris setingkatnya"
    elif reason.startswith("could not find expected ':'") and err.context_mark is not None:
        line, column = err.context_mark.line, err.context_mark.column
        message = "baris ini bukan 'kunci: nilai' (tanda ':' dan spasi sesudahnya tidak ada)"
    elif match := re.match(r"found undefined alias '(.*)'", reason):
        message = f"alias '*{match.group(1)}' tidak dikenal (tidak ada '&{match.group(1)}')"
    elif match := re.match(r"found duplicate anchor '(.*)'", context):
        first = err.context_mark.line + 1 if err.context_mark else 0
        message = f"anchor '&{match.group(1)}' sudah dipakai di baris {first}"
    elif context.startswith("while scanning an a"):
        message = "nama alias/anchor tidak sah (huruf dan angka saja)"
    elif context.startswith("expected a single document"):
        message = "berkas hanya boleh berisi satu dokumen YAML (hapus '---' tambahan)"
    elif context.startswith("while scanning a block scalar"):
        message = "teks blok ('|' atau '>') tidak sah; periksa indentasinya"
    return Problem(file, line + 1, column + 1, "", _SYNTAX + message)


def _reader_problem(file: str, text: str, err: ReaderError) -> Problem:
    before = text[: err.position]
    breaks = list(_LINE_BREAK.finditer(before))
    line = len(breaks) + 1
    column = len(before) - (breaks[-1].end() if breaks else 0) + 1
    code = err.character if isinstance(err.character, int) else ord(err.character)
    return Problem(
        file, line, column, "", f"karakter kendali U+{code:04X} tidak boleh ada di berkas teks"
    )


# --- reading --------------------------------------------------------------------------------

#: Why a file could not be read, by errno; anything else names the system's error code.
_OS_REASONS = {
    errno.EACCES: "izin ditolak",
    errno.EPERM: "izin ditolak",
    errno.ENOTDIR: "salah satu bagian jalurnya bukan folder",
    errno.ELOOP: "tautan simbolik melingkar",
    errno.ENAMETOOLONG: "nama berkas terlalu panjang",
    errno.EIO: "galat baca disk",
    errno.EISDIR: "berupa folder",
}


def _unreadable(file: str, err: OSError) -> DataError:
    if isinstance(err, FileNotFoundError):
        return DataError([Problem(file, 0, 0, "", "berkas tidak ditemukan")])
    code = err.errno or 0
    reason = _OS_REASONS.get(code, f"galat sistem {errno.errorcode.get(code, code)}")
    return DataError([Problem(file, 0, 0, "", f"berkas tidak dapat dibaca ({reason})")])


def _too_big(file: str, size: str, limits: Limits) -> DataError:
    limit = limits.file_bytes
    shown = f"{_number(limit // MIB)} MB" if limit % MIB == 0 else f"{_number(limit)} bita"
    message = f"berkas terlalu besar ({size} bita; batas {shown}, {_hint('file_bytes')})"
    return DataError([Problem(file, 0, 0, "", message)])


def read_source(
    path: Path, display: str | None = None, limits: Limits | None = None
) -> SourceDocument:
    """Read one YAML data file into a :class:`SourceDocument` or raise :class:`DataError`.

    ``limits`` defaults to :func:`limits_from_environment` (UsageError for a bad variable).
    """
    file = display or str(path)
    limits = limits_from_environment() if limits is None else limits
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            message = "berupa folder, bukan berkas data (sebut berkas .yaml di dalamnya)"
            raise DataError([Problem(file, 0, 0, "", message)])
        if not stat.S_ISREG(info.st_mode):
            # A FIFO would block forever and a device (/dev/zero) never ends.
            message = "bukan berkas biasa (mis. pipa atau perangkat); tidak dapat dibaca"
            raise DataError([Problem(file, 0, 0, "", message)])
        if info.st_size > limits.file_bytes:
            raise _too_big(file, _number(info.st_size), limits)
        with path.open("rb") as stream:
            # Never more than the limit, even if the file grows after stat().
            raw = stream.read(limits.file_bytes + 1)
    except OSError as err:
        raise _unreadable(file, err) from err
    if len(raw) > limits.file_bytes:
        raise _too_big(file, f"lebih dari {_number(limits.file_bytes)}", limits)
    return parse_source(raw, file, limits)


#: Files that are not text at all, by their first bytes: what they are.
_NOT_TEXT = (
    (b"\xff\xfe\x00\x00", "berkas tersimpan sebagai UTF-32; simpan ulang sebagai UTF-8"),
    (b"\x00\x00\xfe\xff", "berkas tersimpan sebagai UTF-32; simpan ulang sebagai UTF-8"),
    (
        b"\xff\xfe",
        "berkas tersimpan sebagai UTF-16 ('Unicode' di Notepad); simpan ulang sebagai UTF-8",
    ),
    (
        b"\xfe\xff",
        "berkas tersimpan sebagai UTF-16 ('Unicode' di Notepad); simpan ulang sebagai UTF-8",
    ),
    (b"%PDF-", "berkas PDF, bukan berkas data YAML"),
    (
        b"PK\x03\x04",
        "berkas ZIP (mis. buku kerja Excel .xlsx atau dokumen Word .docx), bukan berkas data YAML",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "berkas Microsoft Office lama (.xls atau .doc), bukan berkas data YAML",
    ),
)


def _decode(raw: bytes, file: str) -> str:
    for signature, message in _NOT_TEXT:
        if raw.startswith(signature):
            raise DataError([Problem(file, 1, 1, "", message)])
    body = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        line = body[: err.start].count(b"\n") + 1
        line_start = body.rfind(b"\n", 0, err.start) + 1
        column = len(body[line_start : err.start].decode("utf-8", errors="replace")) + 1
        message = f"bukan teks UTF-8 (bita 0x{body[err.start]:02X}); simpan ulang sebagai UTF-8"
        raise DataError([Problem(file, line, column, "", message)]) from None


def _compose_with(loader_class: type, text: str, limits: Limits) -> Node | None:
    loader = loader_class(text, limits)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _compose(text: str, limits: Limits) -> Node | None:
    """The node tree, through libyaml when it is there; on any problem the pure-Python loader
    reads the text again so the message and its position are always the same."""
    if _FAST_LOADER is not None:
        try:
            return _compose_with(_FAST_LOADER, text, limits)
        except (yaml.YAMLError, _LimitError):
            pass
    return _compose_with(_Loader, text, limits)


def parse_source(raw: bytes, file: str, limits: Limits | None = None) -> SourceDocument:
    """Parse YAML bytes (UTF-8, optional BOM, any line endings) into a SourceDocument."""
    limits = limits_from_environment() if limits is None else limits
    if len(raw) > limits.file_bytes:
        raise _too_big(file, _number(len(raw)), limits)
    text = _decode(raw, file)
    try:
        node = _compose(text, limits)
    except _LimitError as err:
        mark = err.mark
        raise DataError(
            [Problem(file, mark.line + 1, mark.column + 1, _limit_path(err.path), err.message)]
        ) from None
    except yaml.MarkedYAMLError as err:
        raise DataError([_syntax_problem(file, text, err)]) from err
    except ReaderError as err:
        raise DataError([_reader_problem(file, text, err)]) from err
    except yaml.YAMLError as err:
        raise DataError([Problem(file, 0, 0, "", _SYNTAX + "berkas tidak dapat dibaca")]) from err
    if node is None or (isinstance(node, ScalarNode) and node.tag == _YAML_TAG + "null"):
        raise DataError([Problem(file, 1, 1, "", "berkas kosong")])
    builder = _Builder(file, limits)
    try:
        data = builder.build(node, (), 0)
    except _TooDeep as err:
        p = builder.pos(err.node)
        message = (
            f"struktur bersarang terlalu dalam (batas {limits.depth} tingkat, {_hint('depth')})"
        )
        raise DataError([Problem(file, p.line, p.column, _limit_path(err.path), message)]) from None
    if builder.problems:
        raise DataError(builder.problems)
    if not isinstance(data, dict):
        p = builder.pos(node)
        message = "isi berkas harus berupa pemetaan (kunci: nilai)"
        raise DataError([Problem(file, p.line, p.column, "", message)])
    return SourceDocument(file, data, builder.values, builder.keys)
