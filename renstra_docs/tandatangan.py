"""Electronic signatures: ``renstra tandatangani`` (PAdES) and ``renstra verifikasi``.

Signing is the very last step and never touches the input: the signature goes into an
incremental update of a copy, ``<name>-ttd.pdf``. The same revision also carries the visible
signature box (drawn into the letter's empty ``TandaTangan`` field when there is one) and a
footnote naming the certificate's issuer, so both are covered by the signature.

The key is either a local PKCS#12 file (:class:`LocalP12`) or stays on a remote signing
service, as with BSrE's TTE (:class:`RemoteService`); both give a pyHanko ``Signer``.

Remote signing protocol (JSON over HTTPS; plain HTTP only to the local machine)
--------------------------------------------------------------------------------
``POST <url>/sertifikat`` with ``{"pengguna": ID}``
    → ``200 {"sertifikat": [DER base64, …]}``: the signer's certificate first, then the
    certificates of its chain. ``404``: unknown user.
``POST <url>/tandatangan`` with
``{"pengguna": ID, "sandi": PASSPHRASE, "hash": "sha256", "data": base64}``
    ``data`` is the DER encoding of the CMS signed attributes (a few hundred bytes; they hold
    the document's digest, never the document). The service hashes ``data`` with ``hash`` and
    signs the digest with the user's key: RSA PKCS#1 v1.5 for an RSA key, DER-encoded ECDSA
    for an EC key.
    → ``200 {"tanda_tangan": base64}``. ``401``: wrong passphrase. ``404``: unknown user.
Any other status is a service failure; a JSON body ``{"pesan": "…"}`` is shown to the user.
"""

# pyHanko's PDF object constructors and page helpers carry no annotations.
# mypy: disable-error-code="no-untyped-call"
from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import http.client
import io
import ipaddress
import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys  # type: ignore[import-untyped]
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.font.api import FontEngine, FontEngineFactory, ShapeResult
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata import model as xmp_model
from pyhanko.pdf_utils.metadata import xmp_xml
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_byterange import BuildProps
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    PdfSignatureStatus,
    SignatureCoverageLevel,
    validate_pdf_signature,
)
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.stamp import TextStamp, TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from . import __version__, assets, teks
from .build import write_atomically
from .errors import BuildError, RenstraError, ServiceError, UsageError

#: Environment variable holding the certificate passphrase (instead of the hidden prompt).
SANDI_ENV = "RENSTRA_SANDI"
#: Name given to a new, invisible signature field when the PDF has no empty one.
FIELD_NAME = "TandaTangan"

CM = 72 / 2.54
FONT_FILE = "LiberationSans-Regular.ttf"
STAMP_SIZE, STAMP_LEADING = 10, 12
STAMP_TEXT = "Ditandatangani secara elektronik oleh\n%(signer)s\n%(waktu)s"
FOOTNOTE_SIZE, FOOTNOTE_LEADING = 8, 10
#: The footnote spans the page between the letter's side margins, its last line 1 cm above
#: the page's bottom edge (inside the 2.5 cm bottom margin), never higher than 2.2 cm.
FOOTNOTE_LEFT, FOOTNOTE_RIGHT = 3 * CM, 2 * CM
FOOTNOTE_BOTTOM, FOOTNOTE_TOP = 1.0 * CM, 2.2 * CM

FOOTNOTE_BSRE = (
    "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang"
    " diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi Negara"
    " (BSSN), sehingga tidak memerlukan tanda tangan basah."
)
FOOTNOTE_OTHER = (
    "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang"
    " diterbitkan oleh {issuer}."
)
_BSRE = re.compile(r"\bBSrE\b|Balai (Besar )?Sertifikasi Elektronik", re.IGNORECASE)

#: Extended key usages fit for signing documents (when the extension is present at all).
_DOCUMENT_EKUS = {
    "any_extended_key_usage",
    "email_protection",  # S/MIME certificates, also used to sign documents
    "1.3.6.1.5.5.7.3.36",  # id-kp-documentSigning (RFC 9336)
    "1.3.6.1.4.1.311.10.3.12",  # Microsoft document signing
    "1.2.840.113583.1.1.5",  # Adobe Authentic Documents Trust
}
_KEY_USAGE_NAMES = {"crl_sign": "cRLSign"}  # the one RFC 5280 name _camel cannot derive


# --- Indonesian time -------------------------------------------------------------------------

_ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}


