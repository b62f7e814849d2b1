"""Audit: Application Load Balancer, CloudFront and DNS (aws-semantics §12, §13, §14) on new
topologies. Each docstring gives the section and the verdict AWS would give."""

from __future__ import annotations

from audit_builder import where
from sim_builder import C, custom_nacl, nacl_rule, t0, t_alb, t_cf, tcp

from vpcdesigner.model import HostedZone, Instance, Listener, Subnet, Target, TargetGroup
from vpcdesigner.model.edge import AliasTarget, DnsRecord
from vpcdesigner.sim import trace
from vpcdesigner.sim.dns import DnsCache, resolve

# -- Application Load Balancer --------------------------------------------------------------------


def test_cross_zone_target_in_the_other_az_is_reached() -> None:
    """§12.2 (cross-zone always on for ALBs): alb-1 has nodes in pub-a and pub-b; asg-app only in
    priv-b. C → alb-1:443 entering via the pub-a node: REACHABLE, target in priv-b (AZ b)."""
    b = t_alb().change("asg-app", subnets=("priv-b",))
    t = trace(b.design(), C, "alb-1", "tcp", 443, entry_subnet="pub-a")
    assert t.reachable is True
    target = next(h for h in t.forward if h.kind == "instance" and h.check == "delivery")
    assert target.packet_in.dst.startswith("10.0.4.")


def test_registered_instance_target_in_an_az_without_a_node_gets_nothing() -> None:
    """§12.2 (RA ELB_INSTALLED_AZ_RESTRICTION): tg-app lists one instance target `t-c` in priv-c
    (us-east-1c); alb-1 has nodes in AZ a and b only; asg-app scaled to 0. C → alb-1:443: NOT
    REACHABLE (no target can receive traffic)."""
    b = t_alb().change("asg-app", desired=0, target_groups=())
    b.add(Subnet(id="priv-c", vpc="vpc-a", cidr="10.0.5.0/24", availability_zone="us-east-1c"),
          Instance(id="t-c", subnet="priv-c", private_ip="10.0.5.10", security_groups=("sg-app",)))
    b.change("tg-app", targets=(Target(target="t-c"),))
    t = trace(b.design(), C, "alb-1", "tcp", 443)
    assert t.reachable is False and t.blocked is not None
    assert t.blocked.code == "ELB_INSTALLED_AZ_RESTRICTION"


def test_target_port_override_must_be_allowed_by_the_target_sg() -> None:
    """§12.2/§12.3: a registered target's port overrides the group port. tg-app port 8080, target
    `t-a` (priv-a) registered on port 9090; sg-app allows 8080 from sg-alb; sg-alb out allows
    8080-9090 to sg-app. C → alb-1:443: NOT REACHABLE at sg-app inbound (leg 1, port 9090)."""
    b = t_alb().change("asg-app", desired=0, target_groups=())
    b.change("sg-alb", outbound=(tcp(8080, sg="sg-app", to=9090),))
    b.add(Instance(id="t-a", subnet="priv-a", private_ip="10.0.2.60", security_groups=("sg-app",)))
    b.change("tg-app", targets=(Target(target="t-a", port=9090),))
    t = trace(b.design(), C, "alb-1", "tcp", 443)
    assert where(t) == ("sg-app", "forward", "SG_INBOUND") and t.blocked is not None and t.blocked.leg == 1


def test_alb_security_group_without_outbound_to_targets_blocks_the_second_leg() -> None:
    """§12.3: the ALB's own SG must allow target traffic out. sg-alb out: tcp 443 to 0.0.0.0/0
    only. C → alb-1:443: NOT REACHABLE at sg-alb outbound on leg 1."""
    b = t_alb().change("sg-alb", outbound=(tcp(443, "0.0.0.0/0"),))
    t = trace(b.design(), C, "alb-1", "tcp", 443)
    assert where(t) == ("sg-alb", "forward", "SG_OUTBOUND") and t.blocked is not None and t.blocked.leg == 1


def test_target_nacl_without_outbound_ephemeral_to_the_alb_is_504() -> None:
    """§12.3 (ALB-TS 504): target subnets' NACL in: all; out: tcp 32768-65535 to 10.0.0.0/16 (not the
    whole 1024-65535 the ALB may use). C → alb-1:443: NOT REACHABLE, return blocked at that NACL on
    leg 1; client sees HTTP 504."""
    b = t_alb()
    custom_nacl(b, "acl-t", ("priv-a", "priv-b"), (nacl_rule(100),),
                (nacl_rule(100, protocol="tcp", cidr="10.0.0.0/16", ports=(32768, 65535)),))
    t = trace(b.design(), C, "alb-1", "tcp", 443)
    assert where(t)[:2] == ("acl-t", "return") and t.blocked is not None and t.blocked.leg == 1
    assert t.client_sees == "HTTP 504"


