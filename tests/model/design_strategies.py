"""Hypothesis strategies that build valid random designs (valid references, canonical addresses)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from vpcdesigner.model import Design

names = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
coords = st.floats(min_value=-5000, max_value=5000, allow_nan=False, allow_infinity=False)
protocols = st.sampled_from(["tcp", "udp", "icmp", "all", "47"])


@st.composite
def sg_rules(draw: st.DrawFn, sg_ids: list[str]) -> dict[str, Any]:
    proto = draw(protocols)
    rule: dict[str, Any] = {"protocol": proto, "description": draw(names)}
    if proto in ("tcp", "udp"):
        a, b = sorted(draw(st.tuples(st.integers(0, 65535), st.integers(0, 65535))))
        rule.update(port_from=a, port_to=b)
    if sg_ids and draw(st.booleans()):
        rule["security_group"] = draw(st.sampled_from(sg_ids))
    else:
        rule["cidr"] = f"{draw(st.integers(1, 223))}.{draw(st.integers(0, 255))}.0.0/{draw(st.integers(16, 32))}"
    return rule


@st.composite
def designs(draw: st.DrawFn) -> Design:
    res: list[dict[str, Any]] = []
    layout: dict[str, Any] = {}
    subnet_ids: list[str] = []
    for v in range(draw(st.integers(1, 3))):
        vpc = f"vpc-{v}"
        res.append({"kind": "vpc", "id": vpc, "name": draw(names), "cidr": f"10.{v}.0.0/16",
                    "enable_dns_hostnames": draw(st.booleans())})
        if draw(st.booleans()):
            res.append({"kind": "internet-gateway", "id": f"igw-{v}", "vpc": vpc})
        subs = [f"{vpc}-s{j}" for j in range(draw(st.integers(0, 4)))]
        for j, sid in enumerate(subs):
            res.append({"kind": "subnet", "id": sid, "vpc": vpc, "availability_zone": f"us-east-1{'abc'[j % 3]}",
                        "cidr": f"10.{v}.{j}.0/24", "intent": draw(st.sampled_from([None, "public", "private"])),
                        "map_public_ip_on_launch": draw(st.booleans())})
        subnet_ids += subs
        sg_ids = [f"{vpc}-sg{k}" for k in range(draw(st.integers(0, 3)))]
        for sg in sg_ids:
            res.append({"kind": "security-group", "id": sg, "vpc": vpc,
                        "inbound": draw(st.lists(sg_rules(sg_ids), max_size=4)),
                        "outbound": draw(st.lists(sg_rules(sg_ids), max_size=2))})
        numbers = draw(st.lists(st.integers(1, 32766), unique=True, max_size=5))
        res.append({"kind": "network-acl", "id": f"{vpc}-nacl", "vpc": vpc, "subnets": subs[:1],
                    "inbound": [{"number": n, "action": draw(st.sampled_from(["allow", "deny"])),
                                 "protocol": draw(protocols)} for n in numbers]})
        routes = [{"destination": "0.0.0.0/0", "target": f"igw-{v}"}] if any(
            r["id"] == f"igw-{v}" for r in res) else [{"destination": "192.168.0.0/16", "state": "blackhole"}]
        res.append({"kind": "route-table", "id": f"{vpc}-rtb", "vpc": vpc, "subnets": subs[1:2], "routes": routes})
        layout[vpc] = {"x": draw(coords), "y": draw(coords), "width": 800.0, "height": 600.0}
    for i in range(draw(st.integers(0, 5)) if subnet_ids else 0):
        inst: dict[str, Any] = {"kind": "instance", "id": f"i-{i}", "subnet": draw(st.sampled_from(subnet_ids)),
                                "name": draw(names), "os": draw(st.sampled_from(["linux", "windows"]))}
        if draw(st.booleans()):
            inst["public_ip"] = draw(st.sampled_from(["allocated", f"203.0.113.{i + 1}"]))
        res.append(inst)
        layout[inst["id"]] = {"x": draw(coords), "y": draw(coords)}
    notes = [{"id": f"note-{k}", "text": draw(names), "x": draw(coords), "y": draw(coords)}
             for k in range(draw(st.integers(0, 2)))]
    scenarios = [{"id": f"sc-{k}", "source": "vpc-0", "destination": "8.8.8.8", "port": draw(st.integers(1, 65535)),
                  "expected": draw(st.sampled_from([None, "reachable", "blocked"]))}
                 for k in range(draw(st.integers(0, 2)))]
    return Design.model_validate({"name": draw(names), "description": draw(names), "resources": res,
                                  "layout": layout, "notes": notes, "scenarios": scenarios})
