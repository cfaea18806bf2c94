"""Policy comparison over the claim population, drafts checked by the policy loader, adoption with a second
supervisor's signature, and the reassessment that follows it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claims import rules
from claims.errors import InvalidInput, NotAllowed
from claims.models import Claim
from claims.services import assessments, comparison, policies, reassess
from claims.services.incidents import get_incident, rules_incident
from claims.services.population import load
from tests.factories import AUTHOR_ITEMS, TAXI_ITEMS, make_claim

MERCHANT = [
    {
        "kind": "lost_sales",
        "service": "kakaotalk_gift",
        "daily_sales": 200000,
        "business_hours": {"open": "10:00", "close": "22:00"},
    }
]


@pytest.fixture
def claims_world(session, people, incident):
    incident = get_incident(session, incident.id)
    made = [
        make_claim(session, people["claimant"], incident),
        make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS),
        make_claim(session, people["other"], incident, claimant_type="merchant", items=MERCHANT),
        make_claim(
            session,
            people["other"],
            incident,
            items=TAXI_ITEMS,
            status="decided",
            decision="approved",
            amount_approved=48290,
        ),
    ]
    return incident, made


def test_comparison_totals_are_the_sums_of_individual_assessments(session, claims_world, app):
    incident, made = claims_world
    fair, as_paid = rules.load_policy("fair-2022"), rules.load_policy("as-paid-2022")
    result = comparison.compare(session, incident, as_paid, fair, 1_000_000, keep_rows=True)
    engine_incident = rules_incident(incident)
    expected = {}
    for policy in (as_paid, fair):
        for claim in made:
            parsed = rules.parse_claim(assessments.claim_payload(claim))
            expected.setdefault(policy.id, {}).setdefault(claim.claimant_type, 0)
            expected[policy.id][claim.claimant_type] += rules.assess(parsed, engine_incident, policy).total
    for kind, a, b in result.per_type:
        assert a == expected["as-paid-2022"].get(kind, 0)
        assert b == expected["fair-2022"].get(kind, 0)
    assert result.claims == 4 and result.claimants == 2
    # the merchant: 30,000 under as-paid, 90,000 under fair (POLICY §6); the author crosses the limit
    assert ("merchant", 30_000, 90_000) in result.per_type
    assert result.crossing_up == [made[1].reference]
    assert sum(count for _label, count in result.histogram) == 4
    assert sum(a for _r, _t, _s, a, _b in result.rows) == result.total[0]
    text = "\n".join(comparison.summary_lines(result))
    assert "as-paid-2022 → fair-2022" in text
    assert (
        comparison.csv_text(result).splitlines()[0]
        == "reference,claimant_type,status,as-paid-2022,fair-2022,difference"
    )


def test_a_draft_with_an_invalid_parameter_is_refused_with_the_field_named(session, people):
    with pytest.raises(InvalidInput) as bad:
        policies.create_draft(
            session, "fair-2022", {"lost_income.line_cap": "-5"}, {}, "", people["supervisor"].id
        )
    assert bad.value.field == "lost_income.line_cap"
    assert "heads.lost_income.line_cap.value" in str(bad.value) and "non-negative" in str(bad.value)
    with pytest.raises(InvalidInput) as weight:
        policies.create_draft(
            session, "fair-2022", {"common.partial_weight": "1.5"}, {}, "", people["supervisor"].id
        )
    assert weight.value.field == "common.partial_weight"


def test_adoption_needs_a_second_supervisor_and_reassesses_undecided_claims(session, claims_world, people):
    incident, made = claims_world
    draft = policies.create_draft(
        session,
        "fair-2022",
        {"lost_income.rate": "0.8", "subscription.multiplier": "12"},
        {"subscription.multiplier": "committee minutes of 2026-11-30"},
        "try a higher multiple",
        people["supervisor"].id,
    )
    assert draft.policy_id == "fair-2022.2" and draft.state == "draft"
    assert sorted(draft.changed) == ["lost_income.rate", "subscription.multiplier"]
    assert draft.data["heads"]["subscription"]["multiplier"]["reference"] == "committee minutes of 2026-11-30"

    with pytest.raises(NotAllowed):
        policies.adopt(session, draft.policy_id, people["supervisor"])  # the drafter cannot sign
    with pytest.raises(NotAllowed):
        policies.adopt(session, draft.policy_id, people["reviewer"])
    with pytest.raises(rules.PolicyError):
        assessments.policy(draft.policy_id)  # a draft is nobody's policy yet

    adopted = policies.adopt(session, draft.policy_id, people["supervisor2"])
    assert adopted.state == "adopted" and adopted.signed_by_id == people["supervisor2"].id
    assert assessments.current_policy_id(session) == "fair-2022.2"
    reassess.start(
        session,
        get_incident(session, incident.id),
        "policy",
        people["supervisor2"].id,
        policy_id=adopted.policy_id,
    )
    session.expire_all()
    taxi = session.get(Claim, made[0].id)
    assert taxi.policy_id == "fair-2022.2"
    # 39,000 × 22.5 / 744 × 12 = 14,153.2 → 14,150 (was 11,790)
    assert taxi.latest_assessment.lines[0]["amount"] == 14_150
    assert taxi.latest_assessment.policy_id == "fair-2022.2" and taxi.assessments[0].policy_id == "fair-2022"
    decided = session.get(Claim, made[3].id)
    assert decided.policy_id == "fair-2022" and len(decided.assessments) == 1
    assert ("fair-2022.2", "adopted") in policies.choices(session)
    assert len(load(session, incident.id)) == 4
    assert (
        session.scalars(select(Claim.policy_id).where(Claim.status == "submitted")).all()
        == ["fair-2022.2"] * 3
    )


def test_a_claim_filed_after_the_claims_window_closed_counts_as_late_in_a_comparison(session, claims_world):
    from datetime import timedelta

    incident, made = claims_world
    incident.closes_at = made[1].filed_at - timedelta(seconds=1)  # the author's claim (and later ones) late
    session.commit()
    incident = get_incident(session, incident.id)
    result = comparison.compare(
        session, incident, rules.load_policy("as-paid-2022"), rules.load_policy("fair-2022"), 1_000_000
    )
    assert ("author", 0, 0) in result.per_type and ("merchant", 0, 0) in result.per_type
    assert ("taxi_driver", 7_550 + 6_500 + 30_000, 48_290) in result.per_type  # filed before: as before