def test_target_nacl_outbound_ephemeral_to_the_wrong_cidr_is_504() -> None:
    """§12.3: the outbound rule must cover the ALB subnets. Target NACL out: tcp 1024-65535 to
    10.0.2.0/24 and 10.0.4.0/24 only (the target subnets, not pub-a/pub-b). NOT REACHABLE, return
    blocked at acl-t on leg 1, HTTP 504."""
    b = t_alb()
    custom_nacl(b, "acl-t", ("priv-a", "priv-b"), (nacl_rule(100),),
                (nacl_rule(100, protocol="tcp", cidr="10.0.2.0/24", ports=(1024, 65535)),
                 nacl_rule(110, protocol="tcp", cidr="10.0.4.0/24", ports=(1024, 65535))))
    t = trace(b.design(), C, "alb-1", "tcp", 443)
    assert where(t)[:2] == ("acl-t", "return") and t.client_sees == "HTTP 504"


def test_alb_subnet_nacl_must_let_the_targets_replies_back_in() -> None:
    """§12.3: ALB subnets must allow ephemeral replies. pub-a/pub-b NACL in: tcp 443 from
    0.0.0.0/0 only; out: all. The client leg works (reply to C goes out); the target's reply to the
    node's port 1024-65535 is dropped: NOT REACHABLE, return blocked at acl-alb on leg 1."""
    b = t_alb()
    custom_nacl(b, "acl-alb", ("pub-a", "pub-b"), (nacl_rule(100, protocol="tcp", ports=(443, 443)),),
                (nacl_rule(100),))
    t = trace(b.design(), C, "alb-1", "tcp", 443)
    assert where(t)[:2] == ("acl-alb", "return") and t.blocked is not None and t.blocked.leg == 1


def test_internal_alb_is_not_reachable_from_the_internet_but_is_from_inside() -> None:
    """§12.1: an internal ALB has private node addresses only. C → alb-1:443: NOT REACHABLE;
    APP → alb-1:443 (sg-app out all; sg-alb in 443 from 0.0.0.0/0): REACHABLE."""
    b = t_alb().change("alb-1", scheme="internal")
    assert trace(b.design(), C, "alb-1", "tcp", 443).reachable is False
    assert trace(b.design(), "app", "alb-1", "tcp", 443).reachable is True


def test_alb_source_is_its_node_so_a_target_rule_for_the_alb_subnets_works() -> None:
    """§12.3 (ALB-SG: reference the ALB SG *or the ALB subnets' CIDRs*): sg-app in: tcp 8080 from
    10.0.1.0/24 and 10.0.3.0/24. C → alb-1:443 from either entry node: REACHABLE."""
    b = t_alb().change("sg-app", inbound=(tcp(8080, "10.0.1.0/24"), tcp(8080, "10.0.3.0/24")))
    for entry in ("pub-a", "pub-b"):
        assert trace(b.design(), C, "alb-1", "tcp", 443, entry_subnet=entry).reachable is True


def test_alb_listener_protocol_does_not_matter_only_the_port() -> None:
    """§12.2 (RA ELBV2_LISTENERS_MISMATCH is about the port): an HTTP listener on 8443 answers TCP
    on 8443. sg-alb in 8443; listener HTTP:8443 → tg-app. C → alb-1:8443: REACHABLE; C →
    alb-1:443 (no listener left): NOT REACHABLE at alb-1 (ELB_NO_LISTENER)."""
    b = t_alb().change("sg-alb", inbound=(tcp(8443, "0.0.0.0/0"), tcp(443, "0.0.0.0/0")))
    b.change("alb-1", listeners=(Listener(protocol="HTTP", port=8443, target_group="tg-app"),))
    assert trace(b.design(), C, "alb-1", "tcp", 8443).reachable is True
    assert where(trace(b.design(), C, "alb-1", "tcp", 443))[::2] == ("alb-1", "ELB_NO_LISTENER")


