"""The design document model: plain pydantic data, no Qt. See design.py for the top level."""

from .base import Part, Ref, Resource
from .compute import (
    AutoScalingGroup,
    HealthCheck,
    Instance,
    LaunchSettings,
    Listener,
    ListenerRule,
    LoadBalancer,
    NetworkInterface,
    Target,
    TargetGroup,
)
from .derived import Derived, derive
from .design import (
    CLASS_FOR_KIND,
    FORMAT_VERSION,
    KINDS,
    RESOURCE_CLASSES,
    AnyResource,
    Design,
    Note,
    Placement,
    Scenario,
)
from .document import Document, DocumentError, Removal, new_resource
from .edge import AliasTarget, CloudFront, DnsRecord, DnsResolver, HostedZone, InternetClient, Origin
from .files import EXTENSION, DesignFileError, dumps, load, loads, save
from .hybrid import (
    CustomerGateway,
    DirectConnect,
    DirectConnectGateway,
    OnPremHost,
    OnPremises,
    TgwAttachment,
    TgwRoute,
    TgwRouteTable,
    TransitGateway,
    VirtualInterface,
    VpcPeering,
    VpnConnection,
    VpnGateway,
)
from .network import (
    CLOUDFRONT_ORIGIN_FACING,
    EgressOnlyInternetGateway,
    InternetGateway,
    NatGateway,
    PrefixList,
    Route,
    RouteTable,
    Subnet,
    Vpc,
    VpcEndpoint,
)
from .security import NaclRule, NetworkAcl, SecurityGroup, SgRule
from .types import ALLOCATED

__all__ = [
    "ALLOCATED", "CLASS_FOR_KIND", "CLOUDFRONT_ORIGIN_FACING", "EXTENSION", "FORMAT_VERSION", "KINDS",
    "RESOURCE_CLASSES", "AliasTarget", "AnyResource", "AutoScalingGroup", "CloudFront", "CustomerGateway",
    "Derived", "Design", "DesignFileError", "DirectConnect", "DirectConnectGateway", "DnsRecord",
    "DnsResolver", "Document", "DocumentError", "EgressOnlyInternetGateway", "HealthCheck", "HostedZone",
    "Instance", "InternetClient", "InternetGateway", "LaunchSettings", "Listener", "ListenerRule",
    "LoadBalancer", "NaclRule", "NatGateway", "NetworkAcl", "NetworkInterface", "Note", "OnPremHost",
    "OnPremises", "Origin", "Part", "Placement", "PrefixList", "Ref", "Removal", "Resource", "Route",
    "RouteTable", "Scenario", "SecurityGroup", "SgRule", "Subnet", "Target", "TargetGroup",
    "TgwAttachment", "TgwRoute", "TgwRouteTable", "TransitGateway", "VirtualInterface", "Vpc",
    "VpcEndpoint", "VpcPeering", "VpnConnection", "VpnGateway", "derive", "dumps", "load", "loads",
    "new_resource", "save",
]
