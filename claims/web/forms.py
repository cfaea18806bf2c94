"""Form helpers shared by every blueprint."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from claims.errors import InvalidInput


def attach_error(form: FlaskForm, exc: InvalidInput) -> None:
    """Show a service's refusal next to the field it names, or as a message at the top."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, str(exc)]
    else:
        flash(str(exc), "error")
