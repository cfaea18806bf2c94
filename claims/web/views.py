"""What every thin view needs: load an object or 404, and one handler per blueprint for domain errors.

A view loads its object (`get_or_404`), checks the permission, validates the form, calls one service function
and redirects. When the service refuses (`NotAllowed`, `ClaimConflict`, an `InvalidInput` the form could not
catch), the view does not catch it: the blueprint's handler registered with `handle_domain_errors` flashes the
message and sends the user back to the page they acted from. A view that shows an `InvalidInput` next to its
field catches that one error itself (`claims.web.forms.attach_error`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, abort, flash, redirect, request

from claims.db import get_session
from claims.errors import DomainError, NotFound
from claims.web.errors import render_error

T = TypeVar("T")


def get_or_404(model: type[T], ident: object, *, where: Callable[[T], bool] | None = None) -> T:
    """The row of `model` with primary key `ident`, or 404 (also when `where(row)` is false: an object the
    user may not see is answered like one that does not exist)."""
    row = get_session().get(model, ident)
    if row is None or (where is not None and not where(row)):
        abort(404)
    return row


def handle_domain_errors(bp: Blueprint, back: Callable[..., str]) -> None:
    """Register on `bp` the one handler of domain errors: flash the message, redirect to `back(**view_args)`.

    `back` receives the view's URL arguments (e.g. `claim_id`) and returns the URL of the page to go back to.
    `NotFound` is answered with the 404 page.
    """

    @bp.errorhandler(DomainError)
    def _domain_error(exc: DomainError):
        get_session().rollback()  # whatever the refused use case left in the session is not kept
        if isinstance(exc, NotFound):
            return render_error(404)
        flash(str(exc), "error")
        return redirect(back(**(request.view_args or {})))
