"""The design document: resources (network meaning), layout (where things are drawn), scenarios.

Layout lives apart from the network meaning so that moving a box never touches a resource and
a diff of a design file shows the two separately. Simulation results are never stored here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from .base import Part, Ref
from .compute import AutoScalingGroup, Instance, LoadBalancer, NetworkInterface, TargetGroup
from .edge import CloudFront, DnsResolver, HostedZone, InternetClient
from .hybrid import (
    CustomerGateway,
    DirectConnect,
    DirectConnectGateway,
    OnPremises,
    TransitGateway,
    VpcPeering,
    VpnConnection,
    VpnGateway,
)
from .network import (
    EgressOnlyInternetGateway,
    InternetGateway,
    NatGateway,
    PrefixList,
    RouteTable,
    Subnet,
    Vpc,
    VpcEndpoint,
)
from .security import NetworkAcl, SecurityGroup
from .types import Port, Protocol, ResourceId

FORMAT_NAME = "vpcdesigner"
FORMAT_VERSION = 1

RESOURCE_CLASSES = (
    Vpc,
    Subnet,
    RouteTable,
    NetworkAcl,
    SecurityGroup,
    PrefixList,
    VpcEndpoint,
    InternetGateway,
    EgressOnlyInternetGateway,
    NatGateway,
    VpnGateway,
    CustomerGateway,
    VpnConnection,
    DirectConnect,
    DirectConnectGateway,
    OnPremises,
    VpcPeering,
    TransitGateway,
    Instance,
    NetworkInterface,
    AutoScalingGroup,
    LoadBalancer,
    TargetGroup,
    CloudFront,
    HostedZone,
    DnsResolver,
    InternetClient,
)
KINDS: tuple[str, ...] = tuple(cls.model_fields["kind"].default for cls in RESOURCE_CLASSES)
CLASS_FOR_KIND = dict(zip(KINDS, RESOURCE_CLASSES, strict=True))

AnyResource = Annotated[
    Union[
        Vpc,
        Subnet,
        RouteTable,
        NetworkAcl,
        SecurityGroup,
        PrefixList,
        VpcEndpoint,
        InternetGateway,
        EgressOnlyInternetGateway,
        NatGateway,
        VpnGateway,
        CustomerGateway,
        VpnConnection,
        DirectConnect,
        DirectConnectGateway,
        OnPremises,
        VpcPeering,
        TransitGateway,
        Instance,
        NetworkInterface,
        AutoScalingGroup,
        LoadBalancer,
        TargetGroup,
        CloudFront,
        HostedZone,
        DnsResolver,
        InternetClient,
    ],
    Field(discriminator="kind"),
]


def _whole(value: float | None) -> float | None:
    """Canvas coordinates are whole scene units: files stay tidy and templates stay lint-clean."""
    return None if value is None else float(round(value))


Coordinate = Annotated[float, AfterValidator(_whole)]


class Placement(Part):
    """Where a resource is drawn: x, y relative to its container, which follows from its network meaning
    (a subnet sits in its VPC, an instance in its subnet; the canvas computes it in ui/rules.container_of).
    """

    x: Coordinate = 0.0
    y: Coordinate = 0.0
    width: Annotated[float | None, AfterValidator(_whole)] = Field(
        default=None, ge=0, description="Containers only; None = automatic")
    height: Annotated[float | None, AfterValidator(_whole)] = Field(default=None, ge=0)
    color: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")
    collapsed: bool = False


class Note(Part):
    """Free text on the canvas, optionally inside a container resource."""

    id: ResourceId
    text: str = Field(default="", max_length=20000)
    parent: Annotated[str, Ref(*KINDS)] | None = None
    x: Coordinate = 0.0
    y: Coordinate = 0.0
    width: Coordinate = Field(default=200.0, ge=10)
    height: Coordinate = Field(default=80.0, ge=10)
    color: str = Field(default="#fff4a8", pattern=r"^#[0-9a-fA-F]{6}$")


class Scenario(Part):
    """A named simulation question saved with the design (its results are not saved)."""

    id: ResourceId
    name: str = ""
    type: Literal["connection", "dns", "request"] = "connection"
    source: str = Field(description="Endpoint: id, name, DNS name or IP address")
    destination: str = Field(default="", description="Endpoint (connection) or DNS name (dns) or URL (request)")
    protocol: Protocol = "tcp"
    port: Port | None = None
    source_port: Port | None = None
    icmp_type: int | None = None
    icmp_code: int | None = None
    color: str = Field(default="#1f77b4", pattern=r"^#[0-9a-fA-F]{6}$")
    expected: Literal["reachable", "blocked"] | None = None


class Design(BaseModel):
    """The whole document. `resources` is keyed by id; on disk it is a list sorted by id."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    format: Literal["vpcdesigner"] = "vpcdesigner"
    format_version: int = FORMAT_VERSION
    name: str = "Untitled design"
    description: str = ""
    resources: dict[str, AnyResource] = Field(default_factory=dict)
    layout: dict[str, Placement] = Field(default_factory=dict)
    notes: tuple[Note, ...] = ()
    scenarios: tuple[Scenario, ...] = ()

    @field_validator("resources", mode="before")
    @classmethod
    def _list_to_dict(cls, value: Any) -> Any:
        """Accept the on-disk list form; duplicate ids are an error that names the id."""
        if isinstance(value, list):
            out: dict[str, Any] = {}
            for index, item in enumerate(value):
                rid = item.get("id") if isinstance(item, dict) else getattr(item, "id", None)
                if not isinstance(rid, str):
                    raise ValueError(f"resources[{index}] has no id")
                if rid in out:
                    raise ValueError(f"resources[{index}]: duplicate id {rid!r}")
                out[rid] = item
            return out
        return value

    def get(self, rid: str) -> Any:
        return self.resources.get(rid)

    def of_kind(self, *kinds: str) -> list[Any]:
        return [r for r in self.resources.values() if r.kind in kinds]
