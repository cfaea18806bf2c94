"""The load bench's submission surge files real claims: the drafts bench/load_drafts.py prepares are complete,
belong to their accounts, do not look like duplicates of each other, and are filed by exactly the request
bench/locustfile.py's Submitter sends (the key the review page carries, the declaration) — so the figure the
surge prints counts claims filed, never refusals or detours."""

from __future__ import annotations

from sqlalchemy import select

from bench.load_drafts import make_drafts
from claims.db import get_session
from claims.models import Claim


def test_surge_drafts_are_filed_by_the_submitters_request(app, incident, client, login):
    with app.test_request_context():
        drafts = make_drafts(
            get_session(), drafts=3, accounts=2, password="password123", hash_method="pbkdf2:sha256:1"
        )
    assert [d["email"] for d in drafts] == [
        "bench-surge-0@bench.example",
        "bench-surge-1@bench.example",
        "bench-surge-0@bench.example",
    ]
    assert len({d["reference"] for d in drafts}) == 3

    login("bench-surge-0@bench.example")
    for draft in (drafts[0], drafts[2]):
        base = f"/my/claims/{draft['reference']}"
        response = client.post(
            f"{base}/edit/review", data={"submission_key": draft["key"], "declaration": "y"}
        )
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"{base}/receipt")
        assert client.get(f"{base}/receipt").status_code == 200

    # another account's draft is not this claimant's to file
    other = drafts[1]
    response = client.post(
        f"/my/claims/{other['reference']}/edit/review",
        data={"submission_key": other["key"], "declaration": "y"},
    )
    assert response.status_code == 404

    with app.app_context():
        claims = {c.reference: c for c in get_session().scalars(select(Claim))}
        filed = [claims[drafts[0]["reference"]], claims[drafts[2]["reference"]]]
        # filed (the test settings may decide small claims straight through; the bench's do not)
        assert all(c.status != "draft" and c.filed_at is not None for c in filed)
        assert all(c.amount_claimed == 40000 and c.amount_computed > 0 for c in filed)
        assert all("DUPLICATE" not in str(c.signals or "") for c in filed)
        assert claims[other["reference"]].status == "draft"
