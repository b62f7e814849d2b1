"""Properties that must hold for any TTL, any time and any record layout."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vpcdesigner.model.files import design_from_data
from vpcdesigner.sim.dns import RESULTS, STEP_KINDS, VERDICTS, DnsCache, resolve

LABELS = st.sampled_from(["www", "api", "a", "b", "c", "shop"])


def design(records: list[dict[str, Any]], negative: int = 900) -> Any:
    return design_from_data({"format": "vpcdesigner", "format_version": 1, "resources": [
        {"id": "R", "kind": "dns-resolver", "ip": "198.51.100.53"},
        {"id": "C", "kind": "internet-client", "ip": "198.51.100.7", "resolver": "R"},
        {"id": "z", "kind": "hosted-zone", "zone_name": "example.com", "records": records,
         "soa_negative_ttl": negative}]})


@settings(max_examples=60, deadline=None)
@given(ttl=st.integers(0, 5000), start=st.floats(0, 1e6), later=st.floats(0, 10000))
def test_cached_exactly_while_the_ttl_lasts(ttl: int, start: float, later: float) -> None:
    d = design([{"name": "www.example.com", "values": ["192.0.2.1"], "ttl": ttl}])
    cache = DnsCache()
    first = resolve(d, "www.example.com", "C", cache=cache, now=start)
    second = resolve(d, "www.example.com", "C", cache=cache, now=start + later)
    assert first.ttl == ttl and not first.cached
    assert second.cached == (start + later < start + ttl)
    assert second.addresses == ["192.0.2.1"]
    if second.cached:
        assert second.ttl is not None and 0 <= second.ttl <= ttl


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(LABELS, st.sampled_from(["A", "CNAME"]), LABELS, st.integers(1, 999)), max_size=6),
       LABELS)
def test_any_record_layout_gives_a_well_formed_lookup(rows: list[tuple[str, str, str, int]], query: str) -> None:
    records: list[dict[str, Any]] = []
    owners: dict[str, str] = {}
    for owner, rtype, target, ttl in rows:
        if owners.setdefault(owner, rtype) != rtype:
            continue  # a name has either a CNAME or other records, never both
        value = f"{target}.example.com" if rtype == "CNAME" else f"192.0.2.{ttl % 250 + 1}"
        records.append({"name": f"{owner}.example.com", "type": rtype, "values": [value], "ttl": ttl})
    lookup = resolve(design(records), f"{query}.example.com", "C")
    assert lookup.result in RESULTS
    assert all(s.kind in STEP_KINDS and s.verdict in VERDICTS and s.explanation for s in lookup.steps)
    assert lookup.steps[0].kind == "query" and lookup.steps[-1].kind == "reply"
    if lookup.result == "answer":
        assert lookup.addresses and lookup.ttl == min(r.ttl for r in lookup.answers)
    else:
        assert lookup.addresses == []
    own = [r for r in records if r["name"] == f"{query}.example.com"]
    if not own:
        assert lookup.result == "nxdomain"
