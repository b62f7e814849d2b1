"""`vpcdesigner request`: outcome on top, step tables, --repeat, --json against its published schema,
bad input exit code 2 with a message that names what was wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sim_builder import C, t_alb

from vpcdesigner.cli.main import main
from vpcdesigner.cli.schemas import output_names, output_schema
from vpcdesigner.model import SgRule, dumps, load
from vpcdesigner.sim.request import RequestSession, request
from vpcdesigner.sim.request_schema import REQUEST_REPEAT_SCHEMA, REQUEST_SCHEMA

jsonschema = pytest.importorskip("jsonschema")
URL = "https://www.anycompany.example/"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["request", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_human_output_has_the_outcome_on_top_then_dns_and_hop_tables(capsys: Any, anycompany_path: Path) -> None:
    code, out, _ = run(capsys, str(anycompany_path), URL, "--from", "customer")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("SERVED") and "HTTP 200" in lines[0]
    assert "served by web-asg-1" in lines[1]
    for kind in ("dns:", "viewer-to-edge:", "edge-to-origin:", "load-balancer-to-target:", "response:"):
        assert any(line.startswith("Step ") and kind in line for line in lines), kind
    assert "referral-root" in out and "Forward path:" in out and "Return path:" in out


def test_failure_names_the_failed_step_and_blocking_component(capsys: Any, anycompany_path: Path,
                                                              tmp_path: Path) -> None:
    design = load(anycompany_path)
    resources = dict(design.resources)
    resources["alb-sg"] = resources["alb-sg"].with_changes(
        inbound=(SgRule(protocol="tcp", port_from=443, port_to=443, cidr="10.0.0.0/16"),))
    path = tmp_path / "blocked.vpcd.json"
    path.write_text(dumps(design.model_copy(update={"resources": resources})), encoding="utf-8")
    code, out, _ = run(capsys, str(path), URL, "--from", "customer")
    head = out.splitlines()[:2]
    assert code == 0 and head[0].startswith("HTTP ERROR") and "HTTP 504" in head[0]
    assert "edge-to-origin" in head[1] and "alb-sg" in head[1]


def test_json_matches_the_schema_and_the_api(capsys: Any, anycompany_path: Path) -> None:
    code, out, _ = run(capsys, str(anycompany_path), URL, "--from", "customer", "--json")
    data = json.loads(out)
    jsonschema.validate(data, REQUEST_SCHEMA)
    expected = request(load(anycompany_path), "customer", URL).to_json()
    assert code == 0 and data == expected and data["status"] == 200


def test_repeat_rotates_and_hits_the_dns_cache(capsys: Any, anycompany_path: Path) -> None:
    code, out, _ = run(capsys, str(anycompany_path), URL, "--from", "customer", "--repeat", "3", "--json")
    data = json.loads(out)
    jsonschema.validate(data, REQUEST_REPEAT_SCHEMA)
    reqs = data["requests"]
    assert code == 0 and [r["served_by"] for r in reqs] == ["web-asg-1", "web-asg-2", "web-asg-1"]
    assert [r["dns"]["cached"] for r in reqs] == [False, True, True] and [r["time"] for r in reqs] == [0, 1, 2]
    code, out, _ = run(capsys, str(anycompany_path), URL, "--from", "customer", "--repeat", "2", "--edge-cache")
    assert code == 0 and "== request 2 of 2 at t=1 s" in out and "edge-cache:" in out


def test_schema_command_publishes_both_shapes(capsys: Any) -> None:
    assert {"request", "request-repeat"} <= set(output_names())
    schema = output_schema("request")
    assert schema is not None and schema["$id"] == "urn:vpcdesigner:output:request"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_accepts_every_kind_of_outcome(anycompany_path: Path) -> None:
    design = load(anycompany_path)
    validator = jsonschema.Draft202012Validator(REQUEST_SCHEMA)
    session = RequestSession(edge_cache=True)
    results = [
        request(design, "customer", URL, session=session),
        request(design, "customer", URL, session=session),  # edge cache hit
        request(design, "customer", "http://www.anycompany.example/", session=RequestSession(follow_redirects=False)),
        request(design, "customer", "https://nope.anycompany.example/"),
        request(design, "customer", "https://www.example.org/"),
        request(design, "customer", f"https://{design.resources['store-alb'].dns_name}/"),
        request(t_alb().change("asg-app", desired=0).design(), C, "https://app.example.com/"),
    ]
    outcomes = set()
    for r in results:
        validator.validate(r.to_json())
        outcomes.add(r.outcome)
    assert outcomes == {"served", "redirect", "dns-failure", "unknown", "timeout", "http-error"}


@pytest.mark.parametrize("argv, words", [
    (["ftp://x.example/", "--from", "customer"], "scheme"),
    ([URL, "--from", "nobody"], "nobody"),
    ([URL, "--from", "customer", "--repeat", "0"], "--repeat"),
    ([URL, "--from", "customer", "--interval", "-1"], "--interval"),
    ([URL, "--from", "customer", "--edge-ttl", "-5"], "--edge-ttl"),
])
def test_bad_input_exits_2_with_a_message(capsys: Any, anycompany_path: Path, argv: list[str], words: str) -> None:
    code, out, err = run(capsys, str(anycompany_path), *argv)
    assert code == 2 and out == "" and words in err and "Traceback" not in err


def test_missing_file_exits_2(capsys: Any, tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "none.vpcd.json"), URL, "--from", "customer")
    assert code == 2 and "no such file" in err
