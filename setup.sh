#!/usr/bin/env bash
# Set up renstra-docs on a fresh Debian/Ubuntu machine (safe to run again), then build the
# sample Renstra into output/. Usage: ./setup.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")"

# System libraries WeasyPrint renders with, and the tools the tests use.
# pango/harfbuzz/fontconfig: the renderer; libharfbuzz-subset0: font subsetting;
# faketime: the identical-output test; poppler-utils: pdftoppm and pdftotext; qpdf: the
# structural check every output must pass (qpdf --check); libreoffice-calc-nogui: a real
# spreadsheet engine (headless soffice) the tests recalculate exported workbooks with, to show
# that their formulas give the PDF's figures (tests/lembar_kerja.py).
APT_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
              faketime poppler-utils qpdf python3-venv libreoffice-calc-nogui)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Memasang paket sistem: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "Membuat lingkungan Python .venv" >&2
  "$PYTHON" -m venv .venv
fi
# Reinstall only when the pinned requirements or project metadata changed.
stamp=.venv/.renstra-setup
want=$(cat constraints.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Memasang renstra-docs dan dependensinya (versi terkunci)" >&2
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[dev]"
  echo "$want" > "$stamp"
fi

if [ "${1:-}" != "--no-build" ]; then
  .venv/bin/renstra cetak
fi
