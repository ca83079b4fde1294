"""Prose markup: the small, safe Markdown subset that staff write in YAML text fields.

The input is always *text*; the output is HTML (``markupsafe.Markup``) in which every character
the author typed is escaped, except the few markers below. Raw HTML, entities, CSS, Jinja
syntax and backslashes are printed literally; there is no escape character and no other syntax.
The user guide is ``docs/format-prosa.md``.

Blocks (``render_prosa(text)``)
-------------------------------
* Line endings ``\\r\\n`` and ``\\r`` count as ``\\n``; tabs expand to 4 columns; trailing
  spaces are ignored. A line holding only whitespace is a *blank line*.
* **Paragraph**: consecutive non-blank lines that are not list items. The lines are joined
  with one space (a single newline inside a paragraph is a space), so YAML ``>-`` and ``|``
  give the same paragraph. Paragraphs are separated by one or more blank lines.
  → ``<p>…</p>``.
* **List item**: a line whose text (after its indentation) starts with a marker, one or more
  spaces, then some text:

  - bullet: ``-`` or ``•`` → ``<ul class="daftar">``;
  - number: 1 to 3 digits then ``.`` or ``)`` (``1.``, ``2)``) → ``<ol class="daftar">``. The
    items are numbered in the order written, counting up from the *first* item's number; the
    later numbers are not read. A first number other than 1 becomes ``start="N"``.

  A bullet line, or a numbered line with number 1, may directly follow a paragraph line (it
  ends the paragraph); a numbered list starting at another number needs a blank line before
  it, so a wrapped line such as ``2013. …`` inside a paragraph stays text.
* A list runs until a line that is neither an item nor a continuation. Blank lines between
  items do not end it; an item of the other kind (bullet vs. number) at the list's own level
  ends it and starts a new list.
* **Nesting**, one level: an item indented 2 or more spaces further than the list's first item
  belongs to a list inside the previous item (deeper indentation is still that one level).
  The inner list may be of either kind.
* **Continuation**: a non-item line that directly follows an item (no blank line) and is
  indented further than the list's first item continues the most recent item's text (joined
  with a space). A non-indented line, or any line after a blank line, ends the list and starts
  a paragraph.

Inline (paragraphs, list items, and the whole text when ``inline=True``)
-------------------------------------------------------------------------
* Whitespace runs (space, tab, newline) become one space; leading/trailing space is dropped.
* ``**bold**`` → ``<strong>``; ``*italic*`` and ``_italic_`` → ``<em>``; they may nest, up to
  8 levels (``**a _b_ c**``; ``***x***`` is bold italic). An opening marker must be followed by a
  non-space, a closing one preceded by a non-space, so ``2 * 3 * 4`` stays text. ``_`` only
  works at word edges (``nama_berkas_baru`` stays text) and only singly. Runs of ``*`` longer
  than 3, runs of ``_`` longer than 1, and every marker left without a partner are printed
  literally. A closing marker pairs with the nearest open marker of the same kind (``*`` with
  ``*``, ``**`` with ``**``, ``***`` with either, part by part); markers opened in between and
  left unpaired are printed literally, so ``**a *b** c*`` is ``<strong>a *b</strong> c*``.
* **References**: ``[[tabel:KUNCI]]`` and ``[[gambar:KUNCI]]`` (lower-case kind, KUNCI of ASCII
  letters, digits, ``-`` and ``_``) become reference nodes. The renderer asks
  ``resolve(kind, key)`` for their markup (e.g. ``<a href="#tabel-5-1">Tabel 5.1</a>``); a
  ``None`` answer, or no resolver at all, raises :class:`ProsaError` naming the key. Text that
  *looks* like a reference but is malformed (``[[Tabel:x]]``, ``[[tabel: x]]``,
  ``[[tabel:kunci salah]]``, a missing ``]]``) also raises, so a typo never reaches the PDF
  as raw brackets. Any other ``[[…]]`` is text.

``inline=True`` (table cells, titles): no block structure at all: no ``<p>``, no lists (a
leading ``- `` is text), blank lines are spaces; only bold, italic and references.

:func:`plain_text` gives what the reader sees (markers removed, references as their resolved
text), one paragraph or list item per line; :func:`references` lists the references of a text
for validation before rendering.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from markupsafe import Markup, escape

__all__ = [
    "KINDS",
    "ProsaError",
    "Resolver",
    "plain_text",
    "references",
    "render_prosa",
]

KINDS = ("tabel", "gambar")
"""The kinds of object a reference can point at."""

Resolver = Callable[[str, str], Markup | None]
"""``resolve(kind, key)``: the markup printed for a reference, or ``None`` if unknown."""


class ProsaError(ValueError):
    """A prose text cannot be rendered: an unknown or malformed reference (Indonesian text)."""

    def __init__(self, message: str, *, kind: str | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.key = key


# --------------------------------------------------------------------------------- inline

_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
_REF = re.compile(rf"\[\[({'|'.join(KINDS)}):([A-Za-z0-9_-]+)\]\]")
_REF_LIKE = re.compile(rf"\[\[\s*(?:{'|'.join(KINDS)})\s*:", re.IGNORECASE)
_MAX_RUN = {"*": 3, "_": 1}
_MAX_DEPTH = 8  # emphasis nested deeper than this is text (keeps rendering recursion small)


@dataclass(frozen=True)
class _Text:
    value: str


@dataclass(frozen=True)
class _Ref:
    kind: str
    key: str


@dataclass
class _Styled:
    tag: str  # "strong" or "em"
    children: list[_Inline]
    depth: int = 1  # emphasis levels, this one included


def _depth(nodes: list[_Inline | _Delim]) -> int:
    return max((node.depth for node in nodes if isinstance(node, _Styled)), default=0)


_Inline = _Text | _Ref | _Styled


@dataclass
class _Delim:
    """An emphasis marker run that is still waiting for its partner."""

    char: str
    count: int


def _malformed_reference(text: str, start: int) -> ProsaError:
    end = text.find("]]", start)
    if 0 <= end < start + 60:
        shown = text[start : end + 2]
    else:
        shown = text[start : start + 40] + ("…" if len(text) > start + 40 else "")
    return ProsaError(
        f"rujukan tidak valid: '{shown}' (tulis [[tabel:kunci]] atau [[gambar:kunci]]; "
        "kunci hanya berisi huruf, angka, '-' dan '_')"
    )


def _parse_inline(text: str) -> list[_Inline]:
    text = _WHITESPACE.sub(" ", text).strip(" ")
    emphasis = _Emphasis()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "[" and text.startswith("[[", i):
            match = _REF.match(text, i)
            if match:
                emphasis.pieces.append(_Ref(match[1], match[2]))
                i = match.end()
                continue
            if _REF_LIKE.match(text, i):
                raise _malformed_reference(text, i)
        if ch in _MAX_RUN:
            j = i
            while j < n and text[j] == ch:
                j += 1
            before = text[i - 1] if i > 0 else " "
            after = text[j] if j < n else " "
            emphasis.run(ch, j - i, before, after)
            i = j
            continue
        j = i + 1
        while j < n and text[j] not in "*_[":
            j += 1
        emphasis.pieces.append(_Text(text[i:j]))
        i = j
    return _settle(emphasis.pieces)


class _Emphasis:
    """Pairs emphasis markers left to right, as the pieces of one inline run come in."""

    def __init__(self) -> None:
        self.pieces: list[_Inline | _Delim] = []
        self.openers: list[int] = []  # indices into ``pieces`` of the open _Delim, bottom first
        # (char, closer count) → number of ``openers`` levels known to hold no partner for such
        # a closer: keeps long texts full of unpaired markers linear.
        self.floors: dict[tuple[str, int], int] = {}

    def run(self, char: str, run: int, before: str, after: str) -> None:
        """Close what this run of ``*`` or ``_`` can close, then open with what is left."""
        if run > _MAX_RUN[char]:
            self.pieces.append(_Text(char * run))
            return
        can_open = not after.isspace()
        can_close = not before.isspace()
        if char == "_":  # no intraword underscores: nama_berkas_baru is text
            can_open = can_open and not before.isalnum()
            can_close = can_close and not after.isalnum()
        remaining = run
        while can_close and remaining:
            level = self._partner(char, remaining)
            if level is None:
                break
            index = self.openers[level]
            opener = self._opener(index)
            depth = _depth(self.pieces[index + 1 :]) + 1
            if depth > _MAX_DEPTH:  # and deeper openers enclose even more: none will do
                self.floors[(char, remaining)] = len(self.openers)
                break
            used = 2 if remaining >= 2 and opener.count >= 2 else 1
            tag = "strong" if used == 2 else "em"
            styled = _Styled(tag, _settle(self.pieces[index + 1 :]), depth)
            del self.pieces[index + 1 :]
            del self.openers[level + 1 :]  # markers opened inside, never closed: literal text
            self.pieces.append(styled)
            opener.count -= used
            remaining -= used
            if opener.count == 0:
                del self.pieces[index]
                self.openers.pop()
            still_open = len(self.openers)
            self.floors = {key: min(floor, still_open) for key, floor in self.floors.items()}
        if remaining and can_open:
            self.pieces.append(_Delim(char, remaining))
            self.openers.append(len(self.pieces) - 1)
        elif remaining:
            self.pieces.append(_Text(char * remaining))

    def _partner(self, char: str, count: int) -> int | None:
        """The level in ``openers`` of the innermost open marker this closer pairs with.

        ``*`` and ``**`` never pair with each other (so ``**a*b**`` is bold, not two
        italics); a run of three pairs with either, one part at a time.
        """
        floor = self.floors.get((char, count), 0)
        for level in range(len(self.openers) - 1, floor - 1, -1):
            opener = self._opener(self.openers[level])
            if opener.char == char and {opener.count, count} != {1, 2}:
                return level
        self.floors[(char, count)] = len(self.openers)
        return None

    def _opener(self, index: int) -> _Delim:
        piece = self.pieces[index]
        assert isinstance(piece, _Delim)
        return piece


def _settle(pieces: list[_Inline | _Delim]) -> list[_Inline]:
    """Unmatched markers become text; neighbouring texts merge."""
    out: list[_Inline] = []
    for piece in pieces:
        node = _Text(piece.char * piece.count) if isinstance(piece, _Delim) else piece
        if isinstance(node, _Text) and out and isinstance(out[-1], _Text):
            out[-1] = _Text(out[-1].value + node.value)
        else:
            out.append(node)
    return out


# ---------------------------------------------------------------------------------- blocks

_ITEM = re.compile(r"(?:(?P<bullet>[-•])|(?P<number>[0-9]{1,3})[.)]) +(?P<text>\S.*)")


@dataclass
class _Item:
    lines: list[str]
    children: list[_List] = field(default_factory=list)


@dataclass
class _List:
    ordered: bool
    start: int
    items: list[_Item] = field(default_factory=list)


@dataclass
class _Paragraph:
    lines: list[str]


_Block = _Paragraph | _List


def _parse_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    paragraph: _Paragraph | None = None  # open paragraph (no blank line since its last line)
    current: _List | None = None  # open top-level list
    base = 0  # indentation of the open list's first item
    last: _Item | None = None  # most recent item, for continuation lines
    blank = False  # a blank line since the previous non-blank line
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.expandtabs(4).rstrip()
        if not line.strip():
            blank = True
            paragraph = None
            continue
        content = line.lstrip(" ")
        indent = len(line) - len(content)
        item = _ITEM.fullmatch(content)
        if current is not None and last is not None:
            if item:
                ordered = item["number"] is not None
                if indent >= base + 2:
                    parent = current.items[-1]
                    if not parent.children or parent.children[-1].ordered != ordered:
                        parent.children.append(_List(ordered, _start(item)))
                    target = parent.children[-1]
                elif current.ordered == ordered:
                    target = current
                else:
                    current = _List(ordered, _start(item))
                    base = indent
                    blocks.append(current)
                    target = current
                last = _Item([item["text"]])
                target.items.append(last)
                blank = False
                continue
            if not blank and indent > base:
                last.lines.append(content)
                continue
            current = last = None
        if item and (paragraph is None or item["bullet"] or int(item["number"]) == 1):
            paragraph = None
            current = _List(item["number"] is not None, _start(item))
            last = _Item([item["text"]])
            current.items.append(last)
            base = indent
            blocks.append(current)
        elif paragraph is not None:
            paragraph.lines.append(content)
        else:
            paragraph = _Paragraph([content])
            blocks.append(paragraph)
        blank = False
    return blocks


def _start(item: re.Match[str]) -> int:
    number = item["number"]
    return int(number) if number is not None else 1


# ------------------------------------------------------------------------------ rendering


def _resolve(node: _Ref, resolve: Resolver | None) -> Markup:
    found = resolve(node.kind, node.key) if resolve is not None else None
    if found is None:
        raise ProsaError(
            f"rujukan {node.kind} '{node.key}' tidak dikenal", kind=node.kind, key=node.key
        )
    return escape(found)  # Markup passes unchanged; a plain str is still escaped


def _inline_html(nodes: list[_Inline], resolve: Resolver | None) -> str:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, _Text):
            parts.append(escape(node.value))
        elif isinstance(node, _Ref):
            parts.append(_resolve(node, resolve))
        else:
            parts.append(f"<{node.tag}>{_inline_html(node.children, resolve)}</{node.tag}>")
    return "".join(parts)


def _list_html(block: _List, resolve: Resolver | None) -> str:
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    items = "".join(
        f"<li>{_inline_html(_parse_inline(' '.join(item.lines)), resolve)}"
        + "".join(_list_html(child, resolve) for child in item.children)
        + "</li>\n"
        for item in block.items
    )
    return f'<{tag} class="daftar"{start}>\n{items}</{tag}>'


def render_prosa(text: str, resolve: Resolver | None = None, *, inline: bool = False) -> Markup:
    """The HTML of a prose text: paragraphs and lists, or (``inline``) one run of inline text.

    Raises :class:`ProsaError` for a reference that ``resolve`` does not know (every reference,
    when there is no ``resolve``) and for a malformed reference.
    """
    if inline:
        return Markup(_inline_html(_parse_inline(text), resolve))
    html: list[str] = []
    for block in _parse_blocks(text):
        if isinstance(block, _Paragraph):
            html.append(f"<p>{_inline_html(_parse_inline(' '.join(block.lines)), resolve)}</p>")
        else:
            html.append(_list_html(block, resolve))
    return Markup("\n".join(html))


def _inline_text(nodes: list[_Inline], resolve: Resolver | None) -> str:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, _Text):
            parts.append(node.value)
        elif isinstance(node, _Ref):
            parts.append(_resolve(node, resolve).striptags())
        else:
            parts.append(_inline_text(node.children, resolve))
    return "".join(parts)


def _lines(text: str, *, inline: bool) -> Iterator[str]:
    """The inline runs of a text, in reading order: each paragraph and each list item."""
    if inline:
        yield text
        return

    def items(block: _List) -> Iterator[str]:
        for item in block.items:
            yield " ".join(item.lines)
            for child in item.children:
                yield from items(child)

    for block in _parse_blocks(text):
        if isinstance(block, _Paragraph):
            yield " ".join(block.lines)
        else:
            yield from items(block)


def plain_text(text: str, resolve: Resolver | None = None, *, inline: bool = False) -> str:
    """The text as the reader sees it: markers removed, one paragraph or list item per line.

    List numbers and bullets (drawn by the stylesheet) are not included. A reference becomes
    the text of its resolved markup, so, as in :func:`render_prosa`, a text with references
    needs ``resolve``; without it :class:`ProsaError` names the first reference.
    """
    runs = (_inline_text(_parse_inline(run), resolve) for run in _lines(text, inline=inline))
    return "\n".join(run for run in runs if run)


def references(text: str) -> list[tuple[str, str]]:
    """Every ``(kind, key)`` referenced in ``text``, in order of first appearance, once each.

    Raises :class:`ProsaError` for a malformed reference, like :func:`render_prosa`.
    """
    found: dict[tuple[str, str], None] = {}

    def walk(nodes: list[_Inline]) -> None:
        for node in nodes:
            if isinstance(node, _Ref):
                found.setdefault((node.kind, node.key))
            elif isinstance(node, _Styled):
                walk(node.children)

    for run in _lines(text, inline=False):
        walk(_parse_inline(run))
    return list(found)
