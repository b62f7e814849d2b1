"""Audit: network ACL semantics (aws-semantics §6, §1.3, §1.5) on topologies that are not the
listed scenarios. Each docstring gives the section and the verdict AWS would give."""

from __future__ import annotations

from audit_builder import blocked_rule, client, open_t0, where
from sim_builder import C, S, custom_nacl, nacl_rule, t0, tcp, with_nat

from vpcdesigner.model import SecurityGroup, SgRule
from vpcdesigner.sim import trace

OTHER = "192.0.2.9"  # an internet client outside 198.51.100.0/24


# -- rule order and overlapping CIDRs/ports, both directions -------------------------------------

def test_lower_numbered_deny_for_a_cidr_beats_a_later_allow_but_only_for_that_cidr() -> None:
    """§6.2: inbound 100 deny tcp 80 from 198.51.100.0/24, 200 allow tcp 80 from 0.0.0.0/0 (written
    [200, 100]). C 198.51.100.7 → WEB:80: NOT REACHABLE at the NACL inbound rule 100; 192.0.2.9 →
    WEB:80: REACHABLE (rule 100 does not match, 200 allows)."""
    b = t0()
    custom_nacl(b, "acl", ("pub-a",),
                (nacl_rule(200, protocol="tcp", ports=(80, 80)),
                 nacl_rule(100, "deny", "tcp", "198.51.100.0/24", (80, 80))),
                (nacl_rule(100),))
    t = trace(b.design(), C, "203.0.113.10", "tcp", 80, source_port=40000)
    assert where(t)[:2] == ("acl", "forward") and blocked_rule(t) == 100
    assert trace(b.design(), OTHER, "203.0.113.10", "tcp", 80, source_port=40000).reachable is True


def test_deny_on_one_port_does_not_touch_another_port() -> None:
    """§6.2: inbound 100 deny tcp 22 from 0.0.0.0/0, 110 allow all. WEB (sg-web also allows 22)
    tcp/22: NOT REACHABLE at rule 100; tcp/80: REACHABLE."""
    b = t0().change("sg-web", inbound=(tcp(80, "0.0.0.0/0"), tcp(22, "0.0.0.0/0")))
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100, "deny", "tcp", ports=(22, 22)), nacl_rule(110)),
                (nacl_rule(100),))
    t = trace(b.design(), C, "203.0.113.10", "tcp", 22)
    assert where(t)[:2] == ("acl", "forward") and blocked_rule(t) == 100
    assert trace(b.design(), C, "203.0.113.10", "tcp", 80).reachable is True


def test_outbound_deny_of_one_ephemeral_port_breaks_only_that_reply() -> None:
    """§6.2/§6.3 (return flow): outbound 100 deny tcp 40000 to 198.51.100.0/24, 200 allow all.
    C:40000 → WEB:80: NOT REACHABLE, return blocked at outbound rule 100. C:40001: REACHABLE."""
    b = t0()
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100),),
                (nacl_rule(100, "deny", "tcp", "198.51.100.0/24", (40000, 40000)), nacl_rule(200)))
    t = trace(b.design(), C, "203.0.113.10", "tcp", 80, source_port=40000)
    assert where(t)[:2] == ("acl", "return") and blocked_rule(t) == 100
    assert trace(b.design(), C, "203.0.113.10", "tcp", 80, source_port=40001).reachable is True


def test_outbound_rule_is_matched_on_destination_cidr_not_source() -> None:
    """§6.2: outbound rules test the packet's destination. Outbound 100 allows tcp 1024-65535 only
    *to 10.0.1.0/24* (the subnet's own CIDR, i.e. the reply's source). C → WEB:80: NOT REACHABLE,
    return blocked at the outbound `*` rule."""
    b = t0()
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100),),
                (nacl_rule(100, protocol="tcp", cidr="10.0.1.0/24", ports=(1024, 65535)),))
    t = trace(b.design(), C, "203.0.113.10", "tcp", 80, source_port=40000)
    assert where(t)[:2] == ("acl", "return") and blocked_rule(t) == "*"


