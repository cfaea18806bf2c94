"""Plain-words explanations of an assessment, from its trace: what a claimant reads on the letter."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from .catalogue import CAPPED, CLAIM_CAPPED, FARE_SERVICES, NO_OVERLAP
from .engine import Assessment, Line
from .incident import Incident
from .labels import (
    CLAIMANT_TYPE_LABELS,
    CODE_LABELS,
    FLAG_LABELS,
    KIND_LABELS,
    LANGUAGES,
    OOP_CATEGORY_LABELS,
)
from .money import CONTEXT, round_line
from .registry import Derived, heads
from .sentences import CAPPED as CAPPED_SENTENCE
from .sentences import NO_OVERLAP as NO_OVERLAP_SENTENCES
from .sentences import NOTHING, OTHER_CODES, PARTIAL, PAYS, SUMMARY

# How each trace value reads in words: money, hours or an instant (anything else is shown as it is). The
# heads of loss declare theirs (heads/<kind>.py); these are the claim-level ones and the shared ones.
_COMMON_MONEY = frozenset({"unrounded", "line_cap"})
_COMMON_TIMES = frozenset({"filed_at", "closes_at"})
_WORDS = Derived(
    lambda heads: {
        "money": _COMMON_MONEY.union(*(head.trace_money for head in heads.values())),
        "hours": frozenset().union(*(head.trace_hours for head in heads.values())),
        "times": _COMMON_TIMES.union(*(head.trace_times for head in heads.values())),
        "titles": frozenset().union(*(head.trace_titles for head in heads.values())),
    }
)


def money(value: str | int, lang: str) -> str:
    """39000 -> "39,000 KRW" (en) or "39,000원" (ko); decimals are kept in English ("11,794.35 KRW") and
    rounded half up to the whole won in Korean ("11,794원": Korean readers see whole won only)."""
    whole, _, fraction = str(value).partition(".")
    if lang == "ko":
        won = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP, context=CONTEXT)
        return f"{int(won):,}원"
    text = f"{int(whole):,}" + (f".{fraction}" if fraction else "")
    return f"{text} KRW"


def hours(value: str, lang: str) -> str:
    """Hours of the trace ("20.0083") in words: "20시간 0분" in Korean (whole hours: "744시간")."""
    if lang == "ko":
        amount = Decimal(str(value))
        if amount == amount.to_integral_value(context=CONTEXT):
            return f"{int(amount)}시간"
        minutes = int(
            CONTEXT.multiply(amount, 60).quantize(Decimal(1), rounding=ROUND_HALF_UP, context=CONTEXT)
        )
        return f"{minutes // 60}시간 {minutes % 60}분"
    return f"{value} hour" if value == "1" else f"{value} hours"


def percent(value: str, lang: str) -> str:
    """A rate of the trace ("0.3") as people write it in Korean: "30%"; English keeps the factor."""
    if lang != "ko":
        return str(value)
    try:
        share = CONTEXT.multiply(Decimal(str(value)), 100)
    except ArithmeticError:  # decimal.InvalidOperation for text that is not a number
        return str(value)
    return f"{share.normalize(CONTEXT):f}%"


def moment(text: str, incident: Incident, lang: str) -> str:
    """An ISO instant in the incident's time zone: "2022년 10월 15일 15:30" or "15 Oct 2022 15:30 KST"."""
    try:
        local = datetime.fromisoformat(text).astimezone(incident.zone)
    except ValueError:
        return text
    if lang == "ko":
        return f"{local.year}년 {local.month}월 {local.day}일 {local:%H:%M}"
    return f"{local.day} {local:%b %Y %H:%M} {local.tzname() or ''}".rstrip()


def _service_name(code: str | None, incident: Incident, lang: str) -> str:
    service = incident.services.get(code) if code else None
    return service.name.get(lang, code) if service is not None else (code or "")


