"""Head of loss: a paid subscription the outage made useless (POLICY §4 subscription)."""

from __future__ import annotations

from ..catalogue import BELOW_THRESHOLD, NO_OVERLAP
from ..claim import Subscription
from ..incident import Incident
from ..money import SECONDS_PER_HOUR
from .common import HeadParams, Result, cap_of, settle, whole_service, zero
from .declare import DRIVER_SERVICES, USER_SERVICES, HeadOfLoss, money_input, service_input, text

_SECONDS_PER_DAY = 86400
DECIMAL, POSITIVE, OPTIONAL_DECIMAL = (
    "a non-negative number",
    "a positive number",
    "a non-negative number or null",
)


def _subscription_basis(
    incident: Incident, code: str, p: HeadParams
) -> tuple[dict[str, str], str | None, int, int]:
    """What every subscription to one service shares under one policy: the trace after the fee, the code
    if it pays nothing whatever the fee, and the exact factor `numerator / denominator` of the fee paid.
    Memoised per (incident, service, policy head)."""
    key = ("subscription", code, p)
    found = incident.memo.get(key)
    if found is not None:
        return found
    spans = incident.services[code].spans
    t, r = p.text, p.ratios
    trace = {"month_days": t["month_days"]}
    (rn, rd), (mn, md) = r["rate"], r["month_days"]
    if p.method == "fixed_days":
        trace["days"] = t["days"]
        trace["rate"] = t["rate"]
        # fee × days × rate / month days
        dn, dd = r["days"]
        found = (trace, None if spans.windows else NO_OVERLAP, dn * rn * md, dd * rd * mn)
    else:
        units, weighted_text, longest_text = whole_service(incident, code, p.weight)
        trace["weighted_hours"] = weighted_text
        trace["partial_weight"] = p.partial_weight_text
        trace["longest_full_hours"] = longest_text
        trace["min_continuous_hours"] = t["min_continuous_hours"]
        trace["month_hours"] = t["month_hours"]
        trace["multiplier"] = t["multiplier"]
        trace["rate"] = t["rate"]
        code_if_zero = None
        # A service that never went down has nothing to overlap: NO_OVERLAP says so better than a threshold.
        if not spans.windows:
            code_if_zero = NO_OVERLAP
        elif spans.longest_full_seconds < p.values["min_continuous_hours"] * SECONDS_PER_HOUR:
            code_if_zero = BELOW_THRESHOLD
        # fee × (units / weight denominator) seconds × multiplier × rate / (month days × 86,400 s)
        xn, xd = r["multiplier"]
        found = (trace, code_if_zero, units * xn * rn * md, p.weight[1] * xd * rd * mn * _SECONDS_PER_DAY)
    incident.memo[key] = found
    return found


def subscription(item: Subscription, incident: Incident, p: HeadParams) -> Result:
    """A paid plan the outage made useless: outage hours × a multiple of the fee, or fixed days."""
    shared, code, numerator, denominator = _subscription_basis(incident, item.service, p)
    fee = item.monthly_fee
    trace = {"monthly_fee": str(fee), **shared} if p.traced else None
    if code is not None:
        return zero(code, trace)
    return settle(fee * numerator, denominator, cap_of(p.ratios.get("cap_months"), fee), trace)


def _bench(rng, claimant_type: str) -> dict:
    services = {"taxi_driver": DRIVER_SERVICES, "author": ("kakaopage", "kakao_webtoon")}
    service = rng.choice(services.get(claimant_type, USER_SERVICES))
    return {
        "kind": "subscription",
        "service": service,
        "monthly_fee": rng.choice((4900, 9900, 22000, 39000, 110000)),
    }


def _demo(rng, claimant_type: str) -> dict:
    service, fee = rng.choice(
        {
            "user": [("kakaotalk", 3900), ("melon", 10900), ("kakaopage", 9900), ("daum_mail", 9900)],
            "taxi_driver": [("kakao_t_taxi", 39000), ("kakao_t_driver", 22000)],
            "merchant": [("talk_channel", 33000), ("kakaopay", 15000)],
            "author": [("kakaopage", 9900)],
        }[claimant_type]
    )
    return {"kind": "subscription", "service": service, "monthly_fee": fee}


_NO_OUTAGE = text("{service}에는 이번 장애 기간이 없어", "{service} had no outage in this incident")

HEAD = HeadOfLoss(
    kind="subscription",
    label=text("유료 이용권·구독료", "Paid subscription"),
    title=text("이용하지 못한 유료 구독·이용권", "A paid subscription you could not use"),
    short=text("구독·이용권", "Subscription"),
    hint=text(
        "예: 카카오T 프로 멤버십, 다음 메일, 멜론. 월 요금을 입력해 주세요.",
        "For example Kakao T Pro membership, Daum Mail or Melon. Enter the monthly fee.",
    ),
    situation=text(
        "돈을 낸 구독·멤버십을 쓰지 못했어요", "I paid for a subscription or membership I could not use"
    ),
    claimant_types=("user", "taxi_driver", "merchant", "author"),
    inputs=(service_input(), money_input("monthly_fee", "월 요금(원)", "Monthly fee (KRW)")),
    record=Subscription,
    formula=subscription,
    methods={
        "outage_multiple": {
            "min_continuous_hours": DECIMAL,
            "month_days": POSITIVE,
            "multiplier": DECIMAL,
            "cap_months": OPTIONAL_DECIMAL,
        },
        "fixed_days": {"days": DECIMAL, "month_days": POSITIVE, "cap_months": OPTIONAL_DECIMAL},
    },
    claimed_amount=lambda inputs: int(inputs["monthly_fee"]),
    sentences={
        "subscription": text(
            "{service} 장애 {weighted_hours}{partial} × {multiplier} × {monthly_fee} / {month_hours}{rate} = {result}",
            "{weighted_hours} of {service} downtime{partial} × {multiplier} × {monthly_fee}"
            " / {month_hours}{rate} = {result}",
        ),
        "subscription.fixed_days": text(
            "{monthly_fee} × {days}일 / {month_days}일{rate} = {result}",
            "{monthly_fee} × {days} days / {month_days} days{rate} = {result}",
        ),
    },
    no_overlap=_NO_OUTAGE,
    trace_money=frozenset({"monthly_fee"}),
    trace_hours=frozenset({"weighted_hours", "longest_full_hours", "min_continuous_hours", "month_hours"}),
    sentence_key=lambda trace: "subscription.fixed_days" if "days" in trace else "subscription",
    demo_sample=_demo,
    bench_sample=_bench,
)
