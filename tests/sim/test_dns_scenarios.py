"""The DNS scenarios of ../shared/reference/scenarios.md (section H) and the AnyCompany sample.

Topologies are rebuilt here from the scenario text (T0, T-ALB, T-CF), so the tests run without
../shared; the reference is only the source of the expected verdicts.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from vpcdesigner.model import Design, derive, load
from vpcdesigner.model.files import design_from_data
from vpcdesigner.sim.dns import DnsCache, cloudfront_edge_addresses, resolve


def t0(extra: list[dict[str, Any]] | None = None, **vpc: Any) -> Design:
    """Baseline T0 plus T-ALB/T-CF: VPC-A, four subnets, WEB/APP/DB, client C with ISP resolver R,
    alb-1 in the public subnets, distribution dist behind www.example.com (A and AAAA alias)."""
    res: list[dict[str, Any]] = [
        {"id": "vpc-a", "kind": "vpc", "cidr": "10.0.0.0/16", **vpc},
        {"id": "igw-a", "kind": "internet-gateway", "vpc": "vpc-a"},
        {"id": "pub-a", "kind": "subnet", "vpc": "vpc-a", "availability_zone": "us-east-1a", "cidr": "10.0.1.0/24"},
        {"id": "pub-b", "kind": "subnet", "vpc": "vpc-a", "availability_zone": "us-east-1b", "cidr": "10.0.3.0/24"},
        {"id": "priv-a", "kind": "subnet", "vpc": "vpc-a", "availability_zone": "us-east-1a", "cidr": "10.0.2.0/24"},
        {"id": "priv-b", "kind": "subnet", "vpc": "vpc-a", "availability_zone": "us-east-1b", "cidr": "10.0.4.0/24"},
        {"id": "WEB", "kind": "instance", "subnet": "pub-a", "private_ip": "10.0.1.10", "public_ip": "203.0.113.10"},
        {"id": "APP", "kind": "instance", "subnet": "priv-a", "private_ip": "10.0.2.20"},
        {"id": "DB", "kind": "instance", "subnet": "priv-a", "private_ip": "10.0.2.30"},
        {"id": "R", "kind": "dns-resolver", "ip": "198.51.100.53"},
        {"id": "C", "kind": "internet-client", "ip": "198.51.100.7", "resolver": "R"},
        {"id": "alb-1", "kind": "load-balancer", "vpc": "vpc-a", "subnets": ["pub-a", "pub-b"],
         "listeners": [{"protocol": "HTTPS", "port": 443}], "dns_name": "alb-1-1234.us-east-1.elb.amazonaws.com"},
        {"id": "dist", "kind": "cloudfront", "domain_name": "d111111abcdef8.cloudfront.net",
         "aliases": ["www.example.com"], "origins": [{"id": "o1", "target": "alb-1"}], "default_origin": "o1"},
        {"id": "example.com", "kind": "hosted-zone", "zone_name": "example.com", "records": [
            {"name": "www.example.com", "type": "A", "alias": {"target": "dist"}},
            {"name": "www.example.com", "type": "AAAA", "alias": {"target": "dist"}}]},
    ]
    return design_from_data({"format": "vpcdesigner", "format_version": 1, "resources": res + (extra or [])})


def kinds(lookup: Any) -> list[str]:
    return [s.kind for s in lookup.steps]


def private_zone(vpcs: list[str], records: list[dict[str, Any]], zid: str = "example.com-private",
                 name: str = "example.com") -> dict[str, Any]:
    return {"id": zid, "kind": "hosted-zone", "zone_name": name, "private": True, "vpcs": vpcs, "records": records}


# -- S42 (DNS part): alias to CloudFront from an empty ISP resolver cache -------------------------

def test_s42_alias_to_cloudfront_answers_edge_addresses_as_type_a() -> None:
    design = t0()
    lookup = resolve(design, "www.example.com", "C")
    assert lookup.result == "answer" and lookup.rcode == "NOERROR"
    assert kinds(lookup) == ["query", "referral-root", "referral-tld", "authoritative", "alias", "reply"]
    assert lookup.resolver.id == "R"
    assert lookup.steps[1].returned.referral_zone == "com"
    tld = lookup.steps[2].returned
    assert tld.referral_zone == "example.com" and len(tld.referral) == 4  # the four Route 53 name servers
    assert all(r.type == "A" for r in lookup.answers)  # alias shows as A, no CNAME in the answer
    assert lookup.addresses == list(cloudfront_edge_addresses(design.resources["dist"], "A"))
    assert all(ipaddress.ip_address(a) in ipaddress.ip_network("54.230.0.0/16") for a in lookup.addresses)
    assert lookup.ttl == 60  # taken from the alias target, not user-set
    assert lookup.steps[4].target.id == "dist" and lookup.steps[4].target.kind == "cloudfront"


def test_s42_aaaa_alias_answers_ipv6_edge_addresses_and_none_when_ipv6_off() -> None:
    design = t0()
    six = resolve(design, "www.example.com", "C", record_type="AAAA")
    assert six.result == "answer" and all(":" in a for a in six.addresses) and len(six.addresses) == 4
    off = design.model_copy(update={"resources": {**design.resources,
                                                  "dist": design.resources["dist"].with_changes(ipv6=False)}})
    none = resolve(off, "www.example.com", "C", record_type="AAAA")
    assert none.result == "no-answer" and none.rcode == "NOERROR" and none.addresses == []


# -- S45: a private zone shadows the public zone -------------------------------------------------

@pytest.fixture
def s45() -> Design:
    return t0([
        private_zone(["vpc-a"], [{"name": "db.example.com", "values": ["10.0.2.30"]}]),
        {"id": "pub-zone", "kind": "hosted-zone", "zone_name": "example.com",
         "records": [{"name": "www.example.com", "values": ["192.0.2.44"]}]},
    ])


def _only_public_zone(design: Design) -> Design:
    resources = {k: v for k, v in design.resources.items() if k != "example.com"}
    return design.model_copy(update={"resources": resources})


def test_s45a_private_zone_without_the_record_is_nxdomain_no_fallback(s45: Design) -> None:
    lookup = resolve(_only_public_zone(s45), "www.example.com", "APP")
    assert lookup.result == "nxdomain" and lookup.rcode == "NXDOMAIN" and lookup.addresses == []
    assert lookup.resolver.address == "10.0.0.2"
    assert kinds(lookup) == ["query", "authoritative", "reply"]  # answered inside the VPC, no root/TLD
    assert lookup.steps[1].target.id == "example.com-private"
    assert "no fall-back" in lookup.steps[1].explanation


def test_s45b_private_zone_answers_its_record(s45: Design) -> None:
    lookup = resolve(_only_public_zone(s45), "db.example.com", "APP")
    assert lookup.result == "answer" and lookup.addresses == ["10.0.2.30"]


def test_s45c_internet_client_sees_only_the_public_zone(s45: Design) -> None:
    design = _only_public_zone(s45)
    www = resolve(design, "www.example.com", "C")
    assert www.result == "answer" and www.addresses == ["192.0.2.44"]
    db = resolve(design, "db.example.com", "C")
    assert db.result == "nxdomain" and db.rcode == "NXDOMAIN"
    assert all(s.target.id != "example.com-private" for s in db.steps)


# -- S47: enableDnsSupport = false ---------------------------------------------------------------

def test_s47_dns_support_off_means_no_answer_for_private_and_public_names() -> None:
    design = t0([private_zone(["vpc-a"], [{"name": "db.example.com", "values": ["10.0.2.30"]}])],
                enable_dns_support=False)
    for name in ("db.example.com", "example.org"):
        lookup = resolve(design, name, "APP")
        assert lookup.result == "no-answer" and lookup.rcode is None, name  # no response at all
        assert kinds(lookup) == ["query"] and lookup.steps[0].verdict == "no-answer"
        assert "enableDnsSupport" in lookup.steps[0].explanation


# -- S48: a peer VPC's Amazon DNS server ---------------------------------------------------------

def test_s48_querying_the_peer_vpc_resolver_gets_no_answer() -> None:
    design = t0([
        {"id": "vpc-b", "kind": "vpc", "cidr": "10.20.0.0/16"},
        {"id": "pcx", "kind": "vpc-peering", "requester_vpc": "vpc-a", "accepter_vpc": "vpc-b"},
    ])
    lookup = resolve(design, "www.example.com", "APP", server="10.20.0.2")
    assert lookup.result == "no-answer" and lookup.rcode is None
    assert lookup.resolver.id == "vpc-b" and kinds(lookup) == ["query"]
    own = resolve(design, "www.example.com", "APP", server="10.0.0.2")
    assert own.result == "answer"


# -- S49: caching, TTL expiry and negative caching -----------------------------------------------

@pytest.fixture
def s49() -> Design:
    soa = "ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"
    zone = {"id": "example.com", "kind": "hosted-zone", "zone_name": "example.com", "records": [
        {"name": "www.example.com", "values": ["192.0.2.44"], "ttl": 300},
        {"name": "example.com", "type": "SOA", "values": [soa], "ttl": 900}]}
    return design_from_data({"format": "vpcdesigner", "format_version": 1, "resources": [
        {"id": "R", "kind": "dns-resolver", "ip": "198.51.100.53"},
        {"id": "C", "kind": "internet-client", "ip": "198.51.100.7", "resolver": "R"}, zone]})


def test_s49_answer_cached_until_ttl_then_only_route53_is_asked(s49: Design) -> None:
    cache = DnsCache()
    first = resolve(s49, "www.example.com", "C", cache=cache, now=0)
    assert first.addresses == ["192.0.2.44"] and first.ttl == 300 and not first.cached
    assert kinds(first) == ["query", "referral-root", "referral-tld", "authoritative", "reply"]
    second = resolve(s49, "www.example.com", "C", cache=cache, now=100)
    assert second.cached and second.addresses == ["192.0.2.44"] and second.ttl == 200
    assert kinds(second) == ["query", "reply"] and second.steps[0].verdict == "cache-hit"
    third = resolve(s49, "www.example.com", "C", cache=cache, now=400)
    assert not third.cached and kinds(third) == ["query", "authoritative", "reply"]  # NS still cached


def test_s49_nxdomain_negatively_cached_for_min_of_soa_ttl_and_minimum(s49: Design) -> None:
    cache = DnsCache()
    miss = resolve(s49, "nope.example.com", "C", cache=cache, now=0)
    assert miss.result == "nxdomain" and miss.ttl == 900
    again = resolve(s49, "nope.example.com", "C", cache=cache, now=899)
    assert again.cached and again.result == "nxdomain" and again.rcode == "NXDOMAIN"
    later = resolve(s49, "nope.example.com", "C", cache=cache, now=900)
    assert not later.cached and later.result == "nxdomain"


# -- the AnyCompany sample -----------------------------------------------------------------------

def test_anycompany_customer_resolves_www_through_isp_root_tld_route53_alias_cdn(anycompany_path: Any) -> None:
    design = load(anycompany_path)
    cache = DnsCache()
    first = resolve(design, "www.anycompany.example", "customer", cache=cache)
    path = [(s.kind, s.source.id, s.target.id) for s in first.steps]
    assert path == [
        ("query", "customer", "isp-resolver"),
        ("referral-root", "isp-resolver", "dns-root"),
        ("referral-tld", "isp-resolver", "dns-tld:example"),
        ("authoritative", "isp-resolver", "anycompany.example"),
        ("alias", "anycompany.example", "cdn"),
        ("reply", "isp-resolver", "customer"),
    ]
    assert first.result == "answer" and first.addresses == list(
        cloudfront_edge_addresses(design.resources["cdn"], "A"))
    second = resolve(design, "www.anycompany.example", "customer", cache=cache, now=30)
    assert second.cached and [s.kind for s in second.steps] == ["query", "reply"]
    assert second.steps[0].verdict == "cache-hit" and second.addresses == first.addresses and second.ttl == 30


def test_anycompany_web_member_resolves_through_the_vpc_resolver(anycompany_path: Any) -> None:
    design = load(anycompany_path)
    lookup = resolve(design, "www.anycompany.example", "web-asg-2")
    member = derive(design).instances["web-asg-2"]
    assert lookup.client.address == member.private_ip
    assert lookup.resolver.kind == "vpc" and lookup.resolver.address == "10.0.0.2"
    assert lookup.result == "answer"
