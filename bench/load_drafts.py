"""Complete drafts for the submission surge of `make bench-load` (bench/load_bench.py runs this).

Run (with the portal's environment: DATABASE_URL, SECRET_KEY, …):
  .venv/bin/python bench/load_drafts.py OUT.json --drafts 4000 --accounts 100 --password PASSWORD

Makes `--accounts` confirmed claimant accounts (bench-surge-N@bench.example, a cheap password hash: signing
in is not the load being measured) and `--drafts` claims that are complete but not yet filed, made the way the
claim form makes them (filing.start_draft, save_contact, save_items: the same services, checks and audit
entries), with the losses of bench/load_data.py and a contact and payout account of their own (no accidental
duplicate signals between them). Writes, for each draft, the account, the reference and the submission key
the review page carries — what a claimant whose review page is open has in front of them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The losses the browser journey types into the form (bench/load_data.py LOSSES), as the form saves them.
ITEMS = [
    {
        "kind": "out_of_pocket",
        "service": "kakao_t_bike",
        "category": "late_fee",
        "incurred_at": "2022-10-16T10:00",
        "amount": 10000,
    },
    {"kind": "voucher", "face_value": 30000, "expires_at": "2022-10-16T12:00"},
]


def make_drafts(session, drafts: int, accounts: int, password: str, hash_method: str) -> list[dict]:
    """`accounts` confirmed claimants and `drafts` complete claims of theirs, made by the claim form's
    services; returns each draft's account, reference and submission key."""
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from bench.load_data import CONTACT
    from claims.db import utcnow
    from claims.models import User
    from claims.services import filing
    from claims.services.confirmation import PRIVACY_CONSENT_VERSION

    now = utcnow()
    hashed = generate_password_hash(password, method=hash_method)
    emails = [f"bench-surge-{n}@bench.example" for n in range(accounts)]
    session.execute(
        insert(User),
        [
            dict(
                email=email,
                display_name=f"제출 청구인 {n}",
                phone="010-4000-0000",
                role="claimant",
                language="ko",
                password_hash=hashed,
                email_confirmed_at=now,
                privacy_consent_at=now,
                privacy_consent_version=PRIVACY_CONSENT_VERSION,
            )
            for n, email in enumerate(emails)
        ],
    )
    session.commit()
    ids = list(session.scalars(select(User.id).where(User.email.in_(emails)).order_by(User.id)))
    made = []
    for n in range(drafts):
        user = session.get(User, ids[n % len(ids)])
        claim = filing.start_draft(session, user, "user")
        contact = {
            **CONTACT,
            "contact_phone": f"010-5{n // 10**4:03d}-{n % 10**4:04d}",
            "contact_email": f"surge-{n}@bench.example",
            "payout_account": f"220-{n:08d}",
        }
        filing.save_contact(session, claim, user, contact)
        filing.save_items(session, claim, user, [dict(item) for item in ITEMS])
        if filing.missing_for_submission(claim):
            raise SystemExit(
                f"draft {claim.reference} is not complete: {filing.missing_for_submission(claim)}"
            )
        made.append({"email": user.email, "reference": claim.reference, "key": claim.submission_key})
        session.expunge_all()  # keep the session small: thousands of drafts
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--drafts", type=int, default=4000)
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()

    from claims import create_app
    from claims.db import get_session

    app = create_app()
    started = time.perf_counter()
    with app.test_request_context():
        drafts = make_drafts(get_session(), args.drafts, args.accounts, args.password, "pbkdf2:sha256:1000")
    args.out.write_text(json.dumps(drafts))
    print(f"{len(drafts)} drafts for {args.accounts} accounts in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
