"""The rendering stack: the versions that make identical data give identical PDF bytes.

Python packages are pinned in constraints.txt; the system libraries that render (Pango,
HarfBuzz, fontconfig) cannot be pinned by pip, so the versions the project was verified
with are recorded in ``stack.json`` and a build reports any difference.
"""

from __future__ import annotations

import ctypes
import json
from functools import cache
from importlib import metadata
from pathlib import Path

RECORD = Path(__file__).with_name("stack.json")

PACKAGES = (
    "weasyprint", "pydyf", "pypdf", "fonttools", "pillow", "tinycss2", "cssselect2",
    "tinyhtml5", "pyphen", "brotli", "zopfli",
)  # fmt: skip


def _library_version(soname: str, symbol: str) -> str:
    try:
        lib = ctypes.CDLL(soname)
    except OSError:
        return "tidak ada"
    if symbol == "hb_version_string":
        lib.hb_version_string.restype = ctypes.c_char_p
        return str(lib.hb_version_string().decode())
    number = int(getattr(lib, symbol)())
    major, rest = divmod(number, 10000)
    minor, micro = divmod(rest, 100)
    return f"{major}.{minor}.{micro}"


@cache
def machine_stack() -> dict[str, str]:
    """Versions found on this machine."""
    versions = {name: metadata.version(name) for name in PACKAGES}
    versions["pango"] = _library_version("libpango-1.0.so.0", "pango_version")
    versions["harfbuzz"] = _library_version("libharfbuzz.so.0", "hb_version_string")
    versions["fontconfig"] = _library_version("libfontconfig.so.1", "FcGetVersion")
    return versions


@cache
def mismatches() -> tuple[str, ...]:
    """One Indonesian line per component whose version differs from the record."""
    recorded: dict[str, str] = json.loads(RECORD.read_text(encoding="utf-8"))
    found = machine_stack()
    return tuple(
        f"{name} {found.get(name, 'tidak ada')} berbeda dari versi tercatat {version}:"
        " PDF mungkin tidak identik bita demi bita"
        for name, version in sorted(recorded.items())
        if found.get(name) != version
    )