def test_alb_to_an_ip_target_in_a_peered_vpc() -> None:
    """§12.2: `ip` targets may be in a peered VPC. tg-ip (type ip) → 10.20.1.8:8080 (b1 in VPC-B,
    sg-b1 in tcp 8080 from 10.0.0.0/16); pub subnets route 10.20.0.0/16 → pcx-ab. C → alb-1:443:
    REACHABLE; without rtb-pub's route to the peering: NOT REACHABLE on leg 1 (igw-a drops the
    private destination)."""
    from audit_builder import peered_b

    from vpcdesigner.model import Route
    b = peered_b(t_alb()).change("sg-b1", inbound=(tcp(8080, "10.0.0.0/16"),))
    b.change("sg-alb", outbound=(tcp(8080, "10.20.0.0/16"),))
    b.add(TargetGroup(id="tg-ip", vpc="vpc-a", port=8080, target_type="ip", targets=(Target(ip="10.20.1.8"),)))
    b.change("alb-1", listeners=(Listener(protocol="HTTPS", port=443, target_group="tg-ip"),))
    no_route = trace(b.design(), C, "alb-1", "tcp", 443)
    assert no_route.reachable is False and no_route.blocked is not None and no_route.blocked.leg == 1
    b.change("rtb-pub", routes=(Route(destination="0.0.0.0/0", target="igw-a"),
                                Route(destination="10.20.0.0/16", target="pcx-ab")))
    assert trace(b.design(), C, "alb-1", "tcp", 443).reachable is True


# -- CloudFront -----------------------------------------------------------------------------------

def test_match_viewer_with_an_http_viewer_fetches_the_origin_over_http() -> None:
    """§13 (CF-VALUES match viewer; CF-502): viewer policy allow-all, origin match-viewer, ALB has
    only HTTPS:443 (sg-alb admits 80 and 443 from the prefix list). Viewer HTTP on port 80 → origin
    HTTP:80 → no listener: NOT REACHABLE, HTTP 502. Viewer HTTPS: REACHABLE."""
    b = t_cf().change("cdn", viewer_protocol_policy="allow-all")
    b.change("cdn", origins=({"id": "o1", "target": "alb-1", "protocol_policy": "match-viewer"},))
    b.change("sg-alb", inbound=(tcp(443, pl="pl-cloudfront"), tcp(80, pl="pl-cloudfront")))
    t = trace(b.design(), C, "www.example.com", "tcp", 80)
    assert t.reachable is False and t.client_sees == "HTTP 502"
    assert t.blocked is not None and t.blocked.component == "alb-1"
    assert trace(b.design(), C, "www.example.com", "tcp", 443).reachable is True


def test_http_only_origin_on_a_custom_port() -> None:
    """§13 (CF-VALUES: HTTP port allowed 80, 443, 1024-65535): origin http-only on port 8080, ALB
    listener HTTP:8080 → tg-app, sg-alb in tcp 8080 from the prefix list. C → https://www:
    REACHABLE and the origin leg arrives on port 8080."""
    b = t_cf().change("cdn", origins=({"id": "o1", "target": "alb-1", "protocol_policy": "http-only",
                                        "http_port": 8080},))
    b.change("alb-1", listeners=(Listener(protocol="HTTP", port=8080, target_group="tg-app"),))
    b.change("sg-alb", inbound=(tcp(8080, pl="pl-cloudfront"),))
    t = trace(b.design(), C, "www.example.com", "tcp", 443)
    assert t.reachable is True
    assert any(h.component == "alb-1" and h.packet_in.dst_port == 8080 for h in t.forward)


def test_origin_sg_admitting_the_viewer_instead_of_cloudfront_is_504() -> None:
    """§13 (origin fetches come from CloudFront's origin-facing addresses; CF-504): sg-alb in: tcp
    443 from 198.51.100.0/24 (the viewer's range). C → www: NOT REACHABLE at sg-alb inbound on the
    edge → origin leg; HTTP 504."""
    b = t_cf().change("sg-alb", inbound=(tcp(443, "198.51.100.0/24"),))
    t = trace(b.design(), C, "www.example.com", "tcp", 443)
    assert where(t) == ("sg-alb", "forward", "SG_INBOUND") and t.client_sees == "HTTP 504"
    assert t.blocked is not None and t.blocked.leg >= 1


# -- DNS ------------------------------------------------------------------------------------------

def _dns() -> object:
    """T0 + resolver/client, public zone example.com (api.corp.example.com, www CNAME to the private
    name), private zone corp.example.com for VPC-A with only db.corp.example.com."""
    from vpcdesigner.model import DnsResolver, InternetClient
    b = t0()
    b.add(DnsResolver(id="isp", ip="198.51.100.53"), InternetClient(id="viewer", ip="198.51.100.8", resolver="isp"),
          HostedZone(id="pub", zone_name="example.com", records=(
              DnsRecord(name="api.corp.example.com", values=("192.0.2.5",)),
              DnsRecord(name="old.example.com", type="CNAME", values=("db.corp.example.com",)))),
          HostedZone(id="corp", zone_name="corp.example.com", private=True, vpcs=("vpc-a",),
                     records=(DnsRecord(name="db.corp.example.com", values=("10.0.2.30",)),)))
    return b


