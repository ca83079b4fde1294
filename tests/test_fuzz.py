"""Property-based fuzzing of the loader and validator, and of the whole build.

(a) random bytes, and random byte edits of a valid unit file, and (b) structural mutations of
the sample's files (keys dropped, renamed, retyped, duplicated; values swapped between fields;
lists emptied; nesting changed) give a valid model or the project's DataError — one line per
problem — and never another exception. (c) Randomly generated valid data (random Unicode with
combining marks, long words, random lengths and table sizes) builds a PDF that passes the
layout check of tests/tata_letak.py.

The example counts are bounded and the runs derandomized, so CI is reproducible and fast;
no example database is written (tests never write into the repository).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import string
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from renstra_docs import fonts
from renstra_docs.build import BuildOptions, build_renstra
from renstra_docs.errors import DataError
from renstra_docs.hitung import parse_angka, persen, rasio
from renstra_docs.sources import format_path
from renstra_docs.validate import LoadedRenstra, load_renstra
from renstra_docs.workspace import Workspace

from .conftest import REPO, SAMPLE_UNIT, copy_mini
from .tata_letak import layout_problems, missing_strings

# hypothesis keeps caches (its Unicode tables, the constants of the code under test) in
# ./.hypothesis: keep them out of the repository.
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "renstra-docs-hypothesis"))

MINI = REPO / "tests" / "contoh" / "mini.yaml"
SAMPLE = REPO / "data" / f"{SAMPLE_UNIT}.yaml"
SHARED = REPO / "renstra.yaml"

#: (a) and (b): a few hundred examples in all; (c): a handful of builds.
BYTES_EXAMPLES = 120
EDIT_EXAMPLES = 120
MUTATION_EXAMPLES = 200
BUILD_EXAMPLES = 5

#: The largest figure the data may hold (18 digits), and the smallest non-zero one.
LARGEST = 10**18 - 1
SMALLEST = "0," + "0" * 17 + "1"

#: pydantic's and PyYAML's own (English) words, which users must never see.
ENGLISH = re.compile(r"Input should|Field required|validation error|expected|found|while ")

LOADER = settings(
    max_examples=MUTATION_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Files:
    """A workspace whose unit file (and shared renstra.yaml) each example overwrites."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.workspace = Workspace(root)
        self.unit = root / "data" / f"{SAMPLE_UNIT}.yaml"
        self.shared = root / "renstra.yaml"

    def load(self, unit: bytes, shared: bytes | None = None) -> LoadedRenstra | None:
        """The model, or None after a well-formed DataError; anything else propagates."""
        self.unit.write_bytes(unit)
        self.shared.write_bytes(SHARED.read_bytes() if shared is None else shared)
        try:
            return load_renstra(self.workspace, self.unit)
        except DataError as err:
            assert err.problems
            names = {self.workspace.display(self.unit), self.workspace.display(self.shared)}
            for problem in err.problems:
                text = str(problem)
                assert "\n" not in text and "\r" not in text, text
                assert problem.file in names, text
                assert problem.message.strip(), text
                assert not ENGLISH.search(problem.message), text
                assert problem.line >= 0 and problem.column >= 0, text
            return None


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    return Files(copy_mini(tmp_path_factory.mktemp("fuzz")))


# --- (a) random bytes ---------------------------------------------------------------------


@settings(LOADER, max_examples=BYTES_EXAMPLES)
@given(raw=st.binary(max_size=600))
@example(raw=b"")
@example(raw=b"\xef\xbb\xbf")
@example(raw=b"- a\n- b\n")
@example(raw=b"unit: [")
@example(raw=b"\x00\xff\xfe")
def test_random_bytes_give_a_model_or_a_data_error(files: Files, raw: bytes) -> None:
    files.load(raw)


