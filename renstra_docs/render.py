"""WeasyPrint stage: HTML + paged-media CSS become a laid-out document and PDF bytes.

Font lookup is restricted to the shipped fonts through the project's own fontconfig file,
which must be in place before Pango first asks fontconfig for anything: WeasyPrint is
therefore imported lazily, here, after the environment is set.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from . import assets, fonts
from .errors import BuildError

if TYPE_CHECKING:
    import weasyprint

logger = logging.getLogger(__name__)

#: Paper sizes in millimetres (width, height), portrait.
PAPER_MM = {"a4": (210, 297), "f4": (215, 330)}


def engine() -> Any:
    os.environ["FONTCONFIG_FILE"] = str(assets.fonts_dir() / "fonts.conf")
    import weasyprint

    return weasyprint


@dataclass(frozen=True)
class RenderSettings:
    kertas: str
    base_dir: Path
    allowed_roots: tuple[Path, ...]
    stylesheets: tuple[Path, ...]
    #: Every file the engine read while laying out (images, stylesheets, fonts), filled in
    #: by the fetcher: the bundle embeds the workspace's ones as the document's sources.
    fetched: set[Path] = field(default_factory=set)
    #: CSS added after every stylesheet (chapters rendered alone print no page numbers).
    extra_css: str = ""


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collect_engine_warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs as warnings (bad CSS, missing images) during a build."""
    collector = _WarningCollector()
    engine_logger = logging.getLogger("weasyprint")
    engine_logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        engine_logger.removeHandler(collector)


def generated_css(kertas: str) -> str:
    """Paper size and the word-processor 1.5 line spacing derived from the body font."""
    width, height = PAPER_MM[kertas]
    spacing = fonts.word_line_height() * 3 / 2
    return (
        f"@page {{ size: {width}mm {height}mm; }}\n"
        f"@page lanskap {{ size: {height}mm {width}mm; }}\n"
        f"@page lanskap-bab {{ size: {height}mm {width}mm; }}\n"
        f"html {{ line-height: {spacing}; }}\n"
    )


def make_url_fetcher(allowed_roots: tuple[Path, ...], fetched: set[Path] | None = None) -> Any:
    """A fetcher that serves local files under the allowed roots only: no network, no escape.
    Each file served is added to ``fetched``."""
    engine()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = tuple(r.resolve() for r in allowed_roots)

    class WorkspaceFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme != "file":
                raise ValueError(f"sumber '{url}' ditolak: hanya berkas di dalam ruang kerja")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in roots) or not path.is_file():
                raise ValueError(f"berkas '{path}' ditolak: di luar ruang kerja atau tidak ada")
            if fetched is not None:
                fetched.add(path)
            return URLFetcherResponse(path.as_uri(), path.read_bytes())

    return WorkspaceFetcher(allowed_protocols=("file",), allow_redirects=False)


@cache
def font_config() -> Any:
    """One font configuration for every document of the process: fontconfig reads its
    configuration and scans the fonts once, not once per chapter."""
    return engine().text.fonts.FontConfiguration()


#: Parsed stylesheets of the package's own defaults and generated CSS, by content: parsed
#: once per process (and before forking, so every worker has them).
_PARSED: dict[tuple[str, str], tuple[str, Any]] = {}


def _css_string(css: str) -> Any:
    key = ("string", css)
    if key not in _PARSED:
        _PARSED[key] = (css, engine().CSS(string=css, font_config=font_config()))
    return _PARSED[key][1]


def _css_file(sheet: Path, fetcher: Any) -> Any:
    """A stylesheet; the shipped ones are parsed once (their text is the key), a workspace's
    own every time (its url() references go through this build's fetcher)."""
    weasyprint = engine()
    base = str(sheet.parent) + "/"
    if not sheet.resolve().is_relative_to(assets.styles_dir().resolve()):
        return weasyprint.CSS(
            filename=str(sheet), url_fetcher=fetcher, base_url=base, font_config=font_config()
        )
    text = sheet.read_text(encoding="utf-8")
    known = _PARSED.get(("file", str(sheet)))
    if known is None or known[0] != text:  # one entry per file: edits replace it
        css = weasyprint.CSS(
            string=text, url_fetcher=fetcher, base_url=base, font_config=font_config()
        )
        _PARSED[("file", str(sheet))] = known = (text, css)
    return known[1]


def render_document(html: str, settings: RenderSettings) -> weasyprint.document.Document:
    """Lay out the HTML into pages."""
    weasyprint = engine()
    fetcher = make_url_fetcher(settings.allowed_roots, settings.fetched)
    stylesheets = [_css_string(generated_css(settings.kertas))]
    for sheet in settings.stylesheets:
        settings.fetched.add(sheet.resolve())
        stylesheets.append(_css_file(sheet, fetcher))
    if settings.extra_css:
        stylesheets.append(_css_string(settings.extra_css))
    document = weasyprint.HTML(
        string=html, base_url=str(settings.base_dir) + "/", url_fetcher=fetcher
    )
    try:
        return document.render(
            stylesheets=stylesheets, presentational_hints=False, font_config=font_config()
        )
    except BuildError:
        raise
    except Exception as err:  # WeasyPrint raises many kinds; users get one line.
        raise BuildError(f"mesin PDF gagal menata halaman: {err}") from err


def write_pdf(document: weasyprint.document.Document) -> bytes:
    try:
        data: bytes = document.write_pdf(uncompressed_pdf=False, pdf_identifier=True)
    except Exception as err:
        raise BuildError(f"mesin PDF gagal menulis PDF: {err}") from err
    return data


#: CSS pixels per PDF point: WeasyPrint lays out in CSS px (96 per inch), PDF counts 72.
PT_PER_PX = 0.75


def element_rect(
    document: weasyprint.document.Document, element_id: str
) -> tuple[int, tuple[float, float, float, float]] | None:
    """The page index and PDF rectangle (x1, y1, x2, y2 in points, origin bottom-left) of the
    border box of the element with this id, or ``None`` when no page holds it."""
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or element.get("id") != element_id:
                continue
            x, y = box.border_box_x(), box.border_box_y()
            width, height = box.border_width(), box.border_height()
            top = page.height - y
            return index, (
                x * PT_PER_PX,
                (top - height) * PT_PER_PX,
                (x + width) * PT_PER_PX,
                top * PT_PER_PX,
            )
    return None
