"""Forms of the reviewer's dashboard: queue filters, line decisions, information requests, signatures."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from claims.models.claim import CLAIMANT_TYPES, REVIEW_STATUSES, STATUSES
from claims.rules import KINDS
from claims.services.queue import SORTS
from claims.services.reason_codes import INFO_ITEMS
from claims.services.signals import SIGNALS
from claims.web.forms import MAX_PAGE, BoundedDateField, BoundedIntegerField
from claims.web.labels import CLAIMANT_TYPE, STATUS


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.2 wants them."""
    return [SelectChoice(value, label) for value, label in pairs]


def posted_version(form) -> int | None:
    """The claim version a form carries, or None when it is missing or not a plain number."""
    raw = str(form.version.data if form.version.data is not None else "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 9 else None


# REOPENED_AFTER_CORRECTION: a decided claim a supervisor sent back after a window correction.
FLAG_CODES = ("MANUAL_REVIEW", "CLAIM_CAPPED", *SIGNALS, "REOPENED_AFTER_CORRECTION")
FLAG_LABELS = {
    "MANUAL_REVIEW": _l("Manual review"),
    "CLAIM_CAPPED": _l("Claim cap applied"),
    "POSSIBLE_DUPLICATE": _l("Possible duplicate"),
    "OUTSIDE_WINDOWS": _l("Event outside every outage window"),
    "HIGH_AMOUNT": _l("Amount far above the median"),
    "REOPENED_AFTER_CORRECTION": _l("Reopened after a window correction"),
}
REVIEW_LABELS = {
    "auto_approved": _l("Approved automatically"),
    "selected": _l("Sampled for review"),
    "not_selected": _l("Needs a reviewer"),
}
OUTCOME_LABELS = {
    "accepted": _l("Accept as computed"),
    "adjusted": _l("Adjust"),
    "rejected": _l("Reject"),
    # A claim's outcome, in the words of the letters (전액 인정 / 일부 인정).
    "approved": _l("Approved in full"),
    "partly_approved": _l("Approved in part"),
}
FIELD_LABELS = {
    "contact_phone": _l("same phone"),
    "contact_email": _l("same e-mail"),
    "payout_account": _l("same payout account"),
    "vehicle_number": _l("same vehicle number"),
    "business_number": _l("same business registration number"),
}
ACTION_LABELS = {
    "claim.submit": _l("Submitted"),
    "claim.triage": _l("Triage (straight-through check)"),
    "claim.assign": _l("Assigned"),
    "claim.release": _l("Released"),
    "claim.decide": _l("Decided"),
    "claim.request_information": _l("Information requested"),
    "claim.info_no_response": _l("No answer by the due date: back to review"),
    "claim.info_extend": _l("Due date of the request extended"),
    "claim.info_remind": _l("Claimant reminded of the request"),
    "claim.info_cancel": _l("Information request cancelled"),
    "claim.info_answered": _l("Information provided"),
    "claim.appeal": _l("Appealed"),
    "claim.withdraw": _l("Withdrawn"),
    "claim.draft": _l("Draft started"),
    "claim.contact": _l("Contact and payout details changed"),
    "claim.items": _l("Items changed"),
    "claim.discard": _l("Draft discarded"),
    "claim.signal_dismiss": _l("Signal dismissed"),
    "evidence.add": _l("File added"),
    "evidence.remove": _l("File removed"),
    "letter.issue": _l("Decision letter issued"),
    "letter.notify": _l("Claimant told of the letter"),
    "approval.sign": _l("Second signature given"),
    "approval.refuse": _l("Second signature refused"),
}
# Why a decision waits for a second signature (Approval.reasons).
SIGNATURE_REASONS = {
    "limit": _l("Total above the approval limit"),
    "raised": _l("A line above its computed amount"),
}
SORT_LABELS = {
    "age": _l("Oldest first"),
    "newest": _l("Newest first"),
    "amount": _l("Largest amount first"),
    "flags": _l("Most flags first"),
}


class QueueFilterForm(Form):
    """Read from the query string (GET): no CSRF, and a bad value is ignored with a message, never a 500."""

    q = StringField(_l("Reference, name, e-mail or phone"), validators=[Optional(), Length(max=100)])
    status = SelectField(
        _l("Status"),
        choices=choices(
            [("open", _l("Open for review")), ("all", _l("All"))]
            + [(s, STATUS[s]) for s in STATUSES if s != "draft"]
        ),
        default="open",
        validators=[Optional()],
    )
    claimant_type = SelectField(
        _l("Claimant type"),
        choices=choices([("", _l("Any"))] + [(t, CLAIMANT_TYPE[t]) for t in CLAIMANT_TYPES]),
        validators=[Optional()],
    )
    service = SelectField(
        _l("Service"), choices=choices([("", _l("Any"))]), validators=[Optional()], validate_choice=False
    )
    kind = SelectField(
        _l("Head of loss"),
        choices=choices([("", _l("Any"))] + [(k, k) for k in KINDS]),
        validators=[Optional()],
    )
    flag = SelectField(
        _l("Flags"),
        choices=choices(
            [("", _l("Any")), ("any", _l("Any flag")), ("none", _l("No flag"))]
            + [(code, FLAG_LABELS[code]) for code in FLAG_CODES]
        ),
        validators=[Optional()],
    )
    review_status = SelectField(
        _l("Review"),
        choices=choices([("", _l("Any"))] + [(r, REVIEW_LABELS[r]) for r in REVIEW_STATUSES]),
        validators=[Optional()],
    )
    amount_min = BoundedIntegerField(_l("Computed amount from (won)"), validators=[Optional()])
    amount_max = BoundedIntegerField(_l("Computed amount up to (won)"), validators=[Optional()])
    filed_from = BoundedDateField(_l("Filed from"), validators=[Optional()])
    filed_to = BoundedDateField(_l("Filed up to"), validators=[Optional()])
    assigned = SelectField(
        _l("Assignment"),
        choices=choices([("", _l("Anyone")), ("me", _l("Assigned to me")), ("unassigned", _l("Unassigned"))]),
        validators=[Optional()],
    )
    overdue = BooleanField(_l("Overdue information requests"))
    appeals = BooleanField(_l("Appeals"))
    sort = SelectField(
        _l("Sort"),
        choices=choices([(s, SORT_LABELS[s]) for s in SORTS]),
        default="age",
        validators=[Optional()],
    )
    page = BoundedIntegerField(_l("Page"), validators=[Optional()], minimum=1, maximum=MAX_PAGE)


class LineForm(Form):
    """One line of the assessment; the fields are named line-<index>-<field>."""

    outcome = RadioField(
        _l("Decision on this line"),
        choices=choices([(k, OUTCOME_LABELS[k]) for k in ("accepted", "adjusted", "rejected")]),
        default="accepted",
        validators=[InputRequired(_l("Choose accept, adjust or reject."))],
    )
    amount = IntegerField(
        _l("Approved amount (won)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=1_000_000_000, message=_l("Enter the approved amount in won.")),
        ],
    )
    reason_code = SelectField(
        _l("Reason for rejecting"), choices=[], validators=[Optional()], validate_choice=False
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])

    def validate_for_outcome(self) -> bool:
        ok = True
        if self.outcome.data == "adjusted":
            if self.amount.data is None and not self.amount.errors:
                self.amount.errors = [*self.amount.errors, _l("Enter the approved amount in won.")]
                ok = False
            if not (self.note.data or "").strip():
                self.note.errors = [*self.note.errors, _l("Say why the amount is adjusted.")]
                ok = False
        if self.outcome.data == "rejected" and not self.reason_code.data:
            self.reason_code.errors = [
                *self.reason_code.errors,
                _l("Choose a reason for rejecting this line."),
            ]
            ok = False
        return ok