def test_private_subdomain_zone_shadows_a_public_record_below_it() -> None:
    """§14.3 (R53-PHZC shadowing, parent-or-equal zone name): from APP (VPC-A) api.corp.example.com
    is NXDOMAIN (the private zone corp.example.com matches and lacks it); from the internet it is
    192.0.2.5."""
    d = _dns().design()  # type: ignore[attr-defined]
    assert resolve(d, "api.corp.example.com", "app").result == "nxdomain"
    outside = resolve(d, "api.corp.example.com", "viewer")
    assert outside.result == "answer" and outside.addresses == ["192.0.2.5"]


def test_cname_into_a_private_zone_never_leaks_the_private_address_outside() -> None:
    """§14.3: public old.example.com CNAME db.corp.example.com (a name only the private zone of
    VPC-A holds). From the internet the private zone is invisible: no ANSWER and never 10.0.2.30.
    (What APP inside VPC-A gets is left open: see the audit report, semantics ambiguity.)"""
    d = _dns().design()  # type: ignore[attr-defined]
    outside = resolve(d, "old.example.com", "viewer")
    assert "10.0.2.30" not in outside.addresses and outside.result != "answer"


def test_private_zone_of_the_vpc_does_not_apply_to_an_on_premises_client_without_endpoints() -> None:
    """§14.3/§14.6: private zones answer only associated VPCs (or inbound endpoints). The internet
    viewer asking db.corp.example.com: never ANSWER 10.0.2.30."""
    d = _dns().design()  # type: ignore[attr-defined]
    assert "10.0.2.30" not in resolve(d, "db.corp.example.com", "viewer").addresses


def test_alias_ttl_is_the_targets_not_the_records() -> None:
    """§14.4: an alias TTL cannot be set; for an ELB it is 60 s. app.example.com alias → alb-1 with
    a record ttl of 3600: the answer's TTL is 60 and the cache entry expires at 60."""
    b = t_alb()
    b.change("zone", records=(DnsRecord(name="app.example.com", ttl=3600, alias=AliasTarget(target="alb-1")),))
    from vpcdesigner.model import DnsResolver, InternetClient
    b.add(DnsResolver(id="isp", ip="198.51.100.53"), InternetClient(id="viewer", ip="198.51.100.8", resolver="isp"))
    d = b.design()
    cache = DnsCache()
    first = resolve(d, "app.example.com", "viewer", cache=cache)
    assert first.result == "answer" and first.ttl == 60
    assert resolve(d, "app.example.com", "viewer", cache=cache, now=59).cached
    assert not resolve(d, "app.example.com", "viewer", cache=cache, now=61).cached


def test_negative_answer_expires_after_the_zone_negative_ttl() -> None:
    """§14.5: NXDOMAIN is cached for the SOA-derived time. Public zone example.com with
    soa_negative_ttl 30: nope.example.com is NXDOMAIN with TTL 30, a cache hit at t=29, asked again
    at t=31."""
    d = _dns().change("pub", soa_negative_ttl=30).design()  # type: ignore[attr-defined]
    cache = DnsCache()
    first = resolve(d, "nope.example.com", "viewer", cache=cache)
    assert first.result == "nxdomain" and first.ttl == 30
    assert resolve(d, "nope.example.com", "viewer", cache=cache, now=29).cached
    again = resolve(d, "nope.example.com", "viewer", cache=cache, now=31)
    assert not again.cached and again.result == "nxdomain"


def test_instance_without_internet_route_still_resolves_public_names() -> None:
    """§14.6: the VPC resolver does the recursion itself. APP (priv-a, no NAT/IGW route) asks for
    the public record pub-only.example.com: ANSWER 192.0.2.6."""
    b = _dns()
    pub = b.r["pub"]  # type: ignore[attr-defined]
    b.change("pub", records=(*pub.records, DnsRecord(name="pub-only.example.com", values=("192.0.2.6",))))  # type: ignore[attr-defined]
    lk = resolve(b.design(), "pub-only.example.com", "app")  # type: ignore[attr-defined]
    assert lk.result == "answer" and lk.addresses == ["192.0.2.6"]


