"""The heads of loss: one module per kind, each declaring its `HEAD` (see declare.py), registered here
in the order of POLICY §4. To add a head, see `claims/rules/__init__.py`."""

from __future__ import annotations

from ..registry import heads as registered
from ..registry import register
from . import (
    ad_spend,
    launch_window,
    lost_earnings,
    lost_income,
    lost_sales,
    out_of_pocket,
    subscription,
    unpaid_fares,
    voucher,
)
from .common import HeadParams, Result
from .declare import HeadOfLoss, Input

for _module in (
    subscription,
    out_of_pocket,
    voucher,
    lost_income,
    unpaid_fares,
    lost_sales,
    ad_spend,
    launch_window,
    lost_earnings,
):
    register(_module.HEAD)


class _Formulas(dict):
    """Formula by kind, read from the registry (a head registered later is included)."""

    def __getitem__(self, kind):
        return registered()[kind].formula

    def __contains__(self, kind):
        return kind in registered()


HEADS = _Formulas()

__all__ = ["HEADS", "HeadOfLoss", "HeadParams", "Input", "Result"]
