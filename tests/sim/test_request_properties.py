"""Property checks over many generated variants of the T-CF / T-ALB topologies: a request's verdict
is the conjunction of its legs' traces, the failed step is the first leg that is not delivered, and
a fresh session's first request agrees with `trace` on the same connection."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sim_builder import C, nacl_rule, t_cf, tcp

from vpcdesigner.model import Design, Listener, NetworkAcl
from vpcdesigner.sim import trace
from vpcdesigner.sim.request import RequestResult, RequestSession, request

ALB_IN = {
    "prefix-list": (tcp(443, pl="pl-cloudfront"), tcp(80, pl="pl-cloudfront")),
    "anywhere": (tcp(443, "0.0.0.0/0"), tcp(80, "0.0.0.0/0")),
    "https-only": (tcp(443, "0.0.0.0/0"),),
    "none": (),
}
APP_IN = {"alb": (tcp(8080, sg="sg-alb"),), "client": (tcp(8080, "198.51.100.0/24"),), "none": ()}
LISTENERS = {
    "https": (Listener(protocol="HTTPS", port=443, target_group="tg-app"),),
    "http": (Listener(protocol="HTTP", port=80, target_group="tg-app"),),
    "both": (Listener(protocol="HTTPS", port=443, target_group="tg-app"),
             Listener(protocol="HTTP", port=80, target_group="tg-app")),
    "redirect": (Listener(protocol="HTTPS", port=443, target_group="tg-app"),
                 Listener(protocol="HTTP", port=80, default_action="redirect", redirect_port=443)),
}


@st.composite
def variants(draw: Any) -> tuple[Design, str, int, bool]:
    b = t_cf()
    b.change("sg-alb", inbound=draw(st.sampled_from(list(ALB_IN.values()))))
    b.change("sg-app", inbound=draw(st.sampled_from(list(APP_IN.values()))))
    b.change("alb-1", listeners=draw(st.sampled_from(list(LISTENERS.values()))))
    b.change("asg-app", desired=draw(st.integers(0, 3)), max_size=4)
    cdn = b.r["cdn"]
    origin = cdn.origins[0].model_copy(update=dict(  # type: ignore[attr-defined]
        protocol_policy=draw(st.sampled_from(["https-only", "http-only", "match-viewer"]))))
    b.change("cdn", origins=(origin,),
             viewer_protocol_policy=draw(st.sampled_from(["allow-all", "redirect-to-https", "https-only"])))
    nacl = draw(st.sampled_from(["default", "deny-b", "no-ephemeral-b"]))
    if nacl == "deny-b":
        b.add(NetworkAcl(id="acl-b", vpc="vpc-a", subnets=("priv-b",), inbound=(nacl_rule(100, "deny"),),
                         outbound=(nacl_rule(100),)))
    elif nacl == "no-ephemeral-b":
        b.add(NetworkAcl(id="acl-b", vpc="vpc-a", subnets=("priv-b",), inbound=(nacl_rule(100),),
                         outbound=(nacl_rule(100, protocol="tcp", ports=(0, 1023)),)))
    host = draw(st.sampled_from(["www.example.com", "app.example.com", "nope.example.com"]))
    scheme = draw(st.sampled_from(["http", "https"]))
    return b.design(), f"{scheme}://{host}/", draw(st.integers(1, 3)), draw(st.booleans())


def check_conjunction(r: RequestResult) -> None:
    verdicts = [s.reachable for s in r.steps if s.trace is not None or s.dns is not None]
    for step in r.steps:
        if step.trace is not None:
            t = step.trace
            assert step.reachable == t.reachable
            blocks = [h for h in t.forward + t.return_ if h.verdict == "block"]
            if t.reachable is True:
                assert not blocks and t.blocked is None
            elif t.reachable is False:
                assert t.blocked is not None and blocks
    if r.reachable is True:
        assert all(v is True for v in verdicts)
        assert r.failed_step is None and r.outcome in ("served", "redirect", "fixed-response")
    elif r.reachable is False and r.failed_step is not None:
        first_bad = next(i for i, s in enumerate(r.steps) if (s.trace or s.dns) and s.reachable is not True)
        assert r.failed_step == first_bad and r.steps[first_bad].reachable is False
    assert (r.status == 200) == (r.outcome == "served")
    if r.outcome == "served" and r.edge_cache != "hit":
        last = r.legs[-1].trace
        assert last is not None and any(h.check == "delivery" and h.component == r.served_by for h in last.forward)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(variants())
def test_verdict_is_the_conjunction_of_the_legs(v: tuple[Design, str, int, bool]) -> None:
    design, url, repeat, edge_cache = v
    session = RequestSession(edge_cache=edge_cache)
    for _ in range(repeat):
        check_conjunction(request(design, C, url, session=session))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(variants())
def test_first_request_agrees_with_trace(v: tuple[Design, str, int, bool]) -> None:
    design, url, _, _ = v
    r = request(design, C, url, session=RequestSession(follow_redirects=False))
    if r.dns is None or r.dns.result != "answer":
        return
    dest = r.url.host
    t = trace(design, C, dest, "tcp", r.url.port)
    assert r.reachable == t.reachable
    if t.reachable is False:
        assert r.client_sees == t.client_sees
