"""Second audit: appliances, internet sources the IGW refuses, a classic load balancer's NACL on
same-subnet targets, EC2 public host names used from inside, and exposure on high ports only
(aws-semantics §1.3, §2.3, §3.5, §4.3, §4.5, §6.2, §7.3). Each docstring gives the section and the
verdict AWS would give, decided from the semantics."""

from __future__ import annotations

import pytest
from audit_builder import OPEN_IN, where
from sim_builder import custom_nacl, nacl_rule, t0, tcp

from vpcdesigner.model import Instance, Listener, LoadBalancer, Route, RouteTable, SecurityGroup, SgRule
from vpcdesigner.sim import trace
from vpcdesigner.sim.dns import resolve
from vpcdesigner.sim.exposure import exposure
from vpcdesigner.sim.trace import TraceInputError

# -- §3.5 / §1.3: a middlebox appliance is an ENI with its own SG and its own subnet's NACL ----------

def _appliance(fw_inbound: tuple[SgRule, ...] = OPEN_IN) -> object:
    """priv-a's table sends priv-b's exact CIDR 10.0.4.0/24 to appliance fw (pub-b, source/dest check
    off); h-b (priv-b) admits tcp/22 from 10.0.2.0/24."""
    return t0().add(SecurityGroup(id="sg-fw", vpc="vpc-a", inbound=fw_inbound),
                    Instance(id="fw", subnet="pub-b", private_ip="10.0.3.5", security_groups=("sg-fw",),
                             source_dest_check=False),
                    SecurityGroup(id="sg-hb", vpc="vpc-a", inbound=(tcp(22, "10.0.2.0/24"),)),
                    Instance(id="h-b", subnet="priv-b", private_ip="10.0.4.40", security_groups=("sg-hb",)),
                    RouteTable(id="rtb-x", vpc="vpc-a", subnets=("priv-a",),
                               routes=(Route(destination="10.0.4.0/24", target="fw"),)))


def test_appliance_path_passes_when_everything_allows_it() -> None:
    """§3.2 (route more specific than local to an ENI) + §3.5: APP → h-b tcp/22 goes through fw and
    is REACHABLE (h-b replies directly: priv-b's main table reaches 10.0.2.0/24 locally)."""
    t = trace(_appliance().design(), "app", "h-b", "tcp", 22)  # type: ignore[attr-defined]
    assert any(h.component == "fw" for h in t.forward)
    assert t.reachable is True


def test_appliance_security_group_filters_the_traffic_it_forwards() -> None:
    """§7.1 (SGs apply per ENI) + §1.3: the appliance's own ENI filters what it receives; sg-fw admits
    only tcp/443. APP → h-b tcp/22 through fw: NOT REACHABLE, forward blocked at sg-fw inbound."""
    t = trace(_appliance((tcp(443, "0.0.0.0/0"),)).design(), "app", "h-b", "tcp", 22)  # type: ignore[attr-defined]
    assert where(t) == ("sg-fw", "forward", "SG_INBOUND")


def test_appliance_subnet_nacl_is_crossed_on_the_way_in() -> None:
    """§1.1 / §6.2: the packet enters the appliance's subnet pub-b, so pub-b's NACL inbound applies:
    in: 10 deny all from 10.0.2.0/24, 100 allow all; out: allow all. APP → h-b tcp/22: NOT REACHABLE,
    forward blocked at acl-fw NACL_INBOUND rule 10."""
    b = _appliance()
    custom_nacl(b, "acl-fw", ("pub-b",), (nacl_rule(10, "deny", cidr="10.0.2.0/24"), nacl_rule(100)),  # type: ignore[arg-type]
                (nacl_rule(100),))
    t = trace(b.design(), "app", "h-b", "tcp", 22)  # type: ignore[attr-defined]
    assert where(t) == ("acl-fw", "forward", "NACL_INBOUND")


# -- §4.3: the IGW refuses private and shared-space sources from the internet -----------------------

@pytest.mark.parametrize("source", ["100.64.1.1", "192.168.7.7"])
def test_internet_source_in_private_or_shared_space_never_reaches_a_public_ip(source: str) -> None:
    """§4.3 (IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS / …RFC6598_INGRESS): a packet from an
    RFC 6598 or RFC 1918 address arriving at the IGW is dropped. `source` → WEB's public IP
    203.0.113.10 tcp/80 (sg-web admits 0.0.0.0/0): NOT REACHABLE (never a pass)."""
    try:
        t = trace(t0().design(), source, "203.0.113.10", "tcp", 80)
    except TraceInputError as exc:  # refusing the source outright is also "never a pass"
        assert source in str(exc)
        return
    assert t.reachable is not True


# -- §1.3 step 2 exception: a classic load balancer applies its NACL even in its own subnet ----------

