"""The table of assessed lines: claimed, computed and approved per line, the claim cap as its own line, the
reason in words under a line, and a header repeated on every page. Every column adds up to its total."""

from __future__ import annotations

from functools import lru_cache

from .fonts import text_width, wrap
from .layout import (
    CELL,
    CELL_BOLD,
    CELL_HEAD,
    CELL_MUTED,
    CONTENT_W,
    HEAD_FILL,
    LEFT,
    NAVY,
    RULE,
    Flow,
    Style,
    text_op,
)
from .model import LetterData, LetterLine
from .texts import TEXTS, format_amount

PAD_X, PAD_Y = 4.0, 3.5
AMOUNT_W = 74.0
# Column widths in points: head of loss / service, computation, claimed, computed, approved.
WIDTHS = (96.0, CONTENT_W - 96.0 - 3 * AMOUNT_W, AMOUNT_W, AMOUNT_W, AMOUNT_W)
EDGES = tuple(LEFT + sum(WIDTHS[:i]) for i in range(len(WIDTHS) + 1))
AMOUNT_COLUMNS = (2, 3, 4)
MIN_AMOUNT_SIZE = 6.0
# The reason under a line spans from the computation column to the right edge.
NOTE_X = EDGES[1] + PAD_X
NOTE_W = EDGES[-1] - EDGES[1] - 2 * PAD_X

# A cell is a list of (style, text) lines; a row is one cell per column, then the note lines under it.
Cell = list[tuple[Style, str]]


def fitted(style: Style, text: str, width: float = AMOUNT_W - 2 * PAD_X) -> Style:
    """The style at a size that keeps text inside width (an amount never runs into the next column)."""
    if text_width(text, style.font, style.size) <= width:
        return style
    size = max(MIN_AMOUNT_SIZE, style.size * width / text_width(text, style.font, style.size))
    return Style(style.font, size, style.leading, style.color)


def _cell(parts: list[tuple[str | None, Style]], column: int) -> Cell:
    width = WIDTHS[column] - 2 * PAD_X
    lines: Cell = []
    for text, style in parts:
        if text:
            lines.extend((style, line) for line in wrap(text, style.font, style.size, width))
    return lines


def _amount(style: Style, amount: int | None, language: str) -> Cell:
    if amount is None:
        return [(CELL_MUTED, TEXTS[language]["not_asked"])]
    text = format_amount(amount, language)
    return [(fitted(style, text), text)]


@lru_cache(maxsize=4)
def _header_cells(language: str) -> tuple[Cell, ...]:
    t = TEXTS[language]
    labels = (t["col_head"], t["col_computation"], t["col_claimed"], t["col_computed"], t["col_approved"])
    return tuple(_cell([(label, CELL_HEAD)], i) for i, label in enumerate(labels))


def _note(line: LetterLine, language: str) -> Cell:
    t = TEXTS[language]
    note: Cell = []
    for label, text in ((t["reason"], line.reason), (t["next_step"], line.next_step)):
        if text:
            note.extend((CELL_MUTED, part) for part in wrap(f"{label}: {text}", CELL.font, CELL.size, NOTE_W))
    return note


def _row_cells(line: LetterLine, language: str) -> tuple[list[Cell], Cell]:
    cells = [
        _cell([(line.head, CELL_BOLD), (line.service, CELL_MUTED)], 0),
        _cell([(line.computation, CELL)], 1),
        _amount(CELL, line.claimed, language),
        _amount(CELL, line.computed, language),
        _amount(CELL_BOLD, line.approved, language),
    ]
    return cells, _note(line, language)


def _cells_height(cells, note: Cell = ()) -> float:
    body = max(sum(style.leading for style, _ in cell) for cell in cells) + 2 * PAD_Y
    return body + (sum(style.leading for style, _ in note) + PAD_Y if note else 0.0)


