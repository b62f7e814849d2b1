"""Acceptance answers on the AnyCompany sample (issue 3 "Done when")."""

from __future__ import annotations

from pathlib import Path

import pytest

from vpcdesigner.model import Design, load
from vpcdesigner.sim import trace


@pytest.fixture
def anycompany(anycompany_path: Path) -> Design:
    return load(anycompany_path)


def test_customer_reaches_www_through_cloudfront_alb_and_asg(anycompany: Design) -> None:
    t = trace(anycompany, "customer", "www.anycompany.example", "tcp", 443)
    assert t.reachable is True and t.client_sees == "connected"
    assert [(leg.source, leg.destination) for leg in t.legs][:2] == [("customer", "cdn"), ("cdn", "store-alb")]
    assert t.legs[2].destination.startswith("web-asg-")
    assert all(leg.reachable for leg in t.legs)
    delivered = [h for h in t.forward if h.check == "delivery" and h.kind == "instance"]
    assert delivered and delivered[-1].component.startswith("web-asg-")


def test_customer_cannot_reach_db_and_trace_says_where(anycompany: Design) -> None:
    t = trace(anycompany, "customer", "db", "tcp", 5432)
    assert t.reachable is False
    assert t.blocked is not None and t.blocked.component == "igw" and t.blocked.direction == "forward"
    assert t.blocked.code == "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
    assert "private address" in t.blocked.explanation


def test_office_pc_reaches_db_over_the_vpn(anycompany: Design) -> None:
    t = trace(anycompany, "corp-pc", "db", "tcp", 5432)
    assert t.reachable is True
    comps = {h.component for h in t.forward + t.return_}
    assert "corp-vpn" in comps and "dc-dx" not in comps
    # corp-pc is a Windows host: the reply goes to its ephemeral port 49152
    assert t.packet.src_port == 49152


def test_datacenter_reaches_db_over_direct_connect_not_the_vpn(anycompany: Design) -> None:
    t = trace(anycompany, "dc-server", "db", "tcp", 5432)
    assert t.reachable is True
    fwd = {h.component for h in t.forward}
    back = {h.component for h in t.return_}
    assert "dc-dx" in fwd and "dc-dx" in back
    assert "dc-vpn" not in fwd | back
    vgw = next(h for h in t.return_ if h.kind == "vpn-gateway")
    assert "Direct Connect" in vgw.explanation and "dc-vpn" in vgw.explanation


def test_datacenter_falls_back_to_vpn_without_direct_connect(anycompany: Design) -> None:
    resources = dict(anycompany.resources)
    del resources["dc-dx"]
    t = trace(Design(resources=resources), "dc-server", "db", "tcp", 5432)
    assert t.reachable is True
    assert "dc-vpn" in {h.component for h in t.forward} & {h.component for h in t.return_}
