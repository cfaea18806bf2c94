"""The table of assessed lines: wrapped cells, right-aligned amounts, a header repeated on every page."""

from __future__ import annotations

from functools import lru_cache

from .fonts import wrap
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
# Column widths in points: head of loss / service, computation, computed, approved, reason.
WIDTHS = (90.0, 150.0, 62.0, 62.0, CONTENT_W - 364.0)
EDGES = tuple(LEFT + sum(WIDTHS[:i]) for i in range(len(WIDTHS) + 1))
AMOUNT_COLUMNS = (2, 3)

# A cell is a list of (style, text) lines; a row is one cell per column.
Cell = list[tuple[Style, str]]


def _cell(parts: list[tuple[str | None, Style]], column: int) -> Cell:
    width = WIDTHS[column] - 2 * PAD_X
    lines: Cell = []
    for text, style in parts:
        if text:
            lines.extend((style, line) for line in wrap(text, style.font, style.size, width))
    return lines


@lru_cache(maxsize=4)
def _header_cells(language: str) -> tuple[Cell, ...]:
    t = TEXTS[language]
    labels = (t["col_head"], t["col_computation"], t["col_computed"], t["col_approved"], t["col_reason"])
    return tuple(_cell([(label, CELL_HEAD)], i) for i, label in enumerate(labels))


def _row_cells(line: LetterLine, language: str) -> list[Cell]:
    return [
        _cell([(line.head, CELL_BOLD), (line.service, CELL_MUTED)], 0),
        _cell([(line.computation, CELL)], 1),
        [(CELL, format_amount(line.computed, language))],
        [(CELL_BOLD, format_amount(line.approved, language))],
        _cell([(line.reason_code, CELL_BOLD), (line.reason_text, CELL_MUTED)], 4) or [(CELL_MUTED, "—")],
    ]


def _cells_height(cells: list[Cell] | tuple) -> float:
    return max(sum(style.leading for style, _ in cell) for cell in cells) + 2 * PAD_Y


def _draw_cells(flow: Flow, cells, height: float, fill=None, static: bool = False) -> None:
    top = flow.y
    ops = flow.ops
    if fill is not None:
        ops.append(("r", LEFT, top - height, CONTENT_W, height, fill))
    for column, cell in enumerate(cells):
        y = top - PAD_Y
        right = column in AMOUNT_COLUMNS
        for style, text in cell:
            x = EDGES[column + 1] - PAD_X if right else EDGES[column] + PAD_X
            ops.append(text_op(style, x, y - style.ascent, text, "right" if right else "left", static))
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


def lines_table(flow: Flow, data: LetterData) -> None:
    """Draw the table of lines and its total row; rows move whole to the next page when they do not fit."""
    language = data.language
    header_height = _cells_height(_header_cells(language))
    rows = [_row_cells(line, language) for line in data.lines]
    first_row = _cells_height(rows[0]) if rows else 0.0
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
            rows = [[_cell([(TEXTS[language]["no_lines"], CELL_MUTED)], 0), [], [], [], []]]
        for cells in rows:
            height = _cells_height(cells)
            if height <= flow.page_capacity - header_height:
                flow.ensure(height)
                _draw_row(flow, cells)
                continue
            while any(cells):  # a row taller than a page: fill pages line by line
                if flow.room < 3 * CELL.leading + 2 * PAD_Y:
                    flow.new_page()
                first, cells = _split(cells, flow.room)
                _draw_row(flow, first)
                if any(cells):
                    flow.new_page()
        t = TEXTS[language]
        total = [
            [(CELL_BOLD, t["total"])],
            [],
            [(CELL_BOLD, format_amount(data.total_computed, language))],
            [(CELL_BOLD, format_amount(data.total_approved, language))],
            [],
        ]
        height = _cells_height(total)
        flow.ensure(height)
        flow.ops.append(("l", LEFT, flow.y, LEFT + CONTENT_W, flow.y, 0.8, NAVY))
        _draw_cells(flow, total, height)
        flow.ops.append(("l", LEFT, flow.y, LEFT + CONTENT_W, flow.y, 0.8, NAVY))
    finally:
        flow.on_new_page = previous_hook


def _draw_row(flow: Flow, cells: list[Cell]) -> None:
    _draw_cells(flow, cells, _cells_height(cells))
    flow.ops.append(("l", LEFT, flow.y, LEFT + CONTENT_W, flow.y, 0.4, RULE))
