"""One test per DNS rule (aws-semantics §2.3, §9, §14): records, chains, aliases, negative answers,
caching, private zones, AWS-owned names, clients and resolvers, and bad input."""

from __future__ import annotations

from typing import Any

import pytest

from vpcdesigner.model import Design, derive
from vpcdesigner.model.files import design_from_data
from vpcdesigner.sim.dns import DnsCache, DnsInputError, cloudfront_edge_addresses, cloudfront_for_address, resolve
from vpcdesigner.sim.topology import topology


def build(*zones: dict[str, Any], extra: list[dict[str, Any]] | None = None, **vpc: Any) -> Design:
    """VPC-A with one public and one private subnet, WEB (public IP) and APP, client C with resolver R."""
    res: list[dict[str, Any]] = [
        {"id": "vpc-a", "kind": "vpc", "cidr": "10.0.0.0/16", **vpc},
        {"id": "pub-a", "kind": "subnet", "vpc": "vpc-a", "availability_zone": "us-east-1a", "cidr": "10.0.1.0/24"},
        {"id": "pub-b", "kind": "subnet", "vpc": "vpc-a", "availability_zone": "us-east-1b", "cidr": "10.0.3.0/24"},
        {"id": "priv-a", "kind": "subnet", "vpc": "vpc-a", "availability_zone": "us-east-1a", "cidr": "10.0.2.0/24"},
        {"id": "WEB", "kind": "instance", "subnet": "pub-a", "private_ip": "10.0.1.10", "public_ip": "203.0.113.10"},
        {"id": "APP", "kind": "instance", "subnet": "priv-a", "private_ip": "10.0.2.20"},
        {"id": "R", "kind": "dns-resolver", "ip": "198.51.100.53"},
        {"id": "C", "kind": "internet-client", "ip": "198.51.100.7", "resolver": "R"},
    ]
    return design_from_data({"format": "vpcdesigner", "format_version": 1,
                             "resources": res + list(zones) + (extra or [])})


def zone(name: str, *records: dict[str, Any], zid: str | None = None, **kw: Any) -> dict[str, Any]:
    return {"id": zid or name, "kind": "hosted-zone", "zone_name": name, "records": list(records), **kw}


