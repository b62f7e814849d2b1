"""Who is asking and which recursive resolver they ask.

* An internet client asks its ``resolver`` (a dns-resolver in the design), else the default
  public resolver (``DEFAULT_RESOLVER``: a stand-in for whatever public resolver the user's
  machine is configured with; it has no address in the design).
* An on-premises host asks a dns-resolver whose ``on_premises`` is its network, else the default.
* An instance or Auto Scaling group member asks its VPC's Amazon DNS server at primary CIDR + 2.
* An IP address stands for a host where it lies: an on-premises network, a subnet (a hypothetical
  host there), or the internet.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ..model import Derived, Design, DnsResolver, Instance, InternetClient, OnPremises, Subnet, Vpc
from ..model.addressing import contains, vpc_resolver_address
from .dns_names import is_ip
from .dns_types import Component, DnsInputError

DEFAULT_RESOLVER = Component("default-resolver", "public DNS resolver (default, not in the design)", "dns-resolver")
LINK_LOCAL_RESOLVER = "169.254.169.253"
# RFC 1918 and RFC 6598 space: such an address outside the design is no host we can place.
# (ipaddress.is_private would also reject the documentation ranges used by examples.)
_PRIVATE = tuple(ipaddress.ip_network(c) for c in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"))


@dataclass(frozen=True)
class Client:
    component: Component
    vpc: Vpc | None = None
    network: OnPremises | None = None
    resolver: DnsResolver | None = None


@dataclass(frozen=True)
class ResolverChoice:
    """The resolver asked. ``vpc`` is set for an Amazon DNS server; ``refusal`` says why a query
    to it gets no response at all (a peer VPC's server, DNS support off, unreachable)."""

    component: Component
    vpc: Vpc | None = None
    refusal: str | None = None


def vpc_resolver_component(vpc: Vpc) -> Component:
    addr = vpc_resolver_address(vpc.cidr)
    return Component(vpc.id, f"{vpc.display_name} Amazon DNS ({addr})", "vpc", addr)


def resolver_component(resolver: DnsResolver) -> Component:
    return Component(resolver.id, resolver.display_name, "dns-resolver", resolver.ip)


def _vpc_of_subnet(design: Design, subnet_id: str) -> Vpc | None:
    subnet = design.resources.get(subnet_id)
    vpc = design.resources.get(subnet.vpc) if isinstance(subnet, Subnet) else None
    return vpc if isinstance(vpc, Vpc) else None


def _instance_client(design: Design, inst: Instance) -> Client:
    comp = Component(inst.id, inst.display_name, "instance", inst.private_ip)
    return Client(comp, vpc=_vpc_of_subnet(design, inst.subnet))


def _onprem_resolver(design: Design, network: OnPremises) -> DnsResolver | None:
    for r in sorted(design.of_kind("dns-resolver"), key=lambda r: r.id):
        if r.on_premises == network.id:
            return r  # type: ignore[no-any-return]
    return None


def find_client(design: Design, derived: Derived, text: str) -> Client:
    """Resolve ``text`` (id, name, member name, on-prem host name, or IP) to a client."""
    key = text.strip()
    res = design.resources.get(key)
    if isinstance(res, InternetClient):
        resolver = design.resources.get(res.resolver or "")
        return Client(Component(res.id, res.display_name, "internet", res.ip),
                      resolver=resolver if isinstance(resolver, DnsResolver) else None)
    if res is not None and res.kind == "auto-scaling-group":
        members = derived.members.get(res.id, [])
        if not members:
            raise DnsInputError(f"client {key!r}: Auto Scaling group {res.id} has no members (desired is 0 "
                                "or it has no subnets)")
        return _instance_client(design, members[0].instance)
    if isinstance(res, OnPremises):
        return Client(Component(res.id, res.display_name, "on-premises"), network=res,
                      resolver=_onprem_resolver(design, res))
    inst = derived.instances.get(key) or next(
        (i for i in sorted(derived.instances.values(), key=lambda i: i.id) if i.name == key), None)
    if inst is not None:
        return _instance_client(design, inst)
    by_name = sorted((r for r in design.resources.values() if r.name == key and r.id != key), key=lambda r: r.id)
    if by_name:
        return find_client(design, derived, by_name[0].id)
    for net in sorted(design.of_kind("on-premises"), key=lambda r: r.id):
        for host in net.hosts:
            if host.name == key or host.ip == key:
                return Client(Component(host.name, host.name, "on-premises", host.ip), network=net,
                              resolver=_onprem_resolver(design, net))
    if is_ip(key):
        return _client_by_address(design, derived, key)
    if res is not None:
        raise DnsInputError(f"client {key!r} is a {res.kind}; a DNS client is an internet client, an instance, an "
                            "Auto Scaling group member, an on-premises host or an IP address")
    raise DnsInputError(f"unknown client {key!r}: name an internet client, an instance, an Auto Scaling group "
                        "member (like web-asg-1), an on-premises host, or an IP address")


def _client_by_address(design: Design, derived: Derived, ip: str) -> Client:
    for c in sorted(design.of_kind("internet-client"), key=lambda r: r.id):
        if c.ip == ip:
            return find_client(design, derived, c.id)
    for inst in sorted(derived.instances.values(), key=lambda i: i.id):
        if ip in (inst.private_ip, inst.public_ip):
            return _instance_client(design, inst)
    for net in sorted(design.of_kind("on-premises"), key=lambda r: r.id):
        if any(contains(c, ip) for c in net.cidrs):
            return Client(Component(net.id, f"host {ip} in {net.display_name}", "on-premises", ip), network=net,
                          resolver=_onprem_resolver(design, net))
    for subnet in sorted(design.of_kind("subnet"), key=lambda r: r.id):
        if contains(subnet.cidr, ip):
            comp = Component(subnet.id, f"host {ip} in {subnet.display_name}", "subnet", ip)
            return Client(comp, vpc=_vpc_of_subnet(design, subnet.id))
    if any(ipaddress.ip_address(ip) in net for net in _PRIVATE if net.version == ipaddress.ip_address(ip).version):
        raise DnsInputError(f"client {ip}: a private address in no subnet or on-premises network of the design")
    return Client(Component("internet", f"internet host {ip}", "internet", ip))


def choose_resolver(design: Design, client: Client, server: str | None) -> ResolverChoice:
    """The resolver the client's stub asks, honouring an explicit ``server`` (id, name or address)."""
    if server is None or not server.strip():
        if client.vpc is not None:
            return _vpc_choice(client.vpc, client.vpc)
        if client.resolver is not None:
            return ResolverChoice(resolver_component(client.resolver))
        return ResolverChoice(DEFAULT_RESOLVER)
    key = server.strip()
    for r in sorted(design.of_kind("dns-resolver"), key=lambda r: r.id):
        if key in (r.id, r.name, r.ip):
            return ResolverChoice(resolver_component(r))
    if key == LINK_LOCAL_RESOLVER:
        if client.vpc is None:
            return ResolverChoice(Component("link-local", f"{LINK_LOCAL_RESOLVER} (link-local)", "dns-resolver", key),
                                  refusal=f"{LINK_LOCAL_RESOLVER} is only reachable from inside a VPC.")
        return _vpc_choice(client.vpc, client.vpc)
    for vpc in sorted(design.of_kind("vpc"), key=lambda r: r.id):
        if key in (vpc.id, vpc.name, vpc_resolver_address(vpc.cidr)):
            return _vpc_choice(vpc, client.vpc)
    raise DnsInputError(f"--server {key!r}: not a DNS resolver of the design (name a dns-resolver, a VPC, "
                        f"a VPC's base+2 address or {LINK_LOCAL_RESOLVER})")


def _vpc_choice(vpc: Vpc, client_vpc: Vpc | None) -> ResolverChoice:
    comp = vpc_resolver_component(vpc)
    if client_vpc is None:
        why = (f"The Amazon DNS server of {vpc.display_name} only answers queries from inside that VPC; from "
               "outside (the internet, or on-premises without a Route 53 Resolver inbound endpoint) it gets none.")
        return ResolverChoice(comp, vpc, why)
    if client_vpc.id != vpc.id:
        why = (f"An instance in {client_vpc.display_name} cannot query the Amazon DNS server of another VPC "
               f"({vpc.display_name}), even a peered one; the query gets no response.")
        return ResolverChoice(comp, vpc, why)
    if not vpc.enable_dns_support:
        why = (f"{vpc.display_name} has DNS support (enableDnsSupport) turned off, so its Amazon DNS server does "
               "not answer; the query gets no response.")
        return ResolverChoice(comp, vpc, why)
    return ResolverChoice(comp, vpc)
