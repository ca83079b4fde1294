"""What changed between two versions of a Renstra (``renstra beda LAMA BARU``).

Each side is a unit data file, validated with its own workspace as ``renstra cetak`` does, or
a PDF made by the tool (``cetak`` or ``paket``), whose embedded merged data is used
(:mod:`renstra_docs.embedded`); the two may be mixed. The comparison works on the validated
models and lists, in document order:

1. settings: regulation, period and its years, adoption, revision, paper;
2. text by section, each labelled as the document heads it (``BAB II › 2.1 …``, from the
   regulation's outline, :mod:`renstra_docs.kerangka`), with a short word-level excerpt of
   each change;
3. the standard tables T-C.23 … T-C.28 cell by cell: rows are matched by identity (the code
   of a tujuan, sasaran, programme or activity; the indicator or description text otherwise,
   position as the fallback), so reordered rows are one line, not a change of every row;
   each changed cell is named by table, row and column as printed, values formatted as
   printed (:mod:`renstra_docs.hitung`); rows added and removed are named;
4. the computed figures that moved as a consequence (T-C.23/T-C.24 ratios and growth, the
   T-C.24 Jumlah row, T-C.27 totals), computed by the functions the templates use and
   compared as printed.

Identical data gives no change at all. A programme's hand-written ``pagu`` is not compared:
validation holds it equal to its activities, whose figures and totals are.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel
from pypdf.constants import PageLabelStyle

from . import __version__, assets, hitung, render, teks, templating
from .build import RenderedRenstra, lay_out, resolve_stylesheets, write_atomically
from .embedded import MERGED_DATA, read_attachments
from .errors import DataError, RenstraError, UsageError
from .kerangka import BagianKerangka, Kerangka, load_kerangka
from .model import Paragraf, Renstra, UnsurVisi
from .model_tabel import (
    Bagian,
    BarisAnggaran,
    FaktorMisi,
    Gambar,
    IndikatorKinerja,
    IndikatorTarget,
    Kegiatan,
    Lampiran,
    Masalah,
    Program,
    Strategi,
)
from .postprocess import LabelRange, finish_pdf
from .sources import parse_source
from .validate import load_renstra, validate_source
from .workspace import Workspace

#: Where the report lists a change.
Part = Literal["pengaturan", "teks", "tabel", "jumlah"]
#: What a change counts as in the summary.
Kind = Literal["pengaturan", "teks", "angka", "baris", "jumlah"]

PART_TITLES: dict[Part, str] = {
    "pengaturan": "Pengaturan",
    "teks": "Teks per bagian",
    "tabel": "Angka per tabel",
    "jumlah": "Jumlah bergeser",
}
#: What each part of the PDF holds, said once under its heading.
PART_NOTES: dict[Part, str] = {
    "pengaturan": "",
    "teks": "Setiap perubahan dikutip dengan beberapa kata di sekitarnya.",
    "tabel": "Tabel standar, per baris dan kolom seperti tercetak; baris dikenali dari kode"
    " atau uraiannya.",
    "jumlah": "Angka hasil perhitungan (jumlah, rasio, pertumbuhan, kondisi akhir) yang ikut"
    " berubah karena perubahan di atas.",
}
KIND_WORDS: dict[Kind, str] = {
    "pengaturan": "pengaturan",
    "teks": "teks",
    "angka": "angka",
    "baris": "baris",
    "jumlah": "jumlah bergeser",
}
TABLE_CODES = {
    "tc23": "T-C.23",
    "tc24": "T-C.24",
    "tc25": "T-C.25",
    "tc26": "T-C.26",
    "tc27": "T-C.27",
    "tc28": "T-C.28",
}
#: The file name suffixes the tool adds to a Renstra's own name.
_OUTPUT_SUFFIXES = ("-ttd", "-arsip", "-paket")

#: A text of at most this many words is shown whole; a longer one by excerpts.
SHORT_WORDS = 15
#: Unchanged words shown on each side of a change.
CONTEXT_WORDS = 3
#: Changed words shown of one change (the rest cut off with "…").
EXCERPT_WORDS = 12
#: Words shown of one excerpt in all (a rewritten paragraph is cut off there).
EXCERPT_TOTAL_WORDS = 30
#: Excerpts listed for one section; further changes in it are counted in one more line.
EXCERPTS_PER_SECTION = 5
#: Row names (indicators, activities) are shortened to this many characters.
ROW_NAME_CHARS = 60


# --- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Excerpt:
    """A few words of a text around one change; ``pieces`` are (words, changed)."""

    pieces: tuple[tuple[str, bool], ...]
    cut_before: bool
    cut_after: bool

    @property
    def prefix(self) -> str:
        return "“…" if self.cut_before else "“"

    @property
    def suffix(self) -> str:
        return "…”" if self.cut_after else "”"

    def __str__(self) -> str:
        return self.prefix + " ".join(text for text, _ in self.pieces) + self.suffix


Value = str | Excerpt


@dataclass(frozen=True)
class Change:
    """One line of the report."""

    part: Part
    kind: Kind
    #: The start of its line and the group it is listed under: "BAB II", "T-C.27", …
    group: str
    #: The heading of that group in the PDF: "BAB II Gambaran Pelayanan SKPD", …
    group_title: str
    #: The rest of its label: "2.1 Tugas, …", "1.01.02 Penyediaan … · Rp Tahun-2 (2015)".
    place: str
    old: Value | None = None
    new: Value | None = None
    #: Instead of "old → new": "ditambahkan", "baris dihapus", "urutan baris berubah", …
    note: str = ""

    @property
    def label(self) -> str:
        separator = " · " if self.part in ("tabel", "jumlah") else " › "
        return separator.join(p for p in (self.group, self.place) if p)

    def line(self) -> str:
        if self.note:
            value = self.new if self.new is not None else self.old
            return f"{self.label}: {self.note}" + (f" {value}" if value is not None else "")
        return f"{self.label}: {_shown(self.old)} → {_shown(self.new)}"


def _shown(value: Value | None) -> str:
    return hitung.TANDA_KOSONG if value is None else str(value)


@dataclass(frozen=True)
class Version:
    """One side of the comparison: a validated Renstra and where it came from."""

    model: Renstra
    path: Path
    #: The unit's name in output files (``bekasi-utara``).
    slug: str
    kerangka: Kerangka
    workspace: Workspace | None

    @property
    def description(self) -> str:
        """'Revisi 2 (28 November 2026)', or the file name when the data names no revision."""
        revisi = self.model.revisi
        if revisi is None:
            return str(self.path)
        return f"Revisi {revisi.nomor} ({teks.date_long(revisi.tanggal)})"


@dataclass(frozen=True)
class Comparison:
    old: Version
    new: Version
    changes: tuple[Change, ...]

    @property
    def heading(self) -> str:
        old, new = self.old.description, self.new.description
        if old == new:
            old, new = str(self.old.path), str(self.new.path)
        return f"Perubahan dari {old} ke {new}"

    def parts(self) -> list[tuple[Part, list[tuple[str, list[Change]]]]]:
        """The changes by part, then by group, both in document order."""
        found: list[tuple[Part, list[tuple[str, list[Change]]]]] = []
        for part in PART_TITLES:
            groups: dict[str, list[Change]] = {}
            for change in self.changes:
                if change.part == part:
                    groups.setdefault(change.group_title, []).append(change)
            if groups:
                found.append((part, list(groups.items())))
        return found

    def lines(self) -> list[str]:
        """The report for the terminal: heading, then each part with one line per change."""
        if not self.changes:
            return []
        out = [self.heading]
        for part, groups in self.parts():
            out += ["", PART_TITLES[part].upper()]
            out += [change.line() for _, changes in groups for change in changes]
        return out

    def counts(self) -> dict[Kind, int]:
        counted = Counter(change.kind for change in self.changes)
        return {kind: counted[kind] for kind in KIND_WORDS if counted[kind]}

    def summary(self) -> str:
        """'5 perubahan: 2 teks, 2 angka, 1 baris, 4 jumlah bergeser'."""
        counts = self.counts()
        if not counts:
            return "Tidak ada perubahan."
        direct = sum(n for kind, n in counts.items() if kind != "jumlah")
        words = ", ".join(f"{n} {KIND_WORDS[kind]}" for kind, n in counts.items())
        return f"{direct} perubahan: {words}"


# --- loading the two versions ---------------------------------------------------------------


def load_version(path: Path) -> Version:
    """A unit data file (with its workspace) or a PDF carrying the tool's merged data."""
    if _first_bytes(path).startswith(b"%PDF-"):
        return _from_pdf(path)
    workspace = Workspace.find(path.resolve().parent)
    # As 'cetak --draf' checks: a version with sections still unwritten can be compared.
    loaded = load_renstra(workspace, path, draf=True)
    return Version(loaded.model, path, loaded.slug, loaded.kerangka, workspace)


