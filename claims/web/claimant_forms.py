"""Forms of the claimant side: contact and payout, review and declaration, reply, appeal, withdrawal.

The losses step has repeatable rows and lives in claims/web/losses_form.py; the rules' validation messages
are translated here (RULE_MESSAGES) so that a Korean claimant reads them in Korean.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    MultipleFileField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional, Regexp, ValidationError

from claims.banks import BANKS, bank_choices, bank_code, is_valid_account
from claims.rules import schema

# The rules engine's English message templates (claims/rules/schema.py), in the claimant's language.
RULE_MESSAGES = {
    schema.REQUIRED: _l("Fill this in."),
    schema.NON_NEGATIVE_INTEGER: _l("Enter an amount in won, digits only, such as 39000."),
    schema.TOO_LARGE: _l("This amount is too large. Check the number of digits."),
    schema.DATETIME: _l("Choose the day and the time (Korean time), for example 2022-10-15 and 15:30."),
    schema.TIME_OF_DAY: _l("Enter a time of day such as 10:00."),
    schema.UNKNOWN_SERVICE: _l("Choose a service from the list."),
    schema.END_BEFORE_START: _l("The end must be after the start."),
    schema.NOT_ONE_OF: _l("Choose one of the options."),
    schema.LIST: _l("Add at least one entry."),
    schema.EMPTY: _l("Add at least one entry."),
    schema.OBJECT: _l("This entry is not complete."),
    schema.UNKNOWN_FIELD: _l("This field is not expected here."),
    schema.PAIR: _l("Enter both a start and an end."),
    schema.WEEKDAY: _l("Choose days of the week from the list."),
    schema.TEXT: _l("Enter this as text."),
    schema.TOO_LONG: _l("This is too long: at most %(max_length)s characters."),
}


def rule_message(error) -> str:
    """A rules FieldError in the user's language (the template decides; the English text is a fallback)."""
    message = RULE_MESSAGES.get(getattr(error, "template", "") or error.message)
    if message is None:
        return error.message
    if "%(" in str(message):  # a message naming a limit (TOO_LONG) takes it from the error's params
        return str(message) % dict(getattr(error, "params", {}) or {})
    return str(message)


PHONE = Regexp(r"^[0-9+\- ]{9,20}$", message=_l("Enter a phone number such as 010-1234-5678."))


class ContactForm(FlaskForm):
    contact_name = StringField(_l("Name"), validators=[DataRequired(_l("Enter your name.")), Length(max=100)])
    contact_phone = TelField(
        _l("Mobile phone"), validators=[DataRequired(_l("Enter your mobile phone number.")), PHONE]
    )
    contact_email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter an e-mail address such as name@example.com."), check_deliverability=False),
            Length(max=254),
        ],
    )
    payout_bank = SelectField(
        _l("Bank"),
        choices=[],
        validate_choice=False,
        filters=[bank_code],
        validators=[
            DataRequired(_l("Choose your bank.")),
            AnyOf(tuple(BANKS), message=_l("Choose your bank from the list.")),
        ],
    )
    payout_account = StringField(
        _l("Account number"),
        validators=[
            DataRequired(_l("Enter the account number.")),
            Regexp(r"^[0-9\- ]{6,30}$", message=_l("Enter digits and hyphens only, such as 110-123-456789.")),
        ],
    )

    def validate_payout_account(self, field) -> None:
        if field.data and not is_valid_account(field.data):
            raise ValidationError(_l("An account number has 10 to 14 digits. Check the number."))

    payout_holder = StringField(
        _l("Account holder"),
        validators=[DataRequired(_l("Enter the account holder's name.")), Length(max=100)],
    )
    vehicle_number = StringField(_l("Taxi licence plate number"), validators=[Optional(), Length(max=30)])
    business_number = StringField(
        _l("Business registration number"),
        validators=[
            Optional(),
            Regexp(r"^\d{3}-?\d{2}-?\d{5}$", message=_l("Enter the 10-digit number such as 123-45-67890.")),
        ],
    )

    def __init__(self, claimant_type: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.claimant_type = claimant_type
        self.payout_bank.choices = [("", str(_l("Choose your bank")))] + bank_choices(str(get_locale()))
        # Only the detail that belongs to the claimant type is shown and required.
        if claimant_type != "taxi_driver":
            del self.vehicle_number
        if claimant_type != "merchant":
            del self.business_number

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.claimant_type == "taxi_driver" and not (self.vehicle_number.data or "").strip():
            self.vehicle_number.errors = [
                *self.vehicle_number.errors,
                str(_l("Enter your taxi's plate number.")),
            ]
            ok = False
        if self.claimant_type == "merchant" and not (self.business_number.data or "").strip():
            self.business_number.errors = [
                *self.business_number.errors,
                str(_l("Enter your business registration number.")),
            ]
            ok = False
        return ok

    def details(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


class EvidenceForm(FlaskForm):
    files = MultipleFileField(_l("Files"))


class ReviewForm(FlaskForm):
    submission_key = HiddenField()
    declaration = BooleanField(
        _l("I declare that what I entered is true and complete, and not claimed elsewhere."),
        validators=[DataRequired(_l("Confirm the declaration to submit the claim."))],
    )


class InfoReplyForm(FlaskForm):
    version = HiddenField()
    files = MultipleFileField(_l("Files to send with your answer"))
    reply = TextAreaField(
        _l("Your reply to the reviewer"),
        validators=[DataRequired(_l("Write a reply to the reviewer.")), Length(max=4000)],
    )


class AppealForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(
        _l("Why do you disagree with the decision?"),
        validators=[DataRequired(_l("Say why you disagree with the decision.")), Length(max=4000)],
    )
    files = MultipleFileField(_l("New evidence (optional)"))


class DiscardForm(FlaskForm):
    confirm = BooleanField(
        _l("I want to discard this draft and the files attached to it."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class WithdrawForm(FlaskForm):
    version = HiddenField()
    confirm = BooleanField(
        _l("I want to withdraw this claim. I understand that it will not be assessed."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
