"""Small builder for the scenario topologies of ../shared/reference/scenarios.md (T0 and friends)."""

from __future__ import annotations

from typing import Any

from vpcdesigner.model import (
    AutoScalingGroup,
    CloudFront,
    Design,
    HostedZone,
    Instance,
    InternetGateway,
    LaunchSettings,
    Listener,
    LoadBalancer,
    NaclRule,
    NatGateway,
    NetworkAcl,
    Origin,
    PrefixList,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    TargetGroup,
    Vpc,
)
from vpcdesigner.model.base import Resource
from vpcdesigner.model.edge import AliasTarget, DnsRecord

C = "198.51.100.7"  # internet client, Linux, source port 40000
S = "93.184.216.34"  # internet server on tcp/443
ALL_OUT = (SgRule(cidr="0.0.0.0/0"),)


def tcp(port: int, cidr: str | None = None, sg: str | None = None, pl: str | None = None,
        to: int | None = None) -> SgRule:
    return SgRule(protocol="tcp", port_from=port, port_to=to or port, cidr=cidr, security_group=sg, prefix_list=pl)


def nacl_rule(number: int, action: str = "allow", protocol: str = "all", cidr: str = "0.0.0.0/0",
              ports: tuple[int, int] | None = None, **kw: Any) -> NaclRule:
    lo, hi = ports if ports else (None, None)
    return NaclRule(number=number, action=action, protocol=protocol, cidr=cidr, port_from=lo, port_to=hi, **kw)


class B:
    """Mutable bag of resources; `design()` freezes it into a Design."""

    def __init__(self) -> None:
        self.r: dict[str, Resource] = {}

    def add(self, *resources: Resource) -> B:
        for res in resources:
            self.r[res.id] = res
        return self

    def change(self, rid: str, **changes: Any) -> B:
        self.r[rid] = self.r[rid].with_changes(**changes)
        return self

    def drop(self, rid: str) -> B:
        del self.r[rid]
        return self

    def design(self) -> Design:
        return Design(resources=dict(self.r))


def vpc(vid: str, cidr: str, igw: bool = True) -> list[Resource]:
    out: list[Resource] = [Vpc(id=vid, name=vid, cidr=cidr)]
    if igw:
        out.append(InternetGateway(id=f"igw-{vid}", vpc=vid))
    return out


def t0() -> B:
    """Baseline T0: VPC-A 10.0.0.0/16 with pub-a/pub-b (rtb-pub → igw) and priv-a/priv-b (main)."""
    b = B()
    b.add(Vpc(id="vpc-a", cidr="10.0.0.0/16"), InternetGateway(id="igw-a", vpc="vpc-a"))
    for sid, cidr, az in (("pub-a", "10.0.1.0/24", "a"), ("pub-b", "10.0.3.0/24", "b"),
                          ("priv-a", "10.0.2.0/24", "a"), ("priv-b", "10.0.4.0/24", "b")):
        b.add(Subnet(id=sid, vpc="vpc-a", cidr=cidr, availability_zone=f"us-east-1{az}"))
    b.add(RouteTable(id="rtb-pub", vpc="vpc-a", subnets=("pub-a", "pub-b"),
                     routes=(Route(destination="0.0.0.0/0", target="igw-a"),)),
          RouteTable(id="rtb-main", vpc="vpc-a", main=True))
    b.add(SecurityGroup(id="sg-web", vpc="vpc-a", inbound=(tcp(80, "0.0.0.0/0"),)),
          SecurityGroup(id="sg-app", vpc="vpc-a", inbound=()),
          SecurityGroup(id="sg-db", vpc="vpc-a", inbound=()))
    b.add(Instance(id="web", subnet="pub-a", private_ip="10.0.1.10", public_ip="203.0.113.10",
                   security_groups=("sg-web",)),
          Instance(id="app", subnet="priv-a", private_ip="10.0.2.20", security_groups=("sg-app",)),
          Instance(id="db", subnet="priv-a", private_ip="10.0.2.30", security_groups=("sg-db",)))
    return b


def with_nat(b: B, nat_id: str = "nat-1", subnet: str = "pub-a", ip: str = "10.0.1.50",
             eip: str = "198.51.100.50") -> B:
    b.add(NatGateway(id=nat_id, subnet=subnet, private_ip=ip, elastic_ip=eip))
    rt = b.r["rtb-main"]
    return b.change("rtb-main", routes=(*rt.routes, Route(destination="0.0.0.0/0", target=nat_id)))  # type: ignore[attr-defined]


def t_alb(b: B | None = None) -> B:
    """T-ALB: internet-facing alb-1 in pub-a/pub-b, HTTPS:443 → tg-app (HTTP 8080) ← asg-app."""
    b = b or t0()
    b.add(SecurityGroup(id="sg-alb", vpc="vpc-a", inbound=(tcp(443, "0.0.0.0/0"),),
                        outbound=(tcp(8080, sg="sg-app"),)),
          LoadBalancer(id="alb-1", vpc="vpc-a", subnets=("pub-a", "pub-b"), security_groups=("sg-alb",),
                       listeners=(Listener(protocol="HTTPS", port=443, target_group="tg-app"),),
                       dns_name="alb-1.us-east-1.elb.amazonaws.com"),
          TargetGroup(id="tg-app", vpc="vpc-a", protocol="HTTP", port=8080),
          AutoScalingGroup(id="asg-app", subnets=("priv-a", "priv-b"), desired=2, min_size=0,
                           launch=LaunchSettings(security_groups=("sg-app",)), target_groups=("tg-app",)),
          HostedZone(id="zone", zone_name="example.com",
                     records=(DnsRecord(name="app.example.com", alias=AliasTarget(target="alb-1")),)))
    b.change("sg-app", inbound=(tcp(8080, sg="sg-alb"),))
    return b


def t_cf(b: B | None = None) -> B:
    """T-CF: CloudFront in front of alb-1 (HTTPS only origin), sg-alb admits only the prefix list."""
    b = b or t_alb()
    b.add(PrefixList(id="pl-cloudfront", managed=True, aws_name="com.amazonaws.global.cloudfront.origin-facing",
                     entries=("130.176.0.0/17", "64.252.64.0/18")),
          CloudFront(id="cdn", domain_name="d111111abcdef8.cloudfront.net", aliases=("www.example.com",),
                     origins=(Origin(id="o1", target="alb-1", protocol_policy="https-only"),),
                     default_origin="o1"))
    b.change("sg-alb", inbound=(tcp(443, pl="pl-cloudfront"),))
    zone = b.r["zone"]
    b.change("zone", records=(*zone.records,  # type: ignore[attr-defined]
                              DnsRecord(name="www.example.com", alias=AliasTarget(target="cdn"))))
    return b


def custom_nacl(b: B, nid: str, subnets: tuple[str, ...], inbound: tuple[NaclRule, ...] = (),
                outbound: tuple[NaclRule, ...] = ()) -> B:
    return b.add(NetworkAcl(id=nid, vpc="vpc-a", subnets=subnets, inbound=inbound, outbound=outbound))
