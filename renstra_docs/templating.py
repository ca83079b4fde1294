"""Jinja2 stage: the model becomes HTML, chapter by chapter, then the whole document.

Templates are strict (a missing variable is an error) and always autoescaped: plan data is
text, never markup. The workspace's ``templates/`` folder is searched before the shipped
defaults, so a workspace overrides a default template file by file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import assets, hitung, potong, prosa, suku, teks
from .errors import BuildError
from .kerangka import Nomor, number_items
from .validate import LoadedRenstra


@dataclass(frozen=True)
class Heading:
    """A numbered heading found in the rendered body, for the table of contents."""

    level: int
    anchor: str
    number: str
    title: str
    front: bool
    chapter: str  # roman numeral of the chapter the heading is in ("" in front matter)

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


def make_environment(workspace_templates: Path | None) -> jinja2.Environment:
    """The one environment factory: strict, autoescaped, sandboxed, every filter registered.

    Sandboxed because a workspace's templates travel: a bundle carries them and ``renstra
    ekstrak`` restores them, so a template must never reach Python's internals (``{{
    cycler.__init__.__globals__ }}`` is refused). The sandbox costs about 0.3 s on a
    160-page Renstra; the output is the same."""
    folders = [str(p) for p in (workspace_templates,) if p is not None and p.is_dir()]
    folders.append(str(assets.templates_dir()))
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(
        ordinal=teks.ordinal,
        terbilang=teks.terbilang,
        tanggal=teks.date_long,
        romawi=teks.roman,
        angka=teks.number,
        rupiah=teks.rupiah,
        gabung=teks.join_words,
        daftar_sebaris=teks.inline_list,
        prosa=_prosa,
        persen=hitung.persen,
        rp=hitung.rp_or_dash,
        angka_atau_strip=hitung.number_or_dash,
    )
    env.filters["suku"] = suku.sisipkan_tanda_pisah
    env.globals.update(hitung=hitung)
    return env


class _HeadingParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[Heading] = []
        self._chapter = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in {"h1", "h2", "h3"} and "data-judul" in attributes and attributes.get("id"):
            front = "depan" in (attributes.get("class") or "").split()
            if tag == "h1":
                self._chapter = "" if front else attributes.get("data-romawi") or ""
            self.headings.append(
                Heading(
                    level=int(tag[1]),
                    anchor=attributes["id"] or "",
                    number=attributes.get("data-nomor") or "",
                    title=attributes["data-judul"] or "",
                    front=front,
                    chapter=self._chapter,
                )
            )


def _prosa(text: str, resolve: prosa.Resolver | None = None) -> Markup:
    return prosa.render_prosa(text, resolve)


def make_resolver(
    numbers: dict[tuple[str, str], Nomor],
    *,
    draf: bool = False,
    halaman: Callable[[str], str] | None = None,
) -> prosa.Resolver:
    """``[[tabel:kunci]]`` → "Tabel 5.1, hlm. 34": the number now; the page by the engine or,
    when ``halaman`` knows it (chapters rendered one by one), as text.

    In a draft, a standard table that has no rows yet is cited by a visible placeholder.
    """
    known = halaman or _unknown_page

    def resolve(kind: str, key: str) -> Markup | None:
        item = numbers.get((kind, key))
        if item is None:
            if draf and kind == "tabel":
                return Markup('<span class="draf-kosong">[Tabel {} belum diisi]</span>').format(key)
            return None
        page = known(item.anchor)
        return Markup(
            '<a class="rujukan" href="#{a}">{label}</a>, hlm. '
            '<a class="rujukan-hal{tetap}" href="#{a}" data-bab="{bab}">{page}</a>'
        ).format(
            a=item.anchor,
            label=item.label,
            bab=teks.roman(item.bab),
            tetap=" tetap" if page else "",
            page=page,
        )

    return resolve


def _unknown_page(anchor: str) -> str:
    return ""


#: A comment, or the start tag of a heading (quoted attribute values may hold ">").
_HEADING_TAG = re.compile(r"<!--.*?-->|<h[1-3](?=[\s>/])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)


def collect_headings(html: str) -> list[Heading]:
    """The headings of the document, in order: only their start tags are parsed (the body
    of a large Renstra is a megabyte of table cells)."""
    parser = _HeadingParser()
    for found in _HEADING_TAG.finditer(html):
        if not found.group(0).startswith("<!--"):
            parser.feed(found.group(0))
    parser.close()
    return parser.headings


def _base_context(
    loaded: LoadedRenstra, context: dict[str, Any], halaman: Callable[[str], str] | None
) -> dict[str, Any]:
    numbers = number_items(loaded.kerangka, loaded.model)
    return {
        "renstra": loaded.model,
        "kerangka": loaded.kerangka,
        "nomor": numbers,
        "daftar_tabel": [n for n in numbers.values() if n.jenis == "tabel"],
        "daftar_gambar": [n for n in numbers.values() if n.jenis == "gambar"],
        "rujuk": make_resolver(numbers, draf=bool(context.get("draf")), halaman=halaman),
        "halaman": halaman or _unknown_page,
        "tahun": loaded.model.periode.target,
        "tahun_evaluasi": loaded.model.periode.evaluasi,
        "jangkar_luar": [],
        "awal_isi": True,
        **context,
    }


def render_html(
    loaded: LoadedRenstra, env: jinja2.Environment, context: dict[str, Any]
) -> tuple[str, list[Heading]]:
    """The complete HTML document and its headings, for one pass of the engine.

    The body is rendered first; the front matter (with the table of contents) is then built
    from the body's headings, so the contents can never list a heading that does not exist.
    """
    base = _base_context(loaded, context, None)
    body = render_template(env, "isi.html", base)
    front = render_template(env, "depan.html", {**base, "daftar_isi": []})
    headings = collect_headings(front) + collect_headings(body)
    front = render_template(env, "depan.html", {**base, "daftar_isi": headings})
    html = render_template(
        env, "dokumen.html", {**base, "depan": Markup(front), "isi": Markup(body)}
    )
    return html, headings


@dataclass(frozen=True)
class UnitHtml:
    """One separately rendered part of the Renstra: a complete HTML document."""

    name: str  # "depan", "bab-1", …, "lampiran"
    chapter: str  # roman numeral ("L" for the lampiran; "" for the front matter)
    html: str
    #: Anchors it links to that live in another unit (stand-ins in this one).
    external: tuple[str, ...]
    #: Anchors it links to, whose printed page numbers are part of its text.
    cited: tuple[str, ...]

    def with_pages(self, halaman: Callable[[str], str]) -> UnitHtml:
        """The unit with the page numbers its text cites printed from ``halaman``; a
        citation whose page ``halaman`` does not know is left to the engine. The result is
        exactly what the templates give when their resolver knows those pages."""

        def cite(found: re.Match[str]) -> str:
            page = halaman(unescape(found.group(1)))
            if not page:
                return found.group(0)
            return str(
                Markup(
                    '<a class="rujukan-hal tetap" href="#{a}" data-bab="{bab}">{page}</a>'
                ).format(a=Markup(found.group(1)), bab=Markup(found.group(2)), page=page)
            )

        return replace(self, html=_OPEN_CITATION.sub(cite, self.html))


#: A page number cited in prose that is not printed yet (see ``make_resolver``).
_OPEN_CITATION = re.compile(r'<a class="rujukan-hal" href="#([^"]+)" data-bab="([^"]*)"></a>')

_HREF = re.compile(r'href="#([^"]+)"')
_ID = re.compile(r'\bid="([^"]+)"')


#: Where a chapter (or the lampiran) starts in the body: the units are cut there.
_UNIT_START = re.compile(r'<section class="(?:bab|lampiran-dokumen)"[^>]*\bid="([^"]+)"')
_CHAPTER = re.compile(r'data-romawi="([^"]*)"')


def body_units(
    loaded: LoadedRenstra, env: jinja2.Environment, context: dict[str, Any]
) -> tuple[list[UnitHtml], list[Heading]]:
    """The body (``isi.html``, so a workspace's own templates apply) cut into its chapters
    and lampiran, each a document of its own whose cited page numbers are still open (see
    ``UnitHtml.with_pages``); and the body's headings. Whatever precedes the first chapter
    goes with it, whatever follows a chapter stays with it."""
    base = _base_context(loaded, context, None)
    body = render_template(env, "isi.html", base)
    starts = [m.start() for m in _UNIT_START.finditer(body)] or [0]
    starts[0] = 0
    pieces = [body[a:b] for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]
    units: list[UnitHtml] = []
    for piece in pieces:
        found = _UNIT_START.search(piece)
        ident = found.group(1) if found else "isi"
        name = ident.removesuffix("-isi").replace("_", "-")
        chapter = _CHAPTER.search(piece)
        numeral = chapter.group(1) if chapter else ""
        # Landscape blocks break the pages anyway: cut there too, so a long table is a unit
        # of its own (rendered once, kept when the text around it changes).
        for part, text in enumerate(potong.cut_at_landscape(piece), start=1):
            parts = {"isi": Markup(text), "awal_isi": not units}
            label = name if part == 1 else f"{name}.{part}"
            units.append(_unit(env, base, label, numeral, parts))
    return units, collect_headings(body)


def front_unit(
    loaded: LoadedRenstra,
    env: jinja2.Environment,
    context: dict[str, Any],
    halaman: Callable[[str], str],
    body_headings: list[Heading],
) -> tuple[UnitHtml, list[Heading]]:
    """The cover, Perwal page, KATA PENGANTAR and the lists, with the body's page numbers
    as text; and all headings (front first)."""
    base = _base_context(loaded, context, halaman)
    front = render_template(env, "depan.html", {**base, "daftar_isi": []})
    headings = collect_headings(front) + body_headings
    front = render_template(env, "depan.html", {**base, "daftar_isi": headings})
    return _unit(env, base, "depan", "", {"depan": Markup(front)}), headings


def _unit(
    env: jinja2.Environment, base: dict[str, Any], name: str, chapter: str, parts: dict[str, Any]
) -> UnitHtml:
    inner = str(parts["isi"] if "isi" in parts else parts["depan"])
    own = set(_ID.findall(inner))
    external = tuple(sorted({a for a in _HREF.findall(inner) if a not in own}))
    # Every body page number a unit prints in its text is global, known only from the other
    # units (even for its own tables: its first page moves with the chapters before it).
    cited = tuple(sorted(set(_CITED_PAGE.findall(inner)) | set(_TOC_PAGE.findall(inner))))
    html = render_template(
        env,
        "dokumen.html",
        {**base, "depan": "", "isi": "", **parts, "jangkar_luar": external},
    )
    return UnitHtml(name, chapter, html, external, cited)


#: Links that print the page number of their target (cited in prose; the contents' lists).
_CITED_PAGE = re.compile(r'<a class="rujukan-hal(?: tetap)?" href="#([^"]+)"')
_TOC_PAGE = re.compile(r'<td class="hal"><a href="#([^"]+)"')


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as err:
        raise BuildError(
            f"{err.filename or err.name}:{err.lineno}: templat tidak valid: {err.message}"
        ) from err
    except jinja2.UndefinedError as err:
        raise BuildError(f"templat {name}: variabel tidak dikenal ({err.message})") from err
    except SecurityError as err:
        raise BuildError(
            f"templat {name}: operasi tidak aman ditolak (templat tidak boleh menjangkau"
            " bagian dalam Python)"
        ) from err
    except jinja2.TemplateNotFound as err:
        raise BuildError(f"templat '{err.name}' tidak ditemukan") from err
