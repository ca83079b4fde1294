"""`renstra skema`: a valid JSON Schema (Draft 2020-12) that accepts the sample and rejects
the malformed files it can see.

Editors (VS Code's YAML extension) read YAML 1.2, where ``2013-11-28`` is a string; the schema
therefore says ``type: string, format: date``. PyYAML (YAML 1.1) reads it as a date, so the
data is loaded with ``yaml.safe_load`` and dates are turned back into ISO strings before the
schema sees them, which is what an editor does.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # no stubs pinned

from renstra_docs.cli import cli

from .conftest import REPO

BAD = Path(__file__).resolve().parent / "bad"


def as_editor_sees_it(value: Any) -> Any:
    """Dates as ISO strings, recursively (YAML 1.2 has no date type)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_editor_sees_it(sub) for key, sub in value.items()}
    if isinstance(value, list):
        return [as_editor_sees_it(sub) for sub in value]
    return value


def load(path: Path) -> Any:
    return as_editor_sees_it(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    result = CliRunner().invoke(cli, ["skema"], catch_exceptions=False)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_schema_describes_in_indonesian(validator: Draft202012Validator) -> None:
    schema = validator.schema
    assert "renstra.yaml" in schema["description"]
    assert schema["additionalProperties"] is False
    tanggal = schema["$defs"]["Penetapan"]["properties"]["tanggal"]
    assert (tanggal["type"], tanggal["format"]) == ("string", "date")
    assert "Tanggal dokumen" in tanggal["description"]


@pytest.mark.parametrize("path", ["renstra.yaml", "data/bekasi-utara.yaml"])
def test_sample_files_are_valid(validator: Draft202012Validator, path: str) -> None:
    errors = [error.message for error in validator.iter_errors(load(REPO / path))]
    assert errors == []


def test_dates_are_checked_as_dates(validator: Draft202012Validator) -> None:
    data = load(REPO / "data" / "bekasi-utara.yaml")
    assert data["penetapan"]["tanggal"] == "2013-11-28"
    data["penetapan"]["tanggal"] = "2013-02-30"
    assert not validator.is_valid(data)


def test_partial_override_is_valid(validator: Draft202012Validator) -> None:
    """A unit file may override one key of a shared mapping; list items stay complete."""
    assert validator.is_valid({"periode": {"akhir": 2019}, "pengaturan": {"kertas": "f4"}})
    assert validator.is_valid({"unit": {"kepala": {"nip": "197507302001121001"}}})
    misi_tanpa_makna = {"rpjmd": {"misi": [{"judul": "Misi"}]}}
    errors = list(validator.iter_errors(misi_tanpa_makna))
    assert [(list(e.absolute_path), e.validator) for e in errors] == [
        (["rpjmd", "misi", 0], "required")
    ]


#: Bad files whose fault is visible to the schema, with the path of the value it rejects.
#: (A missing required key is not among them: a single file may leave any mapping key to the
#: other file; ``renstra periksa`` checks requirements on the merged data.)
SCHEMA_CATCHES = {
    "unti": [],  # unknown top-level key: additionalProperties on the root
    "pangakt": ["unit", "kepala"],
    "kunci-tidak-dikenal": ["penetapan"],
    "daftar-untuk-teks": ["unit", "nama"],
    "angka-untuk-teks": ["unit", "jenis"],
    "teks-untuk-daftar": ["bab_3", "telaahan_visi_misi", "faktor_penghambat"],
    "angka-untuk-pemetaan": ["penetapan"],
    "judul-kosong": ["rpjmd", "misi", 2, "judul"],
    "nilai-kosong": ["penetapan", "tempat"],
    "kertas-a5": ["pengaturan", "kertas"],
    "tanggal-bukan-tanggal": ["penetapan", "tanggal"],
    "tahun-20013": ["periode", "akhir"],
    "misi-bukan-angka": ["bab_3", "telaahan_visi_misi", "misi_terkait", 0],
    "nip-huruf": ["unit", "kepala", "nip"],
}


@pytest.mark.parametrize("name", sorted(SCHEMA_CATCHES))
def test_schema_rejects_bad_files(validator: Draft202012Validator, name: str) -> None:
    errors = list(validator.iter_errors(load(BAD / f"{name}.yaml")))
    assert errors, f"{name}.yaml lolos dari skema"
    assert [list(error.absolute_path) for error in errors] == [SCHEMA_CATCHES[name]]