def _words(line: Line, incident: Incident, lang: str) -> dict[str, str]:
    """Every trace value in words for `lang`, plus the names the sentences use."""
    words: dict[str, str] = {}
    kinds_of_words = _WORDS
    as_money, as_hours, as_times = kinds_of_words["money"], kinds_of_words["hours"], kinds_of_words["times"]
    for key in kinds_of_words["titles"]:
        title = line.trace.get(key)
        if title:
            words[key] = f"「{title}」" if lang == "ko" else f"“{title}”"
        else:
            words[key] = "작품" if lang == "ko" else "the work"
    for key, value in line.trace.items():
        if key in kinds_of_words["titles"]:
            continue
        if key in as_money:
            words[key] = money(value, lang)
        elif key in as_hours:
            words[key] = hours(value, lang)
        elif key in as_times:
            words[key] = moment(value, incident, lang)
        elif key == "category":
            words[key] = OOP_CATEGORY_LABELS.get(value, {}).get(lang, value)
        elif key == "claimant_type":
            words[key] = CLAIMANT_TYPE_LABELS.get(value, {}).get(lang, value)
        elif key == "business_hours" and value in ("00:00-00:00", "00:00-24:00"):
            # Open as long as it is closed: a shop open around the clock.
            words[key] = "24시간 영업" if lang == "ko" else "open around the clock"
        else:
            words[key] = value
    kind_label = KIND_LABELS[line.kind][lang]
    words.update(
        service=_service_name(line.service, incident, lang),
        kind_label=kind_label,
        kind_label_lower=kind_label[0].lower() + kind_label[1:],
        fare_services=(" 또는 " if lang == "ko" else " or ").join(
            _service_name(code, incident, lang) for code in FARE_SERVICES
        ),
        rate_value=percent(line.trace.get("rate", "1"), lang),
    )
    rate = line.trace.get("rate", "1")
    # The margin sentence names its rate itself; elsewhere a rate of 1 goes without saying.
    words["rate"] = "" if rate == "1" else f" × {percent(rate, lang)}"
    service = incident.services.get(line.service) if line.service else None
    has_partial = service is not None and any(not window.full for window in service.windows)
    if "partial_weight" in line.trace:
        words["partial_weight"] = percent(line.trace["partial_weight"], lang)
    words["partial"] = PARTIAL[lang].format(**words) if has_partial and "partial_weight" in line.trace else ""
    return words


def _template_key(line: Line) -> str:
    head = heads().get(line.kind)
    if head is None or head.sentence_key is None:
        return line.kind
    return head.sentence_key(line.trace)


def explain_stored_line(data: Line | dict, incident: Incident, lang: str = "ko") -> str | None:
    """`explain_line` for a line as stored in a snapshot; None when its trace lacks a value the sentence needs
    (a snapshot from an older rules version: its amount and code still stand)."""
    line = data if isinstance(data, Line) else Line.from_dict(data)
    try:
        return explain_line(line, incident, lang)
    except (KeyError, ValueError):
        return None


def explain_line(line: Line, incident: Incident, lang: str = "ko") -> str:
    """One sentence saying how the line's amount was computed, in plain words, from its trace."""
    lang = lang if lang in LANGUAGES else "ko"
    words = _words(line, incident, lang)
    if line.code in OTHER_CODES:
        return OTHER_CODES[line.code][lang].format(**words)
    if line.code == NO_OVERLAP:
        reason = NO_OVERLAP_SENTENCES[line.kind][lang].format(**words)
        if lang == "ko":
            return f"{reason} {NOTHING[lang]}."
        return f"{reason[0].upper()}{reason[1:]}: {NOTHING[lang]}."
    if line.code == CAPPED:
        before = money(str(round_line(Decimal(line.trace["unrounded"]))), lang)
        words["result"] = CAPPED_SENTENCE[lang].format(amount=before, cap=money(line.amount, lang))
    else:
        words["result"] = money(line.amount, lang)
    # The computation reads as an equation, so it takes no full stop; the sentences above are prose.
    return PAYS[_template_key(line)][lang].format(**words)


def explain(assessment: Assessment, incident: Incident, lang: str = "ko", policy=None) -> str:
    """The whole assessment as readable text: each line with its sentence, the total, the flags."""
    lang = lang if lang in LANGUAGES else "ko"
    policy_name = (
        f"{policy.name.get(lang, policy.id)} ({policy.id})" if policy is not None else assessment.policy
    )
    out = [incident.name.get(lang, incident.id), f"{SUMMARY['policy'][lang]}: {policy_name}"]
    if assessment.claimant_type:
        claimant = CLAIMANT_TYPE_LABELS[assessment.claimant_type][lang]
        out.append(f"{SUMMARY['claimant'][lang]}: {claimant}")
    out.append("")
    for line in assessment.lines:
        title = KIND_LABELS[line.kind][lang]
        if line.service:
            title += f" — {_service_name(line.service, incident, lang)}"
        out.append(f"{line.index + 1}. {title}: {money(line.amount, lang)} ({CODE_LABELS[line.code][lang]})")
        out.append(f"   {explain_line(line, incident, lang)}")
    out.append("")
    out.append(f"{SUMMARY['total'][lang]}: {money(assessment.total, lang)}")
    if CLAIM_CAPPED in assessment.flags:
        cap = money(assessment.claim_cap or 0, lang)
        out.append(SUMMARY["claim_cap"][lang].format(subtotal=money(assessment.subtotal, lang), cap=cap))
    if assessment.flags:
        labels = ", ".join(FLAG_LABELS[flag][lang] for flag in assessment.flags)
        out.append(f"{SUMMARY['flags'][lang]}: {labels}")
    if not assessment.eligible:
        out.append(SUMMARY["not_eligible"][lang])
    return "\n".join(out) + "\n"