class DecisionForm(FlaskForm):
    version = HiddenField()
    note = TextAreaField(_l("Note on the decision (optional)"), validators=[Optional(), Length(max=2000)])


class LockForm(FlaskForm):
    pass


class ClaimActionForm(FlaskForm):
    """Assign or release: the version of the claim the page showed (a stale page changes nothing)."""

    version = HiddenField()


class InfoRequestForm(FlaskForm):
    version = HiddenField()
    items = SelectMultipleField(
        _l("What is missing"),
        choices=choices(INFO_ITEMS.items()),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validators=[DataRequired(_l("Choose at least one item the claimant should send."))],
    )
    message = TextAreaField(
        _l("Message to the claimant"),
        validators=[DataRequired(_l("Write a message to the claimant.")), Length(max=2000)],
    )
    due_on = BoundedDateField(
        _l("Due date"), validators=[DataRequired(_l("Enter a date such as 2022-11-30."))]
    )


class InfoRequestActionForm(FlaskForm):
    """What to do with an open (usually overdue) information request: the button pressed is `action`."""

    version = HiddenField()
    action = StringField()  # the value of the button pressed (not rendered by hidden_tag)
    due_on = BoundedDateField(_l("New due date"), validators=[Optional()])
    note = TextAreaField(_l("Note (kept in the history)"), validators=[Optional(), Length(max=2000)])


class SignatureForm(FlaskForm):
    version = HiddenField()
    note = TextAreaField(_l("Note (required when you refuse)"), validators=[Optional(), Length(max=2000)])