def test_trace_to_a_private_zone_name_from_inside_goes_to_the_private_address() -> None:
    """§14.3 + trace endpoints: WEB (pub-a) → db.corp.example.com tcp/5432 (sg-db admits
    10.0.0.0/16): REACHABLE, delivered to 10.0.2.30."""
    b = _dns().change("sg-db", inbound=(tcp(5432, "10.0.0.0/16"),))  # type: ignore[attr-defined]
    t = trace(b.design(), "web", "db.corp.example.com", "tcp", 5432)
    assert t.reachable is True and t.forward[-1].packet_in.dst == "10.0.2.30"


def _peered_phz() -> object:
    """VPC-A with private zone example.com (db only), public zone example.com (www only), VPC-B
    peered with DNS resolution on."""
    from audit_builder import peered_b
    b = peered_b(t0()).change("pcx-ab", allow_dns_resolution=True)
    b.add(HostedZone(id="pub", zone_name="example.com",
                     records=(DnsRecord(name="www.example.com", values=("192.0.2.44",)),)),
          HostedZone(id="phz", zone_name="example.com", private=True, vpcs=("vpc-a",),
                     records=(DnsRecord(name="db.example.com", values=("10.0.2.30",)),)))
    return b


def test_private_zone_is_not_shared_with_a_peered_vpc_by_the_dns_resolution_option() -> None:
    """§14.3/§9: a private zone answers only associated VPCs; the peering DNS option concerns EC2
    private hostnames. From b1 (VPC-B): www.example.com ANSWER 192.0.2.44 (public zone, no
    shadowing) and db.example.com NXDOMAIN. From APP (VPC-A): www NXDOMAIN (shadowed), db 10.0.2.30."""
    d = _peered_phz().design()  # type: ignore[attr-defined]
    assert resolve(d, "www.example.com", "b1").addresses == ["192.0.2.44"]
    assert resolve(d, "db.example.com", "b1").result == "nxdomain"
    assert resolve(d, "www.example.com", "app").result == "nxdomain"
    assert resolve(d, "db.example.com", "app").addresses == ["10.0.2.30"]


def test_resolver_cache_is_keyed_by_name_and_type_and_per_resolver() -> None:
    """§14.5 (cache keyed by (name, type), one per resolver): after b1 caches www A, www AAAA is not
    a cache hit, and APP (another VPC's resolver) does not hit b1's entry."""
    d = _peered_phz().design()  # type: ignore[attr-defined]
    cache = DnsCache()
    resolve(d, "www.example.com", "b1", cache=cache)
    assert resolve(d, "www.example.com", "b1", cache=cache, now=1).cached
    assert not resolve(d, "www.example.com", "b1", cache=cache, record_type="AAAA", now=1).cached
    assert not resolve(d, "www.example.com", "app", cache=cache, now=2).cached


def test_listener_rules_lowest_priority_first_path_case_sensitive_query_ignored() -> None:
    """§12.2 (rules in priority order; default rule when nothing matches): listener rules written
    [20 /api/* → tg-api, 10 /api/img* → tg-img]. /api/x → api1; /api/img1?x=1 → img1 (rule 10
    first); /API/x (path patterns are case-sensitive) → the default tg-app; /api/x?y=/api/img →
    api1 (the query string is not part of the path)."""
    from vpcdesigner.model import DnsResolver, InternetClient, ListenerRule
    from vpcdesigner.sim.request import request
    b = t_alb()
    b.add(Instance(id="api1", subnet="priv-a", private_ip="10.0.2.70", security_groups=("sg-app",)),
          Instance(id="img1", subnet="priv-a", private_ip="10.0.2.71", security_groups=("sg-app",)),
          TargetGroup(id="tg-api", vpc="vpc-a", port=8080, targets=(Target(target="api1"),)),
          TargetGroup(id="tg-img", vpc="vpc-a", port=8080, targets=(Target(target="img1"),)),
          DnsResolver(id="isp", ip="198.51.100.53"), InternetClient(id="viewer", ip="198.51.100.8", resolver="isp"))
    b.change("alb-1", listeners=(Listener(protocol="HTTPS", port=443, target_group="tg-app", rules=(
        ListenerRule(priority=20, path_pattern="/api/*", target_group="tg-api"),
        ListenerRule(priority=10, path_pattern="/api/img*", target_group="tg-img"))),))
    d = b.design()
    served = {path: request(d, "viewer", f"https://app.example.com{path}").served_by
              for path in ("/api/x", "/api/img1?x=1", "/API/x", "/api/x?y=/api/img")}
    assert served["/api/x"] == "api1" and served["/api/img1?x=1"] == "img1"
    assert served["/API/x"] not in ("api1", "img1") and served["/API/x"] is not None
    assert served["/api/x?y=/api/img"] == "api1"
