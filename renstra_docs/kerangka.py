"""The document outline of each regulation: chapters, sections, their titles and tables.

The outlines live as data beside the templates (``templates/kerangka/<regulasi>.yaml``) so a
region can retitle a section by overriding that one file in its workspace. This module reads
the outline and numbers the tables and figures of one Renstra, chapter by chapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import assets
from .errors import BuildError
from .model import Renstra

#: Table key → the Renstra field holding its rows. (Each table's template decides its page
#: orientation: T-C.23, T-C.24 and T-C.27 wrap themselves in a landscape page.)
TABLES: dict[str, str] = {
    "tc23": "indikator_kinerja",
    "tc24": "anggaran",
    "masalah": "masalah",
    "faktor_misi": "bab_3.telaahan_visi_misi.matriks",
    "tc25": "sasaran",
    "tc26": "strategi",
    "tc27": "program",
    "tc28": "indikator_rpjmd",
}


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TabelKerangka(_Spec):
    kunci: str
    judul: str


class BagianKerangka(_Spec):
    kunci: str
    nomor: str
    judul: str
    tabel: tuple[TabelKerangka, ...] = ()


class BabKerangka(_Spec):
    nomor: int
    judul: str
    bagian: tuple[BagianKerangka, ...] = ()
    tabel: tuple[TabelKerangka, ...] = ()

    @property
    def kunci(self) -> str:
        return f"bab_{self.nomor}"


class Kerangka(_Spec):
    sebutan_unit: str
    bab: tuple[BabKerangka, ...] = Field(min_length=1)


def outline_file(regulasi: str, workspace_templates: Path | None) -> Path:
    name = f"kerangka/{regulasi.replace('/', '-')}.yaml"
    if workspace_templates is not None and (workspace_templates / name).is_file():
        return workspace_templates / name
    return assets.templates_dir() / name


def load_kerangka(regulasi: str, workspace_templates: Path | None = None) -> Kerangka:
    """The outline of ``regulasi``, the workspace's own file first."""
    path = outline_file(regulasi, workspace_templates)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        kerangka = Kerangka.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as err:
        raise BuildError(f"{path}: kerangka dokumen tidak valid: {err}") from err
    for bab in kerangka.bab:
        for tabel in (*bab.tabel, *(t for b in bab.bagian for t in b.tabel)):
            if tabel.kunci not in TABLES:
                raise BuildError(
                    f"{path}: tabel '{tabel.kunci}' tidak dikenal (yang ada: {', '.join(TABLES)})"
                )
    return kerangka


def table_rows(model: Renstra, key: str) -> list[object]:
    """The rows a standard table prints (empty: the table is left out)."""
    value: object = model
    for part in TABLES[key].split("."):
        value = getattr(value, part, None)
        if value is None:
            return []
    assert isinstance(value, list)
    return value


@dataclass(frozen=True)
class Nomor:
    """The number of a table or figure: ``Tabel 2.1``, within chapter 2."""

    jenis: str  # "tabel" or "gambar"
    kunci: str
    bab: int
    urut: int
    judul: str

    @property
    def label(self) -> str:
        return f"{self.jenis.capitalize()} {self.bab}.{self.urut}"

    @property
    def anchor(self) -> str:
        return f"{self.jenis}-{self.kunci}"


def number_items(kerangka: Kerangka, model: Renstra) -> dict[tuple[str, str], Nomor]:
    """Number the tables and figures per chapter, in the order they are printed.

    A figure belongs to a section (``gambar.bagian``) or to a chapter (``bab_N``); a table is
    printed (and numbered) when its section is written and it has rows.
    """
    numbers: dict[tuple[str, str], Nomor] = {}
    for bab in kerangka.bab:
        chapter = getattr(model, bab.kunci)
        places: list[tuple[str, object, tuple[TabelKerangka, ...]]] = [
            (bab.kunci, getattr(chapter, "pengantar", None), bab.tabel)
        ]
        places += [(b.kunci, getattr(chapter, b.kunci, None), b.tabel) for b in bab.bagian]
        printed: list[tuple[str, str, str]] = []  # (jenis, kunci, judul) in print order
        for kunci, content, tables in places:
            printed += [("gambar", g.kunci, g.judul) for g in model.gambar if g.bagian == kunci]
            if content is None and kunci != bab.kunci:
                continue
            if getattr(content, "dihilangkan", None) is not None:
                continue
            printed += [("tabel", t.kunci, t.judul) for t in tables if table_rows(model, t.kunci)]
        counts = {"tabel": 0, "gambar": 0}
        for jenis, kunci, judul in printed:
            counts[jenis] += 1
            numbers[(jenis, kunci)] = Nomor(jenis, kunci, bab.nomor, counts[jenis], judul)
    return numbers


def section_keys(kerangka: Kerangka) -> set[str]:
    return {bagian.kunci for bab in kerangka.bab for bagian in bab.bagian}
