"""Every route × every role, acting on claimant A's objects, against the allowed matrix of DESIGN.md (Roles).

A route missing from MATRIX fails the test: whoever adds a route says here who may use it. Outcomes:
OK (used: any answer but a refusal — a page, a redirect, a form error), LOGIN (sent to sign in), FORBIDDEN
(403: the role may not use this page), HIDDEN (404: the object is not theirs, so it does not exist for them).
A 500 fails whatever the matrix says.
"""

from __future__ import annotations

import pytest

from tests.web.access_world import PASSWORD, ROLES, build_world

OK, LOGIN, FORBIDDEN, HIDDEN = "ok", "login", "forbidden", "hidden"


def _row(anonymous, claimant_a, claimant_b, reviewer, supervisor, admin) -> dict[str, str]:
    return dict(zip(ROLES, (anonymous, claimant_a, claimant_b, reviewer, supervisor, admin), strict=True))


EVERYONE = _row(OK, OK, OK, OK, OK, OK)
SIGNED_IN = _row(LOGIN, OK, OK, OK, OK, OK)
CLAIMANTS = _row(LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)
# A's claim through the claimant's pages: only A; another claimant finds nothing; staff use their own pages.
OWN_CLAIM = _row(LOGIN, OK, HIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
# A's files and letters: A and the staff who work claims; admins manage accounts and never see them.
OWN_FILES = _row(LOGIN, OK, HIDDEN, OK, OK, HIDDEN)
CASE_STAFF = _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN)
SUPERVISORS = _row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN)
ADMINS = _row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
# For operators' tools holding a token (METRICS_TOKEN), not for any signed-in role: 404 to everyone.
OPERATORS = _row(HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)

# (endpoint, method) → who may use it. DESIGN.md, Roles.
MATRIX: dict[tuple[str, str], dict[str, str]] = {
    # public pages, health checks and the API
    ("static", "GET"): EVERYONE,
    ("public.home", "GET"): EVERYONE,
    ("public.privacy", "GET"): EVERYONE,
    ("public.accessibility", "GET"): EVERYONE,
    ("public.switch_language", "POST"): EVERYONE,
    ("public_info.timeline", "GET"): EVERYONE,
    ("public_info.policy_page", "GET"): EVERYONE,
    ("public_info.estimate", "GET"): EVERYONE,
    ("public_info.estimate", "POST"): EVERYONE,
    ("health.live", "GET"): EVERYONE,
    ("health.ready", "GET"): EVERYONE,
    ("metrics", "GET"): OPERATORS,
    ("api.health", "GET"): EVERYONE,
    ("api.openapi", "GET"): EVERYONE,
    ("api.quote", "POST"): EVERYONE,
    ("letters.verify_form", "GET"): EVERYONE,
    ("letters.verify", "GET"): EVERYONE,
    ("letters.verify_file", "POST"): EVERYONE,
    # accounts
    ("auth.login", "GET"): EVERYONE,
    ("auth.login", "POST"): EVERYONE,
    ("auth.logout", "POST"): EVERYONE,
    ("auth.register", "GET"): EVERYONE,
    ("auth.register", "POST"): EVERYONE,
    ("auth.check_email", "GET"): EVERYONE,
    ("auth.confirm", "GET"): EVERYONE,
    ("auth.resend_confirmation", "POST"): SIGNED_IN,
    ("auth.reset_request", "GET"): EVERYONE,
    ("auth.reset_request", "POST"): EVERYONE,
    ("auth.reset", "GET"): EVERYONE,
    ("auth.reset", "POST"): EVERYONE,
    ("account.password", "GET"): SIGNED_IN,
    ("account.password", "POST"): SIGNED_IN,
    # claimants: file, follow, answer, appeal their own claims
    ("claimant.my_claims", "GET"): CLAIMANTS,
    ("claimant.new_claim", "GET"): CLAIMANTS,
    ("claimant.new_claim", "POST"): CLAIMANTS,
    ("claimant.detail", "GET"): OWN_CLAIM,
    ("claimant.payout_account", "GET"): OWN_CLAIM,
    ("claimant.payout_account", "POST"): OWN_CLAIM,
    ("claimant.edit", "GET"): OWN_CLAIM,
    ("claimant.edit", "POST"): OWN_CLAIM,
    ("claimant.receipt", "GET"): OWN_CLAIM,
    ("claimant.upload", "POST"): OWN_CLAIM,
    ("claimant.delete_file", "POST"): OWN_CLAIM,
    ("claimant.withdraw", "GET"): OWN_CLAIM,
    ("claimant.withdraw", "POST"): OWN_CLAIM,
    ("claimant.discard", "GET"): OWN_CLAIM,
    ("claimant.discard", "POST"): OWN_CLAIM,
    ("claimant.respond", "GET"): OWN_CLAIM,
    ("claimant.respond", "POST"): OWN_CLAIM,
    ("claimant.appeal", "GET"): OWN_CLAIM,
    ("claimant.appeal", "POST"): OWN_CLAIM,
    ("claimant.download_file", "GET"): OWN_FILES,
    ("claimant.download_letter", "GET"): OWN_FILES,
    # reviewers and supervisors: any claim, its files and letters
    ("review.queue", "GET"): CASE_STAFF,
    ("review.claim", "GET"): CASE_STAFF,
    ("review.evidence_file", "GET"): CASE_STAFF,
    ("review.assign", "POST"): CASE_STAFF,
    ("review.release", "POST"): CASE_STAFF,
    ("review.decide", "POST"): CASE_STAFF,
    ("review.request_information", "POST"): CASE_STAFF,
    ("review.info_request_action", "POST"): CASE_STAFF,
    ("review.assign_many", "POST"): CASE_STAFF,
    ("review.dismiss_signal", "POST"): CASE_STAFF,
    ("review.compare", "GET"): CASE_STAFF,
    ("letters.preview", "GET"): CASE_STAFF,
    ("letters.dashboard", "GET"): CASE_STAFF,
    ("letters.progress_json", "GET"): CASE_STAFF,
    ("letters.issue_pending", "POST"): CASE_STAFF,
    ("oversight.stats", "GET"): CASE_STAFF,
    # supervisors: second signatures and payouts
    ("review.approvals", "GET"): SUPERVISORS,
    ("review.sign", "POST"): SUPERVISORS,
    ("review.refuse", "POST"): SUPERVISORS,
    ("payouts.index", "GET"): SUPERVISORS,
    ("payouts.export", "POST"): SUPERVISORS,
    ("payouts.batch", "GET"): SUPERVISORS,
    ("payouts.download", "GET"): SUPERVISORS,
    ("payouts.summary_file", "GET"): SUPERVISORS,
    ("payouts.mark_sent", "POST"): SUPERVISORS,
    ("payouts.upload_results", "POST"): SUPERVISORS,
    ("payouts.record_result", "POST"): SUPERVISORS,
    ("payouts.settle", "GET"): SUPERVISORS,
    ("payouts.settle", "POST"): SUPERVISORS,
    ("payouts.correct_account", "GET"): SUPERVISORS,
    ("payouts.correct_account", "POST"): SUPERVISORS,
    ("programme.reports", "GET"): SUPERVISORS,
    ("programme.report_csv", "GET"): SUPERVISORS,
    # supervisors: window corrections, their reassessment and the decided claims they would change
    ("windows.edit", "GET"): SUPERVISORS,
    ("windows.edit", "POST"): SUPERVISORS,
    ("windows.versions", "GET"): SUPERVISORS,
    ("windows.run", "GET"): SUPERVISORS,
    ("windows.decided", "GET"): SUPERVISORS,
    ("windows.reopen", "POST"): SUPERVISORS,
    ("windows.leave", "POST"): SUPERVISORS,
    # supervisors: policy comparison, drafts and their adoption (a second supervisor's signature)
    ("policies.compare", "GET"): SUPERVISORS,
    ("policies.compare_csv", "GET"): SUPERVISORS,
    ("policies.draft", "GET"): SUPERVISORS,
    ("policies.draft", "POST"): SUPERVISORS,
    ("policies.adopt", "POST"): SUPERVISORS,
    # admins: users and roles
    ("admin.users", "GET"): ADMINS,
    ("admin.users", "POST"): ADMINS,
    ("admin.update_user", "POST"): ADMINS,
}

