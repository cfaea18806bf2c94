"""What the reviewer's pages show, gathered from the services: labels, line views, history, signals."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.i18n import kst, won_formatter
from claims.models import Approval, AuditEvent, Claim, Decision, Incident, InfoRequest, Letter, User
from claims.models.claim import DECIDABLE_STATUSES
from claims.rules.labels import KIND_LABELS
from claims.services import outcomes, reason_codes, review, signal_review, signals
from claims.services.incidents import get_incident, rules_incident
from claims.web.review_forms import LineForm, choices


def language() -> str:
    lang = str(get_locale())
    return lang if lang in ("ko", "en") else "ko"


def resolved_labels() -> dict[str, dict[str, str]]:
    from claims.web.labels import CLAIMANT_TYPE, STATUS
    from claims.web.review_forms import FLAG_LABELS, REVIEW_LABELS

    return {
        "type": {k: str(v) for k, v in CLAIMANT_TYPE.items()},
        "status": {k: str(v) for k, v in STATUS.items()},
        "review": {k: str(v) for k, v in REVIEW_LABELS.items()},
        "flag": {k: str(v) for k, v in FLAG_LABELS.items()},
    }


def money_formatter():
    """The `won` filter's output (11,790원 / 11,790 KRW) without a locale lookup per amount."""
    return won_formatter()


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, labels[language()]) for kind, labels in KIND_LABELS.items()]


def service_names(incident: Incident | None) -> dict[str, str]:
    if incident is None:
        return {}
    return {service.code: service.name(language()) for service in incident.services}


@dataclass
class LineRow:
    index: int
    title: str
    service: str
    amount: int
    code: str
    outcome: str
    explanation: str
    trace: dict
    form: LineForm
    windows: list[str] = field(default_factory=list)


def service_windows(incident: Incident | None) -> dict[str, list[str]]:
    """Each service's downtime windows in words and KST ("2022-10-15 15:30 KST – … · 전면 장애")."""
    if incident is None:
        return {}
    levels = {"full": str(_l("full outage")), "partial": str(_l("partial outage"))}
    return {
        service.code: [
            f"{kst(w.start)} – {kst(w.end)} · {levels.get(w.level, w.level)}" for w in service.windows
        ]
        for service in incident.services
    }


def line_rows(
    claim: Claim, incident: Incident, formdata=None, start: dict[int, dict] | None = None
) -> list[LineRow]:
    """Each line of the latest assessment with its plain-words explanation and its decision form; without
    form data a line's form starts from `start` (index → outcome, amount, reason_code, note)."""
    assessment = claim.latest_assessment
    if assessment is None:
        return []
    try:
        from claims.web.explain import line_views

        views = {
            view.number - 1: view
            for view in line_views(assessment.lines, rules_incident(incident), language())
        }
    except ImportError:  # the claimant side's explanations are not there: the trace alone is shown
        views = {}
    names = service_names(incident)
    windows = service_windows(incident)
    rows = []
    for line in assessment.lines:
        index = line["index"]
        form = LineForm(formdata, prefix=f"line-{index}-", data=(start or {}).get(index))
        form.reason_code.choices = choices([("", "—"), *reason_codes.choices(language())])
        view = views.get(index)
        rows.append(
            LineRow(
                index=index,
                title=view.title if view else KIND_LABELS.get(line["kind"], {}).get(language(), line["kind"]),
                service=names.get(line.get("service") or "", line.get("service") or ""),
                amount=int(line["amount"]),
                code=line["code"],
                outcome=view.outcome if view else line["code"],
                explanation=view.explanation if view else "",
                trace=dict(line.get("trace") or {}),
                form=form,
                windows=windows.get(line.get("service") or "", []),
            )
        )
    return rows


def detail_incident(session: Session, claim: Claim) -> Incident:
    return get_incident(session, claim.incident_id)


