"""Model rules that are not about YAML syntax: years, settings, NIP parts."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from renstra_docs.model import Pengaturan, Periode, check_nip


def periode(**values: Any) -> Periode:
    return Periode.model_validate(values)


def test_default_years() -> None:
    p = periode(awal=2013, akhir=2018)
    assert p.dasar == 2013
    assert p.target == [2014, 2015, 2016, 2017, 2018]
    assert p.teks == "2013–2018"


def test_four_year_rpd_with_base_year_before_the_period() -> None:
    p = periode(awal=2023, akhir=2026, tahun_dasar=2022)
    assert p.target == [2023, 2024, 2025, 2026]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"awal": 2018, "akhir": 2013}, "tahun akhir (2013) harus sesudah tahun awal (2018)"),
        ({"awal": 2013, "akhir": 2018, "tahun_dasar": 2018}, "tidak ada tahun target sesudah"),
        ({"awal": 2013, "akhir": 2018, "tahun_dasar": 2010}, "harus di dalam periode"),
        (
            {"awal": 2013, "akhir": 2018, "tahun_dasar": 2015, "tahun_target": [2014, 2016]},
            "tahun target 2014 harus sesudah tahun dasar 2015",
        ),
        (
            {"awal": 2013, "akhir": 2018, "tahun_target": [2015, 2014]},
            "berurutan naik",
        ),
    ],
)
def test_year_rules(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as err:
        periode(**values)
    assert message in str(err.value)


def test_settings_accept_capitals() -> None:
    assert Pengaturan.model_validate({"kertas": "F4", "penomoran": "Bab"}).kertas == "f4"
    with pytest.raises(ValidationError):
        Pengaturan.model_validate({"kertas": "A5"})


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19750730200112100", "NIP harus 18 angka (tertulis 17)"),
        ("197513302001121001", "tanggal lahir '19751330'"),
        ("197507302001131001", "bulan pengangkatan '13'"),
        ("197507302001123001", "jenis kelamin harus 1 atau 2"),
        ("197507302001121000", "nomor urut tidak boleh 000"),
        ("197507301980121001", "tahun pengangkatan 1980"),
    ],
)
def test_nip_parts(nip: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_nip(nip)
    assert check_nip("197507302001121001") == "197507302001121001"
