"""Generated, realistic designs of any size, for benchmarks and tests (canvas, checks, files).

Each VPC block is a small AnyCompany: two AZs with a public and a private subnet each, an IGW,
NAT gateways, route tables, a custom NACL, security groups with rules, an ALB, a target group, an
Auto Scaling group and fixed-address instances. It passes the design checks without errors.
"""

from __future__ import annotations

from typing import Any

from .design import Design, Placement

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")


def _vpc_block(i: int, instances: int) -> tuple[list[dict[str, Any]], dict[str, Placement]]:
    p = f"v{i}-"
    octet = i % 256
    region = REGIONS[i % len(REGIONS)]
    cidr = f"10.{octet}.0.0/16"
    azs = (f"{region}a", f"{region}b")
    out: list[dict[str, Any]] = [
        {"kind": "vpc", "id": f"{p}vpc", "name": f"vpc {i}", "region": region, "cidr": cidr},
        {"kind": "internet-gateway", "id": f"{p}igw", "vpc": f"{p}vpc"},
        {"kind": "route-table", "id": f"{p}rtb-public", "vpc": f"{p}vpc",
         "subnets": [f"{p}public-a", f"{p}public-b"], "routes": [{"destination": "0.0.0.0/0", "target": f"{p}igw"}]},
        {"kind": "network-acl", "id": f"{p}nacl-private", "vpc": f"{p}vpc",
         "subnets": [f"{p}private-a", f"{p}private-b"],
         "inbound": [{"number": 100, "protocol": "tcp", "cidr": cidr, "port_from": 80, "port_to": 80},
                     {"number": 110, "protocol": "tcp", "cidr": cidr, "port_from": 5432, "port_to": 5432},
                     {"number": 120, "protocol": "tcp", "cidr": "0.0.0.0/0", "port_from": 1024, "port_to": 65535}],
         "outbound": [{"number": 100, "protocol": "tcp", "cidr": "0.0.0.0/0", "port_from": 443, "port_to": 443},
                      {"number": 120, "protocol": "tcp", "cidr": "0.0.0.0/0", "port_from": 1024, "port_to": 65535}]},
        {"kind": "security-group", "id": f"{p}alb-sg", "vpc": f"{p}vpc",
         "inbound": [{"protocol": "tcp", "port_from": 443, "port_to": 443, "cidr": "0.0.0.0/0"}]},
        {"kind": "security-group", "id": f"{p}web-sg", "vpc": f"{p}vpc",
         "inbound": [{"protocol": "tcp", "port_from": 80, "port_to": 80, "security_group": f"{p}alb-sg"}]},
        {"kind": "security-group", "id": f"{p}db-sg", "vpc": f"{p}vpc",
         "inbound": [{"protocol": "tcp", "port_from": 5432, "port_to": 5432, "security_group": f"{p}web-sg"}]},
        {"kind": "target-group", "id": f"{p}tg", "vpc": f"{p}vpc"},
        {"kind": "load-balancer", "id": f"{p}alb", "vpc": f"{p}vpc", "subnets": [f"{p}public-a", f"{p}public-b"],
         "security_groups": [f"{p}alb-sg"],
         "listeners": [{"protocol": "HTTPS", "port": 443, "target_group": f"{p}tg"}]},
        {"kind": "auto-scaling-group", "id": f"{p}asg", "subnets": [f"{p}private-a", f"{p}private-b"],
         "desired": 2, "min_size": 2, "launch": {"security_groups": [f"{p}web-sg"], "role": "web server"},
         "target_groups": [f"{p}tg"]},
    ]
    for j, (az, letter) in enumerate(zip(azs, "ab", strict=True)):
        out += [
            {"kind": "subnet", "id": f"{p}public-{letter}", "vpc": f"{p}vpc", "availability_zone": az,
             "cidr": f"10.{octet}.{j + 1}.0/24", "intent": "public"},
            {"kind": "subnet", "id": f"{p}private-{letter}", "vpc": f"{p}vpc", "availability_zone": az,
             "cidr": f"10.{octet}.{j + 11}.0/24", "intent": "private"},
            {"kind": "nat-gateway", "id": f"{p}nat-{letter}", "subnet": f"{p}public-{letter}",
             "elastic_ip": f"100.{64 + i // 128}.{(i % 128) * 2 + j}.1"},
            {"kind": "route-table", "id": f"{p}rtb-private-{letter}", "vpc": f"{p}vpc",
             "subnets": [f"{p}private-{letter}"],
             "routes": [{"destination": "0.0.0.0/0", "target": f"{p}nat-{letter}"}]},
        ]
    for k in range(instances):
        letter = "ab"[k % 2]
        out.append({"kind": "instance", "id": f"{p}db-{k}", "subnet": f"{p}private-{letter}",
                    "private_ip": f"10.{octet}.{11 + k % 2}.{10 + k // 2}", "security_groups": [f"{p}db-sg"],
                    "role": "database", "tags": {"team": f"team-{k % 7}"}})
    layout = {f"{p}vpc": Placement(x=(i % 10) * 1200.0, y=(i // 10) * 900.0, width=1100.0, height=820.0)}
    for j, letter in enumerate("ab"):
        layout[f"{p}public-{letter}"] = Placement(x=40.0 + 540 * j, y=70.0, width=480.0, height=220.0)
        layout[f"{p}private-{letter}"] = Placement(x=40.0 + 540 * j, y=420.0, width=480.0, height=260.0)
    return out, layout


def synthetic_design(resources: int = 1000) -> Design:
    """A valid design with about `resources` resources (never fewer)."""
    per_vpc = 100
    fixed = len(_vpc_block(0, 0)[0])
    n_vpcs = max(1, -(-resources // per_vpc))
    items: list[dict[str, Any]] = []
    layout: dict[str, Placement] = {}
    for i in range(n_vpcs):
        remaining = resources - len(items)
        instances = max(0, min(per_vpc, remaining) - fixed)
        block, places = _vpc_block(i, instances)
        items += block
        layout.update(places)
    return Design.model_validate({"name": f"Generated design ({len(items)} resources)", "resources": items,
                                  "layout": layout})
