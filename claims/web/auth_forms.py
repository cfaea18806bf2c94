"""Forms for signing in, registering and recovering a password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectChoice, StringField, TelField
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

LANGUAGE_CHOICES = [SelectChoice("ko", "한국어"), SelectChoice("en", "English")]


def new_password_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(min=8, message=_l("Use at least 8 characters.")),
        ],
    )


def confirm_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The passwords do not match.")),
        ],
    )


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])


class RegisterForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(_l("Enter your name.")), Length(max=100)])
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter an e-mail address such as name@example.com."), check_deliverability=False),
            Length(max=254),
        ],
    )
    phone = TelField(
        _l("Mobile phone"),
        validators=[
            DataRequired(_l("Enter your mobile phone number.")),
            Regexp(r"^[0-9+\- ]{9,20}$", message=_l("Enter a phone number such as 010-1234-5678.")),
        ],
    )
    language = RadioField(_l("Preferred language"), choices=LANGUAGE_CHOICES, default="ko")
    password = new_password_field(_l("Password"))
    confirm = confirm_field(_l("Repeat the password"))
    # 개인정보 수집·이용 동의: its own question, answered separately from anything else (no default answer).
    privacy_consent = RadioField(
        _l("Consent to the collection and use of personal data"),
        choices=[SelectChoice("agree", _l("I agree")), SelectChoice("refuse", _l("I do not agree"))],
        validators=[
            InputRequired(_l("Answer whether you agree to the collection and use of personal data."))
        ],
    )

    def validate_privacy_consent(self, field) -> None:
        if field.data != "agree":
            raise ValidationError(
                _l(
                    "Without this consent we cannot receive or process a claim, so an account cannot be "
                    "created. You can still read the outage timeline, the policy and the estimate."
                )
            )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    password = new_password_field(_l("New password"))
    confirm = confirm_field(_l("Repeat the new password"))


class ResetRequestForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)]
    )


class ResetForm(FlaskForm):
    password = new_password_field(_l("New password"))
    confirm = confirm_field(_l("Repeat the new password"))


class StaffUserForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name.")), Length(max=100)])
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter an e-mail address such as name@example.com."), check_deliverability=False),
        ],
    )
    role = RadioField(
        _l("Role"),
        choices=[
            SelectChoice("reviewer", _l("Reviewer")),
            SelectChoice("supervisor", _l("Supervisor")),
            SelectChoice("admin", _l("Administrator")),
        ],
        default="reviewer",
    )
    password = new_password_field(_l("Initial password"))
    phone = TelField(_l("Phone"), validators=[Optional(), Length(max=30)])
