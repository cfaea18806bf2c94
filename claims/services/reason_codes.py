"""The catalogue of reasons for rejecting a line (from data), shared by reviewers, claimants and letters."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from flask_babel import lazy_gettext as _l

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "reason_codes.yaml"

# What a reviewer can ask a claimant for instead of deciding (shared with the claimant's answer page).
INFO_ITEMS = {
    "receipt": _l("Receipt or invoice for the amount claimed"),
    "usage_history": _l("Screenshot of the app's usage or payment history"),
    "settlement": _l("Settlement statement from the platform"),
    "sales_records": _l("Sales records for the days before and during the outage"),
    "account_proof": _l("Proof that the payout account is yours (bankbook copy)"),
    "vehicle_registration": _l("Taxi licence or vehicle registration"),
    "business_registration": _l("Business registration certificate"),
    "other": _l("Other (see the message)"),
}


@dataclass(frozen=True, slots=True)
class ReasonCode:
    code: str
    ko: str
    en: str
    next_ko: str
    next_en: str

    def label(self, language: str) -> str:
        return self.en if language == "en" else self.ko

    def next_step(self, language: str) -> str:
        return self.next_en if language == "en" else self.next_ko


@lru_cache(maxsize=4)
def catalogue(path: Path = CATALOGUE_FILE) -> dict[str, ReasonCode]:
    """Every reason code by code, in file order (read once per process)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    codes: dict[str, ReasonCode] = {}
    for entry in entries:
        code = ReasonCode(**{key: str(entry[key]).strip() for key in ReasonCode.__slots__})
        if code.code in codes:
            raise ValueError(f"{path}: reason code {code.code} appears twice")
        codes[code.code] = code
    return codes


def get(code: str | None) -> ReasonCode | None:
    return catalogue().get(code) if code else None


def choices(language: str) -> list[tuple[str, str]]:
    """(code, label) pairs for a select box, in the catalogue's order."""
    return [(code.code, code.label(language)) for code in catalogue().values()]
