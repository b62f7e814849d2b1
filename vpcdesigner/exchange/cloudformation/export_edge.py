"""CloudFront distributions and Route 53 hosted zones with their records.

A distribution with alternate domain names needs an ACM certificate in us-east-1; the
`CloudFrontCertificateArn` parameter defaults to empty, and while it is empty the distribution
is deployed without its aliases on the default *.cloudfront.net certificate (the design's
aliases then travel in Metadata).
"""

from __future__ import annotations

import re
from typing import Any

from vpcdesigner.model import CloudFront, DnsRecord, HostedZone, LoadBalancer, Origin

from .export_context import CLOUDFRONT_CERTIFICATE, HAS_CLOUDFRONT_CERTIFICATE, NO_VALUE, Context, Expr, get_att, ref
from .naming import camel

CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"  # the fixed hosted zone of every CloudFront distribution
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # managed cache policy: pass everything through


def export_cloudfront(ctx: Context, cf: CloudFront) -> None:
    origins = []
    exact = True
    for origin in cf.origins:
        target = ctx.design.get(origin.target) if origin.target else None
        domain: Expr = origin.domain_name or None
        if target is not None and ctx.ref_to(target.id) is not None:
            domain = get_att(ctx.logical(target.id), "DNSName" if target.kind == "load-balancer" else "PublicDnsName")
        if domain is None:
            exact = False
            continue
        body: dict[str, Any] = {"Id": origin.id, "DomainName": domain}
        vpc_origin = _vpc_origin(ctx, cf, origin, target) if origin.vpc_origin and target is not None else None
        if vpc_origin is not None:
            if target is not None and target.kind == "instance":
                body["DomainName"] = get_att(ctx.logical(target.id), "PrivateDnsName")
            body["VpcOriginConfig"] = {"VpcOriginId": get_att(vpc_origin, "Id")}
        elif origin.type == "s3":
            body["S3OriginConfig"] = {}
        else:
            body["CustomOriginConfig"] = {"HTTPPort": origin.http_port, "HTTPSPort": origin.https_port,
                                          "OriginProtocolPolicy": origin.protocol_policy}
        exact = exact and not origin.vpc_origin and (target is None or not origin.domain_name)
        origins.append(body)
    default = cf.default_origin if any(o["Id"] == cf.default_origin for o in origins) else None
    if default is None:
        exact = False
        default = origins[0]["Id"]
    if not exact:
        ctx.extra(cf, "origins", "default_origin")
    config: dict[str, Any] = {
        "Enabled": True,
        "Comment": (cf.name or cf.id)[:128],
        "Origins": origins,
        "DefaultCacheBehavior": {"TargetOriginId": default, "ViewerProtocolPolicy": cf.viewer_protocol_policy,
                                 "CachePolicyId": CACHING_DISABLED},
        "HttpVersion": "http2",
        "IPV6Enabled": cf.ipv6,
    }
    if cf.aliases:
        ctx.parameter(CLOUDFRONT_CERTIFICATE, {
            "Type": "String", "Default": "",
            "AllowedPattern": "^$|^arn:aws[a-zA-Z-]*:acm:us-east-1:.+$",
            "Description": "ARN of an ACM certificate in us-east-1 for the CloudFront alternate domain names "
                           "(empty = no alternate domain names, default *.cloudfront.net certificate)",
        })
        has = ctx.condition(HAS_CLOUDFRONT_CERTIFICATE,
                            {"Fn::Not": [{"Fn::Equals": [ref(CLOUDFRONT_CERTIFICATE), ""]}]})
        config["Aliases"] = {"Fn::If": [has, list(cf.aliases), NO_VALUE]}
        config["ViewerCertificate"] = {"Fn::If": [has, {
            "AcmCertificateArn": ref(CLOUDFRONT_CERTIFICATE), "SslSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021"}, {"CloudFrontDefaultCertificate": True}]}
        ctx.extra(cf, "aliases")
    ctx.add(ctx.logical(cf.id), "AWS::CloudFront::Distribution",
            {"DistributionConfig": config, "Tags": ctx.tags(cf)})
    if cf.domain_name:
        ctx.extra(cf, "domain_name")  # CloudFront names the distribution at deployment
    ctx.keep_description(cf)


