"""Forms for signing in, registering and recovering a password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectChoice, StringField, TelField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

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
