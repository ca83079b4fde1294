"""From data files to a validated :class:`~renstra_docs.model.Renstra`, or every problem at once.

The workspace's ``renstra.yaml`` holds what every unit shares; the unit file overrides any
shared key by naming it (mappings merge key by key, lists and values are replaced whole).
Problems carry the file, line and column where the offending value (or key) was written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import fonts, hitung, impor, teks
from .consistency import check_document, image_problem_for
from .errors import DataError, Problem
from .kerangka import Kerangka, load_kerangka
from .model import FieldError, Periode, Regulasi, Renstra
from .model_tabel import Bagian, FaktorMisi, Model
from .sources import PathKey, Position, SourceDocument, format_path, read_source
from .workspace import Workspace


@dataclass(frozen=True)
class LoadedRenstra:
    """A validated Renstra with the sources it came from."""

    model: Renstra
    data: dict[str, Any]
    sources: tuple[SourceDocument, ...]
    workspace: Workspace
    unit_file: Path
    kerangka: Kerangka
    #: The letter's own file, when it does not live in the unit file.
    naskah: Path | None = None
    #: The workbooks ``dari_excel`` read tables from.
    buku_kerja: tuple[Path, ...] = ()

    @property
    def slug(self) -> str:
        return self.unit_file.stem


class _Positions:
    """Positions of the merged data: each path points into the file that provided it."""

    def __init__(self) -> None:
        self.values: dict[PathKey, Position] = {}
        self.keys: dict[PathKey, Position] = {}
        self.fallback: Position | None = None

    def copy_from(self, src: SourceDocument, value: Any, path: PathKey) -> None:
        if path in src.values:
            self.values[path] = src.values[path]
        if path in src.keys:
            self.keys[path] = src.keys[path]
        if isinstance(value, dict):
            for key, sub in value.items():
                self.copy_from(src, sub, (*path, key))
        elif isinstance(value, list):
            for index, sub in enumerate(value):
                self.copy_from(src, sub, (*path, index))

    def locate(self, path: PathKey, key: bool = False) -> Position:
        """The position of ``path`` or, when it is missing, of its nearest written parent."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in self.values:
                return self.values[prefix]
        assert self.fallback is not None
        return self.fallback


def _merge(
    base: Any,
    over: Any,
    path: PathKey,
    base_src: SourceDocument,
    over_src: SourceDocument,
    positions: _Positions,
) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        positions.copy_from(over_src, {}, path)
        result: dict[str, Any] = {}
        for key in [*base, *(k for k in over if k not in base)]:
            sub = (*path, key)
            if key in base and key in over:
                result[key] = _merge(base[key], over[key], sub, base_src, over_src, positions)
            elif key in over:
                result[key] = over[key]
                positions.copy_from(over_src, over[key], sub)
            else:
                result[key] = base[key]
                positions.copy_from(base_src, base[key], sub)
        return result
    positions.copy_from(over_src, over, path)
    return over


# --- pydantic errors in Indonesian ----------------------------------------------------------

_MESSAGES: dict[str, str] = {
    "missing": "wajib diisi",
    "string_type": "harus berupa teks",
    "string_too_short": "wajib diisi",
    "int_type": "harus berupa bilangan bulat",
    "int_parsing": "harus berupa bilangan bulat",
    "int_from_float": "harus berupa bilangan bulat",
    "float_type": "harus berupa angka",
    "float_parsing": "harus berupa angka",
    "bool_type": "harus berupa ya/tidak (true/false)",
    "bool_parsing": "harus berupa ya/tidak (true/false)",
    "list_type": "harus berupa daftar (butir diawali '- ')",
    "model_type": "harus berupa pemetaan (kunci: nilai)",
    "model_attributes_type": "harus berupa pemetaan (kunci: nilai)",
    "dict_type": "harus berupa pemetaan (kunci: nilai)",
    "date_type": "harus berupa tanggal TTTT-BB-HH",
    "date_parsing": "harus berupa tanggal TTTT-BB-HH",
    "date_from_datetime_parsing": "harus berupa tanggal TTTT-BB-HH",
    "none_required": "harus kosong",
}


_TYPE_ERRORS = {kind for kind in _MESSAGES if kind.endswith("_type")} | {
    "missing",
    "string_too_short",
    # A value checked by our own validator (a yearly target, a date) that is left empty.
    "value_error",
}

