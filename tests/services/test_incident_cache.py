"""Incidents are cached across requests by the values of their rows: a changed row is seen at once."""

from __future__ import annotations

from datetime import timedelta

from claims.db import get_session
from claims.services.incidents import default_incident, get_incident, rules_incident


def test_a_cached_incident_follows_its_rows(app, incident):
    with app.app_context():
        _check(incident.id)


def _check(incident_id: str) -> None:
    session = get_session()
    first = get_incident(session, incident_id)
    assert default_incident(session) is first
    window = first.services[0].windows[0]
    start, end = window.start, window.end
    session.commit()  # a new transaction: the incident is read again (from the cache)
    again = get_incident(session, incident_id)
    ends = [w.end for s in again.services for w in s.windows]
    assert ends == [w.end for s in first.services for w in s.windows]
    again.services[0].windows[0].end = end - timedelta(minutes=1)  # a correction without a version bump
    again.name_en = "Renamed"
    session.commit()
    session.close()
    fresh = get_incident(get_session(), incident_id)
    assert fresh.services[0].windows[0].start == start
    assert fresh.services[0].windows[0].end == end - timedelta(minutes=1)
    assert fresh.name_en == "Renamed"
    code = fresh.services[0].code
    assert rules_incident(fresh).services[code].windows[0].end == end - timedelta(minutes=1)
