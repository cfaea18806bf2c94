"""Decision letters on the web: public verification (no personal data, rate-limited), staff preview,
downloads, and the bulk issuing dashboard."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from claims.models import Claim, Letter
from claims.services import letters
from tests.factories import make_claim
from tests.letters.letters_support import pdf_text
from tests.letters_factories import decided_claim

EN = {"Accept-Language": "en"}

# Every letter test runs with the letters in the local folder and in an S3 bucket.
pytestmark = pytest.mark.usefixtures("any_store")


@pytest.fixture
def issued(session, incident, people):
    claim = decided_claim(
        session,
        people["claimant"],
        incident,
        contact_phone="010-5555-1234",
        contact_email="minjun@example.com",
    )
    letter = letters.issue_letter(claim.id)
    return session.get(Claim, claim.id), letter


def test_verification_shows_the_letter_and_no_personal_data(client, issued):
    claim, letter = issued
    response = client.get(f"/verify/{letter.verification_code}", headers=EN)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    for fact in (claim.reference, "Approved in part", "18,290 KRW", "2022-11-03", letter.sha256):
        assert fact in body
    for private in ("김민준", "minjun@example.com", "010-5555-1234", claim.payout_account, "카카오뱅크"):
        assert private not in body
    assert response.headers["Cache-Control"] == "no-store"
    assert "replaced" not in body


def test_a_code_is_found_however_it_is_typed(client, issued):
    _claim, letter = issued
    code = letter.verification_code
    typed = f"{code[:5].lower()}-{code[5:]}"
    response = client.get(f"/verify?code={typed}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/verify/{code}")
    response = client.get(f"/verify/{code.lower()}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/verify/{code}")


def test_an_unknown_or_malformed_code_is_a_404_that_says_so(client, issued):
    for code in ("ZZZZZZZZZZ", "nonsense!", "A" * 11):
        response = client.get(f"/verify/{code}", headers=EN)
        assert response.status_code == 404
        assert "No letter has this code" in response.get_data(as_text=True)


def test_the_verify_form_explains_a_bad_code(client):
    body = client.get("/verify", headers=EN).get_data(as_text=True)
    assert "Check a decision letter" in body and "error-summary" not in body
    response = client.get("/verify?code=12", headers=EN)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "error-summary" in body
    assert "10 letters and digits" in body and 'value="12"' in body
    assert "Enter the code printed on the letter." in client.get("/verify?code=", headers=EN).get_data(
        as_text=True
    )


def test_a_replaced_letter_says_so(client, session, incident, people, issued):
    from tests.factories import appeal
    from tests.letters_factories import DECIDED_AT, decide

    claim, first = issued
    appeal(session, claim)
    decide(session, claim, people["reviewer"], decided_at=DECIDED_AT.replace(day=20))
    letters.issue_letter(claim.id)
    body = client.get(f"/verify/{first.verification_code}", headers=EN).get_data(as_text=True)
    assert "This letter has been replaced." in body and "2022-11-21" in body


def test_verification_is_rate_limited(app_config, issued):
    from claims import create_app

    _claim, letter = issued
    limited = create_app({**app_config, "RATELIMIT_ENABLED": True, "VERIFY_RATE_LIMIT": "3 per minute"})
    client = limited.test_client()
    statuses = [client.get(f"/verify/{letter.verification_code}").status_code for _ in range(3)]
    statuses.append(client.get("/verify?code=ZZZZZZZZZZ").status_code)  # the form shares the budget
    limited.extensions["db_engine"].dispose()
    assert statuses == [200, 200, 200, 429]


def test_staff_preview_the_letter_as_a_pdf(client, login, people, issued):
    claim, letter = issued
    login(people["reviewer"].email)
    response = client.get(f"/review/claims/{claim.reference}/letter-preview?lang=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline;")
    text = pdf_text(response.data)
    assert f"Your claim {claim.reference} has been approved in part." in text
    # A preview says so on every page, and has no verification code, QR code or signature.
    assert "Preview: this is not an issued letter and has no effect." in text
    assert letter.verification_code not in text and "/verify/" not in text
    korean = client.get(f"/review/claims/{claim.reference}/letter-preview").data
    assert korean != letter.pdf and "미리보기" in pdf_text(korean) and b"/ByteRange" not in korean
    assert client.get("/review/claims/KC-0000-NONE00/letter-preview").status_code == 404


def test_the_reviewer_claim_page_links_the_letters_and_the_previews(client, login, people, issued):
    claim, letter = issued
    login(people["reviewer"].email)
    page = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    assert f"/review/claims/{claim.reference}/letter-preview?lang=ko" in page
    assert f"/review/claims/{claim.reference}/letter-preview?lang=en" in page
    assert f"/my/claims/{claim.reference}/letters/{letter.id}" in page
    assert client.get(f"/my/claims/{claim.reference}/letters/{letter.id}").data == letter.pdf


def test_a_preview_of_an_undecided_claim_goes_back_to_the_claim(client, session, incident, login, people):
    claim = make_claim(session, people["claimant"], incident)
    login(people["supervisor"].email)
    response = client.get(f"/review/claims/{claim.reference}/letter-preview")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/review/claims/{claim.id}")


@pytest.mark.parametrize("who", ["claimant", "other", "admin"])
def test_only_reviewers_and_supervisors_preview(client, login, people, issued, who):
    claim, _letter = issued
    login(people[who].email)
    assert client.get(f"/review/claims/{claim.reference}/letter-preview").status_code == 403


def test_anonymous_preview_asks_to_sign_in(client, issued):
    claim, _letter = issued
    response = client.get(f"/review/claims/{claim.reference}/letter-preview")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def _download_url(app, claim, letter) -> str:
    endpoints = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    if "claimant.download_letter" not in endpoints:
        pytest.skip("the claimant's letter download is not there yet")
    with app.test_request_context():
        from flask import url_for

        return url_for(
            "claimant.download_letter", reference=claim.reference, letter_id=letter.id, _external=False
        )


@pytest.mark.parametrize(("who", "status"), [("claimant", 200), ("reviewer", 200), ("other", 404)])
def test_a_letter_is_downloaded_only_by_its_claimant_and_staff(
    app, client, login, people, issued, who, status
):
    claim, letter = issued
    url = _download_url(app, claim, letter)
    login(people[who].email)
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert response.data == letter.pdf and response.mimetype == "application/pdf"


def test_anonymous_download_asks_to_sign_in(app, client, issued):
    claim, letter = issued
    response = client.get(_download_url(app, claim, letter))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_dashboard_counts_and_issues_due_letters(app, client, session, incident, login, people, issued):
    app.config["REDIS_URL"] = None
    for _ in range(2):
        decided_claim(session, people["claimant"], incident)
    login(people["reviewer"].email)
    body = client.get("/review/letters").get_data(as_text=True)
    assert 'data-count="pending">2<' in body and 'data-count="issued">1<' in body
    assert client.get("/review/letters/progress.json").get_json()["pending"] == 2
    response = client.post("/review/letters/issue", follow_redirects=True)
    assert response.status_code == 200
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Letter)) == 3
    progress = client.get("/review/letters/progress.json").get_json()
    assert progress["pending"] == 0 and progress["issued"] == 3 and progress["queued"] is None


def test_the_dashboard_is_for_staff_only(client, login, people):
    login(people["claimant"].email)
    assert client.get("/review/letters").status_code == 403
    assert client.post("/review/letters/issue").status_code == 403


# ---- checking a letter file on /verify (nothing stored) ----------------------------------------------------


def _upload(client, data: bytes, name: str = "letter.pdf"):
    import io

    return client.post(
        "/verify/file",
        data={"letter": (io.BytesIO(data), name)},
        headers=EN,
        content_type="multipart/form-data",
    )


def test_an_uploaded_issued_letter_is_genuine_and_nothing_is_kept(client, app, issued, tmp_path):
    from pathlib import Path

    claim, letter = issued
    before = (
        sorted(p.name for p in Path(app.config["UPLOAD_DIR"]).rglob("*"))
        if Path(app.config["UPLOAD_DIR"]).exists()
        else []
    )
    response = _upload(client, letter.pdf)
    body = response.get_data(as_text=True)
    assert response.status_code == 200, body
    assert "This file is a genuine decision letter" in body
    for fact in (claim.reference, letter.verification_code, "Approved in part", "18,290 KRW", letter.sha256):
        assert fact in body
    assert "김민준" not in body and claim.payout_account not in body
    assert response.headers["Cache-Control"] == "no-store"
    after = (
        sorted(p.name for p in Path(app.config["UPLOAD_DIR"]).rglob("*"))
        if Path(app.config["UPLOAD_DIR"]).exists()
        else []
    )
    assert after == before


def test_an_uploaded_letter_with_a_changed_byte_is_refused(client, issued):
    _claim, letter = issued
    changed = bytearray(letter.pdf)
    changed[len(changed) // 2] ^= 0x01
    response = _upload(client, bytes(changed))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This file is not a genuine decision letter" in body
    assert "changed after the portal signed it" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a not a letter", "This file is not a PDF file that can be read."),
        (b"%PDF-1.4\n garbage", "This file is not a PDF file that can be read."),
    ],
)
def test_a_file_that_is_not_a_letter_gets_a_clear_answer(client, data, message):
    response = _upload(client, data, "photo.gif")
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_an_unsigned_pdf_and_a_preview_are_not_letters(client, login, people, issued):
    claim, _letter = issued
    login(people["reviewer"].email)
    preview = client.get(f"/review/claims/{claim.reference}/letter-preview").data
    response = _upload(client, preview)
    assert response.status_code == 422
    # The reviewer's account reads Korean.
    assert "이 PDF 파일에는 포털의 서명이 없습니다." in response.get_data(as_text=True)


def test_no_file_or_an_empty_file_is_asked_for_again(client):
    response = client.post("/verify/file", data={}, headers=EN, content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "error-summary" in body
    assert "Choose the PDF file of the letter you received." in body
    response = _upload(client, b"")
    assert response.status_code == 400


def test_the_verify_page_offers_the_upload(client):
    body = client.get("/verify", headers=EN).get_data(as_text=True)
    assert 'action="/verify/file"' in body and 'enctype="multipart/form-data"' in body