def test_inbound_rule_is_matched_on_source_cidr_not_destination() -> None:
    """§6.2: inbound rules test the source. Inbound 100 allows tcp 80 only *from 10.0.1.0/24*
    (the destination's subnet). C → WEB:80: NOT REACHABLE at inbound `*`."""
    b = t0()
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100, protocol="tcp", cidr="10.0.1.0/24", ports=(80, 80)),),
                (nacl_rule(100),))
    t = trace(b.design(), C, "203.0.113.10", "tcp", 80, source_port=40000)
    assert where(t)[:2] == ("acl", "forward") and blocked_rule(t) == "*"


def test_inbound_port_range_is_the_destination_port_not_the_source_port() -> None:
    """§6.2: the port range is the packet's destination port in both directions. Inbound 100
    allows tcp 40000 (C's *source* port) only. C:40000 → WEB:80: NOT REACHABLE at inbound `*`."""
    b = t0()
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100, protocol="tcp", ports=(40000, 40000)),), (nacl_rule(100),))
    t = trace(b.design(), C, "203.0.113.10", "tcp", 80, source_port=40000)
    assert where(t)[:2] == ("acl", "forward") and blocked_rule(t) == "*"


def test_protocol_all_deny_beats_a_later_tcp_allow() -> None:
    """§6.2: protocol -1 matches every protocol and port. Inbound 50 deny all from 198.51.100.0/24,
    100 allow tcp 80. C → WEB:80: NOT REACHABLE at rule 50."""
    b = t0()
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(50, "deny", "all", "198.51.100.0/24"),
                                       nacl_rule(100, protocol="tcp", ports=(80, 80))), (nacl_rule(100),))
    t = trace(b.design(), C, "203.0.113.10", "tcp", 80)
    assert where(t)[:2] == ("acl", "forward") and blocked_rule(t) == 50


def test_udp_rule_does_not_admit_tcp_on_the_same_port() -> None:
    """§6.2: the protocol must match. Inbound 100 allow udp 80 only. C → WEB tcp/80: NOT REACHABLE
    at inbound `*`."""
    b = t0()
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100, protocol="udp", ports=(80, 80)),), (nacl_rule(100),))
    t = trace(b.design(), C, "203.0.113.10", "tcp", 80)
    assert where(t)[:2] == ("acl", "forward") and blocked_rule(t) == "*"


def test_tcp_allow_rule_does_not_cover_protocol_all_traffic_of_another_protocol() -> None:
    """§6.2: an allow-tcp rule does not match GRE (47). Inbound 100 allow tcp 0-65535, outbound all;
    sg-open admits everything. APP → h-b (priv-b has the NACL) protocol 47: NOT REACHABLE at priv-b
    inbound `*`."""
    b = open_t0()
    custom_nacl(b, "acl", ("priv-b",), (nacl_rule(100, protocol="tcp", ports=(0, 65535)),), (nacl_rule(100),))
    t = trace(b.design(), "app", "h-b", "47")
    assert where(t)[:2] == ("acl", "forward") and blocked_rule(t) == "*"


# -- ICMP -------------------------------------------------------------------------------------------

def test_ping_across_subnets_needs_echo_reply_in_on_the_sender_side() -> None:
    """§6.4: priv-a NACL outbound allows icmp type 8, inbound allows icmp type 8 only (not type 0).
    APP → h-b ping: forward passes; NOT REACHABLE, return (echo reply, type 0) blocked at priv-a
    inbound `*`. With inbound type 0 added: REACHABLE."""
    b = open_t0()
    out = (nacl_rule(100, protocol="icmp", icmp_type=8, icmp_code=-1),)
    custom_nacl(b, "acl-a", ("priv-a",), (nacl_rule(100, protocol="icmp", icmp_type=8, icmp_code=-1),), out)
    t = trace(b.design(), "app", "h-b", "icmp")
    assert where(t)[:2] == ("acl-a", "return") and blocked_rule(t) == "*"
    custom_nacl(b, "acl-a", ("priv-a",), (nacl_rule(100, protocol="icmp", icmp_type=0, icmp_code=-1),), out)
    assert trace(b.design(), "app", "h-b", "icmp").reachable is True


