"""The queue's links to its claims, built once per page, are the links url_for writes."""

from __future__ import annotations

import pytest
from flask import url_for


@pytest.mark.parametrize(
    "queue_qs",
    ["", "status=submitted", "q=%ED%99%8D+%EA%B8%B8%EB%8F%99&sort=flags&page=3", "q=a%26b%3D%3F%23&flag=any"],
)
def test_a_row_links_to_the_claim_exactly_as_url_for_does(app, queue_qs):
    from claims.web.review import _claim_links

    with app.test_request_context():
        link = _claim_links(queue_qs)
        for claim_id in (1, 7, 10, 100, 99_999, 1_234_567):
            assert link(claim_id) == url_for("review.claim", claim_id=claim_id, queue=queue_qs or None)
