"""Hypothesis over the whole URL map: out-of-range ids, numbers and dates in paths, queries and forms never
give a 500 (issue 9: "Queue URLs with out-of-range numbers or dates … answer 400/404, never 500")."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.access_world import PASSWORD, build_world

HUGE = [0, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**30, 922337203685477580]
NUMBERS = st.one_of(st.sampled_from(HUGE), st.integers(min_value=-(2**80), max_value=2**80))
NUMBER_TEXT = st.one_of(
    NUMBERS.map(str),
    st.sampled_from(
        ["1e23", "9" * 40, "-0", "1.5", "NaN", "inf", "0x10", "１２", "1,000,000,000,000", " 7 "]
    ),
)
DATE_TEXT = st.one_of(
    st.dates().map(str),
    st.sampled_from(["0001-01-01", "9999-12-31", "2022-02-30", "2022-13-01", "10000-01-01", "0000-00-00"]),
    st.sampled_from(["0001-01-01 00:00", "9999-12-31 23:59", "2022-10-15 25:61", "2022-10-15T15:30"]),
)
WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
VALUE = st.one_of(NUMBER_TEXT, DATE_TEXT, WORDS)
NUMERIC_KEYS = [
    "page",
    "amount_min",
    "amount_max",
    "version",
    "amount",
    "line-0-amount",
    "expected_version",
    "other",
    "claim_ids",
    "assignee",
]
DATE_KEYS = ["filed_from", "filed_to", "due_on", "incurred_at", "expires_at", "launch_at", "started_at"]
OTHER_KEYS = ["q", "status", "sort", "lang", "type", "policy", "code", "next", "flag", "kind", "service"]
# The reviewer's day: the queue carried along, the line forms' start, request templates and actions, accounts.
OTHER_KEYS += ["queue", "start", "template", "action", "all", "all_reason", "who", "note"]
QUERY = st.dictionaries(
    st.sampled_from(NUMERIC_KEYS + DATE_KEYS + OTHER_KEYS),
    VALUE,
    max_size=4,
)
ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


def _routes(app) -> list[tuple[str, str]]:
    return sorted(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in ("static", "auth.logout")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    )


@st.composite
def requests(draw, routes, world):
    rule, method = draw(st.sampled_from(routes))

    def fill(match: re.Match) -> str:
        name, converter = match["name"], match["converter"]
        if converter == "int" or name.endswith("_id"):
            value = draw(st.one_of(NUMBER_TEXT, st.just(str(world.url_values.get(name, 1)))))
        elif name in world.url_values and draw(st.booleans()):
            value = str(world.url_values[name])
        else:
            value = draw(st.one_of(WORDS, NUMBER_TEXT, DATE_TEXT)) or "x"
        return quote(value, safe="")

    path = ARGUMENT.sub(fill, rule)
    query = draw(QUERY)
    form = draw(QUERY) if method == "POST" else None
    return method, f"{path}?{urlencode(query)}" if query else path, form


@pytest.mark.parametrize("role", ["claimant_a", "supervisor", "reviewer", "admin"])
def test_no_url_of_the_map_gives_a_500(app, client, session, create_user, incident, role):
    world = build_world(app, session, create_user, incident)
    assert client.post("/login", data={"email": world.emails[role], "password": PASSWORD}).status_code == 302
    routes = _routes(app)

    @given(request=requests(routes, world))
    @settings(
        max_examples=250,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def never_a_500(request):
        method, url, form = request
        response = client.open(url, method=method, data=form)
        assert response.status_code != 500, (method, url, form, response.get_data(as_text=True)[:300])
        response.close()

    never_a_500()
