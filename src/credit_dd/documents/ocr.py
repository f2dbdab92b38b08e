"""OCR of scanned pages with Tesseract (``chi_sim`` + ``eng``), when it is installed.

OCR output is lower-confidence evidence: words read this way are marked, and every value
extracted from them carries ``ocr=True`` so the report can say so.

Why Tesseract, and how it is run (measured on image-only renderings of generated Chinese and
English statements and bank statements, ``benchmarks/bank_shapes.py --scanned`` and
``benchmarks/accuracy.py --scans``; the numbers are in the commit that chose it):

- a 3×3 median filter first: a scanner's specks become stray "figures" otherwise (93% of the
  printed figures read exactly without it, 99.5% with it);
- ``--psm 6`` (one block of text: a table's row is one line), and Tesseract's own line
  numbers, not the words' heights, make the lines: a page tilted by half a degree drifts five
  points across a table, which would split a row;
- one thread (``OMP_THREAD_LIMIT=1``): documents are read in parallel already, and a page must
  never hold more than its share of the machine;
- a time limit from the caller (what is left of the document's own limit), so OCR is bounded
  like any other reading.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageFilter

from credit_dd.errors import DocumentTimeLimitError

OCR_RESOLUTION = 300
OCR_LANGUAGES = "eng+chi_sim"
OCR_TIMEOUT_SECONDS = 120.0
READABLE_CONFIDENCE = 30.0  # Tesseract's mean confidence (0-100, by character) below which a page is noise
READABLE_CHARACTERS = 8


@dataclass(frozen=True)
class OcrWord:
    """One word Tesseract read: its text, box (image pixels; ``top`` is its line's), confidence 0-100."""

    text: str
    x0: float
    x1: float
    top: float
    confidence: float


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


def _run_tesseract(png: Path, languages: str, seconds: float) -> str:
    """Tesseract's TSV for one image, on one thread, stopped after ``seconds``.

    Raises:
        DocumentTimeLimitError: the page took longer than the time left for its document.
    """
    command = ["tesseract", str(png), "-", "-l", languages, "--psm", "6", "tsv"]
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=seconds,
            check=False,
            env=dict(os.environ, OMP_THREAD_LIMIT="1"),
        )
    except subprocess.TimeoutExpired:
        raise DocumentTimeLimitError(f"OCR of a scanned page took over {seconds:.0f} s and was stopped") from None
    return result.stdout


Row = dict[str, str]


def _lines(tsv: str) -> list[list[Row]]:
    """Tesseract's words (TSV rows of level 5) grouped by the line it put them in."""
    rows = [
        row
        for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
        if row.get("level") == "5" and (row.get("text") or "").strip() and float(row.get("conf") or -1) >= 0
    ]
    lines: dict[tuple[str, str, str], list[Row]] = {}
    for row in rows:
        lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    return list(lines.values())


