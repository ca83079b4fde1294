"""`renstra tandatangani` and `renstra verifikasi`: PAdES signatures on real letters, read back
with pyHanko, pypdf, qpdf and poppler. Certificates are made at run time and thrown away."""

# pyHanko's writer and field helpers carry no annotations.
# mypy: disable-error-code="no-untyped-call"
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import string
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText

from renstra_docs import teks, templating
from renstra_docs.build import lay_out, render_settings, resolve_stylesheets
from renstra_docs.cli import cli
from renstra_docs.errors import RenstraError, ServiceError, UsageError
from renstra_docs.tandatangan import (
    FOOTNOTE_BSRE,
    LocalP12,
    RemoteService,
    add_footnote,
    footnote_text,
    sign_pdf,
    text_width,
    waktu_indonesia,
    wrap,
)
from renstra_docs.validate import load_renstra
from renstra_docs.workspace import Workspace

from .conftest import copy_mini
from .layanan_ttd import SigningService
from .pdfread import MM

SANDI = "uji-sandi-7391"  # the throw-away certificates' passphrase
NOW = dt.datetime.now(dt.UTC)
SURAT = {
    "nomor": "050/123/Kec.BU/XII/2013",
    "hal": "Penyampaian Rencana Strategis Kecamatan Bekasi Utara Tahun 2013–2018",
    "tanggal": "2013-12-02",
    "kepada": ["Kepala Badan Perencanaan Pembangunan Daerah Kota Bekasi"],
    "isi": "Bersama ini kami sampaikan Renstra untuk diverifikasi.\n\nDemikian kami sampaikan.",
    "bentuk": "nota_dinas",
}


def run(
    args: list[str], cwd: Path, sandi: str | None = SANDI, input: str | None = None
) -> tuple[int, str]:
    """The CLI in-process; RENSTRA_SANDI set to ``sandi`` (unset when ``None``)."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(
            cli, args, env={"RENSTRA_SANDI": sandi}, input=input, catch_exceptions=False
        )
    finally:
        os.chdir(old)
    return result.exit_code, result.output


# --- throw-away certificates ----------------------------------------------------------------


def _name(common: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


KEY_USAGES = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
)


def _key_usage(*names: str) -> x509.KeyUsage:
    return x509.KeyUsage(**{usage: usage in names for usage in KEY_USAGES})


@dataclass(frozen=True)
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate


def _issue(
    subject: x509.Name,
    issuer: Issued | None,
    usage: x509.KeyUsage,
    *,
    days: tuple[int, int] = (-1, 365),
    eku: list[x509.ObjectIdentifier] | None = None,
) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW + dt.timedelta(days=days[0]))
        .not_valid_after(NOW + dt.timedelta(days=days[1]))
        .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), critical=True)
        .add_extension(usage, critical=True)
    )
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    signing_key = issuer.key if issuer else key
    return Issued(key, builder.sign(signing_key, hashes.SHA256()))


def _p12(path: Path, issued: Issued, chain: list[Issued]) -> Path:
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"uji",
            issued.key,
            issued.cert,
            [c.cert for c in chain],
            serialization.BestAvailableEncryption(SANDI.encode()),
        )
    )
    return path


@dataclass(frozen=True)
class Certs:
    folder: Path
    root: Path
    other_root: Path
    remote: Issued
    remote_chain: list[x509.Certificate]

    def p12(self, name: str) -> Path:
        return self.folder / f"{name}.p12"


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    folder = tmp_path_factory.mktemp("sertifikat")
    ca = _issue(_name("Root CA Uji", "Uji Coba Renstra"), None, _key_usage("key_cert_sign"))
    bsre = _issue(
        _name("OSD BSrE", "Balai Besar Sertifikasi Elektronik"), None, _key_usage("key_cert_sign")
    )
    other = _issue(_name("Root Lain", "Lain"), None, _key_usage("key_cert_sign"))
    signing = _key_usage("digital_signature", "content_commitment")
    people = {
        "budi": (_name("Budi Santoso", "Kecamatan Bekasi Utara"), ca, signing, (-1, 365), None),
        "siti": (_name("Siti Aminah", "Kecamatan Bekasi Utara"), bsre, signing, (-1, 365), None),
        "kedaluwarsa": (_name("Lama", "Uji"), ca, signing, (-400, -30), None),
        "belum": (_name("Baru", "Uji"), ca, signing, (10, 400), None),
        "ca": (
            _name("Bukan Penanda Tangan", "Uji"),
            ca,
            _key_usage("key_cert_sign"),
            (-1, 9),
            None,
        ),
        "server": (
            _name("server.example", "Uji"),
            ca,
            _key_usage("digital_signature"),
            (-1, 9),
            [ExtendedKeyUsageOID.SERVER_AUTH],
        ),
    }
    for file, (subject, issuer, usage, days, eku) in people.items():
        _p12(folder / f"{file}.p12", _issue(subject, issuer, usage, days=days, eku=eku), [issuer])
    (folder / "root.pem").write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    (folder / "lain.der").write_bytes(other.cert.public_bytes(serialization.Encoding.DER))
    remote = _issue(_name("Andi Wijaya", "Kecamatan Bekasi Utara"), ca, signing)
    return Certs(folder, folder / "root.pem", folder / "lain.der", remote, [remote.cert, ca.cert])


# --- letters to sign ------------------------------------------------------------------------


def _words(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    """Words poppler finds on page 1: (x0, y0, x1, y1) in points from the bottom left."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out)[1])  # type: ignore[index]
    words = []
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</'
    for x0, top, x1, bottom, word in re.findall(pattern, out):
        words.append((float(x0), height - float(bottom), float(x1), height - float(top), word))
    return words