#: What each pattern of the model allows, in words.
_PATTERNS = {
    r"^[0-9 ]+$": "hanya boleh berisi angka",
    r"^\S+$": "tidak boleh berisi spasi",
    r"^[A-Za-z0-9_-]+$": "hanya boleh berisi huruf, angka, '-' dan '_' (tanpa spasi)",
}

#: YAML 1.1 reads these unquoted words as true/false: the likely cause of a bool where
#: a number or a text was meant.
_BOOL_HINT = "; yes/no/on/off/true/false tanpa tanda kutip dibaca sebagai ya/tidak"


def _message(error: ErrorDetails, suggestion: str | None, model: type[BaseModel] | None) -> str:
    """The Indonesian text of one pydantic error; ``model`` is the model expected there."""
    kind = error["type"]
    value = error.get("input", "")
    if kind in _TYPE_ERRORS and value is None:
        # An empty value (``tempat:`` with nothing after it) reads as null.
        return "wajib diisi"
    if model is Bagian and kind in ("model_type", "model_attributes_type"):
        # A section is text (or a mapping with 'teks'/'dihilangkan'): say so, not "mapping".
        if isinstance(value, bool):
            return "harus berupa teks" + _BOOL_HINT
        quote = " (apit dengan tanda kutip)" if isinstance(value, int | float | dt.date) else ""
        return "harus berupa teks" + quote
    message = _plain_message(error, suggestion)
    if isinstance(value, bool) and kind != "extra_forbidden":
        message += _BOOL_HINT
    return message


def _plain_message(error: ErrorDetails, suggestion: str | None) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "kunci tidak dikenal" + (f" (maksud Anda '{suggestion}'?)" if suggestion else "")
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return f"harus salah satu dari: {expected}"
    if kind == "string_pattern_mismatch":
        return _PATTERNS.get(str(ctx.get("pattern")), "tidak sesuai bentuk yang diminta")
    if kind == "string_too_long":
        return f"paling banyak {ctx.get('max_length')} karakter"
    if kind == "too_short":
        minimum = ctx.get("min_length", 1)
        return "tidak boleh kosong" if minimum == 1 else f"minimal {minimum} butir"
    if kind == "greater_than_equal":
        return f"tidak boleh kurang dari {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"tidak boleh lebih dari {ctx.get('le')}"
    if kind in _MESSAGES:
        message = _MESSAGES[kind]
        value = error.get("input")
        if kind == "string_type" and isinstance(value, bool):
            pass  # the hint about yes/no follows
        elif kind == "string_type" and isinstance(value, int | float | dt.date):
            message += " (apit dengan tanda kutip)"
        elif kind == "string_type" and isinstance(value, list | dict):
            message += ", bukan daftar" if isinstance(value, list) else ", bukan pemetaan"
        return message
    return f"nilai tidak valid ({error['msg']})"


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class describing the mapping at ``loc`` (list indexes skipped)."""
    model: type[BaseModel] = Renstra
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        found = _find_model(field.annotation)
        if found is None:
            return None
        model = found
    return model


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _find_model(arg)
            if found is not None:
                return found
    return None


def _suggest(key: str, parent: type[BaseModel], missing: set[str]) -> str | None:
    """The field a misspelt ``key`` most likely meant: a required field left missing beside
    it that it contains or resembles (``pagu_indikatif`` → ``pagu``), else the closest field."""
    inside = sorted((name for name in missing if name in key), key=len, reverse=True)
    if inside:
        return inside[0]
    for candidates, cutoff in ((sorted(missing), 0.5), (list(parent.model_fields), 0.6)):
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=cutoff)
        if close:
            return close[0]
    return None


def _problems_from(err: ValidationError, positions: _Positions) -> list[Problem]:
    details = err.errors(include_url=False)
    missing: dict[PathKey, set[str]] = {}
    for error in details:
        where = tuple(part for part in error["loc"] if isinstance(part, int | str))
        if error["type"] == "missing" and where and isinstance(where[-1], str):
            missing.setdefault(where[:-1], set()).add(where[-1])
    errors = []
    for error in details:
        loc: PathKey = tuple(part for part in error["loc"] if isinstance(part, int | str))
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, FieldError):
            # A check across fields that belongs to one of them: report it there.
            loc = (*loc, *cause.field)
        suggestion = None
        if error["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            parent = _model_at(loc[:-1])
            if parent is not None:
                suggestion = _suggest(loc[-1], parent, missing.get(loc[:-1], set()))
        errors.append((loc, error, suggestion))
    # A misspelt key (``unti:``) also leaves the key it meant missing; the one line saying
    # "maksud Anda 'unit'?" is enough.
    meant = {(*loc[:-1], suggestion) for loc, _, suggestion in errors if suggestion}
    problems = []
    for loc, error, suggestion in errors:
        if error["type"] == "missing" and loc in meant:
            continue
        if error["type"] == "missing" and loc[:-1] in positions.keys:
            # Point at the key of the mapping that lacks the field (``kepala:``).
            pos = positions.keys[loc[:-1]]
        else:
            pos = positions.locate(loc, key=error["type"] == "extra_forbidden")
        model = _model_at(loc) if error["type"].startswith("model_") else None
        message = _message(error, suggestion, model)
        problems.append(
            Problem(pos.file, pos.line, pos.column, format_path(loc), message, pos.lembar)
        )
    return problems


# --- checks across fields -------------------------------------------------------------------


def _get(data: Any, *path: str) -> Any:
    """``data[path[0]][path[1]]…`` or None when any step is missing or not a mapping."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _problem_at(positions: _Positions, path: PathKey, message: str) -> Problem:
    pos = positions.locate(path)
    return Problem(pos.file, pos.line, pos.column, format_path(path), message, pos.lembar)


