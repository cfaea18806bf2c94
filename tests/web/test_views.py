"""The thin-view helpers: get_or_404 and one handler per blueprint for domain errors."""

from __future__ import annotations

from flask import Blueprint, url_for

from claims import create_app
from claims.errors import ClaimConflict, NotAllowed, NotFound
from claims.models import User
from claims.web.views import get_or_404, handle_domain_errors


def test_a_refused_use_case_is_flashed_and_the_user_sent_back(app_config, people):
    bp = Blueprint("probe", __name__, url_prefix="/probe")
    handle_domain_errors(bp, back=lambda **args: url_for("probe.page", item=args.get("item", 0)))
    raised = {
        "1": NotAllowed("Not now."),
        "2": ClaimConflict("Changed meanwhile."),
        "3": NotFound("No such."),
    }

    @bp.get("/<int:item>")
    def page(item: int):
        return f"page {item}"

    @bp.post("/<int:item>/act")
    def act(item: int):
        raise raised[str(item)]

    @bp.get("/users/<int:user_id>")
    def user(user_id: int):
        return get_or_404(User, user_id, where=lambda row: row.role == "claimant").email

    app = create_app(app_config)
    app.register_blueprint(bp)
    client = app.test_client()
    response = client.post("/probe/1/act")
    assert response.status_code == 302 and response.headers["Location"].endswith("/probe/1")
    with client.session_transaction() as flashed:
        assert flashed["_flashes"] == [("error", "Not now.")]
    client.post("/probe/2/act")
    with client.session_transaction() as flashed:
        assert ("error", "Changed meanwhile.") in flashed["_flashes"]
    assert client.post("/probe/3/act").status_code == 404
    assert (
        client.get(f"/probe/users/{people['claimant'].id}").get_data(as_text=True) == "claimant@example.com"
    )
    assert (
        client.get(f"/probe/users/{people['reviewer'].id}").status_code == 404
    )  # exists, but not for this view
    assert client.get("/probe/users/999999").status_code == 404
    app.extensions["db_engine"].dispose()  # its own app: a pooled PostgreSQL connection would leak otherwise
