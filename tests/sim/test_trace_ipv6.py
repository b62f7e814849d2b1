"""IPv6 traces: scenario S52 (egress-only internet gateway) and the IPv6 rules of the semantics
(§3.2-3.3 separate route families, §4.4 EIGW and IGW without NAT, §6.1-6.2 NACL families and the
default NACL's rule 101, §7.4 the default SG's ::/0, ICMPv6)."""

from __future__ import annotations

import pytest
from sim_builder import B, S, nacl_rule, t0, t_alb, tcp

from vpcdesigner.model import (
    EgressOnlyInternetGateway,
    Instance,
    NaclRule,
    NetworkAcl,
    Route,
    SgRule,
    derive,
)
from vpcdesigner.sim import Trace, TraceInputError, trace

APP6 = "2001:db8:1234:1a02::20"
WEB6 = "2001:db8:1234:1a01::10"
NET6 = "2001:db8:ffff::1"  # an IPv6 host on the internet


def s52() -> B:
    """S52: VPC-A with an IPv6 block, priv-a /64, eigw-a, rtb-main ::/0 → eigw-a; APP has an IPv6
    address and sg-app allows all out (IPv4 and IPv6)."""
    b = t0()
    b.change("vpc-a", ipv6_cidr="2001:db8:1234:1a00::/56")
    b.change("priv-a", ipv6_cidr="2001:db8:1234:1a02::/64")
    b.change("pub-a", ipv6_cidr="2001:db8:1234:1a01::/64")
    b.add(EgressOnlyInternetGateway(id="eigw-a", vpc="vpc-a"))
    b.change("rtb-main", routes=(Route(destination="::/0", target="eigw-a"),))
    b.change("app", ipv6_address=APP6)
    b.change("sg-app", outbound=(SgRule(cidr="0.0.0.0/0"), SgRule(cidr="::/0")))
    return b


def dual_stack_web(b: B, sg_in: tuple[SgRule, ...]) -> B:
    """WEB gets an IPv6 address; rtb-pub sends ::/0 to the internet gateway."""
    b.change("web", ipv6_address=WEB6)
    b.change("rtb-pub", routes=(Route(destination="0.0.0.0/0", target="igw-a"), Route(destination="::/0",
                                                                                       target="igw-a")))
    b.change("sg-web", inbound=sg_in, outbound=(SgRule(cidr="0.0.0.0/0"), SgRule(cidr="::/0")))
    return b


def acl(inbound: tuple[NaclRule, ...], outbound: tuple[NaclRule, ...]) -> NetworkAcl:
    return NetworkAcl(id="acl-priv", vpc="vpc-a", subnets=("priv-a",), inbound=inbound, outbound=outbound)


def blocked(t: Trace) -> tuple[str, str, str | None]:
    assert t.blocked is not None, t.reason
    return t.blocked.component, t.blocked.direction, t.blocked.reason


def test_s52a_outbound_through_the_egress_only_gateway_is_reachable() -> None:
    t = trace(s52().design(), "app", NET6, "tcp", 443)
    assert t.reachable is True, t.reason
    assert t.packet.src == APP6 and t.packet.dst == NET6
    eigw = [h for h in t.forward + t.return_ if h.kind == "egress-only-internet-gateway"]
    assert [h.verdict for h in eigw] == ["pass", "pass"] and "stateful" in eigw[0].explanation
    # the implicit default NACL has rule 101 for ::/0 because the VPC has an IPv6 block; the reply needs it too
    nacl = [h for h in t.forward + t.return_ if h.kind == "network-acl"]
    assert nacl and all(h.rule is not None and h.rule.number == 101 for h in nacl)


def test_s52b_connections_from_the_internet_stop_at_the_egress_only_gateway() -> None:
    t = trace(s52().design(), NET6, APP6, "tcp", 22)
    assert t.reachable is False
    assert blocked(t) == ("eigw-a", "forward", "EIGW_INBOUND")
    assert "started from the internet" in t.forward[-1].explanation
    # naming the instance from an IPv6 source means its IPv6 address
    assert trace(s52().design(), NET6, "app", "tcp", 22).packet.dst == APP6


def test_s52c_ipv6_default_route_does_not_cover_ipv4() -> None:
    t = trace(s52().design(), "app", S, "tcp", 443)
    assert t.reachable is False
    assert blocked(t) == ("rtb-main", "forward", "NO_ROUTE")


def test_ipv4_default_route_does_not_cover_ipv6() -> None:
    b = s52().change("rtb-main", routes=(Route(destination="0.0.0.0/0", target="igw-a"),))
    t = trace(b.design(), "app", NET6, "tcp", 443)
    assert blocked(t) == ("rtb-main", "forward", "NO_ROUTE")


