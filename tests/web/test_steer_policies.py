"""The policy comparison pages: compare, CSV, a refused draft with the field named, adoption by a second
supervisor."""

from __future__ import annotations

from claims.models import Claim
from claims.services.incidents import get_incident
from tests.factories import AUTHOR_ITEMS, make_claim


def test_compare_draft_and_adopt(client, login, session, people, incident):
    incident = get_incident(session, incident.id)
    claim = make_claim(session, people["claimant"], incident)
    make_claim(session, people["other"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    login("supervisor@example.com")

    page = client.get("/steer/policies?a=as-paid-2022&b=fair-2022")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in text and 'id="compare-histogram"' in text
    assert 'id="total-a"' in text

    csv = client.get("/steer/policies/compare.csv?a=as-paid-2022&b=fair-2022")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert claim.reference in csv.get_data(as_text=True)

    form = client.get("/steer/policies/draft?base=fair-2022").get_data(as_text=True)
    assert 'name="v-subscription.multiplier"' in form and 'name="r-subscription.multiplier"' in form
    bad = client.post("/steer/policies/draft?base=fair-2022", data={"v-lost_income.line_cap": "-5"})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "heads.lost_income.line_cap.value" in body
    assert 'id="v-lost_income.line_cap" name="v-lost_income.line_cap" value="-5" aria-invalid="true"' in body

    made = client.post(
        "/steer/policies/draft?base=fair-2022",
        data={
            "v-subscription.multiplier": "12",
            "r-subscription.multiplier": "committee, 30 Nov",
            "note": "try",
        },
    )
    assert made.status_code == 302 and "b=fair-2022.2" in made.headers["Location"]
    compared = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "fair-2022.2" in compared
    assert "/steer/policies/fair-2022.2/adopt" not in compared  # the drafter is offered no signature

    refused = client.post("/steer/policies/fair-2022.2/adopt", follow_redirects=True)
    assert refused.status_code == 200
    assert session.get(Claim, claim.id).policy_id == "fair-2022"

    client.post("/logout")
    login("supervisor2@example.com")
    adopted = client.post("/steer/policies/fair-2022.2/adopt")
    assert adopted.status_code == 302 and "/steer/windows/runs/" in adopted.headers["Location"]
    session.expire_all()
    assert session.get(Claim, claim.id).policy_id == "fair-2022.2"
