"""Archival copies (``--arsip``): a finished document made PDF/A-3b as the last pypdf step.

The renderer's own ``pdf_variant="pdf/a-3b"`` is not used: pypdf rewrites ``/Info`` after
WeasyPrint (so its XMP would disagree), merging drops the catalog's XMP and output intent,
and the variant leaves ``/Interpolate true`` on raster images. Everything the variant does
that PDF/A needs is done here instead, on any writer: the Renstra, the letter, the bundle.

Nothing here reads the clock or draws random numbers: identical input, identical bytes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from .errors import BuildError

#: The header PDF/A-3 requires at most (it is based on PDF 1.7).
PDF_HEADER = "%PDF-1.7"

#: Annotation flags (ISO 32000-1, table 165).
_INVISIBLE, _HIDDEN, _PRINT, _NO_ZOOM, _NO_ROTATE, _NO_VIEW = 1, 2, 4, 8, 16, 32
_TOGGLE_NO_VIEW = 256

#: Actions PDF/A-2 and -3 forbid (ISO 19005-3, 6.5.1), and the named actions they allow.
FORBIDDEN_ACTIONS = frozenset(
    {
        "/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide",
        "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView", "/JavaScript",
    }
)  # fmt: skip
ALLOWED_NAMED_ACTIONS = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
#: Annotation types PDF/A-3 forbids (6.3.1).
FORBIDDEN_ANNOTATIONS = frozenset({"/3D", "/Sound", "/Screen", "/Movie"})

#: MIME types of the files a workspace holds, by suffix (fixed here rather than taken from
#: the ``mimetypes`` module, whose answers depend on the machine's /etc/mime.types).
MIME_TYPES = {
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".json": "application/json",
    ".xml": "application/xml",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".css": "text/css",
    ".html": "text/html",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".csv": "text/csv",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
DEFAULT_MIME_TYPE = "application/octet-stream"

#: /Info keys whose XMP counterparts are regenerated.
INFO_KEYS = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer")
DATE_KEYS = ("/CreationDate", "/ModDate")

_PDF_DATE = re.compile(
    r"^(?:D:)?(?P<year>\d{4})(?P<month>\d{2})?(?P<day>\d{2})?"
    r"(?P<hour>\d{2})?(?P<minute>\d{2})?(?P<second>\d{2})?"
    r"(?:(?P<zulu>Z)(?:00'?(?:00'?)?)?|(?P<sign>[+-])(?P<tzh>\d{2})'?(?P<tzm>\d{2})?'?)?$"
)
_TRUE = BooleanObject(True)
_ICC_COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4}


def make_pdfa3b(writer: PdfWriter) -> None:
    """Make the document in ``writer`` PDF/A-3b; call it last, once ``/Info`` is final.

    Regenerates the XMP metadata from ``/Info``, adds an sRGB output intent unless a valid
    PDF/A one is there, makes every annotation printable and visible, removes JavaScript,
    the actions and entries PDF/A forbids, turns image interpolation off, completes every
    embedded file as an associated file, and caps the header at PDF 1.7. Raises
    ``BuildError`` for an encrypted writer, a date in ``/Info`` that is not a PDF date, or
    DeviceCMYK colour (a CMYK JPEG) that the RGB output intent cannot cover.
    """
    if getattr(writer, "_encryption", None) is not None:
        raise BuildError("arsip PDF/A: dokumen terenkripsi tidak dapat dijadikan PDF/A")
    _set_version(writer)
    ids = _ensure_file_identifier(writer)
    info = _final_info(writer)
    components = _ensure_output_intent(writer)
    _remove_forbidden_entries(writer, components)
    _fix_annotations(writer)
    _fix_embedded_files(writer, info.get("/ModDate") or info.get("/CreationDate"))
    _set_metadata_stream(writer, xmp_packet(info, _language(writer), ids))


def _entry(obj: Any, key: str, default: Any = None) -> Any:
    """``obj[key]`` resolved (pypdf's ``get`` returns indirect references as they are)."""
    value = dict.get(obj, key, default) if isinstance(obj, DictionaryObject) else default
    return value.get_object() if isinstance(value, PdfObject) else value


# --- version and identifier ---------------------------------------------------------------


def _set_version(writer: PdfWriter) -> None:
    writer.pdf_header = PDF_HEADER
    catalog = writer.root_object
    version = _entry(catalog, "/Version")
    if version is not None and str(version).lstrip("/") > "1.7":
        del catalog["/Version"]


def _ensure_file_identifier(writer: PdfWriter) -> tuple[bytes, bytes]:
    """The trailer /ID (PDF/A requires one); a writer without one gets an ID derived from
    its /Info and page contents, never a random one."""
    current = writer._ID
    if current is not None and len(current) == 2:
        return _string_bytes(current[0]), _string_bytes(current[1])
    digest = hashlib.md5(usedforsecurity=False)
    info: dict[str, Any] = dict(writer.metadata or {})
    for key in sorted(info):
        digest.update(f"{key}={info[key]}\n".encode())
    for page in writer.pages:
        contents = page.get_contents()
        digest.update(contents.get_data() if contents is not None else b"")
    identifier = ByteStringObject(digest.digest())
    writer._ID = ArrayObject([identifier, identifier])
    return bytes(identifier), bytes(identifier)


def _string_bytes(value: PdfObject) -> bytes:
    string = value.get_object()
    if isinstance(string, TextStringObject):
        return string.original_bytes
    if isinstance(string, ByteStringObject):
        return bytes(string)
    return str(string).encode()


# --- /Info and XMP ------------------------------------------------------------------------


def _final_info(writer: PdfWriter) -> dict[str, str]:
    """The /Info text entries XMP mirrors; a missing /Producer is set, since XMP states one."""
    if writer.metadata is None or "/Producer" not in writer.metadata:
        writer.add_metadata({"/Producer": "pypdf"})
    info = writer._info  # the dictionary itself: ``metadata`` is a copy
    assert info is not None
    if _entry(info, "/Trapped") not in (None, "/True", "/False"):
        del info["/Trapped"]  # "Unknown" has no XMP form; absent means the same
    return {key: str(info[key]) for key in (*INFO_KEYS, *DATE_KEYS, "/Trapped") if key in info}


def _language(writer: PdfWriter) -> str | None:
    lang = _entry(writer.root_object, "/Lang")
    return str(lang) if lang else None


def xmp_date(pdf_date: str) -> str:
    """A PDF date (``D:20131202000000+07'00'``) as an XMP date (``2013-12-02T00:00:00+07:00``),
    keeping its precision and time zone; ``BuildError`` when it is not a PDF date."""
    match = _PDF_DATE.match(pdf_date.strip())
    if match is None:
        raise BuildError(f"arsip PDF/A: tanggal '{pdf_date}' di metadata bukan tanggal PDF")
    part = match.groupdict()
    text = part["year"]
    for key in ("month", "day"):
        if part[key] is None:
            return text
        text += f"-{part[key]}"
    if part["hour"] is None:
        return text
    text += f"T{part['hour']}:{part['minute'] or '00'}"
    if part["second"] is not None:
        text += f":{part['second']}"
    if part["zulu"]:
        text += "Z"
    elif part["sign"]:
        text += f"{part['sign']}{part['tzh']}:{part['tzm'] or '00'}"
    return text


def _uuid(data: bytes) -> str:
    return f"uuid:{uuid.UUID(bytes=hashlib.md5(data, usedforsecurity=False).digest())}"


def xmp_packet(info: dict[str, str], lang: str | None, ids: tuple[bytes, bytes]) -> bytes:
    """The XMP packet stating PDF/A-3b and mirroring ``info`` (PDF /Info keys → text)."""

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    properties = ["<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>"]
    if "/Title" in info:
        properties.append(f"<dc:title>{alt(info['/Title'])}</dc:title>")
    if "/Author" in info:
        # PDF/A: dc:creator holds exactly one entry, equal to the whole /Author.
        author = escape(info["/Author"])
        properties.append(f"<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>")
    if "/Subject" in info:
        properties.append(f"<dc:description>{alt(info['/Subject'])}</dc:description>")
    if lang:
        properties.append(f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag>"
                          "</dc:language>")  # fmt: skip
    for key, name in (("/Keywords", "pdf:Keywords"), ("/Producer", "pdf:Producer"),
                      ("/Creator", "xmp:CreatorTool")):  # fmt: skip
        if key in info:
            properties.append(f"<{name}>{escape(info[key])}</{name}>")
    if "/Trapped" in info:
        properties.append(f"<pdf:Trapped>{info['/Trapped'].lstrip('/')}</pdf:Trapped>")
    for key, name in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if key in info:
            properties.append(f"<{name}>{xmp_date(info[key])}</{name}>")
    latest = info.get("/ModDate") or info.get("/CreationDate")
    if latest:
        properties.append(f"<xmp:MetadataDate>{xmp_date(latest)}</xmp:MetadataDate>")
    properties.append(f"<xmpMM:DocumentID>{_uuid(ids[0])}</xmpMM:DocumentID>")
    properties.append(f"<xmpMM:InstanceID>{_uuid(ids[1])}</xmpMM:InstanceID>")
    body = "\n".join(f"   {p}" for p in properties)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"\n'
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
        '    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"\n'
        '    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">\n'
        f"{body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    ).encode()


def _set_metadata_stream(writer: PdfWriter, packet: bytes) -> None:
    """The catalog's /Metadata, uncompressed (PDF/A forbids a /Filter on it)."""
    stream = DecodedStreamObject()
    stream.set_data(packet)
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    _set_indirect(writer, writer.root_object, "/Metadata", stream)


def _set_indirect(writer: PdfWriter, parent: DictionaryObject, key: str, obj: PdfObject) -> None:
    """``parent[key] = obj`` as an indirect object, reusing the old object's number so the
    replaced one is not left behind in the file."""
    old = dict.get(parent, key)
    if isinstance(old, IndirectObject) and old.pdf is writer:
        writer._replace_object(old, obj)
    else:
        parent[NameObject(key)] = writer._add_object(obj)


# --- actions, JavaScript, forms -----------------------------------------------------------


def _is_forbidden_action(action: Any) -> bool:
    action = action.get_object() if isinstance(action, PdfObject) else action
    if not isinstance(action, DictionaryObject):
        return False
    kind = _entry(action, "/S")
    if kind in FORBIDDEN_ACTIONS:
        return True
    return kind == "/Named" and _entry(action, "/N") not in ALLOWED_NAMED_ACTIONS


def reachable_dictionaries(root: PdfObject) -> Iterator[DictionaryObject]:
    """Every dictionary (and stream) reachable from ``root``, each once. A caller may edit
    a dictionary when it is yielded: its entries are followed afterwards."""
    seen: set[tuple[int, int]] = set()
    pending: list[Any] = [root]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            yield item
            pending.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            pending.extend(list.__iter__(item))


def _remove_forbidden_entries(writer: PdfWriter, intent_components: int) -> None:
    """Drop JavaScript, additional and forbidden actions and presentation steps everywhere;
    the catalog's NeedsRendering and Requirements; the form's XFA and NeedAppearances; and
    turn image interpolation off. DeviceCMYK under a non-CMYK output intent cannot be
    repaired here: ``BuildError``."""
    catalog = writer.root_object
    names = _entry(catalog, "/Names")
    for key in ("/JavaScript", "/AlternatePresentations"):
        if isinstance(names, DictionaryObject) and key in names:
            del names[key]
    for key in ("/NeedsRendering", "/AA", "/Requirements"):
        if key in catalog:
            del catalog[key]
    form = _entry(catalog, "/AcroForm")
    if isinstance(form, DictionaryObject):
        for key in ("/XFA", "/NeedAppearances"):
            if key in form:
                del form[key]
    cmyk = False
    for obj in reachable_dictionaries(catalog):
        _remove_forbidden_actions(obj)
        if _entry(obj, "/Subtype") == "/Image" and _entry(obj, "/Interpolate") == _TRUE:
            obj[NameObject("/Interpolate")] = BooleanObject(False)
        cmyk = cmyk or "/DeviceCMYK" in (_entry(obj, "/ColorSpace"), _entry(obj, "/CS"))
    if cmyk and intent_components != 4:
        raise BuildError(
            "arsip PDF/A: dokumen memakai warna CMYK (misalnya gambar JPEG CMYK);"
            " simpan gambar itu sebagai RGB"
        )


def _remove_forbidden_actions(obj: DictionaryObject) -> None:
    for key in ("/AA", "/PresSteps"):
        if key in obj:
            del obj[key]
    for key in ("/A", "/OpenAction", "/Next"):
        value = _entry(obj, key)
        if isinstance(value, ArrayObject) and key == "/Next":
            kept = [a for a in list.__iter__(value) if not _is_forbidden_action(a)]
            value[:] = kept
        elif value is not None and _is_forbidden_action(value):
            del obj[key]


# --- annotations --------------------------------------------------------------------------


def _fix_annotations(writer: PdfWriter) -> None:
    """Every annotation printed and visible; forbidden types removed; appearances reduced
    to the normal one (PDF/A allows only /N)."""
    for page in writer.pages:
        annots = _entry(page, "/Annots")
        if not isinstance(annots, ArrayObject):
            continue
        kept = []
        for ref in list.__iter__(annots):
            annot = ref.get_object()
            if not isinstance(annot, DictionaryObject):
                continue
            if _entry(annot, "/Subtype") in FORBIDDEN_ANNOTATIONS:
                continue
            _fix_annotation(annot)
            kept.append(ref)
        annots[:] = kept


def _fix_annotation(annot: DictionaryObject) -> None:
    flags = int(_entry(annot, "/F", 0))
    flags = (flags | _PRINT) & ~(_INVISIBLE | _HIDDEN | _NO_VIEW | _TOGGLE_NO_VIEW)
    if _entry(annot, "/Subtype") == "/Text":
        flags |= _NO_ZOOM | _NO_ROTATE
    annot[NameObject("/F")] = NumberObject(flags)
    if _entry(annot, "/Subtype") == "/Widget" and "/A" in annot:
        del annot["/A"]  # PDF/A allows no action at all on a widget
    appearance = _entry(annot, "/AP")
    if isinstance(appearance, DictionaryObject) and "/N" in appearance:
        for key in ("/D", "/R"):
            if key in appearance:
                del appearance[key]


# --- embedded files -----------------------------------------------------------------------


def mime_type(name: str) -> str:
    """The MIME type for a file name, from its suffix."""
    return MIME_TYPES.get(PurePosixPath(name).suffix.lower(), DEFAULT_MIME_TYPE)


def file_specifications(writer: PdfWriter) -> list[IndirectObject]:
    """Every embedded file's specification, as indirect references (direct ones in the name
    tree are made indirect, since /AF must point at them): the catalog's EmbeddedFiles
    tree first, then file attachment annotations, each once."""
    found: list[IndirectObject] = []
    names = _entry(writer.root_object, "/Names")
    tree = _entry(names, "/EmbeddedFiles") if isinstance(names, DictionaryObject) else None
    if isinstance(tree, DictionaryObject):
        found.extend(_name_tree_values(writer, tree))
    for page in writer.pages:
        for ref in _entry(page, "/Annots") or []:
            annot = ref.get_object()
            spec = dict.get(annot, "/FS")
            if _entry(annot, "/Subtype") == "/FileAttachment" and isinstance(spec, IndirectObject):
                found.append(spec)
    unique: dict[int, IndirectObject] = {}
    for ref in found:
        unique.setdefault(ref.idnum, ref)
    return list(unique.values())


def _name_tree_values(writer: PdfWriter, node: DictionaryObject) -> Iterator[IndirectObject]:
    pairs = _entry(node, "/Names")
    if isinstance(pairs, ArrayObject):
        for index in range(1, len(pairs), 2):
            value = list.__getitem__(pairs, index)
            if not isinstance(value, IndirectObject):
                value = writer._add_object(value)
                pairs[index] = value
            yield value
    for kid in _entry(node, "/Kids") or []:
        yield from _name_tree_values(writer, kid.get_object())


def _fix_embedded_files(writer: PdfWriter, document_date: str | None) -> None:
    specs = file_specifications(writer)
    if not specs:
        return
    for ref in specs:
        spec = ref.get_object()
        if isinstance(spec, DictionaryObject):
            _fix_file_specification(spec, document_date)
    catalog = writer.root_object
    listed = list(list.__iter__(_entry(catalog, "/AF") or ArrayObject()))
    known = {r.idnum for r in listed if isinstance(r, IndirectObject)}
    catalog[NameObject("/AF")] = ArrayObject(listed + [r for r in specs if r.idnum not in known])


def _fix_file_specification(spec: DictionaryObject, document_date: str | None) -> None:
    """/Type, /F and /UF, /AFRelationship, and a complete embedded file stream."""
    spec[NameObject("/Type")] = NameObject("/Filespec")
    name = str(_entry(spec, "/UF") or _entry(spec, "/F") or "")
    for key in ("/F", "/UF"):
        if key not in spec:
            spec[NameObject(key)] = TextStringObject(name)
    if "/AFRelationship" not in spec:
        spec[NameObject("/AFRelationship")] = NameObject("/Unspecified")
    files = _entry(spec, "/EF")
    if not isinstance(files, DictionaryObject):
        return
    for key in files:
        stream = files[key]
        if isinstance(stream, StreamObject):
            _fix_embedded_stream(stream, name, document_date)


def _fix_embedded_stream(stream: StreamObject, name: str, document_date: str | None) -> None:
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    if "/Subtype" not in stream:
        stream[NameObject("/Subtype")] = NameObject("/" + mime_type(name))
    params = _entry(stream, "/Params")
    if not isinstance(params, DictionaryObject):
        params = DictionaryObject()
        stream[NameObject("/Params")] = params
    if "/ModDate" not in params:
        date = _entry(params, "/CreationDate") or document_date
        if date is None:
            raise BuildError(f"arsip PDF/A: berkas tersemat '{name}' tidak punya tanggal")
        params[NameObject("/ModDate")] = TextStringObject(str(date))
    params[NameObject("/Size")] = NumberObject(len(stream.get_data()))


# --- output intent ------------------------------------------------------------------------


@cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile WeasyPrint ships, read without importing WeasyPrint (whose font
    stack must not start before the project's fontconfig file is set)."""
    spec = importlib.util.find_spec("weasyprint")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        profile = Path(location) / "pdf" / "sRGB2014.icc"
        if profile.is_file():
            return profile.read_bytes()
    raise BuildError("arsip PDF/A: profil warna sRGB WeasyPrint (sRGB2014.icc) tidak ditemukan")


def icc_components(profile: bytes) -> int | None:
    """The number of colour components of an ICC profile PDF/A accepts as an output intent
    (version 2 to 4, monitor or printer class), or None when it is not one."""
    if len(profile) < 128 or profile[36:40] != b"acsp":
        return None
    if profile[8] >= 5 or profile[12:16] not in (b"mntr", b"prtr"):
        return None
    return _ICC_COMPONENTS.get(profile[16:20])


def _pdfa_output_intent_components(intent: Any) -> int | None:
    """The colour components of a valid PDF/A output intent, None for any other."""
    intent = intent.get_object()
    if not isinstance(intent, DictionaryObject) or _entry(intent, "/S") != "/GTS_PDFA1":
        return None
    profile = _entry(intent, "/DestOutputProfile")
    if not isinstance(profile, StreamObject):
        return None
    components = icc_components(profile.get_data())
    return components if components is not None and _entry(profile, "/N") == components else None


def _ensure_output_intent(writer: PdfWriter) -> int:
    """One PDF/A output intent: the document's own when valid, else sRGB; returns its number
    of colour components. Other intents go, since PDF/A requires every intent in the array
    to share one profile."""
    catalog = writer.root_object
    existing = _entry(catalog, "/OutputIntents")
    for intent in list.__iter__(existing) if isinstance(existing, ArrayObject) else []:
        components = _pdfa_output_intent_components(intent)
        if components is not None:
            catalog[NameObject("/OutputIntents")] = ArrayObject([intent])
            return components
    profile = DecodedStreamObject()
    profile.set_data(srgb_profile())
    profile[NameObject("/N")] = NumberObject(3)
    condition = TextStringObject("sRGB IEC61966-2.1")
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): condition,
            NameObject("/Info"): condition,
            NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
            # Uncompressed (3 KB): the bytes then do not depend on the zlib build.
            NameObject("/DestOutputProfile"): writer._add_object(profile),
        }
    )
    catalog[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    return 3
