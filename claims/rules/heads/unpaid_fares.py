"""Head of loss of taxi drivers: fares never paid because payment was down (POLICY §4 unpaid_fares)."""

from __future__ import annotations

from ..catalogue import FARE_SERVICES
from ..claim import UnpaidFares
from ..incident import Incident, ServiceSpans
from ..intervals import union
from .common import HeadParams, Result, counted_at_rate
from .declare import ENTRIES, HeadOfLoss, Input, bench_span, datetime_input, demo_time, money_input, text

MONEY_CAP = "a non-negative integer (KRW) or null for no cap"


def _fare_windows(incident: Incident) -> ServiceSpans:
    """The union of the full windows of the taxi app and of the payment service: when a ride's payment
    could not run (as spans, so that finding an instant is one binary search)."""
    windows = incident.memo.get("fare_windows")
    if windows is None:
        full = union(
            window[:2]
            for code in FARE_SERVICES
            if code in incident.services
            for window in incident.services[code].spans.windows
            if window[2]
        )
        windows = ServiceSpans.of_spans(tuple((start, end, True) for start, end in full))
        incident.memo["fare_windows"] = windows
    return windows


def unpaid_fares(item: UnpaidFares, incident: Incident, p: HeadParams) -> Result:
    """Fares of rides whose payment ran (at `ended_at`) inside a full outage of the taxi app or KakaoPay."""
    windows = _fare_windows(incident)
    counted = [ride.fare for ride in item.rides if windows.window_at(ride.ended_epoch) is not None]
    return counted_at_rate(p, len(item.rides), counted, ("rides", "rides_counted", "fares_counted"))


def _bench(rng, claimant_type: str) -> dict:
    rides = []
    for _ in range(rng.randint(1, 5)):
        start, end = bench_span(rng, (1, 2))
        rides.append({"started_at": start, "ended_at": end, "fare": rng.randrange(3800, 60000, 100)})
    return {"kind": "unpaid_fares", "rides": rides}


def _demo(rng, claimant_type: str) -> dict:
    r = rng.randint
    rides = []
    for _ in range(r(1, 6)):
        hour = r(15, 23)
        rides.append(
            {
                "started_at": demo_time("15", hour, 0),
                "ended_at": demo_time("15", hour, r(10, 50)),
                "fare": r(48, 300) * 100,
            }
        )
    return {"kind": "unpaid_fares", "rides": rides}


HEAD = HeadOfLoss(
    kind="unpaid_fares",
    label=text("결제되지 않은 운임", "Unpaid fares"),
    title=text("결제되지 않은 운행 요금", "Rides that ended unpaid"),
    short=text("미결제 운행 요금", "Unpaid fares"),
    hint=text(
        "결제되지 않은 운행마다 한 줄씩 입력해 주세요. 결제가 되지 않던 때에 운행이 끝났다면 인정됩니다.",
        "One row per ride that ended without payment. The ride counts when it ended while payment was down.",
    ),
    situation=text(
        "운행이 끝났는데 승객이 요금을 결제하지 못했어요", "A ride ended and the passenger could not pay"
    ),
    claimant_types=("taxi_driver",),
    inputs=(
        Input(
            "rides",
            ENTRIES,
            text("운행 내역", "Rides"),
            entries=(
                datetime_input("started_at", "운행 시작", "Ride start"),
                datetime_input("ended_at", "운행 종료", "Ride end"),
                money_input("fare", "운행 요금(원)", "Fare (KRW)"),
            ),
        ),
    ),
    record=UnpaidFares,
    formula=unpaid_fares,
    methods={"fares": {"line_cap": MONEY_CAP}},
    claimed_amount=lambda inputs: sum(int(ride["fare"]) for ride in inputs["rides"]),
    sentences={
        "unpaid_fares": text(
            "운행 {rides}건 중 {rides_counted}건이 {fare_services} 전면 장애 중에 끝나 결제되지 않은 운임 {fares_counted}"
            "{rate} = {result}",
            "{rides_counted} of {rides} rides ended during a full outage of {fare_services}:"
            " fares of {fares_counted}{rate} = {result}",
        )
    },
    no_overlap=text(
        "운행 {rides}건 중 {fare_services} 전면 장애 중에 끝난 운행이 없어",
        "none of the {rides} rides ended during a full outage of {fare_services}",
    ),
    trace_money=frozenset({"fares_counted"}),
    demo_sample=_demo,
    bench_sample=_bench,
)
