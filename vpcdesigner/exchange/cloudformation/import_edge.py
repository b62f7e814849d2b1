"""CloudFront distributions and Route 53 hosted zones with their record sets, from CloudFormation.

Record sets may name their zone by id or by name, and that zone may live in another stack of
the set (widdix's zone-public) or outside the templates; a zone outside gets a placeholder
hosted zone so the names still resolve in the simulator.
"""

from __future__ import annotations

from typing import Any

from .import_context import PLACEHOLDER_NOTE, Ctx
from .import_network import VPC
from .result import ResolvedResource
from .values import AttrRef

ZONE = ("AWS::Route53::HostedZone",)
RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SOA")
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"


def _dns(value: Any) -> str | None:
    return value.strip().lower().rstrip(".") if isinstance(value, str) and value.strip() else None


def cloudfront(ctx: Ctx, res: ResolvedResource) -> None:
    config = res.properties.get("DistributionConfig")
    if not isinstance(config, dict):
        ctx.rep.warning(ctx.where(res), "skipped: no DistributionConfig")
        return
    origins = []
    for item in ctx.items(res, "", value=config.get("Origins")):
        if not isinstance(item, dict) or ctx.concrete(item.get("Id")) is None:
            continue
        origin: dict[str, Any] = {"id": ctx.safe_id(str(ctx.concrete(item["Id"])))}
        raw = item.get("DomainName")
        target = ctx.rs.target(raw) if isinstance(raw, AttrRef) else None
        if target is not None and target.type in (
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::ElasticLoadBalancing::LoadBalancer",
            "AWS::EC2::Instance",
        ):
            origin["target"] = ctx.id_of(target)
        else:
            domain = ctx.concrete(raw)
            if not isinstance(domain, str):
                domain = f"{target.logical_id.lower()}.s3.amazonaws.com" if target is not None else str(raw)
                ctx.rep.info(
                    ctx.where(res),
                    f"{PLACEHOLDER_NOTE}origin {origin['id']} domain is only known after deployment; using {domain!r}",
                )
            origin["domain_name"] = domain
        if "S3OriginConfig" in item:
            origin["type"] = "s3"
        custom = item.get("CustomOriginConfig")
        if isinstance(custom, dict):
            policy = str(ctx.concrete(custom.get("OriginProtocolPolicy")) or "https-only")
            origin["protocol_policy"] = (
                policy if policy in ("http-only", "https-only", "match-viewer") else "https-only"
            )
            origin["http_port"] = ctx.number(res, "HTTPPort", 80, value=custom.get("HTTPPort"))
            origin["https_port"] = ctx.number(res, "HTTPSPort", 443, value=custom.get("HTTPSPort"))
        origins.append(origin)
    behaviour = config.get("DefaultCacheBehavior") or {}
    default = ctx.concrete(behaviour.get("TargetOriginId"))
    policy = str(ctx.concrete(behaviour.get("ViewerProtocolPolicy")) or "allow-all")
    aliases = [a for a in (_dns(ctx.concrete(v)) for v in ctx.items(res, "", value=config.get("Aliases"))) if a]
    ctx.add(
        res,
        "cloudfront",
        ctx.id_of(res),
        {
            "aliases": aliases,
            "origins": origins,
            "default_origin": ctx.safe_id(str(default)) if isinstance(default, str) else None,
            "viewer_protocol_policy": policy
            if policy in ("allow-all", "redirect-to-https", "https-only")
            else "allow-all",
            "ipv6": str(ctx.concrete(config.get("IPV6Enabled"))).lower() == "true",
        },
    )


def hosted_zone(ctx: Ctx, res: ResolvedResource) -> None:
    name = _dns(ctx.text(res, "Name"))
    if name is None:
        ctx.rep.warning(ctx.where(res), "skipped: the zone's Name is only known after deployment")
        return
    vpcs = [
        v
        for v in (
            ctx.ref(res, "VPCs", item.get("VPCId"), VPC, "vpc")
            for item in ctx.items(res, "VPCs")
            if isinstance(item, dict)
        )
        if v
    ]
    config = res.properties.get("HostedZoneConfig") or {}
    comment = ctx.concrete(config.get("Comment")) if isinstance(config, dict) else None
    draft = ctx.add(
        res,
        "hosted-zone",
        ctx.id_of(res),
        {"zone_name": name, "private": bool(vpcs), "vpcs": vpcs, "records": [], "description": comment or ""},
    )
    draft.update(ctx.name_and_tags(res, "HostedZoneTags"))