def load_versions(old: Path, new: Path) -> tuple[Version, Version]:
    """Both versions; the problems of both are reported together."""
    loaded: list[Version] = []
    errors: list[RenstraError] = []
    for path in (old, new):
        try:
            loaded.append(load_version(path))
        except RenstraError as err:
            errors.append(err)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        if all(isinstance(err, DataError) for err in errors):
            raise DataError(
                [p for err in errors if isinstance(err, DataError) for p in err.problems]
            )
        if all(err.exit_code == UsageError.exit_code for err in errors):
            raise UsageError("\n".join(str(err) for err in errors))
        raise errors[0]
    return loaded[0], loaded[1]


def compare_files(old: Path, new: Path) -> Comparison:
    """Load both files and compare them."""
    return compare(*load_versions(old, new))


def _first_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(5)
    except FileNotFoundError:
        raise UsageError(f"{path}: berkas tidak ditemukan") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: berupa folder, bukan berkas data atau PDF") from None
    except OSError as err:
        raise UsageError(f"{path}: berkas tidak dapat dibaca ({err.strerror})") from err


def _from_pdf(pdf: Path) -> Version:
    files = read_attachments(pdf)
    raw = files.get(MERGED_DATA)
    if raw is None:
        raise UsageError(
            f"{pdf}: tidak ada data Renstra tersemat (bukan PDF hasil 'renstra cetak' atau"
            " 'renstra paket' versi ini)"
        )
    file = f"{pdf}: {MERGED_DATA}"
    model = validate_source(parse_source(raw, file))
    workspace = _current_workspace()
    kerangka = load_kerangka(model.regulasi, workspace.templates_dir if workspace else None)
    return Version(model, pdf, _pdf_slug(pdf, files), kerangka, workspace)


def _current_workspace() -> Workspace | None:
    """The workspace of the current folder, if any (its outline overrides apply)."""
    try:
        return Workspace.find()
    except UsageError:
        return None


def _pdf_slug(pdf: Path, files: dict[str, bytes]) -> str:
    """The unit's name: from a bundle's manifest, else the PDF's name without the suffixes
    the tool adds (``bekasi-utara-paket-arsip.pdf`` → ``bekasi-utara``)."""
    manifest = files.get("renstra-docs/manifes.json")
    if manifest is not None:
        try:
            return Path(str(json.loads(manifest)["ruang_kerja"]["unit"])).stem
        except (ValueError, KeyError, TypeError):
            pass
    stem = pdf.stem
    for suffix in _OUTPUT_SUFFIXES:
        stem = stem.removesuffix(suffix)
    return stem or pdf.stem


# --- comparing ------------------------------------------------------------------------------


def compare(old: Version, new: Version) -> Comparison:
    comparer = _Comparer(old, new)
    comparer.settings()
    comparer.texts()
    comparer.tables()
    return Comparison(old, new, tuple(comparer.changes))


T = TypeVar("T")


@dataclass(frozen=True)
class _Pair(Generic[T]):
    """A row of the old version and the same row of the new one (None: removed or added)."""

    old: T | None
    new: T | None
    old_index: int = -1
    new_index: int = -1


def _pair(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[int, T], str],
    name: Callable[[T], str] | None = None,
) -> list[_Pair[T]]:
    """Rows of two versions paired by ``key`` (equal keys pair in order); rows left over at
    the same position pair too when their ``name`` is similar (a renamed indicator). The
    pairs come in the new version's order, each removed row after the row it followed."""
    waiting: dict[str, list[int]] = {}
    for i, row in enumerate(old):
        waiting.setdefault(key(i, row), []).append(i)
    matched: dict[int, int] = {}  # new index → old index
    for j, row in enumerate(new):
        candidates = waiting.get(key(j, row))
        if candidates:
            matched[j] = candidates.pop(0)
    taken = set(matched.values())
    for j in range(min(len(old), len(new))):
        if j in matched or j in taken:
            continue
        if name is None or _similar(name(old[j]), name(new[j])):
            matched[j] = j
            taken.add(j)
    new_of = {o: n for n, o in matched.items()}
    after: dict[int, list[int]] = {}  # new index (-1: before all) → removed old rows
    for i in range(len(old)):
        if i not in taken:
            earlier = [new_of[k] for k in range(i - 1, -1, -1) if k in new_of]
            after.setdefault(earlier[0] if earlier else -1, []).append(i)
    pairs: list[_Pair[T]] = [_Pair(old[i], None, i) for i in after.get(-1, [])]
    for j, row in enumerate(new):
        i = matched.get(j, -1)
        pairs.append(_Pair(old[i] if i >= 0 else None, row, i, j))
        pairs += [_Pair(old[k], None, k) for k in after.get(j, [])]
    return pairs


class _Indicator(Protocol):
    @property
    def indikator(self) -> str: ...


R = TypeVar("R", bound=_Indicator)


