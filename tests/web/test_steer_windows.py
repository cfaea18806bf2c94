"""The windows correction pages: preview, save, the reassessment's progress page, the public change log."""

from __future__ import annotations

from sqlalchemy import select

from claims.models import Claim, DecidedChange
from claims.services import windows
from claims.services.incidents import get_incident
from claims.web import windows_form
from tests.factories import make_claim

TAXI = [{"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000}]


def form_data(incident, change=None) -> dict:
    rows = windows_form.rows_of(windows.current_windows(incident), [s.code for s in incident.services])
    data = {}
    for row in rows:
        p = f"w{row.n}-"
        data.update(
            {
                f"{p}service": row.service,
                f"{p}start": row.start,
                f"{p}end": row.end,
                f"{p}level": row.level,
                f"{p}note": row.note,
                f"{p}source": row.source,
            }
        )
        if row.new:
            data[f"{p}new"] = "1"
            data[f"{p}service"] = incident.services[0].code
        if change and row.service == change[0] and not row.new:
            data.update({f"{p}{k}": v for k, v in change[1].items()})
    return data


def test_supervisor_previews_saves_and_the_timeline_shows_the_version(
    client, login, session, people, incident
):
    incident = get_incident(session, incident.id)
    open_claim = make_claim(session, people["claimant"], incident, items=TAXI)
    decided = make_claim(
        session,
        people["claimant"],
        incident,
        items=TAXI,
        status="decided",
        decision="approved",
        amount_approved=11790,
    )
    data = form_data(incident, ("kakao_t_taxi", {"end": "2022-10-16T12:00"}))
    login("supervisor@example.com")

    page = client.post("/steer/windows", data={**data, "action": "preview"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert open_claim.reference in text and "10,750" in text and "11,790" in text
    assert get_incident(session, incident.id).windows_version == 1  # nothing written

    missing = client.post("/steer/windows", data={**data, "action": "save"})
    assert (
        missing.status_code == 200
        and "Say why the windows change." in missing.get_data(as_text=True)
        or ("변경" in missing.get_data(as_text=True))
    )

    saved = client.post(
        "/steer/windows",
        data={
            **data,
            "action": "save",
            "reason": "14:00 notice was for the app; calls back at 12:00",
            "source": "KBS 5580046",
        },
    )
    assert saved.status_code == 302 and "/steer/windows/runs/" in saved.headers["Location"]
    progress = client.get(saved.headers["Location"])
    assert progress.status_code == 200
    session.expire_all()
    assert session.get(Claim, open_claim.id).amount_computed == 10_750
    assert session.get(Claim, decided.id).amount_computed == 11_790
    assert session.scalars(select(DecidedChange.claim_id)).all() == [decided.id]

    listed = client.get("/steer/windows/decided").get_data(as_text=True)
    assert decided.reference in listed
    (change_id,) = session.scalars(select(DecidedChange.id)).all()
    assert client.post(f"/steer/windows/decided/{change_id}/reopen").status_code == 302
    session.expire_all()
    assert session.get(Claim, decided.id).status == "in_review"
    queue = client.get("/review/?status=all&flag=REOPENED_AFTER_CORRECTION").get_data(as_text=True)
    assert decided.reference in queue and open_claim.reference not in queue

    timeline = client.get("/timeline").get_data(as_text=True)
    assert timeline.count('id="change-log"') == 1 and "KBS 5580046" in timeline
    assert 'id="windows-version"' in timeline and "2" in timeline

    versions = client.get("/steer/windows/versions?a=1&b=2")
    assert versions.status_code == 200 and open_claim.reference in versions.get_data(as_text=True)

    claim_page = client.get(f"/review/claims/{open_claim.id}").get_data(as_text=True)
    assert "windows-version-used" in claim_page


def test_a_split_row_shows_as_two_and_bad_rows_are_named(client, login, session, people, incident):
    incident = get_incident(session, incident.id)
    login("supervisor@example.com")
    data = form_data(incident, ("kakao_t_taxi", {"split": "2022-10-16T02:00"}))
    page = client.post("/steer/windows", data={**data, "action": "preview"}).get_data(as_text=True)
    assert page.count('-service" value="kakao_t_taxi"') == 2
    bad = form_data(incident, ("kakao_t_taxi", {"end": "2022-10-14T00:00"}))
    page = client.post("/steer/windows", data={**bad, "action": "preview"}).get_data(as_text=True)
    assert 'aria-invalid="true"' in page
