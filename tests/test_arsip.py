"""Archival copies: ``make_pdfa3b`` and the PDF/A-3b checker the tests rely on.

The checker is tested first on small PDFs built with pypdf, one problem at a time; then the
real letter, Renstra and a bundle made from them go through ``make_pdfa3b`` and must pass it,
``qpdf --check`` and poppler.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from renstra_docs.arsip import make_pdfa3b, mime_type, xmp_date
from renstra_docs.build import BuildOptions
from renstra_docs.errors import BuildError
from renstra_docs.surat import render_letter
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

from .conftest import SAMPLE_UNIT, copy_sample
from .pdfa import pdfa_problems

DATE = "D:20131202000000+07'00'"
INFO = {
    "/Title": "Renstra & Lampiran <uji> 2013–2018",
    "/Author": "Kecamatan Bekasi Utara",
    "/Subject": "Uji arsip",
    "/Keywords": "Renstra, arsip",
    "/Creator": "renstra-docs uji",
    "/CreationDate": DATE,
    "/ModDate": DATE,
}


def to_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def archived(pdf: bytes) -> bytes:
    """``pdf`` through make_pdfa3b, as the build does it: the very last pypdf step."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    make_pdfa3b(writer)
    return to_bytes(writer)


def blank_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata(INFO)
    return writer


def good_writer() -> PdfWriter:
    writer = blank_writer()
    make_pdfa3b(writer)
    return writer


def has_problem(problems: list[str], expected: str) -> bool:
    return any(expected in problem for problem in problems)


# --- synthetic PDFs -----------------------------------------------------------------------


def test_a_made_pdf_passes_and_a_plain_one_does_not() -> None:
    assert pdfa_problems(to_bytes(good_writer())) == []
    problems = pdfa_problems(to_bytes(blank_writer()))
    for expected in (
        "trailer: no /ID",
        "XMP: the catalog has no /Metadata stream",
        "output intent: no /OutputIntents entry with /S /GTS_PDFA1",
    ):
        assert has_problem(problems, expected), (expected, problems)


def _drop_metadata(writer: PdfWriter) -> None:
    del writer.root_object["/Metadata"]


def _change_title(writer: PdfWriter) -> None:
    writer.add_metadata({"/Title": "Judul lain"})


def _change_date(writer: PdfWriter) -> None:
    writer.add_metadata({"/ModDate": "D:20131202000000Z"})


def _drop_output_intent(writer: PdfWriter) -> None:
    del writer.root_object["/OutputIntents"]


def _break_output_profile(writer: PdfWriter) -> None:
    profile = DecodedStreamObject()
    profile.set_data(b"not an ICC profile" * 10)
    profile[NameObject("/N")] = NumberObject(3)
    intent = writer.root_object["/OutputIntents"][0].get_object()  # type: ignore[index]
    intent[NameObject("/DestOutputProfile")] = writer._add_object(profile)


def _add_javascript_open_action(writer: PdfWriter) -> None:
    writer.add_open_action(JavaScript("app.alert('halo');"))


def _add_javascript_names(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('halo');"),
        }
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("a"), writer._add_object(action)])}
    )
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )


def _add_attachment(writer: PdfWriter) -> None:
    writer.add_attachment("data/bekasi-utara.yaml", b"judul: uji\n")


def _add_hidden_link(writer: PdfWriter) -> None:
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 50, 30)]),
            NameObject("/F"): NumberObject(2),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/Launch"),
                    NameObject("/F"): TextStringObject("calc.exe"),
                }
            ),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])


def _add_interpolated_image(writer: PdfWriter) -> None:
    image = DecodedStreamObject()
    image.set_data(b"\xff\x00\x00")
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(1),
            NameObject("/Height"): NumberObject(1),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Interpolate"): BooleanObject(True),
        }
    )
    resources = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im1"): writer._add_object(image)})}
    )
    writer.pages[0][NameObject("/Resources")] = resources


def _font_resources() -> DictionaryObject:
    """Resources naming Helvetica, a standard 14 font, without embedding it."""
    helvetica = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    return DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): helvetica})})


