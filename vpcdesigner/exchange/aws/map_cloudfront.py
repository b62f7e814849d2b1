"""CloudFront distributions (`cloudfront list-distributions`, saved as its `DistributionList`).

An origin whose domain is a load balancer of the snapshot points at that load balancer, so the
simulator follows viewer → edge → origin through the design; other origins keep their domain.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import CloudFront
from .context import Ctx, list_at, name_and_tags, number, obj_at, text
from .map_dns import dns_name

_BAD = re.compile(r"[^A-Za-z0-9_.:\-]")
POLICIES = ("http-only", "https-only", "match-viewer")
VIEWER_POLICIES = ("allow-all", "redirect-to-https", "https-only")


def map_distributions(ctx: Ctx) -> None:
    for e in ctx.entries("DistributionList"):
        o = e.obj
        dist = text(o, "Id")
        if dist is None:
            ctx.rep.warning(e.where, "skipped: a distribution needs an Id")
            continue
        if o.get("Enabled") is False:
            ctx.rep.info(e.where, f"skipped distribution {dist}: it is disabled")
            continue
        ids: dict[str, str] = {}
        origins = [m for i, item in enumerate(list_at(obj_at(o, "Origins"), "Items"))
                   if (m := _origin(ctx, f"{e.where}.Origins.Items[{i}]", item, ids)) is not None]
        behaviour = obj_at(o, "DefaultCacheBehavior")
        viewer = text(behaviour, "ViewerProtocolPolicy")
        aliases = [dns_name(a) for a in list_at(obj_at(o, "Aliases"), "Items") if isinstance(a, str)]
        for extra, label in (("CacheBehaviors", "path-based cache behaviours"), ("OriginGroups", "origin groups")):
            if number(obj_at(o, extra).get("Quantity")):
                ctx.rep.warning(e.where, f"{dist}: {label} are not modelled; every request uses the default origin")
        ctx.add(CloudFront, e.where, {
            "id": dist, **name_and_tags(o, ctx, dist, aliases[0] if aliases else ""),
            "domain_name": text(o, "DomainName") or "", "aliases": aliases, "origins": origins,
            "default_origin": ids.get(text(behaviour, "TargetOriginId") or ""),
            "viewer_protocol_policy": viewer if viewer in VIEWER_POLICIES else "redirect-to-https",
            "ipv6": o.get("IsIPV6Enabled") is not False,
        })


def _origin(ctx: Ctx, where: str, item: Any, ids: dict[str, str]) -> dict[str, Any] | None:
    raw_id, domain = text(item, "Id"), text(item, "DomainName")
    if raw_id is None or domain is None:
        ctx.rep.warning(where, "skipped origin: no Id or DomainName")
        return None
    oid = _BAD.sub("-", raw_id).strip("-.:_")[:120] or "origin"
    while oid in ids.values():
        oid += "-2"
    ids[raw_id] = oid
    custom = obj_at(item, "CustomOriginConfig")
    policy = text(custom, "OriginProtocolPolicy")
    target = next((r.id for r in ctx.resources.values() if r.kind == "load-balancer" and r.dns_name
                   and dns_name(r.dns_name) == dns_name(domain).removeprefix("dualstack.")), None)
    s3 = "S3OriginConfig" in item or ".s3." in domain or domain.endswith(".s3.amazonaws.com")
    return {"id": oid, "target": target, "domain_name": "" if target else domain, "type": "s3" if s3 else "custom",
            "protocol_policy": policy if policy in POLICIES else "https-only",
            "http_port": number(custom.get("HTTPPort")) or 80, "https_port": number(custom.get("HTTPSPort")) or 443,
            "vpc_origin": bool(item.get("VpcOriginConfig"))}