def test_ping_inbound_from_the_other_side_needs_echo_request_in_and_reply_out() -> None:
    """§6.4: the same NACL (in: icmp type 0; out: icmp type 8) on priv-a, ping from h-b → APP
    (sg-app opened): NOT REACHABLE, forward blocked at priv-a inbound `*` (echo request type 8
    is not allowed in)."""
    b = open_t0().change("sg-app", inbound=(SgRule(cidr="0.0.0.0/0"),))
    custom_nacl(b, "acl-a", ("priv-a",), (nacl_rule(100, protocol="icmp", icmp_type=0, icmp_code=-1),),
                (nacl_rule(100, protocol="icmp", icmp_type=8, icmp_code=-1),))
    t = trace(b.design(), "h-b", "app", "icmp")
    assert where(t)[:2] == ("acl-a", "forward") and blocked_rule(t) == "*"


def test_icmp_port_unreachable_type_3_code_3_needs_a_matching_type_and_code() -> None:
    """§6.2/§6.4: an ICMP rule for type 3 code 4 (PMTUD) does not match type 3 code 3.
    h-b → APP ICMP type 3 code 3 with priv-a inbound allowing only type 3 code 4: NOT REACHABLE at
    priv-a inbound `*`; with type 3 code -1 it passes the NACL."""
    b = open_t0().change("sg-app", inbound=(SgRule(cidr="0.0.0.0/0"),))
    custom_nacl(b, "acl-a", ("priv-a",), (nacl_rule(100, protocol="icmp", icmp_type=3, icmp_code=4),),
                (nacl_rule(100),))
    t = trace(b.design(), "h-b", "app", "icmp", icmp_type=3, icmp_code=3)
    assert where(t)[:2] == ("acl-a", "forward") and blocked_rule(t) == "*"
    custom_nacl(b, "acl-a", ("priv-a",), (nacl_rule(100, protocol="icmp", icmp_type=3, icmp_code=-1),),
                (nacl_rule(100),))
    t2 = trace(b.design(), "h-b", "app", "icmp", icmp_type=3, icmp_code=3)
    assert not (t2.blocked and t2.blocked.component == "acl-a" and t2.blocked.direction == "forward")


def test_icmp_rule_with_port_fields_ignored_for_protocol_all() -> None:
    """§6.2 (EC2-NACLENTRY): protocol -1 with a port range still matches every packet, ICMP
    included. Inbound/outbound 100 allow all *ports 80-80*; APP ↔ h-b ping: REACHABLE."""
    b = open_t0()
    custom_nacl(b, "acl-b", ("priv-b",), (nacl_rule(100, protocol="all", ports=(80, 80)),),
                (nacl_rule(100, protocol="all", ports=(80, 80)),))
    assert trace(b.design(), "app", "h-b", "icmp").reachable is True


# -- UDP replies and ephemeral ports ---------------------------------------------------------------

