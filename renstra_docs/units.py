"""Chapter-level rendering: the Renstra laid out unit by unit, in parallel, through the cache.

Units are the front matter, each chapter and the lampiran, each a complete HTML document
rendered alone by WeasyPrint. Chapters print no page numbers: a small overlay per chapter
(rendered from the page labels) carries them, so a chapter whose length changes moves the
numbers of the chapters after it without re-rendering them. A page number cited in the text
("Tabel 5.1, hlm. 34") is part of its chapter's HTML: labels are taken from the last build
(or the previous PDF), and a chapter is rendered again whenever a number it cites turns out
different (a fixed point, normally reached at once). So with continuous numbering a chapter
that cites pages after a grown chapter — its own tables included — is rendered again: its
text changes. With per-chapter numbering ("V-3") only citations into the grown chapter do.
The front matter, with the table of contents, is rendered last, from the real labels.

Rendering happens in worker processes forked for one unit each (``maxtasksperchild=1``):
the engine never returns memory to the system, so a worker's peak is one unit's, and a long
``renstra pantau`` session never grows.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import signal
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from typing import Any

from . import render, stack
from .cache import RenderCache, make_key
from .errors import BuildError, RenstraError
from .interrupts import deferred_interrupts
from .templating import UnitHtml

#: Chapters rendered alone print no page number (the overlay does).
NUMBERS_OFF = """
@page { @bottom-center { content: none; } }
@page isi { @bottom-center { content: none; } }
@page bab { @bottom-center { content: none; } }
@page lanskap { @bottom-center { content: none; } }
@page lanskap-bab { @bottom-center { content: none; } }
"""

#: The overlay: the same page types and margins, nothing but the number at the foot.
NUMBERS_ONLY = """
@page { @top-left { content: none; border: none; } @bottom-center { content: string(nomor-hal); } }
@page isi { @top-left { content: none; border: none; } @bottom-center { content: string(nomor-hal); } }
@page lanskap { @top-left { content: none; border: none; } @bottom-center { content: string(nomor-hal); } }
body { string-set: none; }
div.nomor-hal { page: isi; break-before: page; string-set: nomor-hal attr(data-label); }
div.nomor-hal:first-child { break-before: auto; }
div.nomor-hal.lanskap { page: lanskap; }
"""  # noqa: E501

PX = render.PT_PER_PX

#: How often chapters are rendered again for the page numbers they cite before giving up.
MAX_ROUNDS = 4


@dataclass(frozen=True)
class RenderedUnit:
    name: str
    pdf: bytes
    #: Page sizes in points, in page order.
    pages: list[tuple[float, float]]
    #: Anchor id → page index within the unit (stand-ins excluded).
    anchors: dict[str, int]
    warnings: list[str]
    files: list[str]


def _render(html: str, settings: render.RenderSettings) -> tuple[bytes, dict[str, Any]]:
    """In a worker: lay out one unit; its PDF and what the assembly needs to know of it."""
    with render.collect_engine_warnings() as warnings:
        document = render.render_document(html, settings)
        pdf = render.write_pdf(document)
    meta = {
        "pages": [
            [p.width * render.PT_PER_PX, p.height * render.PT_PER_PX] for p in document.pages
        ],
        "anchors": _first_pages(document),
        "warnings": list(warnings),
        "files": sorted(str(p) for p in settings.fetched),
    }
    return pdf, meta


def _first_pages(document: Any) -> dict[str, int]:
    """Anchor id → the first page it is on (a box split over pages repeats its id)."""
    found: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            found.setdefault(anchor, index)
    return found


@dataclass(frozen=True)
class Job:
    name: str
    kind: str
    html: str
    settings: render.RenderSettings
    external: tuple[str, ...] = ()


class Renderer:
    """Renders jobs through the cache; what is missing is rendered in worker processes,
    forked (one per unit) from this process once it has the engine, fonts and stylesheets
    loaded. ``workers`` 0 renders in this process."""

    def __init__(self, cache: RenderCache, workers: int) -> None:
        self.cache = cache
        self.workers = workers
        self._warm: set[tuple[str, str]] = set()
        #: Names of the units the engine laid out (cache misses), in order.
        self.rendered: list[str] = []

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        """Nothing outlives a call to :meth:`run`; kept for callers that hold a renderer."""

    def reset(self) -> None:
        """Forget what the last build rendered and looked up (a watch session's builds)."""
        self.rendered.clear()
        self.cache.hits.clear()
        self.cache.misses.clear()

    def run(self, jobs: list[Job]) -> list[RenderedUnit]:
        results: dict[str, RenderedUnit] = {}
        pending: list[tuple[Job, str]] = []
        for job in jobs:
            key = make_key(
                job.kind,
                job.html,
                job.settings.stylesheets,
                {"kertas": job.settings.kertas, "extra": job.settings.extra_css},
            )
            entry = self.cache.get(key, job.name)
            if entry is not None:
                results[job.name] = _unit(job, entry.pdf, entry.meta)
            else:
                pending.append((job, key))
        # Largest first: the longest chapter sets the pace.
        pending.sort(key=lambda item: -len(item[0].html))
        for (job, key), (pdf, meta) in zip(pending, self._render_all(pending), strict=True):
            self.rendered.append(job.name)
            self.cache.put(key, pdf, meta, [Path(f) for f in meta["files"]])
            results[job.name] = _unit(job, pdf, meta)
        return [results[job.name] for job in jobs]

    def _render_all(self, pending: list[tuple[Job, str]]) -> list[tuple[bytes, dict[str, Any]]]:
        if self.workers <= 0:
            return [_render(job.html, job.settings) for job, _ in pending]
        for job, _ in pending:
            self._warm_up(job.settings)
        return run_forked([(job.html, job.settings) for job, _ in pending], self.workers)

    def _warm_up(self, settings: render.RenderSettings) -> None:
        """Parse the stylesheets and load the fonts here, once, before workers are forked."""
        mark = (settings.kertas, settings.extra_css)
        if mark not in self._warm:
            self._warm.add(mark)
            _render(WARM_UP_HTML, replace(settings, fetched=set()))


def run_forked(
    tasks: list[tuple[str, render.RenderSettings]], workers: int
) -> list[tuple[bytes, dict[str, Any]]]:
    """Render each task in a process of its own, ``workers`` at a time. A worker that dies
    (killed, out of memory) is a build error, never a hang; on any error or interrupt the
    others are stopped."""
    context = multiprocessing.get_context("fork")
    results: list[tuple[bytes, dict[str, Any]] | None] = [None] * len(tasks)
    queue = list(enumerate(tasks))
    running: dict[Any, tuple[int, Any]] = {}
    try:
        while queue or running:
            while queue and len(running) < workers:
                index, (html, settings) = queue.pop(0)
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(send, html, settings), daemon=True)
                with deferred_interrupts():  # started and recorded (to be stopped), or neither
                    process.start()
                    running[receive] = (index, process)
                send.close()
            for connection in multiprocessing.connection.wait(list(running)):
                index, process = running.pop(connection)
                results[index] = _receive(connection, process)
    finally:
        for connection, (_, process) in running.items():
            process.terminate()
            process.join()
            connection.close()
    return [r for r in results if r is not None]


