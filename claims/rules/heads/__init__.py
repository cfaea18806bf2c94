"""The heads of loss: one pure function per kind, `(item, incident, params) -> Result`."""

from __future__ import annotations

from .authors import launch_window, lost_earnings
from .common import HeadParams, Result
from .drivers import lost_income, unpaid_fares
from .merchants import ad_spend, lost_sales
from .users import out_of_pocket, subscription, voucher

HEADS = {
    "subscription": subscription,
    "out_of_pocket": out_of_pocket,
    "voucher": voucher,
    "lost_income": lost_income,
    "unpaid_fares": unpaid_fares,
    "lost_sales": lost_sales,
    "ad_spend": ad_spend,
    "launch_window": launch_window,
    "lost_earnings": lost_earnings,
}

__all__ = ["HEADS", "HeadParams", "Result", *HEADS]
