"""`trace(design, source, destination, ...)`: the forward and return path of one connection,
end to end through proxies (CloudFront edge → origin, load balancer → target), one *leg* per
connection. Reachable only when every leg is delivered both ways.

Fixed choices (documented for users and tests):
* Source port: the one given, else 49152 (inside the Linux 32768-60999 and Windows 49152-65535
  ranges), 1025 for `windows-legacy`. Load balancers and NAT gateways pick from 1024-65535, so
  network ACLs on their replies must allow that whole range.
* Load balancer entry node: the node in the load balancer's first subnet, unless the keyword
  `entry_subnet` (a subnet id or name) names another subnet where the load balancer has a node
  (the request rotation uses it so successive requests enter through alternating AZs). It applies
  to the load balancer on the path: the destination itself or a CloudFront origin.
* Target selection: the first healthy target in the entry node's AZ, else the first healthy
  target; if none is healthy the load balancer fails open (same order over all targets). Targets
  in AZs where the load balancer has no node get no traffic. Order: the target group's listed
  targets, then Auto Scaling group members (groups by id, members by number).
* A load balancer named by one of its node addresses is a question about that node: the
  connection to it (its security group, its listener: no listener on the port means refused) is
  the answer, without going on to a target. Named by id, name or DNS name it goes end to end.
* Load balancers are full proxies (new connection from the node's private address, source port
  1024-65535), except a Network Load Balancer with instance targets, which keeps the client's
  address and port (the target's security group must allow the client; replies go back through
  the load balancer). Application Load Balancer listener rules (host/path conditions, by priority)
  decide when the trace carries an HTTP request (`http_host`, `http_path`; `request()` passes the
  URL's): see listener_rules.py. Through CloudFront the Host the load balancer sees is its own
  DNS name (CloudFront does not forward the viewer's Host by default); without a request the
  listener's default action decides.
* An internet-facing load balancer is reached on its public node addresses (its DNS name resolves
  to them from everywhere, even inside its VPC); an internal one on its private addresses.
* CloudFront: viewers reach one abstract edge location; origin fetches come from the first
  address of the `com.amazonaws.global.cloudfront.origin-facing` prefix list in the design, else
  from the built-in range in topology.BUILTIN_CLOUDFRONT_RANGE, with source port 49152.
* IPv6: a trace is IPv6 when either end is written as an IPv6 address (trace6.py); IPv6 routes,
  NACL and SG rules only match IPv6 (0.0.0.0/0 never covers IPv6, ::/0 never IPv4); the internet
  gateway forwards IPv6 unchanged and the egress-only gateway only lets replies in (internet6.py).
* Stand-ins from imports ("placeholder:") turn a stop that rests on them into "cannot tell"
  (standins.py).
* A host traced to itself is loopback: reachable, nothing on the network is involved.
* `reachable` is None when the answer depends on something outside the design: an origin outside
  it, or a rule narrower than 0.0.0.0/0 meeting a public address AWS allocates at launch.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Design, Listener, LoadBalancer, TargetGroup
from ..model.types import normalise_protocol
from .addr import is_private
from .edge_legs import CloudFrontLegs
from .endpoints import Endpoint, EndpointError, destination_address, resolve_endpoint
from .explain import traffic
from .gateways import Walker
from .legs import LegRun, Run
from .listener_rules import apply_rules
from .results import Blocked, Hop, Leg, Packet, Trace
from .standins import standin_behind
from .targets import pick_target
from .topology import AWS_PORTS, Eni, Topology, topology
from .trace6 import ICMP6_ECHO_REQUEST, Ipv6Legs, family_problem, ipv6_of, wants_ipv6
from .walk import Place

__all__ = ["LegRun", "Run", "TraceInputError", "Tracer", "source_port_for", "trace"]


class TraceInputError(ValueError):
    """Bad trace input (unknown endpoint, bad port or protocol); the message names the culprit."""


def trace(design: Design, source: str, destination: str, protocol: str = "tcp", port: int | None = None,
          source_port: int | None = None, icmp_type: int | None = None, icmp_code: int | None = None, *,
          entry_subnet: str | None = None, http_host: str | None = None, http_path: str | None = None) -> Trace:
    """Trace a connection from `source` to `destination` (ids, names, DNS names or IPs);
    `entry_subnet` picks the load balancer node that takes the connection (default: the first)."""
    topo = topology(design)
    try:
        proto = normalise_protocol(protocol)
    except ValueError as exc:
        raise TraceInputError(f"protocol: {exc}") from None
    for label, value in (("port", port), ("source port", source_port)):
        if value is not None and not 0 <= value <= 65535:
            raise TraceInputError(f"{label} {value} is outside 0-65535")
    for label, value in (("ICMP type", icmp_type), ("ICMP code", icmp_code)):
        if value is not None and not 0 <= value <= 255:
            raise TraceInputError(f"{label} {value} is outside 0-255")
    try:
        src = resolve_endpoint(topo, source)
        dst = resolve_endpoint(topo, destination, src)
    except EndpointError as exc:
        raise TraceInputError(str(exc)) from None
    if src.kind in ("no-subnet", "resolver"):
        raise TraceInputError(f"source {source!r} is an address nothing can send from ({src.kind})")
    if src.kind == "internet" and src.address and is_private(src.address):
        raise TraceInputError(f"source {source!r} is a private address outside every VPC and on-premises network")
    if wants_ipv6(src, dst):
        problem = family_problem(src, dst)
        if problem is not None:
            raise TraceInputError(problem)
        proto = "icmpv6" if proto == "icmp" else proto
    elif proto == "icmpv6":
        raise TraceInputError("protocol icmpv6 needs an IPv6 end: give an IPv6 address as source or destination")
    if proto in ("tcp", "udp") and port is None:
        port = _default_port(dst)
        if port is None:
            raise TraceInputError(f"a {proto.upper()} trace needs a destination port (--port)")
    if proto in ("icmp", "icmpv6"):
        icmp_type = (8 if proto == "icmp" else ICMP6_ECHO_REQUEST) if icmp_type is None else icmp_type
        icmp_code = 0 if icmp_code is None else icmp_code
    tracer = Tracer(topo, src, dst, proto, port, source_port, icmp_type, icmp_code)
    tracer.http_host, tracer.http_path = http_host, http_path
    if dst.lb is not None and dst.eni is not None and dst.address is not None:
        tracer.entry_subnet = dst.eni.subnet  # a node named by its address takes the connection
    if entry_subnet is not None:
        tracer.entry_subnet = _entry_subnet(topo, dst, entry_subnet)
        if dst.lb is not None:
            dst.eni = tracer.entry_node(dst.lb.id)
    return tracer.run()


def _entry_subnet(topo: Topology, dst: Endpoint, text: str) -> str:
    """The subnet id `text` names, checked against the load balancer on the path."""
    lb = dst.lb
    if lb is None and dst.cf is not None:
        origin = next((o for o in dst.cf.origins if o.id == dst.cf.default_origin),
                      dst.cf.origins[0] if dst.cf.origins else None)
        target = topo.res.get(origin.target or "") if origin is not None else None
        lb = target if isinstance(target, LoadBalancer) else None
    if lb is None:
        raise TraceInputError(f"entry subnet {text!r}: there is no load balancer on the way to {dst.text!r}")
    for node in topo.enis_of_component.get(lb.id, []):
        if text in (node.subnet, topo.name(node.subnet)):
            return node.subnet
    raise TraceInputError(f"entry subnet {text!r}: load balancer {lb.display_name} has no node there "
                          f"(its subnets: {', '.join(lb.subnets) or 'none'})")


def _default_port(dst: Endpoint) -> int | None:
    if dst.lb is not None and dst.lb.listeners:
        return dst.lb.listeners[0].port
    if dst.cf is not None:
        return 443
    return None


def source_port_for(ep: Endpoint, given: int | None) -> tuple[int, tuple[int, int] | None]:
    if given is not None:
        return given, None
    if ep.kind in ("load-balancer",) or (ep.eni is not None and ep.eni.kind == "nat-gateway"):
        return AWS_PORTS[0], AWS_PORTS
    return (1025 if ep.os == "windows-legacy" else 49152), None


class Tracer(CloudFrontLegs, Ipv6Legs):
    def __init__(self, topo: Topology, src: Endpoint, dst: Endpoint, proto: str, port: int | None,
                 sport: int | None, icmp_type: int | None, icmp_code: int | None,
                 walker: type[Walker] = Walker) -> None:
        self.topo, self.src, self.dst, self.proto = topo, src, dst, proto
        self.hyp = [e.eni for e in (src, dst) if e.eni is not None and e.eni.hypothetical]
        self.run_ = Run(topo, self.hyp, walker=walker)
        ports = proto in ("tcp", "udp")
        sp, sp_range = source_port_for(src, sport) if ports else (None, None)
        self.v6 = wants_ipv6(src, dst)
        self.src_addr = (ipv6_of(src) or "") if self.v6 else self._source_address(src)
        icmp = proto in ("icmp", "icmpv6")
        self.packet = Packet(self.src_addr, "", proto, sp, port if ports else None,
                             icmp_type if icmp else None, icmp_code if icmp else None, sp_range)
        self.client_sees_fail = "timeout"
        self.unknown: str | None = None
        self.terminal: str | None = None
        self.entry_subnet: str | None = None
        self.http_host: str | None = None  # the HTTP request, for listener rules (see the module docstring)
        self.http_path: str | None = None
        # a load balancer node named by its address: the answer stops at the node (see above)
        self.node_only = dst.lb is not None and dst.address is not None

    def entry_node(self, lb_id: str) -> Eni:
        """The load balancer node that takes the connection (see `entry_subnet`)."""
        nodes = self.topo.enis_of_component[lb_id]
        return next((n for n in nodes if n.subnet == self.entry_subnet), nodes[0])

    def _source_address(self, ep: Endpoint) -> str:
        if ep.kind == "cloudfront":
            return self.topo.origin_facing_source()[0]
        if ep.eni is not None:
            return ep.eni.private_ip
        return ep.address or ""

    # -- starting and ending points -------------------------------------------------------------
    def sender(self, ep: Endpoint) -> Callable[[Walker, Packet], Place]:
        def send(w: Walker, pkt: Packet) -> Place:
            w.add(ep.component, _ep_kind(ep), "send", "info",
                  f"{ep.name} sends {traffic(pkt)} to {pkt.dst}.", pkt, name=ep.name)
            if ep.eni is not None:
                return w.send_from_eni(ep.eni, pkt)
            if ep.site is not None:
                return w.send_from_onprem(ep.site, pkt)
            return w.on_internet(pkt)
        return send

    def replier(self, client: Endpoint) -> Callable[[Walker, Place, Packet], Place]:
        def reply(w: Walker, place: Place, pkt: Packet) -> Place:
            if place.kind == "eni" and place.eni is not None:
                return w.send_from_eni(place.eni, pkt)
            if place.kind == "on-premises":
                return w.send_from_onprem(self.topo.res[place.site or ""], pkt)
            if place.kind == "resolver" and client.eni is not None:
                w.add(place.component, "dns-resolver", "reply", "pass",
                      "The Amazon DNS server answers; its replies are never filtered either.", pkt,
                      name="Amazon DNS server")
                return self._deliver_unfiltered(w, client.eni, pkt)
            if place.kind == "link-local" and client.eni is not None:
                w.add(client.eni.component, _ep_kind(client), "link-local service", "pass",
                      f"The answer from {place.address} comes back on the same host, unfiltered.", pkt,
                      name=client.eni.name)
                return self._deliver_unfiltered(w, client.eni, pkt)
            if place.kind == "service":
                w.add(place.component, "vpc-endpoint", "reply", "pass",
                      "The service answers through the gateway endpoint.", pkt)
                return w.deliver_local(place.vpc or "", pkt, None, "the gateway endpoint")
            who = self.topo.name(place.component) if place.kind == "cloudfront" else place.address
            w.add(place.component or "internet", "cloudfront" if place.kind == "cloudfront" else "internet",
                  "reply", "info", f"{who} sends the reply back to {pkt.dst}.", pkt,
                  name=who if place.kind == "cloudfront" else "internet")
            return w.on_internet(pkt)
        return reply

    @staticmethod
    def _deliver_unfiltered(w: Walker, eni: Eni, pkt: Packet) -> Place:
        w.add(eni.component, "instance", "delivery", "pass", f"The reply reaches {eni.name} ({eni.private_ip}).",
              pkt, name=eni.name)
        return Place("eni", pkt.dst, eni=eni, component=eni.component, vpc=eni.vpc)

    @staticmethod
    def home_check(client: Endpoint, addr: str) -> Callable[[Place], bool]:
        def ok(place: Place) -> bool:
            if client.eni is not None:
                return place.eni is not None and place.eni.private_ip == client.eni.private_ip
            if client.site is not None:
                return place.site == client.site.id and place.address == addr
            return place.kind == "internet" and place.address == addr
        return ok

    def arrival(self, expect: Endpoint) -> Callable[[Walker, Place], Place | None]:
        def arrived(w: Walker, place: Place) -> Place | None:
            good = False
            if expect.kind in ("eni", "load-balancer") and expect.eni is not None:
                good = place.eni is not None and place.eni.component == expect.eni.component
            elif expect.kind == "on-premises":
                good = place.site == (expect.site.id if expect.site else None)
            elif expect.kind == "resolver":
                good = place.kind in ("resolver", "link-local")
            elif expect.kind == "cloudfront":
                good = place.kind == "cloudfront" and place.component == expect.component
            else:
                good = place.kind in ("internet", "service")
            if not good:
                last = w.hops[-1].packet_out if w.hops else self.packet
                raise w.block(place.component or "internet", "internet", "delivery",
                              f"The packet ends up at {place.component or place.address}, not at {expect.name}.",
                              last, None, "NO_DESTINATION")
            return place
        return arrived

    # -- the whole path -------------------------------------------------------------------------
    def run(self) -> Trace:
        dst = self.dst
        if dst.kind == "cloudfront" and dst.cf is not None:
            self.via_cloudfront()
        elif dst.kind == "load-balancer" and dst.lb is not None:
            addr = destination_address(self.topo, dst, self.src)
            self.via_load_balancer(self.src, self.sender(self.src), self.packet.with_(dst=addr), dst.lb,
                                   self.home_check(self.src, self.src_addr), first=True)
        elif self.src.eni is not None and dst.eni is not None and self.src.eni.id == dst.eni.id:
            self.loopback(self.src.eni)
        elif self.v6:
            self.run6()
        else:
            addr = destination_address(self.topo, dst, self.src)
            self.run_.leg(self.src.name, dst.name, "connection", self.packet.with_(dst=addr),
                          self.sender(self.src), self.arrival(dst), self.replier(self.src),
                          self.home_check(self.src, self.src_addr))
        return self.assemble()

    def loopback(self, eni: Eni) -> None:
        """A host talking to itself: the packet never leaves it, so nothing on the network checks it."""
        def send(w: Walker, p: Packet) -> Place:
            w.add(eni.component, _ep_kind(self.src), "delivery", "pass",
                  f"{eni.name} is talking to itself: the packet never leaves the host, so no security group, "
                  "network ACL or route is involved.", p, name=eni.name)
            return Place("eni", p.dst, eni=eni, component=eni.component, vpc=eni.vpc)

        def reply(w: Walker, place: Place, p: Packet) -> Place:
            w.add(eni.component, _ep_kind(self.src), "delivery", "pass", f"The reply stays inside {eni.name}.", p,
                  name=eni.name)
            return place

        self.run_.leg(eni.name, eni.name, "loopback", self.packet.with_(dst=eni.private_ip), send,
                      lambda w, place: place, reply, lambda place: True)

    def via_load_balancer(self, client: Endpoint | None, send: Callable[[Walker, Packet], Place], pkt: Packet,
                          lb: LoadBalancer, home: Callable[[Place], bool], first: bool,
                          reply: Callable[[Walker, Place, Packet], Place] | None = None,
                          client_label: str | None = None, description: str = "client to load balancer") -> None:
        node = self.entry_node(lb.id)
        chosen: list[Listener] = []

        def arrived(w: Walker, place: Place) -> Place | None:
            if place.eni is None or place.eni.component != lb.id:
                return self.arrival(Endpoint(lb.id, "load-balancer", lb.id, lb.display_name, eni=node))(w, place)
            listener = self.listener(w, lb, w.hops[-1].packet_out)
            asked = self.http_host is not None or self.http_path is not None
            host = self.http_host if first or not asked else (lb.dns_name or None)
            chosen.append(apply_rules(w, lb, listener, host, self.http_path, w.hops[-1].packet_out))
            return place

        if not first:
            self.client_sees_fail = "HTTP 504"
        lb_ep = Endpoint(lb.id, "load-balancer", lb.id, lb.display_name, eni=node)
        label = client_label or (client.name if client else "CloudFront")
        end = self.run_.leg(label, lb.display_name, description, pkt, send, arrived,
                            reply or self.replier(client or lb_ep), home)
        if end is None:
            if not first and any(h.reason == "ELB_NO_LISTENER" for h in self.run_.legs[-1].forward):
                self.client_sees_fail = "HTTP 502"
            return
        listener = chosen[0]
        node = end.eni or node
        at_node = self.run_.legs[-1].forward[-1].packet_out
        if listener.default_action == "redirect":
            self.terminal = f"HTTP 301 redirect to port {listener.redirect_port or 443}"
            return
        if listener.default_action == "fixed-response":
            self.terminal = "fixed response from the load balancer"
            return
        if first and self.node_only:
            return
        self.to_target(lb, listener, node, at_node)

    def listener(self, w: Walker, lb: LoadBalancer, pkt: Packet) -> Listener:
        proto_ok = {"HTTP": ("tcp",), "HTTPS": ("tcp",), "TCP": ("tcp",), "TLS": ("tcp",), "SSL": ("tcp",),
                    "UDP": ("udp",), "TCP_UDP": ("tcp", "udp")}
        for listener in lb.listeners:
            if listener.port == pkt.dst_port and pkt.protocol in proto_ok.get(listener.protocol, ()):
                tg = listener.target_group
                action = {"forward": f"forwards to target group {self.topo.name(tg) if tg else '(none)'}",
                          "redirect": "redirects the client", "fixed-response": "returns a fixed response"}
                w.add(lb.id, "load-balancer", "listener", "pass",
                      f"Listener {listener.protocol}:{listener.port} of {lb.display_name} accepts the connection; "
                      f"its default action {action[listener.default_action]}.", pkt)
                return listener
        code = "ELB_LISTENERS_MISMATCH" if lb.type == "classic" else "ELBV2_LISTENERS_MISMATCH"
        raise w.block(lb.id, "load-balancer", "listener",
                      f"Load balancer {lb.display_name} has no listener for {traffic(pkt)}, so it does not accept "
                      "the connection.", pkt, code, "ELB_NO_LISTENER")

    def to_target(self, lb: LoadBalancer, listener: Listener, node: Eni, at_node: Packet) -> None:
        topo = self.topo
        tg = topo.res.get(listener.target_group or "")
        picked = pick_target(topo, lb, tg if isinstance(tg, TargetGroup) else None, listener, node)
        layer4 = lb.type == "network"  # no HTTP answer from a Network Load Balancer: the client times out
        self.client_sees_fail = "timeout" if layer4 else "HTTP 504"
        if picked.error is not None:
            run = LegRun(lb.display_name, picked.group_name, "load balancer to target")
            run.forward = [Hop(picked.group_id, picked.group_name, "target-group", "target selection", "block",
                               picked.error, self.packet, self.packet, None, picked.code, "ELB_NO_TARGETS")]
            run.failed_direction = "forward"
            self.run_.legs.append(run)
            self.client_sees_fail = "timeout" if layer4 else "HTTP 503"
            return
        target = picked.target
        # A Network Load Balancer keeps the client's address for instance targets (client IP preservation)
        preserve = lb.type == "network" and isinstance(tg, TargetGroup) and tg.target_type == "instance"
        if preserve:
            pkt = Packet(at_node.src, picked.address, at_node.protocol, at_node.src_port, picked.port,
                         src_port_range=at_node.src_port_range)
        else:
            pkt = Packet(node.private_ip, picked.address, "tcp", AWS_PORTS[0], picked.port, src_port_range=AWS_PORTS)
        target_ep = Endpoint(picked.address, "eni", target.component if target else "internet",
                             target.name if target else picked.address, eni=target, address=picked.address)
        node_ep = Endpoint(lb.id, "load-balancer", lb.id, lb.display_name, eni=node)

        def send(w: Walker, p: Packet) -> Place:
            w.add(picked.group_id, "target-group", "target selection", "info", picked.why, p,
                  name=picked.group_name)
            if preserve:
                w.add(lb.id, "load-balancer", "send", "info",
                      f"{node.name} passes the connection to {target_ep.name} keeping the client's address {p.src} "
                      "as the source (client IP preservation), so the target must allow the client itself.", p)
            else:
                w.add(lb.id, "load-balancer", "send", "info",
                      f"{node.name} opens a new connection to {target_ep.name} from its own private address "
                      f"{node.private_ip} (the client's address goes in X-Forwarded-For).", p)
            return w.send_from_eni(node, p)

        def reply_via_nlb(w: Walker, place: Place, p: Packet) -> Place:
            eni = place.eni
            if eni is None:
                return self.replier(node_ep)(w, place, p)
            if eni.sgs is not None:
                w.add(eni.sgs[0].id if eni.sgs else eni.id, "security-group", "security group outbound (reply)",
                      "pass", f"The security group of {eni.name} lets the reply out: it is stateful.", p,
                      name=", ".join(g.display_name for g in eni.sgs) or eni.name)
            w.nacl_check(eni.subnet, p, inbound=False)
            w.add(lb.id, "load-balancer", "reply", "pass",
                  f"The reply to {p.dst} goes back through {lb.display_name}, which tracks the connection.", p)
            return Place("eni", node.private_ip, eni=node, component=lb.id, vpc=node.vpc)

        if target is None:
            target_ep = self._address_endpoint(picked.address)
        self.run_.leg(lb.display_name, target_ep.name, "load balancer to target", pkt, send,
                      self.arrival(target_ep), reply_via_nlb if preserve else self.replier(node_ep),
                      self.home_check(node_ep, node.private_ip))

    def _address_endpoint(self, addr: str) -> Endpoint:
        try:
            return resolve_endpoint(self.topo, addr)
        except EndpointError:
            return Endpoint(addr, "internet", "internet", addr, address=addr)

    # -- result ---------------------------------------------------------------------------------
    def assemble(self) -> Trace:
        legs = self.run_.legs
        forward: list[Hop] = []
        back: list[Hop] = []
        out_legs: list[Leg] = []
        for run in legs:
            start = len(forward)
            forward.extend(run.forward)
            out_legs.append(Leg(run.source, run.destination, run.ok, list(range(start, len(forward))),
                                description=run.description))
        for index in range(len(legs) - 1, -1, -1):
            start = len(back)
            back.extend(legs[index].back)
            out_legs[index].return_ = list(range(start, len(back)))
        failed = next((i for i, r in enumerate(legs) if not r.ok), None)
        packet = self.packet.with_(dst=legs[0].forward[0].packet_in.dst if legs and legs[0].forward else "")
        t = Trace(self.src.text, self.dst.text, packet, None, "", forward, back, out_legs)
        if self.hyp:
            t.notes.append("A hypothetical host's security groups are unknown: this is a network-level answer.")
        uncertain = [u for r in legs for u in r.uncertain]
        if failed is not None and legs[failed].block_uncertain:
            t.reachable = None
            t.reason = ("Cannot tell: the answer depends on a public address AWS allocates at launch, which a "
                        f"narrower rule may or may not cover ({', '.join(dict.fromkeys(uncertain))}).")
            t.client_sees = "unknown"
            return t
        if failed is not None:
            run = legs[failed]
            hops = run.forward if run.failed_direction == "forward" else run.back
            hop = hops[-1]
            behind = standin_behind(self.topo, hop)
            if behind is not None:
                t.reachable, t.client_sees = None, "unknown"
                t.reason = (f"Cannot tell: the path stops at {hop.name}, and that rests on {self.topo.name(behind)}, a "
                            "stand-in the import invented for an object defined outside it "
                            f"({self.topo.res[behind].description}). The stop: {hop.explanation}")
                return t
            direction = "forward" if run.failed_direction == "forward" else "return"
            t.reachable = False
            t.blocked = Blocked(hop.component, hop.name, hop.kind, direction, failed,  # type: ignore[arg-type]
                                hop.code, hop.reason if direction == "forward" else f"RETURN_PATH({hop.reason})",
                                hop.explanation)
            where = "on the way back" if direction == "return" else "on the way there"
            t.reason = f"Blocked {where} at {hop.name}: {hop.explanation}"
            t.client_sees = self.client_sees_fail if failed > 0 or self.client_sees_fail == "HTTP 403" else "timeout"
            if failed == 0 and self.client_sees_fail == "HTTP 502":
                t.client_sees = "HTTP 502"
            return t
        if self.unknown:
            t.reachable, t.reason, t.client_sees = None, f"Cannot tell: {self.unknown}.", "unknown"
            return t
        if uncertain:
            t.reachable, t.client_sees = None, "unknown"
            t.reason = ("Cannot tell: the path passes a rule that depends on a public address AWS allocates at "
                        f"launch ({', '.join(dict.fromkeys(uncertain))}).")
            return t
        t.reachable = True
        path = " → ".join([legs[0].source] + [r.destination for r in legs]) if legs else ""
        t.reason = f"Reachable: {path}, and every reply gets back."
        t.client_sees = self.terminal or "connected"
        return t


def _ep_kind(ep: Endpoint) -> str:
    if ep.eni is not None:
        return "subnet" if ep.eni.hypothetical else ep.eni.kind
    return {"cloudfront": "cloudfront", "on-premises": "on-premises"}.get(ep.kind, "internet")
