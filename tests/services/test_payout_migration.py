"""Migration payout_ledger: a claim exported by a batch before the ledger existed counted as paid; it becomes
one sent payment of the amount in that batch's file (SQLite; the PostgreSQL run migrates an empty schema).

The claims are made with today's models at the revision just before the ledger, so this test expects the
ledger to stay the newest migration that changes `claims` or `users`; a later one needs raw rows here."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from claims import create_app, migrate
from claims.db import get_session
from claims.models import User
from claims.services import incidents
from tests.factories import make_claim

BEFORE_LEDGER = "claim_situations"


def test_claims_exported_before_the_ledger_become_sent_payments(tmp_path, app_config):
    url = f"sqlite:///{tmp_path / 'before-ledger.sqlite3'}"
    migrate.upgrade(url, BEFORE_LEDGER)
    app = create_app({**app_config, "DATABASE_URL": url})
    with app.app_context():
        session = get_session()
        incident = incidents.load_incident_file(session)
        claimant = User(email="old@example.com", password_hash="x", display_name="김민준")
        session.add(claimant)
        session.commit()
        paid, unpaid = (make_claim(session, claimant, incident) for _ in range(2))
        references = (paid.reference, unpaid.reference)
    app.extensions["db_engine"].dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO payout_batches (id, exported_by_id, exported_at, claim_count, total, csv)"
                " VALUES (7, NULL, '2022-11-10 01:00:00.000000', 1, 18290, :csv)"
            ),
            {"csv": f"reference,payee,bank,account,amount\r\n{references[0]},김민준,은행,3333,18290\r\n"},
        )
        conn.execute(
            text(
                "UPDATE claims SET status = 'letter_issued', decision = 'approved', amount_approved = 48290,"
                " payout_batch_id = 7 WHERE reference = :ref"
            ),
            {"ref": references[0]},
        )
    migrate.upgrade(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT reference, batch_id, kind, state, amount FROM payments")).all()
        sent = conn.execute(text("SELECT sent_at FROM payout_batches WHERE id = 7")).scalar()
    engine.dispose()
    # The amount in the file, not the (later raised) approved amount: the difference is still due.
    assert [tuple(row) for row in rows] == [(f"{references[0]}-1", 7, "payment", "sent", 18290)]
    assert sent is not None
