"""DNS and trace agree on addresses: CloudFront edges are the concrete addresses DNS answers with,
an edge address names its distribution, and load balancer node addresses AWS allocates at
deployment are shown by one placeholder label in both."""

from __future__ import annotations

from pathlib import Path

import pytest

from vpcdesigner.model import CloudFront, Design, LoadBalancer, derive, load
from vpcdesigner.sim import TraceInputError, trace
from vpcdesigner.sim.addr import lb_node_name, shown_address
from vpcdesigner.sim.dns import cloudfront_edge_addresses, resolve
from vpcdesigner.sim.dns_names import load_balancer_addresses
from vpcdesigner.sim.request import RequestSession, request


@pytest.fixture(scope="module")
def anycompany() -> Design:
    return load(Path(__file__).resolve().parents[2] / "resources" / "samples" / "anycompany.vpcd.json")


def edges(design: Design) -> tuple[str, ...]:
    cdn = design.resources["cdn"]
    assert isinstance(cdn, CloudFront)
    return cloudfront_edge_addresses(cdn, "A")


def test_trace_to_a_distribution_goes_to_the_first_edge_address_dns_gives(anycompany: Design) -> None:
    t = trace(anycompany, "customer", "cdn", "tcp", 443)
    assert t.reachable is True, t.reason
    assert t.packet.dst == edges(anycompany)[0]
    lookup = resolve(anycompany, "www.anycompany.example", "customer")
    assert t.packet.dst in lookup.addresses


@pytest.mark.parametrize("index", [0, 3])
def test_an_edge_address_is_the_distribution(anycompany: Design, index: int) -> None:
    address = edges(anycompany)[index]
    t = trace(anycompany, "customer", address, "tcp", 443)
    assert t.packet.dst == address and t.reachable is True, t.reason
    by_name = trace(anycompany, "customer", "cdn", "tcp", 443)
    assert [leg.destination for leg in t.legs] == [leg.destination for leg in by_name.legs]
    assert any(h.kind == "cloudfront" for h in t.forward)


def test_an_address_next_to_the_edges_is_just_the_internet(anycompany: Design) -> None:
    first = edges(anycompany)[0]
    outside = first.rsplit(".", 1)[0] + ".200"
    t = trace(anycompany, "customer", outside, "tcp", 443)
    assert not any(h.kind == "cloudfront" for h in t.forward)


def test_load_balancer_node_addresses_agree_between_dns_and_trace(anycompany: Design) -> None:
    lb = anycompany.resources["store-alb"]
    t = trace(anycompany, "customer", "store-alb", "tcp", 443)
    label = shown_address("allocated", lb_node_name(lb.display_name, anycompany.resources["public-a"].display_name))
    assert t.packet.dst == label == "<public IP of store-alb node in public-a>"
    assert isinstance(lb, LoadBalancer)
    assert t.packet.dst in load_balancer_addresses(derive(anycompany), lb, "A")


def test_shown_address_keeps_real_addresses() -> None:
    assert shown_address("203.0.113.5", "x") == "203.0.113.5"
    assert shown_address(None, "x") is None
    assert shown_address("allocated", "web-1") == "<public IP of web-1>"


# -- the load balancer node that takes the connection ---------------------------------------------

def test_entry_subnet_picks_the_node_and_the_target_follows_its_az(anycompany: Design) -> None:
    default = trace(anycompany, "customer", "store-alb", "tcp", 443)
    other = trace(anycompany, "customer", "store-alb", "tcp", 443, entry_subnet="public-b")
    assert default.packet.dst == "<public IP of store-alb node in public-a>"
    assert other.packet.dst == "<public IP of store-alb node in public-b>"
    # alb-sg admits only CloudFront: the customer is stopped at the node it was sent to
    assert other.blocked is not None and other.forward[-1].explanation.endswith(
        "in to store-alb node in public-b (security groups only allow: anything not allowed is dropped).")
    by_name = trace(anycompany, "customer", "store-alb", "tcp", 443, entry_subnet="public-a")
    assert by_name.packet.dst == default.packet.dst


def test_entry_subnet_applies_to_a_cloudfront_origin(anycompany: Design) -> None:
    def origin_node(t: object) -> str:
        leg = t.legs[1]  # type: ignore[attr-defined]
        return t.forward[leg.forward[-1]].packet_out.dst  # type: ignore[attr-defined,no-any-return]

    a = trace(anycompany, "customer", "cdn", "tcp", 443)
    b = trace(anycompany, "customer", "cdn", "tcp", 443, entry_subnet="public-b")
    assert a.reachable is True and b.reachable is True
    assert origin_node(a) != origin_node(b)
    # the target follows: the first healthy one in the entry node's AZ
    assert a.legs[-1].destination != b.legs[-1].destination


@pytest.mark.parametrize(("destination", "subnet", "match"), [
    ("store-alb", "private-a", "no node"),
    ("store-alb", "nowhere", "no node"),
    ("db", "public-a", "no load balancer"),
])
def test_bad_entry_subnet_is_an_input_error(anycompany: Design, destination: str, subnet: str, match: str) -> None:
    with pytest.raises(TraceInputError, match=match):
        trace(anycompany, "customer", destination, "tcp", 443, entry_subnet=subnet)


def test_successive_requests_alternate_the_entry_node(anycompany: Design) -> None:
    session = RequestSession()
    nodes = []
    for _ in range(4):
        r = request(anycompany, "customer", "https://www.anycompany.example/", session=session)
        target_leg = next(s for s in r.steps if s.kind == "load-balancer-to-target")
        assert target_leg.trace is not None
        nodes.append(target_leg.trace.packet.src)
    assert nodes[0] != nodes[1] and nodes[0] == nodes[2] and nodes[1] == nodes[3]
