"""Checks across the document: outline coverage, yearly counts, codes, references, pagu."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from renstra_docs.errors import DataError
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

from .conftest import copy_mini

LIMA = [1, 2, 3, 4, 5]


def _program(kode: str, pagu: list[int] | None = None) -> dict[str, Any]:
    program: dict[str, Any] = {
        "kode": kode,
        "nama": "Program Pelayanan Administrasi Perkantoran",
        "sasaran": "S1",
        "indikator": [{"uraian": "Tingkat pelayanan", "satuan": "%", "target": LIMA}],
        "penanggung_jawab": "Sekretariat Kecamatan",
        "lokasi": "Kecamatan Bekasi Utara",
        "kegiatan": [
            {
                "kode": f"{kode}.01",
                "nama": "Penyediaan jasa surat menyurat",
                "indikator": [{"uraian": "Surat terkirim", "target": LIMA}],
                "pagu": [100_000_000, 110_000_000, 120_000_000, 130_000_000, 140_000_000],
            },
            {
                "kode": f"{kode}.02",
                "nama": "Penyediaan alat tulis kantor",
                "indikator": [{"uraian": "ATK tersedia", "target": LIMA}],
                "pagu": [250_500_000, 0, 10, 20, 30],
            },
        ],
    }
    if pagu is not None:
        program["pagu"] = pagu
    return program


def _workspace(tmp_path: Path, change: dict[str, Any]) -> tuple[Workspace, Path]:
    root = copy_mini(tmp_path / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    data.update(
        {
            "tujuan": [{"kode": "T1", "uraian": "Meningkatkan kualitas pelayanan"}],
            "sasaran": [
                {
                    "kode": "S1",
                    "tujuan": "T1",
                    "uraian": "Meningkatnya kepuasan masyarakat",
                    "indikator": [{"uraian": "Indeks kepuasan", "target": LIMA}],
                }
            ],
            "program": [_program("1.20.01")],
        }
    )
    for key, value in change.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    unit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Workspace(root), unit


def _messages(tmp_path: Path, change: dict[str, Any], *, draf: bool = True) -> list[str]:
    ws, unit = _workspace(tmp_path, change)
    with pytest.raises(DataError) as err:
        load_renstra(ws, unit, draf=draf)
    return [f"{p.path}: {p.message}" for p in err.value.problems]


def test_consistent_data_passes_in_draft(tmp_path: Path) -> None:
    ws, unit = _workspace(tmp_path, {})
    loaded = load_renstra(ws, unit, draf=True)
    assert loaded.model.program[0].kegiatan[1].pagu[0] == 250_500_000


def test_pagu_given_by_hand_must_equal_the_activities(tmp_path: Path) -> None:
    right = [350_500_000, 110_000_000, 120_000_010, 130_000_020, 140_000_030]
    ws, unit = _workspace(tmp_path, {"program": [_program("1.20.01", right)]})
    load_renstra(ws, unit, draf=True)
    wrong = [350_000_000, *right[1:]]
    assert _messages(tmp_path / "b", {"program": [_program("1.20.01", wrong)]}) == [
        "program[1].pagu[1]: tahun 2014: pagu program Rp350.000.000 berbeda dari jumlah"
        " kegiatan Rp350.500.000"
    ]


def test_yearly_values_must_match_the_target_years(tmp_path: Path) -> None:
    program = _program("1.20.01")
    program["kegiatan"][0]["pagu"] = [1, 2, 3, 4]
    assert _messages(tmp_path, {"program": [program]}) == [
        "program[1].kegiatan[1].pagu: harus berisi 5 nilai, satu per tahun target 2014–2018"
        " (tertulis 4)"
    ]


def test_references_and_codes(tmp_path: Path) -> None:
    change = {
        "sasaran": [
            {
                "kode": "S1",
                "tujuan": "T9",
                "uraian": "x",
                "indikator": [{"uraian": "y", "target": LIMA}],
            }
        ],
        "program": [_program("1.20.01"), _program("1.20.01")],
        "strategi": [{"sasaran": "S7", "strategi": ["a"], "kebijakan": ["b"]}],
    }
    assert sorted(_messages(tmp_path, change)) == sorted(
        [
            "sasaran[1].tujuan: tujuan 'T9' tidak ada di daftar tujuan",
            "program[2].kode: kode '1.20.01' sudah dipakai di program[1].kode",
            "program[2].kegiatan[1].kode: kode '1.20.01.01' sudah dipakai di"
            " program[1].kegiatan[1].kode",
            "program[2].kegiatan[2].kode: kode '1.20.01.02' sudah dipakai di"
            " program[1].kegiatan[2].kode",
            "strategi[1].sasaran: sasaran 'S7' tidak ada",
        ]
    )


def test_unknown_reference_in_prose(tmp_path: Path) -> None:
    change = {"bab_7": {"pengantar": "Lihat [[tabel:tc99]] dan [[gambar:bagan]]."}}
    assert _messages(tmp_path, change) == [
        "bab_7.pengantar: rujukan gambar 'bagan' tidak dikenal",
        "bab_7.pengantar: rujukan tabel 'tc99' tidak dikenal",
    ]


def test_english_decimal_is_refused(tmp_path: Path) -> None:
    program = _program("1.20.01")
    program["indikator"][0]["target"] = ["75.5", 2, 3, 4, 5]
    assert _messages(tmp_path, {"program": [program]}) == [
        "program[1].indikator[1].target[1]: tulis angka gaya Indonesia ('75.5' → pakai koma"
        " untuk desimal)"
    ]


def test_missing_sections_are_errors_unless_draft(tmp_path: Path) -> None:
    messages = _messages(tmp_path, {"bab_7": None, "kata_pengantar": None}, draf=False)
    assert "bab_7.pengantar: wajib diisi (atau 'dihilangkan: alasan')" in messages
    assert "kata_pengantar: wajib diisi (teks KATA PENGANTAR)" in messages


def test_section_from_the_other_regulation(tmp_path: Path) -> None:
    change = {"bab_8": {"pengantar": "Penutup."}}
    assert _messages(tmp_path, change) == [
        "bab_8.pengantar: BAB VIII tidak ada dalam kerangka Permendagri 54/2010"
    ]


def test_figure_must_sit_in_a_section_of_the_outline(tmp_path: Path) -> None:
    gambar = {
        "kunci": "bagan",
        "berkas": "gambar/lambang-contoh.svg",
        "judul": "Bagan",
        "bagian": "tugas_fungsi_struktr",
    }
    assert _messages(tmp_path, {"gambar": [gambar]}) == [
        "gambar[1].bagian: bagian 'tugas_fungsi_struktr' tidak ada dalam kerangka"
        " (maksud Anda 'tugas_fungsi_struktur'?)"
    ]


def test_kata_pengantar_cannot_be_omitted(tmp_path: Path) -> None:
    change = {"kata_pengantar": {"dihilangkan": "belum"}}
    assert _messages(tmp_path, change) == [
        "kata_pengantar.dihilangkan: KATA PENGANTAR tidak dapat dihilangkan"
    ]


def test_draft_may_cite_a_table_not_filled_in_yet(tmp_path: Path) -> None:
    ws, unit = _workspace(tmp_path, {"bab_7": {"pengantar": "Lihat [[tabel:tc28]]."}})
    load_renstra(ws, unit, draf=True)
    assert _messages(
        tmp_path / "b", {"bab_7": {"pengantar": "Lihat [[tabel:tc28]]."}}, draf=False
    ) == ["bab_7.pengantar: rujukan tabel 'tc28' tidak dikenal"]