# These checks read the merged data rather than the model, so that they run (and report)
# even when other fields are invalid: every problem of a file is listed at once. Values of
# the wrong type are skipped here; the model reports them.


def _check_references(data: dict[str, Any], positions: _Positions) -> list[Problem]:
    misi = _get(data, "rpjmd", "misi")
    path: PathKey = ("bab_3", "telaahan_visi_misi", "misi_terkait")
    terkait = _get(data, *(str(part) for part in path))
    if not isinstance(misi, list) or not misi or not isinstance(terkait, list):
        return []
    problems = []
    seen: set[int] = set()
    for index, nomor in enumerate(terkait):
        if not isinstance(nomor, int) or isinstance(nomor, bool):
            continue
        item = (*path, index)
        if not 1 <= nomor <= len(misi):
            message = f"misi nomor {nomor} tidak ada (rpjmd.misi berisi {len(misi)} misi)"
            problems.append(_problem_at(positions, item, message))
        elif nomor in seen:
            problems.append(_problem_at(positions, item, f"misi nomor {nomor} disebut dua kali"))
        seen.add(nomor)
    return problems


def _items(value: Any) -> list[tuple[int, Any]]:
    """``enumerate(value)`` for a list; nothing for any other type (the model reports it)."""
    return list(enumerate(value)) if isinstance(value, list) else []


def _rupiah(data: dict[str, Any]) -> Iterator[tuple[PathKey, Any]]:
    """Every amount of money: T-C.24 budgets and realisations, T-C.27 pagu."""
    for i, baris in _items(data.get("anggaran")):
        for key in ("anggaran", "realisasi"):
            for j, value in _items(_get(baris, key)):
                yield ("anggaran", i, key, j), value
    for i, program in _items(data.get("program")):
        for j, value in _items(_get(program, "pagu")):
            yield ("program", i, "pagu", j), value
        for k, kegiatan in _items(_get(program, "kegiatan")):
            for j, value in _items(_get(kegiatan, "pagu")):
                yield ("program", i, "kegiatan", k, "pagu", j), value


def _check_amounts(data: dict[str, Any], positions: _Positions) -> list[Problem]:
    """No amount of money is negative (a realisation of -Rp5.000.000 is a typing error)."""
    problems = []
    for path, value in _rupiah(data):
        angka = hitung.parse_angka(value)
        if angka is not None and angka < 0:
            message = f"nilai Rupiah tidak boleh negatif (tertulis {value})"
            problems.append(_problem_at(positions, path, message))
    return problems


#: Units that make an indicator's values percentages.
_PERCENT_UNITS = {"%", "persen"}
#: An indicator's values (targets, realisations, start and end conditions).
_INDICATOR_VALUES = (
    "awal", "target_spm", "target_ikk", "target_lainnya", "target", "realisasi", "akhir",
)  # fmt: skip
#: Above this a percentage is a misplaced decimal separator (8550 for 85,50), not a figure:
#: percentages above 100 do occur (growth), negative ones too, but not ten times 100.
MAX_PERCENT = 1000


