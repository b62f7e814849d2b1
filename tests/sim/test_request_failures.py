"""What the client sees when a request fails, and which step failed: AnyCompany variants and the
scenario topologies S36-S44 (T-ALB, T-CF) of ../shared/reference/scenarios.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from sim_builder import C, t0, t_alb, t_cf, tcp

from vpcdesigner.model import Design, Listener, NaclRule, NetworkAcl, Origin, SgRule, load
from vpcdesigner.sim.request import RequestInputError, RequestSession, request

URL = "https://www.anycompany.example/"


@pytest.fixture(scope="module")
def anycompany() -> Design:
    return load(Path(__file__).resolve().parents[2] / "resources" / "samples" / "anycompany.vpcd.json")


def changed(design: Design, rid: str, **changes: object) -> Design:
    resources = dict(design.resources)
    resources[rid] = resources[rid].with_changes(**changes)
    return Design(resources=resources)


def test_origin_blocked_by_the_alb_security_group_is_504(anycompany: Design) -> None:
    d = changed(anycompany, "alb-sg", inbound=(SgRule(protocol="tcp", port_from=443, port_to=443,
                                                      cidr="10.0.0.0/16"),))
    r = request(d, "customer", URL)
    assert r.status == 504 and r.outcome == "http-error" and r.reachable is False
    failed = r.failed
    assert failed is not None and failed.kind == "edge-to-origin" and failed.trace is not None
    assert failed.trace.blocked is not None and failed.trace.blocked.component == "alb-sg"
    assert r.steps[r.failed_step - 1].reachable is True  # type: ignore[operator]  # the viewer leg got through
    assert "504" in r.narration and "alb-sg" in r.narration


def test_https_only_origin_without_an_https_listener_is_502(anycompany: Design) -> None:
    d = changed(anycompany, "store-alb", listeners=(Listener(protocol="HTTP", port=80, target_group="web-tg"),))
    r = request(d, "customer", URL)
    assert r.status == 502 and r.failed is not None and r.failed.kind == "edge-to-origin"
    assert r.failed.trace is not None and r.failed.trace.blocked is not None
    assert r.failed.trace.blocked.component == "store-alb" and r.failed.trace.blocked.reason == "ELB_NO_LISTENER"


def test_no_targets_is_503(anycompany: Design) -> None:
    d = changed(anycompany, "web-asg", desired=0, min_size=0)
    r = request(d, "customer", URL)
    assert r.status == 503 and r.failed is not None and r.failed.kind == "load-balancer-to-target"
    assert [s.reachable for s in r.legs] == [True, True, False]


def test_nxdomain_is_a_dns_failure_with_no_connection(anycompany: Design) -> None:
    r = request(anycompany, "customer", "https://nope.anycompany.example/")
    assert r.outcome == "dns-failure" and r.client_sees == "DNS error: NXDOMAIN" and r.status is None
    assert r.failed_step == 0 and r.legs == [] and r.reachable is False
    assert r.dns is not None and r.dns.result == "nxdomain"


def test_name_outside_the_design_is_unknown_not_invented(anycompany: Design) -> None:
    r = request(anycompany, "customer", "https://www.example.org/")
    assert r.outcome == "unknown" and r.reachable is None and r.status is None and r.legs == []
    assert r.steps[0].reachable is None and "outside this design" in r.narration


def test_going_around_cloudfront_to_the_alb_times_out(anycompany: Design) -> None:
    lb_name = anycompany.resources["store-alb"].dns_name
    r = request(anycompany, "customer", f"https://{lb_name}/")
    assert [s.kind for s in r.steps] == ["dns", "client-to-load-balancer"]
    assert r.outcome == "timeout" and r.failed_step == 1
    assert r.failed is not None and r.failed.trace is not None and r.failed.trace.blocked is not None
    assert r.failed.trace.blocked.component == "alb-sg"


def test_only_the_rotated_target_is_broken(anycompany: Design) -> None:
    """A NACL that shuts web-asg-2's subnet: request 1 (web-asg-1) is served, request 2 (web-asg-2) is 504."""
    resources = dict(anycompany.resources)
    deny = NetworkAcl(id="shut-b", vpc="store-vpc", subnets=("private-b",),
                      inbound=(NaclRule(number=100, action="deny", protocol="all", cidr="0.0.0.0/0"),),
                      outbound=(NaclRule(number=100, action="allow", protocol="all", cidr="0.0.0.0/0"),))
    resources["shut-b"] = deny
    pn = resources["private-nacl"]
    resources["private-nacl"] = pn.with_changes(subnets=tuple(s for s in pn.subnets if s != "private-b"))
    d = Design(resources=resources)
    session = RequestSession()
    one, two = (request(d, "customer", URL, session=session) for _ in range(2))
    assert one.status == 200 and one.served_by == "web-asg-1"
    assert two.status == 504 and two.failed is not None and two.failed.kind == "load-balancer-to-target"
    assert two.failed.destination == "web-asg-2" and two.failed.trace is not None
    assert two.failed.trace.blocked is not None and two.failed.trace.blocked.component == "shut-b"
    assert two.failed.trace.forward[0].check == "target selection"


