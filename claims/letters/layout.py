"""A small page-flow engine: lays text, rules and boxes out into pages of drawing operations, then draws them.

Laying out first and drawing afterwards means the page count is known before anything is drawn, so every
page can say "1 / 2" without rendering twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .fonts import BOLD, REGULAR, text_width, wrap
from .qr_code import qr_path

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
MARGIN = 20 * mm
LEFT, RIGHT = MARGIN, PAGE_W - MARGIN
CONTENT_W = RIGHT - LEFT
BOTTOM = MARGIN

NAVY = HexColor("#12325B")
INK = HexColor("#1B1F24")
GREY = HexColor("#5B6573")
RULE = HexColor("#C5CED9")
TINT = HexColor("#EEF3F9")
HEAD_FILL = HexColor("#E2E9F2")
WHITE = HexColor("#FFFFFF")

# Drawing operations, kept as plain tuples so that laying out costs little:
#   ("t", font, size, color, x, y, text)        text with its baseline at y
#   ("s", font, size, color, x, y, text)        the same, for the letter's fixed wording (LetterFont.prime)
#   ("r", x, y, w, h, color)                    filled rectangle, lower left at x, y
#   ("l", x1, y1, x2, y2, width, color)         line
#   ("q", x, y, size, matrix)                   QR code
#   ("w", font, text)                           a light diagonal watermark across the page (previews)
Op = tuple


@dataclass(frozen=True, slots=True)
class Style:
    """A text style: font, size, leading and colour."""

    font: str
    size: float
    leading: float
    color: Color

    @property
    def ascent(self) -> float:
        """Distance from the top of a line box to its baseline."""
        return (self.leading - self.size) / 2 + self.size * 0.86


BODY = Style(REGULAR, 9.5, 13.5, INK)
BODY_BOLD = Style(BOLD, 9.5, 13.5, INK)
LEAD = Style(BOLD, 10.5, 16, INK)
SMALL = Style(REGULAR, 8.5, 12, GREY)
TITLE = Style(BOLD, 15, 20, NAVY)
HEADING = Style(BOLD, 10.5, 15, NAVY)
CELL = Style(REGULAR, 8.5, 11.5, INK)
CELL_BOLD = Style(BOLD, 8.5, 11.5, INK)
CELL_MUTED = Style(REGULAR, 8, 11, GREY)
CELL_HEAD = Style(BOLD, 8, 11, NAVY)


def text_op(style: Style, x: float, y: float, text: str, align: str = "left", static: bool = False) -> Op:
    """A text operation with its baseline at y; align 'right' puts the text's right edge at x.

    static marks the letter's fixed wording (from TEXTS, never the claimant's data).
    """
    if align == "right":
        x -= text_width(text, style.font, style.size)
    elif align == "center":
        x -= text_width(text, style.font, style.size) / 2
    return ("s" if static else "t", style.font, style.size, style.color, x, y, text)


@dataclass
class Flow:
    """Places content from the top of a page downwards and starts a new page when it runs out of room."""

    first_top: float
    next_top: float
    bottom: float = BOTTOM
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    on_new_page: Callable[[Flow], None] | None = None

    def __post_init__(self) -> None:
        self.y = self.first_top

    @property
    def ops(self) -> list[Op]:
        return self.pages[-1]

    @property
    def room(self) -> float:
        return self.y - self.bottom

    @property
    def page_capacity(self) -> float:
        return self.next_top - self.bottom

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.next_top
        if self.on_new_page is not None:
            self.on_new_page(self)

    def ensure(self, height: float) -> None:
        """Start a new page unless height fits below the cursor (and could fit on a fresh page)."""
        if height > self.room and self.y < self.next_top:
            self.new_page()

    def space(self, height: float) -> None:
        """Vertical space; swallowed at the top of a page."""
        if self.y < self.next_top:
            self.y -= min(height, self.room)

    def paragraph(self, text: str, style: Style, static: bool = False) -> None:
        """Wrapped text that may split across pages between lines."""
        kind = "s" if static else "t"
        for line in wrap(text, style.font, style.size, CONTENT_W):
            self.ensure(style.leading)
            self.ops.append((kind, style.font, style.size, style.color, LEFT, self.y - style.ascent, line))
            self.y -= style.leading

    def label_value(
        self, label: str, value: str, style: Style = BODY, label_style: Style | None = None
    ) -> None:
        """'Label: value', the value wrapped with a hanging indent; the label is fixed wording."""
        label_style = label_style or style
        label = f"{label}: "
        indent = text_width(label, label_style.font, label_style.size)
        lines = wrap(value, style.font, style.size, CONTENT_W - indent) if value else [""]
        for i, line in enumerate(lines):
            self.ensure(style.leading)
            baseline = self.y - style.ascent
            if i == 0:
                self.ops.append(text_op(label_style, LEFT, baseline, label, static=True))
            if line:
                self.ops.append(("t", style.font, style.size, style.color, LEFT + indent, baseline, line))
            self.y -= style.leading

    def heading(self, text: str, style: Style = HEADING, keep: float = 3 * BODY.leading) -> None:
        """A section heading kept together with the start of what follows it."""
        self.ensure(style.leading + 4 + keep)
        self.space(6)
        self.ops.append(("s", style.font, style.size, style.color, LEFT, self.y - style.ascent, text))
        self.y -= style.leading + 2


@lru_cache(maxsize=64)
def _rgb(color: Color) -> str:
    return f"{color.red:.3f} {color.green:.3f} {color.blue:.3f}"


WATERMARK = HexColor("#F6D5D1")
WATERMARK_SIZE = 96.0


def _watermark(doc, name: str, text: str) -> list[str]:
    """The text at 45 degrees through the middle of the page, in a light colour."""
    font = pdfmetrics.getFont(name)
    c = s = 0.70711
    half = text_width(text, name, WATERMARK_SIZE) / 2
    x, y = (
        PAGE_W / 2 - c * half + s * WATERMARK_SIZE * 0.35,
        PAGE_H / 2 - s * half - c * WATERMARK_SIZE * 0.35,
    )
    out = ["BT", f"{_rgb(WATERMARK)} rg", f"{c} {s} {-s} {c} {x:.2f} {y:.2f} Tm"]
    for subset, chunk in font.splitString(text, doc):
        out.append(f"{font.getSubsetInternalName(subset, doc)} {WATERMARK_SIZE:g} Tf <{chunk.hex()}> Tj")
    out.append("ET")
    return out


def draw_ops(canv: Canvas, ops: list[Op]) -> None:
    """Write one page's operations straight into the page's content stream, as one literal.

    Going through canvas.drawString costs a text object, several number formattings and an escape pass per
    string; here each run of text is one BT/ET block, strings are hex-encoded per font subset, and the whole
    page is wrapped in q/Q so the canvas's own graphics state is left as it was.
    """
    doc = canv._doc  # TTFont assigns its per-document subsets through the document, as textobject does
    fonts: dict[str, object] = {}
    selects: dict[tuple[str, float, int], str] = {}  # (font, size, subset) -> its Tf operator
    out = ["q"]
    in_text = False
    current = None  # (font name, size, subset) selected in the open text block
    fill = None
    for op in ops:
        kind = op[0]
        if kind in ("t", "s"):
            _, name, size, color, x, y, text = op
            if not in_text:
                out.append("BT")
                in_text, current = True, None
            if color is not fill:
                out.append(f"{_rgb(color)} rg")
                fill = color
            out.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
            font = fonts.get(name)
            if font is None:
                font = fonts[name] = pdfmetrics.getFont(name)
            for subset, chunk in font.splitString(text, doc):
                key = (name, size, subset)
                if key != current:
                    select = selects.get(key)
                    if select is None:
                        select = selects[key] = f"{font.getSubsetInternalName(subset, doc)} {size:g} Tf"
                    out.append(select)
                    current = key
                out.append(f"<{chunk.hex()}> Tj")
            continue
        if in_text:
            out.append("ET")
            in_text = False
        if kind == "r":
            _, x, y, w, h, color = op
            if color is not fill:
                out.append(f"{_rgb(color)} rg")
                fill = color
            out.append(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re f")
        elif kind == "l":
            _, x1, y1, x2, y2, width, color = op
            out.append(f"{width:g} w {_rgb(color)} RG {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")
        elif kind == "q":
            _, x, y, size, matrix = op
            out.append(qr_path(matrix, x, y, size))
        elif kind == "w":
            out.extend(_watermark(doc, op[1], op[2]))
            fill = None
        else:  # pragma: no cover - a programming error
            raise ValueError(f"unknown drawing operation {kind!r}")
    if in_text:
        out.append("ET")
    out.append("Q")
    canv.addLiteral("\n".join(out))