@st.composite
def edited_bytes(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` with a few bytes replaced, inserted or deleted, or cut short."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["ganti", "sisip", "hapus", "potong"]))
        byte = draw(st.sampled_from([*b":-[]{}&*!|>'\"#% \t\n\r\\", 0, 0x80, 0xC3, 0xFF]))
        if kind == "ganti" and at < len(data):
            data[at] = byte
        elif kind == "sisip":
            data.insert(at, byte)
        elif kind == "hapus" and at < len(data):
            del data[at]
        elif kind == "potong":
            del data[at:]
    return bytes(data)


@settings(LOADER, max_examples=EDIT_EXAMPLES)
@given(raw=edited_bytes(MINI.read_bytes()))
def test_edited_bytes_give_a_model_or_a_data_error(files: Files, raw: bytes) -> None:
    files.load(raw)


# --- (b) structural mutations -------------------------------------------------------------

NodePath = tuple[str | int, ...]


def node_paths(value: Any, path: NodePath = ()) -> Iterator[NodePath]:
    """Every path below ``value`` (not the root itself)."""
    children: list[tuple[str | int, Any]] = []
    if isinstance(value, dict):
        children = list(value.items())
    elif isinstance(value, list):
        children = list(enumerate(value))
    for key, child in children:
        yield (*path, key)
        yield from node_paths(child, (*path, key))


def at(data: Any, path: NodePath) -> Any:
    for part in path:
        data = data[part]
    return data


def all_keys(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, child in value.items():
            found.add(key)
            found |= all_keys(child)
    elif isinstance(value, list):
        for child in value:
            found |= all_keys(child)
    return found


BASES: dict[str, Any] = {
    "unit": yaml.safe_load(SAMPLE.read_text("utf-8")),
    "shared": yaml.safe_load(SHARED.read_text("utf-8")),
}
KEYS = sorted(all_keys(BASES["unit"]) | all_keys(BASES["shared"]))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(["", " ", "ya", "null", "2013-02-30", "1.250", "75,5", "~", "S1.1", "T9"]),
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.sampled_from(KEYS), scalars, max_size=2),
)
key_names = st.one_of(
    st.sampled_from(KEYS),
    st.text(max_size=12),
    st.sampled_from(["", " ", "Unit", "unit ", "bab_9", "teks", "<<", "0"]),
)
OPERATIONS = ["hapus", "ganti-nama", "ganti-jenis", "tukar", "kosongkan", "bungkus", "buka"]


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """The sample's unit file and renstra.yaml, one or both mutated 1–4 times."""
    which = draw(st.sampled_from(["unit", "unit", "unit", "shared", "both"]))
    result: dict[str, bytes] = {}
    for name, base in BASES.items():
        data = base
        if which in (name, "both"):
            data = copy.deepcopy(base)
            for _ in range(draw(st.integers(1, 4))):
                data = mutate(draw, data)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)
        if which in (name, "both") and draw(st.integers(0, 4)) == 0:
            text = duplicate_key(draw, text)
        result[name] = text.encode("utf-8")
    return result["unit"], result["shared"]


def mutate(draw: st.DrawFn, data: Any) -> Any:
    paths = list(node_paths(data))
    if not paths:
        return draw(values)
    path = draw(st.sampled_from(paths))
    parent, last = at(data, path[:-1]), path[-1]
    operation = draw(st.sampled_from(OPERATIONS))
    value = parent[last]
    if operation == "hapus":
        del parent[last]
    elif operation == "ganti-nama" and isinstance(parent, dict):
        new = draw(key_names)
        renamed = {(new if k == last else k): v for k, v in parent.items()}
        parent.clear()
        parent.update(renamed)
    elif operation == "ganti-jenis":
        parent[last] = draw(values)
    elif operation == "tukar":
        other = draw(st.sampled_from(paths))
        if other[: len(path)] != path and path[: len(other)] != other:
            other_parent = at(data, other[:-1])
            parent[last], other_parent[other[-1]] = other_parent[other[-1]], value
    elif operation == "kosongkan":
        parent[last] = type(value)() if isinstance(value, list | dict | str) else None
    elif operation == "bungkus":
        parent[last] = draw(st.sampled_from([[value], {"teks": value}, {"x": value}]))
    elif operation == "buka" and isinstance(value, list | dict) and value:
        parent[last] = draw(st.sampled_from(list(value.values() if isinstance(value, dict)
                                                 else value)))  # fmt: skip
    return data


KEY_LINE = re.compile(r"^ *(?:- )?[A-Za-z_][A-Za-z0-9_]*:(?: .*)?$")


def duplicate_key(draw: st.DrawFn, text: str) -> str:
    """The YAML text with one ``key: …`` line written twice (plain YAML loaders would keep the
    second value silently)."""
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if KEY_LINE.match(line)]
    if not candidates:
        return text
    index = draw(st.sampled_from(candidates))
    line = lines[index]
    # In a list item ("- key: …") the copy is the item's next key, indented under the first.
    lines.insert(index + 1, line.replace("- ", "  ", 1) if line.lstrip()[:2] == "- " else line)
    return "\n".join(lines)


def sample_with(path: NodePath, value: Any) -> tuple[bytes, bytes]:
    """The sample's files with one value of the unit file replaced."""
    data = copy.deepcopy(BASES["unit"])
    parent = at(data, path[:-1])
    parent[path[-1]] = value
    unit = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)
    return unit.encode("utf-8"), SHARED.read_bytes()


#: Found by fuzzing: valid data whose figures overflowed the arithmetic when the document was
#: built ("galat tak terduga: InvalidOperation", exit 1); now a data error (exit 2).
TOO_LONG = [
    (("anggaran", 0, "anggaran", 0), 10**400),
    (("indikator_kinerja", 0, "realisasi", 0), 1e-300),
    (("program", 0, "kegiatan", 0, "pagu", 0), "1.000.000.000.000.000.000"),
]


@settings(LOADER)
@given(mutated=mutated_files())
@example(mutated=sample_with(*TOO_LONG[0]))
@example(mutated=sample_with(*TOO_LONG[1]))
def test_mutated_samples_give_a_model_or_a_data_error(
    files: Files, mutated: tuple[bytes, bytes]
) -> None:
    unit, shared = mutated
    files.load(unit, shared)


@pytest.mark.parametrize(("path", "value"), TOO_LONG, ids=["1e400", "1e-300", "teks-19-angka"])
def test_a_figure_too_long_for_the_arithmetic_is_a_data_error(
    files: Files, path: NodePath, value: Any
) -> None:
    files.unit.write_bytes(sample_with(path, value)[0])
    files.shared.write_bytes(SHARED.read_bytes())
    with pytest.raises(DataError) as caught:
        load_renstra(files.workspace, files.unit)
    (problem,) = caught.value.problems
    assert problem.path == format_path(path)
    assert problem.message.startswith("angka terlalu panjang (paling banyak 18 angka")


def test_the_unmutated_sample_is_valid(files: Files) -> None:
    """The base of the mutations is valid (so a mutation is what makes a file invalid)."""
    unit, shared = (
        yaml.safe_dump(BASES[name], allow_unicode=True, sort_keys=False).encode()
        for name in ("unit", "shared")
    )
    assert files.load(unit, shared) is not None


# --- (c) generated valid data builds a PDF that passes the layout check --------------------

_COVERED = fonts.covered_codepoints()
_RTL = {"R", "AL", "AN"}


def _printable(categories: tuple[str, ...], limit: int = 0x3000) -> list[str]:
    """Characters the shipped fonts draw, of these Unicode categories, written left to right."""
    return [
        chr(cp)
        for cp in sorted(_COVERED)
        if cp < limit
        and unicodedata.category(chr(cp)) in categories
        and unicodedata.bidirectional(chr(cp)) not in _RTL
    ]


LETTERS = [*_printable(("Lu", "Ll", "Lt", "Lo")), *string.digits]
#: The combining diacritical marks (U+0300…U+036F) but the grapheme joiner, which prints
#: nothing. Marks of other scripts are left out: NKo's tone marks, for one, are reshaped by
#: the font and read back from the PDF as a different tone (a limit of text extraction).
MARKS = [ch for ch in _printable(("Mn",)) if "\u0300" <= ch <= "\u036f" and ch != "\u034f"]

#: A letter, mostly plain Latin as Indonesian data is; a Latin letter sometimes carries a
#: combining mark (few choices per character keep the examples within hypothesis's size
#: limit). A precomposed letter gets no further mark: a font draws such a pair ("ǣ̝") as
#: several glyphs of one cluster, and WeasyPrint (70) maps every glyph but the last of a
#: cluster to no text, once for the whole document, so that letter ("ǣ") then reads back
#: as nothing wherever it stands (a limit of the engine's text layer, not of the layout).
ALPHABET = [*string.ascii_letters * 40, *LETTERS]
MARK_OR_NONE = ["" for _ in range(3 * len(MARKS))] + MARKS
cluster = st.tuples(st.sampled_from(ALPHABET), st.sampled_from(MARK_OR_NONE)).map(
    lambda pair: pair[0] + pair[1] if pair[0].isascii() else pair[0]
)
short_word = st.lists(cluster, min_size=1, max_size=7).map("".join)
long_word = st.lists(cluster, min_size=20, max_size=35).map("".join)  # wider than any cell
#: One word in five is long and has no break.
word = st.integers(0, 4).flatmap(lambda k: long_word if k == 0 else short_word)
text = st.lists(word, min_size=1, max_size=5).map(" ".join)
items = st.lists(text, min_size=1, max_size=3)


def _indikator(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "uraian": draw(text),
        "satuan": draw(word),
        "awal": draw(word),
        "target": [draw(st.integers(0, 10**6) | word) for _ in range(5)],
    }


@st.composite
def valid_units(draw: st.DrawFn) -> dict[str, Any]:
    """The mini unit with random text in its prose, lists, the matrix of problems and T-C.27
    (random numbers of rows; codes from letters and digits)."""
    unit: dict[str, Any] = yaml.safe_load(MINI.read_text("utf-8"))
    unit["unit"]["nama"] = draw(st.lists(word, min_size=1, max_size=3).map(" ".join))
    unit["kata_pengantar"] = draw(text)
    unit["bab_1"]["latar_belakang"] = "\n\n".join(draw(st.lists(text, min_size=1, max_size=3)))
    telaahan = unit["bab_3"]["telaahan_visi_misi"]
    telaahan["faktor_penghambat"] = draw(st.lists(text, min_size=1, max_size=8))
    telaahan["faktor_pendorong"] = draw(items)
    unit["bab_3"]["permasalahan"] = draw(text)
    unit["masalah"] = [
        {"masalah_pokok": draw(text), "masalah": draw(items), "akar_masalah": draw(items)}
        for _ in range(draw(st.integers(1, 2)))
    ]
    codes = iter(draw(st.lists(st.from_regex(r"[A-Z0-9.]{1,40}", fullmatch=True), min_size=12,
                               max_size=12, unique=True)))  # fmt: skip
    unit["bab_5"] = {"pengantar": draw(text)}
    unit["tujuan"], unit["sasaran"], unit["program"] = [], [], []
    for _ in range(draw(st.integers(1, 2))):
        tujuan, sasaran = next(codes), next(codes)
        unit["tujuan"].append({"kode": tujuan, "uraian": draw(text)})
        unit["sasaran"].append(
            {"kode": sasaran, "tujuan": tujuan, "uraian": draw(text),
             "indikator": [_indikator(draw)]}
        )  # fmt: skip
        unit["program"].append(
            {
                "kode": next(codes),
                "nama": draw(text),
                "sasaran": sasaran,
                "indikator": [_indikator(draw)],
                "penanggung_jawab": draw(text),
                "lokasi": draw(text),
                "kegiatan": [
                    {
                        "kode": next(codes),
                        "nama": draw(text),
                        "indikator": [_indikator(draw)],
                        "pagu": [draw(st.integers(0, LARGEST)) for _ in range(5)],
                        "lokasi": draw(text),
                    }
                    for _ in range(draw(st.integers(1, 2)))
                ],
            }
        )
    return unit


def generated_strings(unit: dict[str, Any]) -> list[str]:
    """The generated texts the document prints as written: prose paragraphs and list items,
    the matrix of problems, and T-C.27's cells (the codes of tujuan and sasaran only link
    rows; the sasaran's targets belong to T-C.25, left out here; numbers print formatted)."""
    found: list[str] = [unit["unit"]["nama"], unit["kata_pengantar"]]
    found += unit["bab_1"]["latar_belakang"].split("\n\n")
    telaahan = unit["bab_3"]["telaahan_visi_misi"]
    found += [*telaahan["faktor_penghambat"], *telaahan["faktor_pendorong"]]
    found.append(unit["bab_3"]["permasalahan"])
    for row in unit["masalah"]:
        found += [row["masalah_pokok"], *row["masalah"], *row["akar_masalah"]]
    found.append(unit["bab_5"]["pengantar"])
    found += [t["uraian"] for t in unit["tujuan"]]

    def indicator(i: dict[str, Any], values: bool = True) -> list[str]:
        words = [i["awal"], *i["target"]] if values else []
        texts = (w for w in words if isinstance(w, str) and parse_angka(w) is None)
        return [i["uraian"], i["satuan"], *texts]

    for s in unit["sasaran"]:
        found += [s["uraian"], *(x for i in s["indikator"] for x in indicator(i, values=False))]
    for p in unit["program"]:
        found += [p["kode"], p["nama"], p["penanggung_jawab"], p["lokasi"]]
        found += [x for i in p["indikator"] for x in indicator(i)]
        for k in p["kegiatan"]:
            found += [k["kode"], k["nama"], k["lokasi"]]
            found += [x for i in k["indikator"] for x in indicator(i)]
    return found


@settings(
    max_examples=BUILD_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(unit=valid_units())
def test_generated_valid_data_builds_a_pdf_that_passes_the_layout_check(
    files: Files, unit: dict[str, Any]
) -> None:
    files.unit.write_text(
        yaml.safe_dump(unit, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8"
    )
    files.shared.write_bytes(SHARED.read_bytes())
    result = build_renstra(files.workspace, files.unit, BuildOptions(paralel=0))
    assert layout_problems(result.output) == []
    assert missing_strings(result.output, generated_strings(unit)) == []


def test_the_largest_and_smallest_figures_build(files: Files) -> None:
    """Figures at the limit of the data (18 digits before the comma and after it) build: the
    ratios and growth of T-C.23 and T-C.24 (up to 1e38 %) and T-C.27's totals print."""
    unit: dict[str, Any] = yaml.safe_load(MINI.read_text("utf-8"))
    unit["bab_2"]["kinerja_pelayanan"] = "Kinerja pelayanan."
    unit["indikator_kinerja"] = [
        {"indikator": "Angka terbesar", "target": [SMALLEST, LARGEST, 1, SMALLEST, LARGEST],
         "realisasi": [LARGEST, SMALLEST, LARGEST, LARGEST, SMALLEST]}
    ]  # fmt: skip
    unit["anggaran"] = [
        {"uraian": "Belanja", "anggaran": [SMALLEST, 1, LARGEST, 1, LARGEST],
         "realisasi": [LARGEST, LARGEST, SMALLEST, 1, LARGEST]}
    ]  # fmt: skip
    files.unit.write_text(yaml.safe_dump(unit, allow_unicode=True, sort_keys=False), "utf-8")
    files.shared.write_bytes(SHARED.read_bytes())
    result = build_renstra(files.workspace, files.unit, BuildOptions(paralel=0))
    assert layout_problems(result.output) == []
    # 999.999.999.999.999.999 ÷ 0,000…1 × 100 (T-C.23, year 1): printed, digit by digit
    largest_ratio = persen(rasio(LARGEST, SMALLEST))
    assert len(largest_ratio) > 50
    assert missing_strings(result.output, ["Rp999.999.999.999.999.999", largest_ratio]) == []
