"""The hop-by-hop packet walk inside and between VPCs (one direction of one connection).

A `Walker` follows one packet from where it starts (an ENI, the internet, an on-prem site) to
where it is delivered or dropped, appending a `Hop` per check. The same code walks the reply with
`reply=True`: security groups then pass by connection tracking (and the hop says so), while every
network ACL and route table is evaluated again, on the reply's own ports.
Gateways (IGW, NAT, VGW, peering, TGW, on-premises, internet) live in gateways.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import SecurityGroup
from .addr import LINK_LOCAL_DNS, LINK_LOCAL_DNS6, LINK_LOCAL_SERVICES, ip6_int, ip_int, is_v6, reserved_address
from .explain import nacl_sentence, sg_sentence
from .results import Hop, Packet, RuleRef
from .rules import evaluate_nacl, evaluate_sgs, sg_rule_text
from .topology import Eni, RouteEntry, Topology

MAX_HOPS = 80


class Stop(Exception):
    """The packet was dropped; the blocking hop is the last one recorded."""


@dataclass
class Place:
    """Where a packet was delivered."""

    kind: str  # eni | internet | on-premises | cloudfront | resolver | link-local | service
    address: str
    eni: Eni | None = None
    site: str | None = None
    component: str = ""
    vpc: str | None = None


@dataclass
class Session:
    """A NAT gateway translation remembered from the forward packet, used to undo it on the reply."""

    nat: str
    inside: Packet
    outside: Packet


@dataclass
class WalkBase:
    topo: Topology
    reply: bool = False
    hops: list[Hop] = field(default_factory=list)
    sessions: dict[str, Session] = field(default_factory=dict)
    uncertain: list[str] = field(default_factory=list)  # checks whose answer depends on an allocated address
    visited: set[tuple[object, ...]] = field(default_factory=set)  # route lookups seen (loop detection)
    hypothetical: list[Eni] = field(default_factory=list)
    forwarded: bool = False  # an appliance forwarded the packet: SG references no longer match (§7.3)

    # -- recording ------------------------------------------------------------------------------
    def add(self, component: str, kind: str, check: str, verdict: str, explanation: str,
            pin: Packet, pout: Packet | None = None, rule: RuleRef | None = None,
            code: str | None = None, reason: str | None = None, name: str | None = None) -> None:
        if len(self.hops) > MAX_HOPS:
            self.hops.append(Hop(component, name or self.topo.name(component), kind, "loop", "block",
                                 "The packet went round in a routing loop and was dropped.", pin, pin,
                                 None, "NO_PATH", "ROUTING_LOOP"))
            raise Stop
        self.hops.append(Hop(component, name or self.topo.name(component), kind, check,
                             verdict, explanation, pin, pout or pin, rule, code, reason))  # type: ignore[arg-type]

    def block(self, component: str, kind: str, check: str, explanation: str, pin: Packet,
              code: str | None, reason: str, rule: RuleRef | None = None, name: str | None = None) -> Stop:
        self.add(component, kind, check, "block", explanation, pin, pin, rule, code, reason, name)
        return Stop()

    # -- ENI egress -----------------------------------------------------------------------------
    def send_from_eni(self, eni: Eni, pkt: Packet) -> Place:
        """An ENI sends: SG egress, same-subnet shortcut, route table, NACL outbound (semantics §1.3).
        Queries to the VPC's Amazon DNS server skip every SG and NACL (semantics §1.5)."""
        if self._is_resolver(eni.vpc, pkt.dst):
            return self.to_resolver(eni, pkt)
        if pkt.dst in LINK_LOCAL_SERVICES:
            return self.to_link_local(eni, pkt)
        if not self.reply and eni.kind not in ("nat-gateway",):
            if eni.source_dest_check and not eni.owns(pkt.src) and eni.kind != "load-balancer":
                raise self.block(eni.id, _kind(eni), "source/destination check",
                                 f"{eni.name} may only send packets from its own address {eni.private_ip}, "
                                 f"not {pkt.src}; turn off the source/destination check for an appliance.",
                                 pkt, "ENI_SOURCE_DEST_CHECK_RESTRICTION", "SRC_DST_CHECK", name=eni.name)
            self.sg_check(eni, pkt, inbound=False)
        elif self.reply and eni.sgs is not None and not eni.hypothetical:
            self.add(_sg_component(eni), "security-group", "security group outbound (reply)", "pass",
                     f"The security group of {eni.name} lets the reply out without checking rules: "
                     "it is stateful and remembers the request.", pkt, name=_sg_names(eni))
        vpc = eni.vpc
        owner = self.owner(vpc, pkt.dst)
        if owner is not None and owner.subnet == eni.subnet and owner.id != eni.id:
            if not self.reply and self._classic_lb(eni):
                # RA ELB_ACL_RESTRICTION (semantics §1.3 step 2): a Classic Load Balancer applies the
                # subnet's outbound NACL even to a target in its own subnet.
                self.add(eni.subnet, "subnet", "same subnet", "info",
                         f"{pkt.dst} is in the same subnet {self.topo.name(eni.subnet)}, but a Classic Load "
                         "Balancer still applies the subnet's outbound network ACL to it.", pkt)
                self.nacl_check(eni.subnet, pkt, inbound=False)
                return self.receive(owner, pkt)
            self.add(eni.subnet, "subnet", "same subnet", "info",
                     f"{pkt.dst} is in the same subnet {self.topo.name(eni.subnet)}, so the packet goes "
                     "straight there: network ACLs only check traffic that crosses the subnet edge.", pkt)
            return self.receive(owner, pkt)
        route = self.route_lookup(eni.subnet, pkt)  # §1.3: the route lookup (step 3) before the outbound NACL (4)
        self.nacl_check(eni.subnet, pkt, inbound=False)
        return self.forward_to(route, eni, pkt)

    def _classic_lb(self, eni: Eni) -> bool:
        lb = self.topo.res.get(eni.component) if eni.kind == "load-balancer" else None
        return getattr(lb, "type", None) == "classic"

    def _is_resolver(self, vpc: str, dst: str) -> bool:
        return dst in (LINK_LOCAL_DNS, LINK_LOCAL_DNS6) or dst == self.topo.resolver_address(vpc)

    def to_resolver(self, eni: Eni, pkt: Packet) -> Place:
        if pkt.protocol not in ("udp", "tcp") or pkt.dst_port != 53:
            raise self.block(f"{eni.vpc}:resolver", "dns-resolver", "delivery",
                             "The Amazon DNS server only answers DNS queries on port 53.", pkt,
                             "NO_POSSIBLE_DESTINATION", "NO_DESTINATION", name="Amazon DNS server")
        vpc = self.topo.vpc(eni.vpc)
        if not vpc.enable_dns_support:
            raise self.block(f"{eni.vpc}:resolver", "dns-resolver", "delivery",
                             f"DNS support is turned off for {vpc.display_name}, so the Amazon DNS server "
                             "does not answer.", pkt, None, "NO_DESTINATION", name="Amazon DNS server")
        self.add(f"{eni.vpc}:resolver", "dns-resolver", "resolver exemption", "pass",
                 "Queries to the Amazon DNS server at the VPC base address plus two are never filtered "
                 "by security groups or network ACLs.", pkt, name="Amazon DNS server")
        return Place("resolver", pkt.dst, vpc=eni.vpc, component=f"{eni.vpc}:resolver")

    def to_link_local(self, eni: Eni, pkt: Packet) -> Place:
        proto, port, name = LINK_LOCAL_SERVICES[pkt.dst]
        if pkt.protocol != proto or pkt.dst_port != port:
            raise self.block(eni.component, _kind(eni), "link-local service",
                             f"The {name} at {pkt.dst} only answers {proto.upper()} port {port}.", pkt,
                             "NO_POSSIBLE_DESTINATION", "NO_DESTINATION", name=eni.name)
        self.add(eni.component, _kind(eni), "link-local service", "pass",
                 f"{eni.name} reaches the {name} at {pkt.dst} on its own host, where security groups and "
                 "network ACLs never filter it.", pkt, name=eni.name)
        return Place("link-local", pkt.dst, eni=eni, vpc=eni.vpc, component=eni.component)

    # -- checks ---------------------------------------------------------------------------------
    def sg_check(self, eni: Eni, pkt: Packet, inbound: bool) -> None:
        if eni.hypothetical:
            self.add(eni.subnet, "subnet", "security group " + ("inbound" if inbound else "outbound"), "info",
                     f"{eni.private_ip} is a hypothetical host: no instance owns it, so its security groups "
                     "are unknown and not evaluated (a network-level answer).", pkt)
            return
        if eni.sgs is None:
            return
        direction = "inbound" if inbound else "outbound"
        groups: list[SecurityGroup] = eni.sgs
        member = _no_member if self.forwarded else self.topo.is_member
        decision = evaluate_sgs(groups, inbound, pkt, self.topo.prefix_entries, member)
        if decision.uncertain:
            self.uncertain.append(f"security group {direction} of {eni.name}")
        if decision.allowed and decision.rule is not None and decision.group is not None:
            text = sg_rule_text(decision.rule, inbound, decision.group.display_name)
            self.add(decision.group.id, "security-group", f"security group {direction}", "pass",
                     sg_sentence(eni.name, decision.group.display_name, inbound, pkt, text, True),
                     pkt, rule=RuleRef(None, "allow", text))
            return
        names = ", ".join(g.display_name for g in groups) or "(none)"
        empty = not any((g.inbound if inbound else g.outbound) for g in groups)
        raise self.block(groups[0].id if groups else eni.id, "security-group", f"security group {direction}",
                         sg_sentence(eni.name, names, inbound, pkt, "", False), pkt,
                         "SG_HAS_NO_RULES" if empty else "ENI_SG_RULES_MISMATCH",
                         "SG_INBOUND" if inbound else "SG_OUTBOUND",
                         RuleRef(None, "deny", "no matching rule"), name=names)

    def nacl_check(self, subnet_id: str, pkt: Packet, inbound: bool) -> None:
        nacl = self.topo.nacl(subnet_id)
        decision = evaluate_nacl(nacl, inbound, pkt)
        direction = "inbound" if inbound else "outbound"
        if decision.uncertain:
            self.uncertain.append(f"network ACL {nacl.display_name} {direction}")
        text = nacl_sentence(nacl.display_name, self.topo.name(subnet_id), inbound, pkt, decision, self.reply)
        if decision.allowed:
            self.add(nacl.id, "network-acl", f"network ACL {direction}", "pass", text, pkt,
                     rule=decision.rule, name=nacl.display_name)
            return
        raise self.block(nacl.id, "network-acl", f"network ACL {direction}", text, pkt,
                         "SUBNET_ACL_RESTRICTION", f"NACL_{direction.upper()}", decision.rule,
                         name=nacl.display_name)

    # -- routing --------------------------------------------------------------------------------
    def route_lookup(self, subnet_id: str, pkt: Packet) -> RouteEntry:
        rt = self.topo.route_table(subnet_id)
        state = (subnet_id, pkt.src, pkt.dst, pkt.src_port, pkt.dst_port)
        if state in self.visited:
            raise self.block(rt.id, "route-table", "route lookup",
                             f"The packet comes back to route table {rt.display_name} unchanged: the routes send "
                             "it round in a loop (for example a NAT gateway's own subnet routing to itself), so "
                             "it is dropped.", pkt, "NO_PATH", "ROUTING_LOOP", name=rt.display_name)
        self.visited.add(state)
        best = self._local6(subnet_id, pkt.dst) if is_v6(pkt.dst) else None
        if best is None:
            table = self.topo.routes6_of_table if is_v6(pkt.dst) else self.topo.routes_of_table
            best = choose_route(table.get(rt.id, []), pkt.dst)
        if best is None:
            raise self.block(rt.id, "route-table", "route lookup",
                             f"Route table {rt.display_name} has no route that covers {pkt.dst}, so the "
                             "packet is dropped.", pkt, "NO_ROUTE_TO_DESTINATION", "NO_ROUTE",
                             RuleRef(None, "none", "no matching route"), name=rt.display_name)
        if not best.active:
            raise self.block(rt.id, "route-table", "route lookup",
                             f"The best route for {pkt.dst} in {rt.display_name} is {best.text}: its target "
                             "no longer works, so the packet is dropped (a blackhole route does not fall "
                             "back to a broader one).", pkt, "BAD_STATE_ROUTE", "BLACKHOLE",
                             RuleRef(None, "blackhole", best.text), name=rt.display_name)
        why = "the local route: it stays inside the VPC" if best.origin == "local" else \
            f"the most specific route that covers {pkt.dst}"
        self.add(rt.id, "route-table", "route lookup", "pass",
                 f"Route table {rt.display_name} picks {best.text}, {why}.", pkt,
                 rule=RuleRef(None, "route", best.text), name=rt.display_name)
        return best

    def _local6(self, subnet_id: str, dst: str) -> RouteEntry | None:
        """The local route of an Amazon-provided (allocated) IPv6 block: its CIDR is unknown before
        deployment, but an address an interface of the VPC owns is inside it."""
        vpc = self.topo.subnet(subnet_id).vpc
        if self.topo.vpc(vpc).ipv6_cidr != "allocated" or self.owner(vpc, dst) is None:
            return None
        return RouteEntry(0, 0, 0, "local", "local", True, "the VPC's IPv6 block (Amazon-provided) → local", True)

    def forward_to(self, route: RouteEntry, sender: Eni, pkt: Packet) -> Place:
        raise NotImplementedError

    # -- delivery inside a VPC ------------------------------------------------------------------
    def owner(self, vpc: str, addr: str) -> Eni | None:
        eni = self.topo.eni_by_private.get((vpc, addr))
        if eni is None:
            for hyp in self.hypothetical:
                if hyp.vpc == vpc and hyp.owns(addr):
                    return hyp
        return eni

    def deliver_local(self, vpc: str, pkt: Packet, from_subnet: str | None, via: str) -> Place:
        """The VPC router hands the packet to the subnet that holds the destination."""
        topo = self.topo
        if not topo.in_vpc(vpc, pkt.dst) and self.owner(vpc, pkt.dst) is None:
            raise self.block(vpc, "vpc", "VPC routing",
                             f"Traffic that arrives through {via} is only delivered inside "
                             f"{topo.name(vpc)}; {pkt.dst} is outside it, so the VPC drops the packet "
                             "(no transit through a VPC).", pkt, "NO_ROUTE_TO_DESTINATION", "NO_ROUTE")
        if self._is_resolver(vpc, pkt.dst) and from_subnet is None:
            raise self.block(vpc, "vpc", "delivery",
                             "The Amazon DNS server only answers clients inside its own VPC; it cannot be "
                             "reached from a peered VPC, a VPN or the internet.", pkt,
                             "NO_POSSIBLE_DESTINATION", "NO_DESTINATION")
        eni = self.owner(vpc, pkt.dst)
        if eni is None:
            subnet = topo.subnet_of_address(vpc, pkt.dst)
            where = f"subnet {subnet.display_name}" if subnet else f"{topo.name(vpc)}, in no subnet"
            if subnet is not None and reserved_address(subnet.cidr, pkt.dst):
                where += (", one of the five addresses AWS reserves in every subnet (network, router, DNS, "
                          "future use, broadcast) that no host can have")
            raise self.block(subnet.id if subnet else vpc, "subnet" if subnet else "vpc", "delivery",
                             f"{pkt.dst} is in {where}, but no network interface has that address, so "
                             "there is nothing to deliver to.", pkt,
                             "NO_POSSIBLE_DESTINATION" if subnet else "VPC_LOCAL_ROUTE_CIDR_RESTRICTION",
                             "NO_DESTINATION")
        if from_subnet != eni.subnet:
            self.nacl_check(eni.subnet, pkt, inbound=True)
        return self.receive(eni, pkt)

    def receive(self, eni: Eni, pkt: Packet) -> Place:
        """The destination ENI takes the packet: SG inbound, or a NAT/appliance acts on it."""
        if eni.kind == "nat-gateway":
            return self.nat_receive(eni, pkt)
        if not eni.owns(pkt.dst):
            return self.appliance(eni, pkt)
        if self.reply and eni.sgs is not None and not eni.hypothetical:
            self.add(_sg_component(eni), "security-group", "security group inbound (reply)", "pass",
                     f"The reply is let in to {eni.name} without checking rules: the security group is "
                     "stateful and tracked the original request.", pkt, name=_sg_names(eni))
        elif not self.reply:
            self.sg_check(eni, pkt, inbound=True)
        what = "reply" if self.reply else "packet"
        self.add(eni.component, _kind(eni), "delivery", "pass",
                 f"The {what} reaches {eni.name} ({pkt.dst}).", pkt, name=eni.name)
        return Place("eni", pkt.dst, eni=eni, component=eni.component, vpc=eni.vpc)

    def appliance(self, eni: Eni, pkt: Packet) -> Place:
        """A route sent the packet to an instance or ENI that must forward it (a middlebox)."""
        if not self.reply:
            self.sg_check(eni, pkt, inbound=True)
        if eni.source_dest_check:
            raise self.block(eni.id, _kind(eni), "source/destination check",
                             f"{eni.name} receives a packet addressed to {pkt.dst}, not to itself, and drops "
                             "it because its source/destination check is on.", pkt,
                             "ENI_SOURCE_DEST_CHECK_RESTRICTION", "SRC_DST_CHECK", name=eni.name)
        self.add(eni.id, _kind(eni), "forwarding", "info",
                 f"{eni.name} forwards the packet on (it acts as a network appliance).", pkt, name=eni.name)
        if not self.reply:
            self.sg_check(eni, pkt, inbound=False)
            self.forwarded = True  # semantics §7.3: a forwarded packet matches no SG reference downstream
        route = self.route_lookup(eni.subnet, pkt)
        self.nacl_check(eni.subnet, pkt, inbound=False)
        return self.forward_to(route, eni, pkt)

    def nat_receive(self, eni: Eni, pkt: Packet) -> Place:
        raise NotImplementedError


