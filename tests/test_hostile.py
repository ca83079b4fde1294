"""Hostile text: markup, CSS, addresses and paths in every kind of field end up as literal
text or as a refusal; never markup, never a read outside the workspace and the package's
styles, never a network request (issue 6).

A local HTTP server (the trap) records every connection it gets, and every hostile address
points at it. The control case gives plain WeasyPrint the very markup the data carries: it
does reach the trap and does read a file outside the workspace, so the checks can fail.
Then one copy of the sample workspace gets the payloads in every kind of field and is built
once per command (``cetak``, ``surat``, ``paket``); hostile image paths get a second copy,
which must be refused before anything is rendered.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from pypdf import PdfReader

from renstra_docs import assets, render
from renstra_docs.build import BuildOptions, render_renstra
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

from .conftest import SAMPLE_UNIT, copy_mini, copy_sample, invoke

pytestmark = pytest.mark.slow

HOST = "127.0.0.1"
UNIT_FILE = f"data/{SAMPLE_UNIT}.yaml"
NASKAH_FILE = "naskah/surat-dinas.yaml"
#: Drawn by the SVG outside the workspace: in a PDF only if that file was read.
SECRET = "RAHASIALUARRUANGKERJA"
#: Drawn by the hostile SVG inside the workspace: proves that image was really rendered.
INSIDE = "GAMBARDALAMRUANGKERJA"


# --------------------------------------------------------------------------------- the trap


class Trap:
    """A local HTTP server that records every connection and every request it gets."""

    def __init__(self) -> None:
        self._seen: list[str] = []
        self._lock = threading.Lock()
        trap = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                trap.record(f"{self.command} {self.path}")
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_HEAD = do_POST = _answer

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the test reads the record, not the log."""

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request: Any, client_address: Any) -> bool:
                # Every connection counts, even one that never sends a valid request (TLS).
                trap.record(f"connect from {client_address[0]}")
                return True

        self._server = Server((HOST, 0), Handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def record(self, what: str) -> None:
        with self._lock:
            self._seen.append(what)

    def take(self) -> list[str]:
        """What the trap saw since the last call."""
        with self._lock:
            seen, self._seen = self._seen, []
        return seen

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="module")
def trap() -> Iterator[Trap]:
    server = Trap()
    yield server
    server.close()


# ------------------------------------------------------------------------------ payloads


@dataclass(frozen=True)
class Payload:
    """Hostile text; ``@URL@`` becomes a trap address naming the field and the payload,
    ``@TAG@`` the field's tag (so each placed copy is unique), ``@PORT@`` the trap's port,
    ``@OUTSIDE@`` the path of a file outside the workspace."""

    name: str
    template: str


PAYLOADS = (
    Payload("img", '<img src="@URL@">'),
    Payload("link", '<link rel="stylesheet" href="@URL@">'),
    Payload("import", "<style>@import url(@URL@);</style>"),
    Payload("css-url", '<span style="background:url(@URL@)">@TAG@</span>'),
    Payload("font-face", "<style>@font-face{font-family:x;src:url(@URL@)}</style>"),
    Payload("script", '<script src="@URL@"></script><script>fetch("@URL@")</script>'),
    Payload("iframe", '<iframe src="@URL@"></iframe>'),
    Payload("object", '<object data="@URL@"></object>'),
    Payload("embed", '<embed src="@URL@">'),
    Payload("svg", '<svg xmlns="http://www.w3.org/2000/svg"><image href="@URL@"/></svg>'),
    Payload(
        "data-url",
        "<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'>"
        "<image href='@URL@'/></svg>\">",
    ),
    Payload("quote", '"><img src="@URL@"><b title="'),
    Payload("https", '<img src="https://127.0.0.1:@PORT@/@TAG@/https">'),
    Payload("file-url", '<img alt="@TAG@" src="file:///etc/passwd">'),
    Payload("outside", '<img alt="@TAG@" src="file://@OUTSIDE@">'),
    Payload("dotdot", '<img alt="@TAG@" src="../../../../../../etc/passwd">'),
    Payload("device", '<img alt="@TAG@" src="/dev/urandom">'),
    Payload("jinja", "{{ 7*7 }}{% if true %}@TAG@{% endif %}{{ config }}"),
    Payload("entity", "&lt;b&gt;@TAG@&amp;&#60;i&#62;&#x3C;/b&#x3E;"),
    Payload("bare", "@URL@ url(@URL@) @import '@URL@';"),
)

#: Payloads plain WeasyPrint must not get in the control case: it would read
#: /dev/urandom for ever (exactly the danger the fetcher guards against).
NOT_FOR_THE_CONTROL = {"device"}

#: Payloads whose markup plain WeasyPrint follows to the trap (checked in the control).
LIVE_IN_PLAIN_WEASYPRINT = {
    "img", "link", "import", "css-url", "font-face", "object", "embed", "svg", "data-url", "quote",
}  # fmt: skip


