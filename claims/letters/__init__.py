"""Decision letters as PDF: plain data in, deterministic A4 PDF bytes out (ReportLab only, no app imports)."""

from .model import LetterData, LetterLine
from .render import render_letter
from .texts import format_amount, format_date

__all__ = ["LetterData", "LetterLine", "format_amount", "format_date", "render_letter"]
