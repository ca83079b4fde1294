"""Cutting a chapter's HTML where its pages break anyway: around landscape blocks.

A landscape block (``class="lanskap"``: T-C.23, T-C.24, T-C.27) uses another page type, so
the engine starts a new page before and after it whatever the content: the block and the
text around it can be laid out as separate documents without changing a single page. The
pieces after the first re-open the elements the cut fell inside (their start tags, ids
removed so every anchor stays unique), so every CSS rule still matches; consecutive
landscape blocks stay together (they share pages).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "wbr", "source", "area", "base"}
_ID_ATTRIBUTE = re.compile(r'\s+id="[^"]*"')


class _Blocks(HTMLParser):
    """Offsets of the top-most landscape blocks and the open start tags at each."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._text = text
        self.stack: list[tuple[str, str]] = []  # (tag, raw start tag)
        self.blocks: list[tuple[int, int, list[str]]] = []
        self._inside: tuple[int, int, list[str]] | None = None  # (start, depth, ancestors)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self._inside is None and "lanskap" in classes:
            self._inside = (self._offset(), len(self.stack), [r for _, r in self.stack])
        self.stack.append((tag, raw))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if self._inside is not None and len(self.stack) == self._inside[1]:
            start, _, ancestors = self._inside
            end = self._offset() + len(f"</{tag}>")
            self.blocks.append((start, end, ancestors))
            self._inside = None


def cut_at_landscape(html: str) -> list[str]:
    """The chapter's HTML as pieces: text, landscape block(s), text, …; empty text between
    blocks is dropped (the blocks then share a piece, as they share pages)."""
    parser = _Blocks(html)
    parser.feed(html)
    parser.close()
    if not parser.blocks:
        return [html]
    cuts: list[tuple[int, list[str]]] = []  # (offset, ancestors open there)
    for start, end, ancestors in parser.blocks:
        if cuts and not _has_content(html[cuts[-1][0] : start]):
            cuts.pop()  # only whitespace since the last block: keep them together
        else:
            cuts.append((start, ancestors))
        cuts.append((end, ancestors))
    pieces, previous, reopened = [], 0, ""
    for offset, ancestors in cuts:
        if offset > previous and _has_content(html[previous:offset]):
            pieces.append(reopened + html[previous:offset])
            reopened = "".join(_ID_ATTRIBUTE.sub("", tag, count=1) for tag in ancestors)
        previous = offset
    if _has_content(html[previous:]):
        pieces.append(reopened + html[previous:])
    return pieces


def _has_content(fragment: str) -> bool:
    """True when the fragment holds anything but whitespace, comments and end tags."""
    stripped = re.sub(r"<!--.*?-->|</[^>]+>|\s+", "", fragment, flags=re.S)
    return bool(stripped)
