"""Scanned copies of generated documents: each page rendered to an image, made to look scanned, and
wrapped as an image-only PDF (no text layer), so that only OCR can read it.

    .venv/bin/python scripts/scans.py IN.pdf OUT.pdf [--seed 1] [--dpi 200]

The scan is grey, tilted by a fraction of a degree, blurred a little, speckled with noise and
saved as JPEG, as an office scanner does; a seed fixes all of it. The truth file beside the
input (``X.truth.json``) is copied beside the output unchanged: a scan holds the same figures.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageFilter


def _render(pdf: Path, folder: Path, dpi: int) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(folder / "page")], check=True)
    return sorted(folder.glob("page*.png"))


def _scanned(image: Image.Image, rng: random.Random, blur: float) -> Image.Image:
    """Grey, slightly tilted and blurred, with speckles, through JPEG: what a flatbed scan gives."""
    grey = image.convert("L").rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=255)
    grey = grey.filter(ImageFilter.GaussianBlur(blur or rng.uniform(0.3, 0.7)))
    pixels = grey.load()
    assert pixels is not None
    width, height = grey.size
    for _ in range(width * height // 2000):  # dust and toner specks
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((0, 90, 180))
    buffer = io.BytesIO()
    grey.save(buffer, "JPEG", quality=rng.randint(60, 85))
    return Image.open(io.BytesIO(buffer.getvalue()))


def scan_pdf(source: Path, target: Path, seed: int = 1, dpi: int = 200, blur: float = 0.0) -> Path:
    """Write an image-only scan of ``source`` to ``target`` (which may be the same file); return it.
    ``blur`` (pixels) makes a scan out of focus: 9 leaves nothing legible."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="scan-") as folder:
        pages = [_scanned(Image.open(p), rng, blur) for p in _render(source, Path(folder), dpi)]
        pages[0].save(target, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    truth = source.with_suffix(".truth.json")
    if truth.exists() and source != target:
        shutil.copyfile(truth, target.with_suffix(".truth.json"))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--blur", type=float, default=0.0, help="out of focus by this many pixels")
    args = parser.parse_args()
    scan_pdf(args.source, args.target, args.seed, args.dpi, args.blur)


if __name__ == "__main__":
    main()
