"""Gateways: one IGW / VGW / egress-only IGW per VPC, NAT gateways that can actually reach the internet."""

from __future__ import annotations

from collections.abc import Iterator

from .context import Context
from .problem import Problem
from .registry import check, declare, problem

F = "gateways"
MULTIPLE_IGW = declare(F, "MULTIPLE_IGW", "error", "More than one internet gateway is attached to a VPC.")
MULTIPLE_VGW = declare(F, "MULTIPLE_VGW", "error", "More than one virtual private gateway is attached to a VPC.")
MULTIPLE_EIGW = declare(F, "MULTIPLE_EIGW", "error", "More than one egress-only internet gateway on a VPC.")
GATEWAY_NOT_ATTACHED = declare(F, "GATEWAY_NOT_ATTACHED", "warning",
                               "An internet or virtual private gateway is attached to no VPC, so nothing passes it.")
NAT_WITHOUT_IGW_ROUTE = declare(F, "NAT_WITHOUT_IGW_ROUTE", "error",
                                "A public NAT gateway sits in a subnet with no route to an internet gateway.")
NAT_WITHOUT_ELASTIC_IP = declare(F, "NAT_WITHOUT_ELASTIC_IP", "error", "A public NAT gateway has no Elastic IP.")

_ONE_PER_VPC = (("internet-gateway", MULTIPLE_IGW, "internet gateway"),
                ("vpn-gateway", MULTIPLE_VGW, "virtual private gateway"),
                ("egress-only-internet-gateway", MULTIPLE_EIGW, "egress-only internet gateway"))


@check(F)
def check_gateways(ctx: Context) -> Iterator[Problem]:
    for kind, code, label in _ONE_PER_VPC:
        first: dict[str, str] = {}
        for gw in ctx.kind(kind):
            if gw.vpc is None:
                yield problem(GATEWAY_NOT_ATTACHED, gw.id, f"{gw.display_name}: this {label} is not attached to "
                              "a VPC, so no traffic can pass it.", "vpc")
            elif gw.vpc in first:
                yield problem(code, gw.id, f"{gw.display_name}: {gw.vpc} already has {label} {first[gw.vpc]}; "
                              f"a VPC can have only one.", "vpc")
            else:
                first[gw.vpc] = gw.id


@check(F)
def check_nat_gateways(ctx: Context) -> Iterator[Problem]:
    for nat in ctx.kind("nat-gateway"):
        if nat.connectivity != "public" or ctx.subnet(nat.subnet) is None:
            continue
        if not ctx.has_igw_route(nat.subnet):
            yield problem(NAT_WITHOUT_IGW_ROUTE, nat.id, f"{nat.display_name} is in subnet {nat.subnet}, whose "
                          "route table has no route to an internet gateway: its traffic cannot reach the internet. "
                          "Put it in a public subnet.", "subnet")
        if not nat.elastic_ip:
            yield problem(NAT_WITHOUT_ELASTIC_IP, nat.id, f"{nat.display_name} is a public NAT gateway without an "
                          "Elastic IP; AWS requires one.", "elastic_ip")
