"""`request()` on the AnyCompany sample: the seed's "Flow of User Request" end to end, the session's
DNS cache, clock, target rotation and edge cache, and HTTP → HTTPS redirects."""

from __future__ import annotations

from pathlib import Path

import pytest

from vpcdesigner.model import Design, derive, load
from vpcdesigner.sim import trace
from vpcdesigner.sim.request import RequestSession, request
from vpcdesigner.sim.request_legs import split_legs, target_pool, trace_to_target
from vpcdesigner.sim.topology import topology

URL = "https://www.anycompany.example/"


@pytest.fixture(scope="module")
def anycompany() -> Design:
    return load(Path(__file__).resolve().parents[2] / "resources" / "samples" / "anycompany.vpcd.json")


def az_of(design: Design, member: str) -> str:
    inst = derive(design).instances[member]
    return design.resources[inst.subnet].availability_zone  # type: ignore[no-any-return]


def test_the_whole_seed_flow(anycompany: Design) -> None:
    r = request(anycompany, "customer", URL)
    assert r.status == 200 and r.outcome == "served" and r.reachable is True and r.client_sees == "HTTP 200"
    kinds = [s.kind for s in r.steps]
    assert kinds == ["dns", "viewer-to-edge", "edge-to-origin", "load-balancer-to-target", "response"]
    # DNS: customer → isp-resolver → root → TLD → Route 53 (alias) → cdn → customer
    assert r.dns is not None and not r.dns.cached and r.dns.resolver.id == "isp-resolver"
    assert [s.kind for s in r.dns.steps] == ["query", "referral-root", "referral-tld", "authoritative", "alias",
                                             "reply"]
    assert any(s.target.id == "cdn" for s in r.dns.steps if s.kind == "alias")
    # the legs: customer → cdn edge → store-alb → a web-asg member, each delivered both ways
    legs = r.legs
    assert [leg.trace.reachable for leg in legs if leg.trace] == [True, True, True]
    assert legs[0].source == "customer" and "cdn" in legs[0].destination
    assert legs[1].destination == "store-alb"
    assert r.served_by is not None and r.served_by.startswith("web-asg-")
    delivered = [h for h in legs[2].trace.forward if h.check == "delivery"] if legs[2].trace else []
    assert delivered and delivered[-1].component == r.served_by
    # the origin fetch uses the origin protocol policy (https-only → 443) from a CloudFront address
    origin_pkt = legs[1].trace.forward[0].packet_in if legs[1].trace else None
    assert origin_pkt is not None and origin_pkt.dst_port == 443 and origin_pkt.src != "198.51.100.10"
    assert "https-only" in legs[1].explanation
    # the response goes back: every leg has a return path
    assert all(leg.trace and leg.trace.return_ for leg in legs)
    assert r.failed_step is None and r.narration.count("Result:") == 1 and "web-asg-" in r.narration


def test_successive_requests_rotate_across_targets_and_azs(anycompany: Design) -> None:
    session = RequestSession()
    served = [request(anycompany, "customer", URL, session=session).served_by for _ in range(4)]
    assert served == ["web-asg-1", "web-asg-2", "web-asg-1", "web-asg-2"]
    azs = [az_of(anycompany, m) for m in served if m]
    assert azs[0] != azs[1] and azs[0] == azs[2] and azs[1] == azs[3]
    # a fresh session starts again at the target trace itself picks
    fresh = request(anycompany, "customer", URL)
    picked = trace(anycompany, "customer", "www.anycompany.example", "tcp", 443).legs[-1].destination
    assert fresh.served_by == picked == served[0]


def test_second_request_dns_is_a_cache_hit_until_the_ttl_runs_out(anycompany: Design) -> None:
    session = RequestSession()
    first = request(anycompany, "customer", URL, session=session)
    second = request(anycompany, "customer", URL, session=session)
    assert first.dns is not None and second.dns is not None and first.dns.ttl is not None
    assert not first.dns.cached and second.dns.cached
    assert [s.verdict for s in second.dns.steps] == ["cache-hit", "answer"]
    assert second.time == first.time + session.interval == 1.0 and session.now == 2.0
    assert "cache" in second.steps[0].explanation
    later = RequestSession(interval=first.dns.ttl + 1)
    request(anycompany, "customer", URL, session=later)
    assert request(anycompany, "customer", URL, session=later).dns.cached is False  # type: ignore[union-attr]