def _words(lines: list[list[Row]]) -> list[OcrWord]:
    """Words of Tesseract's lines, each set at the top of the line Tesseract put it in, Chinese words
    of a line rejoined (``chi_sim`` spaces them: 合并 资产 负债 表)."""
    out: list[OcrWord] = []
    for line in lines:
        top = min(float(row["top"]) for row in line)
        words = [
            OcrWord(r["text"].strip(), float(r["left"]), float(r["left"]) + float(r["width"]), top, float(r["conf"]))
            for r in line
        ]
        out += _rejoined(words)
    return out


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_CHINESE_OR_DIGITS = re.compile(r"[\d\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
_MINUS = frozenset({"-", "－", "—", "–", "−"})


def _rejoined(words: list[OcrWord]) -> list[OcrWord]:
    """Words of one line with the spaces OCR put inside them taken out: between two Chinese characters,
    between Chinese and bare digits (a date), and between a minus sign and its figure, where the gap is
    narrower than a character."""
    out: list[OcrWord] = []
    for word in words:
        last = out[-1] if out else None
        if last is not None and _glued(last, word):
            confidence = (last.confidence * len(last.text) + word.confidence * len(word.text)) / (
                len(last.text) + len(word.text)
            )
            out[-1] = OcrWord(last.text + word.text, last.x0, word.x1, last.top, confidence)
        else:
            out.append(word)
    return out


def _glued(left: OcrWord, right: OcrWord) -> bool:
    width = (left.x1 - left.x0) / max(1, len(left.text))  # one character of the left word
    if right.x0 - left.x1 > 1.5 * max(width, 8.0):
        return False
    if left.text in _MINUS and right.text[:1].isdigit():
        return True
    # 合并 资产 → 合并资产; 2024 年 04 月 → 2024年04月 (a date); never a figure with separators
    if not (_CHINESE_OR_DIGITS.fullmatch(left.text) and _CHINESE_OR_DIGITS.fullmatch(right.text)):
        return False
    return bool(_CJK.match(left.text[-1]) or _CJK.match(right.text[0]))


def ocr_image_words(image: Any, languages: str = OCR_LANGUAGES, seconds: float = OCR_TIMEOUT_SECONDS) -> list[OcrWord]:
    """Every word Tesseract reads in a PIL image (image pixels), within ``seconds``.

    Raises:
        DocumentTimeLimitError: the page took longer than ``seconds``.
    """
    # A scanner's specks are not text. Colour is kept: Tesseract's own thresholding separates coloured
    # rules from the rows between them better than a grey copy (a bank's rows between red lines were lost).
    colour = image if image.mode in ("RGB", "L") else image.convert("RGB")
    clean = colour.filter(ImageFilter.MedianFilter(3))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="credit-dd-ocr-") as folder:
        png = Path(folder) / "page.png"
        clean.save(png)
        lines = _lines(_run_tesseract(png, languages, max(1.0, min(seconds, OCR_TIMEOUT_SECONDS))))
        if "chi_sim" not in languages.split("+"):
            return _words(lines)
        chinese = "chi_sim"
        left = seconds - (time.monotonic() - started)
        if "chi_tra" in tesseract_languages() and left > 2.0:
            lines, chinese = _traditional_if_better(png, languages, lines, left)
        left = seconds - (time.monotonic() - started)
        if left > 2.0:
            lines = _reread_chinese(clean, lines, Path(folder), left, chinese)
        return _words(lines)


_CHINESE_PAGE = 20  # Chinese characters on a page before its reading is doubted
# A page in traditional characters (Taiwan, Hong Kong) read with the simplified model comes back with
# a low confidence on its Chinese (about 78 on 100 where a simplified page reads 88-93, measured on
# generated scans); the traditional model then reads it at 93. Only such a page is read twice.
TRADITIONAL_DOUBT = 85.0
TRADITIONAL_MARGIN = 5.0
# On a Chinese page the combined model reads some headings as Latin letters (合并利润表 → "AFAR AS ACH",
# 期末余额 → "WARM", 三、利润总额 → "=. ABER"): runs of words of letters and stray marks only.
_LATIN_GARBLE = re.compile(r"[A-Za-z=.:;'\"|_~\-]+")
_PAD = 6  # pixels around each doubted run when it is read again


def _chinese_characters(lines: list[list[Row]]) -> int:
    return sum(len(_CJK.findall(row["text"])) for line in lines for row in line)


def _chinese_confidence(lines: list[list[Row]]) -> tuple[float, int]:
    """Tesseract's mean confidence over the Chinese words of a page, and how many characters they hold."""
    words = [(row["text"], float(row["conf"])) for line in lines for row in line if _CJK.search(row["text"])]
    count = sum(len(text) for text, _ in words)
    return (sum(conf * len(text) for text, conf in words) / count if count else 0.0), count


