"""What the load journeys type into the claim form, shared by bench/locustfile.py and bench/request_cpu.py
(which cannot import the locustfile: importing it monkey-patches the process with gevent)."""

from __future__ import annotations

from pathlib import Path

PHOTO = (Path(__file__).resolve().parent / "load_photo.png").read_bytes()

CONTACT = {
    "contact_name": "부하시험",
    "contact_phone": "010-1000-0002",
    "contact_email": "bench@example.com",
    "payout_bank": "KB국민은행",
    "payout_account": "110-123-456789",
    "payout_holder": "부하시험",
}
LOSSES = {
    "out_of_pocket-0-service": "kakao_t_bike",
    "out_of_pocket-0-category": "late_fee",
    "out_of_pocket-0-incurred_at": "2022-10-16 10:00",
    "out_of_pocket-0-amount": "10000",
    "voucher-0-face_value": "30000",
    "voucher-0-expires_at": "2022-10-16 12:00",
}
