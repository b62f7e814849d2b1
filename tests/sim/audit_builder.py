"""Helpers for the independent semantics audit (tests/sim/test_audit_*.py).

Builds on the read-only scenario builder `sim_builder` (T0, T-ALB, T-CF) and adds the small
pieces the audit topologies need: an open security group, extra subnets/hosts, a peered VPC,
an on-premises network behind a VGW, and a one-line summary of where a trace stopped.
"""

from __future__ import annotations

from sim_builder import B, t0, tcp

from vpcdesigner.model import (
    CustomerGateway,
    Instance,
    InternetClient,
    OnPremHost,
    OnPremises,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    Vpc,
    VpcPeering,
    VpnConnection,
    VpnGateway,
)
from vpcdesigner.sim import Trace

OPEN_IN = (SgRule(cidr="0.0.0.0/0"),)


def where(t: Trace) -> tuple[str | None, str | None, str | None]:
    """(component, direction, reason) of the first blocking hop; the trace must be blocked.
    A return-path reason written `RETURN_PATH(X)` is given as `X` (the direction says it)."""
    assert t.blocked is not None, f"expected a block, got reachable={t.reachable}: {t.reason}"
    reason = t.blocked.reason
    if reason and reason.startswith("RETURN_PATH(") and reason.endswith(")"):
        reason = reason[len("RETURN_PATH("):-1]
    return t.blocked.component, t.blocked.direction, reason


def blocked_rule(t: Trace) -> int | str | None:
    """NACL rule number (or '*') on the first blocking hop."""
    assert t.blocked is not None, t.reason
    hops = t.forward if t.blocked.direction == "forward" else t.return_
    hop = next(h for h in hops if h.verdict == "block")
    return hop.rule.number if hop.rule else None


def open_t0() -> B:
    """T0 with an open SG `sg-open` (all in / all out) and host `h-b` 10.0.4.40 in priv-b using it."""
    b = t0()
    b.add(SecurityGroup(id="sg-open", vpc="vpc-a", inbound=OPEN_IN),
          Instance(id="h-b", subnet="priv-b", private_ip="10.0.4.40", security_groups=("sg-open",)))
    return b


def client(b: B, cid: str, ip: str, os: str = "linux") -> B:
    """An internet client with an operating system (its ephemeral ports follow the OS)."""
    return b.add(InternetClient(id=cid, ip=ip, os=os))  # type: ignore[arg-type]


def peered_b(b: B, region: str = "us-east-1", status: str = "active", routes_back: bool = True) -> B:
    """VPC-B 10.20.0.0/16 peered with VPC-A (pcx-ab); host b1 10.20.1.8 in sg-b1 (no inbound yet);
    A's rtb-main gets 10.20.0.0/16 → pcx-ab, B's main table 10.0.0.0/16 → pcx-ab (if routes_back)."""
    b.add(Vpc(id="vpc-b", cidr="10.20.0.0/16", region=region),
          Subnet(id="b-sub", vpc="vpc-b", cidr="10.20.1.0/24", availability_zone=f"{region}a"),
          VpcPeering(id="pcx-ab", requester_vpc="vpc-a", accepter_vpc="vpc-b", status=status),  # type: ignore[arg-type]
          RouteTable(id="rtb-b", vpc="vpc-b", main=True,
                     routes=(Route(destination="10.0.0.0/16", target="pcx-ab"),) if routes_back else ()),
          SecurityGroup(id="sg-b1", vpc="vpc-b", inbound=()),
          Instance(id="b1", subnet="b-sub", private_ip="10.20.1.8", security_groups=("sg-b1",)))
    rt = b.r["rtb-main"]
    return b.change("rtb-main", routes=(*rt.routes, Route(destination="10.20.0.0/16", target="pcx-ab")))  # type: ignore[attr-defined]


def onprem_vpn(b: B, cidr: str = "172.16.0.0/16", host_ip: str = "172.16.5.5", os: str = "linux",
               propagate: tuple[str, ...] = ("rtb-main",)) -> B:
    """VGW vgw-a on VPC-A, on-prem `onprem` (host H) behind cgw-1 and BGP VPN vpn-1 advertising `cidr`;
    the listed route tables propagate from vgw-a."""
    b.add(VpnGateway(id="vgw-a", vpc="vpc-a"),
          OnPremises(id="onprem", cidrs=(cidr,), hosts=(OnPremHost(name="H", ip=host_ip, os=os),)),  # type: ignore[arg-type]
          CustomerGateway(id="cgw-1", ip="192.0.2.1", on_premises="onprem"),
          VpnConnection(id="vpn-1", customer_gateway="cgw-1", vpn_gateway="vgw-a", routing="bgp",
                        bgp_prefixes=(cidr,)))
    for rid in propagate:
        b.change(rid, propagating_gateways=("vgw-a",))
    return b


__all__ = ["OPEN_IN", "B", "blocked_rule", "client", "onprem_vpn", "open_t0", "peered_b", "tcp", "where"]
