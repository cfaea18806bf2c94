"""Loading incidents and policies: the shipped files load; a malformed file gets an error that names the
file, the key and the problem; every parameter has a reference."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from rules_support import SYNTHETIC, shipped_data

from claims.rules import (
    IncidentError,
    PolicyError,
    available_policies,
    incident_from_dict,
    load_incident,
    load_policy,
)
from claims.rules.policy import POLICY_DIR

KST = timezone(timedelta(hours=9))


def test_shipped_incident(incident):
    assert incident.id == "pangyo-2022-10-15"
    assert incident.name["ko"] and incident.name["en"]
    assert incident.timezone == "Asia/Seoul"
    assert incident.opens_at == datetime(2022, 10, 19, tzinfo=KST)
    assert incident.closes_at is None
    assert incident.started_at == datetime(2022, 10, 15, 15, 30, tzinfo=KST)
    assert len(incident.services) == 15
    taxi = incident.services["kakao_t_taxi"]
    assert (taxi.code, taxi.name["en"]) == ("kakao_t_taxi", "Kakao T taxi")
    (window,) = taxi.windows
    assert (window.start, window.end, window.level) == (
        datetime(2022, 10, 15, 15, 30, tzinfo=KST),
        datetime(2022, 10, 16, 14, 0, tzinfo=KST),
        "full",
    )
    assert window.source and window.note is not None
    assert incident.timeline[0]["at"] == datetime(2022, 10, 15, 15, 19, tzinfo=KST)
    assert incident.timeline[0]["en"].startswith("Fire")


def test_incident_from_dict_takes_datetimes_and_text():
    data = copy.deepcopy(SYNTHETIC)
    window = data["services"]["two_hours"]["windows"][0]
    window["start"] = datetime(2022, 10, 15, 3, 0, tzinfo=UTC)  # 12:00 KST
    window["end"] = datetime(2022, 10, 15, 14, 0)  # naive: KST
    incident = incident_from_dict(data)
    (parsed,) = incident.services["two_hours"].windows
    assert parsed.end - parsed.start == timedelta(hours=2)
    assert incident.source == "<dict>"
    assert incident.services["two_hours"].spans.longest_full_seconds == 7200


def test_windows_are_kept_in_time_order():
    data = copy.deepcopy(SYNTHETIC)
    data["services"]["touching"]["windows"].reverse()
    windows = incident_from_dict(data).services["touching"].windows
    assert [w.start.hour for w in windows] == [12, 13]


def _incident_error(data) -> str:
    with pytest.raises(IncidentError) as caught:
        incident_from_dict(data, source="incident.yaml")
    return str(caught.value)


def _with(path: str, value):
    data = copy.deepcopy(SYNTHETIC)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is KeyError:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    "path, value, message",
    [
        ("id", KeyError, "incident.yaml: id: is required"),
        ("name.en", KeyError, "incident.yaml: name.en: is required"),
        ("timezone", "Mars/Base", "incident.yaml: timezone: unknown time zone 'Mars/Base'"),
        ("colour", "red", "incident.yaml: colour: unknown key"),
        ("claims.closes_at", "soon", "incident.yaml: claims.closes_at: must be a date and time"),
        (
            "claims.closes_at",
            "2022-10-01T00:00",
            "incident.yaml: claims.closes_at: must be after claims.opens_at",
        ),
        ("services", {}, "incident.yaml: services: is required"),
        ("services.two_hours.windows.0.level", "down", "services.two_hours.windows[0].level: must be one of"),
        (
            "services.two_hours.windows.0.end",
            "2022-10-15T12:00",
            "incident.yaml: services.two_hours.windows[0].end: must be after start",
        ),
        ("services.two_hours.windows.0.start", KeyError, "services.two_hours.windows[0].start: is required"),
        ("services.two_hours.windows.0.owner", "x", "services.two_hours.windows[0].owner: unknown key"),
        ("services.two_hours.windows", "all day", "services.two_hours.windows: must be a list"),
        (
            "services.Kakao Talk",
            {"name": {"ko": "a", "en": "b"}, "windows": []},
            "services.Kakao Talk: service codes",
        ),
        (
            "services.touching.windows.1.start",
            "2022-10-15T12:59",
            "services.touching.windows[1]: overlaps windows[0]",
        ),
    ],
)
def test_malformed_incident_names_key_and_problem(path, value, message):
    assert message in _incident_error(_with(path, value))


def test_incident_file_errors(tmp_path):
    with pytest.raises(IncidentError, match=r"missing\.yaml: file not found"):
        load_incident(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(IncidentError, match=r"broken\.yaml: line \d+: not valid YAML"):
        load_incident(broken)
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(IncidentError, match=r"list\.yaml: .*must be a mapping"):
        load_incident(listed)


def test_incident_file_with_a_bad_window_names_the_file(tmp_path):
    data = shipped_data()
    data["services"]["melon"]["windows"][1]["level"] = "slow"
    path = tmp_path / "incident.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(IncidentError) as caught:
        load_incident(path)
    assert str(caught.value).startswith(f"{path}: services.melon.windows[1].level: must be one of")


def test_shipped_policies():
    assert available_policies() == ["as-paid-2022", "fair-2022"]
    for policy_id in available_policies():
        policy = load_policy(policy_id)
        assert policy.id == policy_id
        assert policy.name["ko"] and policy.name["en"]
        assert policy.description["ko"] and policy.description["en"]
        parameters = policy.parameters()
        assert len({p.path for p in parameters}) == len(parameters)
        for parameter in parameters:
            assert parameter.reference.strip() and "\n" not in parameter.reference, parameter.path
        assert len(policy.params_hash) == 64 and int(policy.params_hash, 16) >= 0


def test_parameters_read_like_policy_section_4(fair, as_paid):
    values = {p.path: p.text for p in fair.parameters()}
    assert values["common.partial_weight"] == "0.5"
    assert values["subscription.multiplier"] == "10"
    assert values["subscription.min_continuous_hours"] == "2"
    assert values["out_of_pocket.grace_hours"] == "72"
    assert values["voucher.voucher_grace_hours"] == "168"
    assert values["lost_income.rate"] == "0.6"
    assert values["lost_sales.rate"] == "0.3"
    assert values["launch_window.launch_multiplier"] == "3"
    assert values["claim_caps.taxi_driver"] == "1500000"
    paid = {p.path: p.text for p in as_paid.parameters()}
    assert paid["subscription.days"] == "6"
    assert (
        paid["lost_sales.tiers"] == '[{"up_to": 300000, "amount": 30000}, {"up_to": 500000, "amount": 50000}]'
    )
    assert paid["lost_income.rate"] == paid["launch_window.rate"] == paid["lost_earnings.rate"] == "0"
    assert paid["claim_caps.user"] == "null"


def test_params_hash_follows_values_not_references(tmp_path):
    data = yaml.safe_load((POLICY_DIR / "fair-2022.yaml").read_text(encoding="utf-8"))
    original = load_policy("fair-2022").params_hash
    data["heads"]["subscription"]["multiplier"]["reference"] = "reworded"
    assert _policy_from(tmp_path, data).params_hash == original
    data["heads"]["subscription"]["multiplier"]["value"] = 11
    assert _policy_from(tmp_path, data).params_hash != original


def _policy_from(tmp_path: Path, data: dict, name: str = "custom.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_policy(path)


def _policy_error(tmp_path: Path, change) -> str:
    data = yaml.safe_load((POLICY_DIR / "fair-2022.yaml").read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(PolicyError) as caught:
        _policy_from(tmp_path, data)
    return str(caught.value)


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda d: d["heads"]["subscription"]["multiplier"].pop("reference"),
            "heads.subscription.multiplier.reference: is required",
        ),
        (
            lambda d: d["heads"]["subscription"]["multiplier"].update(reference="two\nlines"),
            "heads.subscription.multiplier.reference: must be one line",
        ),
        (
            lambda d: d["heads"]["subscription"]["multiplier"].update(value="ten"),
            "heads.subscription.multiplier.value: must be a non-negative number",
        ),
        (
            lambda d: d["heads"]["subscription"]["month_days"].update(value=0),
            "heads.subscription.month_days.value: must be a positive number",
        ),
        (
            lambda d: d["common"]["partial_weight"].update(value="1.5"),
            "common.partial_weight.value: must be a number from 0 to 1",
        ),
        (
            lambda d: d["heads"]["out_of_pocket"]["line_cap"].update(value=-1),
            "heads.out_of_pocket.line_cap.value: must be a non-negative integer (KRW) or null",
        ),
        (
            lambda d: d["heads"]["voucher"].update(bonus={"value": 1, "reference": "x"}),
            "heads.voucher.bonus: unknown key",
        ),
        (
            lambda d: d["heads"]["subscription"].update(days={"value": 6, "reference": "x"}),
            "heads.subscription.days: unknown key",
        ),
        (
            lambda d: d["heads"]["subscription"]["method"].update(value="lottery"),
            "heads.subscription.method.value: must be one of: outage_multiple, fixed_days",
        ),
        (lambda d: d["heads"].pop("voucher"), "heads.voucher: is required"),
        (lambda d: d["heads"]["lost_income"].pop("line_cap"), "heads.lost_income.line_cap: is required"),
        (lambda d: d["claim_caps"].pop("author"), "claim_caps.author: is required"),
        (lambda d: d.update(version=2), "version: unknown key"),
        (lambda d: d.update(id="Fair 2022"), "id: must be lower-case"),
        (
            lambda d: d["heads"]["lost_sales"].update(
                method={"value": "tiers", "reference": "x"},
                tiers={
                    "value": [{"up_to": 500000, "amount": 1}, {"up_to": 300000, "amount": 2}],
                    "reference": "x",
                },
                above_rate={"value": 0, "reference": "x"},
            ),
            "heads.lost_sales.tiers.value[1]: must be a list",
        ),
    ],
)
def test_malformed_policy_names_file_key_and_problem(tmp_path, change, message):
    text = _policy_error(tmp_path, change)
    assert text.startswith(str(tmp_path / "custom.yaml") + ": ")
    assert message in text


def test_a_head_that_pays_nothing_needs_no_other_parameter(as_paid):
    assert set(as_paid.heads["launch_window"].values) == {"rate"}


def test_policy_by_id_path_and_unknown_id(tmp_path):
    assert load_policy(POLICY_DIR / "as-paid-2022.yaml").id == "as-paid-2022"
    assert load_policy(str(POLICY_DIR / "fair-2022.yaml")).id == "fair-2022"
    with pytest.raises(
        PolicyError, match=r"fair-2023: unknown policy id \(available: as-paid-2022, fair-2022\)"
    ):
        load_policy("fair-2023")
    with pytest.raises(PolicyError, match="file not found"):
        load_policy(tmp_path / "nope.yaml")


def test_numbers_are_read_exactly(tmp_path):
    data = yaml.safe_load((POLICY_DIR / "fair-2022.yaml").read_text(encoding="utf-8"))
    data["heads"]["lost_income"]["rate"]["value"] = 0.1  # a YAML float, read through its text
    policy = _policy_from(tmp_path, data)
    assert str(policy.heads["lost_income"].values["rate"]) == "0.1"