def test_internet_gateway_carries_ipv6_both_ways_without_translation() -> None:
    b = dual_stack_web(s52(), (tcp(80, "::/0"),))
    t = trace(b.design(), NET6, "web", "tcp", 80)
    assert t.reachable is True, t.reason
    igw = [h for h in t.forward + t.return_ if h.kind == "internet-gateway"]
    assert len(igw) == 2 and all(h.packet_in == h.packet_out for h in igw)
    assert t.forward[-1].packet_in.dst == WEB6
    out = trace(b.design(), "web", NET6, "tcp", 443)
    assert out.reachable is True and out.packet.src == WEB6


def test_ipv4_security_group_rules_never_match_ipv6() -> None:
    b = dual_stack_web(s52(), (tcp(80, "0.0.0.0/0"),))
    t = trace(b.design(), NET6, "web", "tcp", 80)
    assert blocked(t) == ("sg-web", "forward", "SG_INBOUND")
    assert trace(b.design(), "198.51.100.7", "web", "tcp", 80).reachable is True


def test_ipv6_security_group_rules_never_match_ipv4() -> None:
    b = dual_stack_web(s52(), (tcp(80, "::/0"),))
    assert blocked(trace(b.design(), "198.51.100.7", "web", "tcp", 80))[2] == "SG_INBOUND"


def test_network_acl_rules_match_only_their_own_family() -> None:
    v4_only = acl((nacl_rule(100),), (nacl_rule(100),))
    b = s52().add(v4_only)
    t = trace(b.design(), "app", NET6, "tcp", 443)
    assert blocked(t) == ("acl-priv", "forward", "NACL_OUTBOUND")
    assert t.forward[-1].rule is not None and t.forward[-1].rule.number == "*"
    both = v4_only.with_changes(inbound=(nacl_rule(100), nacl_rule(110, cidr="::/0")),
                                outbound=(nacl_rule(100), nacl_rule(110, cidr="::/0")))
    assert trace(s52().add(both).design(), "app", NET6, "tcp", 443).reachable is True
    # an IPv6 deny ahead of everything does not touch IPv4 traffic (web in pub-a → app in priv-a)
    deny6 = both.with_changes(inbound=(nacl_rule(1, "deny", cidr="::/0"), *both.inbound))
    b6 = s52().add(deny6).change("sg-app", inbound=(tcp(22, "10.0.0.0/16"),))
    v4 = trace(b6.design(), "web", "app", "tcp", 22)
    assert v4.reachable is True
    assert [h.rule.number for h in v4.forward if h.component == "acl-priv" and h.rule] == [100]
    b6.change("web", ipv6_address=WEB6).change("sg-web", outbound=(SgRule(cidr="::/0"),))
    v6 = trace(b6.design(), "web", APP6, "tcp", 22)
    assert blocked(v6) == ("acl-priv", "forward", "NACL_INBOUND") and v6.forward[-1].rule.number == 1  # type: ignore[union-attr]


def test_default_nacl_and_default_sg_get_ipv6_rules_only_with_an_ipv6_block() -> None:
    plain = derive(t0().design())
    dual = derive(s52().design())
    assert [r.cidr for r in plain.nacl_of["priv-a"].inbound] == ["0.0.0.0/0"]
    assert [(r.number, r.cidr) for r in dual.nacl_of["priv-a"].inbound] == [(100, "0.0.0.0/0"), (101, "::/0")]
    assert [r.cidr for r in plain.default_sg_of_vpc["vpc-a"].outbound] == ["0.0.0.0/0"]
    assert [r.cidr for r in dual.default_sg_of_vpc["vpc-a"].outbound] == ["0.0.0.0/0", "::/0"]
    # an instance in the default SG of a dual-stack VPC may open IPv6 connections out
    b = s52().add(Instance(id="plain", subnet="priv-a", private_ip="10.0.2.40", ipv6_address="2001:db8:1234:1a02::40"))
    assert trace(b.design(), "plain", NET6, "tcp", 443).reachable is True


def test_icmpv6_echo_is_its_own_protocol() -> None:
    t = trace(s52().design(), "app", NET6, "icmp")
    assert t.reachable is True and t.packet.protocol == "icmpv6" and t.packet.icmp_type == 128
    assert t.return_[0].packet_in.icmp_type == 129
    only_icmp4 = acl((nacl_rule(100, protocol="icmp", cidr="::/0"),), (nacl_rule(100, protocol="icmp", cidr="::/0"),))
    assert blocked(trace(s52().add(only_icmp4).design(), "app", NET6, "icmpv6"))[2] == "NACL_OUTBOUND"
    icmp6 = only_icmp4.with_changes(inbound=(nacl_rule(100, protocol="icmpv6", cidr="::/0"),),
                                    outbound=(nacl_rule(100, protocol="icmpv6", cidr="::/0"),))
    assert trace(s52().add(icmp6).design(), "app", NET6, "icmpv6").reachable is True
    assert blocked(trace(s52().add(icmp6).design(), "app", NET6, "tcp", 443))[2] == "NACL_OUTBOUND"