def _form(*, fonts: bool) -> DecodedStreamObject:
    """A small Form XObject; with ``fonts`` it shows text in Helvetica."""
    form = DecodedStreamObject()
    form.set_data(b"BT /F1 12 Tf (x) Tj ET" if fonts else b"")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, 20, 20)]),
            NameObject("/Resources"): _font_resources() if fonts else DictionaryObject(),
        }
    )
    return form


def _add_widget(
    writer: PdfWriter,
    normal: DecodedStreamObject,
    *,
    action: DictionaryObject | None = None,
    down: bool = False,
) -> None:
    """A signature widget on page 1 showing ``normal``, optionally with an action or a
    "down" appearance as well."""
    appearance = DictionaryObject({NameObject("/N"): writer._add_object(normal)})
    if down:
        appearance[NameObject("/D")] = writer._add_object(_form(fonts=False))
    widget = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 30, 30)]),
            NameObject("/F"): NumberObject(4),
            NameObject("/AP"): appearance,
        }
    )
    if action is not None:
        widget[NameObject("/A")] = action
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(widget)])


def _add_widget_action(writer: PdfWriter) -> None:
    uri = DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("x:y")}
    )
    _add_widget(writer, _form(fonts=False), action=uri)


def _add_down_appearance(writer: PdfWriter) -> None:
    _add_widget(writer, _form(fonts=False), down=True)


def _add_requirements(writer: PdfWriter) -> None:
    writer.root_object[NameObject("/Requirements")] = ArrayObject()


#: (what is broken, the problem expected); make_pdfa3b repairs each.
BROKEN = [
    (_drop_metadata, "XMP: the catalog has no /Metadata stream"),
    (_change_title, "XMP: dc:title 'Renstra & Lampiran <uji> 2013–2018' disagrees with"),
    (_change_date, "XMP: xmp:ModifyDate '2013-12-02T00:00:00+07:00' is not the instant"),
    (_drop_output_intent, "output intent: no /OutputIntents entry with /S /GTS_PDFA1"),
    (_break_output_profile, "output intent: /DestOutputProfile is not an ICC profile"),
    (_add_javascript_names, "catalog: the /Names dictionary has a /JavaScript tree"),
    (_add_javascript_open_action, "action: /S /JavaScript is forbidden"),
    (_add_javascript_open_action, "JavaScript: a /JS entry"),
    (_add_attachment, "embedded file 'data/bekasi-utara.yaml': no /AFRelationship"),
    (_add_attachment, "'data/bekasi-utara.yaml': its file specification is not in the"),
    (_add_attachment, "'data/bekasi-utara.yaml': the stream has no /Subtype (MIME type)"),
    (_add_attachment, "'data/bekasi-utara.yaml': the stream has no /Params /ModDate"),
    (_add_hidden_link, "annotation /Link on page 1: the Print flag is not set"),
    (_add_hidden_link, "annotation /Link on page 1: hidden by the flag(s) Hidden"),
    (_add_hidden_link, "action: /S /Launch is forbidden"),
    (_add_interpolated_image, "image: /Interpolate true is forbidden"),
    (_add_widget_action, "annotation /Widget on page 1: a widget with an /A action"),
    (_add_down_appearance, "the appearance dictionary must hold /N and nothing else"),
    (_add_requirements, "catalog: /Requirements is forbidden"),
]


@pytest.mark.parametrize(("breaks", "expected"), BROKEN)
def test_checker_finds_each_problem_and_make_pdfa3b_repairs_it(
    breaks: Callable[[PdfWriter], None], expected: str
) -> None:
    writer = good_writer()
    breaks(writer)
    problems = pdfa_problems(to_bytes(writer))
    assert has_problem(problems, expected), problems
    make_pdfa3b(writer)
    assert pdfa_problems(to_bytes(writer)) == []


def _font_on_page(writer: PdfWriter) -> None:
    writer.pages[0][NameObject("/Resources")] = _font_resources()