def _by_indicator(old: Sequence[R], new: Sequence[R]) -> list[_Pair[R]]:
    """T-C.23 and T-C.28 rows paired by their indicator (a renamed one by position)."""
    return _pair(old, new, lambda _, r: _norm(r.indikator), lambda r: r.indikator)


def _moved(pairs: list[_Pair[T]], parent: Callable[[T], str] | None = None) -> bool:
    """True when rows present in both versions are in another order (within their parent,
    for tables printed grouped by it)."""
    orders: dict[str, list[int]] = {}
    for pair in pairs:
        if pair.old is not None and pair.new is not None:
            group = parent(pair.new) if parent else ""
            orders.setdefault(group, []).append(pair.old_index)
    return any(order != sorted(order) for order in orders.values())


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio() >= 0.5


def _words(text: str | None) -> list[str]:
    return text.split() if text else []


def _norm(text: str) -> str:
    return " ".join(text.split())


def _row_name(text: str) -> str:
    """A row's name, shortened at a word boundary."""
    text = _norm(text)
    if len(text) <= ROW_NAME_CHARS:
        return text
    cut = text[: ROW_NAME_CHARS + 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _quoted(text: str) -> str:
    words = _words(text)
    shown = " ".join(words[: SHORT_WORDS * 2])
    return f"“{shown}{'…' if len(words) > SHORT_WORDS * 2 else ''}”"


def _section_text(section: Bagian | None) -> str | None:
    if section is None:
        return None
    if section.teks is not None:
        return section.teks
    return f"(tidak disajikan: {section.dihilangkan})"


def _field_label(name: str) -> str:
    special = {"nip": "NIP", "email": "Surel", "di": "Di"}
    return special.get(name, name.replace("_", " ").capitalize())


def _summary(model: BaseModel) -> str | None:
    """A model's plain fields in one short line ("Nomor 2, Tanggal 28 November 2026"); None
    when it has nested parts or too much to show in a cell."""
    fields = [(n, getattr(model, n)) for n in type(model).model_fields]
    if any(isinstance(v, BaseModel | list | dict) for _, v in fields):
        return None
    line = ", ".join(f"{_field_label(n)} {_display(v)}" for n, v in fields if v is not None)
    return line if len(line) <= 160 else None


def _join(*parts: str) -> str:
    return " › ".join(p for p in parts if p)


def _display(value: object) -> str:
    if isinstance(value, dt.date):
        return teks.date_long(value)
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float | Decimal):
        return hitung.tampil_nilai(value)
    return str(value)


def _item_identity(index: int, item: object) -> str:
    """The identity of an item in a list of the text part: its name where it has one that
    the document does not number, else its position."""
    if isinstance(item, UnsurVisi):
        return _norm(item.nama)
    if isinstance(item, FaktorMisi):
        return f"misi {item.misi}"
    if isinstance(item, Masalah):
        return _norm(item.masalah_pokok)
    if isinstance(item, Lampiran):
        return _norm(item.judul)
    if isinstance(item, Gambar):
        return item.kunci
    return str(index)


def _item_label(index: int, item: object) -> str:
    """What tells an item from its siblings, after the list's own name: "Misi" + " 2",
    "Unsur" + " “Bekasi Maju”", "Makna" + " paragraf 1"."""
    if isinstance(item, UnsurVisi):
        return f"“{item.nama}”"
    if isinstance(item, FaktorMisi):
        return f"misi {item.misi}"
    if isinstance(item, Masalah):
        return f"“{_row_name(item.masalah_pokok)}”"
    if isinstance(item, Lampiran):
        return f"{index + 1} {item.judul}"
    if isinstance(item, Gambar):
        return f"“{item.judul}”"
    if isinstance(item, Paragraf):
        return f"paragraf {index + 1}"
    return str(index + 1)


def _same(a: object, b: object) -> bool:
    """Equal as values: numbers by their amount (90 = "90" = 90.0), text by its words."""
    x, y = hitung.parse_angka(a), hitung.parse_angka(b)
    if x is not None or y is not None:
        return x == y
    if a is None or b is None:
        return a is b
    return _norm(str(a)) == _norm(str(b))


def _precise(value: object) -> str:
    """A value with every decimal it has (when the printed form hides the difference)."""
    angka = hitung.parse_angka(value)
    if angka is None:
        return hitung.tampil_nilai(value)  # type: ignore[arg-type]
    exponent = angka.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return teks.number(angka, places)


def _rp(value: object) -> str:
    return hitung.rp_or_dash(hitung.parse_angka(value))


def _by_year(values: Sequence[T] | None, years: Sequence[int]) -> dict[int, T]:
    return dict(zip(years, values or (), strict=False))


class _Targets(Protocol):
    """An indicator row with a start condition, yearly targets and an end condition."""

    @property
    def satuan(self) -> str | None: ...
    @property
    def awal(self) -> int | float | str | None: ...
    @property
    def target(self) -> list[int | float | str]: ...
    @property
    def akhir(self) -> int | float | str | None: ...


@dataclass(frozen=True)
class _Columns:
    """How a table names the columns of an indicator's values."""

    target: Callable[[int, int], str]  # (year, its position from 1) → label
    awal: str
    akhir: str
    #: The end condition is printed (so a last target that moves it is worth a line).
    akhir_printed: bool = True


