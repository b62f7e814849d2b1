"""Route 53 hosted zones with their record sets (HostedZones.json, written by live import:
`route53 list-hosted-zones` + `get-hosted-zone` + `list-resource-record-sets` per zone).

Batfish's snapshot format has no Route 53 file; this one keeps the API shapes, one object per
zone with its `ResourceRecordSets` and `VPCs` folded in, so a saved snapshot maps the same way.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import HostedZone
from .context import Ctx, list_at, name_and_tags, number, obj_at, text

RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SOA")
_OCTAL = re.compile(r"\\(\d{3})")


def dns_name(raw: str) -> str:
    """Route 53 spells names with a trailing dot and octal escapes (\\052 is '*')."""
    return _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), raw).rstrip(".").lower()


def map_hosted_zones(ctx: Ctx) -> None:
    for e in ctx.entries("HostedZones"):
        o = e.obj
        raw_id, name = text(o, "Id"), text(o, "Name")
        if raw_id is None or name is None:
            ctx.rep.warning(e.where, "skipped: a hosted zone needs Id and Name")
            continue
        zone_id = raw_id.rsplit("/", 1)[-1]
        private = obj_at(o, "Config").get("PrivateZone") is True
        vpcs = []
        for v in list_at(o, "VPCs"):
            vpc = text(v, "VPCId")
            if vpc and ctx.has(vpc, "vpc"):
                vpcs.append(vpc)
            elif vpc:
                ctx.rep.warning(e.where, f"zone {name}: associated VPC {vpc} is not in the snapshot; left out")
        records = [r for i, rs in enumerate(list_at(o, "ResourceRecordSets"))
                   if (r := _record(ctx, f"{e.where}.ResourceRecordSets[{i}]", rs, dns_name(name))) is not None]
        ctx.add(HostedZone, e.where, {"id": zone_id, **name_and_tags(o, ctx, zone_id, dns_name(name)),
                                      "zone_name": dns_name(name), "private": private,
                                      "vpcs": vpcs if private else [], "records": records})


def _record(ctx: Ctx, where: str, rs: Any, zone: str) -> dict[str, Any] | None:
    name, rtype = text(rs, "Name"), text(rs, "Type")
    if name is None or rtype is None:
        ctx.rep.warning(where, "skipped record: no Name or Type")
        return None
    if rtype not in RECORD_TYPES:
        ctx.rep.info(where, f"skipped {rtype} record {dns_name(name)}: that record type is not modelled")
        return None
    if any(rs.get(k) is not None for k in ("SetIdentifier", "Weight", "Region", "GeoLocation", "Failover")):
        ctx.rep.warning(where, f"{dns_name(name)} {rtype}: routing policy (weighted/latency/geo/failover) is not "
                               "modelled; the record answers as a simple one")
    out: dict[str, Any] = {"name": dns_name(name), "type": rtype, "ttl": number(rs.get("TTL")) or 300}
    alias = obj_at(rs, "AliasTarget")
    if alias:
        target = _alias_target(ctx, alias, zone)
        if target is None:
            ctx.rep.warning(where, f"skipped alias {dns_name(name)} → {alias.get('DNSName')}: the target is not in "
                                   "the snapshot (load balancers, distributions and same-zone records can be)")
            return None
        out.pop("ttl")
        out["alias"] = {**target, "evaluate_health": alias.get("EvaluateTargetHealth") is True}
        return out
    values = [str(v.get("Value")) for v in list_at(rs, "ResourceRecords") if isinstance(v, dict) and v.get("Value")]
    if not values:
        ctx.rep.warning(where, f"skipped {dns_name(name)} {rtype}: no values")
        return None
    out["values"] = values
    return out


def _alias_target(ctx: Ctx, alias: dict[str, Any], zone: str) -> dict[str, Any] | None:
    target = dns_name(text(alias, "DNSName") or "").removeprefix("dualstack.")
    for r in ctx.resources.values():
        if r.kind == "load-balancer" and r.dns_name and dns_name(r.dns_name) == target:
            return {"target": r.id}
        if r.kind == "cloudfront" and r.domain_name and dns_name(r.domain_name) == target:
            return {"target": r.id}
    if target == zone or target.endswith("." + zone):
        return {"record": target}
    return None
