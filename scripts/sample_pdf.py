"""Drawing helpers for the sample generator: a reportlab canvas with an embedded CJK font."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

CJK_FONT_FILES = [
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
]
CJK = "CJK"


def register_cjk_font() -> None:
    """Register a TrueType CJK font so that Chinese text is embedded (subset) in the PDF."""
    for path in CJK_FONT_FILES:
        if path.exists():
            pdfmetrics.registerFont(TTFont(CJK, str(path), subfontIndex=0))
            return
    raise SystemExit("no CJK TrueType font found: apt-get install fonts-wqy-zenhei")


class Page:
    """A thin wrapper over a reportlab canvas with top-down coordinates."""

    def __init__(self, path: Path, producer: str = "credit-dd sample generator") -> None:
        self.canvas = Canvas(str(path), pagesize=A4, invariant=1)
        self.canvas.setProducer(producer)
        self.width, self.height = A4
        self.font = CJK

    def text(self, x: float, y: float, s: str, size: float = 8.5, font: str | None = None) -> None:
        self.canvas.setFont(font or self.font, size)
        self.canvas.drawString(x, self.height - y, s)

    def right(self, x: float, y: float, s: str, size: float = 8.5, font: str | None = None) -> None:
        self.canvas.setFont(font or self.font, size)
        self.canvas.drawRightString(x, self.height - y, s)

    def center(self, x: float, y: float, s: str, size: float = 8.5, font: str | None = None) -> None:
        self.canvas.setFont(font or self.font, size)
        self.canvas.drawCentredString(x, self.height - y, s)

    def hline(self, x0: float, x1: float, y: float, width: float = 0.5) -> None:
        self.canvas.setLineWidth(width)
        self.canvas.line(x0, self.height - y, x1, self.height - y)

    def vline(self, x: float, y0: float, y1: float, width: float = 0.5) -> None:
        self.canvas.setLineWidth(width)
        self.canvas.line(x, self.height - y0, x, self.height - y1)

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        self.canvas.rect(x, self.height - y - h, w, h)

    def next_page(self) -> None:
        self.canvas.showPage()

    def save(self) -> None:
        self.canvas.save()


def money(value: float, decimals: int = 2, brackets: bool = False) -> str:
    """Printed amount: thousand separators, negatives as -x or (x), zero as '-'."""
    if round(value, decimals) == 0:
        return "-"
    text = f"{abs(value):,.{decimals}f}"
    if value < 0:
        return f"({text})" if brackets else f"-{text}"
    return text