def choose_route(routes: list[RouteEntry], dst: str) -> RouteEntry | None:
    """Local route first (it beats any propagated route), then longest prefix, then
    static > prefix list > propagated at the same length (semantics §3.3)."""
    value = ip6_int(dst) if is_v6(dst) else ip_int(dst)
    if value is None:
        matches = [r for r in routes if r.prefixlen == 0]
    else:
        matches = [r for r in routes if r.first <= value <= r.last]
    if not matches:
        return None
    local = [r for r in matches if r.origin == "local"]
    if local:
        loc = local[0]
        matches = [r for r in matches if r.origin == "local" or
                   (r.origin in ("static", "prefix-list") and r.prefixlen > loc.prefixlen)]
    return min(matches, key=lambda r: (-r.prefixlen, r.rank))


def _no_member(addr: str, owner: SecurityGroup, ref: str) -> bool:
    """After a middlebox, security group references match nothing (VPC-SGR limitation)."""
    return False


def _kind(eni: Eni) -> str:
    if eni.hypothetical:
        return "subnet"
    return eni.kind


def _sg_component(eni: Eni) -> str:
    return eni.sgs[0].id if eni.sgs else eni.id


def _sg_names(eni: Eni) -> str:
    return ", ".join(g.display_name for g in eni.sgs or []) or eni.name