@dataclass
class _Comparer:
    old: Version
    new: Version
    changes: list[Change] = field(default_factory=list)

    def add(
        self,
        part: Part,
        kind: Kind,
        group: tuple[str, str],
        place: str,
        old: Value | None = None,
        new: Value | None = None,
        note: str = "",
    ) -> None:
        self.changes.append(Change(part, kind, group[0], group[1], place, old, new, note))

    # --- generic values -------------------------------------------------------------------

    def text(
        self, part: Part, group: tuple[str, str], place: str, old: str | None, new: str | None
    ) -> None:
        """A text: whole when short, else one excerpt per change; or added/removed."""
        kind = _text_kind(part)
        a, b = _words(old), _words(new)
        if a == b:
            return
        short = len(a) <= SHORT_WORDS and len(b) <= SHORT_WORDS
        # Settings are words, not text to quote.
        quote = _quoted if part != "pengaturan" else _norm
        if not a or not b:
            value = quote(old or new or "") if short else None
            note = "dihapus" if not b else "ditambahkan"
            if b:
                self.add(part, kind, group, place, None, value, note)
            else:
                self.add(part, kind, group, place, value, None, note)
            return
        if short:
            self.add(part, kind, group, place, quote(" ".join(a)), quote(" ".join(b)))
            return
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        hunks = list(matcher.get_grouped_opcodes(CONTEXT_WORDS))
        for number, hunk in enumerate(hunks):
            if number == EXCERPTS_PER_SECTION:
                note = f"dan {len(hunks) - number} perubahan lain di bagian ini"
                self.add(part, kind, group, place, note=note)
                break
            self.add(part, kind, group, place, *_excerpts(a, b, hunk))

    def value(self, part: Part, group: tuple[str, str], place: str, old: Any, new: Any) -> None:
        """Any value of the model: models field by field, lists item by item, text, scalars."""
        if (
            isinstance(old, Bagian)
            and isinstance(new, Bagian)
            and (old.dihilangkan is None) != (new.dihilangkan is None)
        ):
            if new.dihilangkan is not None:  # written before, now left out
                self.add(
                    part,
                    "teks",
                    group,
                    place,
                    None,
                    f"(alasan: {new.dihilangkan})",
                    "tidak disajikan",
                )
                return
            self.add(part, "teks", group, place, note="kini diisi (sebelumnya tidak disajikan)")
            return
        if isinstance(old, Bagian) or isinstance(new, Bagian):
            self.text(part, group, place, _section_text(old), _section_text(new))
            return
        if old is None and new is None:
            return
        kind = _text_kind(part)
        if isinstance(old, BaseModel) or isinstance(new, BaseModel):
            if old is None or new is None:
                # A small mapping added or removed (revisi, perwal): what it says, briefly.
                summary = _summary(old if new is None else new)
                before, after = (summary, None) if new is None else (None, summary)
                note = "" if summary else "dihapus" if new is None else "ditambahkan"
                self.add(part, kind, group, place, before, after, note)
                return
            for name in type(new).model_fields:
                label = _join(place, _field_label(name))
                self.value(part, group, label, getattr(old, name, None), getattr(new, name, None))
            return
        if isinstance(old, dict) or isinstance(new, dict):
            a = old if isinstance(old, dict) else {}
            b = new if isinstance(new, dict) else {}
            for key in [*a, *(k for k in b if k not in a)]:
                self.value(part, group, _join(place, str(key)), a.get(key), b.get(key))
            return
        if isinstance(old, list) or isinstance(new, list):
            self.items(part, group, place, old or [], new or [])
            return
        if isinstance(old, str) or isinstance(new, str):
            self.text(part, group, place, _opt_str(old), _opt_str(new))
            return
        if old != new:
            shown = (
                _display(old) if old is not None else None,
                _display(new) if new is not None else None,
            )
            self.add(part, kind, group, place, *shown)

    def items(
        self, part: Part, group: tuple[str, str], place: str, old: list[Any], new: list[Any]
    ) -> None:
        everything = [*old, *new]
        if all(isinstance(item, str) for item in everything):
            self.text_list(part, group, place, old, new)
            return
        kind = _text_kind(part)
        if not any(isinstance(item, BaseModel) for item in everything):
            if old != new:
                before, after = (
                    ", ".join(_display(v) for v in side) or None for side in (old, new)
                )
                self.add(part, kind, group, place, before, after)
            return
        pairs = _pair(old, new, _item_identity)
        if _moved(pairs):
            self.add(part, kind, group, place, note="urutan berubah")
        for pair in pairs:
            index = pair.new_index if pair.new is not None else pair.old_index
            label = f"{place} {_item_label(index, pair.new or pair.old)}".strip()
            if pair.old is None or pair.new is None:
                self.add(
                    part, kind, group, label, note="dihapus" if pair.new is None else "ditambahkan"
                )
                continue
            self.value(part, group, label, pair.old, pair.new)

    def text_list(
        self, part: Part, group: tuple[str, str], place: str, old: list[str], new: list[str]
    ) -> None:
        """A list of texts (bullets): items edited in place, added, removed, or reordered."""
        kind = _text_kind(part)
        a, b = [_norm(x) for x in old], [_norm(x) for x in new]
        if a == b:
            return
        if Counter(a) == Counter(b):
            self.add(part, kind, group, place, note="urutan butir berubah")
            return
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    self.text(part, group, f"{place} butir {j + 1}", a[i], b[j])
                continue
            for i in range(i1, i2):
                self.add(part, kind, group, place, _quoted(a[i]), None, "butir dihapus")
            for j in range(j1, j2):
                self.add(part, kind, group, place, None, _quoted(b[j]), "butir ditambahkan")

    # --- settings -------------------------------------------------------------------------

    def settings(self) -> None:
        old, new = self.old.model, self.new.model
        group = ("", PART_TITLES["pengaturan"])
        part: Part = "pengaturan"
        self.value(part, group, "Regulasi", old.regulasi, new.regulasi)
        a, b = old.periode, new.periode
        self.value(part, group, "Periode", a.teks, b.teks)
        self.value(part, group, "Tahun dasar", a.dasar, b.dasar)
        self.items(part, group, "Tahun target", a.target, b.target)
        self.items(part, group, "Tahun evaluasi", a.evaluasi, b.evaluasi)
        for name in ("penetapan", "revisi", "pengaturan"):
            self.value(part, group, _field_label(name), getattr(old, name), getattr(new, name))
        for name in Renstra.model_fields:
            if name not in _HANDLED:
                self.value(part, group, name, getattr(old, name), getattr(new, name))

    # --- text by section ------------------------------------------------------------------

    def texts(self) -> None:
        old, new = self.old.model, self.new.model
        part: Part = "teks"
        identity = ("Identitas", "Identitas (sampul, tanda tangan, kop surat)")
        self.value(
            part, identity, "Pemerintah daerah", old.pemerintah_daerah, new.pemerintah_daerah
        )
        self.value(part, identity, "Unit", old.unit, new.unit)
        self.value(part, ("RPJMD", "Visi dan misi RPJMD"), "", old.rpjmd, new.rpjmd)
        perwal = ("Perwal", "Halaman pembuka Lampiran Perwal")
        self.value(part, perwal, "", old.perwal, new.perwal)
        self.value(
            part, ("KATA PENGANTAR", "Kata Pengantar"), "", old.kata_pengantar, new.kata_pengantar
        )
        placed: set[str] = set()
        masalah_placed = False
        chapters = {b.nomor: b for b in self.old.kerangka.bab} | {
            b.nomor: b for b in self.new.kerangka.bab
        }
        for nomor in range(1, 9):
            key = f"bab_{nomor}"
            outline = chapters.get(nomor)
            roman = teks.roman(nomor)
            group = (f"BAB {roman}", f"BAB {roman} {outline.judul}" if outline else f"BAB {roman}")
            old_bab, new_bab = getattr(old, key), getattr(new, key)
            self.value(
                part, group, outline.judul if outline else "", old_bab.pengantar, new_bab.pengantar
            )
            self.figures(group, outline.judul if outline else "", key)
            placed.add(key)
            seen = {"pengantar"}
            for section in self.sections(nomor):
                seen.add(section.kunci)
                placed.add(section.kunci)
                place = f"{section.nomor} {section.judul}"
                self.value(
                    part,
                    group,
                    place,
                    getattr(old_bab, section.kunci),
                    getattr(new_bab, section.kunci),
                )
                self.figures(group, place, section.kunci)
                if any(t.kunci == "masalah" for t in section.tabel) and not masalah_placed:
                    masalah_placed = True
                    where = _join(place, "Matriks permasalahan")
                    self.items(part, group, where, old.masalah, new.masalah)
            for name in type(new_bab).model_fields:
                if name not in seen:
                    self.value(part, group, name, getattr(old_bab, name), getattr(new_bab, name))
        if not masalah_placed:
            self.items(
                part, ("Matriks permasalahan",) * 2, "Masalah pokok", old.masalah, new.masalah
            )
        leftover = ("Gambar", "Gambar")
        self.items(
            part,
            leftover,
            "",
            [g for g in old.gambar if g.bagian not in placed],
            [g for g in new.gambar if g.bagian not in placed],
        )
        self.items(part, ("LAMPIRAN", "Lampiran"), "Lampiran", old.lampiran, new.lampiran)
        self.value(part, ("Surat pengantar", "Surat pengantar"), "", old.surat, new.surat)

    def sections(self, nomor: int) -> list[BagianKerangka]:
        """The sections of a chapter: the new outline's, then any only the old one has."""
        found: list[BagianKerangka] = []
        for kerangka in (self.new.kerangka, self.old.kerangka):
            for bab in kerangka.bab:
                if bab.nomor == nomor:
                    known = {s.kunci for s in found}
                    found += [s for s in bab.bagian if s.kunci not in known]
        return found

    def figures(self, group: tuple[str, str], place: str, key: str) -> None:
        old = [g for g in self.old.model.gambar if g.bagian == key]
        new = [g for g in self.new.model.gambar if g.bagian == key]
        self.items("teks", group, _join(place, "Gambar"), old, new)

    # --- the standard tables --------------------------------------------------------------

    def tables(self) -> None:
        order: list[str] = []
        for kerangka in (self.new.kerangka, self.old.kerangka):
            for bab in kerangka.bab:
                for table in (*bab.tabel, *(t for s in bab.bagian for t in s.tabel)):
                    if table.kunci in TABLE_CODES and table.kunci not in order:
                        order.append(table.kunci)
        order += [key for key in TABLE_CODES if key not in order]
        compare_table = {
            "tc23": self.tc23,
            "tc24": self.tc24,
            "tc25": self.tc25,
            "tc26": self.tc26,
            "tc27": self.tc27,
            "tc28": self.tc28,
        }
        for key in order:
            compare_table[key](self.table_group(key))

    def table_group(self, key: str) -> tuple[str, str]:
        code = TABLE_CODES[key]
        for kerangka in (self.new.kerangka, self.old.kerangka):
            for bab in kerangka.bab:
                for table in (*bab.tabel, *(t for s in bab.bagian for t in s.tabel)):
                    if table.kunci == key:
                        return code, f"{code} {table.judul}"
        return code, code

    def cell(
        self,
        group: tuple[str, str],
        place: str,
        old: object,
        new: object,
        show: Callable[[Any], str] = hitung.tampil_nilai,
    ) -> None:
        """A typed value of a table, shown as printed."""
        if _same(old, new):
            return
        a, b = show(old), show(new)
        if a == b:
            a, b = _precise(old), _precise(new)
        self.add("tabel", "angka", group, place, a, b)

    def computed(self, group: tuple[str, str], place: str, old: str, new: str) -> None:
        """A figure the document computes, compared as printed."""
        if old != new:
            self.add("jumlah", "jumlah", group, place, old, new)

    def series(
        self,
        group: tuple[str, str],
        row: str,
        label: Callable[[int, int], str],
        old: Sequence[object] | None,
        new: Sequence[object] | None,
        years: tuple[Sequence[int], Sequence[int]],
        show: Callable[[Any], str] = hitung.tampil_nilai,
    ) -> None:
        """One value per year, matched by year."""
        a, b = _by_year(old, years[0]), _by_year(new, years[1])
        for year in sorted(set(a) | set(b)):
            column = label(year, _position(year, years))
            self.cell(group, f"{row} · {column}", a.get(year), b.get(year), show)

    def rows(
        self,
        group: tuple[str, str],
        pairs: list[_Pair[T]],
        name: Callable[[T], str],
        what: str,
    ) -> Iterator[tuple[str, T, T]]:
        """Each row present in both versions as (its label, old, new); a row added or removed
        is named in one line and not looked into."""
        for pair in pairs:
            current = pair.new if pair.new is not None else pair.old
            assert current is not None
            row = name(current)
            if pair.old is None or pair.new is None:
                note = f"{what} {'ditambahkan' if pair.old is None else 'dihapus'}"
                self.add("tabel", "baris", group, row, note=note)
                continue
            yield row, pair.old, pair.new

    def order(self, group: tuple[str, str], row: str, moved: bool, what: str) -> None:
        if moved:
            self.add("tabel", "baris", group, row, note=f"urutan {what} berubah")

    def targets(
        self,
        group: tuple[str, str],
        row: str,
        old: _Targets,
        new: _Targets,
        columns: _Columns,
        years: tuple[Sequence[int], Sequence[int]],
    ) -> None:
        """Unit, start condition, yearly targets and end condition of one indicator."""
        self.text("tabel", group, f"{row} · Satuan", old.satuan, new.satuan)
        self.cell(group, f"{row} · {columns.awal}", old.awal, new.awal)
        self.series(group, row, columns.target, old.target, new.target, years)
        if old.akhir is not None or new.akhir is not None:
            self.cell(group, f"{row} · {columns.akhir}", _end(old), _end(new))
        elif columns.akhir_printed:
            shown = (hitung.tampil_nilai(_end(old)), hitung.tampil_nilai(_end(new)))
            self.computed(group, f"{row} · {columns.akhir} (target tahun terakhir)", *shown)

    def indicators(
        self,
        group: tuple[str, str],
        row: str,
        old: Sequence[IndikatorTarget],
        new: Sequence[IndikatorTarget],
        columns: _Columns,
        years: tuple[Sequence[int], Sequence[int]],
    ) -> None:
        """The indicators of a sasaran, programme or activity, matched by their text."""
        pairs = _pair(old, new, lambda _, i: _norm(i.uraian), lambda i: i.uraian)
        self.order(group, row, _moved(pairs), "indikator")
        label: Callable[[IndikatorTarget], str] = lambda i: f"{row} · {_row_name(i.uraian)}"  # noqa: E731
        for here, a, b in self.rows(group, pairs, label, "indikator"):
            self.text("tabel", group, f"{here} · Indikator", a.uraian, b.uraian)
            self.targets(group, here, a, b, columns, years)

    def tc23(self, group: tuple[str, str]) -> None:
        """T-C.23: targets and realisations of the previous period; ratios computed."""
        old, new = self.old.model, self.new.model
        years = (old.periode.evaluasi, new.periode.evaluasi)
        acuan = "NSPK" if new.regulasi == "86/2017" else "SPM"
        pairs = _by_indicator(old.indikator_kinerja, new.indikator_kinerja)
        self.order(group, "", _moved(pairs), "baris")
        for row, a, b in self.rows(group, pairs, lambda r: _row_name(r.indikator), "baris"):
            self.text("tabel", group, f"{row} · Indikator", a.indikator, b.indikator)
            self.text("tabel", group, f"{row} · Satuan", a.satuan, b.satuan)
            self.text("tabel", group, f"{row} · Arah", a.arah, b.arah)
            self.cell(group, f"{row} · Target {acuan}", a.target_spm, b.target_spm)
            self.cell(group, f"{row} · Target IKK", a.target_ikk, b.target_ikk)
            self.cell(
                group, f"{row} · Target Indikator Lainnya", a.target_lainnya, b.target_lainnya
            )
            self.series(group, row, lambda y, _: f"Target {y}", a.target, b.target, years)
            self.series(group, row, lambda y, _: f"Realisasi {y}", a.realisasi, b.realisasi, years)
            ratios = [_achievement(row_, y) for row_, y in ((a, years[0]), (b, years[1]))]
            for year in sorted(set(ratios[0]) | set(ratios[1])):
                shown = (hitung.persen(ratios[0].get(year)), hitung.persen(ratios[1].get(year)))
                self.computed(group, f"{row} · Rasio Capaian {year}", *shown)

    def tc24(self, group: tuple[str, str]) -> None:
        """T-C.24: budgets and realisations; ratios, growth and the Jumlah row computed."""
        old, new = self.old.model, self.new.model
        years = (old.periode.evaluasi, new.periode.evaluasi)
        pairs = _pair(old.anggaran, new.anggaran, lambda _, r: _norm(r.uraian), lambda r: r.uraian)
        self.order(group, "", _moved(pairs), "baris")
        for row, a, b in self.rows(group, pairs, lambda r: _row_name(r.uraian), "baris"):
            self.text("tabel", group, f"{row} · Uraian", a.uraian, b.uraian)
            self.series(
                group, row, lambda y, _: f"Anggaran {y}", a.anggaran, b.anggaran, years, _rp
            )
            self.series(
                group, row, lambda y, _: f"Realisasi {y}", a.realisasi, b.realisasi, years, _rp
            )
            self.budget_figures(group, row, (a.anggaran, b.anggaran), (a.realisasi, b.realisasi))
        if not (old.anggaran or new.anggaran):
            return
        sums = [
            _budget_sums(model.anggaran, len(y)) for model, y in ((old, years[0]), (new, years[1]))
        ]
        for column, index in (("Anggaran", 0), ("Realisasi", 1)):
            a_sum, b_sum = (_by_year(sums[side][index], years[side]) for side in (0, 1))
            for year in sorted(set(a_sum) | set(b_sum)):
                shown = (hitung.rp_or_dash(a_sum.get(year)), hitung.rp_or_dash(b_sum.get(year)))
                self.computed(group, f"Jumlah · {column} {year}", *shown)
        self.budget_figures(group, "Jumlah", (sums[0][0], sums[1][0]), (sums[0][1], sums[1][1]))

    def budget_figures(
        self,
        group: tuple[str, str],
        row: str,
        anggaran: tuple[Sequence[Any], Sequence[Any]],
        realisasi: tuple[Sequence[Any], Sequence[Any]],
    ) -> None:
        """A T-C.24 row's computed ratios per year and average growth."""
        years = (self.old.model.periode.evaluasi, self.new.model.periode.evaluasi)
        ratios = []
        for side in (0, 1):
            budget = _by_year(anggaran[side], years[side])
            spent = _by_year(realisasi[side], years[side])
            ratios.append({y: hitung.rasio_anggaran(spent.get(y), budget[y]) for y in budget})
        for year in sorted(set(ratios[0]) | set(ratios[1])):
            shown = (hitung.persen(ratios[0].get(year)), hitung.persen(ratios[1].get(year)))
            self.computed(group, f"{row} · Rasio {year}", *shown)
        for column, values in (("Anggaran", anggaran), ("Realisasi", realisasi)):
            growth = [hitung.persen(hitung.rata_rata_pertumbuhan(v)) for v in values]
            self.computed(group, f"{row} · Rata-rata Pertumbuhan {column}", *growth)

    def tc25(self, group: tuple[str, str]) -> None:
        """T-C.25: tujuan, sasaran and the sasaran's indicators."""
        old, new = self.old.model, self.new.model
        years = (old.periode.target, new.periode.target)
        tujuan = _pair(
            old.tujuan, new.tujuan, lambda _, t: t.kode, lambda t: f"{t.kode} {t.uraian}"
        )
        self.order(group, "", _moved(tujuan), "tujuan")
        for row, a, b in self.rows(
            group, tujuan, lambda t: f"{t.kode} {_row_name(t.uraian)}", "tujuan"
        ):
            self.text("tabel", group, f"{row} · Kode", a.kode, b.kode)
            self.text("tabel", group, f"{row} · Tujuan", a.uraian, b.uraian)
        columns = _Columns(
            lambda y, i: f"Target Tahun ke-{i} ({y})",
            f"Kondisi Awal ({new.periode.dasar})",
            "Kondisi Akhir",
            akhir_printed=False,
        )
        sasaran = _pair(
            old.sasaran, new.sasaran, lambda _, s: s.kode, lambda s: f"{s.kode} {s.uraian}"
        )
        self.order(group, "", _moved(sasaran, lambda s: s.tujuan), "sasaran")
        for row, c, d in self.rows(
            group, sasaran, lambda s: f"{s.kode} {_row_name(s.uraian)}", "sasaran"
        ):
            self.text("tabel", group, f"{row} · Kode", c.kode, d.kode)
            self.text("tabel", group, f"{row} · Kode tujuan", c.tujuan, d.tujuan)
            self.text("tabel", group, f"{row} · Sasaran", c.uraian, d.uraian)
            self.indicators(group, row, c.indikator, d.indikator, columns, years)

    def tc26(self, group: tuple[str, str]) -> None:
        """T-C.26: the strategies and policies of each sasaran, item by item."""
        old, new = self.old.model, self.new.model
        policy = "Arah Kebijakan" if new.regulasi == "86/2017" else "Kebijakan"
        names = {s.kode: s.uraian for s in old.sasaran} | {s.kode: s.uraian for s in new.sasaran}
        pairs = _pair(old.strategi, new.strategi, lambda _, s: s.sasaran)
        self.order(group, "", _moved(pairs, lambda s: s.sasaran), "baris")

        def label(row: Strategi) -> str:
            return f"{row.sasaran} {_row_name(names.get(row.sasaran, ''))}".strip()

        for row, a, b in self.rows(group, pairs, label, "baris"):
            self.text("tabel", group, f"{row} · Kode sasaran", a.sasaran, b.sasaran)
            self.text_list("tabel", group, f"{row} · Strategi", a.strategi, b.strategi)
            self.text_list("tabel", group, f"{row} · {policy}", a.kebijakan, b.kebijakan)

    def tc27(self, group: tuple[str, str]) -> None:
        """T-C.27: programmes and activities, their indicators and Rp; totals computed."""
        old, new = self.old.model, self.new.model
        years = (old.periode.target, new.periode.target)
        columns = _Columns(
            lambda y, i: f"Target Tahun-{i} ({y})",
            f"Data Capaian Awal ({new.periode.dasar})",
            "Target Akhir Periode",
        )
        pairs = _pair(old.program, new.program, lambda _, p: p.kode, lambda p: f"{p.kode} {p.nama}")
        self.order(group, "", _moved(pairs, lambda p: p.sasaran), "program")
        for row, a, b in self.rows(
            group, pairs, lambda p: f"{p.kode} {_row_name(p.nama)}", "program"
        ):
            self.text("tabel", group, f"{row} · Kode", a.kode, b.kode)
            self.text("tabel", group, f"{row} · Program", a.nama, b.nama)
            self.text("tabel", group, f"{row} · Kode sasaran", a.sasaran, b.sasaran)
            self.indicators(group, row, a.indikator, b.indikator, columns, years)
            self.text(
                "tabel", group, f"{row} · Penanggung Jawab", a.penanggung_jawab, b.penanggung_jawab
            )
            self.text("tabel", group, f"{row} · Lokasi", a.lokasi, b.lokasi)
            # The programme's Rp are printed on its own row, above its activities.
            totals = (_total(a.kegiatan, len(years[0])), _total(b.kegiatan, len(years[1])))
            self.totals(group, row, totals, years)
            activities = _pair(
                a.kegiatan, b.kegiatan, lambda _, k: k.kode, lambda k: f"{k.kode} {k.nama}"
            )
            self.order(group, row, _moved(activities), "kegiatan")
            label: Callable[[Kegiatan], str] = lambda k: f"{k.kode} {_row_name(k.nama)}"  # noqa: E731
            for here, k, m in self.rows(group, activities, label, "kegiatan"):
                self.text("tabel", group, f"{here} · Kode", k.kode, m.kode)
                self.text("tabel", group, f"{here} · Kegiatan", k.nama, m.nama)
                self.indicators(group, here, k.indikator, m.indikator, columns, years)
                self.series(group, here, _rp_column, k.pagu, m.pagu, years, _rp)
                pj = (k.penanggung_jawab, m.penanggung_jawab)
                self.text("tabel", group, f"{here} · Penanggung Jawab", *pj)
                self.text("tabel", group, f"{here} · Lokasi", k.lokasi, m.lokasi)
                ends = (hitung.jumlah(k.pagu), hitung.jumlah(m.pagu))
                shown = (hitung.rp_or_dash(ends[0]), hitung.rp_or_dash(ends[1]))
                self.computed(group, f"{here} · Rp Akhir Periode", *shown)
        if old.program or new.program:
            grand = (
                _grand_total(old.program, len(years[0])),
                _grand_total(new.program, len(years[1])),
            )
            self.totals(group, "Jumlah", grand, years)

    def totals(
        self,
        group: tuple[str, str],
        row: str,
        totals: tuple[hitung.Total, hitung.Total],
        years: tuple[Sequence[int], Sequence[int]],
    ) -> None:
        """T-C.27 Rp per year and at the end of the period, as computed for print."""
        a, b = (_by_year(t.per_tahun, y) for t, y in zip(totals, years, strict=True))
        for year in sorted(set(a) | set(b)):
            shown = (hitung.rp_or_dash(a.get(year)), hitung.rp_or_dash(b.get(year)))
            self.computed(group, f"{row} · {_rp_column(year, _position(year, years))}", *shown)
        ends = (
            hitung.rp_or_dash(totals[0].akhir_periode),
            hitung.rp_or_dash(totals[1].akhir_periode),
        )
        self.computed(group, f"{row} · Rp Akhir Periode", *ends)

    def tc28(self, group: tuple[str, str]) -> None:
        """T-C.28: indicators referring to the RPJMD."""
        old, new = self.old.model, self.new.model
        years = (old.periode.target, new.periode.target)
        columns = _Columns(
            lambda y, _: f"Target {y}", f"Kondisi Awal ({new.periode.dasar})", "Kondisi Akhir"
        )
        pairs = _by_indicator(old.indikator_rpjmd, new.indikator_rpjmd)
        self.order(group, "", _moved(pairs), "baris")
        for row, a, b in self.rows(group, pairs, lambda r: _row_name(r.indikator), "baris"):
            self.text("tabel", group, f"{row} · Indikator", a.indikator, b.indikator)
            self.targets(group, row, a, b, columns, years)


