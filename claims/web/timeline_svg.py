"""The outage timeline drawn on the server as an accessible SVG (pure: plain data in, markup out).

No scripts and no style attributes (the CSP forbids inline styles): colours are presentation attributes,
and the full/partial difference is also a pattern, so it does not depend on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from markupsafe import Markup

from claims.rules.instants import KST

WIDTH = 800
LABEL_WIDTH = 200
RIGHT_PAD = 16
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 40
FULL_FILL = "#bd2c0f"
PARTIAL_FILL = "url(#tl-partial)"


@dataclass(frozen=True)
class Bar:
    start: datetime
    end: datetime
    level: str  # "full" or "partial"
    label: str  # what a screen reader or a tooltip says about this window


@dataclass(frozen=True)
class TimelineRow:
    name: str
    bars: tuple[Bar, ...]


def _x(moment: datetime, start: datetime, end: datetime) -> float:
    span = (end - start).total_seconds() or 1
    share = (moment - start).total_seconds() / span
    return round(LABEL_WIDTH + share * (WIDTH - LABEL_WIDTH - RIGHT_PAD), 1)


def _midnights(start: datetime, end: datetime) -> list[datetime]:
    local = start.astimezone(KST)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    days = []
    while day < end:
        days.append(day)
        day += timedelta(days=1)
    return days


def timeline_svg(rows: list[TimelineRow], title: str, description: str, legend: tuple[str, str]) -> Markup:
    """The SVG for these rows; the axis runs from the earliest start to the latest end (KST day ticks)."""
    bars = [bar for row in rows for bar in row.bars]
    if not bars:
        return Markup("")
    start = min(bar.start for bar in bars)
    end = max(bar.end for bar in bars)
    height = TOP + ROW_HEIGHT * len(rows) + 36
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-labelledby="tl-title tl-desc" class="timeline-svg" '
        'font-family="Pretendard GOV, sans-serif" font-size="13">',
        f'<title id="tl-title">{escape(title)}</title>',
        f'<desc id="tl-desc">{escape(description)}</desc>',
        '<defs><pattern id="tl-partial" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f6c4b8"/>'
        '<rect width="2.5" height="6" fill="#bd2c0f"/></pattern></defs>',
    ]
    bottom = TOP + ROW_HEIGHT * len(rows)
    for day in _midnights(start, end):
        x = _x(day, start, end)
        out.append(
            f'<line x1="{x}" y1="{TOP - 8}" x2="{x}" y2="{bottom}" stroke="#8a949e" stroke-width="1"/>'
        )
        out.append(f'<text x="{x + 3}" y="{TOP - 14}" fill="#1e2124">{day:%m-%d}</text>')
    for number, row in enumerate(rows):
        y = TOP + number * ROW_HEIGHT
        if number % 2 == 0:
            out.append(f'<rect x="0" y="{y}" width="{WIDTH}" height="{ROW_HEIGHT}" fill="#f4f5f6"/>')
        out.append(f'<text x="6" y="{y + ROW_HEIGHT / 2 + 5}" fill="#1e2124">{escape(row.name)}</text>')
        for bar in row.bars:
            x1, x2 = _x(bar.start, start, end), _x(bar.end, start, end)
            fill = FULL_FILL if bar.level == "full" else PARTIAL_FILL
            top = y + (ROW_HEIGHT - BAR_HEIGHT) / 2
            out.append(
                f'<rect x="{x1}" y="{top}" width="{max(x2 - x1, 1.5):.1f}" height="{BAR_HEIGHT}" '
                f'fill="{fill}" '
                f'stroke="#8f1f0a" stroke-width="0.5"><title>{escape(bar.label)}</title></rect>'
            )
    legend_y = bottom + 20
    out.append(f'<rect x="{LABEL_WIDTH}" y="{legend_y - 11}" width="24" height="14" fill="{FULL_FILL}"/>')
    out.append(f'<text x="{LABEL_WIDTH + 30}" y="{legend_y}" fill="#1e2124">{escape(legend[0])}</text>')
    out.append(
        f'<rect x="{LABEL_WIDTH + 200}" y="{legend_y - 11}" width="24" height="14" fill="{PARTIAL_FILL}"/>'
    )
    out.append(f'<text x="{LABEL_WIDTH + 230}" y="{legend_y}" fill="#1e2124">{escape(legend[1])}</text>')
    out.append("</svg>")
    return Markup("".join(out))
