"""Audit: security groups, the default group, SG references and the IGW hairpin
(aws-semantics §4.5, §7, §9) on new topologies. Each docstring gives the section and the verdict
AWS would give."""

from __future__ import annotations

from audit_builder import OPEN_IN, open_t0, peered_b, where
from sim_builder import C, S, custom_nacl, nacl_rule, t0, tcp, with_nat

from vpcdesigner.model import Instance, SecurityGroup, SgRule
from vpcdesigner.sim import trace


def _default_sg(b: object) -> object:
    """The VPC's default SG: all in from itself, all out."""
    return b.add(SecurityGroup(id="sg-default", vpc="vpc-a", default=True,  # type: ignore[attr-defined]
                               inbound=(SgRule(security_group="sg-default"),)))


# -- egress, union, protocols ---------------------------------------------------------------------

def test_client_side_sg_egress_restriction_blocks_first() -> None:
    """§7.1/§1.3 step 1: sg-app outbound only tcp 443 to 0.0.0.0/0; h-b open. APP → h-b tcp/5432:
    NOT REACHABLE at sg-app outbound (SG_OUTBOUND)."""
    b = open_t0().change("sg-app", outbound=(tcp(443, "0.0.0.0/0"),))
    assert where(trace(b.design(), "app", "h-b", "tcp", 5432)) == ("sg-app", "forward", "SG_OUTBOUND")


def test_egress_rules_of_several_groups_are_unioned() -> None:
    """§7.1: APP in sg-app (out tcp 443 only) and sg-pg (out tcp 5432 to 10.0.4.0/24). APP → h-b
    tcp/5432: REACHABLE; tcp/22: NOT REACHABLE at SG outbound."""
    b = open_t0().change("sg-app", outbound=(tcp(443, "0.0.0.0/0"),))
    b.add(SecurityGroup(id="sg-pg", vpc="vpc-a", inbound=(), outbound=(tcp(5432, "10.0.4.0/24"),)))
    b.change("app", security_groups=("sg-app", "sg-pg"))
    assert trace(b.design(), "app", "h-b", "tcp", 5432).reachable is True
    t = trace(b.design(), "app", "h-b", "tcp", 22)
    assert t.blocked is not None and t.blocked.reason == "SG_OUTBOUND" and t.blocked.direction == "forward"


def test_egress_rule_is_matched_on_destination_not_source() -> None:
    """§7.2: outbound rules test the destination. sg-app out: all to 10.0.2.0/24 (its own subnet)
    only. APP → h-b (10.0.4.40) tcp/22: NOT REACHABLE at SG outbound."""
    b = open_t0().change("sg-app", outbound=(SgRule(cidr="10.0.2.0/24"),))
    assert where(trace(b.design(), "app", "h-b", "tcp", 22)) == ("sg-app", "forward", "SG_OUTBOUND")


def test_sg_rule_for_udp_does_not_admit_tcp() -> None:
    """§7.2: protocol must match. sg-web in: udp 53 from 0.0.0.0/0 (and tcp 80). C → WEB tcp/53:
    NOT REACHABLE at sg-web inbound."""
    b = t0().change("sg-web", inbound=(tcp(80, "0.0.0.0/0"),
                                       SgRule(protocol="udp", port_from=53, port_to=53, cidr="0.0.0.0/0")))
    assert where(trace(b.design(), C, "203.0.113.10", "tcp", 53)) == ("sg-web", "forward", "SG_INBOUND")
    assert trace(b.design(), C, "203.0.113.10", "udp", 53).reachable is True


def test_sg_icmp_rule_for_echo_reply_does_not_admit_echo_request() -> None:
    """§7.2 (ICMP FromPort = type): sg-web in: icmp type 0 only. C pings WEB (type 8): NOT
    REACHABLE at sg-web inbound. With icmp type 8 code -1: REACHABLE (the echo reply passes by
    connection tracking)."""
    b = t0().change("sg-web", inbound=(SgRule(protocol="icmp", icmp_type=0, icmp_code=-1, cidr="0.0.0.0/0"),))
    assert where(trace(b.design(), C, "203.0.113.10", "icmp")) == ("sg-web", "forward", "SG_INBOUND")
    b.change("sg-web", inbound=(SgRule(protocol="icmp", icmp_type=8, icmp_code=-1, cidr="0.0.0.0/0"),))
    assert trace(b.design(), C, "203.0.113.10", "icmp").reachable is True


