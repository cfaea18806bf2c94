"""Issue 10, hole 3 (and issue 9's queue URLs): input that used to give a 500 is a 400 or 404 with a message.

Deeply nested JSON, NUL characters in any text field, query or file name (PostgreSQL cannot store them), ids
beyond what the database holds, and dates such as 0001-01-01.
"""

from __future__ import annotations

import io

import pytest

from tests.factories import make_claim

NUL_MESSAGE = "NUL 문자"


def test_deeply_nested_json_is_a_400_not_a_recursion_error(client):
    for depth in (40, 100_000):
        body = "[" * depth + "]" * depth
        response = client.post("/api/v1/quote", data=body, content_type="application/json")
        assert response.status_code == 400, depth
        assert response.is_json and response.get_json()["errors"]
    nested = '{"claimant_type": "user", "items": [' + '{"a": ' * 50 + "1" + "}" * 50 + "]}"
    assert client.post("/api/v1/quote", data=nested, content_type="application/json").status_code == 400


def test_a_nul_in_the_sign_in_address_is_a_400_with_the_usual_message(client):
    response = client.post("/login", data={"email": "a\x00@example.com", "password": "x"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.get_data(as_text=True)


def test_a_nul_in_registration_or_a_query_is_a_400(client):
    form = {
        "display_name": "홍\x00길동",
        "email": "n@example.com",
        "phone": "010-1234-5678",
        "password": "password123",
    }
    assert client.post("/register", data=form).status_code == 400
    assert client.get("/verify?code=AB\x00CD").status_code == 400
    assert client.get("/my/claims/KC-2210-AAAA%00A").status_code == 400


def test_a_nul_in_a_claim_field_or_a_file_name_is_a_400(client, create_user, login, incident):
    from tests.web.claimant_helpers import CONTACT, PNG, start

    login(create_user().email)
    reference = start(client, "taxi_driver")
    contact = client.post(
        f"/my/claims/{reference}/edit/contact", data={**CONTACT, "contact_name": "박\x00택시"}
    )
    assert contact.status_code == 400 and NUL_MESSAGE in contact.get_data(as_text=True)
    upload = client.post(
        f"/my/claims/{reference}/files",
        data={"files": (io.BytesIO(PNG), "receipt\x00.png")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/review/claims/99999999999999999999",
        "/review/claims/18446744073709551616/evidence/1",
        "/review/claims/2147483648",
        "/review/approvals/99999999999999999999/sign",
        "/my/claims/KC-2210-AAAAAA/files/99999999999999999999",
        "/oversight/payouts/99999999999999999999.csv",
    ],
)
def test_ids_beyond_the_database_are_404(client, create_user, login, path):
    login(create_user(role="supervisor").email)
    method = client.post if path.endswith("/sign") else client.get
    assert method(path).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "page=922337203685477580",
        "page=0",
        "amount_min=1e23",
        "amount_min=100000000000000000000000",
        "amount_max=-5",
        "filed_from=0001-01-01",
        "filed_to=9999-12-31",
        "filed_from=2022-02-30",
    ],
)
def test_queue_filters_out_of_range_are_a_400_with_the_field_named(
    client, create_user, login, incident, query
):
    login(create_user(role="reviewer").email)
    response = client.get(f"/review/?{query}")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "일부 조건을 이해하지 못해 무시했습니다" in body or "error" in body


def test_an_in_range_queue_filter_still_works(client, create_user, login, incident, session):
    claimant = create_user()
    make_claim(session, claimant, incident)
    login(create_user(role="reviewer").email)
    response = client.get("/review/?amount_min=1000&filed_from=2022-10-01&page=1")
    assert response.status_code == 200


def test_a_year_one_date_in_an_information_request_is_a_message(
    client, create_user, login, incident, session
):
    claim = make_claim(session, create_user(), incident)
    login(create_user(role="reviewer").email)
    response = client.post(
        f"/review/claims/{claim.id}/request-information",
        data={"items": ["receipt"], "message": "x", "due_on": "0001-01-01", "version": str(claim.version)},
    )
    assert response.status_code == 422  # the claim page again, the message next to the date
    assert "2000-01-01" in response.get_data(as_text=True)