@dataclass(frozen=True)
class Field:
    """A place in the data that the payloads go into."""

    file: str  # "renstra.yaml", the unit file or the letter file
    path: tuple[str | int, ...]
    #: The outputs that print it: "cetak" (the Renstra), "surat" (the letter built from the
    #: letter file), "paket" (the unit's own letter + the Renstra).
    outputs: frozenset[str]
    prose: bool = False
    #: T-C.27 cells get soft hyphens (suku): a printed hyphen may appear at a line end.
    hyphens: bool = False

    @property
    def name(self) -> str:
        return ".".join(f"[{p + 1}]" if isinstance(p, int) else p for p in self.path).replace(
            ".[", "["
        )


R = frozenset({"cetak", "paket"})  # the Renstra (on its own and in the bundle)
L = frozenset({"surat", "paket"})  # the letterhead and signature block of both letters
RL = R | L
P = frozenset({"paket"})  # the unit's own letter (nota dinas), in the bundle
S = frozenset({"surat"})  # the letter file's letter (surat dinas)

UNIT, SHARED = UNIT_FILE, "renstra.yaml"
TVM = ("bab_3", "telaahan_visi_misi")
FIELDS = (
    # names and titles
    Field(SHARED, ("pemerintah_daerah", "nama"), RL),
    Field(SHARED, ("pemerintah_daerah", "wilayah"), R),
    Field(SHARED, ("rpjmd", "kepala_daerah"), R),
    Field(SHARED, ("rpjmd", "visi", "pernyataan"), R),
    Field(SHARED, ("rpjmd", "visi", "unsur", 0, "nama"), R),
    Field(SHARED, ("rpjmd", "visi", "unsur", 0, "makna"), R),
    Field(SHARED, ("rpjmd", "misi", 0, "judul"), R),
    Field(SHARED, ("rpjmd", "misi", 0, "makna", 0, "teks"), R),
    Field(SHARED, ("rpjmd", "misi", 0, "makna", 0, "daftar", 0), R),
    Field(UNIT, ("unit", "nama"), RL),
    Field(UNIT, ("unit", "kepala", "jabatan"), RL),
    Field(UNIT, ("unit", "kepala", "nama"), RL),
    Field(UNIT, ("unit", "kepala", "pangkat"), RL),
    Field(UNIT, ("unit", "kontak", "alamat"), L),
    Field(UNIT, ("unit", "kontak", "telepon"), L),
    Field(UNIT, ("unit", "kontak", "email"), L),
    Field(UNIT, ("unit", "kontak", "laman"), L),
    Field(UNIT, ("penetapan", "tempat"), R),
    Field(UNIT, ("perwal", "jenis"), R),
    Field(UNIT, ("perwal", "nomor"), R),
    Field(UNIT, ("perwal", "tanggal"), R),
    Field(UNIT, ("perwal", "tentang"), R),
    Field(UNIT, ("gambar", 0, "judul"), R),
    Field(UNIT, ("lampiran", 0, "judul"), R),
    # prose (docs/format-prosa.md)
    Field(UNIT, ("kata_pengantar",), R, prose=True),
    Field(UNIT, ("bab_1", "latar_belakang"), R, prose=True),
    Field(UNIT, ("bab_7", "pengantar"), R, prose=True),
    Field(UNIT, ("lampiran", 0, "teks"), R, prose=True),
    Field(UNIT, (*TVM, "pengantar_keterkaitan"), R),
    Field(UNIT, (*TVM, "pengantar_faktor"), R),
    # table cells: T-C.23, T-C.24, the BAB III matrices, T-C.25 … T-C.28
    Field(UNIT, ("indikator_kinerja", 0, "indikator"), R),
    Field(UNIT, ("indikator_kinerja", 0, "satuan"), R),
    Field(UNIT, ("indikator_kinerja", 0, "target_lainnya"), R),
    Field(UNIT, ("anggaran", 0, "uraian"), R),
    Field(UNIT, (*TVM, "faktor_penghambat", 0), R),
    Field(UNIT, (*TVM, "faktor_pendorong", 0), R),
    Field(UNIT, (*TVM, "matriks", 0, "program", 0), R),
    Field(UNIT, (*TVM, "matriks", 0, "permasalahan", 0), R),
    Field(UNIT, ("masalah", 0, "masalah_pokok"), R),
    Field(UNIT, ("masalah", 0, "masalah", 0), R),
    Field(UNIT, ("masalah", 0, "akar_masalah", 0), R),
    Field(UNIT, ("tujuan", 0, "uraian"), R),
    Field(UNIT, ("sasaran", 0, "uraian"), R),
    Field(UNIT, ("sasaran", 0, "indikator", 0, "uraian"), R),
    Field(UNIT, ("sasaran", 0, "indikator", 0, "satuan"), R),
    Field(UNIT, ("sasaran", 0, "indikator", 1, "target", 0), R),
    Field(UNIT, ("strategi", 0, "strategi", 0), R),
    Field(UNIT, ("strategi", 0, "kebijakan", 0), R),
    Field(UNIT, ("program", 0, "nama"), R, hyphens=True),
    Field(UNIT, ("program", 0, "penanggung_jawab"), R, hyphens=True),
    Field(UNIT, ("program", 0, "lokasi"), R, hyphens=True),
    Field(UNIT, ("program", 0, "indikator", 0, "uraian"), R, hyphens=True),
    Field(UNIT, ("program", 0, "kegiatan", 0, "nama"), R, hyphens=True),
    Field(UNIT, ("program", 0, "kegiatan", 0, "indikator", 0, "awal"), R, hyphens=True),
    Field(UNIT, ("indikator_rpjmd", 0, "indikator"), R),
    Field(UNIT, ("indikator_rpjmd", 0, "satuan"), R),
    Field(UNIT, ("indikator_rpjmd", 2, "awal"), R),
    # the covering letters: the unit's nota dinas (in the bundle) and a surat dinas file
    Field(UNIT, ("surat", "nomor"), P),
    Field(UNIT, ("surat", "sifat"), P),
    Field(UNIT, ("surat", "hal"), P),
    Field(UNIT, ("surat", "kepada", 0), P),
    Field(UNIT, ("surat", "tembusan", 0), P),
    Field(UNIT, ("surat", "isi"), P, prose=True),
    Field(NASKAH_FILE, ("surat", "nomor"), S),
    Field(NASKAH_FILE, ("surat", "sifat"), S),
    Field(NASKAH_FILE, ("surat", "hal"), S),
    Field(NASKAH_FILE, ("surat", "tempat"), S),
    Field(NASKAH_FILE, ("surat", "kepada", 0), S),
    Field(NASKAH_FILE, ("surat", "di"), S),
    Field(NASKAH_FILE, ("surat", "tembusan", 0), S),
    Field(NASKAH_FILE, ("surat", "isi"), S, prose=True),
)

