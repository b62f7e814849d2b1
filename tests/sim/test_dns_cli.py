"""`vpcdesigner resolve`: human output, --json against its published schema, --twice, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vpcdesigner.cli.main import main
from vpcdesigner.model import load
from vpcdesigner.sim.dns import DnsCache, resolve
from vpcdesigner.sim.dns_schema import DNS_LOOKUP_SCHEMA, RESOLVE_TWICE_SCHEMA

jsonschema = pytest.importorskip("jsonschema")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["resolve", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_human_output_has_the_answer_on_top_then_a_step_table(capsys: Any, anycompany_path: Path) -> None:
    code, out, _ = run(capsys, str(anycompany_path), "www.anycompany.example", "--from", "customer")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("ANSWER") and "alias to cdn" in lines[0]
    table = "\n".join(lines[2:])
    for kind in ("query", "referral-root", "referral-tld", "authoritative", "alias", "reply"):
        assert kind in table
    addresses = resolve(load(anycompany_path), "www.anycompany.example", "customer").addresses
    assert all(a in lines[0] for a in addresses)


def test_json_output_matches_the_schema_and_the_api(capsys: Any, anycompany_path: Path) -> None:
    code, out, _ = run(capsys, str(anycompany_path), "www.anycompany.example", "--from", "db", "--type", "aaaa",
                       "--json")
    data = json.loads(out)
    jsonschema.validate(data, DNS_LOOKUP_SCHEMA)
    expected = resolve(load(anycompany_path), "www.anycompany.example", "db", record_type="AAAA").to_json()
    assert code == 0 and data == expected and data["type"] == "AAAA"


def test_twice_shows_the_cache_hit(capsys: Any, anycompany_path: Path) -> None:
    code, out, _ = run(capsys, str(anycompany_path), "www.anycompany.example", "--from", "customer", "--twice",
                       "--after", "20", "--json")
    data = json.loads(out)
    jsonschema.validate(data, RESOLVE_TWICE_SCHEMA)
    first, second = data["lookups"]
    assert code == 0 and not first["cached"] and second["cached"] and len(second["steps"]) == 2
    assert second["steps"][0]["verdict"] == "cache-hit" and second["ttl"] == first["ttl"] - 20


def test_schema_accepts_every_kind_of_outcome(anycompany_path: Path) -> None:
    design = load(anycompany_path)
    cache = DnsCache()
    lookups = [
        resolve(design, "www.anycompany.example", "customer", cache=cache),
        resolve(design, "www.anycompany.example", "customer", cache=cache, now=1),
        resolve(design, "nope.anycompany.example", "customer"),
        resolve(design, "www.example.org", "corp-pc"),
        resolve(design, "www.anycompany.example", "db", server="10.0.0.2"),
        resolve(design, "www.anycompany.example", "customer", server="store-vpc"),
    ]
    assert {lk.result for lk in lookups} == {"answer", "nxdomain", "outside-design", "no-answer"}
    for lk in lookups:
        jsonschema.validate(lk.to_json(), DNS_LOOKUP_SCHEMA)


@pytest.mark.parametrize(("argv", "words"), [
    (["www.anycompany.example", "--from", "nobody"], "unknown client 'nobody'"),
    (["bad name!", "--from", "customer"], "is not a DNS name"),
    (["www.anycompany.example", "--from", "customer", "--server", "8.8.4.4"], "--server '8.8.4.4'"),
])
def test_bad_input_exits_2_with_a_message(capsys: Any, anycompany_path: Path, argv: list[str], words: str) -> None:
    code, out, err = run(capsys, str(anycompany_path), *argv)
    assert code == 2 and words in err and "Traceback" not in err and out == ""


def test_missing_file_exits_2(capsys: Any, tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "none.vpcd.json"), "www.example.com", "--from", "x")
    assert code == 2 and "no such file" in err
