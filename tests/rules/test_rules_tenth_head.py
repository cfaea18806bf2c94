"""A tenth head of loss, declared in one module (this one) plus its policy parameters, shows in the claim
schema, the losses form, the reviewer's display of an item and the letter's plain words."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

import pytest
import yaml

from claims import rules
from claims.rules.catalogue import NO_OVERLAP
from claims.rules.heads.common import HeadParams, Result, settle, zero
from claims.rules.heads.declare import HeadOfLoss, datetime_input, money_input, service_input, text
from claims.rules.instants import epoch_seconds, iso
from claims.rules.policy import POLICY_DIR

MONEY_CAP = "a non-negative integer (KRW) or null for no cap"


# ---- the whole declaration of the new head ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CloudStorage:
    service: str
    storage_fee: int
    noticed_at: datetime
    kind: ClassVar[str] = "cloud_storage"
    noticed_epoch: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "noticed_epoch", epoch_seconds(self.noticed_at))


def cloud_storage(item: CloudStorage, incident, p: HeadParams) -> Result:
    """The storage fee back when the files were found missing during an outage of the service."""
    trace = {
        "storage_fee": str(item.storage_fee),
        "noticed_at": iso(item.noticed_at, incident.zone),
        "rate": p.text["rate"],
    }
    if incident.services[item.service].spans.window_at(item.noticed_epoch) is None:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    return settle(item.storage_fee * rn, rd, p.values["line_cap"], trace)


HEAD = HeadOfLoss(
    kind="cloud_storage",
    label=text("클라우드 저장 공간 요금", "Cloud storage fee"),
    title=text("장애 중 쓰지 못한 클라우드 저장 공간", "Cloud storage you could not reach"),
    short=text("클라우드 저장 공간", "Cloud storage"),
    hint=text("저장 공간 요금과 알아챈 시각을 입력해 주세요.", "Enter the storage fee and when you noticed."),
    claimant_types=("user",),
    inputs=(
        service_input(),
        money_input("storage_fee", "저장 공간 요금(원)", "Storage fee (KRW)"),
        datetime_input("noticed_at", "알아챈 시각", "When you noticed"),
    ),
    record=CloudStorage,
    formula=cloud_storage,
    methods={"fee_back": {"line_cap": MONEY_CAP}},
    claimed_amount=lambda inputs: int(inputs["storage_fee"]),
    sentences={
        "cloud_storage": text(
            "{noticed_at}에 {service} 장애로 쓰지 못한 저장 공간 요금 {storage_fee}{rate} = {result}",
            "Storage of {storage_fee} out of reach on {noticed_at}"
            " during the {service} outage{rate} = {result}",
        )
    },
    no_overlap=text(
        "{noticed_at}은 {service} 장애 기간 밖이어서", "{noticed_at} is outside the {service} outage"
    ),
    trace_money=frozenset({"storage_fee"}),
    trace_times=frozenset({"noticed_at"}),
)
# ------------------------------------------------------------------------------------------------------------

ITEM = {
    "kind": "cloud_storage",
    "service": "kakaotalk",
    "storage_fee": 2200,
    "noticed_at": "2022-10-15T18:00",
}


@pytest.fixture
def tenth():
    rules.register(HEAD)
    try:
        yield HEAD
    finally:
        rules.unregister(HEAD.kind)


@pytest.fixture
def policy(tenth):
    data = yaml.safe_load((POLICY_DIR / "fair-2022.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["heads"]["cloud_storage"] = {
        "method": {"value": "fee_back", "reference": "test: the fee is paid back"},
        "rate": {"value": 1, "reference": "test"},
        "line_cap": {"value": None, "reference": "test"},
    }
    return rules.policy_from_dict(data, "test")


def test_the_schema_reads_it_and_names_its_errors(tenth, incident):
    assert "cloud_storage" in rules.KINDS and "cloud_storage" in rules.ALLOWED_KINDS["user"]
    claim = rules.parse_claim({"claimant_type": "user", "items": [ITEM]}, incident)
    assert claim.items[0] == CloudStorage("kakaotalk", 2200, claim.items[0].noticed_at)
    with pytest.raises(rules.ClaimInputError) as caught:
        rules.parse_claim({"claimant_type": "user", "items": [{**ITEM, "storage_fee": "a lot"}]}, incident)
    assert [str(error) for error in caught.value.errors] == [
        "items[0].storage_fee: must be a non-negative integer"
    ]
    assert rules.claimed_amount("cloud_storage", ITEM) == 2200


def test_the_engine_and_the_letter_words(tenth, incident, policy):
    claim = rules.parse_claim({"claimant_type": "user", "items": [ITEM]}, incident)
    line = rules.assess(claim, incident, policy).lines[0]
    assert (line.amount, line.code) == (2200, "OK")
    assert rules.KIND_LABELS["cloud_storage"]["en"] == "Cloud storage fee"
    words = rules.explain_line(line, incident, "en")
    assert words == (
        "Storage of 2,200 KRW out of reach on 15 Oct 2022 18:00 KST during the KakaoTalk outage = 2,200 KRW"
    )
    assert "저장 공간 요금 2,200원" in rules.explain_line(line, incident, "ko")


def test_the_losses_form_and_the_reviewers_display(tenth, app):
    from werkzeug.datastructures import MultiDict

    from claims.web.item_display import describe_inputs
    from claims.web.losses_form import SPECS, LossesForm

    assert SPECS["cloud_storage"].row_fields == ("service", "storage_fee", "noticed_at")
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        posted = MultiDict(
            {
                "cloud_storage-0-service": "kakaotalk",
                "cloud_storage-0-storage_fee": "2,200원",
                "cloud_storage-0-noticed_at": "2022-10-15 18:00",
            }
        )
        from claims.web.claimant_texts import FIELD, KIND, SITUATION

        assert str(KIND["cloud_storage"]) == "Cloud storage you could not reach"
        assert str(SITUATION["cloud_storage"]) == "Cloud storage you could not reach"  # the title, undeclared
        assert str(FIELD["storage_fee"]) == "Storage fee (KRW)"
        form = LossesForm.from_post("user", posted)
        assert "cloud_storage" in form.sections
        assert form.items()[-1] == {
            "kind": "cloud_storage",
            "service": "kakaotalk",
            "storage_fee": 2200,
            "noticed_at": "2022-10-15T18:00:00+09:00",
        }
        assert form.validate()
        shown = describe_inputs({"storage_fee": 2200, "noticed_at": "2022-10-15T18:00:00+09:00"}, {})
        assert [item.label for item in shown] == ["Storage fee (KRW)", "When you noticed"]
        assert "2,200" in shown[0].text
        bad = LossesForm.from_post("user", MultiDict({**posted, "cloud_storage-0-storage_fee": "lots"}))
        assert not bad.validate()
        assert any("Cloud storage 1 — Storage fee (KRW)" in message for _field, message in bad.error_links())