# -- scenario topologies ------------------------------------------------------------------------------

def test_s36_alb_alias_serves_and_rotates() -> None:
    d = t_alb().design()
    session = RequestSession()
    results = [request(d, C, "https://app.example.com/", session=session) for _ in range(2)]
    assert [r.status for r in results] == [200, 200]
    assert [s.kind for s in results[0].steps] == ["dns", "client-to-load-balancer", "load-balancer-to-target",
                                                  "response"]
    assert [r.served_by for r in results] == ["asg-app-1", "asg-app-2"]
    target_leg = results[0].steps[2].trace
    assert target_leg is not None and target_leg.packet.dst_port == 8080


def test_s37_target_sg_allows_the_client_not_the_alb_is_504() -> None:
    d = t_alb().change("sg-app", inbound=(tcp(8080, "198.51.100.0/24"),)).design()
    r = request(d, C, "https://app.example.com/")
    assert r.status == 504 and r.failed is not None and r.failed.kind == "load-balancer-to-target"
    assert r.failed.trace is not None and r.failed.trace.blocked is not None
    assert r.failed.trace.blocked.component == "sg-app" and r.failed.trace.blocked.code == "ENI_SG_RULES_MISMATCH"


def test_s40_port_without_listener_never_connects() -> None:
    d = t_alb().change("sg-alb", inbound=(tcp(443, "0.0.0.0/0"), tcp(80, "0.0.0.0/0"))).design()
    r = request(d, C, "http://app.example.com/")
    assert r.reachable is False and r.failed is not None and r.failed.kind == "client-to-load-balancer"
    assert r.failed.trace is not None and r.failed.trace.blocked is not None
    assert r.failed.trace.blocked.component == "alb-1"


def test_s41_no_registered_targets_is_503() -> None:
    d = t_alb().change("asg-app", desired=0).design()
    r = request(d, C, "https://app.example.com/")
    assert r.status == 503 and r.steps[1].reachable is True and r.failed is not None
    assert r.failed.kind == "load-balancer-to-target"


def test_s42_cloudfront_cache_miss_fetch_from_the_alb() -> None:
    r = request(t_cf().design(), C, "https://www.example.com/")
    assert r.status == 200 and [s.kind for s in r.legs] == ["viewer-to-edge", "edge-to-origin",
                                                             "load-balancer-to-target"]
    assert r.dns is not None and all(rec.type == "A" for rec in r.dns.answers)