def test_udp_reply_is_checked_statelessly_on_its_ephemeral_port() -> None:
    """§1.2/§6.2: UDP request/response. h-b serves udp/514; priv-b NACL in: udp 514; out: tcp
    1024-65535 only. APP:49152 → h-b udp/514: NOT REACHABLE, return blocked at priv-b outbound `*`.
    With out udp 1024-65535: REACHABLE."""
    b = open_t0()
    custom_nacl(b, "acl-b", ("priv-b",), (nacl_rule(100, protocol="udp", ports=(514, 514)),),
                (nacl_rule(100, protocol="tcp", ports=(1024, 65535)),))
    t = trace(b.design(), "app", "h-b", "udp", 514, source_port=49152)
    assert where(t)[:2] == ("acl-b", "return") and blocked_rule(t) == "*"
    custom_nacl(b, "acl-b", ("priv-b",), (nacl_rule(100, protocol="udp", ports=(514, 514)),),
                (nacl_rule(100, protocol="udp", ports=(1024, 65535)),))
    assert trace(b.design(), "app", "h-b", "udp", 514, source_port=49152).reachable is True


def test_windows_legacy_client_port_is_below_the_linux_range() -> None:
    """§6.3: a Windows Server 2003 client uses 1025-5000 (simulator: 1025). pub-a outbound allows
    tcp 32768-65535 only. Legacy client → WEB:80: NOT REACHABLE, return blocked at pub-a outbound
    `*`; a Linux client: REACHABLE."""
    b = client(t0(), "old", "192.0.2.30", "windows-legacy")
    client(b, "lin", "192.0.2.31", "linux")
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100),), (nacl_rule(100, protocol="tcp", ports=(32768, 65535)),))
    t = trace(b.design(), "old", "203.0.113.10", "tcp", 80)
    assert where(t)[:2] == ("acl", "return") and blocked_rule(t) == "*"
    assert trace(b.design(), "lin", "203.0.113.10", "tcp", 80).reachable is True


def test_explicit_windows_port_above_the_linux_range_meets_a_linux_only_rule() -> None:
    """§6.3: a Windows client on port 62000 (inside 49152-65535, outside 32768-60999). pub-a
    outbound allows tcp 32768-60999. NOT REACHABLE, return blocked at pub-a outbound `*`."""
    b = client(t0(), "win", "192.0.2.32", "windows")
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100),), (nacl_rule(100, protocol="tcp", ports=(32768, 60999)),))
    t = trace(b.design(), "win", "203.0.113.10", "tcp", 80, source_port=62000)
    assert where(t)[:2] == ("acl", "return") and blocked_rule(t) == "*"


def test_nat_subnet_nacl_must_allow_the_nat_range_not_just_the_linux_range() -> None:
    """§5/§6.3: the NAT gateway picks its source port in 1024-65535. pub-a (NAT subnet) inbound:
    all from 10.0.0.0/16, tcp 32768-65535 from 0.0.0.0/0; outbound all. APP → S:443 via nat-1:
    NOT REACHABLE, return blocked at pub-a inbound (the reply to the NAT's port may be < 32768)."""
    b = with_nat(t0())
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100, cidr="10.0.0.0/16"),
                                       nacl_rule(110, protocol="tcp", ports=(32768, 65535))), (nacl_rule(100),))
    t = trace(b.design(), "app", S, "tcp", 443)
    assert where(t)[:2] == ("acl", "return")
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100, cidr="10.0.0.0/16"),
                                       nacl_rule(110, protocol="tcp", ports=(1024, 65535))), (nacl_rule(100),))
    assert trace(b.design(), "app", S, "tcp", 443).reachable is True


def test_private_side_nacl_sees_the_clients_own_port_not_the_nat_range() -> None:
    """§5/§6.3: behind the NAT the reply goes back to APP's own source port (49152). priv-a
    inbound allows tcp 49152-65535 only; outbound all. APP:49152 → S:443 via nat-1: REACHABLE
    (the NAT's 1024-65535 range only concerns the NAT subnet's NACL)."""
    b = with_nat(t0())
    custom_nacl(b, "acl", ("priv-a",), (nacl_rule(100, protocol="tcp", ports=(49152, 65535)),), (nacl_rule(100),))
    assert trace(b.design(), "app", S, "tcp", 443, source_port=49152).reachable is True