def waktu_indonesia(moment: dt.datetime) -> str:
    """'28 November 2026 10.15 WIB': an aware moment in its own time zone, Indonesian style."""
    offset = moment.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    if minutes % 60 == 0 and minutes // 60 in _ZONES:
        zone = _ZONES[minutes // 60]
    elif not minutes:
        zone = "UTC"
    else:
        sign = "+" if minutes > 0 else "−"
        zone = f"UTC{sign}{abs(minutes) // 60:02d}.{abs(minutes) % 60:02d}"
    return f"{teks.date_long(moment.date())} {moment:%H.%M} {zone}"


# --- the shipped font, embedded -------------------------------------------------------------


@cache
def _font_bytes(name: str = FONT_FILE) -> bytes:
    return (assets.fonts_dir() / name).read_bytes()


@cache
def _font_metrics(name: str = FONT_FILE) -> tuple[dict[int, str], dict[str, int], int]:
    """The cmap (code point → glyph name), the glyphs' advance widths and the units per em."""
    font = TTFont(io.BytesIO(_font_bytes(name)), lazy=True)
    advances = {glyph: int(metric[0]) for glyph, metric in font["hmtx"].metrics.items()}
    return dict(font.getBestCmap()), advances, int(font["head"].unitsPerEm)


def text_width(text: str, size: float) -> float:
    """Width in points of ``text`` set in the shipped font (advance widths, no kerning)."""
    cmap, metrics, units = _font_metrics()
    advance = sum(metrics[cmap.get(ord(ch), ".notdef")] for ch in text)
    return advance * size / units


class ShippedFont(FontEngine):
    """The shipped sans font for pyHanko's text boxes, embedded as a subset (Type0 font,
    CIDFontType2, Identity-H, ToUnicode), so stamps stay PDF/A-conforming and searchable.

    pyHanko's own OpenType engine needs HarfBuzz (not in the pinned stack) and writes glyph
    widths in font units, which is right only for fonts of 1000 units per em; the shipped
    fonts have 2048. Latin text needs no shaping: the cmap and the advance widths suffice.
    """

    def __init__(self, writer: BasePdfFileWriter, font_size: int, name: str = FONT_FILE) -> None:
        self._font = TTFont(io.BytesIO(_font_bytes(name)))  # subsetting rewrites it: a copy
        self._postscript_name = str(self._font["name"].getDebugName(6) or "LiberationSans")
        super().__init__(writer, self._postscript_name, embedded_subset=True, font_size=font_size)
        self._cmap = self._font.getBestCmap()
        self._glyph_ids = {name: gid for gid, name in enumerate(self._font.getGlyphOrder())}
        self._units = int(self._font["head"].unitsPerEm)
        self._used: dict[int, str] = {0: ""}
        self._ref = writer.allocate_placeholder()
        self._written = False

    @property
    def uses_complex_positioning(self) -> bool:
        return False  # plain Tj strings: the PDF advances by the widths in /W

    def _width(self, gid: int) -> int:
        """Advance width in PDF glyph space (1000 per em)."""
        advance = int(self._font["hmtx"].metrics[self._font.getGlyphName(gid)][0])
        return round(advance * 1000 / self._units)

    def shape(self, txt: str) -> ShapeResult:
        gids = []
        for ch in txt:
            gid = self._glyph_ids.get(self._cmap.get(ord(ch), ".notdef"), 0)
            self._used.setdefault(gid, ch)
            gids.append(gid)
        ops = b"<" + "".join(f"{gid:04x}" for gid in gids).encode("ascii") + b"> Tj"
        return ShapeResult(ops, sum(self._width(g) for g in gids) / 1000, 0)

    def as_resource(self) -> generic.IndirectObject:
        return self._ref

    def prepare_write(self) -> None:
        if self._written:
            return
        widths = generic.ArrayObject()
        for gid in sorted(self._used):
            widths += [
                generic.NumberObject(gid),
                generic.ArrayObject([generic.NumberObject(self._width(gid))]),
            ]
        base = f"/{self.subset_prefix}+{self._postscript_name}"
        cid_font = generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Font"),
                generic.NameObject("/Subtype"): generic.NameObject("/CIDFontType2"),
                generic.NameObject("/BaseFont"): generic.NameObject(base),
                generic.NameObject("/CIDSystemInfo"): generic.DictionaryObject(
                    {
                        generic.NameObject("/Registry"): generic.TextStringObject("Adobe"),
                        generic.NameObject("/Ordering"): generic.TextStringObject("Identity"),
                        generic.NameObject("/Supplement"): generic.NumberObject(0),
                    }
                ),
                generic.NameObject("/FontDescriptor"): self._descriptor(base),
                generic.NameObject("/CIDToGIDMap"): generic.NameObject("/Identity"),
                generic.NameObject("/W"): widths,
            }
        )
        type0 = generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Font"),
                generic.NameObject("/Subtype"): generic.NameObject("/Type0"),
                generic.NameObject("/BaseFont"): generic.NameObject(base),
                generic.NameObject("/Encoding"): generic.NameObject("/Identity-H"),
                generic.NameObject("/DescendantFonts"): generic.ArrayObject(
                    [self.writer.add_object(cid_font)]
                ),
                generic.NameObject("/ToUnicode"): self.writer.add_object(self._to_unicode()),
            }
        )
        self.writer.add_object(type0, idnum=self._ref.idnum)
        self._written = True

    def _descriptor(self, base: str) -> generic.IndirectObject:
        font = self._font
        scale = 1000 / self._units
        head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
        bbox = [head.xMin, head.yMin, head.xMax, head.yMax]
        descriptor = generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/FontDescriptor"),
                generic.NameObject("/FontName"): generic.NameObject(base),
                generic.NameObject("/Flags"): generic.NumberObject(32),  # non-symbolic
                generic.NameObject("/FontBBox"): generic.ArrayObject(
                    [generic.NumberObject(round(v * scale)) for v in bbox]
                ),
                generic.NameObject("/ItalicAngle"): generic.NumberObject(0),
                generic.NameObject("/Ascent"): generic.NumberObject(round(hhea.ascent * scale)),
                generic.NameObject("/Descent"): generic.NumberObject(round(hhea.descent * scale)),
                generic.NameObject("/CapHeight"): generic.NumberObject(
                    round(getattr(os2, "sCapHeight", hhea.ascent) * scale)
                ),
                generic.NameObject("/StemV"): generic.NumberObject(80),
                generic.NameObject("/FontFile2"): self.writer.add_object(self._program()),
            }
        )
        return self.writer.add_object(descriptor)

    def _program(self) -> generic.StreamObject:
        """The font reduced to the glyphs used, glyph ids kept (the CIDs are glyph ids)."""
        for tag in ("GSUB", "GPOS", "GDEF", "kern", "FFTM"):  # no shaping; never decompiled
            if tag in self._font:
                del self._font[tag]
        options = ft_subset.Options()
        options.retain_gids = True
        options.notdef_outline = True
        subsetter = ft_subset.Subsetter(options=options)
        subsetter.populate(gids=sorted(self._used))
        subsetter.subset(self._font)
        out = io.BytesIO()
        self._font.save(out)
        stream = generic.StreamObject(stream_data=out.getvalue())
        stream[generic.NameObject("/Length1")] = generic.NumberObject(len(out.getvalue()))
        stream.compress()
        return stream

    def _to_unicode(self) -> generic.StreamObject:
        pairs = [
            f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>"
            for gid, text in sorted(self._used.items())
            if gid and text
        ]
        blocks = "".join(  # a CMap takes at most 100 mappings per block
            f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n"
            for chunk in (pairs[i : i + 100] for i in range(0, len(pairs), 100))
        )
        cmap = (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"{blocks}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
        )
        stream = generic.StreamObject(stream_data=cmap.encode("ascii"))
        stream.compress()
        return stream


