"""Forms of the payout ledger: bank results and result files, recovery settlements, account corrections."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from claims.banks import bank_choices
from claims.errors import DomainError, InvalidInput
from claims.services import payout_results
from claims.web.forms import BoundedIntegerField, attach_error

RESULT_LABELS = {
    "confirmed": _l("Confirmed by the bank"),
    "failed": _l("Failed"),
    "returned": _l("Returned"),
}
STATE_LABELS = {
    "exported": _l("Exported, not sent yet"),
    "sent": _l("Sent to the bank"),
    "confirmed": _l("Confirmed"),
    "failed": _l("Failed"),
    "returned": _l("Returned"),
    "recovered": _l("Recovered"),
    "written_off": _l("Written off"),
}
KIND_LABELS = {"payment": _l("Payment"), "top_up": _l("Top-up"), "recovery": _l("Recovery")}


class ActionForm(FlaskForm):
    """A button: export, mark a batch sent (the CSRF token is its only field)."""


class ResultForm(FlaskForm):
    # The transfer's state when the page was drawn: a result entered on an old page is refused.
    state = HiddenField()
    status = SelectField(_l("Bank result"), choices=[SelectChoice(k, v) for k, v in RESULT_LABELS.items()])
    reason = StringField(_l("Bank's reason"), validators=[Optional(), Length(max=500)])


class ResultFileForm(FlaskForm):
    file = FileField(_l("Bank's result file (CSV: reference, status, reason)"), validators=[FileRequired()])


class RecoveryForm(FlaskForm):
    # The amount still to recover when the page was drawn.
    expected = HiddenField()
    outcome = RadioField(
        _l("Settlement"),
        choices=[
            SelectChoice("recovered", _l("Recovered from the claimant")),
            SelectChoice("written_off", _l("Written off")),
        ],
        validators=[InputRequired(_l("Choose recovered or written off."))],
    )
    amount = BoundedIntegerField(_l("Amount (KRW)"), validators=[InputRequired(_l("Enter the amount."))])
    note = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(_l("Write a note: how it was recovered, or why it is written off.")),
            Length(max=500),
        ],
    )


class AccountForm(FlaskForm):
    version = HiddenField()
    bank = SelectField(_l("Bank"), validators=[DataRequired(_l("Choose your bank from the list."))])
    account = StringField(
        _l("Account number"), validators=[DataRequired(_l("Enter the account number.")), Length(max=50)]
    )
    holder = StringField(
        _l("Account holder"),
        validators=[DataRequired(_l("Enter the account holder's name.")), Length(max=100)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = str(get_locale() or "ko")
        self.bank.choices = [
            SelectChoice("", _l("Choose your bank")),
            *(SelectChoice(code, name) for code, name in bank_choices(language)),
        ]


def save_account(session, claim, user, form: AccountForm) -> bool:
    """Correct the claim's payout account from a valid posted form; False (errors on the form) if not saved.

    Shared by the claimant's and the supervisor's page; a DomainError (a stale form) goes to the caller."""
    if not form.validate_on_submit():
        return False
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        payout_results.correct_account(
            session, claim, user, version, form.bank.data, form.account.data, form.holder.data
        )
    except InvalidInput as exc:
        session.rollback()
        attach_error(form, exc)
        return False
    except DomainError:
        session.rollback()
        raise
    return True