def test_nat_subnet_nacl_inbound_from_the_private_side_is_checked() -> None:
    """§5 (Batfish installIncomingFilter): the NAT subnet's inbound NACL applies to traffic from the
    private subnet. pub-a inbound: deny all from 10.0.2.0/24 (rule 10), allow all (100). APP → S via
    nat-1: NOT REACHABLE, forward blocked at pub-a inbound rule 10."""
    b = with_nat(t0())
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(10, "deny", cidr="10.0.2.0/24"), nacl_rule(100)), (nacl_rule(100),))
    t = trace(b.design(), "app", S, "tcp", 443)
    assert where(t)[:2] == ("acl", "forward") and blocked_rule(t) == 10


# -- subnet boundary ------------------------------------------------------------------------------

def test_same_private_subnet_ignores_a_deny_all_nacl_for_udp_too() -> None:
    """§6.2/§1.3 step 2: APP → DB inside priv-a, priv-a has a deny-all custom NACL, sg-db admits
    udp 5000 from sg-app: REACHABLE (no NACL evaluated, no network-acl hop)."""
    b = t0().change("sg-db", inbound=(SgRule(protocol="udp", port_from=5000, port_to=5000, security_group="sg-app"),))
    custom_nacl(b, "deny-all", ("priv-a",))
    t = trace(b.design(), "app", "db", "udp", 5000)
    assert t.reachable is True
    assert not any(h.kind == "network-acl" for h in t.forward + t.return_)


def test_nacl_only_on_the_destination_side_blocks_inbound_there() -> None:
    """§6.2: priv-b has a deny-all NACL, priv-a the default. APP → h-b tcp/22: NOT REACHABLE,
    forward blocked at priv-b inbound `*`. h-b → DB: blocked at priv-b *outbound* `*` (forward)."""
    b = open_t0().change("sg-db", inbound=(SgRule(cidr="10.0.0.0/16"),))
    custom_nacl(b, "deny-b", ("priv-b",))
    t = trace(b.design(), "app", "h-b", "tcp", 22)
    assert where(t) == ("deny-b", "forward", "NACL_INBOUND")
    t2 = trace(b.design(), "h-b", "db", "tcp", 5432)
    assert where(t2) == ("deny-b", "forward", "NACL_OUTBOUND")


def test_source_side_nacl_without_inbound_ephemeral_fails_on_the_return() -> None:
    """§6.3: priv-a in: tcp 22 only; out: all. APP:49152 → h-b tcp/5432: forward passes, NOT
    REACHABLE, return blocked at priv-a inbound `*` (reply to port 49152)."""
    b = open_t0()
    custom_nacl(b, "acl-a", ("priv-a",), (nacl_rule(100, protocol="tcp", ports=(22, 22)),), (nacl_rule(100),))
    t = trace(b.design(), "app", "h-b", "tcp", 5432, source_port=49152)
    assert where(t)[:2] == ("acl-a", "return") and blocked_rule(t) == "*"


# -- traffic NACLs and SGs never filter -----------------------------------------------------------

def test_vpc_resolver_over_tcp_with_deny_all_nacl_and_no_sg_egress() -> None:
    """§1.5/§2.3: the Amazon DNS server at primary base+2 (10.0.0.2) is never filtered by SG or
    NACL. priv-a deny-all NACL, sg-app no outbound rules. APP → 10.0.0.2 tcp/53: REACHABLE."""
    b = t0().change("sg-app", outbound=())
    custom_nacl(b, "deny-all", ("priv-a",))
    assert trace(b.design(), "app", "10.0.0.2", "tcp", 53).reachable is True