def test_sg_protocol_all_rule_ignores_its_port_fields() -> None:
    """§7.2 (EC2-IPPERM): protocol -1 allows all ports whatever range is given. sg-web in: all
    protocols *ports 80-80* from 0.0.0.0/0. C → WEB tcp/8443: REACHABLE."""
    b = t0().change("sg-web", inbound=(SgRule(protocol="all", port_from=80, port_to=80, cidr="0.0.0.0/0"),))
    assert trace(b.design(), C, "203.0.113.10", "tcp", 8443).reachable is True


def test_reply_passes_a_group_with_no_rules_back_by_connection_tracking() -> None:
    """§7.1/§7.5: SGs are stateful. sg-app in: nothing; out: tcp 22 to 10.0.4.0/24 only. APP →
    h-b tcp/22: REACHABLE (the reply into APP needs no inbound rule)."""
    b = open_t0().change("sg-app", inbound=(), outbound=(tcp(22, "10.0.4.0/24"),))
    assert trace(b.design(), "app", "h-b", "tcp", 22).reachable is True


# -- default security group and SG references -----------------------------------------------------

def test_default_sg_members_in_different_subnets_talk_freely() -> None:
    """§7.4: inbound all from the group itself. x (pub-a) and y (priv-b), both only in the default
    SG. x → y tcp/3306: REACHABLE; APP (sg-app) → y tcp/3306: NOT REACHABLE at the default SG."""
    b = _default_sg(t0())
    b.add(Instance(id="x", subnet="pub-a", private_ip="10.0.1.40", public_ip="203.0.113.40",  # type: ignore[attr-defined]
                   security_groups=("sg-default",)),
          Instance(id="y", subnet="priv-b", private_ip="10.0.4.41", security_groups=("sg-default",)))
    d = b.design()  # type: ignore[attr-defined]
    assert trace(d, "x", "y", "tcp", 3306).reachable is True
    assert where(trace(d, "app", "y", "tcp", 3306)) == ("sg-default", "forward", "SG_INBOUND")


def test_default_sg_self_reference_does_not_match_a_hairpin_through_the_igw() -> None:
    """§4.5/§7.3/§7.4: x (pub-a, 203.0.113.40) and z (pub-b, 203.0.113.41), both only in the
    default SG. z → x's *public* IP tcp/3306 goes out igw-a and back in with source 203.0.113.41,
    which is no member's private IP: NOT REACHABLE at the default SG inbound on x."""
    b = _default_sg(t0())
    b.add(Instance(id="x", subnet="pub-a", private_ip="10.0.1.40", public_ip="203.0.113.40",  # type: ignore[attr-defined]
                   security_groups=("sg-default",)),
          Instance(id="z", subnet="pub-b", private_ip="10.0.3.41", public_ip="203.0.113.41",
                   security_groups=("sg-default",)))
    d = b.design()  # type: ignore[attr-defined]
    t = trace(d, "z", "203.0.113.40", "tcp", 3306)
    assert where(t) == ("sg-default", "forward", "SG_INBOUND")
    assert any(h.kind == "internet-gateway" for h in t.forward)
    assert trace(d, "z", "10.0.1.40", "tcp", 3306).reachable is True  # private address: the reference matches


def test_hairpin_to_own_subnet_public_ip_crosses_the_nacl_twice() -> None:
    """§4.5/§6.2: WEB2 (pub-a, public 203.0.113.11) → WEB's public IP 203.0.113.10 tcp/80 goes out
    through igw-a and comes back, so pub-a's NACL is crossed (it is not same-subnet traffic).
    pub-a inbound: 90 deny all from 203.0.113.0/24, 100 allow all. NOT REACHABLE at pub-a inbound
    rule 90 (arriving source is WEB2's public IP)."""
    b = t0().add(Instance(id="web2", subnet="pub-a", private_ip="10.0.1.11", public_ip="203.0.113.11",
                          security_groups=("sg-web",)))
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(90, "deny", cidr="203.0.113.0/24"), nacl_rule(100)),
                (nacl_rule(100),))
    t = trace(b.design(), "web2", "203.0.113.10", "tcp", 80)
    assert where(t) == ("acl", "forward", "NACL_INBOUND")
    assert any(h.kind == "internet-gateway" for h in t.forward)