def test_classic_load_balancer_applies_the_nacl_to_a_target_in_its_own_subnet() -> None:
    """§1.3 (RA ELB_ACL_RESTRICTION): a Classic Load Balancer applies the NACL to outbound traffic even
    to targets in its own subnet. clb in pub-a and pub-b (HTTP 80 → instance port 80) with target web
    (pub-a); pub-a NACL out: 10 deny tcp 80 to 10.0.1.0/24, 100 allow all; in: allow all. A client
    → clb node in pub-a tcp/80: NOT REACHABLE at acl-pub NACL_OUTBOUND (the same setup with an
    ALB would pass, as no subnet boundary is crossed)."""
    b = t0().add(SecurityGroup(id="sg-clb", vpc="vpc-a", inbound=(tcp(80, "0.0.0.0/0"),)),
                 LoadBalancer(id="clb", type="classic", vpc="vpc-a", subnets=("pub-a", "pub-b"),
                              security_groups=("sg-clb",), instances=("web",),
                              listeners=(Listener(protocol="HTTP", port=80, instance_port=80),),
                              dns_name="clb-1.us-east-1.elb.amazonaws.com"))
    custom_nacl(b, "acl-pub", ("pub-a",), (nacl_rule(100),),
                (nacl_rule(10, "deny", "tcp", cidr="10.0.1.0/24", ports=(80, 80)), nacl_rule(100)))
    t = trace(b.design(), "1.1.1.1", "clb", "tcp", 80, entry_subnet="pub-a")
    assert t.reachable is False
    assert where(t)[0] == "acl-pub" and where(t)[2] == "NACL_OUTBOUND"


# -- §2.3 / §4.5: a public host name used from inside ------------------------------------------------

def test_ec2_public_host_name_from_inside_goes_to_the_private_address() -> None:
    """§2.3 (split answer) + §4.5 + §7.3: from inside the VPC WEB's public host name resolves to its
    private IP 10.0.1.10, so there is no IGW hairpin and an SG reference matches. sg-web admits tcp/80
    from sg-app only. APP resolves ec2-203-0-113-10.compute-1.amazonaws.com and connects on tcp/80:
    REACHABLE, no IGW hop; the same to the public IP 203.0.113.10 (hairpin): NOT REACHABLE."""
    b = t0().change("sg-web", inbound=(tcp(80, sg="sg-app"),))
    b.change("rtb-main", routes=(Route(destination="0.0.0.0/0", target="igw-a"),))
    b.change("app", public_ip="203.0.113.20")
    d = b.design()
    lookup = resolve(d, "ec2-203-0-113-10.compute-1.amazonaws.com", "app")
    assert lookup.addresses == ["10.0.1.10"]
    t = trace(d, "app", lookup.addresses[0], "tcp", 80)
    assert t.reachable is True
    assert not any(h.component == "igw-a" for h in t.forward)
    assert trace(d, "app", "203.0.113.10", "tcp", 80).reachable is False


# -- §6.2 / §7.2: exposure through a NACL that opens only high ports ---------------------------------

def test_exposure_lists_only_the_high_ports_the_nacl_lets_in() -> None:
    """§6.2 + §7.2: sg-web admits tcp 0-65535 from 0.0.0.0/0; pub-a NACL in: 100 allow tcp 1024-65535;
    out: allow all. The internet can open WEB on 8080 (trace proves it) but not on 80 or 22: the
    exposure report lists WEB for a range inside 1024-65535 and never for a port below 1024."""
    b = t0().change("sg-web", inbound=(tcp(0, "0.0.0.0/0", to=65535),))
    custom_nacl(b, "acl-pub", ("pub-a",), (nacl_rule(100, protocol="tcp", ports=(1024, 65535)),), (nacl_rule(100),))
    d = b.design()
    assert trace(d, "1.1.1.1", "203.0.113.10", "tcp", 8080).reachable is True
    assert trace(d, "1.1.1.1", "203.0.113.10", "tcp", 80).reachable is False
    web = [e for e in exposure(d) if e.component == "web"]
    assert web, "WEB is reachable from the internet on 1024-65535 but not listed"
    for e in web:
        assert e.port_from is not None and e.port_to is not None
        assert 1024 <= e.port_from <= e.port_to <= 65535, (e.port_from, e.port_to)


def test_exposure_counts_a_client_that_picks_a_source_port_the_acl_lets_back() -> None:
    """§6.3 (the client chooses its source port; the server subnet's outbound ACL must admit the
    reply to it): pub-a NACL out allows tcp 1024-32767 only; sg-web admits tcp/80. A Linux client's
    default port (32768-60999) gets no reply, but a client using port 2000 opens WEB:80 (trace
    proves it), so the internet can open WEB:80 and exposure must list it."""
    b = t0()
    custom_nacl(b, "acl-pub", ("pub-a",), (nacl_rule(100),), (nacl_rule(100, protocol="tcp", ports=(1024, 32767)),))
    d = b.design()
    assert trace(d, "1.1.1.1", "203.0.113.10", "tcp", 80, source_port=2000).reachable is True
    assert any(e.component == "web" and e.port_from == 80 for e in exposure(d))


def test_exposure_of_an_all_traffic_rule_that_the_acl_narrows_to_tcp() -> None:
    """§7.2 (protocol all, ports ignored) + §6.2: sg-web admits all traffic from 0.0.0.0/0; pub-a NACL
    in allows only tcp 1024-65535 (out: all). The internet can open WEB on tcp/8080 (trace proves
    it), so exposure must list WEB for TCP within 1024-65535 (never for a port below 1024)."""
    b = t0().change("sg-web", inbound=(SgRule(cidr="0.0.0.0/0"),))
    custom_nacl(b, "acl-pub", ("pub-a",), (nacl_rule(100, protocol="tcp", ports=(1024, 65535)),), (nacl_rule(100),))
    d = b.design()
    assert trace(d, "1.1.1.1", "203.0.113.10", "tcp", 8080).reachable is True
    web = [e for e in exposure(d) if e.component == "web"]
    assert any(e.protocol == "tcp" for e in web)
    assert all(e.protocol == "tcp" and e.port_from is not None and e.port_from >= 1024 for e in web)