# POSTs that change what later requests see run last, sign-out at the very end.
LAST = (
    "claimant.withdraw",
    "claimant.discard",
    "review.sign",
    "review.refuse",
    "windows.reopen",
    "policies.adopt",
    "windows.leave",
    "admin.update_user",
    "auth.logout",
)


def routes(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route of the app, GETs first."""
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule.rule))
    return sorted(
        found, key=lambda r: (r[1] != "GET", r[0] in LAST, LAST.index(r[0]) if r[0] in LAST else 0, r)
    )


def test_every_route_has_an_entry_in_the_matrix(app):
    listed = {(endpoint, method) for endpoint, method, _rule in routes(app)}
    assert sorted(listed - set(MATRIX)) == [], "add these routes to MATRIX (who may use them?)"
    assert sorted(set(MATRIX) - listed) == [], "these MATRIX entries name routes that no longer exist"


def outcome(response) -> str:
    assert response.status_code != 500, response.get_data(as_text=True)[:500]
    if response.status_code == 302 and "/login?next=" in response.headers.get("Location", ""):
        return LOGIN
    return {403: FORBIDDEN, 404: HIDDEN}.get(response.status_code, OK)


def observe(app, client, world, role: str) -> dict[tuple[str, str], str]:
    if role != "anonymous":
        signed_in = client.post("/login", data={"email": world.emails[role], "password": PASSWORD})
        assert signed_in.status_code == 302
    seen = {}
    with app.test_request_context():
        from flask import url_for

        for endpoint, method, _rule in routes(app):
            rule = next(r for r in app.url_map.iter_rules(endpoint))
            missing = [arg for arg in rule.arguments if arg not in world.url_values]
            assert not missing, f"access_world.py has no value for {missing} ({endpoint})"
            url = url_for(endpoint, **{arg: world.url_values[arg] for arg in rule.arguments})
            response = client.open(url, method=method, data={} if method == "POST" else None)
            seen[(endpoint, method)] = outcome(response)
            response.close()
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_design_allows(app, client, session, create_user, incident, role):
    world = build_world(app, session, create_user, incident)
    seen = observe(app, client, world, role)
    wrong = {
        f"{endpoint} {method}": f"expected {MATRIX[(endpoint, method)][role]}, got {got}"
        for (endpoint, method), got in seen.items()
        if (endpoint, method) in MATRIX and MATRIX[(endpoint, method)][role] != got
    }
    assert wrong == {}
