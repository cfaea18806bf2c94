"""The Korean catalogue reads as if a person wrote it: no particle placeholders, one word per thing
(docs/glossary.md), and WTForms' own messages in Korean."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from claims.config import ROOT

KO = ROOT / "translations" / "ko" / "LC_MESSAGES" / "messages.po"
PLACEHOLDERS = re.compile(r"\((?:을|를|이|가|으|은|는|과|와)\)")
# The "never" column of docs/glossary.md.
NEVER = (
    "접수번호",
    "신청인",
    "철회",
    "발행",
    "승인 금액",
    "승인액",
    "자료 요청",
    "보완 요구",
    "신청한 손해액",
    "전액 승인",
    "2차 승인",
    "승인 한도",
    "인정 금액",
    "산정 금액",
    "심사 담당자",
    "결재자",
    "신청 한도",
    "신청 기한",
    "이의신청",
    "장애 구간",
)


def _strings():
    with KO.open("rb") as fh:
        catalogue = read_po(fh, locale="ko")
    for message in catalogue:
        if not message.id:
            continue
        texts = message.string if isinstance(message.string, tuple | list) else (message.string,)
        for text in texts:
            if text:
                yield message.id, text


def test_no_korean_string_has_a_particle_placeholder():
    found = [(msgid, text) for msgid, text in _strings() if PLACEHOLDERS.search(text)]
    assert found == []


def test_the_korean_catalogue_uses_the_glossary_terms():
    found = [(word, text) for _msgid, text in _strings() for word in NEVER if word in text]
    assert found == []


def test_the_glossary_is_in_the_repository_and_names_each_term():
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for term in (
        "청구번호",
        "청구인",
        "보상 청구",
        "산정액",
        "인정액",
        "지급액",
        "발급",
        "보완 요청",
        "청구 취하",
    ):
        assert term in glossary


def test_wtforms_own_messages_are_korean_on_a_korean_page(app):
    from flask_wtf import FlaskForm
    from wtforms import IntegerField, StringField
    from wtforms.validators import DataRequired

    class Probe(FlaskForm):
        class Meta:
            csrf = False

        text = StringField(validators=[DataRequired()])
        number = IntegerField()

    with app.test_request_context(method="POST", data={"number": "x"}, headers={"Accept-Language": "ko"}):
        form = Probe()
        assert not form.validate()
        assert form.errors == {"text": ["이 항목은 필수입니다."], "number": ["올바르지 않은 정수 값입니다."]}


def test_explanations_write_hours_minutes_percent_and_whole_won_in_korean():
    from claims.rules.explain import hours, money, percent

    assert hours("20.0083", "ko") == "20시간 0분"
    assert hours("22.5", "ko") == "22시간 30분" and hours("744", "ko") == "744시간"
    assert percent("0.3", "ko") == "30%" and percent("0.5", "ko") == "50%"
    assert money("998.75", "ko") == "999원" and money("11794.35", "ko") == "11,794원"
    assert hours("22.5", "en") == "22.5 hours" and money("11794.35", "en") == "11,794.35 KRW"


def test_a_shop_open_around_the_clock_reads_24_hours():
    from claims import rules
    from claims.rules.explain import explain_line

    claim = rules.parse_claim(
        {
            "claimant_type": "merchant",
            "items": [
                {
                    "kind": "lost_sales",
                    "service": "kakaotalk_gift",
                    "daily_sales": 240000,
                    "business_hours": {"open": "00:00", "close": "00:00"},
                }
            ],
        }
    )
    world = rules.load_incident()
    line = rules.assess(claim, world, rules.load_policy()).lines[0]
    assert "24시간 영업" in explain_line(line, world, "ko")