@dataclass(frozen=True)
class ShippedFontFactory(FontEngineFactory):
    """Hands pyHanko's text boxes a :class:`ShippedFont` of the given size."""

    font_size: int

    def create_font_engine(self, writer: BasePdfFileWriter, obj_stream: Any = None) -> FontEngine:
        return ShippedFont(writer, self.font_size)


# --- keys: a local .p12 or a remote service -------------------------------------------------


class SigningKey(ABC):
    """Where the signing key lives."""

    @property
    @abstractmethod
    def where(self) -> str:
        """The key's name in messages: the file or the service's address."""

    @abstractmethod
    def signer(self, passphrase: str) -> signers.Signer:
        """A pyHanko signer holding the certificate chain, ready to sign."""


@dataclass(frozen=True)
class LocalP12(SigningKey):
    """A PKCS#12 file (.p12/.pfx) with the key and its certificate chain."""

    path: Path

    @property
    def where(self) -> str:
        return str(self.path)

    def signer(self, passphrase: str) -> signers.Signer:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError as err:
            raise UsageError(f"{self.where}: berkas sertifikat tidak ada") from err
        except OSError as err:
            raise UsageError(f"{self.where}: tidak dapat dibaca: {err.strerror}") from err
        try:
            key, cert, others = pkcs12.load_key_and_certificates(data, passphrase.encode() or None)
        except ValueError as err:
            # cryptography says the same for both; a file that parses is a wrong passphrase.
            if _is_pkcs12(data):
                raise UsageError(f"{self.where}: kata sandi sertifikat salah") from None
            raise UsageError(
                f"{self.where}: bukan berkas sertifikat PKCS#12 (.p12/.pfx) yang dapat dibaca"
            ) from err
        if key is None or cert is None:
            raise UsageError(
                f"{self.where}: berkas tidak memuat kunci dan sertifikat penanda tangan"
            )
        der_key = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        chain = [x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in others]
        signing_cert = x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
        return signers.SimpleSigner(
            signing_cert=signing_cert,
            signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
            cert_registry=SimpleCertificateStore.from_certs([signing_cert, *chain]),
        )