def _child(send: Any, html: str, settings: render.RenderSettings) -> None:
    """In a forked worker: render and send back the result or the error's message."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    try:
        send.send(("ok", _render(html, settings)))
    except RenstraError as err:
        send.send(("galat", str(err)))
    except Exception as err:  # the engine raises many kinds: the parent reports one line
        send.send(("galat", f"mesin PDF gagal: {type(err).__name__}: {err}"))
    finally:
        send.close()


def _receive(connection: Any, process: Any) -> tuple[bytes, dict[str, Any]]:
    try:
        status, payload = connection.recv()
    except EOFError:
        process.join()
        raise BuildError(
            f"proses perender berhenti mendadak (kode {process.exitcode}; kehabisan memori?)"
        ) from None
    finally:
        connection.close()
    process.join()
    if status != "ok":
        raise BuildError(str(payload))
    result: tuple[bytes, dict[str, Any]] = payload
    return result


#: A page using the body, table and heading fonts, so forked workers find them loaded.
WARM_UP_HTML = (
    '<!DOCTYPE html><html lang="id"><body><h1 class="bab">I</h1><p>Aa 1</p>'
    "<table><tr><th>A</th><td><b>1</b> <i>x</i></td></tr></table></body></html>"
)


def _unit(job: Job, pdf: bytes, meta: dict[str, Any]) -> RenderedUnit:
    stand_ins = set(job.external)
    return RenderedUnit(
        job.name,
        pdf,
        [(float(w), float(h)) for w, h in meta["pages"]],
        {a: int(i) for a, i in meta["anchors"].items() if a not in stand_ins},
        list(meta["warnings"]),
        list(meta["files"]),
    )


@dataclass(frozen=True)
class BodyLayout:
    """Page labels of the body, from the chapters' page counts."""

    units: list[RenderedUnit]
    labels: list[list[str]]  # per unit, per page

    @classmethod
    def of(
        cls, units: list[UnitHtml], rendered: list[RenderedUnit], per_chapter: bool
    ) -> BodyLayout:
        labels, next_page = [], 1
        in_chapter: dict[str, int] = {}  # pages so far of each chapter (cut into pieces)
        for unit, result in zip(units, rendered, strict=True):
            count = len(result.pages)
            if per_chapter:
                first = in_chapter.get(unit.chapter, 0) + 1
                labels.append([f"{unit.chapter}-{first + i}" for i in range(count)])
                in_chapter[unit.chapter] = first + count - 1
            else:
                labels.append([str(next_page + i) for i in range(count)])
            next_page += count
        return cls(rendered, labels)

    def anchor_labels(self) -> dict[str, str]:
        return {
            anchor: self.labels[u][page]
            for u, unit in enumerate(self.units)
            for anchor, page in unit.anchors.items()
        }