def history(session: Session, claim: Claim) -> list[tuple[AuditEvent, str]]:
    """Every audit event of the claim, oldest first, with the actor."""
    events = session.execute(
        select(AuditEvent, User.display_name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(
            AuditEvent.object_type == "claim",
            AuditEvent.object_id == str(claim.id),
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    return [(event, name or "") for event, name in events]


def decision_tables(
    session: Session, claim: Claim, approval, lang: str, in_force: tuple | None = None
) -> dict:
    """The decision in force, the one waiting for a signature and the computation, as tables that add up
    (`in_force`: review.current_decisions, when the caller has just read it)."""
    latest = claim.latest_assessment
    return {
        "in_force_table": outcomes.decision_in_force(session, claim, lang, in_force),
        "waiting_table": outcomes.waiting_decision(session, claim, approval, lang),
        "computed_table": outcomes.outcome_table(claim, latest.lines, latest.total, None, {}, lang)
        if latest is not None
        else None,
    }


def starting_lines(session: Session, claim: Claim, line_decisions: dict, start: str | None = None):
    """Where each line's form starts: rejected for no response when the reviewer comes from an overdue
    request; else the decision in force on the line; else (a refused proposal, nothing in force) the latest
    decision recorded on it; else "accept as computed"."""
    assessment = claim.latest_assessment
    indexes = [line["index"] for line in assessment.lines] if assessment else []
    if start == "no_response":
        return {i: {"outcome": "rejected", "reason_code": "NO_RESPONSE"} for i in indexes}
    latest: dict[int, Decision] = dict(line_decisions)
    missing = [i for i in indexes if i not in latest]
    if missing:
        rows = session.scalars(
            select(Decision)
            .where(Decision.claim_id == claim.id, Decision.line_index.in_(missing))
            .order_by(Decision.id)
        )
        for row in rows:
            latest[row.line_index] = row
    return {
        index: {
            "outcome": row.outcome,
            "amount": row.approved_amount if row.outcome == "adjusted" else None,
            "reason_code": row.reason_code or "",
            "note": row.note or "",
        }
        for index, row in latest.items()
        if index in indexes and row.outcome in ("accepted", "adjusted", "rejected")
    }


def refusal(session: Session, claim: Claim) -> tuple[Approval, str] | None:
    """The supervisor's refusal the claim is back in review for (the latest approval, when refused)."""
    row = session.execute(
        select(Approval, User.display_name)
        .outerjoin(User, User.id == Approval.supervisor_id)
        .where(Approval.claim_id == claim.id)
        .order_by(Approval.id.desc())
        .limit(1)
    ).first()
    if row is None or row[0].status != "refused" or claim.status not in DECIDABLE_STATUSES:
        return None
    return row[0], row[1] or ""


def summary(session: Session, claim: Claim) -> dict:
    """What the side-by-side comparison shows of one claim."""
    return {
        "claim": claim,
        "claimant": session.get(User, claim.claimant_id),
        "lines": line_rows(claim, get_incident(session, claim.incident_id)),
    }


def detail(session: Session, claim: Claim, formdata=None, user=None, start: str | None = None) -> dict:
    """The template context of the claim page (`user`: who looks at it, for the conflict of interest;
    `start`: "no_response" when the reviewer comes from closing an overdue request)."""
    incident = get_incident(session, claim.incident_id)
    claimant = session.get(User, claim.claimant_id)
    holder_id = review.lock_holder(claim)
    claim_level, line_decisions = review.current_decisions(session, claim)
    starts = starting_lines(session, claim, line_decisions, start) if formdata is None else None
    found = signals.detect(session, claim)
    related = {m.claim_id for s in found for m in s.matches}
    approval = review.pending_approval(session, claim)
    conflict = review.conflict_of_interest(session, claim, user) if user is not None else None
    lines = line_rows(claim, incident, formdata, starts)
    return {
        **decision_tables(session, claim, approval, language(), (claim_level, line_decisions)),
        "line_titles": {row.index: row.title for row in lines},
        "conflict": conflict,
        "conflict_message": review.conflict_message(conflict),
        # Decide and assign: case staff without a conflict, on a decidable claim not waiting for a signature.
        "may_work": bool(getattr(user, "is_case_staff", False))
        and claim.status in DECIDABLE_STATUSES
        and conflict is None
        and approval is None,
        # Sign or refuse: a supervisor without a conflict who did not ask for the signature.
        "may_sign": approval is not None
        and bool(getattr(user, "is_supervisor", False))
        and conflict is None
        and approval.requested_by_id != getattr(user, "id", None),
        "claim": claim,
        "claimant": claimant,
        "incident": incident,
        "services": service_names(incident),
        "lines": lines,
        "refusal": refusal(session, claim),
        "holder": session.get(User, holder_id) if holder_id else None,
        "claim_decision": claim_level,
        "line_decisions": line_decisions,
        "signals": found,
        "dismissed": signal_review.dismissals(session, claim),
        "related": related,
        "history": history(session, claim),
        "approval": approval,
        "appeal": review.open_appeal(session, claim),
        "info_requests": session.scalars(
            select(InfoRequest).where(InfoRequest.claim_id == claim.id).order_by(InfoRequest.id)
        ).all(),
        "letters": session.scalars(
            select(Letter).where(Letter.claim_id == claim.id).order_by(Letter.id)
        ).all(),
        "reasons": reason_codes.catalogue(),
        "kind_labels": dict(kind_choices()),
        "today": review.today_kst(),
        "lang": language(),
    }
