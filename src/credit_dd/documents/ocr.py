"""OCR of scanned pages with Tesseract (``chi_sim`` + ``eng``), when it is installed.

OCR output is lower-confidence evidence: words read this way are marked, and every value
extracted from them carries ``ocr=True`` so the report can say so.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

OCR_RESOLUTION = 300
OCR_LANGUAGES = "eng+chi_sim"
OCR_TIMEOUT_SECONDS = 120


@lru_cache(maxsize=4)
def tesseract_languages() -> frozenset[str]:
    """Languages the installed Tesseract can read (empty when Tesseract is absent)."""
    binary = shutil.which("tesseract")
    if binary is None:
        return frozenset()
    try:
        result = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in result.stdout.splitlines()[1:] if line.strip())


def ocr_available(languages: str = OCR_LANGUAGES) -> bool:
    """True when Tesseract is installed with every language asked for."""
    return set(languages.split("+")) <= tesseract_languages()


def ocr_image_words(image: Any, languages: str = OCR_LANGUAGES) -> list[tuple[str, float, float, float]]:
    """(text, x0, x1, top) of every word Tesseract reads in a PIL image, in image pixels."""
    with tempfile.TemporaryDirectory(prefix="credit-dd-ocr-") as folder:
        png = Path(folder) / "page.png"
        image.save(png)
        result = subprocess.run(
            ["tesseract", str(png), "-", "-l", languages, "--psm", "6", "tsv"],
            capture_output=True,
            text=True,
            timeout=OCR_TIMEOUT_SECONDS,
            check=False,
        )
    words = []
    for row in csv.DictReader(io.StringIO(result.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") == "5" and text and float(row.get("conf") or -1) >= 0:
            left, width, top = float(row["left"]), float(row["width"]), float(row["top"])
            words.append((text, left, left + width, top))
    return words
