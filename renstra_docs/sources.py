"""Reading YAML data files: safe, position-aware, strict about duplicates and size.

PyYAML's own constructors silently accept duplicate keys, expand alias bombs and (with the
unsafe loaders) build arbitrary objects. We compose the node graph with the safe loader (no
object is ever constructed from a tag), checking size and depth while composing, and build
plain Python values ourselves, recording the line and column of every value so that
validation errors can point at the exact place in the file. PyYAML's syntax errors are
translated into short Indonesian messages that point where the mistake was written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
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

from .errors import DataError, Problem

#: Limits that keep a hostile or broken file from exhausting the machine.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 50

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


def _tag_text(tag: str) -> str:
    """A tag as the user wrote it: ``tag:yaml.org,2002:python/...`` → ``!!python/...``."""
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


# --- composing: the node graph, with limits -------------------------------------------------


class _LimitError(Exception):
    """A size, depth or alias limit was exceeded while composing; carries where and why."""

    def __init__(self, mark: Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _Checks:
    """Node composition with size and depth checked on the way (mixed into both loaders).

    The size of a node counts every value it holds once aliases are expanded, so an alias
    bomb is stopped at the value that would explode, before anything is built from it.
    """

    def _init_checks(self) -> None:
        self._sizes: dict[int, int] = {}
        self._placed: set[int] = set()
        self._via_alias: set[int] = set()
        self._depth = 0

    def _next_event(self) -> Any:
        return self.peek_event()  # type: ignore[attr-defined]

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]
            event = self._next_event()
            node: Node | None = super().compose_node(parent, index)  # type: ignore[misc]
            if node is not None and id(node) not in self._sizes:
                raise _LimitError(
                    event.start_mark,
                    f"alias '*{event.anchor}' merujuk ke dirinya sendiri (melingkar)",
                )
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _LimitError(
                self._next_event().start_mark,
                f"struktur bersarang terlalu dalam (batas {MAX_DEPTH} tingkat)",
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
        aliased = False
        for child in children:
            size += self._sizes[id(child)]
            if id(child) in self._placed or id(child) in self._via_alias:
                aliased = True
            self._placed.add(id(child))
        self._sizes[id(node)] = size
        if aliased:
            self._via_alias.add(id(node))
        if size > MAX_NODES:
            if aliased:
                message = (
                    f"alias (*) berulang membuat nilai ini lebih dari {_number(MAX_NODES)} butir"
                )
            else:
                message = f"data terlalu besar (lebih dari {_number(MAX_NODES)} nilai)"
            raise _LimitError(node.start_mark, message)


class _Loader(_Checks, yaml.SafeLoader):
    """The pure-Python safe loader: slow, but its error messages and marks are the ones the
    users' messages are worded from."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._init_checks()


def _fast_loader() -> type | None:
    """libyaml's parser for the events, our composer (with its checks) on top: about eight
    times faster on large files. ``None`` when PyYAML was built without libyaml."""
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    from yaml._yaml import CParser

    class _FastLoader(_Checks, Composer, CParser, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)
            self._init_checks()

    return _FastLoader


#: Used first; any error is read again with :class:`_Loader` (same messages, same marks).
_FAST_LOADER = _fast_loader()


# --- building: plain values with positions --------------------------------------------------


class _TooDeep(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
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
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        self.values.setdefault(path, self.pos(node))
        if node.tag not in _STANDARD_TAGS:
            self.problem(node, path, f"tag YAML '{_tag_text(node.tag)}' tidak didukung")
            return None
        if isinstance(node, MappingNode):
            return self.build_mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
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
        return value

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


def read_source(path: Path, display: str | None = None) -> SourceDocument:
    """Read one YAML data file into a :class:`SourceDocument` or raise :class:`DataError`."""
    file = display or str(path)
    try:
        if path.is_dir():
            raise DataError([Problem(file, 0, 0, "", "berupa folder, bukan berkas data")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = (
                f"berkas terlalu besar ({_number(size)} bita; batas {_number(MAX_FILE_BYTES)} bita)"
            )
            raise DataError([Problem(file, 0, 0, "", message)])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(file, 0, 0, "", "berkas tidak ditemukan")]) from None
    except PermissionError:
        raise DataError(
            [Problem(file, 0, 0, "", "berkas tidak dapat dibaca (izin ditolak)")]
        ) from None
    except OSError as err:
        raise DataError(
            [Problem(file, 0, 0, "", f"berkas tidak dapat dibaca ({err.strerror})")]
        ) from err
    return parse_source(raw, file)


def _decode(raw: bytes, file: str) -> str:
    body = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        line = body[: err.start].count(b"\n") + 1
        line_start = body.rfind(b"\n", 0, err.start) + 1
        column = len(body[line_start : err.start].decode("utf-8", errors="replace")) + 1
        message = f"bukan teks UTF-8 (bita 0x{body[err.start]:02X}); simpan ulang sebagai UTF-8"
        raise DataError([Problem(file, line, column, "", message)]) from None


def _compose(text: str) -> Node | None:
    """The node tree, through libyaml when it is there; on any problem the pure-Python loader
    reads the text again so the message and its position are always the same."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except (yaml.YAMLError, _LimitError):
            pass
    return yaml.compose(text, Loader=_Loader)


def parse_source(raw: bytes, file: str) -> SourceDocument:
    """Parse YAML bytes (UTF-8, optional BOM, any line endings) into a SourceDocument."""
    text = _decode(raw, file)
    try:
        node = _compose(text)
    except _LimitError as err:
        mark = err.mark
        raise DataError([Problem(file, mark.line + 1, mark.column + 1, "", err.message)]) from None
    except yaml.MarkedYAMLError as err:
        raise DataError([_syntax_problem(file, text, err)]) from err
    except ReaderError as err:
        raise DataError([_reader_problem(file, text, err)]) from err
    except yaml.YAMLError as err:
        raise DataError([Problem(file, 0, 0, "", _SYNTAX + "berkas tidak dapat dibaca")]) from err
    if node is None or (isinstance(node, ScalarNode) and node.tag == _YAML_TAG + "null"):
        raise DataError([Problem(file, 1, 1, "", "berkas kosong")])
    builder = _Builder(file)
    try:
        data = builder.build(node, (), 0)
    except _TooDeep as err:
        p = builder.pos(err.node)
        message = f"struktur bersarang terlalu dalam (batas {MAX_DEPTH} tingkat)"
        raise DataError([Problem(file, p.line, p.column, "", message)]) from None
    if builder.problems:
        raise DataError(builder.problems)
    if not isinstance(data, dict):
        raise DataError(
            [Problem(file, 1, 1, "", "isi berkas harus berupa pemetaan (kunci: nilai)")]
        )
    return SourceDocument(file, data, builder.values, builder.keys)
