"""Cutting a chapter's HTML where its pages break anyway: around landscape blocks.

A landscape block (``class="lanskap"``: T-C.23, T-C.24, T-C.27) uses another page type, so
the engine starts a new page before and after it whatever the content: the block and the
text around it can be laid out as separate documents without changing a single page. The
pieces after the first re-open the elements the cut fell inside (their start tags, ids
removed so every anchor stays unique), so every CSS rule still matches; consecutive
landscape blocks stay together (they share pages).

Inside a landscape block an element of class ``halaman-baru`` starts a new page of the same
kind (``break-before: page``): the block is cut there too, so one very long table (T-C.27,
a table per tujuan) becomes several pieces, laid out in parallel.
"""

from __future__ import annotations

import re

_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "wbr", "source", "area", "base"}
_ID_ATTRIBUTE = re.compile(r'\s+id="[^"]*"')


#: A comment, an end tag or a start tag (quoted attribute values may hold ">").
_TAG = re.compile(
    r"<!--.*?-->|</([A-Za-z][\w:-]*)\s*>|<([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


class _Blocks:
    """Offsets of the top-most landscape blocks and the open start tags at each, found by
    a tokenizer of tags (a chapter with T-C.27 is over half a megabyte: ``HTMLParser`` took
    a quarter of a second)."""

    def __init__(self, text: str) -> None:
        self.stack: list[tuple[str, str]] = []  # (tag, raw start tag)
        self.blocks: list[tuple[int, int, list[str]]] = []
        #: Inside blocks: (offset, start tags open there) of each ``halaman-baru`` element.
        self.breaks: list[tuple[int, list[str]]] = []
        inside: tuple[int, int, list[str]] | None = None  # (start, depth, ancestors)
        for found in _TAG.finditer(text):
            closing, tag, attributes = found.groups()
            if closing is not None:
                name = closing.lower()
                while self.stack:
                    if self.stack.pop()[0] == name:
                        break
                if inside is not None and len(self.stack) <= inside[1]:
                    self.blocks.append((inside[0], found.end(), inside[2]))
                    inside = None
                continue
            if tag is None:  # a comment
                continue
            name = tag.lower()
            if name in _VOID or attributes.rstrip().endswith("/"):
                continue
            classes = _classes(attributes)
            if inside is None and "lanskap" in classes:
                inside = (found.start(), len(self.stack), [r for _, r in self.stack])
            elif inside is not None and "halaman-baru" in classes:
                self.breaks.append((found.start(), [r for _, r in self.stack]))
            self.stack.append((name, found.group(0)))


def _classes(attributes: str) -> list[str]:
    found = _CLASS.search(attributes)
    if found is None:
        return []
    return next(v for v in found.groups() if v is not None).split()


def cut_at_landscape(html: str) -> list[str]:
    """The chapter's HTML as pieces: text, landscape block(s), text, …; empty text between
    blocks is dropped (the blocks then share a piece, as they share pages); a block is cut
    again before each of its ``halaman-baru`` elements."""
    if "lanskap" not in html:
        return [html]
    parser = _Blocks(html)
    if not parser.blocks:
        return [html]
    cuts: list[tuple[int, list[str]]] = []  # (offset, ancestors open there)
    for start, end, ancestors in parser.blocks:
        if cuts and not _has_content(html[cuts[-1][0] : start]):
            cuts.pop()  # only whitespace since the last block: keep them together
        else:
            cuts.append((start, ancestors))
        cuts.extend(b for b in parser.breaks if start < b[0] < end)
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
