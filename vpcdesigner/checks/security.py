"""Security groups and network ACLs: rule numbers, admin ports open to the world, stateless return traffic."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model.security import NACL_MAX_RULE, NACL_MIN_RULE, NaclRule, NetworkAcl, SecurityGroup
from .context import Context, contains_ip, net
from .problem import Problem
from .registry import check, declare, problem
from .routing import ASSOCIATION_OTHER_VPC

F = "security"
NACL_RULE_NUMBER = declare(F, "NACL_RULE_NUMBER", "error", "A network ACL rule number is outside 1–32766.")
NACL_DUPLICATE_RULE_NUMBER = declare(F, "NACL_DUPLICATE_RULE_NUMBER", "error",
                                     "Two rules in one direction of a network ACL share a number.")
NACL_NO_EPHEMERAL_RETURN = declare(
    F, "NACL_NO_EPHEMERAL_RETURN", "warning",
    "A network ACL allows traffic one way but not the replies on the ephemeral ports (it is stateless).")
NACL_RULE_QUOTA = declare(F, "NACL_RULE_QUOTA", "warning",
                          "More than 20 rules in one direction and address family of a network ACL (default quota).")
SG_RULE_QUOTA = declare(F, "SG_RULE_QUOTA", "warning",
                        "More than 60 inbound or outbound rules per address family in a security group "
                        "(default quota).")
MULTIPLE_DEFAULT_NACLS = declare(F, "MULTIPLE_DEFAULT_NACLS", "error", "A VPC has more than one default network ACL.")
SUBNET_MULTIPLE_NACLS = declare(F, "SUBNET_MULTIPLE_NACLS", "error",
                                "A subnet is associated with more than one network ACL.")
SG_OPEN_ADMIN_PORT = declare(F, "SG_OPEN_ADMIN_PORT", "warning",
                             "A security group lets the whole internet reach SSH (22) or RDP (3389).")
MULTIPLE_DEFAULT_SGS = declare(F, "MULTIPLE_DEFAULT_SGS", "error", "A VPC has more than one default security group.")
SG_OTHER_VPC = declare(F, "SG_OTHER_VPC", "error", "Something uses a security group of another VPC.")
SG_REFERENCE_NOT_PEERED = declare(
    F, "SG_REFERENCE_NOT_PEERED", "error",
    "A rule references a security group in a VPC that is neither the same nor actively peered in its Region.")

ADMIN_PORTS = {22: "SSH", 3389: "RDP"}
WORLD = ("0.0.0.0/0", "::/0")
# Sample reply ports: Linux's default range ends and Windows's start (aws-semantics §6.3).
EPHEMERAL_SAMPLES = (32768, 49152, 60999)


def nacl_decision(rules: tuple[NaclRule, ...], protocol: str, ip: str, port: int) -> str:
    """allow/deny for one packet: rules in ascending number, first match decides, `*` denies."""
    for rule in sorted(rules, key=lambda r: r.number):
        if rule.protocol not in ("all", protocol):
            continue
        if not contains_ip(rule.cidr, ip):
            continue
        if rule.protocol in ("tcp", "udp") and rule.port_from is not None and rule.port_to is not None \
                and not rule.port_from <= port <= rule.port_to:
            continue
        return rule.action
    return "deny"


def _is_service_rule(rule: NaclRule) -> bool:
    """A rule that admits requests to a service (not itself a return-traffic range)."""
    if rule.action != "allow" or rule.protocol not in ("tcp", "udp", "all"):
        return False
    if rule.protocol == "all":
        return True
    if rule.port_from is None or rule.port_to is None:
        return False  # every port: a return-traffic rule as much as a service rule
    return rule.port_to < 1024 or rule.port_to - rule.port_from < 1000


@check(F)
def check_nacls(ctx: Context) -> Iterator[Problem]:
    defaults: dict[str, str] = {}
    assoc: dict[str, str] = {}
    for acl in ctx.kind("network-acl"):
        if acl.default:
            if acl.vpc in defaults:
                yield problem(MULTIPLE_DEFAULT_NACLS, acl.id, f"{acl.display_name}: {acl.vpc} already has default "
                              f"network ACL {defaults[acl.vpc]}.", "default")
            else:
                defaults[acl.vpc] = acl.id
        for i, sid in enumerate(acl.subnets):
            if sid in assoc:
                yield problem(SUBNET_MULTIPLE_NACLS, acl.id, f"{acl.display_name}: subnet {sid} is already "
                              f"associated with {assoc[sid]}; a subnet has one network ACL.", f"subnets[{i}]")
            else:
                assoc[sid] = acl.id
            sv = ctx.vpc_of_subnet(sid)
            if sv is not None and sv != acl.vpc:
                yield problem(ASSOCIATION_OTHER_VPC, acl.id, f"{acl.display_name} belongs to {acl.vpc} but is "
                              f"associated with subnet {sid} of {sv}.", f"subnets[{i}]")
        for direction in ("inbound", "outbound"):
            yield from _numbers(acl, direction)
        yield from _ephemeral(acl)


NACL_QUOTA, SG_QUOTA = 20, 60


def _over_quota(rules: tuple[Any, ...], limit: int) -> str | None:
    """The address family ("IPv4"/"IPv6") with more than `limit` rules, if any."""
    v6 = sum(1 for r in rules if ":" in (r.cidr or ""))
    v4 = len(rules) - v6
    return "IPv4" if v4 > limit else "IPv6" if v6 > limit else None


def _numbers(acl: NetworkAcl, direction: str) -> Iterator[Problem]:
    family = _over_quota(getattr(acl, direction), NACL_QUOTA)
    if family:
        yield problem(NACL_RULE_QUOTA, acl.id, f"{acl.display_name} has more than {NACL_QUOTA} {family} {direction} "
                      "rules, above AWS's default quota (it can be raised to 40).", direction)
    seen: set[int] = set()
    for i, rule in enumerate(getattr(acl, direction)):
        field = f"{direction}[{i}].number"
        if not NACL_MIN_RULE <= rule.number <= NACL_MAX_RULE:
            yield problem(NACL_RULE_NUMBER, acl.id, f"{acl.display_name}: {direction} rule number {rule.number} "
                          f"is outside {NACL_MIN_RULE}–{NACL_MAX_RULE} (32767 is AWS's fixed '*' deny rule).", field)
        if rule.number in seen:
            yield problem(NACL_DUPLICATE_RULE_NUMBER, acl.id,
                          f"{acl.display_name}: two {direction} rules are numbered {rule.number}.", field)
        seen.add(rule.number)


def _ephemeral(acl: NetworkAcl) -> Iterator[Problem]:
    """For each allowed request, is the reply on the ephemeral ports allowed the other way?"""
    for direction, other in (("inbound", "outbound"), ("outbound", "inbound")):
        rules: tuple[NaclRule, ...] = getattr(acl, direction)
        back: tuple[NaclRule, ...] = getattr(acl, other)
        for i, rule in enumerate(rules):
            if not _is_service_rule(rule) or net(rule.cidr).version != 4:
                continue
            proto = "tcp" if rule.protocol == "all" else rule.protocol
            sample_ip = str(net(rule.cidr).network_address)
            if nacl_decision(rules, proto, sample_ip, rule.port_from or 1) != "allow":
                continue  # shadowed by an earlier deny; nothing to return
            if all(nacl_decision(back, proto, sample_ip, p) == "allow" for p in EPHEMERAL_SAMPLES):
                continue
            what = rule.text
            peer = "to" if direction == "inbound" else "from"
            yield problem(NACL_NO_EPHEMERAL_RETURN, acl.id, f"{acl.display_name}: {direction} rule {rule.number} "
                          f"({what}) lets requests {'in' if direction == 'inbound' else 'out'}, but no {other} rule "
                          f"allows the replies {peer} {rule.cidr} on the ephemeral ports (1024–65535); network ACLs "
                          "are stateless.", f"{direction}[{i}]")


def _rule_covers(rule: Any, port: int) -> bool:
    if rule.protocol == "all":
        return True
    if rule.protocol != "tcp":
        return False
    if rule.port_from is None or rule.port_to is None:
        return True
    return bool(rule.port_from <= port <= rule.port_to)


@check(F)
def check_security_groups(ctx: Context) -> Iterator[Problem]:
    defaults: dict[str, str] = {}
    peered = _peered_pairs(ctx)
    for sg in ctx.kind("security-group"):
        if sg.default:
            if sg.vpc in defaults:
                yield problem(MULTIPLE_DEFAULT_SGS, sg.id, f"{sg.display_name}: {sg.vpc} already has default "
                              f"security group {defaults[sg.vpc]}.", "default")
            else:
                defaults[sg.vpc] = sg.id
        for direction in ("inbound", "outbound"):
            family = _over_quota(getattr(sg, direction), SG_QUOTA)
            if family:
                yield problem(SG_RULE_QUOTA, sg.id, f"{sg.display_name} has more than {SG_QUOTA} {family} {direction} "
                              "rules, above AWS's default quota.", direction)
        for i, rule in enumerate(sg.inbound):
            if rule.cidr in WORLD:
                for port, name in ADMIN_PORTS.items():
                    if _rule_covers(rule, port):
                        yield problem(SG_OPEN_ADMIN_PORT, sg.id, f"{sg.display_name}: inbound rule ({rule.text}) "
                                      f"opens {name} (port {port}) to the whole internet.", f"inbound[{i}]")
        for direction in ("inbound", "outbound"):
            for i, rule in enumerate(getattr(sg, direction)):
                other = ctx.res.get(rule.security_group or "")
                if isinstance(other, SecurityGroup) and other.vpc != sg.vpc \
                        and frozenset((other.vpc, sg.vpc)) not in peered:
                    yield problem(SG_REFERENCE_NOT_PEERED, sg.id, f"{sg.display_name}: {direction} rule references "
                                  f"{other.display_name} in {other.vpc}, which is not this VPC ({sg.vpc}) or an "
                                  "actively peered one in the same Region.", f"{direction}[{i}].security_group")
    yield from _sg_users(ctx)


def _peered_pairs(ctx: Context) -> set[frozenset[str]]:
    """VPC pairs whose groups may reference each other: an active, same-Region peering."""
    out = set()
    for p in ctx.kind("vpc-peering"):
        a, b = ctx.vpc(p.requester_vpc), ctx.vpc(p.accepter_vpc)
        if p.status == "active" and a is not None and b is not None and a.region == b.region:
            out.add(frozenset((a.id, b.id)))
    return out


def _sg_users(ctx: Context) -> Iterator[Problem]:
    """Instances, interfaces, ASGs and load balancers may only use groups of their own VPC."""
    users: list[tuple[Any, str | None, tuple[str, ...], str]] = []
    for kind in ("instance", "network-interface"):
        for r in ctx.kind(kind):
            users.append((r, ctx.vpc_of_subnet(r.subnet), r.security_groups, "security_groups"))
    for asg in ctx.kind("auto-scaling-group"):
        vpc = next((ctx.vpc_of_subnet(s) for s in asg.subnets if ctx.vpc_of_subnet(s)), None)
        users.append((asg, vpc, asg.launch.security_groups, "launch.security_groups"))
    for lb in ctx.kind("load-balancer"):
        users.append((lb, lb.vpc, lb.security_groups, "security_groups"))
    for r, vpc, groups, field in users:
        for i, sg_id in enumerate(groups):
            sg = ctx.res.get(sg_id)
            if vpc and isinstance(sg, SecurityGroup) and sg.vpc != vpc:
                yield problem(SG_OTHER_VPC, r.id, f"{r.display_name} is in {vpc} but uses security group "
                              f"{sg.display_name} of {sg.vpc}.", f"{field}[{i}]")
