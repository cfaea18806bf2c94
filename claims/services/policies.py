"""Policy versions: drafts made from a policy with some parameters changed (checked by the policy loader,
whose message names the field), and their adoption with a second supervisor's signature."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims import rules
from claims.db import utcnow
from claims.errors import InvalidInput, NotAllowed, NotFound
from claims.models import PolicyVersion
from claims.rules.policy import POLICY_DIR
from claims.rules.yamlio import read_yaml_file
from claims.services import assessments
from claims.services.audit import record

_SUFFIX = re.compile(r"\.(\d+)$")

# What each parameter is, for the draft form: label and unit by the parameter's own name.
PARAMETER_LABELS = {
    "partial_weight": (_l("Weight of an hour of partial outage"), _l("share of a full hour (0–1)")),
    "method": (_l("Method"), _l("name")),
    "rate": (_l("Share of the computed loss that is paid"), _l("share (0 switches the head off)")),
    "min_continuous_hours": (_l("Shortest continuous full outage that pays"), _l("hours")),
    "month_days": (_l("Days in a month"), _l("days")),
    "multiplier": (_l("Multiple of the fee for the outage hours"), _l("times")),
    "cap_months": (_l("Cap, in monthly fees"), _l("months (empty: no cap)")),
    "days": (_l("Days of fee paid"), _l("days")),
    "grace_hours": (_l("Grace after the last window"), _l("hours")),
    "voucher_grace_hours": (_l("Grace to use a voucher after the Gift shop came back"), _l("hours")),
    "line_cap": (_l("Line cap"), _l("KRW (empty: no cap)")),
    "tiers": (_l("Bands of lost sales"), _l("JSON list of {up_to, amount} in KRW")),
    "above_rate": (_l("Share paid above the last band"), _l("share")),
    "launch_window_days": (_l("Length of the launch window"), _l("days")),
    "launch_multiplier": (_l("Multiple of the outage share in the launch window"), _l("times")),
    "user": (_l("Claim cap: general user"), _l("KRW (empty: no cap)")),
    "taxi_driver": (_l("Claim cap: taxi driver"), _l("KRW (empty: no cap)")),
    "merchant": (_l("Claim cap: merchant"), _l("KRW (empty: no cap)")),
    "author": (_l("Claim cap: author"), _l("KRW (empty: no cap)")),
}


@dataclass(frozen=True)
class ParameterField:
    path: str  # "subscription.multiplier", as Policy.parameters() names it
    value: str  # as typed in the form
    reference: str
    label: str
    unit: str


def value_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return json.dumps([dict(entry) for entry in value])
    return rules.Parameter("x", value, "").text


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "ko"


def parameter_fields(policy: rules.Policy) -> list[ParameterField]:
    fields = []
    for p in policy.parameters():
        label, unit = PARAMETER_LABELS.get(p.path.rpartition(".")[2], (p.path, ""))
        # The policy file's own label in the page's language, where it gives one.
        label = p.label.get(_language()) or label
        fields.append(ParameterField(p.path, value_text(p.value), p.reference, str(label), str(unit)))
    return fields


def _raw(session: Session, policy_id: str) -> dict:
    """The YAML structure of a shipped policy, or of a policy version in the database."""
    if policy_id in assessments.SHIPPED_POLICIES:
        return read_yaml_file(POLICY_DIR / f"{policy_id}.yaml", rules.PolicyError)
    row = session.scalar(select(PolicyVersion).where(PolicyVersion.policy_id == policy_id))
    if row is None:
        raise NotFound(_l("There is no such policy."))
    return copy.deepcopy(row.data)


def _form_value(text: str):
    """A typed value as the YAML file would hold it; anything else is left for the loader to refuse."""
    text = (text or "").strip()
    if text in ("", "null"):
        return None
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if text.startswith(("[", "{")):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def _slot(data: dict, path: str) -> dict:
    group, _dot, name = path.partition(".")
    if group in rules.KINDS:
        return data["heads"][group][name]
    return data[group][name]


def next_policy_id(session: Session, base_id: str) -> str:
    root = _SUFFIX.sub("", base_id)
    taken = set(
        session.scalars(select(PolicyVersion.policy_id).where(PolicyVersion.policy_id.like(f"{root}.%")))
    )
    n = 2
    while f"{root}.{n}" in taken:
        n += 1
    return f"{root}.{n}"


def build_draft(session: Session, base_id: str, values: dict[str, str], references: dict[str, str]):
    """The draft's YAML structure and checked Policy, from the base and the typed values. Raises
    InvalidInput with the loader's message, whose field is the parameter's path."""
    data = _raw(session, base_id)
    base = rules.policy_from_dict(copy.deepcopy(data), source=base_id)
    changed = []
    for p in base.parameters():
        slot = _slot(data, p.path)
        if p.path in values and values[p.path].strip() != value_text(p.value):
            slot["value"] = _form_value(values[p.path])
            changed.append(p.path)
        reference = (references.get(p.path) or "").strip()
        if reference and reference != p.reference:
            slot["reference"] = reference
            if p.path not in changed:
                changed.append(p.path)
    new_id = next_policy_id(session, base_id)
    data["id"] = new_id
    data["name"] = {lang: f"{text} ({new_id})" for lang, text in data["name"].items()}
    try:
        policy = rules.policy_from_dict(data, source="draft")
    except rules.PolicyError as exc:
        field = exc.key.removeprefix("heads.").removesuffix(".value").removesuffix(".reference")
        raise InvalidInput(f"{exc.key}: {exc.problem}", field=field) from exc
    return data, policy, changed


def create_draft(
    session: Session,
    base_id: str,
    values: dict[str, str],
    references: dict[str, str],
    note: str,
    actor_id: int,
) -> PolicyVersion:
    data, policy, changed = build_draft(session, base_id, values, references)
    if not changed:
        raise InvalidInput(_l("Change at least one parameter."))
    row = PolicyVersion(
        policy_id=policy.id,
        base_policy_id=base_id,
        data=data,
        params_hash=policy.params_hash,
        changed=changed,
        note=(note or "").strip(),
        state="draft",
        created_by_id=actor_id,
    )
    session.add(row)
    session.flush()
    record(
        session, actor_id, "policy.draft", "policy", policy.id, after={"base": base_id, "changed": changed}
    )
    session.commit()
    return row


def get(session: Session, policy_id: str) -> PolicyVersion | None:
    return session.scalar(select(PolicyVersion).where(PolicyVersion.policy_id == policy_id))


def resolve(session: Session, policy_id: str) -> rules.Policy:
    """Any policy a supervisor may compare: shipped, adopted, or a draft."""
    row = get(session, policy_id)
    if row is not None and row.state == "draft":
        return rules.policy_from_dict(copy.deepcopy(row.data), source=f"draft:{policy_id}")
    try:
        return assessments.policy(policy_id)
    except rules.PolicyError as exc:
        raise NotFound(_l("There is no such policy.")) from exc


def choices(session: Session) -> list[tuple[str, str]]:
    """(id, state) of every policy that can be compared: shipped first, then the versions in order."""
    shipped = [(pid, "shipped") for pid in sorted(assessments.SHIPPED_POLICIES)]
    return shipped + [
        (pid, state)
        for pid, state in session.execute(
            select(PolicyVersion.policy_id, PolicyVersion.state).order_by(PolicyVersion.id)
        )
    ]


def versions(session: Session) -> list[PolicyVersion]:
    return list(session.scalars(select(PolicyVersion).order_by(PolicyVersion.id.desc())))


def adopt(session: Session, policy_id: str, signer) -> PolicyVersion:
    """The second supervisor's signature adopts the draft: new claims are filed under it, and the caller
    starts the reassessment of the claims not yet decided. Commits."""
    row = get(session, policy_id)
    if row is None:
        raise NotFound(_l("There is no such policy."))
    if row.state != "draft":
        raise NotAllowed(_l("This policy is already adopted."))
    if not getattr(signer, "is_supervisor", False):
        raise NotAllowed(_l("Only a supervisor can adopt a policy."))
    if signer.id == row.created_by_id:
        raise NotAllowed(_l("A second supervisor must sign: the one who drafted a policy cannot adopt it."))
    row.state, row.adopted_at, row.signed_by_id = "adopted", utcnow(), signer.id
    record(
        session,
        signer.id,
        "policy.adopt",
        "policy",
        row.policy_id,
        before={"state": "draft"},
        after={"state": "adopted", "params_hash": row.params_hash, "drafted_by": row.created_by_id},
    )
    session.commit()
    return row