def test_vpc_resolver_is_primary_base_plus_two_even_with_a_secondary_block() -> None:
    """§2.3: the resolver sits at the *primary* CIDR base+2. VPC-A gets secondary 10.1.0.0/16 and
    subnet sec-a 10.1.0.0/24 with an instance behind a deny-all NACL and no SG egress.
    Its query to 10.0.0.2 udp/53: REACHABLE (unfiltered)."""
    from vpcdesigner.model import Instance, Subnet
    b = t0().change("vpc-a", secondary_cidrs=("10.1.0.0/16",))
    b.add(Subnet(id="sec-a", vpc="vpc-a", cidr="10.1.0.0/24", availability_zone="us-east-1a"),
          SecurityGroup(id="sg-none", vpc="vpc-a", outbound=()),
          Instance(id="x", subnet="sec-a", private_ip="10.1.0.10", security_groups=("sg-none",)))
    custom_nacl(b, "deny-all", ("sec-a",))
    assert trace(b.design(), "x", "10.0.0.2", "udp", 53).reachable is True


# -- order of the checks (first failing hop) ------------------------------------------------------

def test_route_lookup_comes_before_the_outbound_nacl() -> None:
    """§1.3 steps 3-4 and §16 (first failing hop): the route lookup precedes the source subnet's
    outbound NACL. priv-a has a deny-all NACL and rtb-main has no route to S. APP → S:443: NOT
    REACHABLE, first failing hop = rtb-main (NO_ROUTE), not the NACL."""
    b = t0()
    custom_nacl(b, "deny-all", ("priv-a",))
    assert where(trace(b.design(), "app", S, "tcp", 443)) == ("rtb-main", "forward", "NO_ROUTE")


def test_blackhole_route_is_reported_before_the_outbound_nacl() -> None:
    """§1.3 step 3 and §3.4: a blackhole route drops the packet at the route lookup, before the
    outbound NACL. rtb-main 0.0.0.0/0 → nat-1 (blackhole), priv-a deny-all. APP → S: NOT
    REACHABLE at rtb-main (BLACKHOLE)."""
    from vpcdesigner.model import Route
    b = with_nat(t0())
    b.change("rtb-main", routes=(Route(destination="0.0.0.0/0", target="nat-1", state="blackhole"),))
    custom_nacl(b, "deny-all", ("priv-a",))
    assert where(trace(b.design(), "app", S, "tcp", 443)) == ("rtb-main", "forward", "BLACKHOLE")


# -- which NACL a subnet uses -----------------------------------------------------------------------

def test_unassociated_subnet_uses_the_edited_default_nacl_not_an_unassociated_custom_one() -> None:
    """§6.1: a subnet without an explicit association uses the VPC's default NACL (here edited:
    inbound 50 deny tcp 22, 100 allow all); a custom NACL associated with no subnet applies to
    nothing. APP → h-b tcp/22: NOT REACHABLE at the default NACL rule 50; tcp/23: REACHABLE."""
    from vpcdesigner.model import NetworkAcl
    b = open_t0()
    b.add(NetworkAcl(id="dflt", vpc="vpc-a", default=True,
                     inbound=(nacl_rule(50, "deny", "tcp", ports=(22, 22)), nacl_rule(100)),
                     outbound=(nacl_rule(100),)))
    custom_nacl(b, "unused", ())
    t = trace(b.design(), "app", "h-b", "tcp", 22)
    assert where(t) == ("dflt", "forward", "NACL_INBOUND") and blocked_rule(t) == 50
    assert trace(b.design(), "app", "h-b", "tcp", 23).reachable is True


def test_icmp_through_the_nat_is_stopped_by_a_tcp_only_nat_subnet_nacl() -> None:
    """§5/§6.2: the NAT subnet's NACL applies to every protocol the NAT carries. pub-a NACL allows
    tcp only (both ways). APP pings S via nat-1: NOT REACHABLE at pub-a inbound `*`."""
    b = with_nat(t0())
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100, protocol="tcp"),), (nacl_rule(100, protocol="tcp"),))
    t = trace(b.design(), "app", S, "icmp")
    assert where(t) == ("acl", "forward", "NACL_INBOUND") and blocked_rule(t) == "*"


