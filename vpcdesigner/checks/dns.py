"""Route 53 zones and records, CloudFront distributions and their origins, clients on the internet."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any

from ..model.compute import Instance, LoadBalancer
from ..model.edge import CloudFront, HostedZone
from ..model.network import Vpc
from .context import Context
from .problem import Problem
from .registry import check, declare, problem

F = "dns"
RECORD_OUTSIDE_ZONE = declare(F, "RECORD_OUTSIDE_ZONE", "error", "A record's name does not end with its zone's name.")
CNAME_AT_APEX = declare(F, "CNAME_AT_APEX", "error", "A CNAME record at the zone apex (use an alias instead).")
CNAME_CONFLICT = declare(F, "CNAME_CONFLICT", "error", "A CNAME shares its name with another record.")
PRIVATE_ZONE_WITHOUT_VPC = declare(F, "PRIVATE_ZONE_WITHOUT_VPC", "warning",
                                   "A private hosted zone is associated with no VPC, so nobody can query it.")
PRIVATE_ZONE_DNS_DISABLED = declare(
    F, "PRIVATE_ZONE_DNS_DISABLED", "error",
    "A private hosted zone's VPC has DNS support or DNS hostnames turned off.")
CLOUDFRONT_ALIAS_MISSING = declare(
    F, "CLOUDFRONT_ALIAS_MISSING", "warning",
    "A record points at a CloudFront distribution that does not list the name among its aliases.")
CLOUDFRONT_DEFAULT_ORIGIN = declare(F, "CLOUDFRONT_DEFAULT_ORIGIN", "error",
                                    "A distribution's default origin is missing or not one of its origins.")
CLOUDFRONT_ORIGIN_INTERNAL = declare(
    F, "CLOUDFRONT_ORIGIN_INTERNAL", "error",
    "An origin is an internal load balancer or private instance that CloudFront cannot reach without a VPC origin.")
CLOUDFRONT_ORIGIN_NO_LISTENER = declare(
    F, "CLOUDFRONT_ORIGIN_NO_LISTENER", "warning",
    "An origin's protocol policy uses a port on which the load balancer has no listener (CloudFront answers 502).")
PRIVATE_ADDRESS_ON_INTERNET = declare(F, "PRIVATE_ADDRESS_ON_INTERNET", "warning",
                                      "An internet user or internet resolver has a private (non-routable) address.")


def _in_zone(name: str, zone: str) -> bool:
    return name == zone or name.endswith("." + zone)


@check(F)
def check_zones(ctx: Context) -> Iterator[Problem]:
    for zone in ctx.kind("hosted-zone"):
        yield from _zone(ctx, zone)


def _zone(ctx: Context, zone: HostedZone) -> Iterator[Problem]:
    types_at: dict[str, list[str]] = {}
    for i, rec in enumerate(zone.records):
        field = f"records[{i}]"
        types_at.setdefault(rec.name, []).append(rec.type)
        if not _in_zone(rec.name, zone.zone_name):
            yield problem(RECORD_OUTSIDE_ZONE, zone.id, f"{zone.display_name}: record {rec.name} does not end with "
                          f"the zone name {zone.zone_name}.", f"{field}.name")
        if rec.type == "CNAME" and rec.name == zone.zone_name:
            yield problem(CNAME_AT_APEX, zone.id, f"{zone.display_name}: a CNAME cannot sit at the zone apex "
                          f"{zone.zone_name}; use an alias record.", field)
        target = ctx.res.get(rec.alias.target or "") if rec.alias else None
        if isinstance(target, CloudFront) and rec.name not in target.aliases:
            yield problem(CLOUDFRONT_ALIAS_MISSING, zone.id, f"{zone.display_name}: {rec.name} points at "
                          f"{target.display_name}, which does not list {rec.name} as an alias; CloudFront will "
                          "refuse those requests.", f"{field}.alias")
    for name, types in types_at.items():
        if "CNAME" in types and len(types) > 1:
            i = next(k for k, r in enumerate(zone.records) if r.name == name and r.type == "CNAME")
            yield problem(CNAME_CONFLICT, zone.id, f"{zone.display_name}: {name} has a CNAME and other records; "
                          "a CNAME must be the only record of its name.", f"records[{i}]")
    if zone.private:
        if not zone.vpcs:
            yield problem(PRIVATE_ZONE_WITHOUT_VPC, zone.id, f"{zone.display_name} is private but associated with "
                          "no VPC, so no resolver answers from it.", "vpcs")
        for i, vpc_id in enumerate(zone.vpcs):
            vpc = ctx.vpc(vpc_id)
            if isinstance(vpc, Vpc) and not (vpc.enable_dns_support and vpc.enable_dns_hostnames):
                yield problem(PRIVATE_ZONE_DNS_DISABLED, zone.id, f"{zone.display_name}: {vpc.display_name} has DNS "
                              "support or DNS hostnames turned off; private zones need both.", f"vpcs[{i}]")


@check(F)
def check_cloudfront(ctx: Context) -> Iterator[Problem]:
    for cf in ctx.kind("cloudfront"):
        ids = [o.id for o in cf.origins]
        if cf.origins and (cf.default_origin is None or cf.default_origin not in ids):
            yield problem(CLOUDFRONT_DEFAULT_ORIGIN, cf.id, f"{cf.display_name}: the default origin "
                          f"{cf.default_origin!r} is not one of its origins ({', '.join(ids)}).", "default_origin")
        for i, origin in enumerate(cf.origins):
            target = ctx.res.get(origin.target or "")
            field = f"origins[{i}]"
            if target is not None and not origin.vpc_origin and _internal(ctx, target):
                yield problem(CLOUDFRONT_ORIGIN_INTERNAL, cf.id, f"{cf.display_name}: origin {origin.id} is "
                              f"{target.display_name}, which the internet cannot reach; mark it as a VPC origin or "
                              "use an internet-facing load balancer.", field)
            if isinstance(target, LoadBalancer):
                ports = {lst.port for lst in target.listeners}
                needed = {"https-only": [origin.https_port], "http-only": [origin.http_port]}.get(
                    origin.protocol_policy,
                    [origin.https_port] if cf.viewer_protocol_policy != "allow-all"
                    else [origin.http_port, origin.https_port])
                for port in needed:
                    if port not in ports:
                        yield problem(CLOUDFRONT_ORIGIN_NO_LISTENER, cf.id, f"{cf.display_name}: origin {origin.id} "
                                      f"({origin.protocol_policy}) connects to {target.display_name} on port {port}, "
                                      "where it has no listener.", field)


def _internal(ctx: Context, target: Any) -> bool:
    if isinstance(target, LoadBalancer):
        return target.scheme == "internal"
    if isinstance(target, Instance):
        return not target.public_ip or ctx.is_private(target.subnet)
    return False


@check(F)
def check_internet_addresses(ctx: Context) -> Iterator[Problem]:
    things = list(ctx.kind("internet-client")) + [r for r in ctx.kind("dns-resolver") if r.on_premises is None]
    for r in things:
        if not ipaddress.ip_address(r.ip).is_global and not _documentation(r.ip):
            yield problem(PRIVATE_ADDRESS_ON_INTERNET, r.id, f"{r.display_name} is on the internet but has the "
                          f"private address {r.ip}; replies from AWS could never reach it.", "ip")


_DOC_NETS = tuple(ipaddress.ip_network(c) for c in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"))


def _documentation(ip: str) -> bool:
    """Documentation ranges (RFC 5737) stand in for public addresses in examples, as AWS's docs do."""
    a = ipaddress.ip_address(ip)
    return any(a in n for n in _DOC_NETS)