def _is_pkcs12(data: bytes) -> bool:
    try:
        asn1_pkcs12.Pfx.load(data).native  # noqa: B018 (parses the whole structure)
    except (ValueError, TypeError):
        return False
    return True


@dataclass(frozen=True)
class RemoteService(SigningKey):
    """A signing service holding the user's key (see the protocol in the module docstring)."""

    url: str
    user: str
    timeout: float = 30.0

    @property
    def where(self) -> str:
        return self.url

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"{self.url}: alamat layanan harus berbentuk https://…")
        if parts.scheme == "http" and not _is_local(parts.hostname):
            raise UsageError(
                f"{self.url}: layanan harus memakai https:// (kata sandi dikirim ke layanan)"
            )

    def signer(self, passphrase: str) -> signers.Signer:
        reply = self.post("sertifikat", {"pengguna": self.user})
        try:
            chain = [x509.Certificate.load(base64.b64decode(c)) for c in reply["sertifikat"]]
            chain[0].native  # noqa: B018 (parses the certificate)
        except (KeyError, IndexError, TypeError, ValueError) as err:
            raise ServiceError(f"{self.url}: jawaban layanan tidak memuat sertifikat") from err
        return RemoteSigner(self, passphrase, chain)

    def post(self, endpoint: str, payload: dict[str, str]) -> dict[str, Any]:
        """POST ``payload`` as JSON to ``<url>/<endpoint>``; the decoded JSON answer."""
        request = urllib.request.Request(
            self.url.rstrip("/") + "/" + endpoint,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as err:
            raise self._refusal(err) from None
        except urllib.error.URLError as err:
            raise self._unreachable(err.reason) from None
        except (OSError, http.client.HTTPException) as err:
            raise self._unreachable(err) from None
        try:
            answer = json.loads(body)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise ServiceError(f"{self.url}: jawaban layanan bukan JSON yang sah")
        return answer

    def _refusal(self, err: urllib.error.HTTPError) -> RenstraError:
        if err.code == 401:
            return UsageError(f"{self.url}: kata sandi sertifikat salah")
        if err.code == 404:
            return UsageError(f"{self.url}: pengguna '{self.user}' tidak dikenal layanan")
        detail = ""
        with contextlib.suppress(ValueError, AttributeError, OSError):
            detail = str(json.loads(err.read()).get("pesan", ""))
        suffix = f": {detail}" if detail else ""
        return ServiceError(f"{self.url}: layanan menolak permintaan (HTTP {err.code}){suffix}")

    def _unreachable(self, reason: object) -> ServiceError:
        if isinstance(reason, TimeoutError):
            seconds = f"{self.timeout:g}".replace(".", ",")
            return ServiceError(f"{self.url}: layanan tidak menjawab dalam {seconds} detik")
        if isinstance(reason, ConnectionRefusedError):
            why = "koneksi ditolak"
        elif isinstance(reason, socket.gaierror):
            why = "nama host tidak dikenal"
        else:
            why = str(getattr(reason, "strerror", None) or reason)
        return ServiceError(f"{self.url}: layanan tanda tangan tidak dapat dihubungi ({why})")


def _is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RemoteSigner(signers.Signer):
    """A pyHanko signer whose raw signature comes from a :class:`RemoteService`."""

    def __init__(
        self, service: RemoteService, passphrase: str, chain: list[x509.Certificate]
    ) -> None:
        super().__init__(
            signing_cert=chain[0], cert_registry=SimpleCertificateStore.from_certs(chain)
        )
        self._service = service
        self._passphrase = passphrase

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:  # pyHanko sizes the signature container first: a placeholder will do
            assert self.signing_cert is not None
            return bytes(self.signing_cert.public_key.bit_size // 4 + 16)
        reply = self._service.post(
            "tandatangan",
            {
                "pengguna": self._service.user,
                "sandi": self._passphrase,
                "hash": digest_algorithm,
                "data": base64.b64encode(data).decode("ascii"),
            },
        )
        try:
            return base64.b64decode(reply["tanda_tangan"], validate=True)
        except (KeyError, TypeError, ValueError) as err:
            raise ServiceError(
                f"{self._service.url}: jawaban layanan tidak memuat tanda tangan"
            ) from err


def passphrase_source(prompt: Callable[[], str]) -> Callable[[], str]:
    """The passphrase from ``RENSTRA_SANDI`` when it is set, else from ``prompt`` (a hidden
    prompt); read only when the signer is opened."""

    def read() -> str:
        value = os.environ.get(SANDI_ENV)
        return value if value is not None else prompt()

    return read


def choose_key(sertifikat: Path | None, layanan: str | None, pengguna: str | None) -> SigningKey:
    """The key the command line names: ``--sertifikat`` or ``--layanan`` with ``--pengguna``."""
    if sertifikat is not None and layanan is not None:
        raise UsageError("--sertifikat dan --layanan tidak dapat dipakai bersamaan")
    if sertifikat is not None:
        if pengguna is not None:
            raise UsageError("--pengguna hanya dipakai bersama --layanan")
        return LocalP12(sertifikat)
    if layanan is not None:
        if not pengguna:
            raise UsageError(f"{layanan}: sebutkan --pengguna (ID pengguna pada layanan)")
        return RemoteService(layanan, pengguna)
    raise UsageError("sebutkan --sertifikat BERKAS.p12 atau --layanan URL --pengguna ID")


# --- the certificate ------------------------------------------------------------------------


def check_certificate(cert: x509.Certificate, now: dt.datetime, where: str) -> None:
    """Refuse a certificate that is not valid now or not meant for signing documents."""
    validity = cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    if now > end:
        ended = teks.date_long(end.astimezone().date())
        raise UsageError(f"{where}: sertifikat kedaluwarsa sejak {ended}")
    if now < start:
        begins = teks.date_long(start.astimezone().date())
        raise UsageError(f"{where}: sertifikat baru berlaku mulai {begins}")
    usage = cert.key_usage_value
    if usage is not None and not ({"digital_signature", "non_repudiation"} & set(usage.native)):
        names = ", ".join(_KEY_USAGE_NAMES.get(u, _camel(u)) for u in sorted(usage.native))
        raise UsageError(
            f"{where}: sertifikat tidak untuk tanda tangan dokumen (penggunaan kunci: {names})"
        )
    extended = cert.extended_key_usage_value
    if extended is not None and not (_DOCUMENT_EKUS & set(extended.native)):
        names = ", ".join(_camel(str(u)) for u in extended.native)
        raise UsageError(
            f"{where}: sertifikat tidak untuk tanda tangan dokumen"
            f" (penggunaan kunci lanjutan: {names})"
        )


def _camel(name: str) -> str:
    """asn1crypto's 'server_auth' as RFC 5280 writes it: 'serverAuth'."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def common_name(name: x509.Name) -> str:
    """The CN of a certificate name (else its O, else the whole name)."""
    native = name.native
    return str(native.get("common_name") or native.get("organization_name") or name.human_friendly)


def footnote_text(cert: x509.Certificate) -> str:
    """The footnote's wording: the government's own for BSrE certificates, else the issuer."""
    issuer = cert.issuer.native
    organization = str(issuer.get("organization_name") or "")
    name = str(issuer.get("common_name") or "")
    if _BSRE.search(organization) or _BSRE.search(name):
        return FOOTNOTE_BSRE
    return FOOTNOTE_OTHER.format(issuer=organization or name or cert.issuer.human_friendly)


# --- the PDF --------------------------------------------------------------------------------


def signed_path(source: Path, keluaran: Path | None) -> Path:
    """``<stem>-ttd.pdf`` beside the input, or in ``-o``; never the input itself."""
    target = (keluaran if keluaran is not None else source.parent) / f"{source.stem}-ttd.pdf"
    if target.resolve() == source.resolve():
        raise UsageError(
            f"{source}: hasil tanda tangan akan menimpa berkas asal; pilih folder lain dengan -o"
        )
    return target


def read_pdf(path: Path) -> bytes:
    """The bytes of a readable, unencrypted PDF."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise UsageError(f"{path}: berkas tidak ada") from err
    except OSError as err:
        raise UsageError(f"{path}: tidak dapat dibaca: {err.strerror}") from err
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        raise UsageError(f"{path}: bukan berkas PDF")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        encrypted = reader.encrypted
        reader.root  # noqa: B018 (reads the catalog)
    except (PdfError, ValueError, KeyError) as err:
        raise UsageError(f"{path}: PDF rusak, tidak dapat dibaca ({err})") from err
    if encrypted:
        raise UsageError(f"{path}: PDF terenkripsi tidak dapat ditandatangani")
    return data


@dataclass(frozen=True)
class EmptyField:
    """An unsigned signature field and the page (0-based) its widget sits on."""

    name: str
    page: int
    widget: generic.IndirectObject = field(repr=False, compare=False)


def empty_signature_field(reader: PdfFileReader) -> EmptyField | None:
    """The first unsigned signature field with a visible widget, or ``None``."""
    for name, _, ref in fields.enumerate_sig_fields(reader, filled_status=False):
        form_field = ref.get_object()
        widget = form_field["/Kids"][0] if "/Kids" in form_field else ref
        rect = widget.get_object().get("/Rect")
        if rect is None or not all(rect[i] != rect[i + 2] for i in (0, 1)):
            continue
        page = _page_holding(reader, widget)
        if page is not None:
            return EmptyField(str(name), page, widget)
    return None


def make_printable(writer: IncrementalPdfFileWriter, widget: generic.IndirectObject) -> None:
    """Set the widget's Print flag and clear Invisible, Hidden and NoView (PDF/A wants a
    signature that shows on paper)."""
    annotation = widget.get_object()
    flags = int(annotation.get("/F", 0))
    wanted = (flags | 4) & ~(1 | 2 | 32)
    if wanted != flags:
        annotation[generic.NameObject("/F")] = generic.NumberObject(wanted)
        writer.mark_update(widget)


def _page_holding(reader: PdfFileReader, widget: Any) -> int | None:
    target = widget.reference if isinstance(widget, generic.IndirectObject) else None
    count = int(reader.root["/Pages"]["/Count"])
    for index in range(count):
        page = reader.find_page_for_modification(index)[0].get_object()
        for annot in page.get("/Annots", ()):
            if isinstance(annot, generic.IndirectObject) and annot.reference == target:
                return index
    return None


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy word wrap of ``text`` to lines at most ``width`` points wide."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def add_footnote(writer: IncrementalPdfFileWriter, page_index: int, text: str) -> None:
    """Draw ``text`` in the bottom margin of the page, wrapped between the side margins."""
    page = writer.find_page_for_modification(page_index)[0].get_object()
    left, bottom, right, _ = (float(v) for v in page.get("/CropBox", page["/MediaBox"]))
    width = right - left - FOOTNOTE_LEFT - FOOTNOTE_RIGHT
    lines = wrap(text, width, FOOTNOTE_SIZE)
    height = len(lines) * FOOTNOTE_LEADING
    flush = layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MIN,
        y_align=layout.AxisAlignment.ALIGN_MIN,
        inner_content_scaling=layout.InnerScaling.NO_SCALING,
    )
    style = TextStampStyle(
        border_width=0,
        stamp_text="\n".join(lines).replace("%", "%%"),
        text_box_style=TextBoxStyle(
            font=ShippedFontFactory(FOOTNOTE_SIZE),
            font_size=FOOTNOTE_SIZE,
            leading=FOOTNOTE_LEADING,
            box_layout_rule=flush,
        ),
        inner_content_layout=flush,
    )
    stamp = TextStamp(writer, style, box=layout.BoxConstraints(width=width, height=height))
    y = bottom + min(FOOTNOTE_BOTTOM, FOOTNOTE_TOP - height)
    stamp.apply(page_index, round(left + FOOTNOTE_LEFT, 2), round(y, 2))  # type: ignore[arg-type]


def stamp_style() -> TextStampStyle:
    """The visible signature: three lines in a thin frame that keeps clear of the box's
    edges (the letter's text runs close above and below it), shrunk to fit the box."""
    return TextStampStyle(
        border_width=0,
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(
            font=ShippedFontFactory(STAMP_SIZE),
            font_size=STAMP_SIZE,
            leading=STAMP_LEADING,
            border_width=1,
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(6),
            ),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=0, right=4, top=6, bottom=6),
        ),
    )


