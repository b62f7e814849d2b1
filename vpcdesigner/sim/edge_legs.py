"""The CloudFront part of a trace: viewer → edge (viewer protocol policy), then edge → origin with
the origin protocol policy, from CloudFront's origin-facing addresses (see trace.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..model import LoadBalancer, Origin
from .endpoints import Endpoint
from .gateways import Walker
from .results import Packet
from .walk import Place

if TYPE_CHECKING:
    from .legs import Run
    from .topology import Eni, Topology

CF_SOURCE_PORT = 49152


class CloudFrontLegs:
    """Mixed into trace.Tracer, which provides the attributes and helpers declared here."""

    topo: Topology
    dst: Endpoint
    src: Endpoint
    packet: Packet
    run_: Run
    src_addr: str
    client_sees_fail: str
    unknown: str | None
    terminal: str | None

    def arrival(self, expect: Endpoint) -> Callable[[Walker, Place], Place | None]:
        raise NotImplementedError

    def sender(self, ep: Endpoint) -> Callable[[Walker, Packet], Place]:
        raise NotImplementedError

    def replier(self, client: Endpoint) -> Callable[[Walker, Place, Packet], Place]:
        raise NotImplementedError

    def home_check(self, client: Endpoint, addr: str) -> Callable[[Place], bool]:
        raise NotImplementedError

    def via_load_balancer(self, client: Endpoint | None, send: Callable[[Walker, Packet], Place], pkt: Packet,
                          lb: LoadBalancer, home: Callable[[Place], bool], first: bool,
                          reply: Callable[[Walker, Place, Packet], Place] | None = None,
                          client_label: str | None = None, description: str = "client to load balancer") -> None:
        raise NotImplementedError

    def entry_node(self, lb_id: str) -> Eni:
        raise NotImplementedError

    def via_cloudfront(self) -> None:
        topo, cf = self.topo, self.dst.cf
        assert cf is not None
        edge = self.dst.address if self.dst.address in topo.cloudfront_by_address else topo.cloudfront_edge[cf.id]
        assert edge is not None
        pkt = self.packet.with_(dst=edge)
        origin = next((o for o in cf.origins if o.id == cf.default_origin), cf.origins[0] if cf.origins else None)
        decided: list[tuple[int, str]] = []

        def arrived(w: Walker, place: Place) -> Place | None:
            place = self.arrival(self.dst)(w, place) or place
            p = w.hops[-1].packet_out
            if p.protocol != "tcp" or p.dst_port not in (80, 443):
                raise w.block(cf.id, "cloudfront", "viewer connection",
                              f"CloudFront {cf.display_name} only accepts HTTP on port 80 and HTTPS on port 443.",
                              p, None, "ELB_NO_LISTENER")
            viewer = "https" if p.dst_port == 443 else "http"
            if viewer == "http" and cf.viewer_protocol_policy == "https-only":
                self.client_sees_fail = "HTTP 403"
                raise w.block(cf.id, "cloudfront", "viewer protocol policy",
                              f"CloudFront {cf.display_name} is set to HTTPS only, so it refuses plain HTTP "
                              "(the viewer gets 403 Forbidden).", p, None, "ELB_NO_LISTENER")
            if viewer == "http" and cf.viewer_protocol_policy == "redirect-to-https":
                w.add(cf.id, "cloudfront", "viewer protocol policy", "pass",
                      f"CloudFront {cf.display_name} answers plain HTTP with a redirect to HTTPS.", p)
                self.terminal = "HTTP 301 redirect to HTTPS"
                return place
            if origin is None:
                self.unknown = f"CloudFront {cf.display_name} has no origin"
                return place
            oport, oproto = _origin_port(origin, viewer)
            decided.append((oport, oproto))
            w.add(cf.id, "cloudfront", "edge", "pass",
                  f"The CloudFront edge accepts {viewer.upper()}; on a cache miss it fetches from origin "
                  f"{origin.id} over {oproto.upper()} port {oport} (origin protocol policy {origin.protocol_policy}).",
                  p)
            return place

        end = self.run_.leg(self.src.name, cf.display_name, "viewer to CloudFront edge", pkt,
                            self.sender(self.src), arrived, self.replier(self.src),
                            self.home_check(self.src, self.src_addr))
        if end is None or self.terminal or not decided or origin is None:
            return
        self.to_origin(cf.id, origin, decided[0][0])

    def to_origin(self, cf_id: str, origin: Origin, oport: int) -> None:
        topo = self.topo
        self.client_sees_fail = "HTTP 504"
        target = topo.res.get(origin.target or "")
        if target is None:
            self.unknown = f"origin {origin.id} ({origin.domain_name or 'no target'}) is outside this design"
            return
        src_addr, src_from = topo.origin_facing_source()
        enis = topo.enis_of_component.get(target.id, [])
        if not enis:
            self.unknown = f"origin {origin.id} has no address in the design"
            return
        eni = self.entry_node(target.id) if isinstance(target, LoadBalancer) else enis[0]
        addr = eni.private_ip if origin.vpc_origin else (eni.public_ip or eni.private_ip)
        pkt = Packet(src_addr, addr, "tcp", CF_SOURCE_PORT, oport)
        cf_name = topo.name(cf_id)

        def send(w: Walker, p: Packet) -> Place:
            w.add(cf_id, "cloudfront", "origin fetch", "info",
                  f"CloudFront {cf_name} connects to origin {target.display_name} at {addr} from an origin-facing "
                  f"address {src_addr} ({src_from}).", p)
            if origin.vpc_origin:
                w.add(cf_id, "cloudfront", "VPC origin", "info",
                      "Through a VPC origin, CloudFront reaches the private address from inside the VPC.", p)
                return w.deliver_local(eni.vpc, p, None, "the CloudFront VPC origin")
            return w.on_internet(p)

        def reply(w: Walker, place: Place, p: Packet) -> Place:
            if not origin.vpc_origin:
                return self.replier(Endpoint(cf_id, "internet", cf_id, cf_name, address=src_addr))(w, place, p)
            if place.eni is None:
                return w.on_internet(p)
            w.nacl_check(place.eni.subnet, p, inbound=False)
            w.add(cf_id, "cloudfront", "VPC origin", "pass",
                  "The reply returns to CloudFront through the VPC origin.", p)
            return Place("internet", p.dst, component=cf_id)

        home = self.home_check(Endpoint(cf_id, "internet", cf_id, cf_name, address=src_addr), src_addr)
        if isinstance(target, LoadBalancer):
            self.via_load_balancer(None, send, pkt, target, home, first=False, reply=reply, client_label=cf_name,
                                   description="CloudFront edge to origin")
            return
        ep = Endpoint(target.id, "eni", target.id, target.display_name, eni=eni)
        self.run_.leg(cf_name, target.display_name, "CloudFront edge to origin", pkt, send, self.arrival(ep),
                      reply, home)
        if self.run_.legs[-1].forward and any(h.reason == "ELB_NO_LISTENER" for h in self.run_.legs[-1].forward):
            self.client_sees_fail = "HTTP 502"


def _origin_port(origin: Origin, viewer: str) -> tuple[int, str]:
    if origin.protocol_policy == "https-only" or (origin.protocol_policy == "match-viewer" and viewer == "https"):
        return origin.https_port, "https"
    return origin.http_port, "http"
