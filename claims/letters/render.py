"""render_letter(data) -> PDF bytes: an A4 decision letter in Korean or English, deterministic to the byte."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from . import flate
from .blocks import (
    BAND_H,
    address_block,
    closing_block,
    closing_height,
    decision_box,
    page_foot,
    page_head,
    preview_banner,
)
from .fonts import BOLD, REGULAR, register_fonts, wrap
from .layout import (
    BODY,
    BODY_BOLD,
    CONTENT_W,
    HEADING,
    LEFT,
    MARGIN,
    PAGE_H,
    PAGE_W,
    RIGHT,
    SMALL,
    TITLE,
    Flow,
    Op,
    draw_ops,
    text_op,
)
from .model import LetterData
from .table import lines_table
from .texts import TEXTS, format_amount, format_date, sender_of

LANG_TAGS = {"ko": "ko-KR", "en": "en"}
flate.install()  # page streams compressed with libdeflate (claims/letters/flate.py)


def layout_letter(data: LetterData) -> list[list[Op]]:
    """Lay the letter's body out into pages of drawing operations (without page header and footer)."""
    t = TEXTS[data.language]
    language = data.language
    flow = Flow(first_top=PAGE_H - BAND_H - 8 * mm, next_top=PAGE_H - MARGIN - 4)
    if data.preview:
        preview_banner(flow, data)
    address_block(flow, data)
    flow.ops.append(text_op(TITLE, LEFT, flow.y - TITLE.ascent, t["title"], static=True))
    flow.y -= TITLE.leading + 4
    decision_box(flow, data)

    flow.heading(t["lines_heading"], keep=60)
    flow.paragraph(t["lines_intro"], SMALL, static=True)
    flow.space(3)
    lines_table(flow, data)

    payment_section(flow, data)

    flow.heading(t["basis_heading"])
    flow.label_value(t["policy"], data.policy_label)
    flow.label_value(t["incident"], data.incident_label)

    # The appeal, the sign-off and the closing block stay together, so the last page is never just the QR.
    appeal_h = len(wrap(t["appeal"], BODY.font, BODY.size, CONTENT_W)) * BODY.leading
    sign_off_h = 6 + BODY_BOLD.leading
    flow.ensure(6 + HEADING.leading + 2 + 2 * BODY.leading + appeal_h + sign_off_h + closing_height(data) + 8)
    flow.heading(t["appeal_heading"])
    flow.label_value(t["appeal_deadline"], format_date(data.appeal_deadline, language), BODY_BOLD)
    flow.paragraph(t["appeal"], BODY, static=True)
    flow.space(6)
    flow.ensure(BODY_BOLD.leading)
    sign_off = t["closing"].format(sender=sender_of(data))
    flow.ops.append(text_op(BODY_BOLD, RIGHT, flow.y - BODY_BOLD.ascent, sign_off, "right"))
    flow.y -= BODY_BOLD.leading
    closing_block(flow, data)
    return flow.pages


def payment_section(flow: Flow, data: LetterData) -> None:
    """What will be paid: the approved amount, or after a payment the total now approved, what was already
    paid and the balance that will be paid (or recovered)."""
    t = TEXTS[data.language]
    language = data.language
    flow.heading(t["payment_heading"])
    if data.balance is None:
        flow.label_value(t["payment_amount"], format_amount(data.total_approved, language), BODY_BOLD)
    else:
        flow.label_value(t["approved_now"], format_amount(data.total_approved, language), BODY)
        flow.label_value(t["already_paid"], format_amount(data.already_paid, language), BODY)
        if data.balance > 0:
            flow.label_value(t["balance_due"], format_amount(data.balance, language), BODY_BOLD)
        elif data.balance < 0:
            flow.label_value(t["balance_recovered"], format_amount(-data.balance, language), BODY_BOLD)
        else:
            flow.paragraph(t["balance_none"], BODY, static=True)
    if data.payout:
        flow.paragraph(data.payout, BODY)
    elif data.total_approved == 0 and data.balance is None:
        flow.paragraph(t["no_payment"], BODY, static=True)


def letter_pages(data: LetterData) -> list[list[Op]]:
    """Every page's operations in reading order: header, body, footer with 'n / count'."""
    body = layout_letter(data)
    count = len(body)
    return [
        page_head(data, number) + ops + page_foot(data, number, count)
        for number, ops in enumerate(body, start=1)
    ]


def _prime_fonts(canv: Canvas, pages: list[list[Op]]) -> None:
    """Give the letter's fixed wording the first font codes, so its subset is the same in every letter."""
    wording: dict[str, list[str]] = {REGULAR: [], BOLD: []}
    for ops in pages:
        for op in ops:
            if op[0] == "s":
                wording[op[1]].append(op[6])
            elif op[0] == "w":
                wording[op[1]].append(op[2])
    for name, texts in wording.items():
        font = pdfmetrics.getFont(name)
        if hasattr(font, "prime"):  # LetterFont; ReportLab's stock TTFont (bench --public-fonts) has none
            font.prime(canv._doc, "".join(texts))


def render_letter(data: LetterData) -> bytes:
    """Render one decision letter to PDF bytes; the same data always gives the same bytes."""
    register_fonts()
    t = TEXTS[data.language]
    pages = letter_pages(data)
    buffer = io.BytesIO()
    canv = Canvas(
        buffer,
        pagesize=(PAGE_W, PAGE_H),
        invariant=1,
        pageCompression=1,
        pdfVersion=(1, 4),  # /Lang and DisplayDocTitle are PDF 1.4
        lang=LANG_TAGS[data.language],
        initialFontName=REGULAR,  # no unembedded Helvetica in the font resources
    )
    stamp = f"D:{data.issued_on:%Y%m%d}000000+09'00'"
    canv.setDateFormatter(lambda *_: stamp)
    canv.setTitle(f"{t['letter_kind']} {data.reference}")
    canv.setAuthor(sender_of(data))
    canv.setSubject(t["pdf_subject"].format(reference=data.reference))
    canv.setKeywords([data.reference, data.verification_code] if not data.preview else [data.reference])
    canv.setCreator("claims.letters")
    canv.setViewerPreference("DisplayDocTitle", "true")
    _prime_fonts(canv, pages)
    for ops in pages:
        draw_ops(canv, ops)
        canv.showPage()
    canv.save()
    return buffer.getvalue()