def rec(name: str, *values: str, type: str = "A", ttl: int = 300, **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": type, "ttl": ttl, **kw}
    if values:
        out["values"] = list(values)
    return out


def kinds(lookup: Any) -> list[str]:
    return [s.kind for s in lookup.steps]


LB = {"id": "alb", "kind": "load-balancer", "vpc": "vpc-a", "subnets": ["pub-a", "pub-b"],
      "dns_name": "alb-99.us-east-1.elb.amazonaws.com"}
CF = {"id": "cf", "kind": "cloudfront", "domain_name": "d2222.cloudfront.net"}


# -- records and CNAME chains ------------------------------------------------------------------

def test_cname_chain_inside_one_zone_is_answered_in_one_response_with_the_smallest_ttl() -> None:
    d = build(zone("example.com", rec("a.example.com", "b.example.com", type="CNAME", ttl=600),
                   rec("b.example.com", "c.example.com", type="CNAME", ttl=120),
                   rec("c.example.com", "192.0.2.9", ttl=300)))
    lk = resolve(d, "a.example.com", "C")
    assert lk.result == "answer" and lk.addresses == ["192.0.2.9"] and lk.ttl == 120
    assert [r.type for r in lk.answers] == ["CNAME", "CNAME", "A"]
    assert kinds(lk) == ["query", "referral-root", "referral-tld", "authoritative", "cname", "cname", "reply"]


def test_cname_to_another_zone_makes_the_resolver_ask_again_skipping_cached_servers() -> None:
    d = build(zone("example.com", rec("www.example.com", "app.other.com", type="CNAME")),
              zone("other.com", rec("app.other.com", "192.0.2.7", ttl=30)))
    lk = resolve(d, "www.example.com", "C")
    assert lk.addresses == ["192.0.2.7"] and lk.ttl == 30
    # the .com servers are cached after the first referral: the second zone needs no root step
    assert kinds(lk) == ["query", "referral-root", "referral-tld", "authoritative", "cname", "referral-tld",
                         "authoritative", "reply"]


def test_cname_to_a_name_outside_the_design_invents_no_address() -> None:
    d = build(zone("example.com", rec("www.example.com", "shop.elsewhere.net", type="CNAME")))
    lk = resolve(d, "www.example.com", "C")
    assert lk.result == "outside-design" and lk.addresses == [] and lk.rcode is None
    assert [r.value for r in lk.answers] == ["shop.elsewhere.net"]
    assert kinds(lk)[-2:] == ["outside-design", "reply"]


def test_cname_loop_is_detected_and_reported_as_servfail() -> None:
    d = build(zone("example.com", rec("a.example.com", "b.example.com", type="CNAME"),
                   rec("b.example.com", "a.example.com", type="CNAME")))
    lk = resolve(d, "a.example.com", "C")
    assert lk.result == "error" and lk.rcode == "SERVFAIL" and lk.addresses == []
    assert any(s.verdict == "error" for s in lk.steps)


def test_cname_query_returns_the_cname_without_following_it() -> None:
    d = build(zone("example.com", rec("a.example.com", "b.example.com", type="CNAME"),
                   rec("b.example.com", "192.0.2.1")))
    lk = resolve(d, "a.example.com", "C", record_type="CNAME")
    assert lk.result == "answer" and [r.value for r in lk.answers] == ["b.example.com"] and lk.addresses == []


def test_wildcard_record_answers_names_that_do_not_exist() -> None:
    d = build(zone("example.com", rec("*.example.com", "192.0.2.50"), rec("x.example.com", "192.0.2.51")))
    assert resolve(d, "anything.example.com", "C").addresses == ["192.0.2.50"]
    assert resolve(d, "x.example.com", "C").addresses == ["192.0.2.51"]


# -- aliases -----------------------------------------------------------------------------------

def test_alias_to_internet_facing_alb_answers_its_nodes_public_addresses_ttl_60() -> None:
    d = build(zone("example.com", rec("shop.example.com", alias={"target": "alb"})), extra=[LB])
    lk = resolve(d, "shop.example.com", "C")
    nodes = derive(d).lb_nodes["alb"]
    assert lk.result == "answer" and lk.ttl == 60
    # the same addresses trace sends to: AWS allocates them at deployment, shown as one placeholder per node
    assert lk.addresses == [e.public_ip for e in topology(d).enis_of_component["alb"]] and len(nodes) == 2
    assert lk.addresses == ["<public IP of alb node in pub-a>", "<public IP of alb node in pub-b>"]
    assert lk.steps[kinds(lk).index("alias")].target.kind == "load-balancer"


def test_alias_to_internal_alb_answers_private_node_addresses() -> None:
    d = build(zone("example.com", rec("api.example.com", alias={"target": "alb"})),
              extra=[{**LB, "scheme": "internal", "subnets": ["priv-a"]}])
    lk = resolve(d, "api.example.com", "APP")
    assert lk.addresses == [n.private_ip for n in derive(d).lb_nodes["alb"]]
    assert lk.addresses[0].startswith("10.0.2.")


def test_alias_to_record_in_the_same_zone_takes_that_records_ttl() -> None:
    d = build(zone("example.com", rec("example.com", alias={"record": "www.example.com"}),
                   rec("www.example.com", "192.0.2.80", ttl=42)))
    lk = resolve(d, "example.com", "C")
    assert lk.addresses == ["192.0.2.80"] and lk.ttl == 42
    alias = lk.steps[kinds(lk).index("alias")]
    assert alias.target.kind == "hosted-zone" and alias.returned.alias_target == "www.example.com"


def test_alias_loop_between_records_is_an_error() -> None:
    d = build(zone("example.com", rec("a.example.com", alias={"record": "b.example.com"}),
                   rec("b.example.com", alias={"record": "a.example.com"})))
    lk = resolve(d, "a.example.com", "C")
    assert lk.result == "error" and lk.rcode == "SERVFAIL"


def test_alias_answers_only_the_type_of_the_alias_record() -> None:
    d = build(zone("example.com", rec("www.example.com", alias={"target": "cf"})), extra=[CF])
    lk = resolve(d, "www.example.com", "C", record_type="AAAA")
    assert lk.result == "no-answer" and lk.rcode == "NOERROR" and lk.addresses == []


def test_cloudfront_edge_addresses_are_deterministic_and_map_back() -> None:
    d = build(extra=[CF, {**CF, "id": "cf2", "domain_name": "d3333.cloudfront.net"}])
    a = cloudfront_edge_addresses(d.resources["cf"], "A")
    assert a == cloudfront_edge_addresses(d.resources["cf"], "A") and len(a) == 4
    assert cloudfront_for_address(d, a[2]) is d.resources["cf"]
    assert cloudfront_for_address(d, "192.0.2.1") is None


# -- negative answers and caching ----------------------------------------------------------------

def test_nxdomain_uses_the_zone_negative_ttl_when_it_has_no_soa_record() -> None:
    d = build(zone("example.com", rec("www.example.com", "192.0.2.1"), soa_negative_ttl=120))
    lk = resolve(d, "nope.example.com", "C")
    assert lk.result == "nxdomain" and lk.ttl == 120


def test_negative_ttl_is_the_soa_minimum_when_that_is_smaller_than_the_soa_ttl() -> None:
    soa = "ns-1.awsdns-01.com. hostmaster.example.com. 1 7200 900 1209600 60"
    d = build(zone("example.com", rec("example.com", soa, type="SOA", ttl=900)))
    assert resolve(d, "nope.example.com", "C").ttl == 60


def test_name_with_other_types_only_is_an_empty_answer_not_nxdomain() -> None:
    d = build(zone("example.com", rec("www.example.com", "192.0.2.1"), rec("a.b.example.com", "192.0.2.2")))
    aaaa = resolve(d, "www.example.com", "C", record_type="AAAA")
    assert aaaa.result == "no-answer" and aaaa.rcode == "NOERROR" and aaaa.ttl == 900
    empty_non_terminal = resolve(d, "b.example.com", "C")
    assert empty_non_terminal.result == "no-answer" and empty_non_terminal.rcode == "NOERROR"


def test_ttl_expiry_follows_now_and_entries_expire_exactly_at_the_ttl() -> None:
    d = build(zone("example.com", rec("www.example.com", "192.0.2.1", ttl=10)))
    cache = DnsCache()
    resolve(d, "www.example.com", "C", cache=cache, now=5)
    assert resolve(d, "www.example.com", "C", cache=cache, now=14.5).cached
    assert not resolve(d, "www.example.com", "C", cache=cache, now=15).cached


def test_zone_name_servers_are_cached_so_another_name_skips_root_and_tld() -> None:
    d = build(zone("example.com", rec("www.example.com", "192.0.2.1"), rec("api.example.com", "192.0.2.2")),
              zone("example.org", rec("www.example.org", "192.0.2.3")))
    cache = DnsCache()
    resolve(d, "www.example.com", "C", cache=cache)
    api = resolve(d, "api.example.com", "C", cache=cache, now=1)
    assert kinds(api) == ["query", "authoritative", "reply"]
    assert "cache" in api.steps[1].explanation
    org = resolve(d, "www.example.org", "C", cache=cache, now=2)  # other TLD: the full walk again
    assert kinds(org)[:3] == ["query", "referral-root", "referral-tld"]


def test_each_resolver_has_its_own_cache_entries() -> None:
    d = build(zone("example.com", rec("www.example.com", "192.0.2.1")))
    cache = DnsCache()
    resolve(d, "www.example.com", "C", cache=cache)
    inside = resolve(d, "www.example.com", "APP", cache=cache, now=1)
    assert not inside.cached and "referral-root" in kinds(inside)


def test_outside_design_names_are_not_cached_and_get_no_address() -> None:
    d = build(zone("example.com", rec("www.example.com", "192.0.2.1")))
    cache = DnsCache()
    lk = resolve(d, "www.example.org", "C", cache=cache)
    assert lk.result == "outside-design" and lk.addresses == [] and kinds(lk) == ["query", "outside-design", "reply"]
    assert len(cache) == 0


# -- private hosted zones ------------------------------------------------------------------------

def test_most_specific_private_zone_wins() -> None:
    d = build(zone("example.com", rec("x.sub.example.com", "10.0.9.1"), zid="phz-parent", private=True,
                   vpcs=["vpc-a"]),
              zone("sub.example.com", rec("x.sub.example.com", "10.0.9.2"), zid="phz-sub", private=True,
                   vpcs=["vpc-a"]))
    lk = resolve(d, "x.sub.example.com", "APP")
    assert lk.addresses == ["10.0.9.2"] and lk.steps[1].target.id == "phz-sub"


def test_private_zone_needs_both_dns_attributes_else_public_answer() -> None:
    zones = (zone("example.com", rec("www.example.com", "10.0.9.9"), zid="phz", private=True, vpcs=["vpc-a"]),
             zone("example.com", rec("www.example.com", "192.0.2.44"), zid="public"))
    assert resolve(build(*zones), "www.example.com", "APP").addresses == ["10.0.9.9"]
    off = resolve(build(*zones, enable_dns_hostnames=False), "www.example.com", "APP")
    assert off.addresses == ["192.0.2.44"]
    assert any("ignored" in s.explanation for s in off.steps)


def test_private_zone_of_another_vpc_is_invisible() -> None:
    d = build(zone("example.com", rec("www.example.com", "10.9.0.9"), zid="phz", private=True, vpcs=["vpc-b"]),
              zone("example.com", rec("www.example.com", "192.0.2.44"), zid="public"),
              extra=[{"id": "vpc-b", "kind": "vpc", "cidr": "10.9.0.0/16"}])
    assert resolve(d, "www.example.com", "APP").addresses == ["192.0.2.44"]


def test_private_zone_cname_to_a_public_name_continues_on_the_internet() -> None:
    d = build(zone("corp.internal", rec("wiki.corp.internal", "www.example.com", type="CNAME"), zid="phz",
                   private=True, vpcs=["vpc-a"]),
              zone("example.com", rec("www.example.com", "192.0.2.44")))
    lk = resolve(d, "wiki.corp.internal", "APP")
    assert lk.addresses == ["192.0.2.44"] and "referral-root" in kinds(lk)


# -- AWS-owned names: EC2 host names, ELB and CloudFront names ---------------------------------

def test_ec2_public_hostname_gives_private_ip_inside_and_public_ip_outside() -> None:
    d = build()
    name = "ec2-203-0-113-10.compute-1.amazonaws.com"
    inside = resolve(d, name, "APP")
    assert inside.addresses == ["10.0.1.10"] and kinds(inside) == ["query", "vpc-name", "reply"]
    outside = resolve(d, name, "C")
    assert outside.addresses == ["203.0.113.10"] and "referral-tld" in kinds(outside)


def test_ec2_private_hostname_needs_the_same_vpc_or_a_peering_with_dns_resolution() -> None:
    other = [{"id": "vpc-b", "kind": "vpc", "cidr": "10.9.0.0/16"},
             {"id": "b-sub", "kind": "subnet", "vpc": "vpc-b", "availability_zone": "us-east-1a",
              "cidr": "10.9.1.0/24"},
             {"id": "B1", "kind": "instance", "subnet": "b-sub", "private_ip": "10.9.1.5"}]
    peer = {"id": "pcx", "kind": "vpc-peering", "requester_vpc": "vpc-a", "accepter_vpc": "vpc-b"}
    name = "ip-10-9-1-5.ec2.internal"
    assert resolve(build(extra=other), name, "B1").addresses == ["10.9.1.5"]
    assert resolve(build(extra=[*other, peer]), name, "APP").result == "nxdomain"
    shared = resolve(build(extra=[*other, {**peer, "allow_dns_resolution": True}]), name, "APP")
    assert shared.addresses == ["10.9.1.5"]
    assert resolve(build(), name, "C").result == "outside-design"


def test_no_public_hostname_without_enable_dns_hostnames() -> None:
    d = build(enable_dns_hostnames=False)
    assert resolve(d, "ec2-203-0-113-10.compute-1.amazonaws.com", "C").result == "outside-design"


def test_load_balancer_and_cloudfront_names_resolve_to_their_addresses() -> None:
    d = build(extra=[LB, CF])
    alb = resolve(d, "alb-99.us-east-1.elb.amazonaws.com", "C")
    assert alb.addresses == [e.public_ip for e in topology(d).enis_of_component["alb"]] and alb.ttl == 60
    cdn = resolve(d, "d2222.cloudfront.net", "C")
    assert cdn.addresses == list(cloudfront_edge_addresses(d.resources["cf"], "A"))
    from_inside = resolve(d, "alb-99.us-east-1.elb.amazonaws.com", "APP")
    assert from_inside.addresses == alb.addresses and "referral-tld" in kinds(from_inside)


def test_internal_load_balancer_name_resolves_publicly_to_private_addresses() -> None:
    d = build(extra=[{**LB, "scheme": "internal", "dns_name": "internal-alb-99.us-east-1.elb.amazonaws.com"}])
    lk = resolve(d, "internal-alb-99.us-east-1.elb.amazonaws.com", "C")
    assert lk.addresses == [n.private_ip for n in derive(d).lb_nodes["alb"]]


def test_delegation_between_design_zones_needs_an_ns_record_in_the_parent() -> None:
    child = zone("sub.example.com", rec("x.sub.example.com", "192.0.2.60"))
    delegated = build(zone("example.com", rec("sub.example.com", "ns-1.awsdns-01.com", type="NS")), child)
    lk = resolve(delegated, "x.sub.example.com", "C")
    assert lk.addresses == ["192.0.2.60"] and "referral-zone" in kinds(lk)
    lame = resolve(build(zone("example.com", rec("www.example.com", "192.0.2.1")), child), "x.sub.example.com", "C")
    assert lame.result == "nxdomain" and lame.steps[-2].target.id == "example.com"


# -- clients and resolvers -----------------------------------------------------------------------

ONPREM = [{"id": "office", "kind": "on-premises", "cidrs": ["172.16.0.0/16"],
           "hosts": [{"name": "pc1", "ip": "172.16.1.10"}]}]


@pytest.mark.parametrize(("client", "resolver_id", "client_kind"), [
    ("C", "R", "internet"),
    ("pc1", "default-resolver", "on-premises"),
    ("172.16.9.9", "default-resolver", "on-premises"),
    ("APP", "vpc-a", "instance"),
    ("10.0.2.99", "vpc-a", "subnet"),
    ("203.0.113.77", "default-resolver", "internet"),
])
def test_each_client_kind_asks_the_documented_resolver(client: str, resolver_id: str, client_kind: str) -> None:
    d = build(zone("example.com", rec("www.example.com", "192.0.2.1")), extra=ONPREM)
    lk = resolve(d, "www.example.com", client)
    assert (lk.resolver.id, lk.client.kind, lk.result) == (resolver_id, client_kind, "answer")


def test_on_premises_host_uses_its_networks_resolver() -> None:
    d = build(extra=[*ONPREM, {"id": "corp-dns", "kind": "dns-resolver", "ip": "172.16.0.53",
                               "on_premises": "office"}])
    assert resolve(d, "www.example.com", "pc1").resolver.id == "corp-dns"


def test_auto_scaling_group_means_its_first_member() -> None:
    d = build(extra=[{"id": "asg", "kind": "auto-scaling-group", "subnets": ["priv-a"], "desired": 2}])
    assert resolve(d, "www.example.com", "asg").client.id == "asg-1"
    assert resolve(d, "www.example.com", "asg-2").client.address == derive(d).instances["asg-2"].private_ip


def test_link_local_resolver_address_works_only_inside_a_vpc() -> None:
    d = build(zone("example.com", rec("www.example.com", "192.0.2.1")))
    assert resolve(d, "www.example.com", "APP", server="169.254.169.253").result == "answer"
    outside = resolve(d, "www.example.com", "C", server="169.254.169.253")
    assert outside.result == "no-answer" and outside.rcode is None
    vpc_from_internet = resolve(d, "www.example.com", "C", server="10.0.0.2")
    assert vpc_from_internet.result == "no-answer"


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"name": "www.example.com", "client": "nobody"}, "unknown client 'nobody'"),
    ({"name": "www.example.com", "client": "pub-a"}, "is a subnet"),
    ({"name": "not a name", "client": "C"}, "is not a DNS name"),
    ({"name": "www.example.com", "client": "C", "record_type": "PTR"}, "record type 'PTR'"),
    ({"name": "www.example.com", "client": "C", "server": "nope"}, "--server 'nope'"),
    ({"name": "www.example.com", "client": "192.168.7.7"}, "private address"),
])
def test_bad_input_is_a_clear_message(kwargs: dict[str, Any], words: str) -> None:
    with pytest.raises(DnsInputError, match=words.replace("(", r"\(")):
        resolve(build(), **kwargs)


def test_lookup_is_deterministic_and_leaves_the_design_alone() -> None:
    d = build(zone("example.com", rec("www.example.com", alias={"target": "alb"})), extra=[LB])
    before = d.model_dump()
    assert resolve(d, "www.example.com", "C").to_json() == resolve(d, "www.example.com", "C").to_json()
    assert d.model_dump() == before
