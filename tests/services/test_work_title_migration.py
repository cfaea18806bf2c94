"""Migration work_title: an author's filed claim stored before the title was asked gets a marked title, so
the rules read it again (comparisons and reassessments re-read every filed claim); drafts are left to their
owner, who is asked at the next save."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from claims import create_app, migrate
from claims.db import get_session
from claims.models import User
from claims.rules import parse_claim
from claims.services import incidents
from claims.services.incidents import rules_incident
from tests.factories import make_claim

LAUNCH = {
    "kind": "launch_window",
    "service": "kakaopage",
    "work_title": "달빛 정원",
    "launch_at": "2022-10-15T14:00:00+09:00",
    "expected_earnings": 1000000,
}


def test_filed_author_claims_without_a_title_get_a_marked_one(tmp_path, app_config):
    url = f"sqlite:///{tmp_path / 'before-title.sqlite3'}"
    migrate.upgrade(url, "payout_ledger")
    app = create_app({**app_config, "DATABASE_URL": url})
    with app.app_context():
        session = get_session()
        incident = incidents.load_incident_file(session)
        author = User(email="author-old@example.com", password_hash="x", display_name="정작가")
        session.add(author)
        session.commit()
        filed, draft = (
            make_claim(session, author, incident, claimant_type="author", items=[dict(LAUNCH)], status=status)
            for status in ("submitted", "draft")
        )
        ids = (filed.id, draft.id)
    app.extensions["db_engine"].dispose()
    engine = create_engine(url)
    with engine.begin() as conn:  # as such items were stored before the rules asked for the title
        for row_id, inputs in conn.execute(text("SELECT id, inputs FROM claim_items")).all():
            data = json.loads(inputs)
            data.pop("work_title", None)
            conn.execute(
                text("UPDATE claim_items SET inputs = :i WHERE id = :id"),
                {"i": json.dumps(data), "id": row_id},
            )
    migrate.upgrade(url)
    with engine.connect() as conn:
        stored = {
            claim_id: json.loads(inputs)
            for claim_id, inputs in conn.execute(text("SELECT claim_id, inputs FROM claim_items")).all()
        }
    engine.dispose()
    assert stored[ids[0]]["work_title"] == "제목 미기재"
    assert "work_title" not in stored[ids[1]]  # the draft's owner is asked at the next save
    with app.app_context():
        rules = rules_incident(incidents.default_incident(get_session()))
        claim = parse_claim(
            {"claimant_type": "author", "items": [{"kind": "launch_window", **stored[ids[0]]}]}, rules
        )
        assert claim.items[0].work_title == "제목 미기재"
