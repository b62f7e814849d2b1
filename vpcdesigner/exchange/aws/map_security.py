"""Security groups (IpPermissions) and network ACLs (Entries) from describe-*."""

from __future__ import annotations

from typing import Any

from ...model import NetworkAcl, SecurityGroup
from ...model.types import normalise_protocol
from .context import Ctx, list_at, name_and_tags, number, text

IMPLICIT_DENY_RULE = 32767


def map_security_groups(ctx: Ctx) -> None:
    entries = []
    for e in ctx.entries("SecurityGroups"):
        sg, vpc = text(e.obj, "GroupId"), text(e.obj, "VpcId")
        if sg is None:
            ctx.rep.warning(e.where, "skipped: no GroupId")
        elif not ctx.has(vpc, "vpc"):
            ctx.rep.warning(e.where, f"skipped security group {sg}: its VPC {vpc} is not in the snapshot")
        else:
            entries.append((e, sg, vpc))
    known = {sg for _, sg, _ in entries}
    for e, sg, vpc in entries:
        o = e.obj
        group_name = text(o, "GroupName") or ""
        inbound = _permissions(ctx, f"{e.where}.IpPermissions", o.get("IpPermissions"), known)
        outbound = _permissions(ctx, f"{e.where}.IpPermissionsEgress", o.get("IpPermissionsEgress"), known)
        extra = name_and_tags(o, ctx, sg, group_name)
        if text(o, "Description") and not extra.get("description"):
            extra["description"] = o["Description"][:4096]
        ctx.add(SecurityGroup, e.where, {"id": sg, **extra, "vpc": vpc, "default": group_name == "default",
                                         "group_name": group_name, "inbound": inbound, "outbound": outbound})


def _ports(protocol: str, perm: dict[str, Any]) -> dict[str, Any]:
    lo, hi = number(perm.get("FromPort")), number(perm.get("ToPort"))
    if protocol in ("icmp", "icmpv6"):
        return {"icmp_type": lo if lo is not None and lo >= 0 else None,
                "icmp_code": hi if hi is not None and hi >= 0 and lo is not None and lo >= 0 else None}
    if protocol in ("tcp", "udp") and lo is not None and hi is not None and lo >= 0 and hi >= 0:
        return {"port_from": lo, "port_to": hi}
    return {}


def _permissions(ctx: Ctx, where: str, perms: Any, known: set[str]) -> list[dict[str, Any]]:
    """One model rule per peer: each CIDR, IPv6 CIDR, prefix list and group of every permission."""
    rules: list[dict[str, Any]] = []
    for i, perm in enumerate(perms if isinstance(perms, list) else []):
        place = f"{where}[{i}]"
        if not isinstance(perm, dict):
            ctx.rep.warning(place, "skipped: not an object")
            continue
        try:
            protocol = normalise_protocol(perm.get("IpProtocol", "-1"))
        except ValueError as exc:
            ctx.rep.warning(place, f"skipped rule: {exc}")
            continue
        lo, hi = number(perm.get("FromPort")), number(perm.get("ToPort"))
        if protocol in ("tcp", "udp") and (lo is None or lo < 0) != (hi is None or hi < 0):
            ctx.rep.warning(place, f"skipped rule: port range {perm.get('FromPort')}..{perm.get('ToPort')} "
                                   "is open at one end only")
            continue
        base = {"protocol": protocol, **_ports(protocol, perm)}
        for r in list_at(perm, "IpRanges"):
            if isinstance(r, dict) and text(r, "CidrIp"):
                rules.append({**base, "cidr": r["CidrIp"], "description": str(r.get("Description") or "")})
        for r in list_at(perm, "Ipv6Ranges"):
            if isinstance(r, dict) and text(r, "CidrIpv6"):
                rules.append({**base, "cidr": r["CidrIpv6"], "description": str(r.get("Description") or "")})
        for r in list_at(perm, "PrefixListIds"):
            pl = text(r, "PrefixListId") if isinstance(r, dict) else None
            if pl and ctx.has(pl, "prefix-list"):
                rules.append({**base, "prefix_list": pl, "description": str(r.get("Description") or "")})
            elif pl:
                ctx.rep.warning(place, f"skipped the part of this rule for prefix list {pl}: not in the snapshot")
        for r in list_at(perm, "UserIdGroupPairs"):
            group = text(r, "GroupId") if isinstance(r, dict) else None
            if group and group in known:
                rules.append({**base, "security_group": group, "description": str(r.get("Description") or "")})
            elif group:
                ctx.rep.warning(place, f"skipped the part of this rule for security group {group}: "
                                       "not in the snapshot (another account or deleted)")
    return rules


