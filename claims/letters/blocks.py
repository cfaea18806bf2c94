"""The letter's fixed blocks: page header and footer, addressee, decision box, and the contact/QR block."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm

from .fonts import BOLD, REGULAR, wrap
from .layout import (
    BODY,
    BODY_BOLD,
    BOTTOM,
    CONTENT_W,
    GREY,
    LEAD,
    LEFT,
    NAVY,
    PAGE_H,
    PAGE_W,
    RIGHT,
    RULE,
    SMALL,
    TINT,
    WHITE,
    Flow,
    Op,
    Style,
    text_op,
)
from .model import LetterData
from .qr_code import qr_matrix
from .texts import TEXTS, decision_sentence, format_date, replaces_sentence, sender_of

BAND_H = 24 * mm
BAND_SENDER = Style(BOLD, 14, 18, WHITE)
BAND_KIND = Style(REGULAR, 9, 12, HexColor("#C8D5E6"))
NAME = Style(BOLD, 11, 16, BODY.color)
RUNNING = Style(BOLD, 8.5, 11, NAVY)
FOOT = Style(REGULAR, 7.5, 10, GREY)
PAGE_NO = Style(REGULAR, 8, 10, GREY)
HEADING_SMALL = Style(BOLD, 9.5, 14, NAVY)
GAP = Style(REGULAR, 1, 6, GREY)
PREVIEW = Style(BOLD, 9.5, 13.5, HexColor("#B42318"))
PREVIEW_FILL = HexColor("#FDECEA")
QR_SIZE = 25 * mm
META_W = 200.0


def page_head(data: LetterData, number: int) -> list[Op]:
    """The navy band with the sender on the first page; a running head on the others."""
    t = TEXTS[data.language]
    sender = sender_of(data)
    mark = [("w", BOLD, t["preview_mark"])] if data.preview else []  # drawn first: the text stays on top
    if number == 1:
        return mark + [
            ("r", 0, PAGE_H - BAND_H, PAGE_W, BAND_H, NAVY),
            text_op(BAND_SENDER, LEFT, PAGE_H - 11.5 * mm, sender),
            text_op(BAND_KIND, LEFT, PAGE_H - 17.5 * mm, t["letter_kind"], static=True),
            text_op(BAND_KIND, RIGHT, PAGE_H - 17.5 * mm, data.reference, "right"),
        ]
    running = f"{data.reference} · {t['letter_kind']} {t['continued']}"
    return mark + [
        text_op(RUNNING, LEFT, PAGE_H - 13 * mm, sender),
        text_op(FOOT, RIGHT, PAGE_H - 13 * mm, running, "right"),
        ("l", LEFT, PAGE_H - 15.5 * mm, RIGHT, PAGE_H - 15.5 * mm, 0.6, RULE),
    ]


def page_foot(data: LetterData, number: int, count: int) -> list[Op]:
    """Sender, reference and verification code, and the page number as 'n / count'."""
    t = TEXTS[data.language]
    foot = f"{sender_of(data)} · {t['reference']} {data.reference}"
    if data.preview:
        foot += f" · {t['preview_mark']}"
    else:
        foot += f" · {t['verification_code']} {data.verification_code}"
    ops = [
        ("l", LEFT, 14 * mm, RIGHT, 14 * mm, 0.4, RULE),
        text_op(FOOT, LEFT, 9.5 * mm, foot),
        text_op(PAGE_NO, RIGHT, 9.5 * mm, f"{number} / {count}", "right"),
    ]
    return ops


def address_block(flow: Flow, data: LetterData) -> None:
    """Claimant on the left; date, reference and verification code on the right."""
    t = TEXTS[data.language]
    top = flow.y
    ops = flow.ops
    y = top
    ops.append(text_op(SMALL, LEFT, y - SMALL.ascent, t["to"], static=True))
    y -= SMALL.leading
    left_w = CONTENT_W - META_W - 24
    for line in wrap(data.claimant_name, NAME.font, NAME.size, left_w):
        ops.append(text_op(NAME, LEFT, y - NAME.ascent, line))
        y -= NAME.leading
    for address in data.claimant_address_lines:
        for line in wrap(address, BODY.font, BODY.size, left_w):
            ops.append(text_op(BODY, LEFT, y - BODY.ascent, line))
            y -= BODY.leading
    meta = [(t["date"], format_date(data.issued_on, data.language)), (t["reference"], data.reference)]
    if not data.preview:
        meta.append((t["verification_code"], data.verification_code))
    my = top
    for label, value in meta:
        ops.append(text_op(SMALL, RIGHT - META_W, my - BODY.ascent, label, static=True))
        ops.append(text_op(BODY_BOLD, RIGHT, my - BODY.ascent, value, "right"))
        my -= BODY.leading + 2
    flow.y = min(y, my) - 4
    ops.append(("l", LEFT, flow.y, RIGHT, flow.y, 0.6, RULE))
    flow.y -= 10


def preview_banner(flow: Flow, data: LetterData) -> None:
    """On a preview, a red-bordered notice at the top of the letter: not issued, no effect, no code."""
    pad = 6.0
    width = CONTENT_W - 2 * pad
    lines = wrap(TEXTS[data.language]["preview_banner"], PREVIEW.font, PREVIEW.size, width)
    height = len(lines) * PREVIEW.leading + 2 * pad
    top = flow.y
    flow.ops.append(("r", LEFT, top - height, CONTENT_W, height, PREVIEW_FILL))
    y = top - pad
    for line in lines:
        flow.ops.append(text_op(PREVIEW, LEFT + pad, y - PREVIEW.ascent, line, static=True))
        y -= PREVIEW.leading
    flow.y = top - height - 8


def decision_box(flow: Flow, data: LetterData) -> None:
    """The decision in one sentence (and what it replaces), in a tinted box with an accent bar."""
    pad = 8.0
    width = CONTENT_W - 2 * pad - 3
    lines = [(LEAD, line) for line in wrap(decision_sentence(data), LEAD.font, LEAD.size, width)]
    replaces = replaces_sentence(data)
    if replaces:
        lines += [(SMALL, line) for line in wrap(replaces, SMALL.font, SMALL.size, width)]
    height = sum(style.leading for style, _ in lines) + 2 * pad + (4 if replaces else 0)
    flow.ensure(height)
    top = flow.y
    flow.ops.append(("r", LEFT, top - height, CONTENT_W, height, TINT))
    flow.ops.append(("r", LEFT, top - height, 3, height, NAVY))
    y = top - pad
    for i, (style, text) in enumerate(lines):
        if style is SMALL and i and lines[i - 1][0] is LEAD:
            y -= 4
        flow.ops.append(text_op(style, LEFT + 3 + pad, y - style.ascent, text))
        y -= style.leading
    flow.y = top - height


def _closing_parts(data: LetterData) -> tuple[list[tuple[Style, str, bool]], float]:
    """The left column of the closing block as (style, text, static) lines, and the block's height."""
    t = TEXTS[data.language]
    text_w = CONTENT_W - QR_SIZE - 24
    parts: list[tuple[Style, str, bool]] = []
    if data.contact:
        parts.append((HEADING_SMALL, t["contact_heading"], True))
        parts += [(BODY, line, False) for line in wrap(data.contact, BODY.font, BODY.size, text_w)]
        parts.append((GAP, "", True))
    if data.preview:
        return parts, sum(style.leading for style, _, _ in parts) + 8
    parts.append((HEADING_SMALL, t["verify_heading"], True))
    parts += [(SMALL, line, True) for line in wrap(t["verify"], SMALL.font, SMALL.size, text_w)]
    parts += [(BODY, line, False) for line in wrap(data.verify_url, BODY.font, BODY.size, text_w)]
    text_h = sum(style.leading for style, _, _ in parts)
    return parts, max(text_h, QR_SIZE + BODY.leading) + 8


def closing_height(data: LetterData) -> float:
    """Height of the closing block, for keeping the end of the letter together."""
    return _closing_parts(data)[1]


def closing_block(flow: Flow, data: LetterData) -> None:
    """Contact and how to verify on the left; the QR code with the verification code under it on the right.

    The block is anchored to the foot of the last page, below whatever the flow left there.
    """
    parts, height = _closing_parts(data)
    flow.ensure(height + 8)
    top = BOTTOM + height
    ops = flow.ops
    ops.append(("l", LEFT, top, RIGHT, top, 0.6, RULE))
    y = top - 8
    for style, text, static in parts:
        if text:
            ops.append(text_op(style, LEFT, y - style.ascent, text, static=static))
        y -= style.leading
    flow.y = BOTTOM
    if data.preview:
        return
    qx, qy = RIGHT - QR_SIZE, top - 5 - QR_SIZE
    ops.append(("q", qx, qy, QR_SIZE, qr_matrix(data.verify_url)))
    ops.append(text_op(BODY_BOLD, qx + QR_SIZE / 2, qy - BODY.ascent, data.verification_code, "center"))
