"""Computed figures of the standard tables: ratios, growth, programme totals.

Pure functions on :class:`decimal.Decimal`; ``None`` means "not computable" and prints "–".
Every rule here is described for the users in ``docs/aturan-perhitungan.md``; keep both in step.

- T-C.23: realisation ratio per year, by the indicator's direction (:func:`rasio_capaian`).
- T-C.24: budget ratio per year (:func:`rasio_anggaran`) and the average growth of the budget
  and of the realisation (:func:`rata_rata_pertumbuhan`; :func:`cagr` is offered separately).
- T-C.27: programme totals from their activities (:func:`total_program`,
  :func:`total_keseluruhan`) and the check of a hand-given pagu (:func:`selisih_pagu`).

Arithmetic keeps full precision (a fixed 50-digit context, independent of the caller's);
rounding half-up to two decimals happens only when a figure is presented (:func:`bulatkan`,
:func:`persen`, :func:`rp_or_dash`, :func:`number_or_dash`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from itertools import pairwise
from typing import Literal

from renstra_docs import teks

Arah = Literal["naik", "turun"]
"""Indicator direction: ``naik`` (higher is better) or ``turun`` (lower is better)."""

Nilai = Decimal | int | float | str | None
"""A value as it comes from YAML or a spreadsheet; see :func:`parse_angka`."""

TANDA_KOSONG = "–"
"""What the tables print for a figure that is missing or not computable (an en dash)."""

SERATUS = Decimal(100)
_DUA_DESIMAL = Decimal("0.01")

# Enough digits that sums of Rupiah amounts never round and quotients carry far more precision
# than the two decimals printed; fixed so results do not depend on the caller's context.
_KONTEKS = Context(
    prec=50,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

# Indonesian style only: "." groups thousands (groups of exactly three digits, first group
# without a leading zero), "," starts the decimals. Ungrouped digits are fine too.
_ANGKA_INDONESIA = re.compile(r"(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?")
_TANDA_MINUS = ("-", "−")  # hyphen-minus and U+2212 MINUS SIGN
_TANPA_SEN = (",-", ",–")
# Characters a number written by hand may contain; used to tell a badly written number
# ("75.5") from a word or grade ("Tersedia", "BB").
_MIRIP_ANGKA = re.compile(r"[\s+\-−.,%\d]*\d[\s+\-−.,%\d]*")
_PREFIKS_RP = re.compile(r"rp\.?", re.IGNORECASE)


# --- parsing -----------------------------------------------------------------------------------


def _teks_angka(text: str) -> Decimal | None:
    """The number in an Indonesian-style string, or None if it is not one."""
    text = text.strip()
    negatif = False
    if text.startswith(_TANDA_MINUS):
        negatif, text = True, text[1:].lstrip()
    elif text.startswith("+"):
        text = text[1:].lstrip()
    prefiks = _PREFIKS_RP.match(text)
    if prefiks:
        text = text[prefiks.end() :].lstrip()
        if not negatif and text.startswith(_TANDA_MINUS):
            negatif, text = True, text[1:].lstrip()
    if text.endswith("%") and not prefiks:
        text = text[:-1].rstrip()
    elif text.endswith(_TANPA_SEN):  # "Rp 1.250.000,-": whole rupiah, no sen
        text = text[:-2]
    if not _ANGKA_INDONESIA.fullmatch(text):
        return None
    angka = Decimal(text.replace(".", "").replace(",", "."))
    return -angka if negatif else angka


def parse_angka(value: object) -> Decimal | None:
    """A value from YAML or a spreadsheet as a Decimal; None when missing or not a number.

    - ``None``, ``bool`` (YAML ``yes``/``true``), NaN and infinities → None.
    - ``int`` and ``Decimal`` → as they are; ``float`` → via ``str()`` (``2.675`` stays
      ``2.675``, not its binary neighbour ``2.67499…``).
    - ``str`` → Indonesian style only: ``"1.250.000"``, ``"1.250.000,50"``,
      ``"Rp 1.250.000,00"``, ``"Rp 1.250.000,-"``, ``"-Rp1.000"``, ``"-3,2"``,
      ``"75,5%"`` (the % is dropped: 75.5).
      A "." must group exactly three digits, so ``"75.5"`` or ``"0.5"`` is *not* a number
      (see :func:`angka_salah_format`); words and grades (``"A"``, ``"BB"``, ``"Tersedia"``),
      ``""`` and ``"–"`` → None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        return _teks_angka(value)
    return None


def angka_salah_format(value: object) -> bool:
    """True for text that looks like a number but is not in Indonesian style (``"75.5"``).

    :func:`parse_angka` treats such text as non-numeric; the validator uses this to tell the
    user to write ``75,5`` instead of letting the table print "–" silently.
    """
    if not isinstance(value, str) or parse_angka(value) is not None:
        return False
    tanpa_rp = _PREFIKS_RP.sub("", value, count=1)
    return bool(_MIRIP_ANGKA.fullmatch(tanpa_rp))


