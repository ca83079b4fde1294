"""Checks across the whole document, once the data has its types.

The outline of the regulation decides which sections and tables must be there; yearly lists
must match the period's target years; codes must be unique and references must resolve; a
programme's hand-written pagu must equal the sum of its activities. Every problem carries the
field path, so validate.py can point at the line that holds it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from pydantic import BaseModel

from . import hitung, prosa, teks
from .kerangka import TABLES, Kerangka, number_items, table_rows
from .model import Renstra
from .model_tabel import Bagian
from .sources import PathKey

IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg"}

Report = Callable[[PathKey, str], None]


def check_document(
    model: Renstra,
    kerangka: Kerangka,
    report: Report,
    *,
    draf: bool,
    image_problem: Callable[[str], str | None],
) -> None:
    """Report every inconsistency of ``model`` against its outline and itself."""
    _check_outline(model, kerangka, report, draf=draf)
    _check_years(model, report)
    _check_codes(model, report)
    _check_pagu(model, report)
    _check_prose(model, kerangka, report, draf=draf)
    _check_number_style(model, report)
    _check_images(model, kerangka, report, image_problem)


def _check_images(
    model: Renstra, kerangka: Kerangka, report: Report, image_problem: Callable[[str], str | None]
) -> None:
    places = {bab.kunci for bab in kerangka.bab} | {
        bagian.kunci for bab in kerangka.bab for bagian in bab.bagian
    }
    for index, gambar in enumerate(model.gambar):
        message = image_problem(gambar.berkas)
        if message:
            report(("gambar", index, "berkas"), message)
        if gambar.bagian not in places:
            close = difflib.get_close_matches(gambar.bagian, sorted(places), n=1)
            hint = f" (maksud Anda '{close[0]}'?)" if close else ""
            report(
                ("gambar", index, "bagian"),
                f"bagian '{gambar.bagian}' tidak ada dalam kerangka{hint}",
            )
    for index, lampiran in enumerate(model.lampiran):
        if lampiran.gambar is not None and (message := image_problem(lampiran.gambar)):
            report(("lampiran", index, "gambar"), message)


def _chapter(model: Renstra, nomor: int) -> BaseModel:
    chapter = getattr(model, f"bab_{nomor}")
    assert isinstance(chapter, BaseModel)
    return chapter


def _check_outline(model: Renstra, kerangka: Kerangka, report: Report, *, draf: bool) -> None:
    nama = f"Permendagri {model.regulasi}"
    in_outline = {bab.nomor: {b.kunci for b in bab.bagian} for bab in kerangka.bab}
    for nomor in range(1, 9):
        chapter = _chapter(model, nomor)
        written = {k for k in type(chapter).model_fields if getattr(chapter, k) is not None}
        if nomor not in in_outline:
            for key in sorted(written):
                report(
                    (f"bab_{nomor}", key),
                    f"BAB {teks.roman(nomor)} tidak ada dalam kerangka {nama}",
                )
            continue
        for key in sorted(written - in_outline[nomor] - {"pengantar"}):
            report((f"bab_{nomor}", key), f"bagian ini tidak ada dalam kerangka {nama}")
    if model.kata_pengantar is None and not draf:
        report(("kata_pengantar",), "wajib diisi (teks KATA PENGANTAR)")
    if _omitted(model.kata_pengantar):
        report(("kata_pengantar", "dihilangkan"), "KATA PENGANTAR tidak dapat dihilangkan")
    for bab in kerangka.bab:
        chapter = _chapter(model, bab.nomor)
        if not bab.bagian and getattr(chapter, "pengantar", None) is None and not draf:
            report((bab.kunci, "pengantar"), "wajib diisi (atau 'dihilangkan: alasan')")
        chapter_omitted = _omitted(getattr(chapter, "pengantar", None)) and not bab.bagian
        for bagian in bab.bagian:
            value = getattr(chapter, bagian.kunci, None)
            if value is None and not draf:
                alternative = (
                    ""
                    if bagian.kunci == "telaahan_visi_misi"
                    else (" (atau 'dihilangkan: alasan')")
                )
                report(
                    (bab.kunci, bagian.kunci),
                    f"wajib diisi untuk {bagian.nomor} {bagian.judul}{alternative}",
                )
            if _omitted(value) or value is None:
                continue
            for tabel in bagian.tabel:
                _require_table(model, tabel.kunci, tabel.judul, report, draf=draf)
        if not chapter_omitted:
            for tabel in bab.tabel:
                _require_table(model, tabel.kunci, tabel.judul, report, draf=draf)


def _omitted(value: object) -> bool:
    return isinstance(value, Bagian) and value.dihilangkan is not None


def _require_table(model: Renstra, key: str, judul: str, report: Report, *, draf: bool) -> None:
    if key == "faktor_misi" or draf or table_rows(model, key):
        return  # the per-mission matrix is an optional form of 3.2
    field = TABLES[key]
    report(tuple(field.split(".")), f"tidak boleh kosong: tabel '{judul}' memerlukannya")


def _evaluated(model: Renstra) -> Iterator[tuple[PathKey, list[Any]]]:
    """Yearly lists over the previous period's years (T-C.23, T-C.24)."""
    for i, row in enumerate(model.indikator_kinerja):
        yield ("indikator_kinerja", i, "target"), row.target
        yield ("indikator_kinerja", i, "realisasi"), row.realisasi
    for i, baris in enumerate(model.anggaran):
        yield ("anggaran", i, "anggaran"), baris.anggaran
        yield ("anggaran", i, "realisasi"), baris.realisasi