def _rp_column(year: int, position: int) -> str:
    return f"Rp Tahun-{position} ({year})"


def _achievement(row: IndikatorKinerja, years: Sequence[int]) -> dict[int, Decimal | None]:
    """T-C.23 Rasio Capaian per year, by the indicator's direction."""
    real, goal = _by_year(row.realisasi, years), _by_year(row.target, years)
    return {
        y: hitung.rasio_capaian(real.get(y), goal.get(y), row.arah) for y in set(real) | set(goal)
    }


def _budget_sums(rows: Sequence[BarisAnggaran], count: int) -> tuple[list[Any], list[Any]]:
    """The T-C.24 Jumlah row: budgets and realisations summed per year."""
    return (
        [hitung.jumlah(r.anggaran[i] for r in rows if i < len(r.anggaran)) for i in range(count)],
        [hitung.jumlah(r.realisasi[i] for r in rows if i < len(r.realisasi)) for i in range(count)],
    )


def _grand_total(programs: Sequence[Program], count: int) -> hitung.Total:
    return hitung.total_keseluruhan([_total(p.kegiatan, count) for p in programs], count)


#: The fields of the model compared in their own place; any other is compared as a setting.
_HANDLED = frozenset(
    {
        "regulasi", "periode", "penetapan", "revisi", "pengaturan",
        "pemerintah_daerah", "unit", "rpjmd", "perwal", "kata_pengantar",
        *(f"bab_{n}" for n in range(1, 9)),
        "gambar", "masalah", "lampiran", "surat",
        "indikator_kinerja", "anggaran", "tujuan", "sasaran", "strategi", "program",
        "indikator_rpjmd",
    }
)  # fmt: skip