def _lookup(labels: dict[str, str]) -> Callable[[str], str]:
    return lambda anchor: labels.get(anchor, "")


def overlay_html(labels: list[str], pages: list[tuple[float, float]]) -> str:
    """One page per body page: nothing but its number, on a page of the same orientation."""
    divs = "".join(
        f'<div class="nomor-hal{" lanskap" if w > h else ""}" data-label="{escape(label)}"></div>'
        for label, (w, h) in zip(labels, pages, strict=True)
    )
    head = '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"></head>'
    return f"{head}<body>{divs}</body></html>"


@dataclass(frozen=True)
class LaidOut:
    front: RenderedUnit
    units_html: list[UnitHtml]
    body: list[RenderedUnit]
    overlays: list[RenderedUnit]
    layout: BodyLayout
    headings: list[Any]
    warnings: list[str]


def lay_out_units(
    body: tuple[list[UnitHtml], list[Any]],
    make_front: Callable[[Callable[[str], str], list[Any]], tuple[UnitHtml, list[Any]]],
    settings: render.RenderSettings,
    renderer: Renderer,
    *,
    per_chapter: bool,
    hint: dict[str, str],
) -> LaidOut:
    """Render the body until the page numbers it cites are the ones it has, then the front
    matter and the number overlays."""
    body_settings = replace(settings, extra_css=NUMBERS_OFF)
    overlay_settings = replace(settings, extra_css=NUMBERS_ONLY)

    def final_jobs(rendered: list[RenderedUnit], layout: BodyLayout) -> tuple[list[Job], Any]:
        """The front matter (with the contents) and the number overlays of a layout."""
        front, headings = make_front(_lookup(layout.anchor_labels()), body[1])
        return [Job(front.name, "depan", front.html, settings, front.external)] + [
            Job(f"nomor-{u.name}", "nomor", overlay_html(labels, u.pages), overlay_settings)
            for u, labels in zip(rendered, layout.labels, strict=True)
        ], headings

    guess = dict(hint)
    ahead: list[Job] = []
    for _ in range(MAX_ROUNDS):
        units = [u.with_pages(_lookup(guess)) for u in body[0]]
        jobs = [Job(u.name, "bab", u.html, body_settings, u.external) for u in units]
        # The front matter and overlays of the last round's layout go with this round: a
        # second round rarely changes a page count, and then they are found in the cache.
        rendered = renderer.run(jobs + ahead)[: len(jobs)]
        layout = BodyLayout.of(units, rendered, per_chapter)
        actual = layout.anchor_labels()
        cited = {a for u in units for a in u.cited if a in actual}
        if all(guess.get(a, "") == actual[a] for a in cited):
            break
        guess = {**guess, **actual}
        ahead, _ = final_jobs(rendered, layout)
    else:
        raise BuildError("nomor halaman rujukan tidak mantap setelah beberapa putaran")
    last, headings = final_jobs(rendered, layout)
    front_result, *overlays = renderer.run(last)
    warnings = [w for unit in [front_result, *rendered] for w in unit.warnings]
    warnings += stack.mismatches()
    return LaidOut(front_result, units, rendered, overlays, layout, headings, warnings)