#: Payloads per short field (prose fields get every payload): each payload still lands in
#: several fields of every kind, and the narrow table cells stay a few lines long.
PER_FIELD = 3


@dataclass(frozen=True)
class Placed:
    field: Field
    tag: str
    payload: Payload
    text: str


def place_payloads(trap: Trap, outside: Path) -> list[Placed]:
    """Every (field, payload) pair the data will hold, each copy unique."""
    placed = []
    for index, spot in enumerate(FIELDS):
        tag = f"f{index + 1:02d}"
        if spot.prose:
            chosen = list(PAYLOADS)
        else:
            chosen = [PAYLOADS[(index * PER_FIELD + j) % len(PAYLOADS)] for j in range(PER_FIELD)]
        for payload in chosen:
            url = f"http://{HOST}:{trap.port}/{tag}/{payload.name}"
            text = (
                payload.template.replace("@URL@", url)
                .replace("@TAG@", tag)
                .replace("@PORT@", str(trap.port))
                .replace("@OUTSIDE@", outside.as_posix())
            )
            placed.append(Placed(spot, tag, payload, text))
    return placed


def field_value(spot: Field, pieces: list[Placed]) -> str:
    """A short field holds its payloads on one line; a prose field holds each as a
    paragraph, a list item or bold text, so the prose markup is abused as well."""
    if not spot.prose:
        return " ".join(p.text for p in pieces)
    blocks = []
    for i, piece in enumerate(pieces):
        if i % 3 == 1:
            blocks.append(f"- {piece.text}")
        elif i % 3 == 2 and "*" not in piece.text:
            blocks.append(f"**{piece.text}**")
        else:
            blocks.append(piece.text)
    return "\n\n".join(blocks) + "\n"


def set_at(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {}) if isinstance(key, str) else data[key]
    data[path[-1]] = value


# ------------------------------------------------------------------------- the workspace


def svg(body: str, *, extra: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{extra}\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' width="300" height="120" viewBox="0 0 300 120">\n'
        f"{body}\n</svg>\n"
    )


def text_svg(words: str) -> str:
    return svg(f'<text x="10" y="40" font-size="14" font-family="DejaVu Sans">{words}</text>')


def make_outside(base: Path) -> Path:
    """A real image outside the workspace: drawn in any PDF whose build read it."""
    folder = base / "luar"
    folder.mkdir(parents=True, exist_ok=True)
    secret = folder / "rahasia.svg"
    secret.write_text(text_svg(SECRET), encoding="utf-8")
    return secret


def svg_references(port: int, outside: Path, *, device: bool = True) -> list[str]:
    """What the hostile SVG inside the workspace points at: the network, a file outside
    (directly, by ``..``, by a symlink), /dev/urandom, and a file of the package that is
    not one of its styles."""
    url = f"http://{HOST}:{port}/svg"
    return [
        f"{url}/image.png",
        f"{url}/image.svg",
        outside.as_uri(),
        "../../luar/rahasia.svg",
        "tautan-keluar.svg",
        *(["file:///dev/urandom"] if device else []),
        (assets.sample_root() / "renstra.yaml").resolve().as_uri(),
    ]


