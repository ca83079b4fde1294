"""A real spreadsheet engine for the tests: LibreOffice Calc, headless (Debian's
``libreoffice-calc-nogui``, installed by ``setup.sh``).

openpyxl writes formulas without the values a spreadsheet program caches beside them, so a
workbook we export says nothing about its figures until some engine computes them. Here
LibreOffice opens it and saves it again: :func:`recalculate` as ``.xlsx`` (every formula's
value cached, read back with :func:`values`), :func:`displayed` as CSV "as shown" (the text
each cell displays under its number format, e.g. ``1.234.567,89``).

Every run gets its own profile in ``workdir`` (no shared state, nothing in ``$HOME``), written
before the run with two settings:

- ``/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode = 0`` ("always recalculate" on
  loading an Excel 2007+ file). LibreOffice's default keeps the cached values of a file that
  has them, so a stale cached value would survive the round trip; formulas without cached
  values are computed either way.
- ``/org.openoffice.Setup/L10N/ooSetupSystemLocale`` (the "locale setting" of Tools ▸ Options
  ▸ Language): it decides the separators of a number format without a locale of its own
  (``#,##0.00``) and would otherwise follow the machine's ``LANG``. Pinned to ``en-US`` by
  default, the hard case: there only a format carrying its own locale (``[$-421]#,##0.00``,
  0x421 = Indonesian) displays ``1.234.567,89``.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

#: Seconds one LibreOffice run may take (a cold start takes a few).
TIMEOUT = 120

#: The locale of number formats without one of their own (see the module docstring).
LOCALE = "en-US"

#: LibreOffice's CSV export options, by position: field separator 44 (','), text delimiter 34
#: ('"'), character set 76 (UTF-8), first line 1, cell formats (import only), language 0,
#: quoted fields as text false, detect special numbers true, **save cell contents as shown
#: true**, export formulas false, remove spaces false, **sheet -1: every sheet, each to
#: ``<name>-<sheet>.csv``** (LibreOffice ≥ 7.2).
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
  oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale"
  oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    found = shutil.which("soffice")
    assert found, "soffice is missing: run ./setup.sh (it installs Debian's libreoffice-calc-nogui)"
    return found


def _convert(source: Path, workdir: Path, target: str, outdir: Path, locale: str) -> str:
    """Open ``source`` in a fresh headless LibreOffice with our profile, save it in ``outdir``
    as ``target`` (a --convert-to argument); returns what LibreOffice printed."""
    assert source.is_file(), f"{source}: no such workbook"
    assert source.resolve().parent != outdir.resolve(), "the output would replace the source"
    user = workdir / "lo-profile" / "user"
    user.mkdir(parents=True, exist_ok=True)
    # Written before every run: LibreOffice rewrites this file when it exits.
    assert re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", locale), f"not a locale: {locale!r}"
    (user / "registrymodifications.xcu").write_text(
        _SETTINGS.format(locale=locale), encoding="utf-8"
    )
    outdir.mkdir(parents=True, exist_ok=True)
    command = [
        soffice(),
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation={(workdir / 'lo-profile').resolve().as_uri()}",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(source),
    ]
    # Its own session, so that a run that hangs is ended with every process it started.
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "HOME": str(workdir)},
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        raise AssertionError(
            f"LibreOffice took more than {TIMEOUT} s to convert {source.name}:\n{stderr}"
        ) from None
    assert process.returncode == 0, (
        f"LibreOffice failed ({process.returncode}) on {source.name}:\n{stdout}{stderr}"
    )
    return stdout + stderr


def recalculate(xlsx: Path, workdir: Path, *, locale: str = LOCALE) -> Path:
    """``xlsx`` opened by LibreOffice, every formula recalculated, and saved again as
    ``workdir/hitung/<name>.xlsx`` with the values cached; returns that copy."""
    outdir = workdir / "hitung"
    output = outdir / f"{xlsx.stem}.xlsx"
    output.unlink(missing_ok=True)
    log = _convert(xlsx, workdir, "xlsx", outdir, locale)
    assert output.is_file(), f"LibreOffice wrote no {output.name}:\n{log}"
    return output


def values(xlsx: Path) -> dict[str, dict[str, object]]:
    """Sheet → cell address → value of every non-empty cell, the cached values of formulas
    (of a :func:`recalculate`-d copy: the engine's results). Error values read as text
    (``"#DIV/0!"``); the cells a merge covers, beyond its first, are empty."""
    workbook = openpyxl.load_workbook(xlsx, data_only=True)
    try:
        return {
            sheet.title: {
                cell.coordinate: cell.value
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None
            }
            for sheet in workbook.worksheets
        }
    finally:
        workbook.close()


def displayed(xlsx: Path, workdir: Path, *, locale: str = LOCALE) -> dict[str, dict[str, str]]:
    """Sheet → cell address → the text each non-empty cell displays, formulas recalculated,
    under the cell's number format and LibreOffice's ``locale`` (formats with a locale of
    their own, ``[$-421]…``, use theirs)."""
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        sheets = list(workbook.sheetnames)
    finally:
        workbook.close()
    outdir = workdir / "tampil"
    shutil.rmtree(outdir, ignore_errors=True)
    log = _convert(xlsx, workdir, CSV_AS_SHOWN, outdir, locale)
    shown: dict[str, dict[str, str]] = {}
    for sheet in sheets:
        path = outdir / f"{xlsx.stem}-{sheet}.csv"
        assert path.is_file(), f"LibreOffice wrote no {path.name}:\n{log}"
        with path.open(encoding="utf-8", newline="") as stream:
            shown[sheet] = {
                f"{get_column_letter(column)}{row}": text
                for row, cells in enumerate(csv.reader(stream), start=1)
                for column, text in enumerate(cells, start=1)
                if text
            }
    return shown
