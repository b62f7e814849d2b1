"""Turn what the user typed (id, name, DNS name, IP address) into a trace endpoint.

Rules (issue 3 item 3): an address in an on-premises network's CIDR is a host there; an address
in a subnet that no ENI owns is a hypothetical host whose security groups are not evaluated; an
address in a VPC but in no subnet has no destination (the trace says so); any other address is on
the internet. An Auto Scaling group stands for its first member (`<asg>-1`). A DNS name is looked
up in the design's hosted zones by `lookup_name` (A records, CNAMEs, aliases), a deliberately
small helper: the full DNS simulation is sim/dns.py.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ..model import (
    ALLOCATED,
    AutoScalingGroup,
    CloudFront,
    DnsResolver,
    HostedZone,
    InternetClient,
    LoadBalancer,
    OnPremises,
    Subnet,
)
from .addr import (
    LINK_LOCAL_DNS,
    LINK_LOCAL_DNS6,
    LINK_LOCAL_SERVICES,
    canonical_ip,
    first_host,
    in_any,
    ip_int,
    is_ip,
    is_private,
    placeholder6,
    reserved_address,
)
from .topology import Eni, Topology, privately_connected


class EndpointError(ValueError):
    """The endpoint text names nothing in this design; the message says what was given."""


@dataclass
class Endpoint:
    text: str
    kind: str  # eni | load-balancer | cloudfront | internet | on-premises | no-subnet | resolver
    component: str
    name: str
    eni: Eni | None = None
    lb: LoadBalancer | None = None
    cf: CloudFront | None = None
    site: OnPremises | None = None
    address: str | None = None
    os: str = "linux"
    via_dns: str | None = None
    vpc: str | None = None

    @property
    def label(self) -> str:
        return self.name if self.name == self.text else f"{self.name} ({self.text})"


def resolve_endpoint(topo: Topology, text: str, client: Endpoint | None = None) -> Endpoint:
    raw = text.strip()
    if not raw:
        raise EndpointError("empty endpoint: give an id, a name, a DNS name or an IP address")
    if is_ip(raw):
        return _by_address(topo, canonical_ip(raw), raw)
    found = _by_id_or_name(topo, raw)
    if found is not None:
        return found
    if "." in raw:
        client_vpc = client.vpc if client else None
        answer = lookup_name(topo, raw.lower().rstrip("."), client_vpc)
        if answer is None:
            raise EndpointError(f"unknown endpoint {raw!r}: not an id or name, and no hosted zone of this design "
                                "has a record for it")
        kind, value = answer
        if kind == "ip":
            ep = _by_address(topo, value, raw)
        else:
            target = _by_id_or_name(topo, value)
            if target is None:
                raise EndpointError(f"{raw!r} is an alias to {value!r}, which is not in this design")
            ep = target
        ep.via_dns = raw
        ep.text = raw
        return ep
    raise EndpointError(f"unknown endpoint {raw!r}: not an id, a name, a DNS name or an IP address in this design")


def _eni_endpoint(text: str, eni: Eni, topo: Topology | None = None) -> Endpoint:
    """An interface as an endpoint; a load balancer node's address stands for its load balancer
    (so its listeners decide), entered through that node."""
    kind = "load-balancer" if eni.kind == "load-balancer" else "eni"
    lb = topo.res.get(eni.component) if topo is not None and kind == "load-balancer" else None
    return Endpoint(text, kind, eni.component, eni.name, eni=eni, os=eni.os, vpc=eni.vpc,
                    lb=lb if isinstance(lb, LoadBalancer) else None)


def _by_id_or_name(topo: Topology, text: str) -> Endpoint | None:
    res = topo.res
    r = res.get(text)
    if r is None:
        r = next((x for x in sorted(res.values(), key=lambda x: x.id) if x.name == text), None)
    if r is None:
        inst = topo.derived.instances.get(text) or next(
            (i for i in topo.derived.instances.values() if i.name == text), None)
        if inst is not None and inst.id in topo.enis_of_component:
            return _eni_endpoint(text, topo.enis_of_component[inst.id][0])
        if text in topo.host_by_name:
            site, ip, os = topo.host_by_name[text]
            return Endpoint(text, "on-premises", site.id, text, site=site, address=ip, os=os)
        return None
    if r.kind == "network-interface":
        # an interface attached to an instance belongs to that instance's component: find it by its own id
        eni = next((e for e in topo.enis_of_component.get(getattr(r, "instance", None) or r.id, []) if e.id == r.id),
                   None)
        if eni is None:
            raise EndpointError(f"{text!r} has no address: give it a private IP in a subnet of a VPC")
        return _eni_endpoint(text, eni, topo)
    if r.kind in ("instance", "nat-gateway"):
        if r.id not in topo.enis_of_component:
            raise EndpointError(f"{text!r} has no address: its subnet {r.subnet!r} or that subnet's VPC is "
                                "missing from the design")
        return _eni_endpoint(text, topo.enis_of_component[r.id][0])
    if isinstance(r, LoadBalancer):
        nodes = topo.enis_of_component.get(r.id, [])
        if not nodes:
            raise EndpointError(f"load balancer {text!r} has no subnets, so it has no address")
        return Endpoint(text, "load-balancer", r.id, r.display_name, eni=nodes[0], lb=r, vpc=r.vpc)
    if isinstance(r, CloudFront):
        return Endpoint(text, "cloudfront", r.id, r.display_name, cf=r,
                        address=topo.cloudfront_edge[r.id])
    if isinstance(r, InternetClient):
        return Endpoint(text, "internet", r.id, r.display_name, address=r.ip, os=r.os)
    if isinstance(r, DnsResolver):
        home = res.get(r.on_premises or "")
        if isinstance(home, OnPremises):
            return Endpoint(text, "on-premises", home.id, r.display_name, site=home, address=r.ip)
        return Endpoint(text, "internet", r.id, r.display_name, address=r.ip)
    if isinstance(r, OnPremises):
        if r.hosts:
            h = r.hosts[0]
            return Endpoint(text, "on-premises", r.id, f"{r.display_name} ({h.name})", site=r, address=h.ip, os=h.os)
        if not r.cidrs:
            raise EndpointError(f"on-premises network {text!r} has no address blocks")
        return Endpoint(text, "on-premises", r.id, r.display_name, site=r, address=first_host(r.cidrs[0]))
    if isinstance(r, AutoScalingGroup):
        members = topo.derived.members.get(r.id, [])
        if not members:
            raise EndpointError(f"Auto Scaling group {text!r} has no members (desired capacity 0)")
        return _eni_endpoint(text, topo.enis_of_component[members[0].instance.id][0])
    raise EndpointError(f"{text!r} is a {r.kind}; trace from or to an instance, load balancer, NAT gateway, "
                        "CloudFront distribution, on-premises host, internet address or DNS name")


def _by_address6(topo: Topology, ip: str, text: str) -> Endpoint:
    """An IPv6 address: an interface's, a hypothetical host in a subnet's IPv6 block, or the internet."""
    eni = topo.eni_by_ipv6.get(ip)
    if eni is not None:
        ep = _eni_endpoint(text, eni)
        ep.address = ip
        return ep
    vpc_id = topo.vpc_of_address(ip)
    if vpc_id is not None:
        subnet = topo.subnet_of_address(vpc_id, ip)
        if subnet is None:
            return Endpoint(text, "no-subnet", vpc_id, ip, address=ip, vpc=vpc_id)
        hyp = Eni(f"{subnet.id}:{ip}", subnet.id, f"hypothetical host {ip}", "instance", subnet.id, vpc_id,
                  subnet.availability_zone, ip, None, None, hypothetical=True, ipv6=ip)
        return Endpoint(text, "eni", subnet.id, f"hypothetical host {ip}", eni=hyp, address=ip, vpc=vpc_id)
    return Endpoint(text, "internet", "internet", ip, address=ip)


def hypothetical_ipv6(subnet: Subnet, ip: str) -> str | None:
    """The IPv6 address a hypothetical IPv4 host gets in a dual-stack subnet (fixed rule): the
    subnet's IPv6 block plus the host's offset in the IPv4 block; a placeholder when the IPv6 block
    is Amazon-provided (known only after deployment)."""
    if subnet.ipv6_cidr is None:
        return None
    if subnet.ipv6_cidr == ALLOCATED:
        return placeholder6(f"hypothetical host {ip}")
    offset = int(ipaddress.IPv4Address(ip)) - int(ipaddress.IPv4Network(subnet.cidr).network_address)
    return str(ipaddress.IPv6Network(subnet.ipv6_cidr).network_address + offset)


def _by_address(topo: Topology, ip: str, text: str) -> Endpoint:
    cf_id = topo.cloudfront_by_address.get(ip)
    if cf_id is not None:  # one of the edge addresses DNS answers for the distribution
        cf = topo.res[cf_id]
        return Endpoint(text, "cloudfront", cf_id, cf.display_name, cf=cf, address=ip)
    if ip in (LINK_LOCAL_DNS, LINK_LOCAL_DNS6):
        return Endpoint(text, "resolver", "resolver", "Amazon DNS server", address=ip)
    if ip in LINK_LOCAL_SERVICES:
        return Endpoint(text, "resolver", "link-local", LINK_LOCAL_SERVICES[ip][2], address=ip)
    if ":" in ip:
        return _by_address6(topo, ip, text)
    if ip == LINK_LOCAL_DNS:
        return Endpoint(text, "resolver", "resolver", "Amazon DNS server", address=ip)
    if ip in LINK_LOCAL_SERVICES:
        return Endpoint(text, "resolver", "link-local", LINK_LOCAL_SERVICES[ip][2], address=ip)
    for (_vpc, addr), eni in topo.eni_by_private.items():
        if addr == ip:
            ep = _eni_endpoint(text, eni, topo)
            ep.address = ip
            return ep
    public = topo.eni_by_public.get(ip)
    if public is not None:
        ep = _eni_endpoint(text, public, topo)
        ep.address = ip
        return ep
    for r in topo.res.values():
        if isinstance(r, OnPremises) and in_any(ip, r.cidrs):
            host = next((h for h in r.hosts if h.ip == ip), None)
            return Endpoint(text, "on-premises", r.id, host.name if host else ip, site=r, address=ip,
                            os=host.os if host else "linux")
    vpc_id = topo.vpc_of_address(ip)
    if vpc_id is not None:
        if ip == topo.resolver_address(vpc_id):
            return Endpoint(text, "resolver", f"{vpc_id}:resolver", "Amazon DNS server", address=ip, vpc=vpc_id)
        subnet = topo.subnet_of_address(vpc_id, ip)
        if subnet is None or reserved_address(subnet.cidr, ip):  # AWS-reserved: nobody can be there (§2.2)
            return Endpoint(text, "no-subnet", vpc_id, ip, address=ip, vpc=vpc_id)
        hyp = Eni(f"{subnet.id}:{ip}", subnet.id, f"hypothetical host {ip}", "instance", subnet.id, vpc_id,
                  subnet.availability_zone, ip, None, None, hypothetical=True, ipv6=hypothetical_ipv6(subnet, ip))
        return Endpoint(text, "eni", subnet.id, f"hypothetical host {ip}", eni=hyp, address=ip, vpc=vpc_id)
    kind = "internet"
    return Endpoint(text, kind, "internet", ip, address=ip)


def destination_address(topo: Topology, dst: Endpoint, src: Endpoint) -> str:
    """Instances: the private address inside the private network (same VPC, peering, TGW,
    VPN/DX); from elsewhere the public address if there is one, else the private one.
    Load balancers: public node addresses when internet-facing, private when internal."""
    if dst.address:
        return dst.address
    eni = dst.eni
    if eni is None:
        raise EndpointError(f"{dst.text!r} has no address")
    if eni.kind == "load-balancer":
        # a load balancer is reached through its DNS name: public node addresses when it is
        # internet-facing (even from inside its own VPC), private ones when it is internal
        return eni.public_ip or eni.private_ip
    here = src.vpc or (src.site.id if src.site else None)
    if eni.public_ip and (here is None or not privately_connected(topo, here, eni.vpc)):
        return eni.public_ip
    return eni.private_ip


def lookup_name(topo: Topology, name: str, client_vpc: str | None, depth: int = 0) -> tuple[str, str] | None:
    """("ip", address) or ("target", resource id) for `name`; private zones associated with the
    client's VPC shadow public ones. Load balancer and CloudFront DNS names resolve directly."""
    if depth > 8:
        return None
    for r in topo.res.values():
        if isinstance(r, LoadBalancer) and r.dns_name and r.dns_name.lower() == name:
            return ("target", r.id)
        if isinstance(r, CloudFront) and r.domain_name.lower() == name:
            return ("target", r.id)
    zones = [z for z in topo.zones if name == z.zone_name or name.endswith("." + z.zone_name)]
    private = [z for z in zones if z.private and client_vpc in z.vpcs]
    pool: list[HostedZone] = private or [z for z in zones if not z.private]
    for zone in sorted(pool, key=lambda z: -len(z.zone_name)):
        for rec in zone.records:
            if rec.name != name:
                continue
            if rec.type == "A" and rec.alias is not None:
                if rec.alias.target:
                    return ("target", rec.alias.target)
                if rec.alias.record:
                    return lookup_name(topo, rec.alias.record, client_vpc, depth + 1)
            if rec.type == "A" and rec.values:
                return ("ip", rec.values[0])
            if rec.type == "CNAME" and rec.values:
                return lookup_name(topo, rec.values[0].lower().rstrip("."), client_vpc, depth + 1)
        return None
    return None


_ = (ip_int, is_private)
