"""The user guide stays true: its full example validates, and it documents every model field."""

from __future__ import annotations

import re
import shutil
import types
import typing
from pathlib import Path

from pydantic import BaseModel

from renstra_docs.kerangka import TABLES, load_kerangka, table_rows
from renstra_docs.model import Renstra
from renstra_docs.model_tabel import Bagian
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "panduan-data.md"
EXAMPLE = REPO / "docs" / "contoh-lengkap.yaml"
REFERENCE_HEADING = re.compile(r"^## \d+\. Referensi kolom$", flags=re.MULTILINE)
#: The guide documents the keys of a section (model_tabel.Bagian) once, as ``<bagian>.teks``.
BAGIAN = "<bagian>"


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


def field_models(model: type[BaseModel], prefix: str = "") -> dict[str, type[BaseModel] | None]:
    """Every key path of ``model`` as the guide writes them (``rpjmd.misi[].judul``), each with
    the model class it holds (None for a plain value)."""
    paths: dict[str, type[BaseModel] | None] = {}
    for name, info in model.model_fields.items():
        path = prefix + name
        nested = _nested_model(info.annotation)
        paths[path] = nested[0] if nested else None
        if nested is not None:
            sub, in_list = nested
            paths.update(field_models(sub, path + ("[]." if in_list else ".")))
    return paths


def field_paths(model: type[BaseModel]) -> list[str]:
    return list(field_models(model))


def documented_paths(model: type[BaseModel]) -> set[str]:
    """The key paths the reference tables must list: every path, except that the keys inside a
    section (``bab_1.latar_belakang.teks``) are listed once, as ``<bagian>.teks``."""
    fields = field_models(model)
    sections = {path for path, cls in fields.items() if cls is Bagian}
    inside = {path for path in fields if any(path.startswith(s + ".") for s in sections)}
    return (set(fields) - inside) | {f"{BAGIAN}.{name}" for name in Bagian.model_fields}


def reference_table_paths(guide: str) -> list[str]:
    """The key paths in the first column of the guide's reference tables."""
    match = REFERENCE_HEADING.search(guide)
    assert match, "docs/panduan-data.md has no '## N. Referensi kolom' section"
    section = guide[match.end() :].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


def outline_rows(guide: str, regulasi: str) -> set[tuple[str, frozenset[str]]]:
    """The guide's outline table of ``regulasi``: (section key, data keys of its tables)."""
    heading = f"### Kerangka Permendagri {regulasi} "
    assert heading in guide, f"docs/panduan-data.md has no outline for {regulasi}"
    section = re.split(r"\n##", guide.split(heading, 1)[1], maxsplit=1)[0]
    table_keys = set(TABLES.values())
    rows = set()
    for line in section.splitlines():
        codes = re.findall(r"`([^`]+)`", line)
        keys = [c for c in codes if re.fullmatch(r"bab_\d\.[a-z_]+", c)]
        if line.startswith("| ") and keys:
            rows.add((keys[0], frozenset(c for c in codes if c in table_keys)))
    return rows


def test_full_example_is_a_valid_unit_file(tmp_path: Path) -> None:
    shutil.copy2(REPO / "renstra.yaml", tmp_path / "renstra.yaml")
    shutil.copytree(REPO / "gambar", tmp_path / "gambar")
    (tmp_path / "data").mkdir()
    unit_file = tmp_path / "data" / EXAMPLE.name
    shutil.copy2(EXAMPLE, unit_file)

    loaded = load_renstra(Workspace(tmp_path), unit_file)  # not a draft: complete

    model = loaded.model
    assert model.unit.nama_lengkap == "Kecamatan Bekasi Timur"
    assert model.regulasi == "54/2010"
    telaahan = model.bab_3.telaahan_visi_misi
    assert telaahan is not None and telaahan.misi_terkait == [1, 3, 5]
    # Complete: every section of the outline written, a few of them intentionally omitted …
    sections = [
        getattr(getattr(model, bab.kunci), bagian.kunci)
        for bab in loaded.kerangka.bab
        for bagian in bab.bagian
    ]
    assert all(section is not None for section in sections)
    omitted = [s for s in sections if isinstance(s, Bagian) and s.dihilangkan is not None]
    assert 1 <= len(omitted) < len(sections) // 2
    # … every standard table with rows, a figure, an appendix, and a hand-written pagu.
    assert all(table_rows(model, key) for key in TABLES), "a standard table without rows"
    assert model.tujuan and model.perwal is not None and model.kata_pengantar is not None
    assert model.gambar and model.lampiran
    assert any(p.pagu is not None and len(p.kegiatan) == 2 for p in model.program)


def test_field_paths_walk_nested_models() -> None:
    paths = field_paths(Renstra)
    assert "unit.kepala.nip" in paths
    assert "rpjmd.misi[].makna[].daftar" in paths
    assert "periode.tahun_evaluasi" in paths
    assert "program[].kegiatan[].indikator[].target" in paths
    assert "bab_2.sumber_daya.dihilangkan" in paths
    documented = documented_paths(Renstra)
    assert "bab_2.sumber_daya" in documented
    assert "bab_2.sumber_daya.dihilangkan" not in documented
    assert {"<bagian>.teks", "<bagian>.dihilangkan"} <= documented


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
    model = documented_paths(Renstra)
    assert len(table) == len(set(table)), "a key path is listed twice in the reference tables"
    assert sorted(model - set(table)) == [], "fields missing from the reference tables"
    assert sorted(set(table) - model) == [], "reference tables list fields the model lacks"


def test_outline_tables_match_the_shipped_outlines() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for regulasi in ("54/2010", "86/2017"):
        kerangka = load_kerangka(regulasi)
        expected = set()
        for bab in kerangka.bab:
            tables = frozenset(TABLES[t.kunci] for t in bab.tabel)
            expected.add((f"{bab.kunci}.pengantar", tables))
            for bagian in bab.bagian:
                tables = frozenset(TABLES[t.kunci] for t in bagian.tabel)
                expected.add((f"{bab.kunci}.{bagian.kunci}", tables))
        assert outline_rows(guide, regulasi) == expected, regulasi