def test_protocol_other_than_tcp_udp_icmp_ignores_the_rules_port_range() -> None:
    """§6.2 (EC2-NACLENTRY): for a protocol other than 6/17/1 the port fields are ignored. priv-b
    NACL: in 100 allow protocol 47 *ports 22-22*, out 100 allow protocol 47. APP → h-b GRE:
    REACHABLE."""
    b = open_t0()
    custom_nacl(b, "acl-b", ("priv-b",), (nacl_rule(100, protocol="47", ports=(22, 22)),),
                (nacl_rule(100, protocol="47"),))
    assert trace(b.design(), "app", "h-b", "47").reachable is True


def test_numeric_protocol_6_is_tcp() -> None:
    """§6.2: protocol "6" in the API is TCP. priv-b NACL in: 6 port 22; out: 6 ports 1024-65535.
    APP → h-b tcp/22: REACHABLE; udp/22: NOT REACHABLE at priv-b inbound `*`."""
    b = open_t0()
    custom_nacl(b, "acl-b", ("priv-b",), (nacl_rule(100, protocol="6", ports=(22, 22)),),
                (nacl_rule(100, protocol="6", ports=(1024, 65535)),))
    assert trace(b.design(), "app", "h-b", "tcp", 22).reachable is True
    t = trace(b.design(), "app", "h-b", "udp", 22)
    assert where(t) == ("acl-b", "forward", "NACL_INBOUND") and blocked_rule(t) == "*"


def test_destination_nacl_is_reported_before_the_destination_sg() -> None:
    """§1.3 step 6: the destination subnet's inbound NACL comes before the ENI's SG. priv-b deny-all
    and h-b's SG without inbound rules. APP → h-b tcp/22: first failing hop = deny-b (NACL_INBOUND)."""
    b = open_t0().change("sg-open", inbound=())
    custom_nacl(b, "deny-b", ("priv-b",))
    assert where(trace(b.design(), "app", "h-b", "tcp", 22)) == ("deny-b", "forward", "NACL_INBOUND")


def test_source_sg_is_reported_before_the_source_nacl() -> None:
    """§1.3 step 1 before step 4: sg-app without outbound rules and priv-a deny-all. APP → h-b
    tcp/22: first failing hop = sg-app (SG_OUTBOUND)."""
    b = open_t0().change("sg-app", outbound=())
    custom_nacl(b, "deny-a", ("priv-a",))
    assert where(trace(b.design(), "app", "h-b", "tcp", 22)) == ("sg-app", "forward", "SG_OUTBOUND")


def test_return_route_lookup_is_reported_before_the_return_nacl() -> None:
    """§1.3 step 7 (same pipeline on the reply): h-b's subnet uses rtb-y (local only) and a NACL with
    no outbound rules; on-prem H → h-b tcp/22 over the VPN: first failing hop on the return =
    rtb-y (NO_ROUTE), not the NACL."""
    from audit_builder import onprem_vpn

    from vpcdesigner.model import RouteTable
    b = onprem_vpn(open_t0())
    b.add(RouteTable(id="rtb-y", vpc="vpc-a", subnets=("priv-b",)))
    custom_nacl(b, "acl-y", ("priv-b",), (nacl_rule(100),), ())
    assert where(trace(b.design(), "H", "h-b", "tcp", 22)) == ("rtb-y", "return", "NO_ROUTE")


def test_internet_ingress_nacl_is_reported_before_the_sg() -> None:
    """§1.3 step 6 for traffic from the IGW: pub-a NACL with no inbound rules, sg-web without inbound
    rules. C → WEB:80: first failing hop = the NACL (inbound `*`)."""
    b = t0().change("sg-web", inbound=())
    custom_nacl(b, "acl", ("pub-a",), (), (nacl_rule(100),))
    t = trace(b.design(), C, "203.0.113.10", "tcp", 80)
    assert where(t) == ("acl", "forward", "NACL_INBOUND") and blocked_rule(t) == "*"