def refused_references(port: int, outside: Path, root: Path) -> set[str]:
    """The references of the hostile SVG as the engine asks for them (absolute)."""
    url = f"http://{HOST}:{port}/svg"
    return {
        f"{url}/image.png",
        f"{url}/image.svg",
        outside.as_uri(),
        (root / "gambar" / "tautan-keluar.svg").as_uri(),
        "file:///dev/urandom",
        (assets.sample_root() / "renstra.yaml").resolve().as_uri(),
    }


def hostile_svg(port: int, outside: Path, *, device: bool = True) -> str:
    """A valid image inside the workspace whose every reference leads out of it. (No
    ``@import`` in its style: WeasyPrint then drops the whole image.)"""
    url = f"http://{HOST}:{port}/svg"
    images = "\n".join(
        f'<image x="0" y="50" width="40" height="40" href="{ref}"/>'
        f'<image x="50" y="50" width="40" height="40" xlink:href="{ref}"/>'
        for ref in svg_references(port, outside, device=device)
    )
    body = (
        f"<style>text {{ fill: url({url}/fill.svg#g); }}</style>\n"
        f'<text x="10" y="30" font-size="14" font-family="DejaVu Sans">{INSIDE}</text>\n'
        f"{images}\n"
        f'<use href="{url}/use.svg#x"/>\n'
        f'<rect x="200" y="50" width="40" height="40" fill="url({url}/paint.svg#p)"/>'
    )
    return svg(body)


def write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000),
        encoding="utf-8",
    )


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def hostile_workspace(base: Path, trap: Trap, outside: Path, placed: list[Placed]) -> Path:
    """A copy of the sample with every payload in its field, a letter file of its own and
    a hostile (but valid) SVG image among its figures."""
    root = copy_sample(base / "ruang")
    (root / "gambar" / "tautan-keluar.svg").symlink_to(outside)
    (root / "gambar" / "jahat.svg").write_text(hostile_svg(trap.port, outside), encoding="utf-8")
    files = {
        SHARED: read_yaml(root / SHARED),
        UNIT: read_yaml(root / UNIT),
        NASKAH_FILE: {
            "surat": {
                "bentuk": "surat_dinas",
                "tanggal": read_yaml(root / UNIT)["surat"]["tanggal"],
                "kepada": ["x"],
                "tembusan": ["x"],
            }
        },
    }
    unit = files[UNIT]
    unit["perwal"] = {"tahun": 2013}
    unit["gambar"].append(
        {
            "kunci": "gambar-jahat",
            "berkas": "gambar/jahat.svg",
            "judul": "Gambar dengan rujukan ke luar ruang kerja",
            "bagian": unit["gambar"][0]["bagian"],
        }
    )
    for spot in FIELDS:
        pieces = [p for p in placed if p.field == spot]
        set_at(files[spot.file], spot.path, field_value(spot, pieces))
    for name, data in files.items():
        write_yaml(root / name, data)
    return root


# ---------------------------------------------------------------------------- the builds


@dataclass
class Builds:
    root: Path
    port: int
    outside: Path
    placed: list[Placed]
    pdfs: dict[str, Path]
    #: What the trap saw during the builds.
    seen: list[str]
    #: The running header of the Renstra's pages.
    header: str = ""
    #: (url, served) for every resource the engine asked for (cetak and surat).
    asked: list[tuple[str, bool]] = field(default_factory=list)
    #: Every file the fetcher served (cetak and surat).
    served: set[Path] = field(default_factory=set)


def recording_fetcher(log: Path) -> Callable[..., Any]:
    """The product's own fetcher factory, wrapped so that every fetcher it makes appends to
    ``log`` what it is asked for, whether it gave it and the file it gave. A file, because
    the chapters are rendered in forked worker processes."""
    real = render.make_url_fetcher

    def note(record: dict[str, Any]) -> None:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")

    def make(allowed_roots: tuple[Path, ...], fetched: set[Path] | None = None) -> Any:
        fetcher = real(allowed_roots, fetched)
        inner = fetcher.fetch

        def fetch(url: str, headers: Any = None) -> Any:
            try:
                response = inner(url, headers)
            except Exception:
                note({"url": url, "served": None})
                raise
            note({"url": url, "served": unquote(urlsplit(response.url).path)})
            return response

        fetcher.fetch = fetch
        return fetcher

    return make


def read_fetch_log(log: Path) -> tuple[list[tuple[str, bool]], set[Path]]:
    asked, served = [], set()
    for line in log.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        asked.append((record["url"], record["served"] is not None))
        if record["served"] is not None:
            served.add(Path(record["served"]))
    return asked, served


def plain_env() -> dict[str, str]:
    """The environment without proxies: a request must go straight to the trap."""
    return {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}


