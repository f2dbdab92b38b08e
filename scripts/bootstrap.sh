#!/usr/bin/env bash
# Install everything credit-dd needs on a fresh Debian machine with Python 3.11:
# system packages (as root, when missing), then .venv from the committed lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages:
#   fonts-wqy-zenhei       CJK font: reports render Chinese (WeasyPrint) and samples embed it
#   libharfbuzz-subset0    fast font subsetting for WeasyPrint (else it warns and is slow)
#   libpango-1.0-0 ...     WeasyPrint's text layout
#   poppler-utils          pdftoppm, to look at a report as PNG
need=()
fc-list 2>/dev/null | grep -qi "WenQuanYi Zen Hei" || need+=(fonts-wqy-zenhei fontconfig)
ldconfig -p | grep -q "libharfbuzz-subset.so" || need+=(libharfbuzz-subset0)
ldconfig -p | grep -q "libpangoft2-1.0.so" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
#   poppler-data           CJK encodings for poppler: without it pdftoppm / pdftotext print
#                          "Missing language pack for 'Adobe-GB1'" on every Chinese page
[ -d /usr/share/poppler/cMap ] || need+=(poppler-data)
#   tesseract-ocr(-chi-sim, -chi-tra) reads scanned pages (Chinese and English) by OCR
#   (documents/ocr.py reads with eng+chi_sim and does no OCR without either; a page in traditional
#   characters, which chi_sim reads with little confidence, is read again with chi_tra)
langs=$(tesseract --list-langs 2>/dev/null || true)
{ grep -qx eng <<<"$langs" && grep -qx chi_sim <<<"$langs" && grep -qx chi_tra <<<"$langs"; } \
  || need+=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-chi-tra)
#   chromium               the integration tests look at the Prefect dashboard in a headless browser
command -v chromium >/dev/null || need+=(chromium)
#   postgresql-15          the scale-out test runs prefect server and the case store on PostgreSQL
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "bootstrap: installing system packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "bootstrap: please install these Debian packages first: ${need[*]}" >&2
    exit 1
  fi
fi

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3
[ -x .venv/bin/python ] || "$python" -m venv .venv
uv_version=$(sed -n 's/^uv==\([0-9.]*\).*/\1/p' requirements.lock)
# (pip's complaints about a find-links folder this machine's pip.conf names but lacks are dropped)
[ -x .venv/bin/uv ] || .venv/bin/python -m pip install -q --disable-pip-version-check "uv==${uv_version}" \
  2> >(grep -v "^WARNING: Location '.*' is ignored" >&2)
.venv/bin/uv pip sync -q --python .venv/bin/python --require-hashes requirements.lock
.venv/bin/uv pip install -q --python .venv/bin/python --no-deps -e .
# Bytecode for every installed module, once per lock file: without it (PYTHONDONTWRITEBYTECODE is
# set on these machines, and uv does not compile) every process compiles Prefect, pandas and the
# rest from source, about 2 s of each command's start and 15 s of the embedded API's.
compiled=".venv/.compiled-$(sha256sum requirements.lock | cut -c1-16)"
if [ ! -e "$compiled" ]; then
  .venv/bin/python -m compileall -q -j 0 .venv/lib/python3.11/site-packages >/dev/null 2>&1 || true
  touch "$compiled"
fi
