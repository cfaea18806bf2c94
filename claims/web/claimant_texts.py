"""Words of the claimant side: heads of loss, form fields, evidence hints, "what happens next" per status."""

from __future__ import annotations

from flask import Flask
from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l

from claims.rules.heads import declare
from claims.rules.registry import Derived, input_labels


def _in_language(words) -> LazyString:
    """A head-of-loss text declared in Korean and English, in the language of the page."""
    return LazyString(lambda: words.get(_language(), words["en"]))


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None and locale.language in ("ko", "en") else "ko"


# Heads of loss and their fields, as each head declares them (claims/rules/heads/<kind>.py).
KIND = Derived(lambda heads: {kind: _in_language(head.title) for kind, head in heads.items()})
KIND_SHORT = Derived(lambda heads: {kind: _in_language(head.short) for kind, head in heads.items()})
# "What happened to you?": each kind of loss in the claimant's own words, ticked before the losses step.
SITUATION = Derived(
    lambda heads: {kind: _in_language(head.situation or head.title) for kind, head in heads.items()}
)
KIND_HINT = Derived(lambda heads: {kind: _in_language(head.hint) for kind, head in heads.items()})
FIELD = Derived(lambda heads: {name: _in_language(label) for name, label in input_labels().items()})
# The heads' text inputs (a launched work's title): their hint in the page's language and longest length.
TEXT_INPUTS = Derived(
    lambda heads: {
        entry.name: {"hint": _in_language(entry.help) if entry.help else None, "max_length": entry.max_length}
        for head in heads.values()
        for entry in head.inputs
        if entry.type == declare.TEXT
    }
)

# The services offered in a head's list, per claimant type: only those where that loss can happen to that
# person (a taxi driver's lost income is from the taxi or designated-driver app, never from Melon). The
# rules still accept any service of the incident (an old draft keeps its choice); None offers every service.
_T_APPS = ("kakao_t_taxi", "kakao_t_driver", "kakaopay", "kakao_navi", "kakao_map")
_SHOP = ("kakaotalk_gift", "talk_channel", "kakaopay", "kakaotalk")
_AUTHOR = ("kakaopage", "kakao_webtoon")
SERVICES_FOR: dict[str, dict[str, tuple[str, ...] | None]] = {
    "subscription": {
        "user": None,
        "taxi_driver": ("kakao_t_taxi", "kakao_t_driver", "kakao_navi"),
        "merchant": ("talk_channel", "kakaotalk_gift", "kakaopay"),
        "author": _AUTHOR,
    },
    "out_of_pocket": {
        "user": None,
        "taxi_driver": _T_APPS,
        "merchant": _SHOP,
        "author": _AUTHOR,
    },
    "lost_income": {"taxi_driver": ("kakao_t_taxi", "kakao_t_driver")},
    "lost_sales": {"merchant": _SHOP},
    "launch_window": {"author": _AUTHOR},
    "lost_earnings": {"author": _AUTHOR},
}


def services_for(kind: str, claimant_type: str, services: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(code, name) pairs of the incident's services that the head and the claimant type allow."""
    allowed = SERVICES_FOR.get(kind, {}).get(claimant_type)
    if allowed is None:
        return list(services)
    return [pair for pair in services if pair[0] in allowed]


CATEGORY = {
    "late_fee": _l("Late fee"),
    "overcharge": _l("Overcharge"),
    "penalty": _l("Penalty"),
    "other": _l("Other"),
}

WEEKDAY = (_l("Mon"), _l("Tue"), _l("Wed"), _l("Thu"), _l("Fri"), _l("Sat"), _l("Sun"))

DATETIME_HINT = _l("Korean time. Choose the day, then the time.")
DAY_HINT = _l("The day it expired; it counts as the end of that day.")
TIME_HINT = _l("Choose the time, e.g. 10:00. If it closes at midnight, choose 00:00.")
MONEY_HINT = _l("Digits only, e.g. 39000")

EVIDENCE_HINT = {
    "user": _l(
        "Screenshots of the subscription payment, the late-fee or rental receipt, the expired voucher."
    ),
    "taxi_driver": _l(
        "Screenshots of the ride history showing 0 KRW charged, your membership payment, your call history."
    ),
    "merchant": _l("Sales reports for the weeks before the outage, the channel ad invoices."),
    "author": _l("The launch schedule from the platform, your earnings statements for the months before."),
}

# What happens next, for the claimant, per status.
NEXT_STEP = {
    "draft": _l("Finish the steps and submit the claim. Nothing is filed until you submit."),
    "submitted": _l(
        "We have your claim. A reviewer will check it; you will get an e-mail when there is news."
    ),
    "in_review": _l(
        "A reviewer is checking your claim and evidence. You will get an e-mail with the decision."
    ),
    "needs_info": _l("The reviewer needs more information. Answer the request before its due date."),
    "decided": _l("A decision has been made. The decision letter will be ready shortly."),
    "letter_issued": _l(
        "Download your decision letter. If you disagree, you can appeal within 30 days of the letter."
    ),
    "appealed": _l(
        "Your appeal will be reviewed by a different reviewer. You will get a new decision letter."
    ),
    "closed": _l("This claim is closed. Nothing more is needed from you."),
    "withdrawn": _l("You withdrew this claim. It will not be assessed."),
}

STEPS = ("contact", "losses", "evidence", "review")
STEP_TITLE = {
    "contact": _l("Contact and payout"),
    "losses": _l("Your losses"),
    "evidence": _l("Evidence"),
    "review": _l("Review and submit"),
}


def init_app(app: Flask) -> None:
    from claims.services.filing import missing_for_submission
    from claims.services.reason_codes import INFO_ITEMS
    from claims.web.losses_form import picker_parts

    app.jinja_env.globals.update(
        INFO_ITEM_LABELS=INFO_ITEMS,
        KIND_LABELS=KIND,
        SITUATION_LABELS=SITUATION,
        KIND_SHORT=KIND_SHORT,
        NEXT_STEP=NEXT_STEP,
        CATEGORY_LABELS=CATEGORY,
        FIELD_LABELS=FIELD,
        TEXT_INPUTS=TEXT_INPUTS,
        KIND_HINTS=KIND_HINT,
        WEEKDAY_LABELS=WEEKDAY,
        LOSS_HINTS={"datetime": DATETIME_HINT, "day": DAY_HINT, "time": TIME_HINT, "money": MONEY_HINT},
        services_for=services_for,
        picker_parts=picker_parts,
        missing_steps=missing_for_submission,
        EVIDENCE_HINTS=EVIDENCE_HINT,
        STEP_TITLES=STEP_TITLE,
    )
