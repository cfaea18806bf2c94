"""/admin/users (issue 9): staff first, searched and paged — not every claimant account on one page."""

from __future__ import annotations

import pytest

from claims.models import User


@pytest.fixture
def many(session, people):
    session.add_all(
        User(
            email=f"claimant{n:04d}@example.com",
            display_name=f"청구인 {n:04d}",
            role="claimant",
            password_hash="x",
        )
        for n in range(120)
    )
    session.commit()
    return people


def test_staff_come_first_and_a_page_is_small(client, login, many):
    login(many["admin"].email)
    response = client.get("/admin/users")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(page) < 120_000  # 50 rows, not 120+
    assert page.count('<select id="role-') == 50
    for role in ("reviewer", "supervisor", "admin"):
        assert many[role].email in page
    assert page.index(many["reviewer"].email) < page.index("claimant0000@example.com")
    assert "page=2" in page
    last = client.get("/admin/users?page=3").get_data(as_text=True)
    assert "claimant0119@example.com" in last and "page=4" not in last


def test_search_and_filters(client, login, many):
    login(many["admin"].email)
    page = client.get("/admin/users?q=claimant0042").get_data(as_text=True)
    assert "claimant0042@example.com" in page and page.count('<select id="role-') == 1
    page = client.get("/admin/users?q=청구인 0007").get_data(as_text=True)
    assert "claimant0007@example.com" in page
    staff = client.get("/admin/users?who=staff").get_data(as_text=True)
    assert "claimant0000@example.com" not in staff and many["reviewer"].email in staff
    claimants = client.get("/admin/users?who=claimant").get_data(as_text=True)
    assert many["reviewer"].email not in claimants


@pytest.mark.parametrize(
    "query", ["page=922337203685477580", "page=0", "page=-1", "page=x", "who=root", "page=1e23"]
)
def test_out_of_range_is_a_400(client, login, many, query):
    login(many["admin"].email)
    assert client.get(f"/admin/users?{query}").status_code == 400
