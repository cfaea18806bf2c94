"""A claim as the engine reads it: typed, frozen records, one per kind of loss (POLICY §4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any, ClassVar

from .instants import epoch_seconds
from .intervals import union

# Every item has `kind` and `service` (None where the kind depends on no single service) as class
# attributes, so that the engine and the forms can read them the same way for every kind.
#
# Each record also keeps its instants as epoch seconds (`*_epoch`, not part of equality or repr), computed
# once when the record is made: a claim is assessed many times (preview, review, policy comparison,
# reassessment after a window correction) and the maths only ever needs integers.


def _hidden() -> Any:
    return field(init=False, repr=False, compare=False)


def _set(record: object, name: str, value: object) -> None:
    object.__setattr__(record, name, value)


@dataclass(frozen=True, slots=True)
class Subscription:
    service: str
    monthly_fee: int
    kind: ClassVar[str] = "subscription"


@dataclass(frozen=True, slots=True)
class OutOfPocket:
    service: str
    incurred_at: datetime
    amount: int
    category: str
    kind: ClassVar[str] = "out_of_pocket"
    incurred_epoch: int = _hidden()

    def __post_init__(self) -> None:
        _set(self, "incurred_epoch", epoch_seconds(self.incurred_at))


@dataclass(frozen=True, slots=True)
class Voucher:
    face_value: int
    expires_at: datetime
    kind: ClassVar[str] = "voucher"
    service: ClassVar[str] = "kakaotalk_gift"  # a gift voucher lives in the Gift shop
    expires_epoch: int = _hidden()

    def __post_init__(self) -> None:
        _set(self, "expires_epoch", epoch_seconds(self.expires_at))


@dataclass(frozen=True, slots=True)
class Shift:
    start: datetime
    end: datetime
    span: tuple[int, int] = _hidden()

    def __post_init__(self) -> None:
        _set(self, "span", (epoch_seconds(self.start), epoch_seconds(self.end)))


@dataclass(frozen=True, slots=True)
class LostIncome:
    service: str
    hourly_income: int
    shifts: tuple[Shift, ...]
    kind: ClassVar[str] = "lost_income"
    # The union of the shifts: overlapping shifts count once (POLICY §4 lost_income).
    worked: tuple[tuple[int, int], ...] = _hidden()

    def __post_init__(self) -> None:
        _set(self, "worked", union(shift.span for shift in self.shifts))


@dataclass(frozen=True, slots=True)
class Ride:
    started_at: datetime
    ended_at: datetime
    fare: int
    ended_epoch: int = _hidden()

    def __post_init__(self) -> None:
        _set(self, "ended_epoch", epoch_seconds(self.ended_at))


@dataclass(frozen=True, slots=True)
class UnpaidFares:
    rides: tuple[Ride, ...]
    kind: ClassVar[str] = "unpaid_fares"
    service: ClassVar[None] = None


@dataclass(frozen=True, slots=True)
class BusinessHours:
    """Opening hours in the incident's local time; `close <= open` means the day closes after midnight."""

    open: time
    close: time
    open_seconds: int = _hidden()
    # Length of one business day: `close <= open` closes after midnight, `open == close` is 24 hours.
    seconds_per_day: int = _hidden()

    def __post_init__(self) -> None:
        opens = self.open.hour * 3600 + self.open.minute * 60
        closes = self.close.hour * 3600 + self.close.minute * 60
        _set(self, "open_seconds", opens)
        _set(self, "seconds_per_day", closes - opens if closes > opens else closes - opens + 86400)


@dataclass(frozen=True, slots=True)
class LostSales:
    service: str
    daily_sales: int
    business_hours: BusinessHours
    closed_weekdays: tuple[int, ...] = ()
    kind: ClassVar[str] = "lost_sales"


@dataclass(frozen=True, slots=True)
class Campaign:
    sent_at: datetime
    cost: int
    sent_epoch: int = _hidden()

    def __post_init__(self) -> None:
        _set(self, "sent_epoch", epoch_seconds(self.sent_at))


@dataclass(frozen=True, slots=True)
class AdSpend:
    campaigns: tuple[Campaign, ...]
    kind: ClassVar[str] = "ad_spend"
    service: ClassVar[str] = "talk_channel"  # channel campaigns are sent through the Talk Channel


WORK_TITLE_MAX = 200  # characters of a launched work's title


@dataclass(frozen=True, slots=True)
class LaunchWindow:
    service: str
    launch_at: datetime
    expected_earnings: int
    # The work that launched (required of new claims; "" in records made before it was asked).
    work_title: str = ""
    kind: ClassVar[str] = "launch_window"
    launch_epoch: int = _hidden()

    def __post_init__(self) -> None:
        _set(self, "launch_epoch", epoch_seconds(self.launch_at))


@dataclass(frozen=True, slots=True)
class LostEarnings:
    service: str
    daily_earnings: int
    kind: ClassVar[str] = "lost_earnings"


Item = (
    Subscription
    | OutOfPocket
    | Voucher
    | LostIncome
    | UnpaidFares
    | LostSales
    | AdSpend
    | LaunchWindow
    | LostEarnings
)

ITEM_CLASSES: dict[str, type] = {
    cls.kind: cls
    for cls in (
        Subscription,
        OutOfPocket,
        Voucher,
        LostIncome,
        UnpaidFares,
        LostSales,
        AdSpend,
        LaunchWindow,
        LostEarnings,
    )
}


@dataclass(frozen=True, slots=True)
class Claim:
    """One claimant's claim: who they are, when they filed (None = not known, see schema), what they lost."""

    claimant_type: str
    filed_at: datetime | None
    items: tuple[Item, ...]
    filed_epoch: int | None = _hidden()

    def __post_init__(self) -> None:
        _set(self, "filed_epoch", epoch_seconds(self.filed_at) if self.filed_at is not None else None)