def _font_in_form(writer: PdfWriter) -> None:
    xobjects = DictionaryObject({NameObject("/Fm1"): writer._add_object(_form(fonts=True))})
    writer.pages[0][NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})


def _font_in_signature_appearance(writer: PdfWriter) -> None:
    _add_widget(writer, _form(fonts=True))


@pytest.mark.parametrize("uses_font", [_font_on_page, _font_in_form, _font_in_signature_appearance])
def test_checker_finds_an_unembedded_standard_font(uses_font: Callable[[PdfWriter], None]) -> None:
    writer = good_writer()
    uses_font(writer)
    problems = pdfa_problems(to_bytes(writer))
    assert problems == ["font Helvetica (a standard 14 font) on page 1 is not embedded"]
    make_pdfa3b(writer)  # nothing to repair it with: it stays a problem
    assert pdfa_problems(to_bytes(writer)) == problems


def test_checker_reads_header_and_encryption() -> None:
    good = to_bytes(good_writer())
    assert has_problem(pdfa_problems(good.replace(b"%PDF-1.7", b"%PDF-2.0", 1)), "version 2.0")
    assert has_problem(pdfa_problems(good + b"% more\n"), "data after the last %%EOF")
    encrypted = good_writer()
    encrypted.encrypt("rahasia", algorithm="AES-256")
    assert pdfa_problems(to_bytes(encrypted))[-1].startswith("trailer: the file is encrypted")
    with pytest.raises(BuildError, match="terenkripsi"):
        make_pdfa3b(encrypted)


def test_checker_follows_the_latest_revision_of_an_incremental_update() -> None:
    good = to_bytes(good_writer())
    update = PdfWriter(PdfReader(io.BytesIO(good)), incremental=True)
    update.add_metadata({"/Keywords": "diubah kemudian"})
    changed = to_bytes(update)
    assert changed.startswith(good)
    assert pdfa_problems(changed) == [
        "XMP: pdf:Keywords 'Renstra, arsip' disagrees with /Info /Keywords 'diubah kemudian'"
    ]


def test_the_xmp_mirrors_info_and_is_deterministic() -> None:
    first, second = to_bytes(good_writer()), to_bytes(good_writer())
    assert first == second
    assert b"Renstra &amp; Lampiran &lt;uji&gt; 2013\xe2\x80\x932018" in first
    writer = blank_writer()
    make_pdfa3b(writer)
    make_pdfa3b(writer)  # twice: the metadata stream is replaced, not added again
    assert to_bytes(writer) == first


@pytest.mark.parametrize(
    ("pdf_date", "expected"),
    [
        ("D:20131202000000+07'00'", "2013-12-02T00:00:00+07:00"),
        ("D:20131202000000+07'00", "2013-12-02T00:00:00+07:00"),
        ("D:20131202153000-03'30'", "2013-12-02T15:30:00-03:30"),
        ("D:20131202153000Z", "2013-12-02T15:30:00Z"),
        ("D:201312021530", "2013-12-02T15:30"),
        ("D:20131202", "2013-12-02"),
        ("D:2013", "2013"),
    ],
)
def test_xmp_date(pdf_date: str, expected: str) -> None:
    assert xmp_date(pdf_date) == expected


def test_cmyk_colour_is_found_and_refused() -> None:
    writer = good_writer()
    _add_interpolated_image(writer)
    image = writer.pages[0]["/Resources"]["/XObject"]["/Im1"]  # type: ignore[index]
    image[NameObject("/ColorSpace")] = NameObject("/DeviceCMYK")
    problems = pdfa_problems(to_bytes(writer))
    assert has_problem(problems, "colour: /DeviceCMYK used but the output intent has 3"), problems
    with pytest.raises(BuildError, match="CMYK"):
        make_pdfa3b(writer)


def test_a_malformed_date_is_a_build_error() -> None:
    writer = blank_writer()
    writer.add_metadata({"/ModDate": "2 Desember 2013"})
    with pytest.raises(BuildError, match="bukan tanggal PDF"):
        make_pdfa3b(writer)