def test_egress_only_gateway_carries_no_ipv4() -> None:
    b = s52().change("rtb-main", routes=(Route(destination="0.0.0.0/0", target="eigw-a"),))
    t = trace(b.design(), "app", S, "tcp", 443)
    assert blocked(t) == ("eigw-a", "forward", "NO_ROUTE") and t.blocked and t.blocked.code == "CANNOT_ROUTE"


def test_no_internet_gateway_at_all_means_no_ipv6_from_the_internet() -> None:
    b = s52().drop("igw-a").drop("eigw-a").change("rtb-main", routes=())
    b.change("rtb-pub", routes=())
    t = trace(b.design(), NET6, "app", "tcp", 22)
    assert t.reachable is False and t.blocked and t.blocked.reason == "NOT_PUBLIC_ADDRESS_INGRESS"


def test_security_group_references_cover_ipv6_addresses_inside_the_vpc() -> None:
    b = s52().change("db", ipv6_address="2001:db8:1234:1a02::30")
    b.change("sg-db", inbound=(SgRule(protocol="tcp", port_from=5432, port_to=5432, security_group="sg-app"),))
    t = trace(b.design(), "app", "2001:db8:1234:1a02::30", "tcp", 5432)
    assert t.reachable is True, t.reason
    b.change("sg-db", inbound=(tcp(5432, "10.0.0.0/16"),))
    assert blocked(trace(b.design(), "app", "2001:db8:1234:1a02::30", "tcp", 5432))[2] == "SG_INBOUND"


def test_an_end_without_an_ipv6_address_is_blocked_there() -> None:
    t = trace(s52().design(), "db", NET6, "tcp", 443)
    assert blocked(t) == ("db", "forward", "NO_IPV6_ADDRESS")
    assert "no IPv6 address" in t.forward[-1].explanation


def test_hypothetical_ipv6_host_in_a_subnet_block() -> None:
    t = trace(s52().design(), "2001:db8:1234:1a02::99", NET6, "tcp", 443)
    assert t.reachable is True and t.notes
    # a hypothetical IPv4 host of a dual-stack subnet gets the matching address of the IPv6 block
    t4 = trace(s52().design(), "10.0.2.99", NET6, "tcp", 443)
    assert t4.packet.src == "2001:db8:1234:1a02::63" and t4.reachable is True


@pytest.mark.parametrize(("source", "destination", "protocol", "match"), [
    (NET6, S, "tcp", "mix"),
    ("app", S, "icmpv6", "icmpv6"),
])
def test_bad_ipv6_questions_are_input_errors(source: str, destination: str, protocol: str, match: str) -> None:
    with pytest.raises(TraceInputError, match=match):
        trace(s52().design(), source, destination, protocol, 443)


def test_load_balancers_are_traced_over_ipv4_only() -> None:
    with pytest.raises(TraceInputError, match="IPv4"):
        trace(t_alb(s52()).design(), NET6, "alb-1", "tcp", 443)




def test_exposure_lists_ipv6_openings_only_through_an_internet_gateway() -> None:
    from vpcdesigner.sim.exposure import exposure

    b = dual_stack_web(s52(), (tcp(80, "0.0.0.0/0"), tcp(443, "::/0")))
    found = {(e.component, e.address, e.port_from) for e in exposure(b.design())}
    assert ("web", WEB6, 443) in found and ("web", "203.0.113.10", 80) in found
    assert ("web", WEB6, 80) not in found  # the IPv4 rule does not open IPv6
    # app's ::/0 rule does not expose it: its subnet sends ::/0 to the egress-only gateway
    b.change("sg-app", inbound=(tcp(22, "::/0"),))
    assert not any(e.component == "app" for e in exposure(b.design()))


def test_a_subnet_without_a_route_back_fails_on_the_reply() -> None:
    """§1.4: from the internet the VPC delivers through its internet gateway into any subnet; the
    destination subnet's table only decides the reply (here: no IPv6 route at all)."""
    b = dual_stack_web(s52(), (tcp(80, "::/0"),))
    b.change("rtb-pub", routes=(Route(destination="0.0.0.0/0", target="igw-a"),))
    t = trace(b.design(), NET6, "web", "tcp", 80)
    assert t.reachable is False and t.blocked is not None
    assert (t.blocked.component, t.blocked.direction) == ("rtb-pub", "return")


@pytest.mark.parametrize(("destination", "protocol", "port"), [("fd00:ec2::253", "udp", 53),
                                                                ("fd00:ec2::254", "tcp", 80)])
def test_amazon_dns_and_metadata_over_ipv6_are_never_filtered(destination: str, protocol: str, port: int) -> None:
    closed = acl((), ())  # deny everything, and no SG egress either
    b = s52().add(closed).change("sg-app", outbound=())
    t = trace(b.design(), "app", destination, protocol, port)
    assert t.reachable is True, t.reason
    assert not any(h.kind in ("network-acl", "security-group") and h.verdict == "block" for h in t.forward)