class _SigningWriter(IncrementalPdfFileWriter):
    """An incremental writer that records the signing time as the modification date.

    pyHanko's own update appends itself to /Producer in /Info but writes only itself into
    the XMP pdf:Producer, and reads the clock once for each; PDF/A wants both records equal.
    So /ModDate and xmp:ModifyDate (and xmp:MetadataDate when present) get the same signing
    time, /Producer — the program that made the document — is left as it is, and the XMP
    pdf:Producer is made to agree with it.
    """

    def __init__(self, data: bytes, modified: dt.datetime) -> None:
        super().__init__(io.BytesIO(data), strict=False)
        self._modified = modified

    def _update_meta(self) -> None:
        moment = self._modified.replace(microsecond=0)
        producer = None
        if self._info is not None:
            info = self._info.get_object()
            info[generic.NameObject("/ModDate")] = generic.pdf_date(moment)
            producer = info.get("/Producer")
            self.mark_update(self._info)
        reference = self.root.raw_get("/Metadata") if "/Metadata" in self.root else None
        if not isinstance(reference, generic.IndirectObject):
            return
        metadata = self.get_object(reference.reference, as_metadata_stream=True)
        if isinstance(metadata, xmp_xml.MetadataStream):
            updated = _updated_xmp(metadata.xmp, moment, producer)
            self.root[generic.NameObject("/Metadata")] = self.add_object(updated)
            self.update_root()


