"""Indonesian wording and number style: ordinals, dates, lists, roman numerals, numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext

BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip

_SATUAN = (
    "", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
)  # fmt: skip


def terbilang(n: int) -> str:
    """A whole number in Indonesian words: 12 → 'dua belas', 21 → 'dua puluh satu'."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n == 0:
        return "nol"
    if n < 12:
        return _SATUAN[n]
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_SATUAN[tens]} puluh" + (f" {_SATUAN[rest]}" if rest else "")
    if n < 200:
        return "seratus" + (f" {terbilang(n - 100)}" if n > 100 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_SATUAN[hundreds]} ratus" + (f" {terbilang(rest)}" if rest else "")
    if n < 2000:
        return "seribu" + (f" {terbilang(n - 1000)}" if n > 1000 else "")
    for size, name in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            head, rest = divmod(n, size)
            return f"{terbilang(head)} {name}" + (f" {terbilang(rest)}" if rest else "")
    raise AssertionError(n)  # pragma: no cover


def ordinal(n: int) -> str:
    """Indonesian ordinal word: 1 → 'pertama', 5 → 'kelima', 12 → 'kedua belas'."""
    if n < 1:
        raise ValueError(f"ordinal of {n}")
    return "pertama" if n == 1 else "ke" + terbilang(n)


def join_words(items: Sequence[str]) -> str:
    """'a', 'a dan b', 'a, b, dan c' (Indonesian serial comma, as PUEBI writes it).

    When an item itself contains a comma, the items are separated by semicolons
    ('a; b, c; dan d') so the reader can still tell where each one ends.
    """
    items = list(items)
    if len(items) <= 2:
        return " dan ".join(items)
    separator = "; " if any("," in item for item in items) else ", "
    return separator.join(items[:-1]) + separator + "dan " + items[-1]


def date_long(value: dt.date) -> str:
    """28 November 2026."""
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def roman(n: int, upper: bool = True) -> str:
    """3 → 'III' (1 ≤ n < 4000)."""
    if not 0 < n < 4000:
        raise ValueError(f"roman numeral of {n}")
    numerals = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out = ""
    for value, letters in numerals:
        count, n = divmod(n, value)
        out += letters * count
    return out if upper else out.lower()


def number(value: Decimal | int, places: int = 0) -> str:
    """1234567.891 → '1.234.567,89' (places=2); half-up rounding, PUEBI separators."""
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(value)
    # Precision for every digit to print: the default 28 cannot hold a ratio such as 1e30 %.
    with localcontext(prec=max(28, exact.adjusted() + places + 2)):
        rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, frac = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    text = ".".join([whole, *groups])
    return sign + text + ("," + frac if frac else "")


def rupiah(value: Decimal | int) -> str:
    """Rp1.250.000 (no space, no decimals unless there are sen)."""
    amount = Decimal(value)
    places = 0 if amount == amount.to_integral_value() else 2
    text = number(amount, places)
    return f"-Rp{text[1:]}" if text.startswith("-") else f"Rp{text}"


def inline_list(items: Sequence[str]) -> str:
    """'(1) a; (2) b; … (10) j' — a numbered list printed inside a sentence."""
    return "; ".join(f"({i}) {item}" for i, item in enumerate(items, start=1))
