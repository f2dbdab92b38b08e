"""Parsing speed and peak memory against the plain pdfplumber floor, on an N-page report.

    .venv/bin/python benchmarks/parse_benchmark.py [--pages 300]

Each measurement runs in its own process so that peak RSS (ru_maxrss) is that step's alone.
Prints a table and writes benchmarks/results/parse.json.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

FLOOR = """
import resource, sys, time, pdfplumber
start = time.perf_counter()
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_text()
        page.close()
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
PIPELINE = """
import resource, sys, time
from pathlib import Path
from credit_dd.documents.files import read_document
start = time.perf_counter()
doc = read_document(Path(sys.argv[1]), "report.pdf")
assert doc.pages == int(sys.argv[2]), doc.issues
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def make_report(path: Path, pages: int) -> None:
    """A long annual-report-like PDF: every page a ruled table of Chinese labels and amounts."""
    from sample_pdf import Page, money, register_cjk_font

    register_cjk_font()
    rng = random.Random(7)
    page = Page(path)
    labels = [
        "货币资金",
        "应收账款",
        "预付款项",
        "其他应收款",
        "存货",
        "固定资产",
        "在建工程",
        "短期借款",
        "应付账款",
        "合同负债",
    ]
    for number in range(1, pages + 1):
        page.text(60, 50, f"东北示例股份有限公司 2025 年年度报告 第 {number} 页", 9)
        page.right(535, 70, "单位：元", 8)
        for row in range(45):
            y = 90 + row * 15
            page.text(60, y, f"{labels[row % len(labels)]}（附注{row % 9 + 1}）", 8)
            page.right(430, y, money(rng.uniform(-1e7, 1e8)), 8)
            page.right(535, y, money(rng.uniform(-1e7, 1e8)), 8)
            page.hline(60, 535, y + 4, 0.3)
        page.next_page()
    page.save()


def measure(code: str, *args: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    return float(out[0]), float(out[1]) / 1024  # seconds, MiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.pdf"
        started = time.perf_counter()
        make_report(report, args.pages)
        print(f"generated {args.pages} pages in {time.perf_counter() - started:.1f} s")
        floor_s, floor_mb = measure(FLOOR, str(report))
        pipe_s, pipe_mb = measure(PIPELINE, str(report), str(args.pages))
    rows = {
        "pdfplumber_floor": {
            "seconds": round(floor_s, 2),
            "pages_per_s": round(args.pages / floor_s, 1),
            "peak_mib": round(floor_mb),
        },
        "credit_dd_read_document": {
            "seconds": round(pipe_s, 2),
            "pages_per_s": round(args.pages / pipe_s, 1),
            "peak_mib": round(pipe_mb),
        },
    }
    print(f"{'step':28} {'seconds':>8} {'pages/s':>8} {'peak MiB':>9}")
    for name, row in rows.items():
        print(f"{name:28} {row['seconds']:8.2f} {row['pages_per_s']:8.1f} {row['peak_mib']:9d}")
    print(f"ratio pipeline / floor: {pipe_s / floor_s:.2f}x")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "parse.json").write_text(
        json.dumps({"pages": args.pages, **rows, "ratio": round(pipe_s / floor_s, 2)}, indent=2)
    )


if __name__ == "__main__":
    main()