_XMP_METADATA_DATE = xmp_model.ExpandedName(ns=xmp_model.NS["xmp"], local_name="MetadataDate")


def _updated_xmp(
    structures: list[xmp_model.XmpStructure], moment: dt.datetime, producer: object
) -> xmp_xml.MetadataStream:
    """The XMP packet with the modification date (and producer, when given) set."""
    roots = [dict(root) for root in structures] or [{}]
    values = {xmp_model.XMP_MODDATE: xmp_model.XmpValue(moment.isoformat())}
    if producer is not None:
        values[xmp_model.PDF_PRODUCER] = xmp_model.XmpValue(str(producer))
    for key, value in values.items():
        holders = [root for root in roots if key in root] or roots[:1]
        for root in holders:
            root[key] = value
    for root in roots:
        if _XMP_METADATA_DATE in root:
            root[_XMP_METADATA_DATE] = values[xmp_model.XMP_MODDATE]
    return xmp_xml.MetadataStream.from_xmp([xmp_model.XmpStructure(r) for r in roots])


@dataclass(frozen=True)
class SignResult:
    output: Path
    signer: str
    #: The field signed into (visible box) and its page, or ``None`` for an invisible one.
    field: EmptyField | None
    footnote: bool
    signed_at: dt.datetime


def sign_pdf(
    source: Path,
    key: SigningKey,
    passphrase: Callable[[], str],
    keluaran: Path | None = None,
    now: dt.datetime | None = None,
) -> SignResult:
    """Sign ``source`` into ``<stem>-ttd.pdf``; ``passphrase`` is asked for only once the
    input has been checked."""
    target = signed_path(source, keluaran)
    data = read_pdf(source)
    signer = key.signer(passphrase())
    moment = (now or dt.datetime.now()).astimezone()
    assert signer.signing_cert is not None
    check_certificate(signer.signing_cert, moment, key.where)
    name = common_name(signer.signing_cert.subject)
    writer = _SigningWriter(data, moment)
    field = empty_signature_field(writer.prev)
    # A footnote changes a page; after an earlier signature that would count as tampering.
    footnote = not writer.prev.embedded_signatures
    if field:
        make_printable(writer, field.widget)
    if footnote:
        add_footnote(writer, field.page if field else 0, footnote_text(signer.signing_cert))
    meta = signers.PdfSignatureMetadata(
        field_name=field.name if field else _free_field_name(writer.prev),
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        app_build_props=BuildProps(name="renstra-docs", revision=__version__),
    )
    new_field = None if field else fields.SigFieldSpec(sig_field_name=str(meta.field_name))
    pdf_signer = signers.PdfSigner(
        meta, signer, stamp_style=stamp_style(), new_field_spec=new_field
    )
    params = {"signer": name, "waktu": waktu_indonesia(moment)}
    try:
        signed = asyncio.run(_sign(pdf_signer, writer, moment, params))
    except (SigningError, PdfError) as err:
        raise BuildError(f"{source}: gagal menandatangani: {err}") from err
    write_atomically(target, signed)
    return SignResult(target, name, field, footnote, moment)


