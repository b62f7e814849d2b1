"""``request(design, client, url, *, session=None)``: the seed's "Flow of User Request" end to end.

1. DNS: the client looks the URL's host up with ``sim.dns.resolve`` through the session's
   ``DnsCache`` (a second request within the TTL shows the cache hit). An IPv4 host skips DNS;
   after a redirect to the same host the browser reuses the address it already has.
2. Connection: what the name points at (an alias or CNAME to a CloudFront distribution or a load
   balancer, an edge or load balancer address, else the plain address) is traced with
   ``sim.trace`` on the URL's port (https 443, http 80, or the explicit one). That end-to-end trace
   is cut into one Trace per leg: client → nearest CloudFront edge, edge → origin (with the origin
   protocol policy), client/edge → load balancer, load balancer → target. The target is picked by
   the session's rotation (RequestSession); when it differs from trace's own pick, that leg is
   traced again from the same load balancer node to the chosen target.
3. Outcome: HTTP 200 when every leg is delivered both ways (a target that receives the request is
   taken to serve the page); a 301 from CloudFront's viewer protocol policy or a redirect listener
   is a step of its own and is followed (up to MAX_REDIRECTS) unless the session says not to;
   otherwise what the failed leg's trace says the client sees (HTTP 403/502/503/504, or a timeout
   when the client's own connection fails), or a DNS failure, or unknown.

The verdict is the conjunction of the legs: ``reachable`` is True only if the DNS lookup answered
and every leg's trace is reachable; the first leg that is not is ``failed_step``.
"""

from __future__ import annotations

import re

from ..model import CloudFront, Design, LoadBalancer
from .addr import is_ip
from .dns import DnsInputError, DnsLookup, cloudfront_for_address, resolve
from .listener_rules import effective_listener
from .request_legs import listener_for, picked_address, relabel, split_legs, target_pool, trace_to_target
from .request_narrate import dns_sentence, leg_sentence, narrate
from .request_types import (
    MAX_REDIRECTS,
    STATUS_TEXT,
    RequestInputError,
    RequestResult,
    RequestSession,
    RequestStep,
    Url,
)
from .request_url import parse_url
from .results import Trace
from .topology import Topology, topology
from .trace import TraceInputError, trace

__all__ = ["RequestInputError", "RequestResult", "RequestSession", "RequestStep", "request"]

_REDIRECT_PORT = re.compile(r"redirect to port (\d+)")
ENTRY_ROTATION = "entry node"  # rotation key (load balancer, ENTRY_ROTATION): requests through its nodes


def origin_lb_id(cf: CloudFront) -> str | None:
    origin = next((o for o in cf.origins if o.id == cf.default_origin), cf.origins[0] if cf.origins else None)
    return origin.target if origin else None


def request(design: Design, client: str, url: str, *, session: RequestSession | None = None) -> RequestResult:
    """Simulate a browser at ``client`` (id, name or IP) opening ``url``; advances the session clock."""
    session = session if session is not None else RequestSession()
    target = parse_url(url)
    topo = topology(design)
    result = RequestResult(target, client, session.now)
    flow = _Flow(design, topo, session, client, result)
    flow.run(target)
    session.now += session.interval
    session.count += 1
    result.narration = narrate(result)
    return result