def _signature_space(pdf: Path) -> tuple[float, float, float, float]:
    """The gap between the jabatan line and the signer's name, as the letter leaves it."""
    words = _words(pdf)
    jabatan = next(w for w in words if w[4] == "CAMAT")
    name = next(w for w in words if w[4] == "Drs.")
    return (jabatan[0], name[3] + 1, 595.28 - 20 * MM, jabatan[1] - 1)


def _with_field(pdf: Path, target: Path, printed: bool = True) -> Path:
    """``pdf`` with an empty signature field over the signature space, added by pyHanko."""
    with pdf.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle, strict=False)
        box = tuple(round(v) for v in _signature_space(pdf))
        settings = fields.VisibleSigSettings(print_signature=printed)
        spec = fields.SigFieldSpec(
            sig_field_name="TandaTangan",
            box=box,  # type: ignore[arg-type]
            visible_sig_settings=settings,
        )
        fields.append_signature_field(writer, spec)
        with target.open("wb") as out:
            writer.write(out)
    return target


def _has_empty_field(pdf: Path) -> bool:
    with pdf.open("rb") as handle:
        return any(fields.enumerate_sig_fields(PdfFileReader(handle), filled_status=False))


@pytest.fixture(scope="session")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample letter as `renstra surat` makes it, with its empty `TandaTangan` field."""
    root = copy_mini(tmp_path_factory.mktemp("surat") / "ws")
    unit = root / "data" / "bekasi-utara.yaml"
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    data["surat"] = SURAT
    data["unit"]["kontak"] = {"alamat": "Jalan Contoh Raya No. 1", "telepon": "(021) 0000-0000"}
    unit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out = run(["surat", "data/bekasi-utara.yaml"], root)
    assert code == 0, out
    pdf = root / "output" / "bekasi-utara-surat.pdf"
    if not _has_empty_field(pdf):  # letters made before the field was added to `renstra surat`
        pdf = _with_field(pdf, pdf.with_name("surat-dengan-kotak.pdf"))
    return pdf


@pytest.fixture(scope="session")
def pdfa_letters(letter: Path) -> tuple[Path, Path]:
    """The letter written by WeasyPrint as PDF/A-3b: without a field, and with one added by
    pyHanko (its widget not printed, as some tools make them)."""
    root = letter.parent.parent
    loaded = load_renstra(Workspace(root), root / "data" / "bekasi-utara.yaml")
    env = templating.make_environment(loaded.workspace.templates_dir)
    context = {"renstra": loaded.model, "surat": loaded.model.surat, "lampiran": 1}
    html = templating.render_template(env, "surat.html", context)
    stylesheets = resolve_stylesheets(loaded.workspace, ("surat.css",))
    document, _, _ = lay_out(html, render_settings(loaded, "a4", stylesheets), ketat=False)
    plain = root / "output" / "surat-pdfa.pdf"
    plain.write_bytes(document.write_pdf(pdf_variant="pdf/a-3b"))
    return plain, _with_field(plain, root / "output" / "surat-pdfa-kotak.pdf", printed=False)


@dataclass(frozen=True)
class Signed:
    pdf: Path
    output: str


@pytest.fixture(scope="session")
def signed(letter: Path, certs: Certs, tmp_path_factory: pytest.TempPathFactory) -> Signed:
    """The letter signed once through the CLI, passphrase from RENSTRA_SANDI."""
    folder = tmp_path_factory.mktemp("ttd")
    code, out = run(
        ["tandatangani", str(letter), "--sertifikat", str(certs.p12("budi")), "-o", str(folder)],
        folder,
    )
    assert code == 0, out
    return Signed(folder / f"{letter.stem}-ttd.pdf", out)


# --- read-back helpers ----------------------------------------------------------------------


def _fonts(resources: Any) -> Iterator[Any]:
    """Every font dictionary reachable from ``resources``, through form XObjects too."""
    resources = resources.get_object()
    for font in resources.get("/Font", {}).values():
        yield font.get_object()
    for xobject in resources.get("/XObject", {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from _fonts(xobject["/Resources"])


def _embedded(font: Any) -> bool:
    target = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
    descriptor = target["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _widget(pdf: Path) -> Any:
    annots: Any = PdfReader(pdf).pages[0]["/Annots"]
    return next(a.get_object() for a in annots if a.get_object().get("/FT") == "/Sig")


def _validate(pdf: Path) -> list[Any]:
    with pdf.open("rb") as handle:
        reader = PdfFileReader(handle)
        context = ValidationContext(trust_roots=[], allow_fetching=False)
        return [
            validate_pdf_signature(s, signer_validation_context=context)
            for s in reader.embedded_regular_signatures
        ]


def _xmp_producer(reader: PdfReader) -> str:
    root: Any = reader.trailer["/Root"]
    xml = root["/Metadata"].get_object().get_data().decode()
    return re.search(r'pdf:Producer="([^"]*)"', xml)[1]  # type: ignore[index]


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return " ".join(out.stdout.split())


# --- pure functions -------------------------------------------------------------------------


def test_waktu_indonesia_names_the_zone() -> None:
    moment = dt.datetime(2026, 11, 28, 3, 15, tzinfo=dt.UTC)
    for hours, expected in (
        (7, "28 November 2026 10.15 WIB"),
        (8, "28 November 2026 11.15 WITA"),
        (9, "28 November 2026 12.15 WIT"),
        (0, "28 November 2026 03.15 UTC"),
        (5.5, "28 November 2026 08.45 UTC+05.30"),
    ):
        zone = dt.timezone(dt.timedelta(hours=hours))
        assert waktu_indonesia(moment.astimezone(zone)) == expected


def test_wrap_keeps_every_word_within_the_width() -> None:
    lines = wrap(FOOTNOTE_BSRE, 300, 8)
    assert len(lines) > 1
    assert " ".join(lines) == FOOTNOTE_BSRE
    assert all(text_width(line, 8) <= 300 for line in lines)


def test_footnote_font_maps_every_glyph_back_to_text(letter: Path, tmp_path: Path) -> None:
    words = [
        "Kantor",
        "Ñandú",
        "Ærø",
        "Öçüğş",
        "ÀÁÂÃÄÅ",
        "èéêëìíîï",
        "ΑΒΓΔ",
        "αβγδεζηθ",
        "ικλμνξοπ",
    ]
    text = " ".join([*words, string.ascii_letters, string.digits, "ρστυφχψω", "ÿýúùøõôóòñ"])
    assert len(set(text)) > 100  # more than one ToUnicode block
    with letter.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle, strict=False)
        add_footnote(writer, 0, text)
        with (tmp_path / "catatan.pdf").open("wb") as out:
            writer.write(out)
    assert text in _text(tmp_path / "catatan.pdf")


# --- signing --------------------------------------------------------------------------------


def test_signed_letter_is_an_intact_pades_signature(letter: Path, signed: Signed) -> None:
    assert signed.output.strip() == (
        f"{signed.pdf}: ditandatangani oleh Budi Santoso, kotak TandaTangan di halaman 1"
    )
    original = letter.read_bytes()
    data = signed.pdf.read_bytes()
    assert data.startswith(original)  # an incremental update: the letter's bytes untouched
    (status,) = _validate(signed.pdf)
    assert status.intact and status.valid
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"
    with signed.pdf.open("rb") as handle:
        (signature,) = PdfFileReader(handle).embedded_regular_signatures
        assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
        assert signature.field_name == "TandaTangan"
    subprocess.run(["qpdf", "--check", str(signed.pdf)], check=True, capture_output=True)
    assert SANDI not in signed.output


def test_box_and_footnote_sit_in_their_places(signed: Signed, tmp_path: Path) -> None:
    widget = _widget(signed.pdf)
    assert int(widget["/F"]) & 4  # printed
    appearance = widget["/AP"]["/N"].get_object()
    fonts = [
        *_fonts(appearance["/Resources"]),
        *_fonts(PdfReader(signed.pdf).pages[0]["/Resources"]),
    ]
    assert len(fonts) >= 3 and all(_embedded(f) for f in fonts)
    assert not any("Courier" in str(f.get("/BaseFont")) for f in fonts)

    flat = tmp_path / "rata.pdf"
    subprocess.run(["qpdf", "--flatten-annotations=all", str(signed.pdf), str(flat)], check=True)
    words = _words(flat)
    jabatan = next(w for w in words if w[4] == "CAMAT")
    name = next(w for w in words if w[4] == "Drs.")
    box = [w for w in words if name[3] < w[1] and w[3] < jabatan[1]]
    text = " ".join(w[4] for w in box)
    assert text.startswith("Ditandatangani secara elektronik oleh Budi Santoso ")
    assert re.search(r"\d{1,2} [A-Z][a-z]+ 20\d\d \d\d\.\d\d", text), text
    assert all(jabatan[0] - 1 <= w[0] and w[2] <= 595.28 - 20 * MM for w in box)

    footnote = [w for w in words if w[3] < 25 * MM]
    assert " ".join(w[4] for w in footnote) == (
        "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik"
        " yang diterbitkan oleh Uji Coba Renstra."
    )
    lowest_text = min(w[1] for w in words if w not in footnote)
    assert all(w[1] >= 8 * MM and w[3] <= 22 * MM < lowest_text for w in footnote)
    assert all(w[0] >= 30 * MM - 1 and w[2] <= 595.28 - 20 * MM for w in footnote)


def test_signed_page_renders(signed: Signed, tmp_path: Path) -> None:
    page = ["-r", "60", "-png", "-f", "1", "-l", "1"]
    subprocess.run(["pdftoppm", *page, str(signed.pdf), str(tmp_path / "p")], check=True)
    assert (tmp_path / "p-1.png").stat().st_size > 10_000


def test_pdfa_letter_signed_invisibly_keeps_its_metadata(
    pdfa_letters: tuple[Path, Path], certs: Certs, tmp_path: Path
) -> None:
    plain, _ = pdfa_letters
    result = sign_pdf(plain, LocalP12(certs.p12("budi")), lambda: SANDI, tmp_path)
    assert result.field is None and result.footnote
    (status,) = _validate(result.output)
    assert status.intact and status.valid
    reader = PdfReader(result.output)
    root: Any = reader.trailer["/Root"]
    assert "/OutputIntents" in root
    xmp = root["/Metadata"].get_object()
    assert "/Filter" not in xmp
    xml = xmp.get_data().decode()
    assert 'pdfaid:part="3"' in xml and 'pdfaid:conformance="B"' in xml
    info = reader.metadata
    assert info is not None
    assert _xmp_producer(reader) == info.producer == "WeasyPrint 70.0"
    modified = re.search(r'xmp:ModifyDate="([^"]*)"', xml)[1]  # type: ignore[index]
    assert dt.datetime.fromisoformat(modified) == info.modification_date
    assert info.modification_date == result.signed_at.replace(microsecond=0)
    widget = _widget(result.output)
    assert int(widget["/F"]) & 4 and not int(widget["/F"]) & 2  # printed, not hidden
    page = reader.pages[0]
    assert all(_embedded(f) for f in _fonts(page["/Resources"]))
    assert "diterbitkan oleh Uji Coba Renstra." in _text(result.output)
    subprocess.run(["qpdf", "--check", str(result.output)], check=True, capture_output=True)


def test_pdfa_letter_with_pyhanko_field_gets_the_box(
    pdfa_letters: tuple[Path, Path], certs: Certs, tmp_path: Path
) -> None:
    _, with_field = pdfa_letters
    assert not int(_widget(with_field)["/F"]) & 4
    result = sign_pdf(with_field, LocalP12(certs.p12("budi")), lambda: SANDI, tmp_path)
    assert result.field is not None and result.field.page == 0
    widget = _widget(result.output)
    assert int(widget["/F"]) & 4 and "/N" in widget["/AP"]
    assert all(_embedded(f) for f in _fonts(widget["/AP"]["/N"].get_object()["/Resources"]))
    (status,) = _validate(result.output)
    assert status.intact and status.valid
    # pyHanko's revision adding the field left the XMP producer disagreeing with /Info;
    # signing makes them agree again.
    before, after = PdfReader(with_field), PdfReader(result.output)
    assert _xmp_producer(before) != before.metadata["/Producer"]  # type: ignore[index]
    assert _xmp_producer(after) == after.metadata["/Producer"]  # type: ignore[index]


def test_bsre_certificate_gets_the_government_wording(
    letter: Path, certs: Certs, tmp_path: Path
) -> None:
    result = sign_pdf(letter, LocalP12(certs.p12("siti")), lambda: SANDI, tmp_path)
    assert FOOTNOTE_BSRE in _text(result.output)
    assert "tanda tangan basah" in FOOTNOTE_BSRE


def test_footnote_names_the_issuer(certs: Certs) -> None:
    signer = LocalP12(certs.p12("budi")).signer(SANDI)
    assert footnote_text(signer.signing_cert).endswith("diterbitkan oleh Uji Coba Renstra.")
    assert "basah" not in footnote_text(signer.signing_cert)


def test_hidden_prompt_when_no_environment_variable(
    letter: Path, certs: Certs, tmp_path: Path
) -> None:
    args = ["tandatangani", str(letter), "--sertifikat", str(certs.p12("budi")), "-o", "."]
    code, out = run(args, tmp_path, sandi=None, input=SANDI + "\n")
    assert code == 0, out
    assert "Kata sandi sertifikat:" in out
    assert SANDI not in out
    assert (tmp_path / f"{letter.stem}-ttd.pdf").is_file()


def test_output_beside_the_input_never_in_place(letter: Path, certs: Certs, tmp_path: Path) -> None:
    source = tmp_path / "surat.pdf"
    shutil.copy2(letter, source)
    code, out = run(["tandatangani", "surat.pdf", "--sertifikat", str(certs.p12("budi"))], tmp_path)
    assert code == 0, out
    assert source.read_bytes() == letter.read_bytes()
    assert (tmp_path / "surat-ttd.pdf").is_file()
    # A link named like the output but pointing at the input: refused, input untouched.
    (tmp_path / "keluar").mkdir()
    (tmp_path / "keluar" / "surat-ttd.pdf").symlink_to(source)
    args = ["tandatangani", "surat.pdf", "--sertifikat", str(certs.p12("budi")), "-o", "keluar"]
    code, out = run(args, tmp_path)
    assert code == 2
    assert out.strip() == (
        "surat.pdf: hasil tanda tangan akan menimpa berkas asal; pilih folder lain dengan -o"
    )
    assert source.read_bytes() == letter.read_bytes()


@pytest.mark.parametrize(
    ("p12", "sandi", "message"),
    [
        ("budi", "salah-sandi", "kata sandi sertifikat salah"),
        ("kedaluwarsa", SANDI, "sertifikat kedaluwarsa sejak {expired}"),
        ("belum", SANDI, "sertifikat baru berlaku mulai {future}"),
        (
            "ca",
            SANDI,
            "sertifikat tidak untuk tanda tangan dokumen (penggunaan kunci: keyCertSign)",
        ),
        (
            "server",
            SANDI,
            "sertifikat tidak untuk tanda tangan dokumen (penggunaan kunci lanjutan: serverAuth)",
        ),
    ],
)
def test_certificate_problems_are_one_line_exit_2(
    letter: Path, certs: Certs, tmp_path: Path, p12: str, sandi: str, message: str
) -> None:
    path = certs.p12(p12)
    args = ["tandatangani", str(letter), "--sertifikat", str(path), "-o", "."]
    code, out = run(args, tmp_path, sandi=sandi)
    expired = teks.date_long((NOW - dt.timedelta(days=30)).astimezone().date())
    future = teks.date_long((NOW + dt.timedelta(days=10)).astimezone().date())
    assert code == 2
    assert out.strip() == f"{path}: " + message.format(expired=expired, future=future)
    assert sandi not in out and "Traceback" not in out
    assert not list(tmp_path.iterdir())


def test_unreadable_inputs_exit_2(letter: Path, certs: Certs, tmp_path: Path) -> None:
    budi = str(certs.p12("budi"))
    (tmp_path / "bukan.p12").write_bytes(b"ini bukan sertifikat")
    (tmp_path / "bukan.pdf").write_text("halo", encoding="utf-8")
    writer = PdfWriter(clone_from=letter)
    writer.encrypt("rahasia")
    writer.write(tmp_path / "terkunci.pdf")
    for args, message in (
        (["bukan.pdf", "--sertifikat", budi], "bukan.pdf: bukan berkas PDF"),
        (["tidak-ada.pdf", "--sertifikat", budi], "tidak-ada.pdf: berkas tidak ada"),
        (
            ["terkunci.pdf", "--sertifikat", budi],
            "terkunci.pdf: PDF terenkripsi tidak dapat ditandatangani",
        ),
        (
            [str(letter), "--sertifikat", "bukan.p12"],
            "bukan.p12: bukan berkas sertifikat PKCS#12 (.p12/.pfx) yang dapat dibaca",
        ),
        ([str(letter)], "sebutkan --sertifikat BERKAS.p12 atau --layanan URL --pengguna ID"),
        (
            [str(letter), "--sertifikat", budi, "--layanan", "https://ttd.example/api"],
            "--sertifikat dan --layanan tidak dapat dipakai bersamaan",
        ),
    ):
        code, out = run(["tandatangani", *args], tmp_path)
        assert (code, out.strip()) == (2, message), args


# --- verification ---------------------------------------------------------------------------


def test_verifikasi_reports_each_signature(signed: Signed, certs: Certs) -> None:
    code, out = run(["verifikasi", signed.pdf.name], signed.pdf.parent)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == f"{signed.pdf.name}: tanda tangan 1 dari 1 (TandaTangan)"
    assert lines[1:3] == ["  Keutuhan: utuh dan sah", "  Penanda tangan: Budi Santoso"]
    assert re.fullmatch(r"  Waktu penandatanganan: \d{1,2} \w+ 20\d\d \d\d\.\d\d \S+", lines[3])
    assert lines[4:] == [
        "  Cakupan: seluruh berkas",
        "  Kepercayaan: tidak diperiksa (beri --akar SERTIFIKAT untuk memeriksa)",
        f"{signed.pdf.name}: semua tanda tangan sah",
    ]


def test_verifikasi_trust_only_with_a_root(signed: Signed, certs: Certs) -> None:
    code, out = run(["verifikasi", str(signed.pdf), "--akar", str(certs.root)], certs.folder)
    assert code == 0, out
    assert (
        "  Kepercayaan: tepercaya, berantai ke Root CA Uji (pencabutan tidak diperiksa)"
    ) in out.splitlines()
    code, out = run(["verifikasi", str(signed.pdf), "--akar", str(certs.other_root)], certs.folder)
    assert code == 1
    assert "  Kepercayaan: TIDAK TEPERCAYA: tidak berantai ke Root Lain" in out.splitlines()
    assert out.splitlines()[-1].endswith("ADA TANDA TANGAN YANG GAGAL")


def _byte_range(data: bytes) -> list[int]:
    found = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    assert found is not None
    return [int(v) for v in found.groups()]


def test_one_changed_byte_breaks_the_signature(signed: Signed, tmp_path: Path) -> None:
    data = bytearray(signed.pdf.read_bytes())
    contents = PdfReader(signed.pdf).pages[0].raw_get("/Contents")
    first = contents[0] if isinstance(contents, list) else contents
    start = data.index(b"stream", data.index(f"\n{first.idnum} 0 obj".encode())) + 20
    start_a, length_a, *_ = _byte_range(bytes(data))
    assert start_a <= start < start_a + length_a  # inside the signed bytes, not /Contents
    data[start] ^= 0x01
    tampered = tmp_path / "ubah.pdf"
    tampered.write_bytes(bytes(data))
    code, out = run(["verifikasi", "ubah.pdf"], tmp_path)
    assert code == 1
    assert "  Keutuhan: RUSAK: isi yang ditandatangani telah berubah" in out.splitlines()


def test_update_appended_after_signing_is_reported(signed: Signed, tmp_path: Path) -> None:
    writer = PdfWriter(signed.pdf, incremental=True)
    writer.add_annotation(0, FreeText(text="disetujui", rect=(50, 50, 200, 80)))
    changed = tmp_path / "tambah.pdf"
    with changed.open("wb") as handle:
        writer.write(handle)
    assert changed.read_bytes().startswith(signed.pdf.read_bytes())
    code, out = run(["verifikasi", "tambah.pdf"], tmp_path)
    assert code == 1
    assert "  Cakupan: DIUBAH: berkas diubah setelah ditandatangani" in out.splitlines()


def test_second_signature_keeps_the_first_valid(
    signed: Signed, certs: Certs, tmp_path: Path
) -> None:
    result = sign_pdf(signed.pdf, LocalP12(certs.p12("siti")), lambda: SANDI, tmp_path)
    assert result.field is None and not result.footnote  # a footnote would alter page 1
    code, out = run(["verifikasi", str(result.output)], tmp_path)
    assert code == 0, out
    assert (
        "  Cakupan: seluruh berkas saat ditandatangani; sesudahnya hanya ditambah tanda tangan"
    ) in out.splitlines()
    assert "Penanda tangan: Siti Aminah" in out


def test_verifikasi_without_signature_or_pdf_exit_2(letter: Path, tmp_path: Path) -> None:
    code, out = run(["verifikasi", str(letter)], tmp_path)
    assert (code, out.strip()) == (2, f"{letter}: tidak ada tanda tangan elektronik")
    (tmp_path / "bukan.pdf").write_bytes(b"bukan")
    code, out = run(["verifikasi", "bukan.pdf"], tmp_path)
    assert (code, out.strip()) == (2, "bukan.pdf: bukan berkas PDF")
    code, out = run(["verifikasi", str(letter), "--akar", "bukan.pdf"], tmp_path)
    assert (code, out.strip()) == (2, "bukan.pdf: bukan sertifikat X.509 (PEM atau DER)")


# --- the remote signing service ------------------------------------------------------------


@pytest.fixture
def service(certs: Certs) -> Iterator[SigningService]:
    with SigningService(certs.remote.key, certs.remote_chain, "3275010101800001", SANDI) as s:
        yield s


def test_remote_service_signs_what_verifikasi_accepts(
    letter: Path, certs: Certs, service: SigningService, tmp_path: Path
) -> None:
    args = ["tandatangani", str(letter), "--layanan", service.url, "--pengguna", service.user]
    code, out = run([*args, "-o", "."], tmp_path)
    assert code == 0, out
    assert "ditandatangani oleh Andi Wijaya" in out and SANDI not in out
    signing = [r for r in service.requests if r["endpoint"] == "tandatangan"]
    assert len(signing) == 1 and signing[0]["sandi"] == SANDI
    output = tmp_path / f"{letter.stem}-ttd.pdf"
    code, out = run(["verifikasi", output.name, "--akar", str(certs.root)], tmp_path)
    assert code == 0, out
    assert "  Penanda tangan: Andi Wijaya" in out.splitlines()


def test_remote_service_errors(letter: Path, service: SigningService, tmp_path: Path) -> None:
    args = ["tandatangani", str(letter), "--layanan", service.url, "-o", "."]
    code, out = run([*args, "--pengguna", service.user], tmp_path, sandi="keliru")
    assert (code, out.strip()) == (2, f"{service.url}: kata sandi sertifikat salah")
    code, out = run([*args, "--pengguna", "0000"], tmp_path)
    assert (code, out.strip()) == (2, f"{service.url}: pengguna '0000' tidak dikenal layanan")
    assert not list(tmp_path.iterdir())


def test_remote_service_unreachable_or_slow(
    letter: Path, service: SigningService, tmp_path: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/api"
    code, out = run(
        ["tandatangani", str(letter), "--layanan", closed, "--pengguna", "1", "-o", "."], tmp_path
    )
    assert (code, out.strip()) == (
        1,
        f"{closed}: layanan tanda tangan tidak dapat dihubungi (koneksi ditolak)",
    )
    service.delay = 1.0
    slow = RemoteService(service.url, service.user, timeout=0.2)
    with pytest.raises(ServiceError) as caught:
        sign_pdf(letter, slow, lambda: SANDI, tmp_path)
    assert str(caught.value) == f"{service.url}: layanan tidak menjawab dalam 0,2 detik"
    assert caught.value.exit_code == 1


def test_plain_http_only_to_this_machine() -> None:
    with pytest.raises(UsageError, match="harus memakai https://"):
        RemoteService("http://ttd.example.go.id/api", "1")
    assert RemoteService("https://ttd.example.go.id/api", "1").where.startswith("https://")
    assert isinstance(UsageError("x"), RenstraError)
