"""Decision letters on the web: public verification by code, staff preview, and the bulk issuing dashboard."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import FileField, StringField
from wtforms.validators import DataRequired, ValidationError

from claims import jobs
from claims.db import get_session
from claims.errors import NotAllowed
from claims.extensions import limiter
from claims.models import Claim
from claims.services import letter_checks, letters
from claims.services.letter_contents import is_code, normalize_code
from claims.web.permissions import roles_required

bp = Blueprint("letters", __name__)

STAFF = ("reviewer", "supervisor")
DECISION = {
    "approved": _l("Approved in full"),
    "partly_approved": _l("Approved in part"),
    "rejected": _l("Not approved"),
}
LANGUAGE = {"ko": "한국어", "en": "English"}


def _verify_limit() -> str:
    return current_app.config.get("VERIFY_RATE_LIMIT", "30 per minute")


# One budget for the form and the code pages together: guessing codes costs the same either way.
verify_limited = limiter.shared_limit(_verify_limit, scope="verify")


class VerifyForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    code = StringField(
        _l("Verification code"), validators=[DataRequired(_l("Enter the code printed on the letter."))]
    )

    def validate_code(self, field) -> None:
        if not is_code(normalize_code(field.data)):
            raise ValidationError(
                _l("A verification code has 10 letters and digits, as printed on the letter.")
            )


class LetterFileForm(FlaskForm):
    letter = FileField(_l("Decision letter (PDF file)"))

    def validate_letter(self, field) -> None:
        if not getattr(field.data, "filename", None):
            raise ValidationError(_l("Choose the PDF file of the letter you received."))


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/verify")
@verify_limited
def verify_form():
    form = VerifyForm(request.args)
    if "code" in request.args and form.validate():
        return redirect(url_for(".verify", code=normalize_code(form.code.data)))
    page = render_template("letters/verify_form.html", form=form, file_form=LetterFileForm(formdata=None))
    return _no_store(Response(page))


@bp.post("/verify/file")
@verify_limited
def verify_file():
    """Check an uploaded letter: its signature, that it is unchanged, which letter it is (nothing is kept)."""
    file_form = LetterFileForm()
    data = b""
    if file_form.validate():
        data = file_form.letter.data.read(letter_checks.MAX_FILE_BYTES + 1)
        if len(data) > letter_checks.MAX_FILE_BYTES:
            file_form.letter.errors.append(_("This file is larger than a decision letter can be (10 MB)."))
        elif not data:
            file_form.letter.errors.append(_("This file is empty. Choose the PDF file of the letter."))
    if file_form.letter.errors:
        page = render_template(
            "letters/verify_form.html", form=VerifyForm(formdata=None), file_form=file_form
        )
        return _no_store(Response(page, status=400))
    check = letter_checks.check_letter_file(get_session(), data)
    page = render_template(
        "letters/verify_file.html", check=check, decision_labels=DECISION, language_labels=LANGUAGE
    )
    return _no_store(Response(page, status=200 if check.genuine else 422))


@bp.get("/verify/<code>")
@verify_limited
def verify(code: str):
    canonical = normalize_code(code)
    if canonical != code and is_code(canonical):
        return redirect(url_for(".verify", code=canonical))
    found = letters.verification(get_session(), canonical) if is_code(canonical) else None
    if found is None:
        body = render_template("letters/verify_unknown.html", form=VerifyForm(formdata=None))
        return _no_store(Response(body, status=404))
    return _no_store(
        Response(
            render_template(
                "letters/verify.html", v=found, decision_labels=DECISION, language_labels=LANGUAGE
            )
        )
    )


def _staff_claim(reference: str) -> Claim:
    claim = get_session().scalar(select(Claim).where(Claim.reference == reference))
    if claim is None:
        abort(404)
    return claim


@bp.get("/review/claims/<reference>/letter-preview")
@roles_required(*STAFF)
def preview(reference: str):
    claim = _staff_claim(reference)
    language = request.args.get("lang") if request.args.get("lang") in ("ko", "en") else None
    try:
        pdf = letters.preview_letter(get_session(), claim, language)
    except NotAllowed as exc:
        flash(str(exc), "error")
        return redirect(url_for("review.claim", claim_id=claim.id))
    name = f"{claim.reference}-preview.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "private, no-store"},
    )


@bp.get("/review/letters")
@roles_required(*STAFF)
def dashboard():
    session = get_session()
    return render_template(
        "letters/dashboard.html",
        progress=letters.progress(session),
        pending=letters.pending_claims(session)[:20],
        background=jobs.queued_in_background(),
        batch=letters.INLINE_BATCH,
    )


@bp.get("/review/letters/progress.json")
@roles_required(*STAFF)
def progress_json():
    p = letters.progress(get_session())
    return jsonify(
        pending=p.pending,
        issued_today=p.issued_today,
        issued=p.issued,
        queued=p.queued,
        percent=p.percent_done,
    )


@bp.post("/review/letters/issue")
@roles_required(*STAFF)
def issue_pending():
    count, background = letters.issue_pending(get_session(), current_user.id)
    if not count:
        flash(_("No letter is due."), "info")
    elif background:
        flash(_("%(count)s letters were queued; this page shows their progress.", count=count), "success")
    else:
        flash(_("%(count)s letters were issued.", count=count), "success")
    return redirect(url_for(".dashboard"))
