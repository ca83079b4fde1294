"""Computed figures against values worked out by hand (written literally, never recomputed)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from renstra_docs.hitung import (
    Nilai,
    Total,
    angka_salah_format,
    bulatkan,
    cagr,
    jumlah,
    number_or_dash,
    parse_angka,
    persen,
    pertumbuhan,
    pertumbuhan_tahunan,
    pesan_selisih_pagu,
    rasio_anggaran,
    rasio_anggaran_per_tahun,
    rasio_capaian,
    rasio_capaian_per_tahun,
    rata_rata_pertumbuhan,
    rp_or_dash,
    selisih_pagu,
    total_keseluruhan,
    total_program,
)

D = Decimal

# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1250000, D("1250000")),
        (75.5, D("75.5")),
        (2.675, D("2.675")),  # via str(): not the binary 2.67499999…
        (D("12.30"), D("12.30")),
        ("1.250.000", D("1250000")),
        ("Rp 1.250.000,00", D("1250000.00")),
        ("Rp1.250.000.000,50", D("1250000000.50")),
        ("Rp 1.250.000,-", D("1250000")),
        ("-Rp1.000", D("-1000")),
        ("Rp -1.000", D("-1000")),
        ("75,5%", D("75.5")),
        ("75,5 %", D("75.5")),
        ("-1.250,5", D("-1250.5")),
        ("−3,2", D("-3.2")),  # U+2212 MINUS SIGN
        ("1250000", D("1250000")),
        ("  0,25 ", D("0.25")),
        ("1.250", D("1250")),  # a string is Indonesian style: "." groups thousands
    ],
)
def test_parse_angka_numbers(value: object, expected: Decimal) -> None:
    result = parse_angka(value)
    assert result == expected
    assert str(result) == str(expected)


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        "",
        "–",
        "A",
        "BB",
        "Tersedia",
        "75.5",
        "0.5",
        "1,250.00",
        "1.2500",
        float("nan"),
        float("inf"),
        D("NaN"),
    ],
)
def test_parse_angka_not_a_number(value: object) -> None:
    assert parse_angka(value) is None


def test_angka_salah_format_flags_english_style_only() -> None:
    assert angka_salah_format("75.5") is True
    assert angka_salah_format("Rp 1,250,000.00") is True
    assert angka_salah_format("75,5") is False
    assert angka_salah_format("Tersedia") is False
    assert angka_salah_format("BB") is False
    assert angka_salah_format(75.5) is False


# --- realisation ratio (T-C.23) ----------------------------------------------------------------


def test_rasio_capaian_naik() -> None:
    # 85 / 90 × 100 = 94,4444…
    assert persen(rasio_capaian(85, 90, "naik")) == "94,44%"
    assert persen(rasio_capaian("75,5", "80", "naik")) == "94,38%"  # 94,375 → half-up
    assert persen(rasio_capaian(110, 100, "naik")) == "110,00%"


def test_rasio_capaian_turun() -> None:
    # lower is better: target / realisasi × 100 = 10 / 8 × 100
    assert persen(rasio_capaian(8, 10, "turun")) == "125,00%"
    # 12 / 10 × 100 would be "naik"; here 10 / 12 × 100 = 83,333…
    assert persen(rasio_capaian(12, 10, "turun")) == "83,33%"


def test_rasio_capaian_not_computable() -> None:
    assert persen(rasio_capaian(0, 10, "turun")) == "–"  # realisasi 0: division by zero
    assert persen(rasio_capaian(5, 0, "turun")) == "–"  # target 0
    assert persen(rasio_capaian(85, 0, "naik")) == "–"
    assert persen(rasio_capaian(0, 90, "naik")) == "–"  # zero operand, as the convention says
    assert persen(rasio_capaian(None, 90, "naik")) == "–"
    assert persen(rasio_capaian("Tersedia", "Tersedia", "naik")) == "–"
    assert persen(rasio_capaian("A", "BB", "turun")) == "–"


def test_rasio_capaian_negative_values() -> None:
    # a target of −2 (% growth) and a realisation of −1: −1 / −2 × 100
    assert persen(rasio_capaian(-1, -2, "naik")) == "50,00%"
    assert persen(rasio_capaian(-1, 2, "naik")) == "-50,00%"


def test_rasio_capaian_unknown_direction() -> None:
    with pytest.raises(ValueError, match="naik/turun"):
        rasio_capaian(1, 1, "tetap")  # type: ignore[arg-type]


def test_rasio_capaian_per_tahun() -> None:
    rasio = rasio_capaian_per_tahun([85, None, 95], [90, 90, "BB"], "naik")
    assert [persen(x) for x in rasio] == ["94,44%", "–", "–"]
    with pytest.raises(ValueError):
        rasio_capaian_per_tahun([1, 2], [1], "naik")


# --- budget ratio (T-C.24) ---------------------------------------------------------------------


def test_rasio_anggaran() -> None:
    # 1.125.000.000 / 1.250.000.000,50 × 100 = 89,99999996…
    assert persen(rasio_anggaran(D("1125000000"), D("1250000000.50"))) == "90,00%"
    # 26,75 / 1.000 × 100 = 2,675 exactly → half-up at presentation only
    assert persen(rasio_anggaran("26,75", "1.000")) == "2,68%"
    assert persen(rasio_anggaran(500, 0)) == "–"
    per_tahun = rasio_anggaran_per_tahun(["Rp 900.000", None], ["Rp 1.000.000", 5])
    assert [persen(x) for x in per_tahun] == ["90,00%", "–"]


# --- growth ------------------------------------------------------------------------------------


def test_pertumbuhan_year_on_year() -> None:
    assert persen(pertumbuhan(100, 110)) == "10,00%"
    assert persen(pertumbuhan(200, 150)) == "-25,00%"
    assert persen(pertumbuhan(0, 150)) == "–"
    assert persen(pertumbuhan(150, 0)) == "–"
    assert [persen(x) for x in pertumbuhan_tahunan([100, 150, 120])] == ["50,00%", "-20,00%"]


def test_rata_rata_pertumbuhan_is_the_arithmetic_mean() -> None:
    assert persen(rata_rata_pertumbuhan([100, 110, 121])) == "10,00%"
    # +50 % and −20 %: mean 15 % (the compound rate would be 9,54 %)
    assert persen(rata_rata_pertumbuhan([100, 150, 120])) == "15,00%"
    # 10 %, 20 %, −50 %: (10 + 20 − 50) / 3 = −6,666…
    assert persen(rata_rata_pertumbuhan([100, 110, 132, 66])) == "-6,67%"
    assert persen(rata_rata_pertumbuhan(["Rp 1.000.000", "Rp 1.100.000", "Rp 1.210.000"])) == (
        "10,00%"
    )


def test_rata_rata_pertumbuhan_skips_nothing() -> None:
    assert rata_rata_pertumbuhan([100, None, 121]) is None
    assert rata_rata_pertumbuhan([100, 0, 121]) is None
    assert rata_rata_pertumbuhan([0, 100, 121]) is None
    assert rata_rata_pertumbuhan([100]) is None
    assert rata_rata_pertumbuhan([]) is None


def test_cagr() -> None:
    assert persen(cagr([100, 110, 121])) == "10,00%"
    assert persen(cagr([100, 150, 120])) == "9,54%"  # √1,2 = 1,0954…
    assert persen(cagr([100, 125, 150])) == "22,47%"  # √1,5 = 1,2247…
    assert persen(cagr([1000, None, None, 2000])) == "25,99%"  # ∛2 = 1,2599…, middle unused
    assert persen(cagr([200, 150])) == "-25,00%"
    assert cagr([0, 100]) is None
    assert cagr([100, -50]) is None
    assert cagr([100]) is None


# --- programme totals (T-C.27) -----------------------------------------------------------------


def test_total_program_sums_activities_per_year_and_period() -> None:
    kegiatan: list[list[Nilai]] = [
        ["Rp 1.250.000.000,50", 100_000_000, None],
        [D("250000000"), "Rp 50.000.000,-", None],
    ]
    total = total_program(kegiatan, 3)
    assert total.per_tahun == (D("1500000000.50"), D("150000000"), None)
    assert total.akhir_periode == D("1650000000.50")
    assert [rp_or_dash(x) for x in total.per_tahun] == [
        "Rp1.500.000.000,50",
        "Rp150.000.000",
        "–",
    ]
    assert rp_or_dash(total.akhir_periode) == "Rp1.650.000.000,50"


def test_total_keseluruhan_over_programmes() -> None:
    program = [
        Total((D("1500000000.50"), D("150000000"), None), D("1650000000.50")),
        Total((D("0.25"), None, D("10")), D("10.25")),
    ]
    total = total_keseluruhan(program, 3)
    assert total.per_tahun == (D("1500000000.75"), D("150000000"), D("10"))
    assert total.akhir_periode == D("1650000010.75")


def test_total_program_rejects_misaligned_years() -> None:
    with pytest.raises(ValueError, match="kegiatan ke-2"):
        total_program([[1, 2], [1]], 2)


def test_sums_keep_full_precision_until_presented() -> None:
    # 0,004 three times is 0,012 → Rp0,01; rounding each first would give Rp0
    assert jumlah([D("0.004"), D("0.004"), D("0.004")]) == D("0.012")
    assert rp_or_dash(jumlah(["0,004", "0,004", "0,004"])) == "Rp0,01"
    assert jumlah([None, "Tersedia"]) is None
    assert jumlah([-D("1250000000.50"), 250000000]) == D("-1000000000.50")


def test_selisih_pagu() -> None:
    assert selisih_pagu("Rp 1.300.000.000", D("1250000000.50")) == D("49999999.50")
    assert selisih_pagu(1000, "1.000,00") == D("0")
    assert selisih_pagu(D("1000.001"), 1000) == D("0")  # same to the sen
    assert selisih_pagu(None, 1000) is None
    assert pesan_selisih_pagu("Rp 1.300.000.000", D("1250000000.50")) == (
        "pagu program Rp1.300.000.000 berbeda dari jumlah kegiatan Rp1.250.000.000,50"
    )
    assert pesan_selisih_pagu(1000, 1000) is None


# --- presentation ------------------------------------------------------------------------------


def test_half_up_rounding() -> None:
    assert persen(D("2.675")) == "2,68%"
    assert persen(D("1.005")) == "1,01%"
    assert persen(parse_angka(2.675)) == "2,68%"  # a YAML float, not binary 2.67499…
    assert persen(parse_angka(1.005)) == "1,01%"
    assert persen(D("-12.345")) == "-12,35%"
    assert persen(D("-0.001")) == "0,00%"
    assert bulatkan(D("2.665")) == D("2.67")  # half-up, not the banker's 2.66


def test_formatting_helpers() -> None:
    assert persen(D("75.6649")) == "75,66%"
    assert persen(D("1234.5")) == "1.234,50%"
    assert persen(100) == "100,00%"
    assert persen(None) == "–"
    assert rp_or_dash(D("1250000000.50")) == "Rp1.250.000.000,50"
    assert rp_or_dash(D("1250000")) == "Rp1.250.000"
    assert rp_or_dash(D("100.001")) == "Rp100"
    assert rp_or_dash(D("-1250000")) == "-Rp1.250.000"
    assert rp_or_dash(0) == "Rp0"
    assert rp_or_dash(None) == "–"
    assert number_or_dash(D("1234567.891")) == "1.234.567,89"
    assert number_or_dash(D("-1234.5"), 0) == "-1.235"
    assert number_or_dash(None) == "–"


def test_tampil_nilai() -> None:
    from renstra_docs.hitung import tampil_nilai

    assert tampil_nilai(None) == "–"
    assert tampil_nilai(1250000) == "1.250.000"
    assert tampil_nilai(75.5) == "75,50"
    assert tampil_nilai("75,125") == "75,13"
    assert tampil_nilai("Tersedia") == "Tersedia"
    assert tampil_nilai("75,5%") == "75,50%"
    assert tampil_nilai("BB") == "BB"