class _Flow:
    def __init__(self, design: Design, topo: Topology, session: RequestSession, client: str,
                 result: RequestResult) -> None:
        self.design, self.topo, self.session, self.client, self.result = design, topo, session, client, result
        self.resolved: dict[str, str] = {}
        self.client_name = client

    def run(self, url: Url) -> None:
        for _ in range(MAX_REDIRECTS + 1):
            dest = self.lookup(url)
            if dest is None:
                return
            location = self.connect(url, dest)
            if location is None:
                return
            if not self.session.follow_redirects:
                return
            url = location
        self.result.outcome, self.result.client_sees = "http-error", "too many redirects"
        self.result.reachable = False

    # -- DNS ------------------------------------------------------------------------------------
    def lookup(self, url: Url) -> str | None:
        """The trace destination for the URL's host, or None when DNS fails (recorded as a step)."""
        if is_ip(url.host):
            return self.by_address(url.host)
        if url.host in self.resolved:
            return self.resolved[url.host]
        try:
            lk = resolve(self.design, url.host, self.client, cache=self.session.dns_cache, now=self.session.now,
                         derived=self.topo.derived)
        except DnsInputError as exc:
            raise RequestInputError(f"client {self.client!r}: {exc}") from None
        self.client_name = lk.client.name
        r = self.result
        r.dns = r.dns or lk
        ok = lk.result == "answer" and bool(lk.addresses)
        verdict = None if lk.result == "outside-design" else ok
        step = RequestStep("dns", lk.client.name, lk.resolver.name, dns_sentence(lk), verdict, dns=lk, url=url.text)
        r.steps.append(step)
        if not ok:
            self.dns_failed(lk, len(r.steps) - 1)
            return None
        dest = self.destination_of(lk)
        self.resolved[url.host] = dest
        return dest

    def dns_failed(self, lk: DnsLookup, index: int) -> None:
        r = self.result
        r.failed_step = index
        if lk.result == "outside-design":
            r.outcome, r.reachable = "unknown", None
            r.client_sees = "unknown (the name is outside this design)"
            return
        r.outcome, r.reachable = "dns-failure", False
        what = {"nxdomain": "NXDOMAIN", "no-answer": "no answer", "error": "SERVFAIL"}.get(lk.result, lk.result)
        r.client_sees = f"DNS error: {what}"

    def destination_of(self, lk: DnsLookup) -> str:
        """What the answer points at: an alias target, a load balancer or CloudFront name in the
        CNAME chain, an edge or load balancer node address, else the first address."""
        res = self.design.resources
        for rec in reversed(lk.answers):
            if rec.alias_target and isinstance(res.get(rec.alias_target), (CloudFront, LoadBalancer)):
                return rec.alias_target
        for rec in reversed(lk.answers):
            name = rec.name.lower()
            for r in res.values():
                if isinstance(r, LoadBalancer) and r.dns_name and r.dns_name.lower() == name:
                    return r.id
                if isinstance(r, CloudFront) and r.domain_name and r.domain_name.lower() == name:
                    return r.id
        return self.by_address(lk.addresses[0])

    def by_address(self, address: str) -> str:
        cf = cloudfront_for_address(self.design, address)
        if cf is not None:
            return cf.id
        for lb_id, nodes in self.topo.derived.lb_nodes.items():
            enis = self.topo.enis_of_component.get(lb_id, [])
            if any(address in (n.private_ip, n.public_ip) for n in nodes) or \
                    any(address in (e.private_ip, e.public_ip) for e in enis):
                return lb_id
        return address

    # -- connections ----------------------------------------------------------------------------
    def connect(self, url: Url, dest: str) -> Url | None:
        """Trace the connection; append its legs; return the redirect location to follow, if any."""
        res = self.design.resources.get(dest)
        try:
            full = trace(self.design, self.client, dest, "tcp", url.port, entry_subnet=self.entry_subnet(res),
                         http_host=url.host, http_path=url.path)
        except TraceInputError as exc:
            raise RequestInputError(str(exc)) from None
        legs = split_legs(full)
        cf = res if isinstance(res, CloudFront) else None
        lb = res if isinstance(res, LoadBalancer) else None
        origin_target = None
        if cf is not None:
            origin = next((o for o in cf.origins if o.id == cf.default_origin), cf.origins[0] if cf.origins else None)
            origin_target = self.design.resources.get(origin.target or "") if origin else None
            lb = origin_target if isinstance(origin_target, LoadBalancer) else None
        if cf is not None and self.edge_hit(url, cf, legs):
            for key in [k for k in self.session.rotation if k[1] == ENTRY_ROTATION and k[0] == origin_lb_id(cf)]:
                self.session.rotation[key] -= 1  # served at the edge: no load balancer node took it
            return None
        roles = self.roles(cf, lb, res, origin_target, dest)
        r = self.result
        for index, leg in enumerate(legs):
            kind, src, dst = roles[min(index, len(roles) - 1)]
            if kind == "load-balancer-to-target" and lb is not None:
                # the Host the load balancer sees: the URL's, or its own DNS name behind CloudFront (trace.py)
                host = (lb.dns_name or None) if cf is not None else url.host
                leg, dst = self.rotate(lb, legs, index, leg, host, url.path)
            relabel(leg, src, dst, kind.replace("-", " "))
            r.steps.append(RequestStep(kind, src, dst, "", leg.reachable, trace=leg, url=url.text))
            r.steps[-1].explanation = leg_sentence(r.steps[-1], url, cf)
            if kind == "load-balancer-to-target" and r.target_choice:
                r.steps[-1].explanation += " " + r.target_choice
        return self.finish(url, full, cf)

    def entry_subnet(self, res: object) -> str | None:
        """The subnet of the load balancer node that takes this request: request k through a load
        balancer (directly or as CloudFront's origin) enters through node k mod (number of nodes),
        so successive requests alternate entry AZs as well as targets."""
        lb = self.design.resources.get(origin_lb_id(res) or "") if isinstance(res, CloudFront) else res
        if not isinstance(lb, LoadBalancer):
            return None
        nodes = self.topo.enis_of_component.get(lb.id, [])
        if not nodes:
            return None
        key = (lb.id, ENTRY_ROTATION)
        k = self.session.rotation.get(key, 0)
        self.session.rotation[key] = k + 1
        return nodes[k % len(nodes)].subnet

    def roles(self, cf: CloudFront | None, lb: LoadBalancer | None, res: object, origin_target: object,
              dest: str) -> list[tuple[str, str, str]]:
        client = self.client_name
        if cf is not None:
            origin_name = getattr(origin_target, "display_name", "the origin")
            out = [("viewer-to-edge", client, f"{cf.display_name} edge"),
                   ("edge-to-origin", f"{cf.display_name} edge", origin_name)]
            if lb is not None:
                out.append(("load-balancer-to-target", lb.display_name, "target"))
            return out
        if lb is not None:
            return [("client-to-load-balancer", client, lb.display_name),
                    ("load-balancer-to-target", lb.display_name, "target")]
        return [("connection", client, getattr(res, "display_name", dest))]

    def rotate(self, lb: LoadBalancer, legs: list[Trace], index: int, leg: Trace, host: str | None,
               path: str) -> tuple[Trace, str]:
        """The load balancer → target leg for the target the session's rotation picks (in the
        target group the listener rules choose for this request)."""
        before = legs[index - 1] if index > 0 else None
        arrived = before.forward[-1].packet_out if before is not None and before.forward else None
        node = next((e for e in self.topo.enis_of_component.get(lb.id, [])
                     if arrived is not None and e.private_ip == arrived.dst), None)
        listener = listener_for(lb, arrived.dst_port if arrived else None)
        fallback = leg.legs[0].destination if leg.legs else "target"
        if node is None or listener is None:
            return leg, fallback
        listener = effective_listener(lb, listener, host, path)
        first = self.topo.enis_of_component[lb.id][0]  # a fixed order, whichever node took this request
        pool = target_pool(self.topo, lb, listener, first.az)
        if not pool:
            return leg, fallback
        group = listener.target_group or lb.id
        key = (lb.id, group)
        k = self.session.rotation.get(key, 0)
        self.session.rotation[key] = k + 1
        entry = pool[k % len(pool)]
        order = ", ".join(f"{p.name} ({p.az or 'no AZ'})" for p in pool)
        group_name = self.topo.name(group) if group != lb.id else f"{lb.display_name} instances"
        health = "" if all(p.healthy for p in pool) else " (no target is healthy, so the load balancer fails open)"
        why = (f"Round robin{health}: this is connection {k + 1} from {lb.display_name} to {group_name} in this "
               f"session, so it goes to {entry.name} in {entry.az or 'no AZ'}; the rotation order alternates "
               f"Availability Zones: {order}.")
        self.result.target_choice = why
        if picked_address(leg) == (entry.address, entry.port):
            return leg, entry.name
        try:
            return trace_to_target(self.topo, node.private_ip, entry, group, group_name, why), entry.name
        except TraceInputError:  # a target trace cannot address: keep trace's own pick, and say so
            self.result.target_choice = f"{why} ({entry.name} cannot be traced, so trace's own pick is shown.)"
            return leg, fallback

    def edge_hit(self, url: Url, cf: CloudFront, legs: list[Trace]) -> bool:
        """With the edge cache on: serve from the edge when the object is still cached there."""
        s, r = self.session, self.result
        if not s.edge_cache or not legs or legs[0].reachable is not True or len(legs) < 2:
            return False
        expires = s.edge_objects.get((cf.id, url.path))
        if expires is None or s.now >= expires:
            s.edge_objects.pop((cf.id, url.path), None)
            return False
        viewer = legs[0]
        src, edge = self.client_name, f"{cf.display_name} edge"
        relabel(viewer, src, edge, "viewer to edge")
        r.steps.append(RequestStep("viewer-to-edge", src, edge, "", True, trace=viewer, url=url.text))
        r.steps[-1].explanation = leg_sentence(r.steps[-1], url, cf)
        left = int(expires - s.now)
        r.steps.append(RequestStep(
            "edge-cache", edge, edge,
            f"The {edge} still has {url.path} in its cache ({left} s left of its TTL), so it answers at once "
            "without contacting the origin: no load balancer or web server sees this request.", True, url=url.text))
        r.edge_cache, r.served_by = "hit", f"{cf.id} edge cache"
        self.served(edge, src, url)
        return True

    def finish(self, url: Url, full: Trace, cf: CloudFront | None) -> Url | None:
        r = self.result
        legs = [(i, s) for i, s in enumerate(r.steps) if s.trace is not None]
        failed = next(((i, s) for i, s in legs if s.reachable is not True), None)
        if failed is not None and failed[1].reachable is False:
            i, step = failed
            assert step.trace is not None
            r.failed_step, r.reachable = i, False
            r.client_sees = step.trace.client_sees or "timeout"
            r.status = _status(r.client_sees)
            r.outcome = "http-error" if r.status is not None else "timeout"
            return None
        if full.reachable is None:
            kind, src = ("edge-to-origin", f"{cf.display_name} edge") if cf is not None else \
                ("response", r.steps[-1].destination if r.steps else "?")
            dst = "the origin" if cf is not None else self.client_name
            r.steps.append(RequestStep(kind, src, dst, full.reason, None, url=url.text))
            r.failed_step, r.reachable, r.outcome, r.client_sees = len(r.steps) - 1, None, "unknown", "unknown"
            return None
        if full.client_sees.startswith("HTTP 301"):
            return self.redirect(url, full, cf)
        if full.client_sees.startswith("fixed response"):
            last = r.steps[-1]
            r.outcome, r.reachable, r.client_sees = "fixed-response", True, full.client_sees
            r.steps.append(RequestStep("response", last.destination, self.client_name,
                                       f"{last.destination} answers with its fixed response; no target is "
                                       "involved.", True, url=url.text))
            return None
        last = r.steps[-1]
        r.served_by = last.trace.destination if last.trace is not None else last.destination
        if cf is not None:
            r.edge_cache = "miss" if self.session.edge_cache else "off"
            if self.session.edge_cache:
                self.session.edge_objects[(cf.id, url.path)] = self.session.now + self.session.edge_ttl
        self.served(last.destination, self.client_name, url)
        return None

    def served(self, by: str, client: str, url: Url) -> None:
        r = self.result
        r.status, r.outcome, r.reachable, r.client_sees = 200, "served", True, "HTTP 200"
        hops = [s.source for s in r.steps if s.trace is not None and s.kind != "viewer-to-edge"
                and s.kind != "connection" and s.kind != "client-to-load-balancer"]
        through = " and ".join(dict.fromkeys(reversed(hops))) if hops else ""
        back = f" back through {through}" if through else ""
        r.steps.append(RequestStep(
            "response", by, client,
            f"{by} answers {url.path} with HTTP 200 {STATUS_TEXT[200]}; the response travels{back} to {client}, "
            "whose browser shows the page.", True, url=url.text))

    def redirect(self, url: Url, full: Trace, cf: CloudFront | None) -> Url | None:
        r = self.result
        m = _REDIRECT_PORT.search(full.client_sees)
        location = url.with_scheme("https", int(m.group(1)) if m else None)
        who = r.steps[-1].destination if r.steps else "the server"
        follow = self.session.follow_redirects
        what = ("the browser follows it" if follow else "the browser is told not to follow redirects")
        policy = f" (viewer protocol policy {cf.viewer_protocol_policy})" if cf is not None and not m else ""
        r.steps.append(RequestStep("redirect", who, self.client_name,
                                   f"{who} answers {url.text} with HTTP 301 {STATUS_TEXT[301]}{policy}, "
                                   f"Location: {location.text}; {what}.", True, url=url.text))
        r.redirects.append(location.text)
        if not follow:
            r.status, r.outcome, r.reachable, r.client_sees = 301, "redirect", True, "HTTP 301"
            return None
        if location.text == url.text:
            r.outcome, r.client_sees, r.reachable = "http-error", "redirect loop", False
            return None
        return location


def _status(client_sees: str) -> int | None:
    m = re.match(r"HTTP (\d{3})", client_sees)
    return int(m.group(1)) if m else None