def run_cli(args: list[str], cwd: Path) -> tuple[int, str]:
    """The real command in this process (so its fetcher can be watched)."""
    result = invoke(args, cwd)
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def builds(trap: Trap, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The hostile workspace built once per command: ``cetak`` and ``surat`` in this process
    with the fetcher watched, ``paket --arsip`` as users run it."""
    base = tmp_path_factory.mktemp("bermusuhan")
    outside = make_outside(base)
    placed = place_payloads(trap, outside)
    root = hostile_workspace(base, trap, outside, placed)
    result = Builds(root, trap.port, outside, placed, {}, [])
    trap.take()
    with pytest.MonkeyPatch.context() as patch:
        for key in [k for k in os.environ if "proxy" in k.lower()]:
            patch.delenv(key)
        log = base / "diambil.jsonl"
        log.touch()
        patch.setattr(render, "make_url_fetcher", recording_fetcher(log))
        code, err = run_cli(["cetak", UNIT_FILE], root)
        assert code == 0, err
        code, err = run_cli(["surat", UNIT_FILE, "--naskah", NASKAH_FILE], root)
        assert code == 0, err
    result.asked, result.served = read_fetch_log(log)
    # The bundle as users run it: its own process, worker processes, archival copy.
    done = subprocess.run(
        [sys.executable, "-m", "renstra_docs", "paket", UNIT_FILE, "--arsip"],
        cwd=root,
        env=plain_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result.seen = trap.take()
    result.header = load_renstra(Workspace(root), root / UNIT_FILE).model.judul_singkat
    output = root / "output"
    result.pdfs = {
        "cetak": output / f"{SAMPLE_UNIT}.pdf",
        "surat": output / f"{SAMPLE_UNIT}-surat.pdf",
        "paket": output / f"{SAMPLE_UNIT}-paket-arsip.pdf",
    }
    return result


# ------------------------------------------------------------------------------- reading


@functools.cache
def pypdf_pages(pdf: Path) -> tuple[str, ...]:
    return tuple(page.extract_text() for page in PdfReader(pdf).pages)


def pypdf_text(pdf: Path) -> str:
    return "\n".join(pypdf_pages(pdf))


@functools.cache
def poppler_pages(pdf: Path) -> tuple[str, ...]:
    done = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    )
    return tuple(done.stdout.decode("utf-8").split("\f"))


def squeeze(text: str, *, hyphens: bool = False) -> str:
    """Text compared as printed: no whitespace (lines wrap anywhere), no soft hyphens,
    ligatures and letter case folded (headings and the cover print upper case). With
    ``hyphens``, hyphens go too (a syllable break prints one at a line end)."""
    text = unicodedata.normalize("NFKC", text.replace("\xad", ""))
    text = re.sub(r"\s+", "", text).casefold()
    return re.sub(r"[-‐]", "", text) if hyphens else text


#: At a page break, what may stand between the end of a text on one page and its rest on
#: the next, once the running header is taken out: list numbers, the page number.
PAGE_BREAK_SLACK = 24


def printed(text: str, pages: list[str]) -> bool:
    """``text`` is on a page, or runs from the foot of one page to the top of the next."""
    if any(text in page for page in pages):
        return True
    reach = len(text) + PAGE_BREAK_SLACK
    for before, after in itertools.pairwise(pages):
        foot, top = before[-reach:], after[:reach]
        for k in range(1, len(text)):
            start = foot.rfind(text[:k])
            at_foot = start >= 0 and len(foot) - start - k <= PAGE_BREAK_SLACK
            if at_foot and 0 <= top.find(text[k:]) <= PAGE_BREAK_SLACK:
                return True
    return False


def missing_from(pages: tuple[str, ...], pieces: list[Placed], header: str) -> list[str]:
    """The placed payloads not printed as typed; ``header`` is the running header, taken out
    of every page (it stands between a page's last line and the next page's first)."""
    plain = [squeeze(page).replace(squeeze(header), "") for page in pages]
    loose = [
        squeeze(page, hyphens=True).replace(squeeze(header, hyphens=True), "") for page in pages
    ]
    return [
        f"{p.field.file}: {p.field.name} ← {p.payload.name}"
        for p in pieces
        if not printed(squeeze(p.text), plain)
        and not (p.field.hyphens and printed(squeeze(p.text, hyphens=True), loose))
    ]


# --------------------------------------------------------------------------------- tests


def control_markup(builds: Builds) -> str:
    """The payloads as placed in the data, and the hostile SVG, all as raw HTML (without
    what would make plain WeasyPrint read /dev/urandom for ever). The attribute break-out
    stands in an attribute, as it would in a template that forgot to escape."""
    pieces = [
        f'<p><b title="{p.text}">x</b></p>' if p.payload.name == "quote" else f"<p>{p.text}</p>"
        for p in builds.placed
        if p.payload.name not in NOT_FOR_THE_CONTROL
    ]
    image = builds.root / "gambar" / "jahat-kontrol.svg"
    image.write_text(hostile_svg(builds.port, builds.outside, device=False), encoding="utf-8")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
        + "\n".join(pieces)
        + '<p><img src="gambar/jahat-kontrol.svg"></p></body></html>'
    )


def test_control_plain_weasyprint_reaches_the_trap_and_reads_outside(
    builds: Builds, trap: Trap, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same markup, given raw to plain WeasyPrint with its default fetcher, contacts
    the trap and draws the file outside the workspace: the payloads are live, and the
    checks of the product builds below can fail."""
    for key in [k for k in os.environ if "proxy" in k.lower()]:
        monkeypatch.delenv(key)
    weasyprint = render.engine()
    html = control_markup(builds)
    trap.take()
    pdf = weasyprint.HTML(string=html, base_url=f"{builds.root}/").write_pdf()
    seen = trap.take()
    reached = {tuple(line.split("/")[1:3]) for line in seen if line.startswith("GET /f")}
    live = {
        (p.tag, p.payload.name) for p in builds.placed if p.payload.name in LIVE_IN_PLAIN_WEASYPRINT
    }
    assert len(live) > 100
    assert reached >= live, sorted(live - reached)  # every live copy, in every field
    assert any(line.startswith("GET /svg/") for line in seen), seen  # the SVG's references
    control = builds.root.parent / "kontrol.pdf"
    control.write_bytes(pdf)
    assert SECRET in squeeze(pypdf_text(control)).upper()


def test_the_builds_sent_nothing_to_the_network(builds: Builds) -> None:
    assert builds.seen == []


def test_every_payload_is_printed_as_text(builds: Builds) -> None:
    """Each placed payload is in the text of each output that prints its field, read back
    by two independent readers."""
    for output, pdf in builds.pdfs.items():
        pieces = [p for p in builds.placed if output in p.field.outputs]
        assert len(pieces) > 10, output
        assert missing_from(pypdf_pages(pdf), pieces, builds.header) == [], output
        assert missing_from(poppler_pages(pdf), pieces, builds.header) == [], output


def placed_in(builds: Builds, path: tuple[str | int, ...], file: str = UNIT) -> list[Placed]:
    return [p for p in builds.placed if p.field.path == path and p.field.file == file]


def collapse(text: object) -> str:
    return " ".join(str(text).split())


def test_payloads_reach_metadata_and_outline_as_text(builds: Builds) -> None:
    """Titles go unchanged into /Info, into the XMP packet of the archival copy (escaped
    there, so that it still parses) and into the bookmarks."""
    renstra = PdfReader(builds.pdfs["cetak"])
    bundle = PdfReader(builds.pdfs["paket"])
    assert renstra.metadata is not None and bundle.metadata is not None
    for piece in placed_in(builds, ("unit", "nama")):
        assert piece.text in collapse(renstra.metadata.title), piece.payload.name
        assert piece.text in collapse(bundle.metadata.author), piece.payload.name
    xmp = bundle.xmp_metadata
    assert xmp is not None
    creators = collapse(" ".join(xmp.dc_creator or []))
    titles = collapse(" ".join((xmp.dc_title or {}).values()))
    for piece in placed_in(builds, ("unit", "nama")):
        assert piece.text in creators, piece.payload.name
    for piece in placed_in(builds, ("surat", "hal")):
        assert piece.text in collapse(bundle.metadata.title), piece.payload.name
        assert piece.text in titles, piece.payload.name

    outline: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline.append(collapse(item.title))

    walk(renstra.outline)
    for piece in placed_in(builds, ("lampiran", 0, "judul")):
        assert any(piece.text in title for title in outline), (piece.payload.name, outline)


def test_no_file_outside_the_workspace_or_the_styles_was_read(builds: Builds) -> None:
    """The hostile SVG was rendered (its own text is in the PDF); each of its references
    was asked for and refused; every file the fetcher gave lies in the workspace or the
    package's styles; and the file outside is in no output (it would be drawn if read)."""
    assert INSIDE in squeeze(pypdf_text(builds.pdfs["cetak"])).upper()
    for pdf in builds.pdfs.values():
        assert SECRET not in squeeze(pypdf_text(pdf)).upper(), pdf.name
    asked = {url for url, _ in builds.asked}
    given = {url for url, served in builds.asked if served}
    expected = refused_references(builds.port, builds.outside, builds.root)
    assert expected <= asked, sorted(expected - asked)
    assert not expected & given, sorted(expected & given)
    assert not any(url.startswith(("http:", "https:", "data:")) for url in given)
    allowed = (builds.root.resolve(), assets.styles_dir().resolve())
    assert builds.served, "the fetcher served nothing: the record is not working"
    assert sorted(p for p in builds.served if not any(p.is_relative_to(a) for a in allowed)) == []


# ------------------------------------------------------------------- refused image paths

URL = "gambar harus berupa berkas di dalam folder ruang kerja, bukan alamat (URL)"
OUTSIDE = "gambar harus berada di dalam folder ruang kerja"
KIND = "gambar harus berupa berkas .svg, .png, .jpg, atau .jpeg"
MISSING = "berkas gambar '{}' tidak ditemukan"
NOT_SVG = "berkas '{}' bukan gambar SVG yang sah"
NOT_RASTER = "berkas '{}' bukan gambar PNG atau JPEG yang sah"

#: Image paths (``@PORT@``: the trap's; ``@OUTSIDE@``: a real SVG outside the workspace)
#: and the one message each must get ("{}" is the path as written).
IMAGE_CASES = (
    ("http://127.0.0.1:@PORT@/gambar.png", URL),
    ("https://127.0.0.1:@PORT@/gambar.svg", URL),
    ("HTTP://127.0.0.1:@PORT@/BESAR.PNG", URL),
    ("file:///etc/passwd", URL),
    ("file://@OUTSIDE@", URL),
    ("data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=", URL),
    ("//127.0.0.1:@PORT@/gambar.png", OUTSIDE),
    ("/etc/passwd", OUTSIDE),
    ("/dev/urandom", OUTSIDE),
    ("@OUTSIDE@", OUTSIDE),
    ("../luar/rahasia.svg", OUTSIDE),
    ("gambar/../../../../../../../../etc/passwd", OUTSIDE),
    ("gambar/tautan-keluar.svg", OUTSIDE),  # symlink to the file outside
    ("gambar/tautan-perangkat.png", OUTSIDE),  # symlink to /dev/urandom
    ("renstra.yaml", KIND),
    ("gambar", KIND),
    ("gambar/lambang-contoh.svg?u=http://127.0.0.1:@PORT@/q", KIND),
    ("gambar/pipa.png", MISSING),  # a FIFO: never opened (it would block)
    ("%2e%2e/luar/rahasia.svg", MISSING),
    ("gambar/bukan-gambar.png", NOT_RASTER),  # HTML saved as .png
    ("gambar/palsu.svg", NOT_SVG),  # XHTML saved as .svg
    ("gambar/entitas.svg", NOT_SVG),  # external entity (XXE)
    ("gambar/bom-entitas.svg", NOT_SVG),  # entity expansion bomb
)

#: Hostile logos (shared data, printed on the cover and the letterhead), one build each: a
#: problem found before the model is typed stops before the document-level checks.
LOGOS = (
    ("http://127.0.0.1:@PORT@/lambang.svg", URL),
    ("gambar/tautan-perangkat.png", OUTSIDE),
    ("gambar/bukan-gambar.png", NOT_RASTER),
)
APPENDIX_IMAGE = ("gambar/tautan-perangkat.png", OUTSIDE)
#: Prose that tries to turn a reference into markup or a path: a data error, not text.
BAD_REFERENCES = {
    "kata_pengantar": "Lihat [[gambar:../../etc/passwd]] di sini.",
    "bab_7": 'Lihat [[tabel:tc27" onclick="alert(1)]] di sini.',
}

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<path>\S+): (?P<message>.+)$")