def test_sg_reference_does_not_match_traffic_that_went_through_the_nat() -> None:
    """§7.3 (NAT rewrites the source): sg-web in: tcp 22 from sg-app. APP → WEB's public IP
    203.0.113.10 tcp/22 goes nat-1 → igw-a → back in with source 198.51.100.50 (the NAT's EIP):
    NOT REACHABLE at sg-web inbound. APP → WEB's private IP: REACHABLE."""
    b = with_nat(t0()).change("sg-web", inbound=(tcp(22, sg="sg-app"),))
    t = trace(b.design(), "app", "203.0.113.10", "tcp", 22)
    assert where(t) == ("sg-web", "forward", "SG_INBOUND")
    assert trace(b.design(), "app", "10.0.1.10", "tcp", 22).reachable is True


def test_nat_eip_allowed_by_cidr_admits_the_hairpin() -> None:
    """§4.5/§5 control for the test above: sg-web in: tcp 22 from 198.51.100.50/32 (the NAT's EIP).
    APP → 203.0.113.10 tcp/22: REACHABLE (source after NAT + IGW is the EIP)."""
    b = with_nat(t0()).change("sg-web", inbound=(tcp(22, "198.51.100.50/32"),))
    assert trace(b.design(), "app", "203.0.113.10", "tcp", 22).reachable is True


def test_sg_reference_does_not_match_a_members_public_ip_after_a_hairpin() -> None:
    """§7.3: a member's public IP is not the member. sg-web in: tcp 22 from sg-admin; `admin`
    (pub-b, public 203.0.113.50, in sg-admin) → WEB's public IP tcp/22: NOT REACHABLE at sg-web
    inbound (source 203.0.113.50 after the hairpin). admin → WEB by name (private IP): REACHABLE."""
    b = t0().add(SecurityGroup(id="sg-admin", vpc="vpc-a", inbound=()),
                 Instance(id="admin", subnet="pub-b", private_ip="10.0.3.50", public_ip="203.0.113.50",
                          security_groups=("sg-admin",)))
    b.change("sg-web", inbound=(tcp(22, sg="sg-admin"),))
    assert where(trace(b.design(), "admin", "203.0.113.10", "tcp", 22)) == ("sg-web", "forward", "SG_INBOUND")
    assert trace(b.design(), "admin", "web", "tcp", 22).reachable is True


def test_sg_egress_referencing_a_peered_group_same_region() -> None:
    """§7.3/§9: sg-app out: tcp 5432 to sg-b1 (in peered VPC-B, same Region, active); sg-b1 in:
    tcp 5432 from sg-app. APP → b1 tcp/5432: REACHABLE."""
    b = peered_b(t0()).change("sg-app", outbound=(tcp(5432, sg="sg-b1"),))
    b.change("sg-b1", inbound=(tcp(5432, sg="sg-app"),))
    assert trace(b.design(), "app", "b1", "tcp", 5432).reachable is True


def test_sg_egress_referencing_a_group_across_an_inter_region_peering_never_matches() -> None:
    """§7.3/§9: inter-Region peering cannot reference SGs. Same as above with VPC-B in us-west-2
    (sg-b1 admits 10.0.0.0/16 by CIDR). APP → b1 tcp/5432: NOT REACHABLE at sg-app outbound."""
    b = peered_b(t0(), region="us-west-2").change("sg-app", outbound=(tcp(5432, sg="sg-b1"),))
    b.change("sg-b1", inbound=(tcp(5432, "10.0.0.0/16"),))
    assert where(trace(b.design(), "app", "b1", "tcp", 5432)) == ("sg-app", "forward", "SG_OUTBOUND")


