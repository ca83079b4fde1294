"""Benchmark case (a): the whole document laid out by WeasyPrint in one pass.

``python bench/baseline.py WORKSPACE DATA OUT.pdf`` loads and validates the unit, renders the
complete single-document HTML and lays it out and writes it in one WeasyPrint pass, as the
build did before chapter-level rendering (no page labels or metadata: those are cheap pypdf
steps). It prints the time of each stage on stderr.

Only these library functions are used, so that the build's rewrite does not touch this file:
``validate.load_renstra``, ``templating.make_environment``, ``templating.render_html``,
``build.resolve_stylesheets``, ``build.render_settings``, ``render.render_document`` and
``render.write_pdf``. Whoever changes one of their signatures adapts this file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from renstra_docs import __version__, build, render, templating
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace


def render_baseline(workspace_dir: Path, unit_file: Path, out: Path) -> dict[str, float]:
    """Build ``out`` from ``unit_file``; the seconds each stage took."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal started
        now = time.perf_counter()
        seconds[stage] = now - started
        started = now

    workspace = Workspace(workspace_dir.resolve())
    loaded = load_renstra(workspace, unit_file.resolve())
    lap("load")
    model = loaded.model
    env = templating.make_environment(workspace.templates_dir)
    context = {"versi": __version__, "penomoran": model.pengaturan.penomoran, "draf": False}
    html, _headings = templating.render_html(loaded, env, context)
    lap("html")
    settings = build.render_settings(
        loaded, model.pengaturan.kertas, build.resolve_stylesheets(workspace)
    )
    document = render.render_document(html, settings)
    lap("layout")
    pdf = render.write_pdf(document)
    lap("pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    lap("write")
    print(
        f"{out}: {len(document.pages)} pages; "
        + ", ".join(f"{stage} {s:.1f} s" for stage, s in seconds.items()),
        file=sys.stderr,
    )
    return seconds


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print("usage: python bench/baseline.py WORKSPACE DATA OUT.pdf", file=sys.stderr)
        return 2
    render_baseline(Path(args[0]), Path(args[1]), Path(args[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
