"""Hybrid and inter-VPC connectivity: VGW, VPN, Direct Connect, on-premises, peering, transit gateway."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from .base import Part, Ref, Resource
from .types import Cidr, IPv4, IPv4Cidr, IPv4OrAllocated, ResourceId

OS = Literal["linux", "windows", "windows-legacy"]


class VpnGateway(Resource):
    """Virtual private gateway: the AWS end of Site-to-Site VPN and private Direct Connect VIFs."""

    kind: Literal["vpn-gateway"] = "vpn-gateway"
    label: ClassVar[str] = "Virtual private gateway"
    vpc: Annotated[str, Ref("vpc")] | None = Field(default=None, description="Attached VPC")
    amazon_asn: int = Field(default=64512, ge=1, le=4294967295)


class OnPremHost(Part):
    name: ResourceId
    ip: IPv4
    os: OS = "linux"


class OnPremises(Resource):
    """A corporate office or data center: its address blocks and a few named hosts."""

    kind: Literal["on-premises"] = "on-premises"
    label: ClassVar[str] = "On-premises network"
    site: Literal["office", "data-center"] = "office"
    cidrs: tuple[IPv4Cidr, ...] = ()
    hosts: tuple[OnPremHost, ...] = ()


class CustomerGateway(Resource):
    kind: Literal["customer-gateway"] = "customer-gateway"
    label: ClassVar[str] = "Customer gateway"
    ip: IPv4OrAllocated
    bgp_asn: int = Field(default=65000, ge=1, le=4294967295)
    on_premises: Annotated[str, Ref("on-premises")] | None = Field(
        default=None, description="The network behind this device"
    )


class VpnConnection(Resource):
    kind: Literal["vpn-connection"] = "vpn-connection"
    label: ClassVar[str] = "Site-to-Site VPN"
    customer_gateway: Annotated[str, Ref("customer-gateway")]
    vpn_gateway: Annotated[str, Ref("vpn-gateway")] | None = None
    transit_gateway: Annotated[str, Ref("transit-gateway")] | None = None
    routing: Literal["static", "bgp"] = "static"
    static_routes: tuple[IPv4Cidr, ...] = Field(default=(), description="On-prem prefixes (static routing)")
    bgp_prefixes: tuple[IPv4Cidr, ...] = Field(
        default=(), description="Prefixes the customer gateway advertises (BGP); empty = its network's CIDRs"
    )


class VirtualInterface(Part):
    id: ResourceId
    type: Literal["private", "transit", "public"] = "private"
    vpn_gateway: Annotated[str, Ref("vpn-gateway")] | None = None
    direct_connect_gateway: Annotated[str, Ref("direct-connect-gateway")] | None = None
    vlan: int = Field(default=100, ge=1, le=4094)
    advertised_prefixes: tuple[IPv4Cidr, ...] = Field(
        default=(), description="On-prem prefixes advertised over BGP; empty = the network's CIDRs"
    )


class DirectConnect(Resource):
    """A dedicated Direct Connect connection from an on-prem site, with its virtual interfaces."""

    kind: Literal["direct-connect"] = "direct-connect"
    label: ClassVar[str] = "Direct Connect"
    on_premises: Annotated[str, Ref("on-premises")]
    location: str = ""
    bandwidth: str = "1Gbps"
    virtual_interfaces: tuple[VirtualInterface, ...] = ()


class DirectConnectGateway(Resource):
    kind: Literal["direct-connect-gateway"] = "direct-connect-gateway"
    label: ClassVar[str] = "Direct Connect gateway"
    amazon_asn: int = Field(default=64512, ge=1, le=4294967295)
    vpn_gateways: tuple[Annotated[str, Ref("vpn-gateway")], ...] = ()
    transit_gateways: tuple[Annotated[str, Ref("transit-gateway")], ...] = ()


class VpcPeering(Resource):
    kind: Literal["vpc-peering"] = "vpc-peering"
    label: ClassVar[str] = "VPC peering"
    requester_vpc: Annotated[str, Ref("vpc")]
    accepter_vpc: Annotated[str, Ref("vpc")]
    status: Literal["active", "pending-acceptance"] = "active"
    allow_dns_resolution: bool = False


class TgwAttachment(Part):
    id: ResourceId
    type: Literal["vpc", "vpn", "direct-connect-gateway", "peering"] = "vpc"
    vpc: Annotated[str, Ref("vpc")] | None = None
    subnets: tuple[Annotated[str, Ref("subnet")], ...] = Field(default=(), description="One per AZ")
    vpn_connection: Annotated[str, Ref("vpn-connection")] | None = None
    direct_connect_gateway: Annotated[str, Ref("direct-connect-gateway")] | None = None
    peer_transit_gateway: Annotated[str, Ref("transit-gateway")] | None = None
    security_group_referencing: bool = False


class TgwRoute(Part):
    destination: Cidr
    attachment: str | None = Field(default=None, description="Attachment id; None = blackhole")
    blackhole: bool = False


class TgwRouteTable(Part):
    id: ResourceId
    name: str = ""
    routes: tuple[TgwRoute, ...] = Field(default=(), description="Static routes")
    associations: tuple[str, ...] = Field(default=(), description="Attachment ids that look up here")
    propagations: tuple[str, ...] = Field(default=(), description="Attachment ids whose routes appear here")


class TransitGateway(Resource):
    kind: Literal["transit-gateway"] = "transit-gateway"
    label: ClassVar[str] = "Transit gateway"
    region: str = "us-east-1"
    amazon_asn: int = Field(default=64512, ge=1, le=4294967295)
    attachments: tuple[TgwAttachment, ...] = ()
    route_tables: tuple[TgwRouteTable, ...] = ()
