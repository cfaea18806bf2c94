"""Decision letters as PDF: plain data in, deterministic A4 PDF bytes out (ReportLab, segno and fontTools),
signed with pyHanko (claims.letters.sign); no app imports."""

from .model import LetterData, LetterLine, outcome_of
from .render import render_letter
from .texts import format_amount, format_date

__all__ = ["LetterData", "LetterLine", "format_amount", "format_date", "outcome_of", "render_letter"]
