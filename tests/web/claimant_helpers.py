"""Helpers for the claimant web tests: sign in, fill each step of the claim form, file a claim."""

from __future__ import annotations

import re

from tests.samples import PDF, PNG  # noqa: F401 — re-exported for the claimant tests

CONTACT = {
    "contact_name": "박택시",
    "contact_phone": "010-1000-0002",
    "contact_email": "driver@example.com",
    "payout_bank": "004",
    "payout_account": "110-123-456789",
    "payout_holder": "박택시",
    "vehicle_number": "서울12바3456",
    "business_number": "123-45-67890",
}

# The seed's cases, as the losses step posts them.
CASES = {
    "taxi_driver": {
        "subscription-0-service": "kakao_t_taxi",
        "subscription-0-monthly_fee": "39,000",
        "unpaid_fares-0-started_at": "2022-10-15 15:15",
        "unpaid_fares-0-ended_at": "2022-10-15 15:40",
        "unpaid_fares-0-fare": "6500",
    },
    "user": {
        "out_of_pocket-0-service": "kakao_t_bike",
        "out_of_pocket-0-category": "late_fee",
        "out_of_pocket-0-incurred_at": "2022-10-16 10:00",
        "out_of_pocket-0-amount": "100000",
        "voucher-0-face_value": "30000",
        "voucher-0-expires_at": "2022-10-16 12:00",
    },
    "merchant": {
        "lost_sales-0-service": "kakaotalk_gift",
        "lost_sales-0-daily_sales": "200000",
        "lost_sales-0-open": "10:00",
        "lost_sales-0-close": "22:00",
        "ad_spend-0-sent_at": "2022-10-15 16:00",
        "ad_spend-0-cost": "50000",
    },
    "author": {
        "launch_window-0-service": "kakaopage",
        "launch_window-0-work_title": "달빛 정원",
        "launch_window-0-launch_at": "2022-10-15 12:00",
        "launch_window-0-expected_earnings": "2000000",
    },
}
# What the rules give for each case under fair-2022 (POLICY §4 and §6).
EXPECTED_TOTAL = {
    "taxi_driver": 11790 + 6500,
    "user": 100000 + 30000,
    "merchant": 90000 + 50000,
    "author": 2000000,
}
EXPECTED_CLAIMED = {
    "taxi_driver": 39000 + 6500,
    "user": 100000 + 30000,
    "merchant": 200000 + 50000,
    "author": 2000000,
}


def start(client, claimant_type: str) -> str:
    response = client.post("/my/claims/new", data={"type": claimant_type})
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.search(r"/my/claims/(KC-\d{4}-[0-9A-Z]{6})/edit/contact", response.headers["Location"])
    assert match, response.headers["Location"]
    return match[1]


def fill_contact(client, reference: str, **overrides):
    return client.post(f"/my/claims/{reference}/edit/contact", data={**CONTACT, **overrides})


def fill_losses(client, reference: str, data: dict):
    return client.post(f"/my/claims/{reference}/edit/losses", data=data)


def submission_key(client, reference: str) -> str:
    body = client.get(f"/my/claims/{reference}/edit/review").get_data(as_text=True)
    match = re.search(r'name="submission_key"[^>]*value="([^"]+)"', body) or re.search(
        r'value="([^"]+)"[^>]*name="submission_key"', body
    )
    assert match, body
    return match[1]


def submit(client, reference: str, key: str | None = None):
    key = key or submission_key(client, reference)
    return client.post(
        f"/my/claims/{reference}/edit/review", data={"submission_key": key, "declaration": "y"}
    )


def file_claim(client, claimant_type: str, losses: dict | None = None) -> str:
    reference = start(client, claimant_type)
    assert fill_contact(client, reference).status_code == 302
    response = fill_losses(client, reference, losses or CASES[claimant_type])
    assert response.status_code == 302, response.get_data(as_text=True)
    response = submit(client, reference)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/{reference}/receipt")
    return reference
