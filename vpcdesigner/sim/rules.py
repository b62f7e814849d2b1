"""Rule matching for network ACLs (ordered, stateless) and security groups (union, stateful).

NACLs are checked on the destination port, or on a whole port range when AWS picks the port
(a load balancer's or NAT gateway's source port, seen again as the reply's destination port):
a reply is only sure to pass if every port of that range is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import NaclRule, NetworkAcl, SecurityGroup, SgRule
from ..model.describe import describe_ports
from .addr import cidr6_range, cidr_range, in_any, in_cidr, ip6_int, ip_int, is_placeholder, is_v6
from .results import Packet, RuleRef

ICMP_NAMES = {0: "echo reply", 3: "destination unreachable", 8: "echo request", 11: "time exceeded"}
ICMP6_NAMES = {1: "destination unreachable", 2: "packet too big", 3: "time exceeded", 128: "echo request",
               129: "echo reply"}
ICMP_PROTOCOLS = ("icmp", "icmpv6")


def _proto_matches(rule_protocol: str, packet_protocol: str) -> bool:
    return rule_protocol == "all" or rule_protocol == packet_protocol


def _icmp_matches(rule_type: int | None, rule_code: int | None, pkt: Packet) -> bool:
    if rule_type is not None and rule_type != -1 and rule_type != pkt.icmp_type:
        return False
    return rule_code is None or rule_code == -1 or rule_code == pkt.icmp_code


def _subtract(intervals: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in intervals:
        if b < lo or a > hi:
            out.append((a, b))
            continue
        if a < lo:
            out.append((a, lo - 1))
        if b > hi:
            out.append((hi + 1, b))
    return out


def _overlaps(intervals: list[tuple[int, int]], lo: int, hi: int) -> bool:
    return any(not (b < lo or a > hi) for a, b in intervals)


@dataclass(frozen=True)
class NaclDecision:
    allowed: bool
    rule: RuleRef
    partial: bool = False  # a port range was only partly allowed before a deny / the `*` rule
    uncertain: bool = False  # a narrower rule was skipped for an address AWS allocates at launch


def nacl_rule_text(rule: NaclRule, inbound: bool) -> str:
    what = describe_ports(rule.protocol, rule.port_from, rule.port_to, rule.icmp_type, rule.icmp_code)
    peer = "from" if inbound else "to"
    return f"{rule.action} {what} {peer} {rule.cidr}"


def sorted_rules(rules: tuple[NaclRule, ...]) -> list[NaclRule]:
    """AWS evaluates NACL entries by ascending number, whatever the order they were written in."""
    return sorted(rules, key=lambda r: r.number)


# (number, action, protocol, first, last, valid, ported, port_lo, port_hi, icmp_type, icmp_code, rule, v6, /0)
_Compiled = tuple[int, str, str, int, int, bool, bool, int, int, "int | None", "int | None", NaclRule, bool, bool]
_COMPILED: dict[tuple[int, bool], tuple[NetworkAcl, list[_Compiled]]] = {}


def _compiled(nacl: NetworkAcl, inbound: bool) -> list[_Compiled]:
    """Rules sorted by number with parsed CIDRs, cached per NACL object (NACLs are immutable)."""
    key = (id(nacl), inbound)
    hit = _COMPILED.get(key)
    if hit is not None and hit[0] is nacl:
        return hit[1]
    out: list[_Compiled] = []
    for r in sorted_rules(nacl.inbound if inbound else nacl.outbound):
        v6 = is_v6(r.cidr)
        rng = cidr6_range(r.cidr) if v6 else cidr_range(r.cidr)
        ported = r.protocol in ("tcp", "udp") and r.port_from is not None and r.port_to is not None
        out.append((r.number, r.action, r.protocol, rng[0] if rng else 0, rng[1] if rng else -1, rng is not None,
                    ported, int(r.port_from or 0), int(r.port_to if r.port_to is not None else 65535),
                    r.icmp_type, r.icmp_code, r, v6, rng is not None and rng[2] == 0))
    if len(_COMPILED) > 8192:
        _COMPILED.clear()
    _COMPILED[key] = (nacl, out)
    return out


_DECISIONS: dict[tuple[Any, ...], tuple[NetworkAcl, NaclDecision]] = {}


def evaluate_nacl(nacl: NetworkAcl, inbound: bool, pkt: Packet) -> NaclDecision:
    """First matching rule by number decides; inbound matches the source, outbound the destination.
    Decisions are memoised per NACL object and packet fields (NACLs are immutable)."""
    peer = pkt.src if inbound else pkt.dst
    key = (id(nacl), inbound, peer, pkt.protocol, pkt.dst_ports, pkt.icmp_type, pkt.icmp_code)
    hit = _DECISIONS.get(key)
    if hit is not None and hit[0] is nacl:
        return hit[1]
    decision = _evaluate_nacl(nacl, inbound, pkt, peer)
    if len(_DECISIONS) > 65536:
        _DECISIONS.clear()
    _DECISIONS[key] = (nacl, decision)
    return decision


def _evaluate_nacl(nacl: NetworkAcl, inbound: bool, pkt: Packet, peer: str) -> NaclDecision:
    peer_v6 = is_v6(peer)  # IPv4 rules never match IPv6 traffic and vice versa (semantics §6.2)
    value = ip6_int(peer) if peer_v6 else ip_int(peer)
    placeholder = value is None and is_placeholder(peer)
    ports = pkt.dst_ports if pkt.protocol in ("tcp", "udp") else None
    remaining: list[tuple[int, int]] = [ports] if ports else []
    allows: list[tuple[int, NaclRule]] = []  # (ports covered, rule) for a range split over rules
    skipped = False  # a narrower rule was passed over only because the address is not known yet

    def allowed_by(rule: NaclRule) -> NaclDecision:
        if not allows:
            return NaclDecision(True, RuleRef(rule.number, "allow", nacl_rule_text(rule, inbound)),
                                uncertain=skipped)
        last = sum(b - a + 1 for a, b in remaining)
        parts = sorted([*allows, (last, rule)], key=lambda a: -a[0])
        main = parts[0][1]
        others = ", ".join(str(r.number) for _, r in sorted([*allows, (0, rule)], key=lambda a: a[1].number)
                           if r is not main)
        return NaclDecision(True, RuleRef(main.number, "allow",
                                          nacl_rule_text(main, inbound) + f" (with rule {others})"), uncertain=skipped)

    for number, action, protocol, first, last, valid, ported, lo, hi, itype, icode, rule, v6, whole in \
            _compiled(nacl, inbound):
        if protocol != "all" and protocol != pkt.protocol:
            continue
        if not valid or v6 != peer_v6:
            continue
        if value is None:
            if not (placeholder and whole):
                skipped = skipped or placeholder
                continue
        elif not first <= value <= last:
            continue
        if protocol in ICMP_PROTOCOLS and not _icmp_matches(itype, icode, pkt):
            continue
        if ports is None or not ported:
            if action == "deny":
                return NaclDecision(False, RuleRef(number, action, nacl_rule_text(rule, inbound)),
                                    partial=bool(allows), uncertain=skipped)
            return allowed_by(rule)
        if not _overlaps(remaining, lo, hi):
            continue
        if action == "deny":
            return NaclDecision(False, RuleRef(number, action, nacl_rule_text(rule, inbound)),
                                partial=bool(allows), uncertain=skipped)
        before = sum(b - a + 1 for a, b in remaining)
        after = _subtract(remaining, lo, hi)
        if not after:
            return allowed_by(rule)
        allows.append((before - sum(b - a + 1 for a, b in after), rule))
        remaining = after
    return NaclDecision(False, RuleRef("*", "deny", "deny all traffic (the final * rule)"), partial=bool(allows),
                        uncertain=skipped)


@dataclass(frozen=True)
class SgDecision:
    allowed: bool
    group: SecurityGroup | None
    rule: SgRule | None
    uncertain: bool = False  # blocked, but a CIDR rule might match the address AWS allocates


MemberTest = Callable[[str, SecurityGroup, str], bool]  # (address, rule-owner group, referenced sg id)


def sg_rule_matches(rule: SgRule, pkt: Packet, peer: str, owner: SecurityGroup,
                    prefix_entries: Callable[[str], tuple[str, ...]], is_member: MemberTest) -> bool:
    if not sg_rule_applies(rule, pkt):
        return False
    if rule.cidr is not None:
        return in_cidr(peer, rule.cidr)
    if rule.prefix_list is not None:
        return in_any(peer, prefix_entries(rule.prefix_list))
    if rule.security_group is not None:
        return is_member(peer, owner, rule.security_group)
    return False


def sg_rule_applies(rule: SgRule, pkt: Packet) -> bool:
    """The protocol / port / ICMP part of a security group rule (the peer is checked apart)."""
    if not _proto_matches(rule.protocol, pkt.protocol):
        return False
    if rule.protocol in ("tcp", "udp") and rule.port_from is not None and rule.port_to is not None \
            and (pkt.dst_port is None or not rule.port_from <= pkt.dst_port <= rule.port_to):
        return False
    if rule.protocol in ICMP_PROTOCOLS:
        # EC2 IpPermission spells ICMP type/code as FromPort/ToPort; accept either form
        itype = rule.icmp_type if rule.icmp_type is not None else rule.port_from
        icode = rule.icmp_code if rule.icmp_type is not None else rule.port_to
        if not _icmp_matches(itype, icode, pkt):
            return False
    return True


def evaluate_sgs(groups: list[SecurityGroup], inbound: bool, pkt: Packet,
                 prefix_entries: Callable[[str], tuple[str, ...]], is_member: MemberTest) -> SgDecision:
    """Security groups are a union of allow rules: any match in any group lets the packet pass."""
    peer = pkt.src if inbound else pkt.dst
    for group in groups:
        for rule in group.inbound if inbound else group.outbound:
            if sg_rule_matches(rule, pkt, peer, group, prefix_entries, is_member):
                return SgDecision(True, group, rule)
    unknown = is_placeholder(peer) and any(
        sg_rule_applies(r, pkt) and ((r.cidr is not None and is_v6(r.cidr) == is_v6(peer)) or r.prefix_list is not None)
        for g in groups for r in (g.inbound if inbound else g.outbound))
    return SgDecision(False, None, None, uncertain=unknown)


def sg_rule_text(rule: SgRule, inbound: bool, group_name: str) -> str:
    what = describe_ports(rule.protocol, rule.port_from, rule.port_to, rule.icmp_type, rule.icmp_code)
    peer = rule.cidr or (f"prefix list {rule.prefix_list}" if rule.prefix_list else f"members of {rule.security_group}")
    return f"{group_name}: allow {what} {'from' if inbound else 'to'} {peer}"