def _draw_cells(flow: Flow, cells, height: float, fill=None, static: bool = False, note: Cell = ()) -> None:
    top = flow.y
    ops = flow.ops
    if fill is not None:
        ops.append(("r", LEFT, top - height, CONTENT_W, height, fill))
    bottom = top
    for column, cell in enumerate(cells):
        y = top - PAD_Y
        right = column in AMOUNT_COLUMNS
        for style, text in cell:
            x = EDGES[column + 1] - PAD_X if right else EDGES[column] + PAD_X
            ops.append(text_op(style, x, y - style.ascent, text, "right" if right else "left", static))
            y -= style.leading
        bottom = min(bottom, y)
    y = bottom
    for style, text in note:
        ops.append(text_op(style, NOTE_X, y - style.ascent, text))
        y -= style.leading
    flow.y = top - height


def _draw_header(flow: Flow, language: str) -> None:
    cells = _header_cells(language)
    height = _cells_height(cells)
    _draw_cells(flow, cells, height, HEAD_FILL, static=True)
    flow.ops.append(("l", LEFT, flow.y, LEFT + CONTENT_W, flow.y, 0.8, NAVY))


def _split(cells: list[Cell], room: float) -> tuple[list[Cell], list[Cell]]:
    """Split a row that is taller than a page: the lines that fit in room, and the rest."""
    first: list[Cell] = []
    rest: list[Cell] = []
    for cell in cells:
        used, k = 2 * PAD_Y, 0
        while k < len(cell) and used + cell[k][0].leading <= room:
            used += cell[k][0].leading
            k += 1
        first.append(cell[:k])
        rest.append(cell[k:])
    return first, rest


def _cap_row(data: LetterData) -> list[Cell]:
    language = data.language
    return [
        _cell([(data.cap_label, CELL_BOLD)], 0),
        [],
        [],
        _amount(CELL, data.cap_computed, language),
        _amount(CELL_BOLD, data.cap_approved, language),
    ]


def lines_table(flow: Flow, data: LetterData) -> None:
    """Draw the table of lines, the claim cap line and the total row; rows move whole to the next page when
    they do not fit."""
    language = data.language
    header_height = _cells_height(_header_cells(language))
    rows = [_row_cells(line, language) for line in data.lines]
    if data.has_cap_line:
        rows.append((_cap_row(data), []))
    first_row = _cells_height(*rows[0]) if rows else 0.0
    flow.ensure(header_height + first_row)
    _draw_header(flow, language)
    previous_hook = flow.on_new_page

    def repeat_header(f: Flow) -> None:
        if previous_hook is not None:
            previous_hook(f)
        _draw_header(f, language)

    flow.on_new_page = repeat_header
    try:
        if not rows:
            rows = [([_cell([(TEXTS[language]["no_lines"], CELL_MUTED)], 0), [], [], [], []], [])]
        for cells, note in rows:
            height = _cells_height(cells, note)
            if height <= flow.page_capacity - header_height:
                flow.ensure(height)
                _draw_row(flow, cells, note)
                continue
            cells = list(cells)
            cells[1] = cells[1] + note  # a row taller than a page: its note goes on in the computation cell
            while any(cells):  # fill pages line by line
                if flow.room < 3 * CELL.leading + 2 * PAD_Y:
                    flow.new_page()
                first, cells = _split(cells, flow.room)
                _draw_row(flow, first)
                if any(cells):
                    flow.new_page()
        _total_row(flow, data)
    finally:
        flow.on_new_page = previous_hook


def _total_row(flow: Flow, data: LetterData) -> None:
    language = data.language
    total = [
        [(CELL_BOLD, TEXTS[language]["total"])],
        [],
        _amount(CELL_BOLD, data.total_claimed, language),
        _amount(CELL_BOLD, data.total_computed, language),
        _amount(CELL_BOLD, data.total_approved, language),
    ]
    height = _cells_height(total)
    flow.ensure(height)
    flow.ops.append(("l", LEFT, flow.y, LEFT + CONTENT_W, flow.y, 0.8, NAVY))
    _draw_cells(flow, total, height)
    flow.ops.append(("l", LEFT, flow.y, LEFT + CONTENT_W, flow.y, 0.8, NAVY))


def _draw_row(flow: Flow, cells: list[Cell], note: Cell = ()) -> None:
    _draw_cells(flow, cells, _cells_height(cells, note), note=note)
    flow.ops.append(("l", LEFT, flow.y, LEFT + CONTENT_W, flow.y, 0.4, RULE))