def _traditional_if_better(
    png: Path, languages: str, lines: list[list[Row]], seconds: float
) -> tuple[list[list[Row]], str]:
    """The page read with the traditional-character model instead, when the simplified one doubted its
    Chinese and the traditional one reads as much of it with clearly more confidence."""
    confidence, count = _chinese_confidence(lines)
    if count < _CHINESE_PAGE or confidence >= TRADITIONAL_DOUBT:
        return lines, "chi_sim"
    try:
        other = _lines(_run_tesseract(png, languages.replace("chi_sim", "chi_tra"), seconds))
    except DocumentTimeLimitError:
        return lines, "chi_sim"
    other_confidence, other_count = _chinese_confidence(other)
    if other_confidence >= confidence + TRADITIONAL_MARGIN and other_count >= 0.9 * count:
        return other, "chi_tra"
    return lines, "chi_sim"


def _garbled_runs(line: list[Row]) -> list[tuple[int, int]]:
    """The [start, end) runs of a line's words that are Latin letters and marks only (with a letter)."""
    runs, start = [], None
    for index, row in enumerate([*line, {"text": "0"}]):
        garbled = bool(_LATIN_GARBLE.fullmatch(row["text"].strip()))
        if garbled and start is None:
            start = index
        elif not garbled and start is not None:
            if any(ch.isalpha() for r in line[start:index] for ch in r["text"]):
                runs.append((start, index))
            start = None
    return runs


def _reread_chinese(
    image: Any, lines: list[list[Row]], folder: Path, seconds: float, chinese: str = "chi_sim"
) -> list[list[Row]]:
    """Read again, with the page's Chinese model alone, the Latin-only runs of a Chinese page: all of them
    stacked into one image, one Tesseract call. A run is replaced only by Chinese text; a run the
    Chinese model cannot read either, or a page out of time, keeps its first reading."""
    if _chinese_characters(lines) < _CHINESE_PAGE:
        return lines
    boxes = []  # (line index, run, crop box)
    for number, line in enumerate(lines):
        for start, end in _garbled_runs(line):
            run = line[start:end]
            x0 = min(int(r["left"]) for r in run) - _PAD
            y0 = min(int(r["top"]) for r in run) - _PAD
            x1 = max(int(r["left"]) + int(r["width"]) for r in run) + _PAD
            y1 = max(int(r["top"]) + int(r["height"]) for r in run) + _PAD
            boxes.append((number, (start, end), (max(0, x0), max(0, y0), min(image.width, x1), min(image.height, y1))))
    if not boxes:
        return lines
    width = max(box[2] - box[0] for _, _, box in boxes)
    offsets, y = [], 0
    for _, _, box in boxes:
        offsets.append(y)
        y += box[3] - box[1] + 2 * _PAD
    stacked = Image.new("RGB", (width, y), "white")
    for (_, _, box), offset in zip(boxes, offsets, strict=True):
        stacked.paste(image.crop(box), (0, offset))
    png = folder / "doubted.png"
    stacked.save(png)
    try:
        again = [row for line in _lines(_run_tesseract(png, chinese, seconds)) for row in line]
    except DocumentTimeLimitError:
        return lines
    replaced = [list(line) for line in lines]
    for (number, (start, end), box), offset in sorted(
        zip(boxes, offsets, strict=True), key=lambda pair: (pair[0][0], -pair[0][1][0])
    ):
        height = box[3] - box[1]
        inside = [r for r in again if offset <= int(r["top"]) + int(r["height"]) / 2 < offset + height]
        if not any(_CJK.search(r["text"]) for r in inside):
            continue
        top = lines[number][start]["top"]
        moved = [
            r | {"left": str(int(r["left"]) + box[0]), "top": top} for r in sorted(inside, key=lambda r: int(r["left"]))
        ]
        replaced[number][start:end] = moved
    return replaced


def readable(words: list[OcrWord]) -> bool:
    """Whether OCR found text on the page rather than noise: enough characters, read with some confidence."""
    if sum(len(w.text) for w in words) < READABLE_CHARACTERS:
        return False
    return sum(w.confidence * len(w.text) for w in words) / sum(len(w.text) for w in words) >= READABLE_CONFIDENCE
