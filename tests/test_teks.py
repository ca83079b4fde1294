"""Indonesian wording and number style, against values written by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from renstra_docs import teks


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "pertama"), (2, "kedua"), (3, "ketiga"), (4, "keempat"), (5, "kelima"),
        (10, "kesepuluh"), (11, "kesebelas"), (12, "kedua belas"), (20, "kedua puluh"),
        (21, "kedua puluh satu"), (100, "keseratus"),
    ],
)  # fmt: skip
def test_ordinal(n: int, word: str) -> None:
    assert teks.ordinal(n) == word


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"), (1, "satu"), (11, "sebelas"), (15, "lima belas"), (40, "empat puluh"),
        (101, "seratus satu"), (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"), (1250, "seribu dua ratus lima puluh"),
        (2000000, "dua juta"), (1000000000, "satu miliar"),
    ],
)  # fmt: skip
def test_terbilang(n: int, words: str) -> None:
    assert teks.terbilang(n) == words


def test_join_words() -> None:
    assert teks.join_words(["a"]) == "a"
    assert teks.join_words(["a", "b"]) == "a dan b"
    assert teks.join_words(["a", "b", "c"]) == "a, b, dan c"
    assert teks.join_words(["a", "b, c", "d"]) == "a; b, c; dan d"


def test_dates_and_roman() -> None:
    assert teks.date_long(dt.date(2026, 11, 28)) == "28 November 2026"
    assert teks.date_long(dt.date(2013, 1, 5)) == "5 Januari 2013"
    assert [teks.roman(n) for n in (1, 3, 4, 7, 8, 9, 14, 40)] == [
        "I", "III", "IV", "VII", "VIII", "IX", "XIV", "XL",
    ]  # fmt: skip
    assert teks.roman(3, upper=False) == "iii"


def test_numbers_in_indonesian_style() -> None:
    assert teks.number(Decimal("1234567.891"), 2) == "1.234.567,89"
    assert teks.number(Decimal("2.675"), 2) == "2,68"  # half-up, not banker's rounding
    assert teks.number(Decimal("-1234.5"), 0) == "-1.235"
    assert teks.number(999) == "999"
    assert teks.rupiah(1000000) == "Rp1.000.000"
    assert teks.rupiah(Decimal("1250000.5")) == "Rp1.250.000,50"
    assert teks.rupiah(-5000) == "-Rp5.000"
    assert teks.inline_list(["a", "b"]) == "(1) a; (2) b"
