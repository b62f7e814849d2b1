"""Application Load Balancer listener rules (semantics §12.2): by priority, host and path conditions
(both must match), else the default action; used by trace with an HTTP request and by request()."""

from __future__ import annotations

import pytest
from sim_builder import B, C, t_alb, tcp

from vpcdesigner.model import Instance, Listener, ListenerRule, LoadBalancer, SecurityGroup, Target, TargetGroup
from vpcdesigner.sim import trace
from vpcdesigner.sim.listener_rules import effective_listener, rule_for
from vpcdesigner.sim.request import request

RULES = (
    ListenerRule(priority=20, path_pattern="/api/*", target_group="tg-api"),
    ListenerRule(priority=10, host_header="admin.*.com", action="fixed-response"),
    ListenerRule(priority=30, host_header="app.example.com", path_pattern="/old/*", action="redirect"),
)


def with_rules() -> B:
    b = t_alb()
    b.add(SecurityGroup(id="sg-api", vpc="vpc-a", inbound=(tcp(9000, sg="sg-alb"),)),
          Instance(id="api", subnet="priv-b", private_ip="10.0.4.50", security_groups=("sg-api",)),
          TargetGroup(id="tg-api", vpc="vpc-a", port=9000, targets=(Target(target="api"),)))
    b.change("sg-alb", outbound=(tcp(8080, sg="sg-app"), tcp(9000, sg="sg-api")))
    b.change("alb-1", listeners=(Listener(protocol="HTTPS", port=443, target_group="tg-app", rules=RULES),))
    return b


def alb(b: B) -> LoadBalancer:
    lb = b.r["alb-1"]
    assert isinstance(lb, LoadBalancer)
    return lb


@pytest.mark.parametrize(("host", "path", "priority"), [
    ("app.example.com", "/api/orders", 20),
    ("app.example.com", "/api/orders?id=3", 20),  # the query string is not part of the path
    ("app.example.com", "/API/orders", None),  # paths are case-sensitive
    ("ADMIN.example.com", "/api/orders", 10),  # hosts are not, and priority 10 comes before 20
    ("app.example.com", "/old/page", 30),  # both conditions of rule 30 hold
    ("www.example.com", "/old/page", None),  # only one does
    ("app.example.com", "/", None),
])
def test_rule_for(host: str, path: str, priority: int | None) -> None:
    lb = alb(with_rules())
    rule = rule_for(lb, lb.listeners[0], host, path)
    assert (rule.priority if rule else None) == priority


def test_no_request_means_the_default_action() -> None:
    lb = alb(with_rules())
    assert rule_for(lb, lb.listeners[0], None, None) is None
    assert effective_listener(lb, lb.listeners[0], None, None) is lb.listeners[0]
    network = lb.with_changes(type="network")
    assert rule_for(network, lb.listeners[0], "app.example.com", "/api/x") is None  # rules are an ALB feature


def test_trace_with_a_path_goes_to_the_rules_target_group() -> None:
    d = with_rules().design()
    api = trace(d, C, "alb-1", "tcp", 443, http_host="app.example.com", http_path="/api/orders")
    assert api.reachable is True, api.reason
    assert api.legs[-1].destination == "api" and api.forward[api.legs[-1].forward[-1]].packet_in.dst_port == 9000
    assert any(h.check == "listener rule" and "rule 20" in h.explanation for h in api.forward)
    plain = trace(d, C, "alb-1", "tcp", 443)
    assert plain.legs[-1].destination.startswith("asg-app")


def test_fixed_response_rule_answers_from_the_load_balancer() -> None:
    t = trace(with_rules().design(), C, "alb-1", "tcp", 443, http_host="admin.example.com", http_path="/")
    assert t.reachable is True and t.client_sees == "fixed response from the load balancer" and len(t.legs) == 1


def test_request_follows_the_rules() -> None:
    d = with_rules().design()
    api = request(d, C, "https://app.example.com/api/orders")
    assert api.served_by == "api", api.narration
    home = request(d, C, "https://app.example.com/")
    assert home.served_by is not None and home.served_by.startswith("asg-app")