def _vpc_origin(ctx: Context, cf: CloudFront, origin: Origin, target: Any) -> str | None:
    """A CloudFront VPC origin for an internal ALB/NLB or instance; None when it cannot have one.

    The design's origin still travels in Metadata (the import mapper need not read VpcOrigin).
    """
    lid = ctx.logical(target.id)
    if isinstance(target, LoadBalancer):
        if target.type == "classic":
            return None
        arn: Expr = ref(lid)
    else:
        arn = {"Fn::Sub": "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/${" + lid + "}"}
    name = re.sub(r"[^A-Za-z0-9_-]", "-", f"{cf.name or cf.id}-{origin.id}")[:64]
    return ctx.add(ctx.helper(ctx.logical(cf.id), f"VpcOrigin{camel(origin.id)}"), "AWS::CloudFront::VpcOrigin", {
        "VpcOriginEndpointConfig": {"Name": name, "Arn": arn, "HTTPPort": origin.http_port,
                                    "HTTPSPort": origin.https_port,
                                    "OriginProtocolPolicy": origin.protocol_policy},
    })


def _alias(ctx: Context, zone_lid: str, record: DnsRecord) -> dict[str, Any] | None:
    alias = record.alias
    assert alias is not None
    if alias.record is not None:
        # Same as Ref; written as Sub because cfn-lint (E1041) wrongly refuses a HostedZone Ref here.
        return {"DNSName": alias.record, "HostedZoneId": {"Fn::Sub": "${" + zone_lid + "}"},
                "EvaluateTargetHealth": alias.evaluate_health}
    target = ctx.design.get(alias.target or "")
    if target is None or ctx.ref_to(target.id) is None:
        return None
    lid = ctx.logical(target.id)
    if isinstance(target, LoadBalancer):
        zone_attr = "CanonicalHostedZoneNameID" if target.type == "classic" else "CanonicalHostedZoneID"
        return {"DNSName": get_att(lid, "DNSName"), "HostedZoneId": get_att(lid, zone_attr),
                "EvaluateTargetHealth": alias.evaluate_health}
    return {"DNSName": get_att(lid, "DomainName"), "HostedZoneId": CLOUDFRONT_ZONE_ID,
            "EvaluateTargetHealth": alias.evaluate_health}


def export_hosted_zone(ctx: Context, zone: HostedZone) -> None:
    lid = ctx.logical(zone.id)
    vpcs = [{"VPCId": ctx.ref_to(v), "VPCRegion": {"Ref": "AWS::Region"}} for v in zone.vpcs if ctx.ref_to(v)]
    if zone.private != bool(vpcs) or len(vpcs) != len(zone.vpcs):
        ctx.extra(zone, "private", "vpcs")
    comment = zone.description if len(zone.description) <= 256 else ""
    if comment != zone.description:
        ctx.extra(zone, "description")
    ctx.add(lid, "AWS::Route53::HostedZone", {
        "Name": zone.zone_name,
        "HostedZoneConfig": {"Comment": comment} if comment else None,
        "VPCs": vpcs if zone.private and vpcs else None,
        "HostedZoneTags": ctx.tags(zone),
    })
    sets = []
    seen: set[tuple[str, str]] = set()
    exact = True
    for record in zone.records:
        inside = record.name == zone.zone_name or record.name.endswith("." + zone.zone_name)
        apex_ns = record.type == "NS" and record.name == zone.zone_name
        if not inside or record.type == "SOA" or apex_ns or (record.name, record.type) in seen:
            exact = False  # Route 53 makes SOA/NS itself; a name+type appears once in CloudFormation
            continue
        body: dict[str, Any] = {"Name": record.name, "Type": record.type}
        if record.alias is not None:
            target = _alias(ctx, lid, record)
            if target is None:
                exact = False
                continue
            body["AliasTarget"] = target
            exact = exact and record.ttl == DnsRecord.model_fields["ttl"].default
        else:
            body["TTL"] = str(record.ttl)
            body["ResourceRecords"] = list(record.values)
        seen.add((record.name, record.type))
        sets.append(body)
    if sets:
        ctx.add(ctx.helper(lid, "Records"), "AWS::Route53::RecordSetGroup",
                {"HostedZoneId": ref(lid), "RecordSets": sets})
    if not exact:
        ctx.extra(zone, "records")
    if zone.soa_negative_ttl != HostedZone.model_fields["soa_negative_ttl"].default:
        ctx.extra(zone, "soa_negative_ttl")