def test_http_is_redirected_to_https_and_the_redirect_is_a_step(anycompany: Design) -> None:
    r = request(anycompany, "customer", "http://www.anycompany.example/")
    kinds = [s.kind for s in r.steps]
    assert kinds[:3] == ["dns", "viewer-to-edge", "redirect"]
    assert kinds[3:] == ["viewer-to-edge", "edge-to-origin", "load-balancer-to-target", "response"]
    assert r.redirects == [URL] and r.status == 200
    assert r.steps[1].trace is not None and r.steps[1].trace.packet.dst_port == 80
    assert r.steps[3].trace is not None and r.steps[3].trace.packet.dst_port == 443
    assert "301" in r.steps[2].explanation and "redirect-to-https" in r.steps[2].explanation
    assert sum(1 for s in r.steps if s.kind == "dns") == 1  # the browser reuses the address for the same host
    stop = request(anycompany, "customer", "http://www.anycompany.example/",
                   session=RequestSession(follow_redirects=False))
    assert stop.status == 301 and stop.outcome == "redirect" and stop.steps[-1].kind == "redirect"


def test_scheme_and_explicit_port_choose_the_viewer_port(anycompany: Design) -> None:
    r = request(anycompany, "customer", "https://www.anycompany.example:8443/")
    assert r.url.port == 8443 and r.steps[1].trace is not None and r.steps[1].trace.packet.dst_port == 8443
    assert r.reachable is False and r.failed_step == 1  # CloudFront listens on 80 and 443 only
    assert r.outcome == "timeout" and r.status is None


def test_edge_cache_option_serves_the_repeat_from_the_edge(anycompany: Design) -> None:
    session = RequestSession(edge_cache=True, edge_ttl=5)
    first = request(anycompany, "customer", URL, session=session)
    second = request(anycompany, "customer", URL, session=session)
    assert first.edge_cache == "miss" and first.served_by == "web-asg-1"
    assert second.edge_cache == "hit" and second.status == 200
    assert [s.kind for s in second.steps] == ["dns", "viewer-to-edge", "edge-cache", "response"]
    assert not any(s.kind == "load-balancer-to-target" for s in second.steps)
    session.now += 10  # past the edge TTL: back to the origin, and the rotation did not move on the hit
    third = request(anycompany, "customer", URL, session=session)
    assert third.edge_cache == "miss" and third.served_by == "web-asg-2"
    assert request(anycompany, "customer", URL).edge_cache == "off"  # the default: no edge caching


def test_rotated_leg_agrees_with_trace_on_the_same_target(anycompany: Design) -> None:
    """Re-tracing node → target gives the hops trace itself gives for that target."""
    full = trace(anycompany, "customer", "cdn", "tcp", 443)
    own = split_legs(full)[2]
    topo = topology(anycompany)
    lb = anycompany.resources["store-alb"]
    node_ip = split_legs(full)[1].forward[-1].packet_out.dst
    node = next(e for e in topo.enis_of_component["store-alb"] if e.private_ip == node_ip)
    entry = target_pool(topo, lb, lb.listeners[0], node.az)[0]
    again = trace_to_target(topo, node_ip, entry, "web-tg", "web-tg", "why")
    def key(hops: list) -> list:  # type: ignore[type-arg]
        return [(h.component, h.check, h.verdict, h.packet_out) for h in hops if h.check not in ("send",
                                                                                             "target selection")]
    assert key(again.forward) == key(own.forward) and key(again.return_) == key(own.return_)
    assert again.forward[0].check == "target selection" and again.legs[0].forward[0] == 0


def test_a_client_inside_the_vpc_uses_the_vpc_resolver(anycompany: Design) -> None:
    r = request(anycompany, "web-asg-1", URL)
    assert r.dns is not None and r.dns.resolver.kind == "vpc"
    assert r.steps[1].kind == "viewer-to-edge" and r.steps[1].source == r.dns.client.name


def test_cname_to_the_cloudfront_name_reaches_the_distribution(anycompany: Design) -> None:
    from vpcdesigner.model.edge import DnsRecord

    zone = anycompany.resources["anycompany.example"]
    cf_name = anycompany.resources["cdn"].domain_name
    resources = dict(anycompany.resources)
    resources[zone.id] = zone.with_changes(records=(*zone.records, DnsRecord(
        name="shop.anycompany.example", type="CNAME", values=(cf_name,))))
    r = request(Design(resources=resources), "customer", "https://shop.anycompany.example/")
    assert r.dns is not None and r.dns.answers[0].type == "CNAME"
    assert [s.kind for s in r.legs] == ["viewer-to-edge", "edge-to-origin", "load-balancer-to-target"]
    assert r.status == 200
    direct = request(anycompany, "customer", f"https://{cf_name}/")
    assert direct.status == 200 and direct.legs[0].destination == r.legs[0].destination


def test_viewer_leg_goes_to_an_address_the_dns_answer_gave(anycompany: Design) -> None:
    r = request(anycompany, "customer", URL)
    assert r.dns is not None and r.legs[0].trace is not None
    assert r.legs[0].trace.packet.dst in r.dns.addresses
