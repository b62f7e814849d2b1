"""One positive and one near-miss negative case for every check code."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from checks_base import Data, add, base, edit, problems

from vpcdesigner.checks import CODES, run_checks
from vpcdesigner.checks.vpc_cidrs import refusal_reason

Mutation = Callable[[Data], None]
CASES: dict[str, tuple[str, Mutation, Mutation]] = {}


def case(code: str, obj: str) -> Callable[[Callable[[Data, bool], None]], None]:
    """Register `fn(d, bad)`: bad=True must raise `code` on `obj`; bad=False is a near miss that must not."""

    def wrap(fn: Callable[[Data, bool], None]) -> None:
        CASES[code] = (obj, lambda d: fn(d, True), lambda d: fn(d, False))

    return wrap


# ---- VPC CIDRs ------------------------------------------------------------------------------
@case("VPC_CIDR_SIZE", "vpc2")
def _(d: Data, bad: bool) -> None:
    edit(d, "vpc2", cidr="10.1.0.0/29" if bad else "10.1.0.0/28")


@case("VPC_CIDR_RESTRICTED", "vpc2")
def _(d: Data, bad: bool) -> None:
    edit(d, "vpc2", cidr="169.254.0.0/16" if bad else "100.64.0.0/16")


@case("VPC_CIDR_DISCOURAGED", "vpc2")
def _(d: Data, bad: bool) -> None:
    edit(d, "vpc2", cidr="172.17.0.0/16" if bad else "172.18.0.0/16")


@case("SECONDARY_CIDR_REFUSED", "vpc")
def _(d: Data, bad: bool) -> None:
    edit(d, "vpc", secondary_cidrs=["192.168.0.0/16" if bad else "10.2.0.0/16"])


@case("SECONDARY_CIDR_OVERLAP", "vpc")
def _(d: Data, bad: bool) -> None:
    edit(d, "vpc", secondary_cidrs=["10.0.128.0/17" if bad else "10.2.0.0/16"])


@case("SECONDARY_CIDR_ROUTE_CONFLICT", "vpc")
def _(d: Data, bad: bool) -> None:
    d["resources"]["rtb-private"]["routes"].append({"destination": "10.5.0.0/24", "target": "vgw"})
    edit(d, "vpc", secondary_cidrs=["10.5.0.0/16" if bad else "10.5.0.0/25"])


@case("SECONDARY_CIDR_QUOTA", "vpc")
def _(d: Data, bad: bool) -> None:
    edit(d, "vpc", secondary_cidrs=[f"10.{i}.0.0/16" for i in range(2, 7 if bad else 6)])


# ---- subnets --------------------------------------------------------------------------------
@case("SUBNET_OUTSIDE_VPC", "private-b")
def _(d: Data, bad: bool) -> None:
    edit(d, "private-b", cidr="10.9.0.0/24" if bad else "10.0.255.0/24")


@case("SUBNET_CIDR_SIZE", "private-b")
def _(d: Data, bad: bool) -> None:
    edit(d, "private-b", cidr="10.0.12.0/29" if bad else "10.0.12.0/28")


@case("SUBNET_OVERLAP", "private-b")
def _(d: Data, bad: bool) -> None:
    edit(d, "private-b", cidr="10.0.11.128/25" if bad else "10.0.12.128/25")


@case("SUBNET_AZ_REGION", "private-b")
def _(d: Data, bad: bool) -> None:
    edit(d, "private-b", availability_zone="eu-west-1b" if bad else "us-east-1c")


@case("SUBNET_IPV6_INVALID", "private-b")
def _(d: Data, bad: bool) -> None:
    if not bad:
        edit(d, "vpc", ipv6_cidr="2600:1f18::/56")
    edit(d, "private-b", ipv6_cidr="2600:1f18::/64")


# ---- addresses ------------------------------------------------------------------------------
@case("RESERVED_ADDRESS", "web-1")
def _(d: Data, bad: bool) -> None:
    edit(d, "web-1", private_ip="10.0.11.3" if bad else "10.0.11.4")


def test_known_load_balancer_node_addresses_are_checked_too() -> None:
    d = base()
    edit(d, "alb", node_addresses=[{"subnet": "public-a", "private_ip": "10.0.1.255"},
                                   {"subnet": "public-b", "private_ip": "10.0.3.9"}])
    found = {(p.code, p.field) for p in problems(d) if p.object == "alb"}
    assert ("RESERVED_ADDRESS", "node_addresses[0].private_ip") in found
    assert ("INSTANCE_IP_OUTSIDE_SUBNET", "node_addresses[1].private_ip") in found


@case("INSTANCE_IP_OUTSIDE_SUBNET", "web-1")
def _(d: Data, bad: bool) -> None:
    edit(d, "web-1", private_ip="10.0.12.10" if bad else "10.0.11.254")


@case("DUPLICATE_IP", "web-2")
def _(d: Data, bad: bool) -> None:
    add(d, "instance", "web-2", subnet="private-a", private_ip="10.0.11.10" if bad else "10.0.11.11")


@case("DUPLICATE_PUBLIC_IP", "nat-a")
def _(d: Data, bad: bool) -> None:
    add(d, "instance", "bastion", subnet="public-a", public_ip="203.0.113.5" if bad else "203.0.113.6")


@case("SUBNET_FULL", "tiny-12")
def _(d: Data, bad: bool) -> None:
    add(d, "subnet", "tiny", vpc="vpc", availability_zone="us-east-1a", cidr="10.0.20.0/28")
    for i in range(1, 13 if bad else 12):  # a /28 has 11 usable addresses
        add(d, "instance", f"tiny-{i:02d}" if i < 12 else "tiny-12", subnet="tiny")


# ---- references -----------------------------------------------------------------------------
@case("DANGLING_REFERENCE", "web-1")
def _(d: Data, bad: bool) -> None:
    edit(d, "web-1", security_groups=["nope" if bad else "alb-sg"])


@case("WRONG_REFERENCE_KIND", "web-1")
def _(d: Data, bad: bool) -> None:
    edit(d, "web-1", security_groups=["igw" if bad else "alb-sg"])


@case("DANGLING_PLACEMENT", "ghost")
def _(d: Data, bad: bool) -> None:
    d["layout"]["ghost" if bad else "web-1"] = {"x": 1.0}


# ---- routing --------------------------------------------------------------------------------
@case("MULTIPLE_MAIN_ROUTE_TABLES", "rtb-main2")
def _(d: Data, bad: bool) -> None:
    add(d, "route-table", "rtb-main", vpc="vpc", main=True)
    add(d, "route-table", "rtb-main2", vpc="vpc" if bad else "vpc2", main=True)


@case("SUBNET_MULTIPLE_ROUTE_TABLES", "rtb-public")
def _(d: Data, bad: bool) -> None:
    edit(d, "rtb-public", subnets=["public-a", "public-b", "private-a" if bad else "public-a"][: 3 if bad else 2])


@case("ASSOCIATION_OTHER_VPC", "rtb2")
def _(d: Data, bad: bool) -> None:
    add(d, "route-table", "rtb2", vpc="vpc2", subnets=["private-a"] if bad else ["other-a"])


@case("ROUTE_DUPLICATE_DESTINATION", "rtb-public")
def _(d: Data, bad: bool) -> None:
    d["resources"]["rtb-public"]["routes"].append({"destination": "0.0.0.0/0" if bad else "::/0", "target": "igw"})


@case("ROUTE_MORE_SPECIFIC_THAN_LOCAL", "rtb-private")
def _(d: Data, bad: bool) -> None:
    dest = "10.0.5.0/24" if bad else "10.0.2.0/24"  # a subnet's exact CIDR to a NAT gateway is allowed
    d["resources"]["rtb-private"]["routes"].append({"destination": dest, "target": "nat-a"})


@case("ROUTE_TARGET_NOT_IN_VPC", "rtb2")
def _(d: Data, bad: bool) -> None:
    route = {"destination": "0.0.0.0/0", "target": "igw"} if bad else {"destination": "10.0.0.0/16", "target": "pcx"}
    add(d, "route-table", "rtb2", vpc="vpc2", routes=[route])


@case("ROUTE_TARGET_FAMILY", "rtb-private")
def _(d: Data, bad: bool) -> None:
    add(d, "egress-only-internet-gateway", "eigw", vpc="vpc")
    d["resources"]["rtb-private"]["routes"].append({"destination": "::/0", "target": "nat-a" if bad else "eigw"})


@case("BLACKHOLE_ROUTE", "rtb-private")
def _(d: Data, bad: bool) -> None:
    route = {"destination": "192.168.0.0/16", "state": "blackhole"} if bad else \
        {"destination": "192.168.0.0/16", "target": "vgw"}
    d["resources"]["rtb-private"]["routes"].append(route)


@case("PUBLIC_SUBNET_WITHOUT_IGW_ROUTE", "public-b")
def _(d: Data, bad: bool) -> None:
    edit(d, "rtb-public", subnets=["public-a"])
    if not bad:
        edit(d, "public-b", intent=None)


@case("SUBNET_INTENT_CONTRADICTED", "private-a")
def _(d: Data, bad: bool) -> None:
    d["resources"]["rtb-private"]["routes"][0]["target"] = "igw"
    edit(d, "private-b", intent=None)
    if not bad:
        edit(d, "private-a", intent=None)


@case("PRIVATE_SUBNET_WITH_PUBLIC_IP", "web-2")
def _(d: Data, bad: bool) -> None:
    add(d, "instance", "web-2", subnet="private-a" if bad else "public-a", public_ip="203.0.113.50",
        public_ip_type="elastic")


# ---- gateways -------------------------------------------------------------------------------
@case("GATEWAY_NOT_ATTACHED", "igw2")
def _(d: Data, bad: bool) -> None:
    add(d, "internet-gateway", "igw2", vpc=None if bad else "vpc2")


@case("MULTIPLE_IGW", "igw2")
def _(d: Data, bad: bool) -> None:
    add(d, "internet-gateway", "igw2", vpc="vpc" if bad else "vpc2")


@case("MULTIPLE_VGW", "vgw2")
def _(d: Data, bad: bool) -> None:
    add(d, "vpn-gateway", "vgw2", vpc="vpc" if bad else "vpc2")


@case("MULTIPLE_EIGW", "eigw2")
def _(d: Data, bad: bool) -> None:
    add(d, "egress-only-internet-gateway", "eigw1", vpc="vpc")
    add(d, "egress-only-internet-gateway", "eigw2", vpc="vpc" if bad else "vpc2")


@case("NAT_WITHOUT_IGW_ROUTE", "nat-a")
def _(d: Data, bad: bool) -> None:
    edit(d, "nat-a", subnet="private-b" if bad else "public-b")


@case("NAT_WITHOUT_ELASTIC_IP", "nat-a")
def _(d: Data, bad: bool) -> None:
    edit(d, "nat-a", elastic_ip=None)
    if not bad:
        edit(d, "nat-a", connectivity="private")


# ---- security -------------------------------------------------------------------------------
@case("NACL_RULE_NUMBER", "nacl")
def _(d: Data, bad: bool) -> None:
    d["resources"]["nacl"]["inbound"].append({"number": 32767 if bad else 32766, "action": "deny"})


@case("NACL_DUPLICATE_RULE_NUMBER", "nacl")
def _(d: Data, bad: bool) -> None:
    d["resources"]["nacl"]["inbound"].append({"number": 100 if bad else 101, "action": "deny",
                                              "cidr": "10.0.99.0/24"})


@case("NACL_NO_EPHEMERAL_RETURN", "nacl")
def _(d: Data, bad: bool) -> None:
    out = d["resources"]["nacl"]["outbound"]
    if bad:
        out.pop()
    else:
        out[-1].update(port_from=32768)  # still covers Linux and Windows ephemeral ports


@case("NACL_RULE_QUOTA", "nacl")
def _(d: Data, bad: bool) -> None:
    rules = d["resources"]["nacl"]["inbound"]
    rules += [{"number": 300 + i, "action": "deny", "cidr": f"192.0.2.{i}/32"} for i in range(19 if bad else 18)]


@case("SG_RULE_QUOTA", "web-sg")
def _(d: Data, bad: bool) -> None:
    rules = d["resources"]["web-sg"]["inbound"]
    rules += [{"protocol": "tcp", "port_from": 443, "port_to": 443, "cidr": f"192.0.2.{i}/32"}
              for i in range(60 if bad else 59)]


@case("MULTIPLE_DEFAULT_NACLS", "nacl-d2")
def _(d: Data, bad: bool) -> None:
    add(d, "network-acl", "nacl-d1", vpc="vpc", default=True)
    add(d, "network-acl", "nacl-d2", vpc="vpc" if bad else "vpc2", default=True)


@case("SUBNET_MULTIPLE_NACLS", "nacl2")
def _(d: Data, bad: bool) -> None:
    add(d, "network-acl", "nacl2", vpc="vpc", subnets=["private-a" if bad else "public-a"],
        inbound=[{"number": 100}], outbound=[{"number": 100}])


@case("SG_OPEN_ADMIN_PORT", "web-sg")
def _(d: Data, bad: bool) -> None:
    d["resources"]["web-sg"]["inbound"].append(
        {"protocol": "tcp", "port_from": 22, "port_to": 22, "cidr": "0.0.0.0/0" if bad else "10.0.0.0/16"})


@case("MULTIPLE_DEFAULT_SGS", "sg-d2")
def _(d: Data, bad: bool) -> None:
    add(d, "security-group", "sg-d1", vpc="vpc", default=True)
    add(d, "security-group", "sg-d2", vpc="vpc" if bad else "vpc2", default=True)


@case("SG_OTHER_VPC", "web-1")
def _(d: Data, bad: bool) -> None:
    edit(d, "web-1", security_groups=["sg2" if bad else "alb-sg"])


@case("SG_REFERENCE_NOT_PEERED", "web-sg")
def _(d: Data, bad: bool) -> None:
    add(d, "vpc", "vpc3", cidr="10.3.0.0/16")
    add(d, "security-group", "sg3", vpc="vpc3" if bad else "vpc2")
    d["resources"]["web-sg"]["inbound"].append({"protocol": "tcp", "port_from": 80, "port_to": 80,
                                                "security_group": "sg3"})


# ---- load balancing -------------------------------------------------------------------------
@case("ALB_SINGLE_AZ", "alb")
def _(d: Data, bad: bool) -> None:
    edit(d, "alb", subnets=["public-a"], type="application" if bad else "network")


@case("LB_DUPLICATE_AZ", "alb")
def _(d: Data, bad: bool) -> None:
    add(d, "subnet", "public-c", vpc="vpc", availability_zone="us-east-1a" if bad else "us-east-1c",
        cidr="10.0.3.0/24", intent="public")
    edit(d, "rtb-public", subnets=["public-a", "public-b", "public-c"])
    edit(d, "alb", subnets=["public-a", "public-b", "public-c"])


@case("LB_OTHER_VPC", "alb")
def _(d: Data, bad: bool) -> None:
    add(d, "target-group", "tg2", vpc="vpc2" if bad else "vpc", targets=[{"ip": "10.0.11.20"}])
    d["resources"]["alb"]["listeners"].append({"protocol": "HTTP", "port": 80, "target_group": "tg2"})


@case("LB_INTERNET_FACING_PRIVATE_SUBNET", "alb")
def _(d: Data, bad: bool) -> None:
    edit(d, "alb", subnets=["private-a", "private-b"], scheme="internet-facing" if bad else "internal")
    d["resources"]["cdn"]["origins"][0]["vpc_origin"] = True


@case("LB_SUBNET_TOO_SMALL", "alb")
def _(d: Data, bad: bool) -> None:
    edit(d, "public-b", cidr="10.0.2.0/28" if bad else "10.0.2.0/27")


@case("LISTENER_WITHOUT_TARGET_GROUP", "alb")
def _(d: Data, bad: bool) -> None:
    d["resources"]["alb"]["listeners"].append(
        {"protocol": "HTTP", "port": 80, "default_action": "forward" if bad else "redirect", "redirect_port": 443})


@case("LISTENER_DUPLICATE_PORT", "alb")
def _(d: Data, bad: bool) -> None:
    d["resources"]["alb"]["listeners"].append({"protocol": "HTTPS", "port": 443 if bad else 8443,
                                               "target_group": "tg"})


@case("TARGET_GROUP_EMPTY", "tg")
def _(d: Data, bad: bool) -> None:
    edit(d, "tg", targets=[])
    if not bad:
        add(d, "auto-scaling-group", "asg", subnets=["private-a", "private-b"], target_groups=["tg"],
            launch={"security_groups": ["web-sg"]})


@case("TARGET_OTHER_VPC", "tg")
def _(d: Data, bad: bool) -> None:
    add(d, "instance", "far", subnet="other-a" if bad else "private-b")
    edit(d, "tg", targets=[{"target": "far"}])


@case("ASG_MEMBER_ID_CLASH", "asg-3")
def _(d: Data, bad: bool) -> None:
    add(d, "auto-scaling-group", "asg", subnets=["private-a"], desired=2, max_size=3 if bad else 2)
    add(d, "instance", "asg-3", subnet="private-b")


@case("ASG_MULTIPLE_VPCS", "asg")
def _(d: Data, bad: bool) -> None:
    add(d, "auto-scaling-group", "asg", subnets=["private-a", "other-a" if bad else "private-b"])


# ---- hybrid ---------------------------------------------------------------------------------
@case("PEERING_OVERLAP", "pcx")
def _(d: Data, bad: bool) -> None:
    edit(d, "vpc2", cidr="10.0.128.0/17" if bad else "10.1.0.0/17")
    edit(d, "other-a", cidr="10.0.129.0/24" if bad else "10.1.1.0/24")


@case("PEERING_SAME_VPC", "pcx")
def _(d: Data, bad: bool) -> None:
    edit(d, "pcx", accepter_vpc="vpc" if bad else "vpc2")


@case("PEERING_DUPLICATE", "pcx2")
def _(d: Data, bad: bool) -> None:
    add(d, "vpc", "vpc3", cidr="10.3.0.0/16")
    add(d, "vpc-peering", "pcx2", requester_vpc="vpc2", accepter_vpc="vpc" if bad else "vpc3")


@case("VPN_GATEWAY_CHOICE", "vpn")
def _(d: Data, bad: bool) -> None:
    add(d, "transit-gateway", "tgw")
    edit(d, "vpn", vpn_gateway=None, transit_gateway=None if bad else "tgw")


@case("VPN_STATIC_WITHOUT_ROUTES", "vpn")
def _(d: Data, bad: bool) -> None:
    edit(d, "vpn", static_routes=[], routing="static" if bad else "bgp")


@case("VIF_GATEWAY_CHOICE", "dx")
def _(d: Data, bad: bool) -> None:
    add(d, "direct-connect", "dx", on_premises="office",
        virtual_interfaces=[{"id": "vif", "vpn_gateway": None if bad else "vgw"}])


@case("DXGW_OVERLAP", "dxgw")
def _(d: Data, bad: bool) -> None:
    add(d, "vpc", "vpc3", cidr="10.0.0.0/16" if bad else "10.3.0.0/16")
    add(d, "vpn-gateway", "vgw3", vpc="vpc3")
    add(d, "direct-connect-gateway", "dxgw", vpn_gateways=["vgw", "vgw3"])


@case("ONPREM_OVERLAPS_VPC", "office")
def _(d: Data, bad: bool) -> None:
    edit(d, "office", cidrs=["10.0.0.0/8"])
    if not bad:  # the same overlap is harmless when the site is not connected to that VPC
        edit(d, "vpn", vpn_gateway=None, transit_gateway="tgw")
        add(d, "transit-gateway", "tgw")


def test_onprem_overlap_over_direct_connect_gateway() -> None:
    d = base()
    edit(d, "office", cidrs=["10.1.0.0/16"])
    add(d, "vpn-gateway", "vgw2", vpc="vpc2")
    add(d, "direct-connect-gateway", "dxgw", vpn_gateways=["vgw2"])
    add(d, "direct-connect", "dx", on_premises="office",
        virtual_interfaces=[{"id": "vif", "direct_connect_gateway": "dxgw"}])
    assert [p.object for p in problems(d) if p.code == "ONPREM_OVERLAPS_VPC"] == ["office"]


@case("ONPREM_HOST_OUTSIDE", "office")
def _(d: Data, bad: bool) -> None:
    edit(d, "office", hosts=[{"name": "pc", "ip": "172.20.1.10" if bad else "172.16.255.254"}])


def _tgw(d: Data, attachment: dict[str, object], tables: list[dict[str, object]]) -> None:
    add(d, "transit-gateway", "tgw", attachments=[{"id": "att", "vpc": "vpc", **attachment}], route_tables=tables)


@case("TGW_ATTACHMENT_INVALID", "tgw")
def _(d: Data, bad: bool) -> None:
    _tgw(d, {"subnets": ["private-a", "other-a" if bad else "private-b"]}, [{"id": "t", "associations": ["att"]}])


def test_transit_gateway_attaches_only_its_own_region() -> None:
    d = base()
    edit(d, "vpc2", region="eu-west-1")
    edit(d, "other-a", availability_zone="eu-west-1a")
    add(d, "transit-gateway", "tgw", attachments=[{"id": "att", "vpc": "vpc2", "subnets": ["other-a"]}],
        route_tables=[{"id": "t", "associations": ["att"]}])
    assert [p.code for p in problems(d) if p.object == "tgw"] == ["TGW_ATTACHMENT_INVALID"]


def test_inter_region_peering_cannot_reference_groups() -> None:
    d = base()
    edit(d, "vpc2", region="eu-west-1")
    edit(d, "other-a", availability_zone="eu-west-1a")
    d["resources"]["web-sg"]["inbound"].append({"protocol": "tcp", "port_from": 80, "port_to": 80,
                                                "security_group": "sg2"})
    assert [p.code for p in problems(d) if p.object == "web-sg"] == ["SG_REFERENCE_NOT_PEERED"]


@case("TGW_UNKNOWN_ATTACHMENT", "tgw")
def _(d: Data, bad: bool) -> None:
    _tgw(d, {"subnets": ["private-a"]}, [{"id": "t", "associations": ["att"],
                                          "propagations": ["nope" if bad else "att"]}])


@case("TGW_ATTACHMENT_UNASSOCIATED", "tgw")
def _(d: Data, bad: bool) -> None:
    _tgw(d, {"subnets": ["private-a"]}, [{"id": "t", "propagations": ["att"], "associations": [] if bad else ["att"]}])


@case("TGW_MULTIPLE_ASSOCIATIONS", "tgw")
def _(d: Data, bad: bool) -> None:
    second = {"id": "t2", "associations": ["att"]} if bad else {"id": "t2", "propagations": ["att"]}
    _tgw(d, {"subnets": ["private-a"]}, [{"id": "t1", "associations": ["att"]}, second])


# ---- DNS and CloudFront ---------------------------------------------------------------------
def _records(d: Data, *records: dict[str, object]) -> None:
    d["resources"]["zone"]["records"].extend(records)


@case("RECORD_OUTSIDE_ZONE", "zone")
def _(d: Data, bad: bool) -> None:
    _records(d, {"name": "www.other.com" if bad else "example.com", "values": ["192.0.2.1"]})


@case("CNAME_AT_APEX", "zone")
def _(d: Data, bad: bool) -> None:
    _records(d, {"name": "example.com" if bad else "api.example.com", "type": "CNAME", "values": ["x.example.net"]})


@case("CNAME_CONFLICT", "zone")
def _(d: Data, bad: bool) -> None:
    _records(d, {"name": "api.example.com", "type": "CNAME", "values": ["x.example.net"]},
             {"name": "api.example.com" if bad else "api2.example.com", "type": "TXT", "values": ["hello"]})


@case("PRIVATE_ZONE_WITHOUT_VPC", "pzone")
def _(d: Data, bad: bool) -> None:
    add(d, "hosted-zone", "pzone", zone_name="corp.internal", private=True, vpcs=[] if bad else ["vpc"])


@case("PRIVATE_ZONE_DNS_DISABLED", "pzone")
def _(d: Data, bad: bool) -> None:
    edit(d, "vpc2", enable_dns_hostnames=False)
    add(d, "hosted-zone", "pzone", zone_name="corp.internal", private=True, vpcs=["vpc2" if bad else "vpc"])


@case("CLOUDFRONT_ALIAS_MISSING", "zone")
def _(d: Data, bad: bool) -> None:
    edit(d, "cdn", aliases=["shop.example.com"] + ([] if bad else ["www.example.com"]))


@case("CLOUDFRONT_DEFAULT_ORIGIN", "cdn")
def _(d: Data, bad: bool) -> None:
    d["resources"]["cdn"]["origins"].append({"id": "o2", "domain_name": "bucket.s3.amazonaws.com", "type": "s3"})
    edit(d, "cdn", default_origin="nope" if bad else "o2")


@case("CLOUDFRONT_ORIGIN_INTERNAL", "cdn")
def _(d: Data, bad: bool) -> None:
    edit(d, "alb", scheme="internal")
    d["resources"]["cdn"]["origins"][0]["vpc_origin"] = not bad


@case("CLOUDFRONT_ORIGIN_NO_LISTENER", "cdn")
def _(d: Data, bad: bool) -> None:
    d["resources"]["cdn"]["origins"][0]["protocol_policy"] = "http-only"
    if not bad:
        d["resources"]["alb"]["listeners"].append({"protocol": "HTTP", "port": 80, "target_group": "tg"})


@case("PRIVATE_ADDRESS_ON_INTERNET", "client")
def _(d: Data, bad: bool) -> None:
    edit(d, "client", ip="10.9.9.9" if bad else "8.8.4.4")


# ---- the tests ------------------------------------------------------------------------------
def test_base_design_is_clean() -> None:
    assert problems(base()) == []


def test_every_code_has_a_case() -> None:
    assert sorted(CODES) == sorted(CASES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_code_is_raised_on_its_object(code: str) -> None:
    obj, bad, _good = CASES[code]
    d = base()
    bad(d)
    found = [p for p in problems(d) if p.code == code]
    assert found, f"{code} not raised"
    assert {p.object for p in found} == {obj}
    assert all(p.severity == CODES[code].severity for p in found)
    assert all(p.message and p.message[-1] in ".)" for p in found)


@pytest.mark.parametrize("code", sorted(CASES))
def test_near_miss_does_not_raise(code: str) -> None:
    _obj, _bad, good = CASES[code]
    d = base()
    good(d)
    assert [p for p in problems(d) if p.code == code] == []


@pytest.mark.parametrize(("primary", "block", "refused"), [
    ("10.1.0.0/16", "10.0.0.0/16", True),  # scenarios S50: 10.1/16 lies in 10.0.0.0/15
    ("10.2.0.0/16", "10.0.0.0/16", False),
    ("10.0.0.0/16", "192.168.0.0/16", True),
    ("10.0.0.0/16", "172.16.0.0/16", True),
    ("10.0.0.0/16", "10.2.0.0/16", False),
    ("10.0.0.0/16", "100.64.0.0/16", False),
    ("10.0.0.0/16", "198.19.0.0/16", True),
    ("172.16.0.0/16", "172.31.0.0/16", True),
    ("172.16.0.0/16", "172.20.0.0/16", False),
    ("172.16.0.0/16", "10.0.0.0/16", True),
    ("192.168.0.0/16", "10.0.0.0/16", True),
    ("192.168.0.0/16", "172.16.0.0/16", True),
    ("198.19.0.0/16", "10.0.0.0/16", True),
    ("100.64.0.0/16", "10.0.0.0/16", True),
    ("100.64.0.0/16", "100.65.0.0/16", False),
    ("100.64.0.0/16", "198.19.0.0/16", True),
])
def test_secondary_cidr_matrix(primary: str, block: str, refused: bool) -> None:
    assert (refusal_reason(primary, (), block) is not None) is refused


def test_problems_are_sorted_errors_first_and_stable() -> None:
    d = base()
    CASES["SG_OPEN_ADMIN_PORT"][1](d)
    CASES["DUPLICATE_IP"][1](d)
    CASES["MULTIPLE_IGW"][1](d)
    first = run_checks(__import__("checks_base").build(d))
    again = run_checks(__import__("checks_base").build(d))
    assert first == again
    severities = [p.severity for p in first]
    assert severities == sorted(severities, key=lambda s: s != "error")
    assert len(first) >= 3