def test_mime_types_come_from_the_name() -> None:
    assert mime_type("data/bekasi-utara.yaml") == "application/yaml"
    assert mime_type("gambar/LOGO.PNG") == "image/png"
    assert mime_type("renstra-docs/manifes.json") == "application/json"
    assert mime_type("catatan") == "application/octet-stream"


def test_the_colour_profile_is_read_without_starting_the_engine() -> None:
    code = (
        "import sys; from renstra_docs.arsip import srgb_profile; "
        "assert srgb_profile()[36:40] == b'acsp'; assert 'weasyprint' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- the project's own PDFs ---------------------------------------------------------------


@pytest.fixture(scope="module")
def letter_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    root = copy_sample(tmp_path_factory.mktemp("arsip"))
    loaded = load_renstra(Workspace(root), root / "data" / f"{SAMPLE_UNIT}.yaml", draf=False)
    return render_letter(loaded, BuildOptions(), 1).pdf


@pytest.fixture(scope="module")
def documents(letter_pdf: bytes, sample_pdf: Path) -> dict[str, bytes]:
    return {"surat": letter_pdf, "renstra": sample_pdf.read_bytes()}


def annotation_counts(reader: PdfReader) -> list[int]:
    return [len(page.get("/Annots") or []) for page in reader.pages]


def external_checks(pdf: bytes, folder: Path) -> str:
    """qpdf's structural check must pass cleanly; returns what poppler reads."""
    path = folder / "arsip.pdf"
    path.write_bytes(pdf)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    text = subprocess.run(
        ["pdftotext", "-l", "2", str(path), "-"], capture_output=True, text=True, check=True
    )
    return text.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", ["surat", "renstra"])
def test_project_pdfs_become_pdfa(name: str, documents: dict[str, bytes], tmp_path: Path) -> None:
    original = documents[name]
    assert has_problem(pdfa_problems(original), "XMP: the catalog has no /Metadata stream")
    pdf = archived(original)
    assert pdfa_problems(pdf) == []
    assert archived(original) == pdf
    assert "Bekasi Utara" in external_checks(pdf, tmp_path)
    before, after = PdfReader(io.BytesIO(original)), PdfReader(io.BytesIO(pdf))
    assert annotation_counts(after) == annotation_counts(before)  # links and the signature field
    assert after.metadata == before.metadata


@pytest.mark.slow
def test_a_merged_bundle_with_attachments_becomes_pdfa(
    documents: dict[str, bytes], tmp_path: Path
) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(documents["surat"])))
    writer.append(PdfReader(io.BytesIO(documents["renstra"])))
    writer.add_attachment("data/bekasi-utara.yaml", b"judul: uji\n")
    logo = writer.add_attachment("gambar/logo.png", b"\x89PNG\r\n\x1a\n")
    logo.associated_file_relationship = NameObject("/Source")
    make_pdfa3b(writer)
    pdf = to_bytes(writer)
    assert pdfa_problems(pdf) == []
    external_checks(pdf, tmp_path)
    reader = PdfReader(io.BytesIO(pdf))
    listed = [ref.get_object() for ref in reader.root_object["/AF"]]  # type: ignore[attr-defined]
    assert sorted(str(spec["/UF"]) for spec in listed) == [
        "data/bekasi-utara.yaml",
        "gambar/logo.png",
    ]
    kinds = {str(s["/UF"]): (s["/AFRelationship"], s["/EF"]["/F"]["/Subtype"]) for s in listed}
    assert kinds == {
        "data/bekasi-utara.yaml": ("/Unspecified", "/application/yaml"),
        "gambar/logo.png": ("/Source", "/image/png"),
    }
    assert reader.attachments["data/bekasi-utara.yaml"] == [b"judul: uji\n"]
    assert reader.metadata is not None
    for spec in listed:  # no dates of their own: the document's, never the clock
        assert spec["/EF"]["/F"]["/Params"]["/ModDate"] == reader.metadata["/ModDate"]
