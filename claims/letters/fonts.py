"""NanumGothic for the letters, registered once per process, with fast text measuring and line wrapping."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from .subset import LetterFont

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
REGULAR = "NanumGothic"
BOLD = "NanumGothic-Bold"
_FILES = {REGULAR: "NanumGothic.ttf", BOLD: "NanumGothicBold.ttf"}

_lock = threading.Lock()
_widths: dict[str, tuple[dict[int, float], float]] = {}
_word_cache: dict[str, dict[str, float]] = {}
_WORD_CACHE_MAX = 20_000
_SPACE_RE = re.compile(r"[ \t]+")


def register_fonts() -> None:
    """Register regular and bold NanumGothic with ReportLab once; later calls are free."""
    if len(_widths) == len(_FILES):
        return
    with _lock:
        for name, filename in _FILES.items():
            if name in _widths:
                continue
            try:
                font = pdfmetrics.getFont(name)
            except KeyError:
                font = None
            if not isinstance(font, LetterFont):
                font = LetterFont(name, str(FONT_DIR / filename))
                pdfmetrics.registerFont(font)
            _word_cache[name] = {}
            _widths[name] = (font.face.charWidths, font.face.defaultWidth)  # set last: marks it ready


def _metrics(font: str) -> tuple[dict[int, float], float]:
    if font not in _widths:
        register_fonts()
    return _widths[font]


def text_width(text: str, font: str, size: float) -> float:
    """Width of text in points; word widths are cached in font units, independent of size."""
    cache = _word_cache.get(font)
    if cache is None:
        _metrics(font)
        cache = _word_cache[font]
    units = cache.get(text)
    if units is None:
        widths, default = _widths[font]
        units = sum([widths.get(c, default) for c in map(ord, text)])
        if len(cache) >= _WORD_CACHE_MAX:
            cache.clear()
        cache[text] = units
    return units * size * 0.001


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Split one word wider than the line into pieces that fit, character by character."""
    widths, default = _metrics(font)
    scale = size * 0.001
    pieces: list[str] = []
    start, used = 0, 0.0
    for i, ch in enumerate(word):
        w = widths.get(ord(ch), default) * scale
        if used + w > width and i > start:
            pieces.append(word[start:i])
            start, used = i, 0.0
        used += w
    pieces.append(word[start:])
    return pieces


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy wrap at spaces (Korean eojeol and English words alike); hard breaks at newlines.

    A word longer than the line (a URL, a long code) is broken between characters.
    """
    lines: list[str] = []
    space = text_width(" ", font, size)
    for paragraph in text.split("\n"):
        words = _SPACE_RE.split(paragraph.strip())
        current: list[str] = []
        used = 0.0
        for word in words:
            if not word:
                continue
            w = text_width(word, font, size)
            if current and used + space + w <= width:
                current.append(word)
                used += space + w
                continue
            if current:
                lines.append(" ".join(current))
            if w <= width:
                current, used = [word], w
                continue
            *full, last = _break_word(word, font, size, width)
            lines.extend(full)
            current, used = [last], text_width(last, font, size)
        lines.append(" ".join(current))
    return lines
