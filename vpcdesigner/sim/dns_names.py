"""Names and addresses AWS owns rather than the design: Route 53 name servers, CloudFront edge
addresses, load balancer and EC2 host names, root and TLD servers.

The model has no geography and no real AWS account, so these are *representative* values chosen
by fixed, documented rules (a CRC-32 of the resource id), never random: the same design always
gives the same lookup, and the packet tracer can map an edge address back to its distribution
with ``cloudfront_for_address``.
"""

from __future__ import annotations

import ipaddress
import re
import zlib
from dataclasses import dataclass

from ..model import CloudFront, Derived, Design, HostedZone, LoadBalancer, Subnet, Vpc
from ..model.types import ALLOCATED
from .addr import lb_node_name, shown_address

# Alias answers take the target's TTL: ELB answers with 60 s (ELB-HOW); CloudFront likewise.
LOAD_BALANCER_TTL = 60
CLOUDFRONT_TTL = 60
# Address blocks listed for service CLOUDFRONT in AWS ip-ranges.json.
CLOUDFRONT_EDGE_V4 = "54.230.0.0/16"
CLOUDFRONT_EDGE_V6 = "2600:9000::/28"
_GTLD = ("a.gtld-servers.net", "b.gtld-servers.net", "c.gtld-servers.net", "d.gtld-servers.net")


def _hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def cloudfront_edge_addresses(distribution: CloudFront, rtype: str) -> tuple[str, ...]:
    """The four addresses one edge location answers with (CloudFront DNS returns four per query).

    IPv4: 54.230.N.1-4 with N = crc32(distribution id) mod 256 (54.230.0.0/16 is a CloudFront
    block); IPv6: 2600:9000:NNNN::1-4 with NNNN = crc32 mod 4096 (inside 2600:9000::/28), and
    none when the distribution has IPv6 off.
    """
    h = _hash(distribution.id)
    if rtype == "A":
        return tuple(f"54.230.{h % 256}.{i}" for i in range(1, 5))
    if rtype == "AAAA" and distribution.ipv6:
        return tuple(f"2600:9000:{h % 4096:x}::{i}" for i in range(1, 5))
    return ()


def cloudfront_for_address(design: Design, address: str) -> CloudFront | None:
    """The distribution whose representative edge addresses include ``address``, if any."""
    for cf in sorted(design.of_kind("cloudfront"), key=lambda r: r.id):
        if address in cloudfront_edge_addresses(cf, "A") + cloudfront_edge_addresses(cf, "AAAA"):
            return cf  # type: ignore[no-any-return]
    return None


def load_balancer_addresses(derived: Derived, lb: LoadBalancer, rtype: str) -> tuple[str, ...]:
    """One address per load balancer node (from ``derive``): public for internet-facing, private for
    internal. A public address AWS allocates at deployment is shown as the same placeholder the
    packet trace uses (`<public IP of store-alb node in public-a>`, addr.shown_address). IPv6 is not
    modelled for load balancers."""
    if rtype != "A":
        return ()
    nodes = derived.lb_nodes.get(lb.id, [])
    if lb.scheme == "internet-facing":
        res = derived.design.resources
        return tuple(shown_address(n.public_ip or ALLOCATED, lb_node_name(
            lb.display_name, getattr(res.get(n.subnet), "display_name", n.subnet))) or "" for n in nodes)
    return tuple(n.private_ip for n in nodes)


def route53_name_servers(zone: HostedZone) -> tuple[str, ...]:
    """The zone's NS record if the design has one, else four awsdns-style names from crc32(id)."""
    for rec in zone.records:
        if rec.type == "NS" and rec.name == zone.zone_name and rec.values:
            return tuple(v.rstrip(".").lower() for v in rec.values)
    h = _hash(zone.id)
    n, m = h % 2048, h % 64
    tlds = ("com", "net", "org", "co.uk")
    return tuple(f"ns-{(n + 512 * i) % 2048}.awsdns-{(m + 8 * i) % 64:02d}.{tld}" for i, tld in enumerate(tlds))


