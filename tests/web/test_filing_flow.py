"""Each claimant type files the seed's cases through the web, step by step, and sees them in "My claims"."""

from __future__ import annotations

import pytest
from claimant_helpers import (
    CASES,
    EXPECTED_CLAIMED,
    EXPECTED_TOTAL,
    PNG,
    file_claim,
    fill_contact,
    start,
    submit,
)
from sqlalchemy import select

from claims.db import get_session
from claims.models import AuditEvent, Claim


@pytest.fixture
def claimant(create_user, login, incident):
    user = create_user(email="driver@example.com", language="ko")
    login(user.email)
    return user


@pytest.mark.parametrize("claimant_type", ["taxi_driver", "user", "merchant", "author"])
def test_each_claimant_type_files_its_case_and_sees_it_in_my_claims(app, client, claimant, claimant_type):
    reference = file_claim(client, claimant_type)

    receipt = client.get(f"/my/claims/{reference}/receipt").get_data(as_text=True)
    assert reference in receipt and "접수" in receipt
    listing = client.get("/my/claims").get_data(as_text=True)
    assert reference in listing
    assert f"{EXPECTED_TOTAL[claimant_type]:,}원" in listing
    assert f"{EXPECTED_CLAIMED[claimant_type]:,}원" in listing

    with app.app_context():
        claim = get_session().scalar(select(Claim).where(Claim.reference == reference))
        # Straight-through processing may decide (and letter) a small clean claim at once.
        assert claim.status != "draft" and claim.filed_at is not None
        assert claim.review_status is not None  # triage ran
        assert claim.amount_computed == EXPECTED_TOTAL[claimant_type]
        assert claim.amount_claimed == EXPECTED_CLAIMED[claimant_type]
        snapshot = claim.latest_assessment
        assert snapshot is not None and snapshot.policy_id == "fair-2022" and snapshot.params_hash
        assert snapshot.total == EXPECTED_TOTAL[claimant_type]
        assert all("trace" in line for line in snapshot.lines)
        actions = (
            get_session()
            .scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(claim.id)))
            .all()
        )
        assert {"claim.draft", "claim.contact", "claim.items", "claim.submit"} <= set(actions)


def test_the_taxi_case_shows_the_amounts_line_by_line_before_submitting(client, claimant):
    reference = start(client, "taxi_driver")
    fill_contact(client, reference)
    client.post(f"/my/claims/{reference}/edit/losses", data=CASES["taxi_driver"])
    body = client.get(f"/my/claims/{reference}/edit/review").get_data(as_text=True)
    assert "11,790원" in body and "6,500원" in body and "18,290원" in body
    # The plain-words explanation of each line, from the rules engine.
    assert "카카오T 택시 장애 22시간 30분" in body
    assert "결제되지 않은 운임" in body


@pytest.mark.parametrize("claimant_type", ["taxi_driver", "user", "merchant", "author"])
def test_each_claimant_type_files_in_english_too(client, claimant, claimant_type):
    client.post("/language", data={"language": "en", "next": "/"})
    reference = file_claim(client, claimant_type)
    listing = client.get("/my/claims").get_data(as_text=True)
    assert '<html lang="en">' in listing and "My claims" in listing
    assert reference in listing and f"{EXPECTED_TOTAL[claimant_type]:,} KRW" in listing


def test_the_form_works_in_english_too(client, claimant):
    client.post("/language", data={"language": "en", "next": "/"})
    reference = file_claim(client, "author")
    body = client.get(f"/my/claims/{reference}").get_data(as_text=True)
    assert '<html lang="en">' in body
    assert "2,000,000 KRW" in body and "What happens next" in body


def test_the_receipt_email_is_sent_in_the_claimants_language(app, client, claimant):
    from pathlib import Path

    reference = file_claim(client, "taxi_driver")
    from email import message_from_bytes, policy

    mails = [
        message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in Path(app.config["MAIL_OUTBOX"]).glob("*.eml")
    ]
    receipts = [m for m in mails if reference in m["Subject"] and "접수" in m["Subject"]]
    assert len(receipts) == 1
    assert receipts[0]["To"] == "driver@example.com"
    assert reference in receipts[0].get_content() and "18,290원" in receipts[0].get_content()


def test_a_mail_server_failure_does_not_stop_the_filing_or_its_receipt_page(
    app, client, claimant, monkeypatch
):
    import smtplib

    from claims.services import filing

    def refuse(*_args, **_kwargs):
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr(filing, "send_mail", refuse)
    reference = file_claim(client, "user")  # answers the receipt page: the claim is filed
    receipt = client.get(f"/my/claims/{reference}/receipt").get_data(as_text=True)
    assert reference in receipt and "접수" in receipt
    with app.app_context():
        claim = get_session().scalar(select(Claim).where(Claim.reference == reference))
        assert claim.status != "draft" and claim.filed_at is not None