def _check_percentages(value: Any, path: PathKey, positions: _Positions) -> list[Problem]:
    """Every indicator whose unit is % holds figures no larger than :data:`MAX_PERCENT`."""
    problems: list[Problem] = []
    if isinstance(value, list):
        for index, item in enumerate(value):
            problems += _check_percentages(item, (*path, index), positions)
        return problems
    if not isinstance(value, dict):
        return problems
    satuan = value.get("satuan")
    if isinstance(satuan, str) and satuan.strip().lower() in _PERCENT_UNITS:
        for key in _INDICATOR_VALUES:
            written = value.get(key)
            figures: list[tuple[PathKey, Any]] = (
                [((*path, key, index), item) for index, item in enumerate(written)]
                if isinstance(written, list)
                else [((*path, key), written)]
            )
            for where, figure in figures:
                angka = hitung.parse_angka(figure)
                if angka is not None and angka > MAX_PERCENT:
                    message = (
                        f"{figure} tidak masuk akal untuk satuan % (lebih dari"
                        f" {teks.number(MAX_PERCENT, 0)}); periksa tanda desimalnya"
                    )
                    problems.append(_problem_at(positions, where, message))
    for key, sub in value.items():
        problems += _check_percentages(sub, (*path, key), positions)
    return problems


def _check_images(
    data: dict[str, Any], workspace: Workspace, positions: _Positions
) -> list[Problem]:
    logo = _get(data, "pemerintah_daerah", "logo")
    if not isinstance(logo, str) or not logo.strip():
        return []
    message = image_problem_for(workspace.root, workspace.contains)(logo.strip())
    return [_problem_at(positions, ("pemerintah_daerah", "logo"), message)] if message else []


def _check_characters(value: Any, path: PathKey, positions: _Positions) -> list[Problem]:
    """Every character of the data must be printable with the shipped fonts."""
    problems: list[Problem] = []
    if isinstance(value, str):
        missing = fonts.uncovered_characters(value)
        if missing:
            pos = positions.locate(path)
            shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:3])
            more = f" dan {len(missing) - 3} lainnya" if len(missing) > 3 else ""
            problems.append(
                Problem(
                    pos.file,
                    pos.line,
                    pos.column,
                    format_path(path),
                    f"karakter {shown}{more} tidak dapat dicetak"
                    " (tidak ada di fon yang disertakan)",
                    pos.lembar,
                )
            )
    elif isinstance(value, dict):
        for key, sub in value.items():
            problems.extend(_check_characters(sub, (*path, key), positions))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            problems.extend(_check_characters(sub, (*path, index), positions))
    return problems


def load_renstra(
    workspace: Workspace, unit_file: Path, *, draf: bool = False, naskah: Path | None = None
) -> LoadedRenstra:
    """Read, merge and validate a unit file with its workspace; DataError lists every problem.

    ``naskah`` is a file of its own holding the covering letter (``surat:``); it replaces the
    unit file's ``surat``."""
    sources: list[SourceDocument] = []
    problems: list[Problem] = []
    for path in (workspace.settings_file, unit_file, *([naskah] if naskah else [])):
        try:
            sources.append(read_source(path, workspace.display(path)))
        except DataError as err:
            problems += err.problems
    if problems:
        raise DataError(problems)
    shared, unit, *letter = sources
    positions = _Positions()
    positions.fallback = Position(unit.file, 1, 1)
    merged = _merge(shared.data, unit.data, (), shared, unit, positions)
    if letter:
        merged = _with_letter(merged, letter[0], positions)
    diimpor = impor.import_into(
        merged,
        workspace.root,
        workspace.display,
        workspace.contains,
        positions.locate,
        lambda: _layout(merged, workspace),
    )
    positions.values.update(diimpor.values)
    problems = diimpor.problems
    problems += _check_characters(merged, (), positions)
    problems += _check_references(merged, positions)
    problems += _check_amounts(merged, positions)
    problems += _check_percentages(merged, (), positions)
    problems += _check_images(merged, workspace, positions)
    try:
        model = Renstra.model_validate(merged)
    except ValidationError as err:
        # A workbook cell that could not be read is reported once, with its reason, not
        # again by the model as a missing or wrong value.
        unread = {(p.file, p.lembar, p.line, p.column) for p in diimpor.problems}
        found = [
            p
            for p in _problems_from(err, positions)
            if not p.lembar or (p.file, p.lembar, p.line, p.column) not in unread
        ]
        raise DataError(problems + found) from err
    if problems:
        raise DataError(problems)
    kerangka = load_kerangka(model.regulasi, workspace.templates_dir)
    check_document(
        model,
        kerangka,
        lambda path, message: problems.append(_problem_at(positions, path, message)),
        draf=draf,
        image_problem=image_problem_for(workspace.root, workspace.contains),
    )
    if problems:
        raise DataError(problems)
    return LoadedRenstra(
        model,
        merged,
        tuple(sources),
        workspace,
        unit_file,
        kerangka,
        naskah=naskah,
        buku_kerja=tuple(diimpor.workbooks),
    )


