"""Charts drawn on the server as SVG (no script, no CDN); each page also shows the figures as a table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from markupsafe import Markup

BAR = "#256ef4"
TEXT = "#1e2124"
GRID = "#d6e0eb"


def _svg(chart_id: str, title: str, width: int, height: int, body: list[str]) -> Markup:
    # role="img" with a <title> gives screen readers the chart's name; the table next to it gives the figures.
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title" focusable="false">'
        f'<title id="{chart_id}-title">{escape(title)}</title>{"".join(body)}</svg>'
    )


def bar_chart(
    chart_id: str,
    title: str,
    data: Sequence[tuple[str, int | float]],
    fmt: Callable[[int | float], str] = lambda v: f"{v:,}",
    width: int = 640,
) -> Markup:
    """Horizontal bars, one per (label, value): reads well on a phone, whatever the labels' length."""
    row, label_w, pad = 30, 170, 8
    height = max(len(data), 1) * row + 2 * pad
    top = max((value for _label, value in data), default=0) or 1
    plot = width - label_w - 110
    body = []
    for i, (label, value) in enumerate(data):
        y = pad + i * row
        bar = max(int(plot * value / top), 1 if value else 0)
        body.append(
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" font-size="14" fill="{TEXT}">'
            f"{escape(str(label))[:22]}</text>"
            f'<rect x="{label_w}" y="{y + 5}" width="{bar}" height="{row - 10}" fill="{BAR}"/>'
            f'<text x="{label_w + bar + 6}" y="{y + 19}" font-size="14" fill="{TEXT}">'
            f"{escape(fmt(value))}</text>"
        )
    return _svg(chart_id, title, width, height, body)


def column_chart(
    chart_id: str, title: str, data: Sequence[tuple[str, int]], width: int = 640, height: int = 240
) -> Markup:
    """Vertical columns over time (claims per day); only every few labels are written, so none overlap."""
    left, bottom, top_pad = 48, 40, 12
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    top = max((value for _label, value in data), default=0) or 1
    n = max(len(data), 1)
    step = plot_w / n
    every = max(1, round(n / 8))
    axis = top_pad + plot_h
    small = f'text-anchor="end" font-size="12" fill="{TEXT}"'
    body = [
        f'<line x1="{left}" y1="{axis}" x2="{width - 8}" y2="{axis}" stroke="{GRID}"/>',
        f'<text x="{left - 6}" y="{top_pad + 10}" {small}>{top:,}</text>',
        f'<text x="{left - 6}" y="{axis}" {small}>0</text>',
    ]
    for i, (label, value) in enumerate(data):
        h = plot_h * value / top
        x = left + i * step
        body.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{top_pad + plot_h - h:.1f}" width="{step * 0.8:.1f}" '
            f'height="{h:.1f}" fill="{BAR}"/>'
        )
        if i % every == 0:
            body.append(
                f'<text x="{x + step / 2:.1f}" y="{height - 20}" text-anchor="middle" font-size="12" '
                f'fill="{TEXT}">{escape(str(label)[5:])}</text>'
            )
    return _svg(chart_id, title, width, height, body)