def test_sg_reference_to_an_unrelated_vpc_group_never_matches() -> None:
    """§7.3: groups must be in the same VPC or peered VPCs. VPC-B is peered, VPC-D is not; sg-b1
    in: tcp 22 from sg-d (a group of unpeered VPC-D); APP → b1 tcp/22: NOT REACHABLE at sg-b1."""
    from vpcdesigner.model import Vpc
    b = peered_b(t0()).add(Vpc(id="vpc-d", cidr="10.40.0.0/16"), SecurityGroup(id="sg-d", vpc="vpc-d"))
    b.change("sg-b1", inbound=(tcp(22, sg="sg-d"),))
    assert where(trace(b.design(), "app", "b1", "tcp", 22)) == ("sg-b1", "forward", "SG_INBOUND")


def test_internet_client_to_instance_with_open_sg_but_no_public_ip_in_private_subnet() -> None:
    """§4.1/§4.3: h-b (priv-b, sg-open all in, no public IP): C → h-b tcp/22: NOT REACHABLE
    (IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS); an open SG does not make an address public."""
    t = trace(open_t0().design(), C, "h-b", "tcp", 22)
    assert t.reachable is False and t.blocked is not None
    assert t.blocked.code == "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"


def test_instance_with_eip_in_a_public_subnet_reaches_the_internet_both_ways() -> None:
    """§4.1/§4.2 control: WEB (public IP) → S tcp/443: REACHABLE; the IGW shows the SNAT to
    203.0.113.10 and the reply's DNAT back to 10.0.1.10."""
    t = trace(t0().design(), "web", S, "tcp", 443)
    assert t.reachable is True
    igw = next(h for h in t.forward if h.kind == "internet-gateway")
    assert igw.packet_out.src == "203.0.113.10"
    back = next(h for h in t.return_ if h.kind == "internet-gateway")
    assert back.packet_out.dst == "10.0.1.10"


def test_open_sg_everywhere_keeps_the_default_nacl_and_route_semantics() -> None:
    """§1.3: with every SG open (OPEN_IN) the priv-b host still has no internet route: h-b → S:
    NOT REACHABLE at rtb-main (NO_ROUTE)."""
    b = open_t0().change("sg-app", inbound=OPEN_IN)
    assert where(trace(b.design(), "h-b", S, "tcp", 443)) == ("rtb-main", "forward", "NO_ROUTE")


def test_sg_icmp_rule_matches_type_and_code() -> None:
    """§7.2 (ICMP FromPort = type, ToPort = code): sg-open in: icmp type 3 code 4 only. h-b receiving
    ICMP 3/3 from APP: NOT REACHABLE at sg-open inbound; 3/4: REACHABLE."""
    b = open_t0().change("sg-open", inbound=(SgRule(protocol="icmp", icmp_type=3, icmp_code=4, cidr="0.0.0.0/0"),))
    t = trace(b.design(), "app", "h-b", "icmp", icmp_type=3, icmp_code=3)
    assert where(t) == ("sg-open", "forward", "SG_INBOUND")
    assert trace(b.design(), "app", "h-b", "icmp", icmp_type=3, icmp_code=4).reachable is True


def test_sg_rule_for_another_protocol_number_ignores_ports() -> None:
    """§7.2 (EC2-IPPERM): protocol 47 with a port range allows all GRE. sg-open in: 47 ports 5-5.
    APP → h-b GRE: REACHABLE."""
    b = open_t0().change("sg-open", inbound=(SgRule(protocol="47", port_from=5, port_to=5, cidr="0.0.0.0/0"),))
    assert trace(b.design(), "app", "h-b", "47").reachable is True


def test_sg_host_rule_admits_only_that_host() -> None:
    """§7.2 (single host = /32): sg-open in: tcp 0-65535 from 10.0.2.20/32. APP → h-b tcp/5000:
    REACHABLE; DB (10.0.2.30, same subnet as APP) → h-b: NOT REACHABLE at sg-open."""
    b = open_t0().change("sg-open", inbound=(SgRule(protocol="tcp", port_from=0, port_to=65535, cidr="10.0.2.20/32"),))
    assert trace(b.design(), "app", "h-b", "tcp", 5000).reachable is True
    assert where(trace(b.design(), "db", "h-b", "tcp", 5000)) == ("sg-open", "forward", "SG_INBOUND")
