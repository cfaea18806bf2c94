"""Issue 11: ask what happened first, show only those losses, a task list, evidence per loss, the claimant's
own account for the reviewer, and no pile of empty drafts."""

from __future__ import annotations

import io
import re

import pytest
from claimant_helpers import CASES, PDF, PNG, fill_contact, start, submit
from sqlalchemy import func, select

from claims.db import get_session
from claims.models import Claim


@pytest.fixture
def claimant(app, create_user, login, incident):
    app.config["STP_LIMIT"] = 0
    user = create_user(email="driver@example.com", language="ko")
    login(user.email)
    return user


def _look(app, reference, look):
    with app.app_context():
        return look(get_session().scalar(select(Claim).where(Claim.reference == reference)))


def _start(client, claimant_type, kinds) -> str:
    response = client.post(
        "/my/claims/new", data={"type": claimant_type, f"kinds-{claimant_type}": list(kinds)}
    )
    assert response.status_code == 302
    return re.search(r"/my/claims/(KC-[^/]+)/edit/contact", response.headers["Location"])[1]


def test_an_empty_my_claims_page_asks_who_and_what_happened(client, claimant):
    body = client.get("/my/claims").get_data(as_text=True)
    assert 'name="kinds-taxi_driver" value="unpaid_fares"' in body
    assert "승객이 요금을 결제하지 못했어요" in body  # in the claimant's words
    assert 'name="type" value="taxi_driver"' in body


def test_the_losses_step_shows_only_what_happened_until_asked_for_all(app, client, claimant):
    reference = _start(client, "taxi_driver", ["unpaid_fares"])
    assert _look(app, reference, lambda c: c.situations) == ["unpaid_fares"]
    body = client.get(f"/my/claims/{reference}/edit/losses").get_data(as_text=True)
    assert 'data-kind="unpaid_fares"' in body
    assert 'data-kind="subscription"' not in body and 'data-kind="lost_income"' not in body
    every = client.get(f"/my/claims/{reference}/edit/losses?all=1").get_data(as_text=True)
    assert 'data-kind="subscription"' in every and 'data-kind="lost_income"' in every


def test_kinds_of_another_type_are_not_kept(app, client, claimant):
    reference = _start(client, "taxi_driver", ["unpaid_fares", "lost_sales", "bogus"])
    assert _look(app, reference, lambda c: c.situations) == ["unpaid_fares"]


def test_the_task_list_says_what_is_done_and_what_is_still_to_do(client, claimant):
    reference = _start(client, "taxi_driver", ["unpaid_fares"])
    body = client.get(f"/my/claims/{reference}/edit/contact").get_data(as_text=True)
    assert body.count("task--todo") == 3  # contact, losses, review
    fill_contact(client, reference)
    client.post(f"/my/claims/{reference}/edit/losses", data=CASES["taxi_driver"])
    body = client.get(f"/my/claims/{reference}/edit/review").get_data(as_text=True)
    assert body.count("task--done") == 2 and "task--ready" in body and "task--todo" not in body


def test_starting_twice_reuses_the_empty_draft(app, client, claimant):
    first = _start(client, "taxi_driver", ["unpaid_fares"])
    second = _start(client, "taxi_driver", ["lost_income"])
    assert first == second
    assert _look(app, first, lambda c: c.situations) == ["lost_income"]
    client.post(f"/my/claims/{first}/edit/losses", data=CASES["taxi_driver"])
    third = _start(client, "taxi_driver", [])
    assert third != first  # a draft with losses is kept as it is
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Claim)) == 2


def test_from_the_losses_the_claimant_goes_to_the_review(client, claimant):
    reference = start(client, "taxi_driver")
    fill_contact(client, reference)
    response = client.post(f"/my/claims/{reference}/edit/losses", data=CASES["taxi_driver"])
    assert response.headers["Location"].endswith(f"/{reference}/edit/review")


def test_files_chosen_on_the_losses_step_belong_to_their_loss_and_survive_a_typing_slip(
    app, client, claimant
):
    reference = _start(client, "taxi_driver", ["unpaid_fares"])
    fill_contact(client, reference)
    slip = {**CASES["taxi_driver"], "unpaid_fares-0-fare": "abc"}
    response = client.post(
        f"/my/claims/{reference}/edit/losses",
        data={
            **slip,
            "evidence-unpaid_fares": [(io.BytesIO(PNG), "ride.png")],
            "evidence-claim": [(io.BytesIO(PDF), "statement.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200  # the slip is shown; the files are kept
    files = _look(app, reference, lambda c: sorted((e.original_name, e.about) for e in c.evidence))
    assert files == [("ride.png", "unpaid_fares"), ("statement.pdf", None)]
    assert "ride.png" in response.get_data(as_text=True)


def test_what_happened_is_kept_limited_and_shown_to_the_reviewer(app, client, claimant, create_user, login):
    reference = start(client, "taxi_driver")
    fill_contact(client, reference)
    too_long = client.post(
        f"/my/claims/{reference}/edit/losses", data={**CASES["taxi_driver"], "what_happened": "가" * 2001}
    )
    assert too_long.status_code == 200 and 'id="what_happened-error"' in too_long.get_data(as_text=True)
    account = "15:15에 태운 손님이 카카오페이 결제를 못 했습니다."
    client.post(
        f"/my/claims/{reference}/edit/losses", data={**CASES["taxi_driver"], "what_happened": account}
    )
    assert _look(app, reference, lambda c: c.what_happened) == account
    submit(client, reference)
    claim_id = _look(app, reference, lambda c: c.id)
    reviewer = create_user(role="reviewer", email="rev@example.com")
    client.post("/logout")
    login(reviewer.email)
    page = client.get(f"/review/claims/{claim_id}").get_data(as_text=True)
    assert account in page


def test_the_estimate_carries_its_losses_into_a_new_claim(app, client, claimant):
    estimate = client.post(
        "/estimate?type=taxi_driver",
        data={
            "unpaid_fares-0-started_at__date": "2022-10-15",
            "unpaid_fares-0-started_at__time": "15:15",
            "unpaid_fares-0-ended_at__date": "2022-10-15",
            "unpaid_fares-0-ended_at__time": "15:40",
            "unpaid_fares-0-fare": "6500",
        },
    ).get_data(as_text=True)
    assert "6,500원" in estimate and "/my/claims/new?type=taxi_driver&amp;from_estimate=1" in estimate
    chooser = client.get("/my/claims/new?type=taxi_driver&from_estimate=1").get_data(as_text=True)
    assert re.search(r'value="unpaid_fares" checked', chooser)
    assert 'name="from_estimate" value="1"' in chooser
    response = client.post(
        "/my/claims/new",
        data={"type": "taxi_driver", "from_estimate": "1", "kinds-taxi_driver": ["unpaid_fares"]},
    )
    reference = re.search(r"/my/claims/(KC-[^/]+)/edit/contact", response.headers["Location"])[1]
    items = _look(app, reference, lambda c: [(i.kind, i.inputs) for i in c.items])
    assert items == [
        (
            "unpaid_fares",
            {
                "rides": [
                    {
                        "started_at": "2022-10-15T15:15:00+09:00",
                        "ended_at": "2022-10-15T15:40:00+09:00",
                        "fare": 6500,
                    }
                ]
            },
        )
    ]
    # Used once: a second claim starts empty.
    fill_contact(client, reference)
    again = _start(client, "taxi_driver", ["unpaid_fares"])
    assert again != reference
    assert _look(app, again, lambda c: c.items) == []
