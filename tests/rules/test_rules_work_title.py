"""Authors name the work that launched: the `work_title` text input of `launch_window` (issue 11)."""

from __future__ import annotations

import pytest
from rules_support import claim_of, quote

from claims.rules import ClaimInputError, Line, claim_to_dict, explain_line, parse_claim, parse_item
from claims.rules.fastread import fast_claim
from claims.rules.heads import declare
from claims.rules.registry import heads


def launch(**changes):
    item = {
        "kind": "launch_window",
        "service": "kakao_webtoon",
        "work_title": "달빛 정원",
        "launch_at": "2022-10-15T00:00",
        "expected_earnings": 1_200_000,
    }
    item.update(changes)
    return {key: value for key, value in item.items() if value is not ...}


def errors(item) -> dict[str, str]:
    with pytest.raises(ClaimInputError) as caught:
        parse_item(item)
    return {error.field: error.template for error in caught.value.errors}


def test_the_title_is_a_declared_text_input_of_at_most_200_characters():
    entry = heads()["launch_window"].input("work_title")
    assert entry is not None and entry.type == declare.TEXT and not entry.optional
    assert entry.max_length == 200
    assert entry.label == {"ko": "작품 제목", "en": "Title of the work"}


@pytest.mark.parametrize(
    ("title", "template"),
    [(..., "is required"), ("   ", "is required"), ("", "is required"), (12, "must be text")],
)
def test_a_launch_without_a_title_is_refused(title, template):
    assert errors(launch(work_title=title)) == {"items[0].work_title": template}


def test_a_title_longer_than_200_characters_is_refused():
    with pytest.raises(ClaimInputError) as caught:
        parse_item(launch(work_title="가" * 201))
    (error,) = caught.value.errors
    assert error.field == "items[0].work_title"
    assert error.message == "must be at most 200 characters"
    assert parse_item(launch(work_title="가" * 200)).work_title == "가" * 200


def test_the_title_is_trimmed_and_kept_in_the_stored_form():
    item = parse_item(launch(work_title="  달빛 정원 "))
    assert item.work_title == "달빛 정원"
    claim = parse_claim({"claimant_type": "author", "items": [launch(work_title="  달빛 정원 ")]})
    stored = claim_to_dict(claim)
    assert stored["items"][0]["work_title"] == "달빛 정원"
    # The stored form reads on the fast path, into the same record the full reader builds.
    assert fast_claim(stored, None) == claim


@pytest.mark.parametrize("title", ["  달빛 정원", "", "x" * 201, None, 7])
def test_the_fast_path_leaves_anything_doubtful_to_the_full_reader(title):
    assert fast_claim({"claimant_type": "author", "items": [launch(work_title=title)]}, None) is None


def test_the_letter_names_the_work(incident, fair):
    line = quote(claim_of("author", launch()), incident, fair).lines[0]
    assert line.trace["work_title"] == "달빛 정원"
    ko, en = explain_line(line, incident, "ko"), explain_line(line, incident, "en")
    assert ko.startswith("「달빛 정원」의 2022년 10월 15일 00:00부터")
    assert "launch window of “달빛 정원” from 15 Oct 2022 00:00 KST" in en
    away = quote(claim_of("author", launch(launch_at="2022-09-01T00:00")), incident, fair).lines[0]
    assert explain_line(away, incident, "ko").startswith("「달빛 정원」의 2022년 9월 1일 00:00부터")


def test_a_line_stored_before_titles_were_asked_still_reads(incident, fair):
    line = quote(claim_of("author", launch()), incident, fair).lines[0]
    data = line.to_dict()
    del data["trace"]["work_title"]
    old = Line.from_dict(data)
    assert explain_line(old, incident, "ko").startswith("작품의 2022년 10월 15일")
    assert "launch window of the work from" in explain_line(old, incident, "en")


def test_the_losses_form_and_the_reviewers_display_carry_the_title(app):
    from werkzeug.datastructures import MultiDict

    from claims.web.item_display import describe_inputs
    from claims.web.losses_form import SPECS, LossesForm

    assert "work_title" in SPECS["launch_window"].row_fields
    posted = {
        "launch_window-0-service": "kakaopage",
        "launch_window-0-work_title": " 달빛 정원 ",
        "launch_window-0-launch_at": "2022-10-15 12:00",
        "launch_window-0-expected_earnings": "2,000,000",
    }
    with app.test_request_context("/", headers={"Accept-Language": "ko"}):
        form = LossesForm.from_post("author", MultiDict(posted))
        assert form.validate()
        (item,) = [entry for entry in form.items() if entry["kind"] == "launch_window"]
        assert item["work_title"] == "달빛 정원"
        shown = describe_inputs(
            {"service": "kakaopage", "work_title": "달빛 정원"}, {"kakaopage": "카카오페이지"}
        )
        assert [(entry.label, entry.text) for entry in shown] == [
            ("서비스", "카카오페이지"),
            ("작품 제목", "달빛 정원"),
        ]
        long = LossesForm.from_post("author", MultiDict({**posted, "launch_window-0-work_title": "가" * 201}))
        assert not long.validate()
        messages = [message for _field, message in long.error_links()]
        assert any("200자 이내로 입력해 주세요" in message for message in messages), messages
        blank = LossesForm.from_post("author", MultiDict({**posted, "launch_window-0-work_title": ""}))
        assert not blank.validate()
        assert any("작품 제목" in message for _field, message in blank.error_links())
