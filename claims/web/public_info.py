"""Public pages without an account: the outage timeline, the published policy and the quick estimate."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from flask import Blueprint, abort, current_app, render_template, request, session
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from claims import rules
from claims.db import get_session
from claims.extensions import limiter
from claims.i18n import kst, won
from claims.rules.labels import KIND_LABELS
from claims.rules.policy import DEFAULT_POLICY
from claims.services import quotes, windows
from claims.services.assessments import policy as load_policy
from claims.services.incidents import default_incident
from claims.services.policies import PARAMETER_LABELS
from claims.web.explain import flag_labels, line_views
from claims.web.losses_form import Days, LossesForm
from claims.web.timeline_svg import Bar, TimelineRow, timeline_svg

bp = Blueprint("public_info", __name__)

# Worked examples for the policy page: inputs only. Their amounts are computed live with the policy shown
# and the incident's current windows, so they can never disagree with the engine.
EXAMPLES = (
    ("taxi_driver", {"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000}),
    ("taxi_driver", {"kind": "subscription", "service": "kakao_t_driver", "monthly_fee": 22000}),
    ("user", {"kind": "subscription", "service": "daum_mail", "monthly_fee": 9900}),
    ("taxi_driver", {"kind": "unpaid_fares", "rides": [
        {"started_at": "2022-10-15T15:15", "ended_at": "2022-10-15T15:40", "fare": 6500}]}),
    ("user", {"kind": "out_of_pocket", "service": "kakao_t_bike", "incurred_at": "2022-10-16T10:00",
              "amount": 100000, "category": "late_fee"}),
    ("user", {"kind": "voucher", "face_value": 30000, "expires_at": "2022-10-16T23:59"}),
    ("merchant", {"kind": "lost_sales", "service": "kakaotalk_gift", "daily_sales": 200000,
                  "business_hours": {"open": "10:00", "close": "22:00"}}),
    ("author", {"kind": "launch_window", "service": "kakaopage", "work_title": "Moonlit Garden",
                "launch_at": "2022-10-15T12:00",
                "expected_earnings": 2000000}),
)  # fmt: skip


def _lang() -> str:
    return str(get_locale())


def _quote_limit() -> str:
    return current_app.config.get("QUOTE_RATE_LIMIT", "60 per minute")


_HANGUL = re.compile(r"[가-힣]")


@functools.cache
def _korean_notes() -> dict[tuple[str, str, str], str]:
    """{(incident id, service code, English note): Korean note} from the shipped incident files, whose
    windows carry `note_ko` beside `note`. The database keeps the note as the file or a reviewer wrote it."""
    notes = {}
    for path in sorted(rules.DEFAULT_INCIDENT.parent.glob("incident-*.yaml")):
        incident = rules.load_incident(path)
        for code, service in incident.services.items():
            for window in service.windows:
                if window.note and window.note_ko:
                    notes[incident.id, code, window.note] = window.note_ko
    return notes


def _window_note(incident_id: str, code: str, note: str) -> tuple[str, str]:
    """A window's note in the page's language (the Korean of a shipped note on a Korean page; a note a
    reviewer typed, as typed), and the language it is written in."""
    if not note:
        return "", ""
    if _lang() == "ko":
        note = _korean_notes().get((incident_id, code, note), note)
    return note, "ko" if _HANGUL.search(note) else "en"


@bp.get("/timeline")
def timeline():
    incident = default_incident(get_session())
    if incident is None:
        abort(404)
    lang = _lang()
    rows, table = [], []
    for service in incident.services:
        bars = []
        for window in service.windows:
            level = _("full outage") if window.level == "full" else _("partial outage")
            # kst(): "2022년 10월 15일 15:30" on a Korean page, "2022-10-15 15:30 KST" on an English one.
            label = f"{service.name(lang)}: {level}, {kst(window.start)} – {kst(window.end)}"
            bars.append(Bar(window.start, window.end, window.level, label))
            hours = (window.end - window.start).total_seconds() / 3600
            table.append(
                (service, window, round(hours, 1), _window_note(incident.id, service.code, window.note))
            )
        rows.append(TimelineRow(service.name(lang), tuple(bars)))
    svg = timeline_svg(
        rows,
        title=_("Outage windows per service"),
        description=_(
            "One bar per downtime window, on a time axis in Korean time with a tick at each midnight. "
            "Solid bars are full outages, striped bars partial outages. The same data is in the table below."
        ),
        legend=(_("Full outage"), _("Partial outage")),
    )
    versions = windows.versions(get_session(), incident.id)
    return render_template(
        "public/timeline.html",
        incident=incident,
        svg=svg,
        table=table,
        versions=versions,
        service_names={s.code: s.name(lang) for s in incident.services},
    )


@dataclass(frozen=True)
class ParamRow:
    """A policy parameter as the public page shows it: its label in both languages, its value in words."""

    name: str
    label_ko: str
    label_en: str
    value: str
    reference: str


# What each head's computation method does, in words (the identifier follows in brackets).
METHOD_LABELS = {
    "outage_multiple": _l("Fee for the outage hours, times a multiple"),
    "reimbursement": _l("The charge, reimbursed"),
    "face_value": _l("Face value of the voucher"),
    "replacement": _l("Lost income, less what street hails replaced"),
    "fares": _l("Unpaid fares"),
    "margin": _l("Lost sales times the contribution margin"),
    "costs": _l("Costs of the messages"),
    "launch_share": _l("Share of the launch window lost"),
    "daily_share": _l("Share of the usual daily earnings lost"),
    "tiers": _l("Fixed amount per band of lost sales"),
    "fixed_days": _l("Fee for a fixed number of days"),
}
_MONEY_PARAMS = frozenset({"line_cap", "user", "taxi_driver", "merchant", "author"})
_SHARE_PARAMS = frozenset({"rate", "partial_weight", "above_rate"})


def _param_value(name: str, value) -> str:
    """Money in won, shares in percent, hours and days with their unit; "no cap" for an empty cap."""
    if value is None:
        return _("none")
    if name == "method" and value in METHOD_LABELS:
        return f"{METHOD_LABELS[value]} ({value})"
    if name in _MONEY_PARAMS:
        return won(int(value))
    if name in _SHARE_PARAMS:
        return f"{Decimal(str(value)) * 100:f}".rstrip("0").rstrip(".") + "%"
    if name == "tiers":
        return ", ".join(
            _("up to %(up_to)s: %(amount)s", up_to=won(int(t["up_to"])), amount=won(int(t["amount"])))
            for t in value
        )
    text = rules.Parameter(name, value, "").text
    unit = {"min_continuous_hours": _("hours"), "grace_hours": _("hours"), "voucher_grace_hours": _("hours")}
    days = {"month_days", "days", "launch_window_days"}
    if name in unit:
        return f"{text} {unit[name]}"
    if name in days:
        return f"{text} {_('days')}"
    if name in ("multiplier", "launch_multiplier", "cap_months"):
        return f"× {text}"
    return text


def _param_rows(policy: rules.Policy) -> dict[str, list[ParamRow]]:
    grouped: dict[str, list[ParamRow]] = {}
    for parameter in policy.parameters():
        group, _sep, name = parameter.path.partition(".")
        # The policy file names each parameter beside its reference; a policy without labels (an older
        # draft) falls back to the portal's own words for the parameter's name.
        label_ko, label_en = parameter.label.get("ko"), parameter.label.get("en")
        if not (label_ko and label_en):
            label = PARAMETER_LABELS.get(name, (name, ""))[0]
            with force_locale("ko"):
                label_ko = str(label)
            with force_locale("en"):
                label_en = str(label)
        row = ParamRow(name, label_ko, label_en, _param_value(name, parameter.value), parameter.reference)
        grouped.setdefault(group, []).append(row)
    return grouped


@bp.get("/policy")
def policy_page():
    policy_id = request.args.get("policy", DEFAULT_POLICY)
    if policy_id not in rules.available_policies():
        abort(404)
    policy = load_policy(policy_id)
    session = get_session()
    incident = quotes.current_incident(session)
    lang = _lang()
    examples = []
    for claimant_type, item in EXAMPLES:
        result = quotes.quote(
            session, {"claimant_type": claimant_type, "items": [item]}, policy_id, incident=incident
        )
        examples.append((claimant_type, line_views(result.lines, incident, lang)[0]))
    return render_template(
        "public/policy.html",
        policy=policy,
        policies=rules.available_policies(),
        groups=_param_rows(policy),
        kind_labels={kind: labels[lang if lang in labels else "ko"] for kind, labels in KIND_LABELS.items()},
        examples=examples,
    )


@bp.route("/estimate", methods=["GET", "POST"])
@limiter.limit(_quote_limit, methods=["POST"])
def estimate():
    claimant_type = request.values.get("type", "")
    if claimant_type not in rules.CLAIMANT_TYPES:
        return render_template("public/estimate_type.html")
    db = get_session()
    incident = default_incident(db)
    services = [(s.code, s.name(_lang())) for s in incident.services] if incident else []
    result = None
    if request.method == "POST":
        form = LossesForm.from_post(claimant_type, request.form, Days.of(incident))
        if form.action is None and form.validate(quotes.current_incident(db)):
            items = form.items()
            assessment = quotes.quote(db, {"claimant_type": claimant_type, "items": items})
            # Kept for "start a claim with these losses" (claimant.new_claim?from_estimate=1).
            session["estimate"] = {"type": claimant_type, "items": items}
            result = {
                "total": assessment.total,
                "lines": line_views(assessment.lines, quotes.current_incident(db), _lang()),
                "flags": flag_labels(assessment.flags, _lang()),
            }
    else:
        form = LossesForm(claimant_type)
        form.days = Days.of(incident)
        form.pad()
    return render_template(
        "public/estimate.html", claimant_type=claimant_type, form=form, services=services, result=result
    )
