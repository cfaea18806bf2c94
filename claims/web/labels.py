"""Words shown for the codes stored in the database (statuses, claimant types, roles)."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from claims.models.claim import STATUS_LABELS, ClaimStatus

STATUS = {str(status): label for status, label in STATUS_LABELS.items()}

CLAIMANT_TYPE = {
    "user": _l("General user"),
    "taxi_driver": _l("Taxi driver"),
    "merchant": _l("Merchant"),
    "author": _l("Webtoon or webnovel author"),
}

ROLE = {
    "claimant": _l("Claimant"),
    "reviewer": _l("Reviewer"),
    "supervisor": _l("Supervisor"),
    "admin": _l("Administrator"),
}


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        STATUS_LABELS=STATUS, CLAIMANT_TYPE_LABELS=CLAIMANT_TYPE, ROLE_LABELS=ROLE, ClaimStatus=ClaimStatus
    )
