"""Audit: the exposure report ("what the internet can open") against the semantics it summarises
(aws-semantics §4, §6.2, §7.2, §12.1). Exposure must not miss an opening AWS would allow (nor list
one AWS would block). Each docstring gives the section and the answer AWS would give."""

from __future__ import annotations

from sim_builder import custom_nacl, nacl_rule, t0, t_alb, tcp

from vpcdesigner.sim import trace
from vpcdesigner.sim.exposure import exposure


def _web_ports(design: object) -> list[tuple[int | None, int | None]]:
    return [(e.port_from, e.port_to) for e in exposure(design) if e.component == "web"]  # type: ignore[arg-type]


def test_public_ip_in_a_private_subnet_is_not_exposed() -> None:
    """§4.1: an instance with a public IP whose subnet has no IGW route answers nobody. APP gets
    public IP 203.0.113.20 and sg-app in tcp 22 from 0.0.0.0/0: APP is not in the exposure list."""
    b = t0().change("app", public_ip="203.0.113.20").change("sg-app", inbound=(tcp(22, "0.0.0.0/0"),))
    assert not any(e.component == "app" for e in exposure(b.design()))


def test_nacl_deny_of_the_only_port_removes_the_exposure() -> None:
    """§6.2: sg-web allows tcp 80 from 0.0.0.0/0 but pub-a's NACL denies tcp 80 in (rule 50):
    WEB is not exposed on 80."""
    b = t0()
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(50, "deny", "tcp", ports=(80, 80)), nacl_rule(100)), (nacl_rule(100),))
    assert (80, 80) not in _web_ports(b.design())


def test_opening_inside_a_rule_range_whose_first_port_the_nacl_denies() -> None:
    """§6.2/§7.2: sg-web in tcp 20-25 from 0.0.0.0/0; pub-a NACL in: 100 deny tcp 20-21, 200 allow
    all. The internet can open WEB:22 (trace proves it), so the exposure report must list WEB for
    a port range containing 22."""
    b = t0().change("sg-web", inbound=(tcp(20, "0.0.0.0/0", to=25),))
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100, "deny", "tcp", ports=(20, 21)), nacl_rule(200)),
                (nacl_rule(100),))
    d = b.design()
    assert trace(d, "1.1.1.1", "203.0.113.10", "tcp", 22).reachable is True
    assert any(lo is not None and hi is not None and lo <= 22 <= hi for lo, hi in _web_ports(d))


def test_opening_for_sources_other_than_the_representative_one() -> None:
    """§6.2: sg-web in tcp 80 from 0.0.0.0/0; pub-a NACL in: 50 deny all from 128.0.0.0/1, 60 deny
    all from 8.8.8.8/32, 100 allow all. 1.1.1.1 can open WEB:80, so WEB:80 is exposed."""
    b = t0()
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(50, "deny", cidr="128.0.0.0/1"),
                                       nacl_rule(60, "deny", cidr="8.8.8.8/32"), nacl_rule(100)), (nacl_rule(100),))
    d = b.design()
    assert trace(d, "1.1.1.1", "203.0.113.10", "tcp", 80).reachable is True
    assert (80, 80) in _web_ports(d)


def test_load_balancer_exposed_through_its_second_node() -> None:
    """§12.1/§6.2: alb-1 has nodes in pub-a and pub-b; only pub-a's NACL denies tcp 443 in. A client
    connecting to the pub-b node reaches the listener, so alb-1:443 is exposed."""
    b = t_alb()
    custom_nacl(b, "acl-a", ("pub-a",), (nacl_rule(50, "deny", "tcp", ports=(443, 443)), nacl_rule(100)),
                (nacl_rule(100),))
    d = b.design()
    first_leg = trace(d, "1.1.1.1", "alb-1", "tcp", 443, entry_subnet="pub-b").legs[0]
    assert first_leg.reachable is True
    assert any(e.component == "alb-1" for e in exposure(d))
