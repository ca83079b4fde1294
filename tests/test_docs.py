"""The user guide stays true: its full example validates, and it documents every model field."""

from __future__ import annotations

import re
import shutil
import types
import typing
from pathlib import Path

from pydantic import BaseModel

from renstra_docs.model import Renstra
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "panduan-data.md"
EXAMPLE = REPO / "docs" / "contoh-lengkap.yaml"
REFERENCE_HEADING = "## 6. Referensi kolom"


def _nested_model(annotation: object) -> tuple[type[BaseModel], bool] | None:
    """The model class inside a field's annotation, and whether it sits inside a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = typing.get_origin(annotation)
    if origin is list:
        found = _nested_model(typing.get_args(annotation)[0])
        return (found[0], True) if found else None
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _nested_model(arg)
            if found:
                return found
    return None


def field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every key path of ``model``, as the guide writes them: ``rpjmd.misi[].judul``."""
    paths = []
    for name, info in model.model_fields.items():
        path = prefix + name
        paths.append(path)
        nested = _nested_model(info.annotation)
        if nested is not None:
            sub, in_list = nested
            paths.extend(field_paths(sub, path + ("[]." if in_list else ".")))
    return paths


def reference_table_paths(guide: str) -> list[str]:
    """The key paths in the first column of the guide's reference tables."""
    section = guide.split(REFERENCE_HEADING, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


def test_full_example_is_a_valid_unit_file(tmp_path: Path) -> None:
    shutil.copy2(REPO / "renstra.yaml", tmp_path / "renstra.yaml")
    shutil.copytree(REPO / "gambar", tmp_path / "gambar")
    (tmp_path / "data").mkdir()
    unit_file = tmp_path / "data" / EXAMPLE.name
    shutil.copy2(EXAMPLE, unit_file)

    loaded = load_renstra(Workspace(tmp_path), unit_file)

    assert loaded.model.unit.nama_lengkap == "Kecamatan Bekasi Timur"
    assert loaded.model.bab_3.telaahan_visi_misi.misi_terkait == [1, 3, 5]


def test_field_paths_walk_nested_models() -> None:
    paths = field_paths(Renstra)
    assert "unit.kepala.nip" in paths
    assert "rpjmd.misi[].makna[].daftar" in paths
    assert "periode.tahun_target" in paths


def test_guide_names_every_model_field() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    paths = field_paths(Renstra)
    names = {path.rsplit(".", 1)[-1].removesuffix("[]") for path in paths}
    in_code = {
        word for span in re.findall(r"`([^`\n]+)`", guide) for word in re.findall(r"\w+", span)
    }
    missing_names = sorted(names - in_code)
    assert not missing_names, f"docs/panduan-data.md does not mention: {missing_names}"


def test_reference_tables_match_the_model_exactly() -> None:
    table = reference_table_paths(GUIDE.read_text(encoding="utf-8"))
    model = field_paths(Renstra)
    assert len(table) == len(set(table)), "a key path is listed twice in the reference tables"
    assert sorted(set(model) - set(table)) == [], "fields missing from the reference tables"
    assert sorted(set(table) - set(model)) == [], "reference tables list fields the model lacks"