def _text_kind(part: Part) -> Kind:
    """What a changed text counts as: a setting in the settings, text anywhere else."""
    return "pengaturan" if part == "pengaturan" else "teks"


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _end(row: _Targets) -> int | float | str | None:
    """The end condition as printed: given, or the last target."""
    if row.akhir is not None:
        return row.akhir
    return row.target[-1] if row.target else None


def _position(year: int, years: tuple[Sequence[int], Sequence[int]]) -> int:
    """A year's column number, from 1: in the new version, else in the old."""
    for side in (years[1], years[0]):
        if year in side:
            return list(side).index(year) + 1
    return 0


def _total(kegiatan: Sequence[Kegiatan], count: int) -> hitung.Total:
    rows = [list(k.pagu)[:count] + [None] * (count - len(k.pagu)) for k in kegiatan]
    return hitung.total_program(rows, count)


def _excerpts(
    a: list[str], b: list[str], hunk: list[tuple[str, int, int, int, int]]
) -> tuple[Excerpt, Excerpt]:
    """The old and new words of one change, with the unchanged words around it."""
    old: list[tuple[str, bool]] = []
    new: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in hunk:
        if tag == "equal":
            old.append((" ".join(a[i1:i2]), False))
            new.append((" ".join(b[j1:j2]), False))
            continue
        if i2 > i1:
            old.append((_cut(a[i1:i2]), True))
        if j2 > j1:
            new.append((_cut(b[j1:j2]), True))
    first, last = hunk[0], hunk[-1]
    return (
        _excerpt(old, first[1] > 0, last[2] < len(a)),
        _excerpt(new, first[3] > 0, last[4] < len(b)),
    )


