"""Second audit: a NAT gateway addressed from its own subnet, ALB IP targets on premises, and a
secondary network interface with its own security group (aws-semantics §5, §7.1, §12.2, §12.3).
Each docstring gives the section and the verdict AWS would give, decided from the semantics."""

from __future__ import annotations

from audit_builder import onprem_vpn
from sim_builder import C, t0, t_alb, tcp, with_nat

from vpcdesigner.model import NetworkInterface, SecurityGroup, Target
from vpcdesigner.sim import trace


def test_packet_to_the_nat_gateway_from_its_own_subnet_is_dropped() -> None:
    """§5 (BF testIntraSubnetPacket; NAT admits only replies from outside): WEB (pub-a, the NAT's
    subnet) → nat-1's private IP 10.0.1.50 tcp/443: NOT REACHABLE at nat-1."""
    b = with_nat(t0()).change("sg-web", outbound=(tcp(443, "0.0.0.0/0"),))
    t = trace(b.design(), "web", "10.0.1.50", "tcp", 443)
    assert t.reachable is False and t.blocked is not None and t.blocked.component == "nat-1"


def _onprem_ip_target(propagate: tuple[str, ...]) -> object:
    """T-ALB whose tg-app is an `ip` target group with one target, on-prem host 172.16.5.5:8080,
    reached through vgw-a (the ALB subnets' table rtb-pub propagates when listed); sg-alb may send
    8080 to 172.16.0.0/16."""
    b = t_alb()
    b.change("asg-app", target_groups=())
    b.change("tg-app", target_type="ip", targets=(Target(ip="172.16.5.5", port=8080),))
    b.change("sg-alb", outbound=(tcp(8080, "172.16.0.0/16"),))
    return onprem_vpn(b, propagate=propagate)


def test_alb_ip_target_on_premises_over_the_vpn() -> None:
    """§12.2 (ip targets may be on-prem over DX/VPN) + §12.3: C → alb-1 tcp/443; the ALB node opens
    a new connection from its private IP to 172.16.5.5:8080 through vgw-a (rtb-pub propagates it):
    REACHABLE end to end."""
    t = trace(_onprem_ip_target(("rtb-main", "rtb-pub")).design(), C, "alb-1", "tcp", 443)  # type: ignore[attr-defined]
    assert t.reachable is True, t.reason
    assert any(h.component == "vgw-a" for h in t.forward)


def test_alb_ip_target_on_premises_without_a_route_from_the_alb_subnets() -> None:
    """§3.3 + §4.3: without propagation on rtb-pub the ALB node's packet to 172.16.5.5 matches only
    0.0.0.0/0 → igw-a and the IGW drops a private destination: NOT REACHABLE (the target leg fails:
    a 504 for the client)."""
    t = trace(_onprem_ip_target(("rtb-main",)).design(), C, "alb-1", "tcp", 443)  # type: ignore[attr-defined]
    assert t.reachable is False and t.blocked is not None
    assert t.legs and t.legs[0].reachable is True and t.legs[-1].reachable is False


def test_secondary_interface_is_filtered_by_its_own_security_group() -> None:
    """§7.1 (SGs apply per network interface): eni-2 (10.0.4.50 in priv-b) is attached to APP with
    sg-eni2 admitting tcp/22 from 10.0.1.0/24; APP's primary group sg-app admits nothing. WEB →
    10.0.4.50 tcp/22: REACHABLE; WEB → APP's primary 10.0.2.20 tcp/22: NOT REACHABLE at sg-app."""
    b = t0().add(SecurityGroup(id="sg-eni2", vpc="vpc-a", inbound=(tcp(22, "10.0.1.0/24"),)),
                 NetworkInterface(id="eni-2", subnet="priv-b", private_ip="10.0.4.50",
                                  security_groups=("sg-eni2",), instance="app"))
    b.change("sg-web", outbound=(tcp(22, "10.0.0.0/16"),))
    d = b.design()
    assert trace(d, "web", "10.0.4.50", "tcp", 22).reachable is True
    t = trace(d, "web", "10.0.2.20", "tcp", 22)
    assert t.blocked is not None and t.blocked.component == "sg-app"