def tld_name_servers(tld: str) -> tuple[str, ...]:
    """The .com/.net servers by their real names; any other TLD as a.nic.<tld>, b.nic.<tld>."""
    if tld in ("com", "net"):
        return _GTLD
    return (f"a.nic.{tld}", f"b.nic.{tld}")


def negative_ttl(zone: HostedZone) -> int:
    """How long NXDOMAIN/NODATA is cached: min(SOA TTL, SOA minimum) when the zone has an SOA
    record (R53-SOA), else the zone's ``soa_negative_ttl``."""
    for rec in zone.records:
        if rec.type == "SOA" and rec.values:
            fields = rec.values[0].split()
            if len(fields) == 7 and fields[6].isdigit():
                return min(rec.ttl, int(fields[6]))
    return zone.soa_negative_ttl


def _region_of(design: Design, subnet_id: str) -> tuple[Vpc | None, str]:
    subnet = design.resources.get(subnet_id)
    vpc = design.resources.get(subnet.vpc) if isinstance(subnet, Subnet) else None
    return (vpc, vpc.region) if isinstance(vpc, Vpc) else (None, "us-east-1")


def ec2_private_hostname(ip: str, region: str) -> str:
    dashed = ip.replace(".", "-")
    return f"ip-{dashed}.ec2.internal" if region == "us-east-1" else f"ip-{dashed}.{region}.compute.internal"


def ec2_public_hostname(ip: str, region: str) -> str:
    dashed = ip.replace(".", "-")
    if region == "us-east-1":
        return f"ec2-{dashed}.compute-1.amazonaws.com"
    return f"ec2-{dashed}.{region}.compute.amazonaws.com"


@dataclass(frozen=True)
class AwsName:
    """A name AWS answers for a design object: an ELB or CloudFront name, an EC2 host name."""

    name: str
    zone: str
    kind: str  # "load-balancer", "cloudfront", "ec2-public", "ec2-private"
    resource: str
    vpc: str | None = None


_EC2_NAME = re.compile(r"^(ip|ec2)-(\d+)-(\d+)-(\d+)-(\d+)\.(.+)$")


def aws_name_for(design: Design, derived: Derived, name: str) -> AwsName | None:
    """The design object AWS answers ``name`` for (an ELB or CloudFront name, an EC2 host name), if any.

    Parsed from the name rather than indexed up front, so a lookup costs the same in a design
    with thousands of instances.
    """
    for lb in sorted(design.of_kind("load-balancer"), key=lambda r: r.id):
        if lb.dns_name and lb.dns_name.lower().rstrip(".") == name:
            return AwsName(name, name.split(".", 1)[-1], "load-balancer", lb.id, lb.vpc)
    for cf in sorted(design.of_kind("cloudfront"), key=lambda r: r.id):
        if cf.domain_name and cf.domain_name.lower().rstrip(".") == name:
            return AwsName(name, "cloudfront.net", "cloudfront", cf.id)
    match = _EC2_NAME.match(name)
    if match is None:
        return None
    ip = ".".join(match.group(i) for i in range(2, 6))
    public = match.group(1) == "ec2"
    for inst in sorted(derived.instances.values(), key=lambda i: i.id):
        if (inst.public_ip if public else inst.private_ip) != ip:
            continue
        vpc, region = _region_of(design, inst.subnet)
        if vpc is None:
            continue
        if public and vpc.enable_dns_hostnames and name == ec2_public_hostname(ip, region):
            return AwsName(name, name.split(".", 1)[1], "ec2-public", inst.id, vpc.id)
        if not public and name == ec2_private_hostname(ip, region):
            return AwsName(name, name.split(".", 1)[1], "ec2-private", inst.id, vpc.id)
    return None


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