def _excerpt(pieces: list[tuple[str, bool]], cut_before: bool, cut_after: bool) -> Excerpt:
    """At most :data:`EXCERPT_TOTAL_WORDS` words of a rewritten passage."""
    kept: list[tuple[str, bool]] = []
    count = 0
    for text, changed in pieces:
        words = text.split()
        if count + len(words) > EXCERPT_TOTAL_WORDS:
            rest = words[: max(EXCERPT_TOTAL_WORDS - count, 0)]
            if rest:
                kept.append((" ".join(rest), changed))
            return Excerpt(tuple(kept), cut_before, True)
        kept.append((text, changed))
        count += len(words)
    return Excerpt(tuple(kept), cut_before, cut_after)


def _cut(words: list[str]) -> str:
    if len(words) <= EXCERPT_WORDS:
        return " ".join(words)
    return " ".join(words[:EXCERPT_WORDS]) + " …"


# --- the PDF "Daftar Perubahan" -------------------------------------------------------------


@dataclass(frozen=True)
class ChangesPdf:
    output: Path
    pages: int
    warnings: tuple[str, ...]


def output_folder(comparison: Comparison, keluaran: Path | None) -> Path:
    """``-o``, else ``output/`` of the new version's workspace (or of the current one, or
    of the current folder)."""
    if keluaran is not None:
        return keluaran
    workspace = comparison.new.workspace or comparison.old.workspace
    return workspace.output_dir if workspace else Path.cwd() / "output"