def _operand(value: Nilai) -> Decimal | None:
    """An operand of a ratio: None when missing, non-numeric or zero."""
    angka = parse_angka(value)
    return None if angka is None or angka == 0 else angka


# --- ratios (T-C.23, T-C.24) -------------------------------------------------------------------


def rasio(pembilang: Nilai, penyebut: Nilai) -> Decimal | None:
    """pembilang ÷ penyebut × 100, unrounded; None if either operand is zero, missing or text."""
    atas, bawah = _operand(pembilang), _operand(penyebut)
    if atas is None or bawah is None:
        return None
    with localcontext(_KONTEKS):
        return atas / bawah * SERATUS


def rasio_capaian(realisasi: Nilai, target: Nilai, arah: Arah) -> Decimal | None:
    """T-C.23 "Rasio Capaian" in percent, by the indicator's direction.

    - ``naik`` (higher is better): realisasi ÷ target × 100 (85 of a target of 90 → 94.44…).
    - ``turun`` (lower is better): target ÷ realisasi × 100 (a target of 10 and a realisation of
      8 → 125: beating the target gives more than 100 %).

    Either way a zero, missing or non-numeric operand (a grade such as "BB") → None. That covers
    both zero cases of ``turun``: a realisation of 0 (division by zero) and a target of 0; and,
    as the convention says for every ratio, a realisation of 0 under ``naik`` too.
    Negative values are computed as written.
    """
    if arah == "naik":
        return rasio(realisasi, target)
    if arah == "turun":
        return rasio(target, realisasi)
    raise ValueError(f"arah indikator tidak dikenal: {arah!r} (naik/turun)")


def rasio_anggaran(realisasi: Nilai, anggaran: Nilai) -> Decimal | None:
    """T-C.24 "Rasio antara Realisasi dan Anggaran": realisasi ÷ anggaran × 100."""
    return rasio(realisasi, anggaran)


def _sejajar(kiri: Sequence[Nilai], kanan: Sequence[Nilai], apa: str) -> None:
    if len(kiri) != len(kanan):
        raise ValueError(f"{apa}: {len(kiri)} tahun realisasi, {len(kanan)} tahun pembanding")


def rasio_capaian_per_tahun(
    realisasi: Sequence[Nilai], target: Sequence[Nilai], arah: Arah
) -> list[Decimal | None]:
    """:func:`rasio_capaian` year by year; both lists are aligned to the target years."""
    _sejajar(realisasi, target, "rasio capaian")
    return [rasio_capaian(r, t, arah) for r, t in zip(realisasi, target, strict=True)]


def rasio_anggaran_per_tahun(
    realisasi: Sequence[Nilai], anggaran: Sequence[Nilai]
) -> list[Decimal | None]:
    """:func:`rasio_anggaran` year by year; both lists are aligned to the target years."""
    _sejajar(realisasi, anggaran, "rasio anggaran")
    return [rasio_anggaran(r, a) for r, a in zip(realisasi, anggaran, strict=True)]


# --- growth (T-C.24 "Rata-rata Pertumbuhan") ---------------------------------------------------


def pertumbuhan(sebelum: Nilai, sesudah: Nilai) -> Decimal | None:
    """Year-on-year growth in percent: (sesudah − sebelum) ÷ sebelum × 100.

    None if either year is zero, missing or non-numeric (the ratio rule: a fall to 0 is not
    reported as −100 %, it is "not computable" like everything else with a zero operand).
    """
    awal, akhir = _operand(sebelum), _operand(sesudah)
    if awal is None or akhir is None:
        return None
    with localcontext(_KONTEKS):
        return (akhir - awal) / awal * SERATUS


def pertumbuhan_tahunan(deret: Sequence[Nilai]) -> list[Decimal | None]:
    """The growth of every consecutive pair: n values give n − 1 rates."""
    return [pertumbuhan(a, b) for a, b in pairwise(deret)]


def rata_rata_pertumbuhan(deret: Sequence[Nilai]) -> Decimal | None:
    """T-C.24 "Rata-rata Pertumbuhan": the arithmetic mean of the year-on-year growth rates.

    100 → 110 → 121 gives 10 % and 10 %: mean 10. No year is skipped: if any value of the
    series is zero, missing or non-numeric, the average is None. Fewer than two values → None.
    """
    laju = pertumbuhan_tahunan(deret)
    if not laju or any(x is None for x in laju):
        return None
    with localcontext(_KONTEKS):
        return sum((x for x in laju if x is not None), Decimal(0)) / len(laju)


def cagr(deret: Sequence[Nilai]) -> Decimal | None:
    """Compound annual growth rate in percent: ((last ÷ first)^(1 ÷ (n − 1)) − 1) × 100.

    Not what the table prints (it uses :func:`rata_rata_pertumbuhan`); offered for narrative
    text. Only the first and last values are read, n is the number of years in the series
    (100, –, 121 → 10 %). None if n < 2, if either end is zero, missing or non-numeric, or if
    last ÷ first is negative (no real root).
    """
    if len(deret) < 2:
        return None
    awal, akhir = _operand(deret[0]), _operand(deret[-1])
    if awal is None or akhir is None:
        return None
    with localcontext(_KONTEKS):
        kelipatan = akhir / awal
        if kelipatan < 0:
            return None
        return (kelipatan ** (Decimal(1) / (len(deret) - 1)) - 1) * SERATUS


