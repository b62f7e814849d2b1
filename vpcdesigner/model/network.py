"""VPC core: VPCs, subnets, route tables, prefix lists, gateway endpoints, IGWs and NAT gateways."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from .base import Part, Ref, Resource
from .types import Cidr, IPv4, IPv4Cidr, IPv4OrAllocated, IPv6Cidr

ROUTE_TARGET_KINDS = (
    "internet-gateway",
    "egress-only-internet-gateway",
    "nat-gateway",
    "vpn-gateway",
    "vpc-peering",
    "transit-gateway",
    "instance",
    "network-interface",
    "vpc-endpoint",
)


class Vpc(Resource):
    kind: Literal["vpc"] = "vpc"
    label: ClassVar[str] = "VPC"
    region: str = Field(default="us-east-1", pattern=r"^[a-z]{2}(-[a-z]+)+-\d+$")
    cidr: IPv4Cidr
    secondary_cidrs: tuple[IPv4Cidr, ...] = ()
    ipv6_cidr: IPv6Cidr | None = None
    enable_dns_support: bool = True
    enable_dns_hostnames: bool = True

    @property
    def all_cidrs(self) -> tuple[str, ...]:
        return (self.cidr, *self.secondary_cidrs)


class Subnet(Resource):
    kind: Literal["subnet"] = "subnet"
    label: ClassVar[str] = "Subnet"
    vpc: Annotated[str, Ref("vpc")]
    availability_zone: str = Field(pattern=r"^[a-z]{2}(-[a-z]+)+-\d+[a-z]$")
    cidr: IPv4Cidr
    ipv6_cidr: IPv6Cidr | None = None
    map_public_ip_on_launch: bool = False
    intent: Literal["public", "private"] | None = Field(
        default=None, description="What the designer means this subnet to be; checked against its routes"
    )


class Route(Part):
    """One route: a destination (CIDR or prefix list) and a target (an id, or "local")."""

    destination: Cidr | None = None
    destination_prefix_list: Annotated[str, Ref("prefix-list")] | None = None
    target: Annotated[str, Ref(*ROUTE_TARGET_KINDS, specials=("local",))] | None = None
    state: Literal["active", "blackhole"] = "active"

    @model_validator(mode="after")
    def _one_destination(self) -> Route:
        if (self.destination is None) == (self.destination_prefix_list is None):
            raise ValueError("a route needs exactly one of destination or destination_prefix_list")
        if self.target is None and self.state != "blackhole":
            raise ValueError("a route without a target must have state 'blackhole'")
        return self

    @property
    def destination_text(self) -> str:
        return self.destination or f"prefix list {self.destination_prefix_list}"


class RouteTable(Resource):
    kind: Literal["route-table"] = "route-table"
    label: ClassVar[str] = "Route table"
    vpc: Annotated[str, Ref("vpc")]
    main: bool = False
    subnets: tuple[Annotated[str, Ref("subnet")], ...] = ()
    routes: tuple[Route, ...] = Field(
        default=(), description="Routes besides the implicit local route for every VPC CIDR"
    )
    propagating_gateways: tuple[Annotated[str, Ref("vpn-gateway")], ...] = ()


CLOUDFRONT_ORIGIN_FACING = "com.amazonaws.global.cloudfront.origin-facing"
S3_PREFIX_LIST = "com.amazonaws.{region}.s3"
DYNAMODB_PREFIX_LIST = "com.amazonaws.{region}.dynamodb"


class PrefixList(Resource):
    kind: Literal["prefix-list"] = "prefix-list"
    label: ClassVar[str] = "Prefix list"
    managed: bool = False
    aws_name: str = Field(default="", description="AWS-managed list name, e.g. " + CLOUDFRONT_ORIGIN_FACING)
    address_family: Literal["IPv4", "IPv6"] = "IPv4"
    entries: tuple[Cidr, ...] = ()
    max_entries: int = Field(default=0, ge=0, le=1000)


class VpcEndpoint(Resource):
    """Gateway VPC endpoint (S3, DynamoDB): reached through route-table routes to its prefix list."""

    kind: Literal["vpc-endpoint"] = "vpc-endpoint"
    label: ClassVar[str] = "Gateway endpoint"
    vpc: Annotated[str, Ref("vpc")]
    service: Literal["s3", "dynamodb"] = "s3"
    route_tables: tuple[Annotated[str, Ref("route-table")], ...] = ()
    prefix_list: Annotated[str, Ref("prefix-list")] | None = None


class InternetGateway(Resource):
    kind: Literal["internet-gateway"] = "internet-gateway"
    label: ClassVar[str] = "Internet gateway"
    vpc: Annotated[str, Ref("vpc")] | None = Field(default=None, description="Attached VPC")


class EgressOnlyInternetGateway(Resource):
    kind: Literal["egress-only-internet-gateway"] = "egress-only-internet-gateway"
    label: ClassVar[str] = "Egress-only internet gateway"
    vpc: Annotated[str, Ref("vpc")]


class NatGateway(Resource):
    kind: Literal["nat-gateway"] = "nat-gateway"
    label: ClassVar[str] = "NAT gateway"
    subnet: Annotated[str, Ref("subnet")]
    connectivity: Literal["public", "private"] = "public"
    private_ip: IPv4 | None = Field(default=None, description="Derived from the subnet when unset")
    elastic_ip: IPv4OrAllocated | None = None
