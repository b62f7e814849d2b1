"""A small clean design (every part the checks look at) and helpers to break it one thing at a time."""

from __future__ import annotations

import copy
from typing import Any

from vpcdesigner.checks import Problem, run_checks
from vpcdesigner.model import Design

Data = dict[str, Any]

_BASE: list[Data] = [
    {"kind": "vpc", "id": "vpc", "cidr": "10.0.0.0/16"},
    {"kind": "vpc", "id": "vpc2", "cidr": "10.1.0.0/16"},
    {"kind": "vpc-peering", "id": "pcx", "requester_vpc": "vpc", "accepter_vpc": "vpc2"},
    {"kind": "internet-gateway", "id": "igw", "vpc": "vpc"},
    {"kind": "vpn-gateway", "id": "vgw", "vpc": "vpc"},
    {"kind": "subnet", "id": "public-a", "vpc": "vpc", "availability_zone": "us-east-1a", "cidr": "10.0.1.0/24",
     "intent": "public"},
    {"kind": "subnet", "id": "public-b", "vpc": "vpc", "availability_zone": "us-east-1b", "cidr": "10.0.2.0/24",
     "intent": "public"},
    {"kind": "subnet", "id": "private-a", "vpc": "vpc", "availability_zone": "us-east-1a", "cidr": "10.0.11.0/24",
     "intent": "private"},
    {"kind": "subnet", "id": "private-b", "vpc": "vpc", "availability_zone": "us-east-1b", "cidr": "10.0.12.0/24",
     "intent": "private"},
    {"kind": "subnet", "id": "other-a", "vpc": "vpc2", "availability_zone": "us-east-1a", "cidr": "10.1.1.0/24"},
    {"kind": "route-table", "id": "rtb-public", "vpc": "vpc", "subnets": ["public-a", "public-b"],
     "routes": [{"destination": "0.0.0.0/0", "target": "igw"}]},
    {"kind": "route-table", "id": "rtb-private", "vpc": "vpc", "subnets": ["private-a", "private-b"],
     "routes": [{"destination": "0.0.0.0/0", "target": "nat-a"}, {"destination": "10.1.0.0/16", "target": "pcx"}],
     "propagating_gateways": ["vgw"]},
    {"kind": "nat-gateway", "id": "nat-a", "subnet": "public-a", "elastic_ip": "203.0.113.5"},
    {"kind": "network-acl", "id": "nacl", "vpc": "vpc", "subnets": ["private-a", "private-b"],
     "inbound": [{"number": 100, "protocol": "tcp", "cidr": "10.0.0.0/16", "port_from": 80, "port_to": 80},
                 {"number": 200, "protocol": "tcp", "port_from": 1024, "port_to": 65535}],
     "outbound": [{"number": 100, "protocol": "tcp", "port_from": 443, "port_to": 443},
                  {"number": 200, "protocol": "tcp", "port_from": 1024, "port_to": 65535}]},
    {"kind": "security-group", "id": "alb-sg", "vpc": "vpc",
     "inbound": [{"protocol": "tcp", "port_from": 443, "port_to": 443, "cidr": "0.0.0.0/0"}]},
    {"kind": "security-group", "id": "web-sg", "vpc": "vpc",
     "inbound": [{"protocol": "tcp", "port_from": 80, "port_to": 80, "security_group": "alb-sg"}]},
    {"kind": "security-group", "id": "sg2", "vpc": "vpc2"},
    {"kind": "load-balancer", "id": "alb", "vpc": "vpc", "subnets": ["public-a", "public-b"],
     "security_groups": ["alb-sg"], "listeners": [{"protocol": "HTTPS", "port": 443, "target_group": "tg"}]},
    {"kind": "target-group", "id": "tg", "vpc": "vpc", "targets": [{"target": "web-1"}]},
    {"kind": "instance", "id": "web-1", "subnet": "private-a", "private_ip": "10.0.11.10",
     "security_groups": ["web-sg"]},
    {"kind": "cloudfront", "id": "cdn", "aliases": ["www.example.com"],
     "origins": [{"id": "o1", "target": "alb"}], "default_origin": "o1"},
    {"kind": "hosted-zone", "id": "zone", "zone_name": "example.com",
     "records": [{"name": "www.example.com", "alias": {"target": "cdn"}}]},
    {"kind": "dns-resolver", "id": "isp", "ip": "198.51.100.53"},
    {"kind": "internet-client", "id": "client", "ip": "198.51.100.10", "resolver": "isp"},
    {"kind": "on-premises", "id": "office", "cidrs": ["172.16.0.0/16"],
     "hosts": [{"name": "pc", "ip": "172.16.1.10"}]},
    {"kind": "customer-gateway", "id": "cgw", "ip": "198.51.100.77", "on_premises": "office"},
    {"kind": "vpn-connection", "id": "vpn", "customer_gateway": "cgw", "vpn_gateway": "vgw",
     "static_routes": ["172.16.0.0/16"]},
]


def base() -> Data:
    """A fresh editable copy: {"resources": {id: data}, "layout": {}}."""
    return {"resources": {r["id"]: copy.deepcopy(r) for r in _BASE}, "layout": {}}


def build(d: Data) -> Design:
    return Design.model_validate({"resources": list(d["resources"].values()), "layout": d["layout"]})


def problems(d: Data) -> list[Problem]:
    return run_checks(build(d))


def add(d: Data, kind: str, rid: str, **fields: Any) -> None:
    d["resources"][rid] = {"kind": kind, "id": rid, **fields}


def edit(d: Data, rid: str, **fields: Any) -> None:
    d["resources"][rid].update(fields)
