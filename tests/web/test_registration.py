"""Registration: 개인정보 수집·이용 동의, e-mail confirmed before filing, no hint that an address exists."""

from __future__ import annotations

from claims.db import get_session
from claims.services.accounts import find_by_email
from claims.services.confirmation import PRIVACY_CONSENT_VERSION
from tests.web.mail_helpers import last_link, messages

FORM = {
    "display_name": "홍길동",
    "email": "Hong@Example.com",
    "phone": "010-1234-5678",
    "language": "ko",
    "password": "correct horse",
    "confirm": "correct horse",
    "privacy_consent": "agree",
}


def test_the_consent_shows_its_four_items_and_is_asked_on_its_own(client):
    body = client.get("/register").get_data(as_text=True)
    assert "개인정보 수집·이용 동의" in body
    for item in ("수집·이용 목적", "수집 항목", "보유·이용 기간", "동의를 거부할 권리"):
        assert item in body, item
    assert "보상 절차가 끝난 날부터 5년간 보관" in body
    # No answer is chosen for the person.
    radios = [part.split(">")[0] for part in body.split('name="privacy_consent"')[1:]]
    assert len(radios) == 2 and not any("checked" in radio for radio in radios)


def test_registration_without_consent_creates_nothing_and_says_what_follows(app, client):
    for answer in (None, "refuse"):
        data = (
            {**FORM, "privacy_consent": answer}
            if answer
            else {k: v for k, v in FORM.items() if k != "privacy_consent"}
        )
        body = client.post("/register", data=data).get_data(as_text=True)
        assert "error-summary" in body
        assert 'value="홍길동"' in body  # what was typed is kept
    assert "동의하지 않으시면 보상 청구를 접수하거나 처리할 수 없" in body
    with app.app_context():
        assert find_by_email(get_session(), FORM["email"]) is None
    assert not messages(app.config["MAIL_OUTBOX"])


def test_registration_stores_the_consent_and_sends_a_link_that_confirms_the_address(app, client, login):
    response = client.post("/register", data=FORM)
    assert response.status_code == 302 and response.headers["Location"].endswith("/register/sent")
    assert "이메일을 확인해 주세요" in client.get("/register/sent").get_data(as_text=True)
    with app.app_context():
        user = find_by_email(get_session(), "hong@example.com")
        assert user.privacy_consent_version == PRIVACY_CONSENT_VERSION and user.privacy_consent_at is not None
        assert user.email_confirmed_at is None
    [mail] = messages(app.config["MAIL_OUTBOX"])
    assert mail["To"] == "hong@example.com" and mail["Date"]
    assert client.get("/my/claims").status_code == 302  # registering does not sign in

    login("hong@example.com", "correct horse")
    refused = client.get("/my/claims/new")
    assert refused.status_code == 403
    page = refused.get_data(as_text=True)
    assert "이메일 주소를 먼저 확인해 주세요" in page and "/confirm/resend" in page
    assert client.post("/my/claims/new", data={"type": "user"}).status_code == 403

    again = client.post("/confirm/resend", data={"next": "/my/claims/new"})
    assert again.status_code == 302 and again.headers["Location"].endswith("/my/claims/new")
    assert len(messages(app.config["MAIL_OUTBOX"])) == 2

    confirmed = client.get(last_link(app.config["MAIL_OUTBOX"], "/confirm/"))
    assert confirmed.status_code == 302
    with app.app_context():
        assert find_by_email(get_session(), "hong@example.com").email_confirmed_at is not None
    assert client.get("/my/claims/new").status_code == 200


def test_a_forged_confirmation_link_is_refused_with_a_message(client):
    response = client.get("/confirm/not-a-token", follow_redirects=True)
    assert "올바르지 않은 확인 링크입니다" in response.get_data(as_text=True)


def test_registering_a_taken_address_says_the_same_and_tells_only_the_owner(app, client, create_user, login):
    owner = create_user(email="taken@example.com", password="owner-password")
    new = client.post("/register", data=FORM)
    taken = client.post(
        "/register", data={**FORM, "email": "TAKEN@example.com", "password": "x" * 10, "confirm": "x" * 10}
    )
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"]
    mails = {m["To"]: m for m in messages(app.config["MAIL_OUTBOX"])}
    assert "/confirm/" in mails["hong@example.com"].get_content()
    notice = mails["taken@example.com"].get_content()
    assert "/confirm/" not in notice and "/password/reset" in notice and "/login" in notice
    # The owner's account is untouched: the old password still works, the visitor's does not.
    assert login(owner.email, "x" * 10).status_code == 200
    assert login(owner.email, "owner-password").status_code == 302


def test_a_password_reset_link_also_confirms_the_address(app, client, create_user):
    user = create_user(email_confirmed=False)
    client.post("/password/reset", data={"email": user.email})
    link = last_link(app.config["MAIL_OUTBOX"], "/password/reset/")
    client.post(link, data={"password": "brand-new-pass", "confirm": "brand-new-pass"})
    with app.app_context():
        assert find_by_email(get_session(), user.email).email_confirmed_at is not None


def test_seed_demo_accounts_are_confirmed(runner, app):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        user = find_by_email(get_session(), "driver@example.com")
        assert user.email_confirmed and user.privacy_consent_version == PRIVACY_CONSENT_VERSION


def test_receipts_and_notices_go_only_to_the_confirmed_account_address(
    app, client, create_user, login, incident
):
    from claims.models import Claim, User
    from claims.services import review_notify
    from tests.web.claimant_helpers import CASES, fill_contact, fill_losses, start, submit

    owner = create_user(email="owner@example.com")
    login(owner.email)
    reference = start(client, "taxi_driver")
    fill_contact(
        client, reference, contact_email="stranger@example.com"
    )  # a typed address is never written to
    fill_losses(client, reference, CASES["taxi_driver"])
    submit(client, reference)
    assert {m["To"] for m in messages(app.config["MAIL_OUTBOX"])} == {"owner@example.com"}
    assert all(m["Date"] for m in messages(app.config["MAIL_OUTBOX"]))
    sent = len(messages(app.config["MAIL_OUTBOX"]))  # the receipt (and the letter's, if approved at once)

    with app.app_context():
        session = get_session()
        user = session.get(User, owner.id)
        user.email_confirmed_at = None  # e.g. an account from before confirmation existed
        session.commit()
        claim = session.query(Claim).filter_by(reference=reference).one()
        review_notify.decision_taken(claim, user)
    assert len(messages(app.config["MAIL_OUTBOX"])) == sent  # nothing more was sent