def test_s44_https_only_origin_with_http_listener_is_502() -> None:
    b = t_cf().change("alb-1", listeners=(Listener(protocol="HTTP", port=80, target_group="tg-app"),))
    d = b.change("sg-alb", inbound=(tcp(443, pl="pl-cloudfront"), tcp(80, pl="pl-cloudfront"))).design()
    r = request(d, C, "https://www.example.com/")
    assert r.status == 502 and r.failed is not None and r.failed.kind == "edge-to-origin"


def test_https_only_viewer_policy_refuses_http_with_403() -> None:
    d = t_cf().change("cdn", viewer_protocol_policy="https-only").design()
    r = request(d, C, "http://www.example.com/")
    assert r.status == 403 and r.failed_step == 1 and r.redirects == []


def test_alb_redirect_listener_sends_the_browser_to_https() -> None:
    b = t_alb().change("sg-alb", inbound=(tcp(443, "0.0.0.0/0"), tcp(80, "0.0.0.0/0")))
    alb = b.r["alb-1"]
    b.change("alb-1", listeners=(*alb.listeners, Listener(protocol="HTTP", port=80,  # type: ignore[attr-defined]
                                                          default_action="redirect", redirect_port=443)))
    r = request(b.design(), C, "http://app.example.com/")
    assert "redirect" in [s.kind for s in r.steps] and r.redirects == ["https://app.example.com/"]
    assert r.status == 200 and r.served_by == "asg-app-1"


def test_ip_address_url_skips_dns() -> None:
    r = request(t0().design(), C, "http://203.0.113.10/")
    assert r.dns is None and [s.kind for s in r.steps] == ["connection", "response"] and r.status == 200
    blocked = request(t0().design(), C, "https://203.0.113.10/")  # sg-web admits 80 only
    assert blocked.outcome == "timeout" and blocked.failed_step == 0


@pytest.mark.parametrize("url, words", [
    ("", "empty URL"), ("ftp://www.anycompany.example/", "scheme"), ("https://host:99999/", "port"),
    ("https://[2001:db8::1]/", "IPv6"), ("https://bad_name!/", "not a DNS name"),
])
def test_bad_urls_name_the_problem(anycompany: Design, url: str, words: str) -> None:
    with pytest.raises(RequestInputError, match=words):
        request(anycompany, "customer", url)


def test_unknown_client_names_the_client(anycompany: Design) -> None:
    with pytest.raises(RequestInputError, match="nobody"):
        request(anycompany, "nobody", URL)


def test_negative_session_interval_is_refused() -> None:
    with pytest.raises(RequestInputError, match="interval"):
        RequestSession(interval=-1)


def test_origin_outside_the_design_is_unknown_at_the_origin_step() -> None:
    b = t_cf()
    b.change("cdn", origins=(Origin(id="s3", domain_name="bucket.s3.amazonaws.com", type="s3"),), default_origin="s3")
    r = request(b.design(), C, "https://www.example.com/")
    assert r.outcome == "unknown" and r.reachable is None and r.steps[1].reachable is True
    assert r.failed is not None and r.failed.kind == "edge-to-origin" and "outside this design" in r.failed.explanation


def test_instance_origin_has_two_legs_and_uses_the_origin_policy_port() -> None:
    b = t_cf()
    b.change("cdn", origins=(Origin(id="web", target="web", protocol_policy="http-only"),), default_origin="web")
    r = request(b.design(), C, "https://www.example.com/")
    assert [s.kind for s in r.legs] == ["viewer-to-edge", "edge-to-origin"] and r.served_by == "web"
    origin_leg = r.legs[1].trace
    assert origin_leg is not None and origin_leg.packet.dst_port == 80 and r.status == 200


def test_a_redirect_to_the_same_url_is_a_loop_not_a_hang() -> None:
    b = t_alb()
    b.change("alb-1", listeners=(Listener(protocol="HTTPS", port=443, default_action="redirect", redirect_port=443),))
    r = request(b.design(), C, "https://app.example.com/")
    assert r.outcome == "http-error" and r.client_sees == "redirect loop" and r.reachable is False
    assert r.narration.endswith("(redirect loop).")