def fill(text: str, port: int, outside: Path) -> str:
    return text.replace("@PORT@", str(port)).replace("@OUTSIDE@", outside.as_posix())


def refusal_workspace(base: Path, port: int) -> Path:
    outside = make_outside(base)
    root = copy_sample(base / "ruang")
    pictures = root / "gambar"
    (pictures / "tautan-keluar.svg").symlink_to(outside)
    (pictures / "tautan-perangkat.png").symlink_to("/dev/urandom")
    os.mkfifo(pictures / "pipa.png")
    trap_url = f"http://{HOST}:{port}"
    (pictures / "bukan-gambar.png").write_text(
        f'<html><body><img src="{trap_url}/png"></body></html>', encoding="utf-8"
    )
    (pictures / "palsu.svg").write_text(
        '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        f'<img src="{trap_url}/svg"/></body></html>',
        encoding="utf-8",
    )
    (pictures / "entitas.svg").write_text(
        svg(
            "<text>&rahasia;</text>",
            extra=f'<!DOCTYPE svg [<!ENTITY rahasia SYSTEM "{outside.as_uri()}">]>',
        ),
        encoding="utf-8",
    )
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    (pictures / "bom-entitas.svg").write_text(
        svg("<text>&l9;</text>", extra=f'<!DOCTYPE svg [<!ENTITY l0 "lol">{lol}]>'),
        encoding="utf-8",
    )
    unit = read_yaml(root / UNIT)
    place = unit["gambar"][0]["bagian"]
    unit["gambar"] += [  # after the sample's own figure, which the prose cites
        {"kunci": f"g{i}", "berkas": fill(path, port, outside), "judul": "x", "bagian": place}
        for i, (path, _) in enumerate(IMAGE_CASES, start=2)
    ]
    unit["lampiran"][0]["gambar"] = APPENDIX_IMAGE[0]
    unit["kata_pengantar"] = BAD_REFERENCES["kata_pengantar"]
    unit["bab_7"]["pengantar"] = BAD_REFERENCES["bab_7"]
    write_yaml(root / UNIT, unit)
    return root