# --- programme totals (T-C.27) -----------------------------------------------------------------


def jumlah(nilai: Iterable[Nilai]) -> Decimal | None:
    """The exact sum of the values that are numbers; None when none of them is.

    Missing (or non-numeric) values are left out of the sum — an activity without funding in a
    year adds nothing — but a column with no figure at all stays "–", not Rp0.
    """
    angka = [x for x in map(parse_angka, nilai) if x is not None]
    if not angka:
        return None
    with localcontext(_KONTEKS):
        return sum(angka, Decimal(0))


@dataclass(frozen=True)
class Total:
    """Rp per target year, and the end-of-period Rp (the sum of the years)."""

    per_tahun: tuple[Decimal | None, ...]
    akhir_periode: Decimal | None


def total_program(kegiatan: Sequence[Sequence[Nilai]], jumlah_tahun: int) -> Total:
    """A programme's Rp from its activities: each year the sum of the activities' Rp.

    ``kegiatan`` holds one list per activity, aligned to the ``jumlah_tahun`` target years.
    The end-of-period Rp is the sum of the years (:func:`jumlah` rules for missing values).
    """
    for posisi, baris in enumerate(kegiatan, start=1):
        if len(baris) != jumlah_tahun:
            raise ValueError(f"kegiatan ke-{posisi}: {len(baris)} tahun, seharusnya {jumlah_tahun}")
    per_tahun = tuple(jumlah(baris[i] for baris in kegiatan) for i in range(jumlah_tahun))
    return Total(per_tahun, jumlah(per_tahun))


def total_keseluruhan(program: Sequence[Total], jumlah_tahun: int) -> Total:
    """The grand total over programmes, year by year, and its end-of-period Rp."""
    return total_program([p.per_tahun for p in program], jumlah_tahun)


def selisih_pagu(pagu_program: Nilai, jumlah_kegiatan: Nilai) -> Decimal | None:
    """Hand-given programme pagu minus the sum of its activities, to the sen (0 = they agree).

    Both are rounded half-up to two decimals first, so the difference is the one the printed
    figures show. None when either is missing or non-numeric (nothing to compare).
    """
    pagu, total = parse_angka(pagu_program), parse_angka(jumlah_kegiatan)
    if pagu is None or total is None:
        return None
    with localcontext(_KONTEKS):
        return bulatkan(pagu) - bulatkan(total)


def pesan_selisih_pagu(pagu_program: Nilai, jumlah_kegiatan: Nilai) -> str | None:
    """The validator's message when the pagu and the activities differ; None when they agree."""
    if not selisih_pagu(pagu_program, jumlah_kegiatan):
        return None
    return (
        f"pagu program {rp_or_dash(parse_angka(pagu_program))} berbeda dari jumlah kegiatan "
        f"{rp_or_dash(parse_angka(jumlah_kegiatan))}"
    )


# --- presentation ------------------------------------------------------------------------------


def bulatkan(nilai: Decimal) -> Decimal:
    """Half-up to two decimals (2.675 → 2.68, −2.675 → −2.68): only for presenting a figure."""
    with localcontext(_KONTEKS):
        return nilai.quantize(_DUA_DESIMAL, rounding=ROUND_HALF_UP)


def persen(nilai: Decimal | int | None) -> str:
    """75.6649 → '75,66%' (two decimals, half-up, Indonesian separators); None → '–'."""
    if nilai is None:
        return TANDA_KOSONG
    return teks.number(bulatkan(Decimal(nilai)), 2) + "%"


def number_or_dash(nilai: Decimal | int | None, places: int = 2) -> str:
    """:func:`teks.number` (half-up, '1.234,57'), or '–' for a missing figure."""
    return TANDA_KOSONG if nilai is None else teks.number(nilai, places)


def rp_or_dash(nilai: Decimal | int | None) -> str:
    """'Rp1.250.000.000,50' or 'Rp1.250.000' (sen shown only when there are any); None → '–'.

    Rounded half-up to the sen first, so Rp100,001 prints 'Rp100'. Zero is a figure: 'Rp0'.
    """
    if nilai is None:
        return TANDA_KOSONG
    return teks.rupiah(bulatkan(Decimal(nilai)))


def tampil_nilai(nilai: Nilai) -> str:
    """A typed target or realised value as printed: numbers in Indonesian style (decimals only
    when there are any, at most two, half-up), words and grades as written, missing as '–'."""
    if nilai is None:
        return TANDA_KOSONG
    angka = parse_angka(nilai)
    if angka is None:
        return str(nilai).strip() or TANDA_KOSONG
    places = 0 if angka == angka.to_integral_value() else 2
    percent = "%" if isinstance(nilai, str) and nilai.strip().endswith("%") else ""
    return teks.number(angka, places) + percent
