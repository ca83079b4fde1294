"""A PDF/A-3b checker for the tests: what a validator such as veraPDF checks that can be
checked with pypdf and the standard library.

It reads the file with pypdf, which follows the latest revision of an incrementally updated
(signed) file. Not checked: content streams (operators, colour operators against the output
intent, transparency), font programs against their /Widths, XMP extension schemas.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
)

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
PDF = "{http://ns.adobe.com/pdf/1.3/}"
XMP = "{http://ns.adobe.com/xap/1.0/}"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: /Info key → the XMP property that must agree with it.
INFO_TO_XMP = {
    "/Title": (DC + "title", "dc:title"),
    "/Author": (DC + "creator", "dc:creator"),
    "/Subject": (DC + "description", "dc:description"),
    "/Keywords": (PDF + "Keywords", "pdf:Keywords"),
    "/Producer": (PDF + "Producer", "pdf:Producer"),
    "/Creator": (XMP + "CreatorTool", "xmp:CreatorTool"),
}
DATE_TO_XMP = {
    "/CreationDate": (XMP + "CreateDate", "xmp:CreateDate"),
    "/ModDate": (XMP + "ModifyDate", "xmp:ModifyDate"),
}
STANDARD_14 = frozenset(
    {
        "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
        "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
        "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
    }
)  # fmt: skip
FORBIDDEN_ACTIONS = frozenset(
    {
        "/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide",
        "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView", "/JavaScript",
    }
)  # fmt: skip
ALLOWED_NAMED_ACTIONS = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
FORBIDDEN_ANNOTATIONS = frozenset({"/3D", "/Sound", "/Screen", "/Movie"})
CATALOG_FORBIDDEN = ("/AA", "/NeedsRendering", "/Requirements")
#: Annotation flags: Invisible, Hidden, Print, NoView, ToggleNoView.
HIDING_FLAGS = {1: "Invisible", 2: "Hidden", 32: "NoView", 256: "ToggleNoView"}
PRINT_FLAG = 4
TRUE = BooleanObject(True)
ICC_SPACES = {b"GRAY": ("Gray", 1), b"RGB ": ("RGB", 3), b"CMYK": ("CMYK", 4), b"Lab ": ("Lab", 3)}

_PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"(?:(Z)(?:00'?(?:00'?)?)?|([+-])(\d{2})'?(\d{2})?'?)?$"
)
_XMP_DATE = re.compile(
    r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"(?:(Z)|([+-])(\d{2}):(\d{2}))?$"
)


def _entry(obj: Any, key: str, default: Any = None) -> Any:
    """``obj[key]`` resolved (pypdf's ``get`` returns indirect references as they are)."""
    value = dict.get(obj, key, default) if isinstance(obj, DictionaryObject) else default
    return value.get_object() if isinstance(value, PdfObject) else value


def pdfa_problems(pdf: bytes) -> list[str]:
    """Every PDF/A-3b problem found in ``pdf``, one readable line each; [] when it passes."""
    problems = _header_problems(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    if reader.is_encrypted:
        return [*problems, "trailer: the file is encrypted (/Encrypt is forbidden)"]
    trailer_id = _entry(reader.trailer, "/ID")
    if not isinstance(trailer_id, ArrayObject) or len(trailer_id) != 2:
        problems.append("trailer: no /ID")
    catalog = reader.root_object
    version = _entry(catalog, "/Version")
    if version is not None and str(version).lstrip("/") > "1.7":
        problems.append(f"catalog: /Version {str(version).lstrip('/')} is above 1.7")
    problems += _metadata_problems(reader)
    problems += _output_intent_problems(catalog)
    problems += _font_problems(reader)
    problems += _reachable_problems(catalog)
    problems += _annotation_problems(reader)
    problems += _embedded_file_problems(reader)
    return problems


# --- file structure -----------------------------------------------------------------------


def _header_problems(pdf: bytes) -> list[str]:
    match = re.match(rb"%PDF-(\d\.\d)\r?\n", pdf)
    if match is None:
        return ["header: the file does not start with a %PDF-1.n line"]
    problems = []
    if not b"1.0" <= match.group(1) <= b"1.7":
        problems.append(f"header: version {match.group(1).decode()} is above 1.7")
    comment = pdf[match.end() : match.end() + 5]
    if len(comment) < 5 or comment[0:1] != b"%" or any(byte < 128 for byte in comment[1:]):
        problems.append("header: no binary comment line (% and 4 bytes above 127) after it")
    if not re.search(rb"%%EOF(\r\n|\r|\n)?$", pdf):
        problems.append("trailer: data after the last %%EOF (at most one end-of-line allowed)")
    return problems


def reachable(root: Any) -> Iterator[DictionaryObject]:
    """Every dictionary (and stream) reachable from ``root``, each once."""
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


# --- XMP ----------------------------------------------------------------------------------


def _metadata_problems(reader: PdfReader) -> list[str]:
    stream = _entry(reader.root_object, "/Metadata")
    if not isinstance(stream, StreamObject):
        return ["XMP: the catalog has no /Metadata stream"]
    problems = []
    if _entry(stream, "/Type") != "/Metadata" or _entry(stream, "/Subtype") != "/XML":
        problems.append("XMP: the /Metadata stream is not /Type /Metadata /Subtype /XML")
    data = stream.get_data()
    header = re.search(rb"<\?xpacket begin=[^>]*\?>", data)
    if header is not None and re.search(rb"\b(bytes|encoding)=", header.group(0)):
        problems.append("XMP: the xpacket header has a 'bytes' or 'encoding' attribute")
    try:
        properties = xmp_properties(ET.fromstring(data))
    except ET.ParseError as err:
        return [*problems, f"XMP: does not parse ({err})"]
    for name, expected in (("part", "3"), ("conformance", "B")):
        found = properties.get(PDFAID + name)
        if found != expected:
            problems.append(f"XMP: pdfaid:{name} is {found!r}, expected {expected!r}")
    info = _entry(reader.trailer, "/Info")
    info = info.get_object() if info is not None else DictionaryObject()
    problems += _info_agreement_problems(info, properties)
    return problems


def xmp_properties(root: ET.Element) -> dict[str, Any]:
    """The properties of every rdf:Description, in attribute or element form: a plain
    string, the x-default entry of an rdf:Alt, or the list of an rdf:Seq or rdf:Bag."""
    found: dict[str, Any] = {}
    for description in root.iter(RDF + "Description"):
        for name, value in description.attrib.items():
            if not name.startswith(RDF):
                found[name] = value
        for element in description:
            found[element.tag] = _xmp_value(element)
    return found


def _xmp_value(element: ET.Element) -> Any:
    alt = element.find(RDF + "Alt")
    if alt is not None:
        items = alt.findall(RDF + "li")
        chosen = [li for li in items if li.get(XML_LANG) == "x-default"] or items
        return chosen[0].text or "" if chosen else ""
    for kind in ("Seq", "Bag"):
        container = element.find(RDF + kind)
        if container is not None:
            return [li.text or "" for li in container.findall(RDF + "li")]
    return element.text or ""


def _info_agreement_problems(info: DictionaryObject, properties: dict[str, Any]) -> list[str]:
    problems = []
    for key, (tag, label) in INFO_TO_XMP.items():
        if key not in info:
            continue
        expected = str(info[key])
        found = properties.get(tag)
        if key == "/Author" and isinstance(found, list):
            found = found[0] if len(found) == 1 else found  # exactly one entry is allowed
        if found is None:
            problems.append(f"XMP: no {label} for /Info {key} {expected!r}")
        elif found != expected:
            problems.append(f"XMP: {label} {found!r} disagrees with /Info {key} {expected!r}")
    for key, (tag, label) in DATE_TO_XMP.items():
        if key not in info:
            continue
        expected = str(info[key])
        found = properties.get(tag)
        if _parse_date(_PDF_DATE, expected) is None:
            problems.append(f"info: /Info {key} {expected!r} is not a PDF date")
        elif found is None:
            problems.append(f"XMP: no {label} for /Info {key} {expected!r}")
        elif _parse_date(_PDF_DATE, expected) != _parse_date(_XMP_DATE, found):
            problems.append(f"XMP: {label} {found!r} is not the instant /Info {key} {expected!r}")
    return problems


def _parse_date(pattern: re.Pattern[str], text: str) -> dt.datetime | None:
    """A PDF or XMP date as a datetime (aware when it states a zone), None if malformed."""
    match = pattern.match(str(text).strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, zulu, sign, tzh, tzm = match.groups()
    zone = None
    if zulu:
        zone = dt.UTC
    elif sign:
        offset = dt.timedelta(hours=int(tzh), minutes=int(tzm or 0))
        zone = dt.timezone(-offset if sign == "-" else offset)
    return dt.datetime(
        int(year), int(month or 1), int(day or 1),
        int(hour or 0), int(minute or 0), int(second or 0), tzinfo=zone,
    )  # fmt: skip


# --- output intent ------------------------------------------------------------------------


def _output_intent_problems(catalog: DictionaryObject) -> list[str]:
    intents = _entry(catalog, "/OutputIntents")
    intents = [i.get_object() for i in intents] if isinstance(intents, ArrayObject) else []
    intents = [i for i in intents if isinstance(i, DictionaryObject)]
    pdfa = [i for i in intents if _entry(i, "/S") == "/GTS_PDFA1"]
    if not pdfa:
        return ["output intent: no /OutputIntents entry with /S /GTS_PDFA1"]
    problems = []
    profiles = {
        (r.idnum, r.generation)
        for i in intents
        if isinstance(r := dict.get(i, "/DestOutputProfile"), IndirectObject)
    }
    if len(profiles) > 1:
        problems.append("output intent: the intents use different /DestOutputProfile streams")
    profile = _entry(pdfa[0], "/DestOutputProfile")
    if not isinstance(profile, StreamObject):
        return [*problems, "output intent: the GTS_PDFA1 intent has no /DestOutputProfile stream"]
    return problems + _profile_problems(profile)


def _profile_problems(profile: StreamObject) -> list[str]:
    """An output profile: ICC ('acsp'), version below 5, a monitor or printer profile in
    Gray, RGB or CMYK, and a /N that matches its colour space."""
    data = profile.get_data()
    if len(data) < 128 or data[36:40] != b"acsp":
        return ["output intent: /DestOutputProfile is not an ICC profile (no 'acsp')"]
    problems = []
    if data[8] >= 5 or data[12:16] not in (b"mntr", b"prtr"):
        problems.append("output intent: the profile is not an ICC v2–v4 monitor/printer profile")
    space, components = ICC_SPACES.get(data[16:20], (data[16:20].decode("latin-1"), None))
    if space == "Lab":
        problems.append("output intent: a Lab profile cannot be an output intent")
    if _entry(profile, "/N") != components:
        problems.append(
            f"output intent: /N {_entry(profile, '/N')} does not match the profile's colour space"
            f" {space} ({components} components)"
        )
    return problems


def _intent_components(catalog: DictionaryObject) -> int | None:
    for intent in _entry(catalog, "/OutputIntents") or []:
        profile = _entry(intent.get_object(), "/DestOutputProfile")
        if isinstance(profile, StreamObject):
            return ICC_SPACES.get(profile.get_data()[16:20], ("", None))[1]
    return None


# --- fonts --------------------------------------------------------------------------------


def _font_problems(reader: PdfReader) -> list[str]:
    problems = []
    seen_fonts: set[int] = set()
    seen_resources: set[int] = set()
    for number, page in enumerate(reader.pages, start=1):
        for font in _page_fonts(page, seen_resources):
            if id(font) in seen_fonts:
                continue
            seen_fonts.add(id(font))
            name = str(_entry(font, "/BaseFont", "?")).lstrip("/")
            if not _is_embedded(font):
                kind = " (a standard 14 font)" if name in STANDARD_14 else ""
                problems.append(f"font {name}{kind} on page {number} is not embedded")
            elif not _has_glyph_mapping(font):
                problems.append(f"font {name} on page {number}: no /CIDToGIDMap or /Widths")
    return problems


def _has_glyph_mapping(font: DictionaryObject) -> bool:
    """A Type 2 CIDFont needs /CIDToGIDMap; a simple font FirstChar, LastChar, Widths."""
    subtype = _entry(font, "/Subtype")
    if subtype == "/Type0":
        descendant = _entry(font, "/DescendantFonts")[0].get_object()
        return _entry(descendant, "/Subtype") != "/CIDFontType2" or "/CIDToGIDMap" in descendant
    return all(key in font for key in ("/FirstChar", "/LastChar", "/Widths"))


def _page_fonts(page: PageObject, seen: set[int]) -> Iterator[DictionaryObject]:
    """Fonts of the page's resources, and of the resources of its Form XObjects, patterns,
    soft masks, Type 3 fonts and annotation appearance streams, recursively."""
    pending: list[Any] = [_entry(page, "/Resources")]
    for ref in _entry(page, "/Annots") or []:
        appearance = _entry(ref.get_object(), "/AP")
        for key in ("/N", "/D", "/R"):
            state = _entry(appearance, key)
            if isinstance(state, StreamObject):
                pending.append(_entry(state, "/Resources"))
            elif isinstance(state, DictionaryObject):
                pending += [_entry(state[name], "/Resources") for name in state]
    while pending:
        resources = pending.pop()
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            continue
        seen.add(id(resources))
        for font in _values(resources, "/Font"):
            yield font
            pending.append(_entry(font, "/Resources"))  # Type 3 glyphs
        for xobject in _values(resources, "/XObject"):
            pending.append(_entry(xobject, "/Resources"))
        for pattern in _values(resources, "/Pattern"):
            pending.append(_entry(pattern, "/Resources"))
        for state in _values(resources, "/ExtGState"):
            mask = _entry(state, "/SMask")
            if isinstance(mask, DictionaryObject) and isinstance(_entry(mask, "/G"), StreamObject):
                pending.append(_entry(mask["/G"], "/Resources"))


def _values(resources: DictionaryObject, key: str) -> list[DictionaryObject]:
    entries = _entry(resources, key)
    if not isinstance(entries, DictionaryObject):
        return []
    values = [entries[name] for name in entries]
    return [v for v in values if isinstance(v, DictionaryObject)]


def _is_embedded(font: DictionaryObject) -> bool:
    if _entry(font, "/Subtype") == "/Type3":
        return True  # glyphs are content streams; their own fonts are checked separately
    target = font
    if _entry(font, "/Subtype") == "/Type0":
        descendants = _entry(font, "/DescendantFonts")
        if not isinstance(descendants, ArrayObject) or not descendants:
            return False
        target = descendants[0].get_object()
    descriptor = _entry(target, "/FontDescriptor")
    return isinstance(descriptor, DictionaryObject) and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )


# --- everything reachable: JavaScript, actions, images, streams, colour spaces ------------


def _catalog_problems(catalog: DictionaryObject) -> list[str]:
    problems = [f"catalog: {key} is forbidden" for key in CATALOG_FORBIDDEN if key in catalog]
    names = _entry(catalog, "/Names")
    for key in ("/JavaScript", "/AlternatePresentations"):
        if isinstance(names, DictionaryObject) and key in names:
            problems.append(f"catalog: the /Names dictionary has a {key} tree")
    form = _entry(catalog, "/AcroForm")
    if isinstance(form, DictionaryObject) and "/XFA" in form:
        problems.append("form: /XFA is forbidden")
    if isinstance(form, DictionaryObject) and _entry(form, "/NeedAppearances") == TRUE:
        problems.append("form: /NeedAppearances true is forbidden")
    return problems


def _reachable_problems(catalog: DictionaryObject) -> list[str]:
    problems = set(_catalog_problems(catalog))
    device_spaces: set[str] = set()
    for obj in reachable(catalog):
        problems.update(_object_problems(obj))
        for key in ("/ColorSpace", "/CS"):
            if _entry(obj, key) in ("/DeviceRGB", "/DeviceCMYK"):
                device_spaces.add(str(_entry(obj, key)))
    components = _intent_components(catalog)
    for space, needed in (("/DeviceRGB", 3), ("/DeviceCMYK", 4)):
        if space in device_spaces and components is not None and components != needed:
            problems.add(f"colour: {space} used but the output intent has {components} components")
    return sorted(problems)


def _object_problems(obj: DictionaryObject) -> Iterator[str]:
    """What PDF/A forbids in any single dictionary or stream, wherever it is."""
    if "/JS" in obj:
        yield "JavaScript: a /JS entry"
    kind = _entry(obj, "/S")
    if kind in FORBIDDEN_ACTIONS:
        yield f"action: /S {kind} is forbidden"
    if kind == "/Named" and _entry(obj, "/N") not in ALLOWED_NAMED_ACTIONS:
        yield f"action: named action {_entry(obj, '/N')} is forbidden"
    if "/AA" in obj:
        yield "action: an /AA (additional actions) entry"
    if "/PresSteps" in obj:
        yield "page: /PresSteps is forbidden"
    for key in ("/TR", "/HTP"):
        if key in obj:
            yield f"graphics state: {key} is forbidden"
    if _entry(obj, "/TR2") not in (None, "/Default"):
        yield "graphics state: /TR2 other than /Default is forbidden"
    subtype = _entry(obj, "/Subtype")
    if subtype == "/Image" and _entry(obj, "/Interpolate") == TRUE:
        yield "image: /Interpolate true is forbidden"
    if subtype in ("/Image", "/Form") and ("/OPI" in obj or "/Alternates" in obj):
        yield f"XObject {subtype}: /OPI or /Alternates is forbidden"
    if subtype == "/PS" or (subtype == "/Form" and ("/Ref" in obj or "/PS" in obj)):
        yield "XObject: PostScript and reference XObjects are forbidden"
    if isinstance(obj, StreamObject):
        yield from _stream_problems(obj)


def _stream_problems(stream: StreamObject) -> Iterator[str]:
    for key in ("/F", "/FFilter", "/FDecodeParms"):
        if key in stream:
            yield f"stream: a stream dictionary has {key}"
    filters = _entry(stream, "/Filter")
    names = [str(f) for f in filters] if isinstance(filters, ArrayObject) else [str(filters)]
    if "/LZWDecode" in names:
        yield "stream: the LZWDecode filter is forbidden"


# --- annotations --------------------------------------------------------------------------


def _annotation_problems(reader: PdfReader) -> list[str]:
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        for ref in _entry(page, "/Annots") or []:
            annot = ref.get_object()
            subtype = str(_entry(annot, "/Subtype"))
            where = f"annotation {subtype} on page {number}"
            problems += [f"{where}: {p}" for p in _single_annotation_problems(annot)]
    return list(dict.fromkeys(problems))


def _single_annotation_problems(annot: DictionaryObject) -> list[str]:
    subtype = _entry(annot, "/Subtype")
    if subtype in FORBIDDEN_ANNOTATIONS:
        return ["the type is forbidden"]
    problems = _flag_problems(annot) if "/F" in annot or subtype != "/Popup" else []
    if subtype == "/Widget" and "/A" in annot:
        problems.append("a widget with an /A action")
    return problems + _appearance_problems(annot)


def _flag_problems(annot: DictionaryObject) -> list[str]:
    flags = int(_entry(annot, "/F", 0))
    problems = [] if flags & PRINT_FLAG else ["the Print flag is not set"]
    hidden = [name for bit, name in HIDING_FLAGS.items() if flags & bit]
    if hidden:
        problems.append("hidden by the flag(s) " + ", ".join(hidden))
    if _entry(annot, "/Subtype") == "/Text" and flags & 24 != 24:
        problems.append("a text annotation without the NoZoom and NoRotate flags")
    return problems


def _appearance_problems(annot: DictionaryObject) -> list[str]:
    subtype = _entry(annot, "/Subtype")
    appearance = _entry(annot, "/AP")
    normal = _entry(appearance, "/N")
    rect = [float(v) for v in _entry(annot, "/Rect", [0, 0, 0, 0])]
    has_area = len(rect) == 4 and rect[0] != rect[2] and rect[1] != rect[3]
    if appearance is None:
        needed = subtype not in ("/Link", "/Popup") and has_area
        return ["no appearance dictionary (/AP)"] if needed else []
    if not isinstance(appearance, DictionaryObject) or set(appearance) != {"/N"}:
        return ["the appearance dictionary must hold /N and nothing else"]
    button = subtype == "/Widget" and _field_type(annot) == "/Btn"
    if button and (isinstance(normal, StreamObject) or not isinstance(normal, DictionaryObject)):
        return ["a button's /AP /N is not an appearance subdictionary"]
    if not button and not isinstance(normal, StreamObject):
        return ["/AP /N is not an appearance stream"]
    return []


def _field_type(field: DictionaryObject) -> Any:
    """/FT, inherited from the parent fields."""
    while isinstance(field, DictionaryObject):
        if "/FT" in field:
            return _entry(field, "/FT")
        field = _entry(field, "/Parent")
    return None


# --- embedded files -----------------------------------------------------------------------


def _embedded_file_problems(reader: PdfReader) -> list[str]:
    catalog = reader.root_object
    listed = {
        (r.idnum, r.generation)
        for r in list.__iter__(_entry(catalog, "/AF") or ArrayObject())
        if isinstance(r, IndirectObject)
    }
    problems = []
    for name, ref in _file_specifications(reader):
        where = f"embedded file {name!r}"
        if not isinstance(ref, IndirectObject) or (ref.idnum, ref.generation) not in listed:
            problems.append(f"{where}: its file specification is not in the catalog /AF")
        spec = ref.get_object() if isinstance(ref, PdfObject) else None
        if not isinstance(spec, DictionaryObject):
            problems.append(f"{where}: the file specification is not a dictionary")
            continue
        for key in ("/AFRelationship", "/F", "/UF"):
            if key not in spec:
                problems.append(f"{where}: no {key}")
        files = _entry(spec, "/EF")
        streams: list[Any] = (
            [files[k] for k in files] if isinstance(files, DictionaryObject) else []
        )
        if not streams:
            problems.append(f"{where}: no /EF embedded file stream")
        for stream in streams:
            if "/Subtype" not in stream:
                problems.append(f"{where}: the stream has no /Subtype (MIME type)")
            params = _entry(stream, "/Params")
            if not isinstance(params, DictionaryObject) or "/ModDate" not in params:
                problems.append(f"{where}: the stream has no /Params /ModDate")
    return problems


def _file_specifications(reader: PdfReader) -> Iterator[tuple[str, Any]]:
    """(name, raw reference) of each file specification: the EmbeddedFiles name tree, then
    file attachment annotations."""
    names = _entry(reader.root_object, "/Names")
    tree = _entry(names, "/EmbeddedFiles") if isinstance(names, DictionaryObject) else None
    if isinstance(tree, DictionaryObject):
        yield from _name_tree(tree)
    for page in reader.pages:
        for ref in _entry(page, "/Annots") or []:
            annot = ref.get_object()
            if _entry(annot, "/Subtype") == "/FileAttachment" and "/FS" in annot:
                name = _entry(annot["/FS"], "/UF") or _entry(annot["/FS"], "/F")
                yield str(name), dict.get(annot, "/FS")


def _name_tree(node: DictionaryObject) -> Iterator[tuple[str, Any]]:
    pairs = _entry(node, "/Names")
    if isinstance(pairs, ArrayObject):
        for index in range(0, len(pairs) - 1, 2):
            yield str(pairs[index]), list.__getitem__(pairs, index + 1)
    for kid in _entry(node, "/Kids") or []:
        yield from _name_tree(kid.get_object())