def expected_refusals(port: int, outside: Path) -> set[tuple[str, str, str]]:
    lines = {
        (UNIT, f"gambar[{i}].berkas", message.format(fill(path, port, outside)))
        for i, (path, message) in enumerate(IMAGE_CASES, start=2)
    }
    lines.add((UNIT, "lampiran[1].gambar", APPENDIX_IMAGE[1]))
    return lines


@pytest.fixture(scope="module")
def refused(trap: Trap, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("ditolak")
    root = refusal_workspace(base, trap.port)
    trap.take()
    runs = {
        command: run_cli([command, UNIT_FILE], root) for command in ("cetak", "surat", "periksa")
    }
    return {"root": root, "runs": runs, "seen": trap.take(), "outside": base / "luar/rahasia.svg"}


@pytest.mark.parametrize("command", ["cetak", "surat", "periksa"])
def test_hostile_image_paths_are_refused_one_line_each(
    refused: dict[str, Any], trap: Trap, command: str
) -> None:
    """Every hostile image path is a data error (exit 2) of exactly one Indonesian line
    naming its field; so is a malformed reference in prose; nothing is written and nothing
    reaches the network."""
    code, stderr = refused["runs"][command]
    assert code == 2, stderr
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if LINE.match(line)]
    found = []
    for line in lines:
        match = LINE.match(line)
        assert match is not None
        found.append((match["file"], match["path"], match["message"]))
    images = {f for f in found if not f[2].startswith("rujukan")}
    assert images == expected_refusals(trap.port, refused["outside"])
    assert len(images) == len(IMAGE_CASES) + 1  # one line per problem, none repeated
    references = sorted((f[1], f[2]) for f in found if f[2].startswith("rujukan"))
    assert [path for path, _ in references] == ["bab_7.pengantar", "kata_pengantar"]
    assert "'[[gambar:../../etc/passwd]]'" in references[1][1]
    assert "'[[tabel:tc27\" onclick=\"alert(1)]]'" in references[0][1]
    assert not (refused["root"] / "output").exists()
    assert refused["seen"] == []


