"""Small inline SVG charts for the report: no plotting library, print-sharp, text escaped.

Every chart is built from numbers and escaped labels only, so it is safe to embed in the
autoescaped template as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from credit_dd.policy.formats import Lang

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 70, 30, 26
INFLOW, OUTFLOW, LINE = "#2f6f9f", "#c8553d", "#0b3a66"


def _scale(values: list[float]) -> tuple[float, float]:
    low, high = min(values + [0.0]), max(values + [0.0])
    return (low, high) if high > low else (low - 1, high + 1)


def _y(value: float, low: float, high: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - low) / (high - low))


Tick = Callable[[float], str]


def _axis(low: float, high: float, tick: Tick) -> str:
    ticks = [low + (high - low) * i / 4 for i in range(5)]
    lines = [
        f'<line x1="{LEFT}" x2="{WIDTH - 10}" y1="{_y(t, low, high):.1f}" y2="{_y(t, low, high):.1f}" stroke="#d5dbe3" stroke-width="0.6"/>'
        f'<text x="{LEFT - 6}" y="{_y(t, low, high) + 3:.1f}" text-anchor="end" font-size="9">{escape(tick(t))}</text>'
        for t in ticks
    ]
    return "".join(lines)


def short_amount(lang: Lang) -> Tick:
    """Axis ticks of amounts in the reader's way: 890万 / 1.2亿, or 8.9M / 120K."""

    def zh(value: float) -> str:
        size = abs(value)
        if size >= 1e8:
            return f"{value / 1e8:.1f}亿"
        if size >= 1e4:
            return f"{value / 1e4:,.0f}万"
        return f"{value:,.2f}" if size < 10 else f"{value:,.0f}"

    def en(value: float) -> str:
        size = abs(value)
        if size >= 1e6:
            return f"{value / 1e6:,.1f}M"
        if size >= 1e3:
            return f"{value / 1e3:,.0f}K"
        return f"{value:,.2f}" if size < 10 else f"{value:,.0f}"

    return zh if lang == "zh" else en


def _frame(title: str, body: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-label="{escape(title)}" font-family="WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def flows_chart(
    months: list[str], inflows: list[float], outflows: list[float], title: str, legend: tuple[str, str], tick: Tick
) -> Markup:
    """Grouped bars of monthly inflows and outflows, ``legend`` naming the two."""
    low, high = _scale(inflows + outflows)
    slot = (WIDTH - LEFT - 10) / max(len(months), 1)
    bars = []
    for i, (month, a, b) in enumerate(zip(months, inflows, outflows, strict=True)):
        x = LEFT + i * slot + slot * 0.1
        for j, (value, colour) in enumerate(((a, INFLOW), (b, OUTFLOW))):
            top, base = _y(max(value, 0), low, high), _y(0, low, high)
            bars.append(
                f'<rect x="{x + j * slot * 0.4:.1f}" y="{top:.1f}" width="{slot * 0.38:.1f}" height="{max(base - top, 0.5):.1f}" fill="{colour}"/>'
            )
        bars.append(
            f'<text x="{x + slot * 0.4:.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="8">{escape(month[2:])}</text>'
        )
    key = (
        f'<rect x="{LEFT}" y="2" width="9" height="9" fill="{INFLOW}"/>'
        f'<text x="{LEFT + 13}" y="10" font-size="9">{escape(legend[0])}</text>'
        f'<rect x="{LEFT + 90}" y="2" width="9" height="9" fill="{OUTFLOW}"/>'
        f'<text x="{LEFT + 103}" y="10" font-size="9">{escape(legend[1])}</text>'
    )
    return _frame(title, _axis(low, high, tick) + "".join(bars) + key)


def line_chart(labels: list[str], values: list[float], title: str, tick: Tick) -> Markup:
    """One series over time (a balance, or a ratio across periods), ``tick`` writing the axis."""
    if not values:
        return Markup("")
    low, high = _scale(values)
    step = (WIDTH - LEFT - 20) / max(len(values) - 1, 1)
    points = [(LEFT + 5 + i * step, _y(v, low, high)) for i, v in enumerate(values)]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))
    marks = (
        "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{LINE}"/>' for x, y in points)
        if len(points) <= 24
        else ""
    )
    every = max(len(labels) // 8, 1)
    ticks = "".join(
        f'<text x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="{"end" if x > WIDTH - 40 else "middle"}" font-size="8">{escape(label)}</text>'
        for i, ((x, _y_), label) in enumerate(zip(points, labels, strict=True))
        if i % every == 0
    )
    return _frame(
        title,
        _axis(low, high, tick) + f'<path d="{path}" fill="none" stroke="{LINE}" stroke-width="1.6"/>' + marks + ticks,
    )
