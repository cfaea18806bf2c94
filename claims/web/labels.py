"""Words shown for the codes stored in the database (statuses, claimant types, roles)."""

from flask import Flask
from flask_babel import lazy_gettext as _l

STATUS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "in_review": _l("In review"),
    "needs_info": _l("Information requested"),
    "decided": _l("Decided"),
    "letter_issued": _l("Decision letter issued"),
    "appealed": _l("Appealed"),
    "closed": _l("Closed"),
    "withdrawn": _l("Withdrawn"),
}

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
    app.jinja_env.globals.update(STATUS_LABELS=STATUS, CLAIMANT_TYPE_LABELS=CLAIMANT_TYPE, ROLE_LABELS=ROLE)