def _layout(merged: dict[str, Any], workspace: Workspace) -> tuple[Kerangka, str, Periode] | None:
    """The kerangka, regulation and period the data's workbook sheets are laid out for;
    None when the data's own are invalid (the model reports them)."""
    regulasi = merged.get("regulasi", Renstra.model_fields["regulasi"].default)
    if regulasi not in typing.get_args(Regulasi):
        return None
    try:
        periode = Periode.model_validate(merged.get("periode"))
    except ValidationError:
        return None
    return load_kerangka(regulasi, workspace.templates_dir), regulasi, periode


def _with_letter(merged: dict[str, Any], letter: SourceDocument, positions: _Positions) -> Any:
    """The data with the letter file's ``surat`` in place of the unit file's."""
    extra = [key for key in letter.data if key != "surat"]
    if extra or "surat" not in letter.data:
        key = extra[0] if extra else ""
        where = letter.keys.get((key,), Position(letter.file, 1, 1)) if key else None
        line, column = (where.line, where.column) if where else (1, 1)
        message = (
            f"berkas surat hanya boleh berisi 'surat:', bukan '{key}'"
            if extra
            else "berkas surat harus berisi 'surat:'"
        )
        raise DataError([Problem(letter.file, line, column, key, message)])
    result = {key: value for key, value in merged.items() if key != "surat"}
    result["surat"] = letter.data["surat"]
    positions.copy_from(letter, letter.data["surat"], ("surat",))
    return result


def read_layout(workspace: Workspace, unit_file: Path | None) -> tuple[Kerangka, str, Periode]:
    """The kerangka, regulation and period of the workspace (and of ``unit_file`` over it):
    what a workbook's sheets are laid out for."""
    shared = read_source(workspace.settings_file, workspace.display(workspace.settings_file))
    merged = shared.data
    if unit_file is not None:
        unit = read_source(unit_file, workspace.display(unit_file))
        merged = _merge(shared.data, unit.data, (), shared, unit, _Positions())
    layout = _layout(merged, workspace)
    if layout is None:
        where = workspace.display(unit_file or workspace.settings_file)
        message = "periode atau regulasi tidak sah; periksa dulu dengan 'renstra periksa'"
        raise DataError([Problem(where, 0, 0, "", message)])
    return layout


def table_problems(
    data: dict[str, Any], values: dict[PathKey, Position], fallback: Position
) -> list[Problem]:
    """What the data format refuses in tables read from a workbook (no other data)."""
    fields: dict[str, Any] = {}
    for key in data:
        if key == "bab_3":
            # Only the matrix of 3.2, not the prose around it.
            matriks = pydantic.create_model(
                "MatriksFaktor", __base__=Model, matriks=(list[FaktorMisi], ...)
            )
            bab_3 = pydantic.create_model(
                "Bab3Matriks", __base__=Model, telaahan_visi_misi=(matriks, ...)
            )
            fields[key] = (bab_3, ...)
        else:
            fields[key] = (Renstra.model_fields[key].annotation, Renstra.model_fields[key])
    tables = pydantic.create_model("TabelSaja", __base__=Model, **fields)
    positions = _Positions()
    positions.values.update(values)
    positions.fallback = fallback
    try:
        tables.model_validate(data)
    except ValidationError as err:
        return _problems_from(err, positions)
    return []


def validate_source(source: SourceDocument) -> Renstra:
    """The model of one complete data document (the merged data a PDF carries); DataError
    with positions in it otherwise."""
    positions = _Positions()
    positions.fallback = Position(source.file, 1, 1)
    positions.copy_from(source, source.data, ())
    try:
        return Renstra.model_validate(source.data)
    except ValidationError as err:
        raise DataError(_problems_from(err, positions)) from err