def _version_text(version: Version) -> str:
    """A version as the PDF names it: its revision and file, or its file."""
    if version.model.revisi is None:
        return f"berkas {version.path}"
    return f"{version.description}, berkas {version.path}"


def document_date(model: Renstra) -> dt.date:
    """The date of the list: the new version's revision, else its adoption."""
    return model.revisi.tanggal if model.revisi is not None else model.penetapan.tanggal


def render_changes(comparison: Comparison, kertas: str | None = None) -> RenderedRenstra:
    """The DAFTAR PERUBAHAN as PDF bytes: the shipped fonts, its own template and style (a
    workspace's own override them), dated from the data, so identical input gives identical
    bytes."""
    new = comparison.new
    workspace = new.workspace
    env = templating.make_environment(workspace.templates_dir if workspace else None)
    html = templating.render_template(
        env,
        "perubahan.html",
        {
            "renstra": new.model,
            "semula": _version_text(comparison.old),
            "menjadi": _version_text(comparison.new),
            "ringkasan": comparison.summary(),
            "bagian": [
                (
                    PART_TITLES[part],
                    PART_NOTES[part],
                    [(title, [_row(c) for c in changes]) for title, changes in groups],
                )
                for part, groups in comparison.parts()
            ],
            "tanggal": document_date(new.model),
            "versi": __version__,
        },
    )
    if workspace is not None:
        stylesheets = resolve_stylesheets(workspace, ("perubahan.css",))
        roots: tuple[Path, ...] = (workspace.root, assets.styles_dir())
        base = workspace.root
    else:
        stylesheets = (assets.styles_dir() / "perubahan.css",)
        roots = (assets.styles_dir(),)
        base = assets.styles_dir()
    settings = render.RenderSettings(
        kertas=kertas or new.model.pengaturan.kertas,
        base_dir=base,
        allowed_roots=roots,
        stylesheets=stylesheets,
    )
    document, raw, warnings = lay_out(html, settings, ketat=False)
    date = document_date(new.model).strftime("D:%Y%m%d000000+07'00'")
    metadata = {
        "/Title": f"Daftar Perubahan {new.model.judul}",
        "/Author": new.model.unit.nama_lengkap,
        "/Subject": comparison.heading,
        "/Keywords": f"Daftar Perubahan, Renstra, {new.model.unit.nama_lengkap}",
        "/Creator": f"renstra-docs {__version__}",
        "/CreationDate": date,
        "/ModDate": date,
    }
    labels = [LabelRange(0, PageLabelStyle.DECIMAL)]
    pdf = finish_pdf(raw, labels, metadata)
    return RenderedRenstra(pdf, len(document.pages), tuple(warnings), tuple(labels))


def write_changes(
    comparison: Comparison, keluaran: Path | None = None, kertas: str | None = None
) -> ChangesPdf:
    """Render and write ``<unit>-perubahan.pdf``; a failure leaves any earlier file whole."""
    target = output_folder(comparison, keluaran) / f"{comparison.new.slug}-perubahan.pdf"
    rendered = render_changes(comparison, kertas)
    write_atomically(target, rendered.pdf)
    return ChangesPdf(target, rendered.pages, rendered.warnings)


@dataclass(frozen=True)
class _Shown:
    """A value as the PDF prints it: text pieces, the changed ones marked."""

    prefix: str
    pieces: tuple[tuple[str, bool], ...]
    suffix: str


@dataclass(frozen=True)
class _Row:
    place: str
    #: In the tables: the column of the row named by ``place`` ("Rp Tahun-2 (2015)").
    column: str
    old: _Shown
    new: _Shown
    note: str


def _shown_value(value: Value | None) -> _Shown:
    if isinstance(value, Excerpt):
        return _Shown(value.prefix, value.pieces, value.suffix)
    return _Shown("", ((_shown(value), False),), "")


def _row(change: Change) -> _Row:
    place, column = change.place or "(seluruhnya)", ""
    if change.part in ("tabel", "jumlah") and " · " in place:
        place, column = place.rsplit(" · ", 1)
    if change.note:
        value = change.new if change.new is not None else change.old
        shown = _shown_value(value) if value is not None else _Shown("", (), "")
        return _Row(place, column, shown, shown, change.note)
    return _Row(place, column, _shown_value(change.old), _shown_value(change.new), "")