def _yearly(model: Renstra) -> Iterator[tuple[PathKey, list[Any]]]:
    """Yearly lists over the plan's target years."""
    for i, sasaran in enumerate(model.sasaran):
        for j, ind in enumerate(sasaran.indikator):
            yield ("sasaran", i, "indikator", j, "target"), ind.target
    for i, program in enumerate(model.program):
        if program.pagu is not None:
            yield ("program", i, "pagu"), program.pagu
        for j, ind in enumerate(program.indikator):
            yield ("program", i, "indikator", j, "target"), ind.target
        for k, kegiatan in enumerate(program.kegiatan):
            yield ("program", i, "kegiatan", k, "pagu"), kegiatan.pagu
            for j, ind in enumerate(kegiatan.indikator):
                yield ("program", i, "kegiatan", k, "indikator", j, "target"), ind.target
    for i, rpjmd in enumerate(model.indikator_rpjmd):
        yield ("indikator_rpjmd", i, "target"), rpjmd.target


def _check_years(model: Renstra, report: Report) -> None:
    for what, years, lists in (
        ("tahun target", model.periode.target, _yearly(model)),
        ("tahun evaluasi", model.periode.evaluasi, _evaluated(model)),
    ):
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        for path, values in lists:
            if len(values) != len(years):
                report(
                    path,
                    f"harus berisi {len(years)} nilai, satu per {what} {span}"
                    f" (tertulis {len(values)})",
                )


def _check_codes(model: Renstra, report: Report) -> None:
    def unique(items: list[tuple[PathKey, str]], what: str) -> set[str]:
        seen: dict[str, PathKey] = {}
        for path, code in items:
            if code in seen:
                report(path, f"{what} '{code}' sudah dipakai di {_path_text(seen[code])}")
            seen.setdefault(code, path)
        return set(seen)

    tujuan = unique([(("tujuan", i, "kode"), t.kode) for i, t in enumerate(model.tujuan)], "kode")
    sasaran = unique(
        [(("sasaran", i, "kode"), s.kode) for i, s in enumerate(model.sasaran)], "kode"
    )
    unique(
        [(("program", i, "kode"), p.kode) for i, p in enumerate(model.program)]
        + [
            (("program", i, "kegiatan", k, "kode"), g.kode)
            for i, p in enumerate(model.program)
            for k, g in enumerate(p.kegiatan)
        ],
        "kode",
    )
    unique([(("gambar", i, "kunci"), g.kunci) for i, g in enumerate(model.gambar)], "kunci")
    for i, s in enumerate(model.sasaran):
        if s.tujuan not in tujuan:
            report(("sasaran", i, "tujuan"), f"tujuan '{s.tujuan}' tidak ada di daftar tujuan")
    for i, st in enumerate(model.strategi):
        if st.sasaran not in sasaran:
            report(("strategi", i, "sasaran"), f"sasaran '{st.sasaran}' tidak ada")
    for i, p in enumerate(model.program):
        if p.sasaran not in sasaran:
            report(("program", i, "sasaran"), f"sasaran '{p.sasaran}' tidak ada")
    telaahan = model.bab_3.telaahan_visi_misi
    if telaahan is not None:
        for i, baris in enumerate(telaahan.matriks):
            if not 1 <= baris.misi <= len(model.rpjmd.misi):
                report(
                    ("bab_3", "telaahan_visi_misi", "matriks", i, "misi"),
                    f"misi nomor {baris.misi} tidak ada (rpjmd.misi berisi"
                    f" {len(model.rpjmd.misi)} misi)",
                )


def _path_text(path: PathKey) -> str:
    from .sources import format_path

    return format_path(path)