@pytest.mark.parametrize(("logo", "message"), LOGOS)
def test_hostile_logo_is_refused(
    refused: dict[str, Any], trap: Trap, tmp_path: Path, logo: str, message: str
) -> None:
    """The logo of the shared data is checked like every image: the letter is refused
    with one line pointing into renstra.yaml."""
    root = copy_sample(tmp_path / "ruang")
    source: Path = refused["root"] / "gambar"
    for name in ("tautan-perangkat.png", "bukan-gambar.png"):
        shutil.copy2(source / name, root / "gambar" / name, follow_symlinks=False)
    shared = read_yaml(root / SHARED)
    written = fill(logo, trap.port, refused["outside"])
    shared["pemerintah_daerah"]["logo"] = written
    write_yaml(root / SHARED, shared)
    trap.take()
    code, stderr = run_cli(["surat", UNIT_FILE], root)
    assert code == 2, stderr
    match = LINE.match(stderr.splitlines()[0])
    assert match is not None, stderr
    assert (match["file"], match["path"], match["message"]) == (
        SHARED,
        "pemerintah_daerah.logo",
        message.format(written),
    )
    assert [line for line in stderr.splitlines() if LINE.match(line)] == [stderr.splitlines()[0]]
    assert not (root / "output").exists()
    assert trap.take() == []


def test_workspace_template_cannot_reach_python(tmp_path: Path) -> None:
    """Templates travel in bundles (``renstra ekstrak`` restores them): the environment is
    sandboxed, so a template reaching for Python's internals fails the build in one line,
    and nothing it tried to run ran."""
    root = copy_mini(tmp_path / "ws")
    (root / "templates").mkdir()
    marker = tmp_path / "dijalankan"
    (root / "templates" / "isi.html").write_text(
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}\n",
        encoding="utf-8",
    )
    pdf = root / "output" / f"{SAMPLE_UNIT}.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.7 lama")
    result = subprocess.run(
        [sys.executable, "-m", "renstra_docs", "cetak", f"data/{SAMPLE_UNIT}.yaml"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "templat isi.html: operasi tidak aman ditolak (templat tidak boleh menjangkau bagian"
        " dalam Python)"
    ], result.stderr
    assert not marker.exists()
    assert pdf.read_bytes() == b"%PDF-1.7 lama"


@pytest.mark.parametrize("name", ["lambang #1.svg", "lambang?v=2.svg", "lambang 100%.svg"])
def test_image_names_with_url_characters_are_read(name: str, tmp_path: Path) -> None:
    """An image file named with '#', '?' or '%' is still the file it names (the templates
    percent-encode it), not a silently missing image."""
    root = copy_mini(tmp_path / "ws")
    shutil.copy2(root / "gambar" / "lambang-contoh.svg", root / "gambar" / name)
    settings = root / "renstra.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "logo: gambar/lambang-contoh.svg" in text
    settings.write_text(
        text.replace("logo: gambar/lambang-contoh.svg", f"logo: 'gambar/{name}'"),
        encoding="utf-8",
    )
    loaded = load_renstra(Workspace(root), root / f"data/{SAMPLE_UNIT}.yaml")
    rendered = render_renstra(loaded, BuildOptions(paralel=0))
    assert (root / "gambar" / name).resolve() in rendered.files
