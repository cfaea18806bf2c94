"""The operators' commands: compare-policies (summary and CSV) and reassess (with its progress bar)."""

from __future__ import annotations

from claims.models import Claim
from claims.services import windows
from claims.services.incidents import get_incident
from tests.factories import make_claim


def test_compare_policies_prints_the_summary_and_writes_the_csv(runner, session, people, incident, tmp_path):
    incident = get_incident(session, incident.id)
    claim = make_claim(session, people["claimant"], incident)
    out = tmp_path / "compare.csv"
    result = runner.invoke(args=["compare-policies", "as-paid-2022", "fair-2022", "--csv", str(out)])
    assert result.exit_code == 0, result.output
    assert "as-paid-2022 → fair-2022: 1 claims, 1 claimants" in result.output
    assert "taxi_driver" in result.output and "difference per claim" in result.output
    assert claim.reference in out.read_text()
    unknown = runner.invoke(args=["compare-policies", "as-paid-2022", "nope"])
    assert unknown.exit_code != 0


def test_reassess_runs_over_open_claims(runner, session, people, incident):
    incident = get_incident(session, incident.id)
    claim = make_claim(session, people["claimant"], incident)
    proposal = windows.current_windows(incident)
    (w,) = proposal["kakao_t_taxi"]
    proposal["kakao_t_taxi"] = [windows.ProposedWindow(w.start, w.end.replace(hour=3), "full")]
    # saved without reassessing, as if the job had been lost
    windows.save(session, incident, proposal, "notice", "KBS", people["supervisor"].id)
    result = runner.invoke(args=["reassess", "--incident", incident.id])
    assert result.exit_code == 0, result.output
    assert "1 of 1 open claims reassessed, 1 changed" in result.output
    session.expire_all()
    assert session.get(Claim, claim.id).latest_assessment.windows_version == 2
