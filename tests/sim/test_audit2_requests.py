"""Second audit, end to end: an internal ALB's name used from the internet, a CNAME chain across
zones into an alias, and a request from a private instance to an internet-facing ALB's name
(aws-semantics §1.2, §4.3, §5, §12.1, §14.2-§14.4). Each docstring gives the section and the
verdict AWS would give, decided from the semantics."""

from __future__ import annotations

from sim_builder import C, t_alb, with_nat

from vpcdesigner.model import HostedZone, SgRule
from vpcdesigner.model.edge import DnsRecord
from vpcdesigner.sim.request import request


def test_internal_alb_name_from_the_internet_resolves_but_never_connects() -> None:
    """§12.1: an internal ALB's DNS name is publicly resolvable, to private node addresses; only
    clients with a network path into the VPC can connect. C → https://app.example.com/ with alb-1
    internal: DNS answers the private node addresses (10.0.x), the request is NOT REACHABLE (no
    HTTP status, never 200), failing at the client-to-load-balancer step."""
    d = t_alb().change("alb-1", scheme="internal").design()
    r = request(d, C, "https://app.example.com/")
    assert r.dns is not None and r.dns.addresses and all(a.startswith("10.0.") for a in r.dns.addresses)
    assert r.reachable is False and r.status != 200
    assert r.failed is not None and r.failed.kind == "client-to-load-balancer"


def test_cname_in_another_zone_to_an_alias_of_the_alb() -> None:
    """§14.4: www.shop.test CNAME → app.example.com (another zone), an alias A record of alb-1. The
    resolver follows the CNAME into example.com and gets the ALB's public node addresses; the request
    is served: HTTP 200 by an asg-app member."""
    b = t_alb().add(HostedZone(id="shop", zone_name="shop.test",
                               records=(DnsRecord(name="www.shop.test", type="CNAME", values=("app.example.com",)),)))
    r = request(b.design(), C, "https://www.shop.test/")
    assert r.dns is not None and r.dns.answers and r.dns.answers[0].type == "CNAME"
    assert r.status == 200 and (r.served_by or "").startswith("asg-app-")


def test_private_instance_to_an_internet_facing_alb_name_needs_a_nat() -> None:
    """§12.1 + §5 + §3.3: the internet-facing ALB's name resolves to its public node addresses even
    from inside the VPC. APP (priv-a, no default route) → https://app.example.com/: NOT REACHABLE
    (no route in rtb-main). With nat-1 and 0.0.0.0/0 → nat-1 the connection hairpins through the NAT
    and the IGW; sg-alb admits 443 from 0.0.0.0/0: HTTP 200."""
    b = t_alb().change("sg-app", outbound=(SgRule(cidr="0.0.0.0/0"),))
    r = request(b.design(), "app", "https://app.example.com/")
    assert r.reachable is False and r.failed is not None and r.failed.trace is not None
    assert r.failed.trace.blocked is not None and r.failed.trace.blocked.component == "rtb-main"
    r2 = request(with_nat(b).design(), "app", "https://app.example.com/")
    assert r2.status == 200, r2.failed