def _zone(ctx: Ctx, res: ResolvedResource, p: dict[str, Any], record_name: str | None) -> dict[str, Any] | None:
    raw = p.get("HostedZoneId")
    target = ctx.target(raw)
    if target is not None and target.type in ZONE:
        return ctx.draft(ctx.id_of(target), "hosted-zone")
    zone_name = _dns(ctx.concrete(p.get("HostedZoneName")))
    if zone_name:
        for draft in ctx.drafts.values():
            if draft["kind"] == "hosted-zone" and draft["zone_name"] == zone_name:
                return draft
    label = ctx.concrete(raw) if raw is not None else zone_name
    if not isinstance(label, str) or record_name is None:
        ctx.rep.warning(ctx.where(res), "skipped: the record's hosted zone is only known after deployment")
        return None
    zone_name = zone_name or (record_name.split(".", 1)[1] if "." in record_name else record_name)
    rid = ctx.safe_id(f"zone-{label}")
    if rid not in ctx.drafts:
        ctx.add(
            None,
            "hosted-zone",
            rid,
            {
                "name": rid,
                "zone_name": zone_name,
                "records": [],
                "description": f"{PLACEHOLDER_NOTE}hosted zone {label} is outside the "
                "templates; its other records are unknown",
            },
            ctx.where(res),
        )
        ctx.rep.warning(
            ctx.where(res),
            f"{PLACEHOLDER_NOTE}hosted zone {label!r} is outside the templates; added "
            f"{rid!r} ({zone_name}) to hold its records",
        )
    return ctx.drafts[rid]


def _record(ctx: Ctx, res: ResolvedResource, item: dict[str, Any], zone: dict[str, Any]) -> dict[str, Any] | None:
    name = _dns(ctx.concrete(item.get("Name")))
    rtype = str(ctx.concrete(item.get("Type")) or "").upper()
    if name is None or rtype not in RECORD_TYPES:
        ctx.rep.warning(
            ctx.where(res), f"record {item.get('Name')!s} {rtype}: name unknown or type not modelled; left out"
        )
        return None
    record: dict[str, Any] = {"name": name, "type": rtype}
    alias = item.get("AliasTarget")
    if isinstance(alias, dict):
        raw = alias.get("DNSName")
        target = ctx.rs.target(raw) if isinstance(raw, AttrRef) else None
        out: dict[str, Any] = {}
        if target is not None and target.type in (
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::ElasticLoadBalancing::LoadBalancer",
            "AWS::CloudFront::Distribution",
        ):
            out["target"] = ctx.id_of(target)
        elif isinstance(ctx.concrete(raw), str) and _dns(ctx.concrete(raw)):
            out["record"] = _dns(ctx.concrete(raw))
        else:
            ctx.rep.warning(
                ctx.where(res), f"record {name} {rtype}: alias target {raw!s} is outside the templates; left out"
            )
            return None
        if str(ctx.concrete(alias.get("EvaluateTargetHealth"))).lower() == "true":
            out["evaluate_health"] = True
        record["alias"] = out
        return record
    values = [
        str(v)
        for v in (ctx.concrete(x) for x in ctx.items(res, "", value=item.get("ResourceRecords")))
        if v is not None
    ]
    if not values:
        ctx.rep.warning(ctx.where(res), f"record {name} {rtype}: values only known after deployment; left out")
        return None
    record["values"] = values
    ttl = ctx.number(res, "TTL", None, value=item.get("TTL"))
    if ttl is not None:
        record["ttl"] = ttl
    return record


def record_set(ctx: Ctx, res: ResolvedResource) -> None:
    p = res.properties
    groups = (
        [p]
        if res.type == "AWS::Route53::RecordSet"
        else [
            {**item, "HostedZoneId": p.get("HostedZoneId"), "HostedZoneName": p.get("HostedZoneName")}
            for item in ctx.items(res, "RecordSets")
            if isinstance(item, dict)
        ]
    )
    added = 0
    for item in groups:
        zone = _zone(ctx, res, item, _dns(ctx.concrete(item.get("Name"))))
        if zone is None:
            continue
        record = _record(ctx, res, item, zone)
        if record is not None:
            zone["records"].append(record)
            added += 1
    if added:
        ctx.used.add((res.stack, res.logical_id))


HANDLERS = {
    "AWS::CloudFront::Distribution": cloudfront,
    "AWS::Route53::HostedZone": hosted_zone,
    "AWS::Route53::RecordSet": record_set,
    "AWS::Route53::RecordSetGroup": record_set,
}