def test_drafts_are_listed_with_a_continue_link_and_keep_each_step(app, client, claimant):
    reference = start(client, "taxi_driver")
    assert fill_contact(client, reference).headers["Location"].endswith(f"/{reference}/edit/losses")
    listing = client.get("/my/claims").get_data(as_text=True)
    assert reference in listing and f"/my/claims/{reference}/edit/contact" in listing
    # Coming back: the contact step shows what was saved.
    assert 'value="110-123-456789"' in client.get(f"/my/claims/{reference}/edit/contact").get_data(
        as_text=True
    )
    client.post(f"/my/claims/{reference}/edit/losses", data=CASES["taxi_driver"])
    losses = client.get(f"/my/claims/{reference}/edit/losses").get_data(as_text=True)
    assert 'name="unpaid_fares-0-ended_at__time" value="15:40"' in losses and 'value="39000"' in losses
    with app.app_context():
        claim = get_session().scalar(select(Claim).where(Claim.reference == reference))
        assert claim.status == "draft" and len(claim.items) == 2
        assert claim.items[1].inputs["rides"][0]["ended_at"] == "2022-10-15T15:40:00+09:00"


def test_losses_errors_are_shown_next_to_the_row_in_korean_and_keep_what_was_typed(client, claimant):
    reference = start(client, "taxi_driver")
    data = {
        "unpaid_fares-0-started_at": "2022-10-15 15:15",
        "unpaid_fares-0-ended_at": "yesterday",
        "unpaid_fares-0-fare": "6500",
        "unpaid_fares-3-started_at": "2022-10-15 16:00",
        "unpaid_fares-3-ended_at": "2022-10-15 15:00",
        "unpaid_fares-3-fare": "-5",
    }
    response = client.post(f"/my/claims/{reference}/edit/losses", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "error-summary" in body
    assert 'value="yesterday"' in body
    assert 'id="unpaid_fares-0-ended_at-error"' in body
    assert 'id="unpaid_fares-1-fare-error"' in body  # the second row, renumbered
    assert "2022-10-15" in body and "15:30" in body  # the date format is explained
    assert "must be" not in body  # no untranslated rule message


def test_an_empty_losses_step_asks_for_at_least_one_loss(client, claimant):
    reference = start(client, "user")
    body = client.post(f"/my/claims/{reference}/edit/losses", data={}).get_data(as_text=True)
    assert "error-summary" in body


def test_rows_are_added_and_removed_without_javascript(client, claimant):
    reference = start(client, "taxi_driver")
    data = {**CASES["taxi_driver"], "add": "unpaid_fares"}
    body = client.post(f"/my/claims/{reference}/edit/losses", data=data).get_data(as_text=True)
    assert 'name="unpaid_fares-1-fare"' in body and 'value="6500"' in body and "error-summary" not in body
    data = {**CASES["taxi_driver"], "unpaid_fares-1-fare": "", "remove": "unpaid_fares:0"}
    body = client.post(f"/my/claims/{reference}/edit/losses", data=data).get_data(as_text=True)
    assert 'value="6500"' not in body and 'name="unpaid_fares-0-fare"' in body


def test_a_kind_not_allowed_for_the_type_is_ignored(app, client, claimant):
    reference = start(client, "author")
    fill_contact(client, reference)
    data = {
        **CASES["author"],
        "unpaid_fares-0-started_at": "2022-10-15 15:15",
        "unpaid_fares-0-ended_at": "x",
    }
    assert client.post(f"/my/claims/{reference}/edit/losses", data=data).status_code == 302
    with app.app_context():
        claim = get_session().scalar(select(Claim).where(Claim.reference == reference))
        assert [item.kind for item in claim.items] == ["launch_window"]


def test_contact_step_requires_the_type_specific_detail(client, claimant):
    reference = start(client, "merchant")
    body = fill_contact(client, reference, business_number="").get_data(as_text=True)
    assert "사업자등록번호를 입력해 주세요" in body or "error-summary" in body


def test_submit_needs_the_declaration_and_complete_steps(app, client, claimant):
    reference = start(client, "taxi_driver")
    body = client.get(f"/my/claims/{reference}/edit/review").get_data(as_text=True)
    assert "submission_key" not in body  # losses missing: no submit button yet
    fill_contact(client, reference)
    client.post(f"/my/claims/{reference}/edit/losses", data=CASES["taxi_driver"])
    from claimant_helpers import submission_key

    key = submission_key(client, reference)
    response = client.post(f"/my/claims/{reference}/edit/review", data={"submission_key": key})
    assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)
    with app.app_context():
        assert get_session().scalar(select(Claim.status).where(Claim.reference == reference)) == "draft"


def test_evidence_step_uploads_and_continues(client, claimant):
    import io

    reference = start(client, "user")
    response = client.post(
        f"/my/claims/{reference}/edit/evidence",
        data={"files": [(io.BytesIO(PNG), "receipt.png")], "action": "continue"},
        content_type="multipart/form-data",
    )
    assert response.headers["Location"].endswith(f"/{reference}/edit/review")
    assert "receipt.png" in client.get(f"/my/claims/{reference}/edit/evidence").get_data(as_text=True)


def test_a_submitted_claim_cannot_be_edited(client, claimant):
    reference = file_claim(client, "user")
    response = client.post(f"/my/claims/{reference}/edit/losses", data=CASES["user"])
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/my/claims/{reference}")
    assert submit  # the helper is used by file_claim