def _check_pagu(model: Renstra, report: Report) -> None:
    for i, program in enumerate(model.program):
        if program.pagu is None:
            continue
        for y, pagu in enumerate(program.pagu):
            total = hitung.jumlah(k.pagu[y] for k in program.kegiatan if y < len(k.pagu))
            message = hitung.pesan_selisih_pagu(pagu, total)
            if message:
                year = model.periode.target[y] if y < len(model.periode.target) else y + 1
                report(("program", i, "pagu", y), f"tahun {year}: {message}")


def _texts(model: Renstra) -> Iterator[tuple[PathKey, str]]:
    if model.kata_pengantar is not None and model.kata_pengantar.teks:
        yield ("kata_pengantar",), model.kata_pengantar.teks
    for nomor in range(1, 9):
        chapter = _chapter(model, nomor)
        for key in type(chapter).model_fields:
            value = getattr(chapter, key)
            if isinstance(value, Bagian) and value.teks:
                yield (f"bab_{nomor}", key), value.teks
    for i, lampiran in enumerate(model.lampiran):
        if lampiran.teks:
            yield ("lampiran", i, "teks"), lampiran.teks


def _check_prose(model: Renstra, kerangka: Kerangka, report: Report, *, draf: bool) -> None:
    numbered = number_items(kerangka, model)
    for path, text in _texts(model):
        try:
            refs = prosa.references(text)
        except prosa.ProsaError as err:
            report(path, str(err))
            continue
        for kind, key in refs:
            if (kind, key) in numbered or (draf and kind == "tabel" and key in TABLES):
                continue  # a draft may cite a standard table not filled in yet
            report(path, f"rujukan {kind} '{key}' tidak dikenal")


#: Fields that hold numbers (or words/grades) read with Indonesian number style.
_VALUE_FIELDS = {
    "target", "realisasi", "anggaran", "pagu", "awal", "akhir", "target_spm", "target_ikk",
    "target_lainnya",
}  # fmt: skip


def _check_number_style(model: Renstra, report: Report) -> None:
    def walk(value: Any, path: PathKey, numeric: bool = False) -> None:
        if isinstance(value, BaseModel):
            for key in type(value).model_fields:
                walk(getattr(value, key), (*path, key), key in _VALUE_FIELDS)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index), numeric)
        elif numeric and hitung.angka_salah_format(value):
            report(path, f"tulis angka gaya Indonesia ('{value}' → pakai koma untuk desimal)")

    for field in ("indikator_kinerja", "anggaran", "sasaran", "program", "indikator_rpjmd"):
        walk(getattr(model, field), (field,))


#: "http:", "file:", "data:" …: an address, not a file (one letter is a Windows drive, "C:").
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
#: How PNG and JPEG files begin (either is accepted for .png/.jpg/.jpeg: the engine reads
#: the content, not the name).
_RASTER_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def image_problem_for(root: Path, contains: Callable[[Path], bool]) -> Callable[[str], str | None]:
    """The check every image path gets: a file (not an address) inside the workspace once
    symlinks are resolved, a known kind, present, a regular file whose content is that kind
    of image (a device, a pipe or a renamed text file never reaches the engine)."""

    def problem(name: str) -> str | None:
        if _URL_SCHEME.match(name):
            return "gambar harus berupa berkas di dalam folder ruang kerja, bukan alamat (URL)"
        target = root / name
        try:
            if Path(name).is_absolute() or not contains(target):
                return "gambar harus berada di dalam folder ruang kerja"
            if target.suffix.lower() not in IMAGE_SUFFIXES:
                return "gambar harus berupa berkas .svg, .png, .jpg, atau .jpeg"
            if not target.is_file():
                return f"berkas gambar '{name}' tidak ditemukan"
            if not _is_image(target.resolve()):
                kind = "SVG" if target.suffix.lower() == ".svg" else "PNG atau JPEG"
                return f"berkas '{name}' bukan gambar {kind} yang sah"
        except (OSError, RuntimeError, ValueError):
            return f"berkas gambar '{name}' tidak dapat dibaca"
        return None

    return problem


def _is_image(path: Path) -> bool:
    """True when the content is what the suffix promises: an SVG document (parsed as the
    engine parses it, so external entities fail here too), or PNG/JPEG data."""
    if path.suffix.lower() != ".svg":
        with path.open("rb") as handle:
            return handle.read(8).startswith(_RASTER_MAGIC)
    try:
        root = ElementTree.fromstring(path.read_bytes())
    except ElementTree.ParseError:
        return False
    return root.tag.rpartition("}")[2] == "svg"