def map_network_acls(ctx: Ctx) -> None:
    for e in ctx.entries("NetworkAcls"):
        o = e.obj
        acl, vpc = text(o, "NetworkAclId"), text(o, "VpcId")
        if acl is None or not ctx.has(vpc, "vpc"):
            ctx.rep.warning(e.where, f"skipped network ACL {acl}: its VPC {vpc} is not in the snapshot")
            continue
        subnets = []
        for a in list_at(o, "Associations"):
            sub = text(a, "SubnetId") if isinstance(a, dict) else None
            if sub and ctx.has(sub, "subnet"):
                subnets.append(sub)
            elif sub:
                ctx.rep.warning(e.where, f"{acl}: association with subnet {sub} skipped (not in the snapshot)")
        inbound: list[dict[str, Any]] = []
        outbound: list[dict[str, Any]] = []
        for i, entry in enumerate(list_at(o, "Entries")):
            rule = _nacl_rule(ctx, f"{e.where}.Entries[{i}]", entry)
            if rule is not None:
                (outbound if entry.get("Egress") is True else inbound).append(rule)
        inbound.sort(key=lambda r: r["number"])
        outbound.sort(key=lambda r: r["number"])
        ctx.add(NetworkAcl, e.where, {"id": acl, **name_and_tags(o, ctx, acl), "vpc": vpc,
                                      "default": o.get("IsDefault") is True, "subnets": subnets,
                                      "inbound": inbound, "outbound": outbound})


def _nacl_rule(ctx: Ctx, where: str, entry: Any) -> dict[str, Any] | None:
    if not isinstance(entry, dict):
        ctx.rep.warning(where, "skipped: not an object")
        return None
    num = number(entry.get("RuleNumber"))
    if num == IMPLICIT_DENY_RULE:
        return None  # the final "*" deny every NACL has; the model always applies it
    if num is None or not 1 <= num <= 32766:
        ctx.rep.warning(where, f"skipped: rule number {entry.get('RuleNumber')!r} is outside 1-32766")
        return None
    cidr = text(entry, "CidrBlock") or text(entry, "Ipv6CidrBlock")
    if cidr is None:
        ctx.rep.warning(where, f"skipped rule {num}: no CidrBlock")
        return None
    try:
        protocol = normalise_protocol(entry.get("Protocol", "-1"))
    except ValueError as exc:
        ctx.rep.warning(where, f"skipped rule {num}: {exc}")
        return None
    rule: dict[str, Any] = {"number": num, "action": "deny" if entry.get("RuleAction") == "deny" else "allow",
                            "protocol": protocol, "cidr": cidr}
    ports = entry.get("PortRange")
    if protocol in ("tcp", "udp") and isinstance(ports, dict):
        lo, hi = number(ports.get("From")), number(ports.get("To"))
        if lo is not None and hi is not None:
            rule.update(port_from=lo, port_to=hi)
    icmp = entry.get("IcmpTypeCode")
    if protocol in ("icmp", "icmpv6") and isinstance(icmp, dict):
        rule.update(icmp_type=number(icmp.get("Type")), icmp_code=number(icmp.get("Code")))
    return rule