def _free_field_name(reader: PdfFileReader) -> str:
    taken = {str(name) for name, _, _ in fields.enumerate_sig_fields(reader)}
    return next(
        n for n in (FIELD_NAME, *(f"{FIELD_NAME}{i}" for i in range(2, 100))) if n not in taken
    )


async def _sign(
    pdf_signer: signers.PdfSigner,
    writer: IncrementalPdfFileWriter,
    moment: dt.datetime,
    params: dict[str, str],
) -> bytes:
    """pyHanko's signing steps, with the signing time fixed to ``moment`` so the time in the
    box, in the signature and in the metadata is one and the same."""
    session = pdf_signer.init_signing_session(writer)
    session.system_time = moment
    validation = await session.perform_presign_validation(writer)
    reserved = await session.estimate_signature_container_size(validation)
    tbs = session.prepare_tbs_document(validation, reserved, appearance_text_params=params)
    prepared, output = tbs.digest_tbs_document(output=io.BytesIO())
    post = await tbs.perform_signature(
        prepared.document_digest, PdfCMSSignedAttributes(signing_time=moment)
    )
    await post.post_signature_processing(output)
    assert isinstance(output, io.BytesIO)
    return output.getvalue()


# --- verification ---------------------------------------------------------------------------

#: Later revisions that leave a signature standing: none, validation data (DSS, document
#: time stamps), or further signatures / form fields filled (an approval signature allows it).
_HARMLESS = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}


