"""Form helpers shared by every blueprint: errors from services, bounded numbers and dates."""

from __future__ import annotations

from datetime import date, datetime

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField
from wtforms.validators import ValidationError

from claims.errors import InvalidInput


def attach_error(form: FlaskForm, exc: InvalidInput) -> None:
    """Show a service's refusal next to the field it names, or as a message at the top."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, str(exc)]
    else:
        flash(str(exc), "error")


# ---- bounded numbers and dates ---------------------------------------------------------------------------
# A number or a date outside what the database columns hold must be a message next to the field, never an
# "integer out of range" or an OverflowError. Money and counts are INTEGER columns (signed 32 bits).

MAX_INT = 2**31 - 1
MAX_PAGE = 100_000
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2099, 12, 31)


class BoundedIntegerField(IntegerField):
    """A whole number between `minimum` and `maximum` (default 0 … 2³¹−1), with a message saying so."""

    def __init__(self, label=None, validators=None, minimum: int = 0, maximum: int = MAX_INT, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0] in ("", None):
            return super().process_formdata(valuelist)
        text = str(valuelist[0]).strip().replace(",", "")
        if not text.lstrip("-").isdigit() or len(text) > 12:
            self.data = None
            raise ValueError(self._range_message())
        self.data = int(text)

    def pre_validate(self, form):
        if self.data is not None and not self.minimum <= self.data <= self.maximum:
            raise ValidationError(self._range_message())

    def _range_message(self) -> str:
        low, high = format(self.minimum, ","), format(self.maximum, ",")
        return str(_l("Enter a whole number from %(minimum)s to %(maximum)s.", minimum=low, maximum=high))


class BoundedDateField(DateField):
    """A date between 2000-01-01 and 2099-12-31 (a year like 0001 or 9999 is a typing slip, not a date)."""

    def pre_validate(self, form):
        if self.data is not None and not FIRST_DATE <= self.data <= LAST_DATE:
            raise ValidationError(date_range_message())

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(str(_l("Enter a date such as 2022-10-15."))) from exc


def date_range_message() -> str:
    return str(
        _l(
            "Enter a date between %(first)s and %(last)s.",
            first=FIRST_DATE.isoformat(),
            last=LAST_DATE.isoformat(),
        )
    )


def date_in_range(value: date | datetime) -> bool:
    """The same bounds as BoundedDateField, for parsers outside WTForms (the losses form's date-times)."""
    day = value.date() if isinstance(value, datetime) else value
    return FIRST_DATE <= day <= LAST_DATE


def bounded_id(text: str | None) -> int | None:
    """A non-negative id or version number from a form, or None when it is not one the database could hold."""
    text = (text or "").strip()
    if not text.isdigit() or len(text) > 10 or int(text) > MAX_INT:
        return None
    return int(text)