@dataclass(frozen=True)
class SignatureCheck:
    """What ``renstra verifikasi`` found out about one signature."""

    field: str
    signer: str
    signed_at: dt.datetime | None
    intact: bool
    valid: bool
    coverage: SignatureCoverageLevel | None
    modification: ModificationLevel | None
    #: ``None`` when no trust root was given.
    trusted: bool | None
    trust_root: str

    @property
    def unchanged(self) -> bool:
        return self.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            self.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and self.modification in _HARMLESS
        )

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.unchanged and self.trusted is not False

    def lines(self) -> Iterator[str]:
        if not self.intact:
            integrity = "RUSAK: isi yang ditandatangani telah berubah"
        elif not self.valid:
            integrity = "TIDAK SAH: tanda tangan tidak cocok dengan sertifikat"
        else:
            integrity = "utuh dan sah"
        yield f"  Keutuhan: {integrity}"
        yield f"  Penanda tangan: {self.signer}"
        when = waktu_indonesia(self.signed_at.astimezone()) if self.signed_at else "tidak tercatat"
        yield f"  Waktu penandatanganan: {when}"
        yield f"  Cakupan: {self._coverage_text()}"
        yield f"  Kepercayaan: {self._trust_text()}"

    def _coverage_text(self) -> str:
        if self.coverage == SignatureCoverageLevel.ENTIRE_FILE:
            return "seluruh berkas"
        if self.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
            return "TIDAK JELAS: tanda tangan tidak mencakup berkas secara utuh"
        if self.modification in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
            return "seluruh berkas; sesudahnya hanya ditambah data validasi"
        if self.modification == ModificationLevel.FORM_FILLING:
            return "seluruh berkas saat ditandatangani; sesudahnya hanya ditambah tanda tangan"
        return "DIUBAH: berkas diubah setelah ditandatangani"

    def _trust_text(self) -> str:
        if self.trusted is None:
            return "tidak diperiksa (beri --akar SERTIFIKAT untuk memeriksa)"
        if self.trusted:
            return f"tepercaya, berantai ke {self.trust_root} (pencabutan tidak diperiksa)"
        return f"TIDAK TEPERCAYA: tidak berantai ke {self.trust_root}"


def load_root(path: Path) -> x509.Certificate:
    """A trust root certificate, PEM or DER."""
    from pyhanko.keys import load_cert_from_pemder

    try:
        cert = load_cert_from_pemder(str(path))
        cert.native  # noqa: B018 (parses the certificate)
    except FileNotFoundError as err:
        raise UsageError(f"{path}: berkas tidak ada") from err
    except (OSError, ValueError, TypeError) as err:
        raise UsageError(f"{path}: bukan sertifikat X.509 (PEM atau DER)") from err
    assert isinstance(cert, x509.Certificate)
    return cert


def verify_pdf(path: Path, akar: Path | None = None) -> list[SignatureCheck]:
    """Check every signature of ``path``; with ``akar``, whether it chains to that root."""
    root = load_root(akar) if akar is not None else None
    data = read_pdf(path)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_regular_signatures
    except (PdfError, ValueError, KeyError) as err:
        raise UsageError(f"{path}: PDF rusak, tidak dapat dibaca ({err})") from err
    if not signatures:
        raise UsageError(f"{path}: tidak ada tanda tangan elektronik")
    return [_check(signature, root) for signature in signatures]


def _check(signature: EmbeddedPdfSignature, root: x509.Certificate | None) -> SignatureCheck:
    context = ValidationContext(
        trust_roots=[root] if root is not None else [],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    usage = KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )
    field = str(signature.field_name)
    trust_root = common_name(root.subject) if root is not None else ""
    try:
        status: PdfSignatureStatus = validate_pdf_signature(
            signature, signer_validation_context=context, key_usage_settings=usage
        )
    except (SignatureValidationError, PdfError, ValueError) as err:
        # A signature pyHanko cannot even evaluate (a damaged CMS object, a bad byte range).
        return SignatureCheck(
            field, f"tidak diketahui ({err})", None, False, False, None, None, None, trust_root
        )
    return SignatureCheck(
        field=field,
        signer=common_name(status.signing_cert.subject),
        signed_at=status.signer_reported_dt,
        intact=status.intact,
        valid=status.valid,
        coverage=status.coverage,
        modification=status.modification_level,
        trusted=None if root is None else status.trusted,
        trust_root=trust_root,
    )
