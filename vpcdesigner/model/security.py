"""Network ACLs (stateless, numbered, subnet level) and security groups (stateful, per interface)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from .base import Part, Ref, Resource
from .types import Cidr, Port, Protocol

NACL_MIN_RULE, NACL_MAX_RULE = 1, 32766


class PortRange(Part):
    start: Port
    end: Port


def _check_ports(protocol: str, port_from: int | None, port_to: int | None) -> None:
    if (port_from is None) != (port_to is None):
        raise ValueError("give both port_from and port_to, or neither")
    if port_from is not None and port_to is not None and port_from > port_to:
        raise ValueError(f"port range {port_from}-{port_to} is reversed")


class NaclRule(Part):
    """One numbered NACL entry. Inbound rules match the source, outbound the destination."""

    number: int = Field(description="Evaluated in ascending order; 1-32766")
    action: Literal["allow", "deny"] = "allow"
    protocol: Protocol = "all"
    cidr: Cidr = "0.0.0.0/0"
    port_from: Port | None = None
    port_to: Port | None = None
    icmp_type: int | None = Field(default=None, ge=-1, le=255)
    icmp_code: int | None = Field(default=None, ge=-1, le=255)

    @model_validator(mode="after")
    def _ports(self) -> NaclRule:
        _check_ports(self.protocol, self.port_from, self.port_to)
        return self

    @property
    def text(self) -> str:
        from .describe import describe_nacl_rule

        return describe_nacl_rule(self)


class NetworkAcl(Resource):
    kind: Literal["network-acl"] = "network-acl"
    label: ClassVar[str] = "Network ACL"
    vpc: Annotated[str, Ref("vpc")]
    default: bool = Field(default=False, description="The VPC's default NACL (used by unassociated subnets)")
    subnets: tuple[Annotated[str, Ref("subnet")], ...] = ()
    inbound: tuple[NaclRule, ...] = ()
    outbound: tuple[NaclRule, ...] = ()


class SgRule(Part):
    """One security-group rule; exactly one peer: CIDR, prefix list or security group."""

    protocol: Protocol = "all"
    port_from: Port | None = None
    port_to: Port | None = None
    icmp_type: int | None = Field(default=None, ge=-1, le=255)
    icmp_code: int | None = Field(default=None, ge=-1, le=255)
    cidr: Cidr | None = None
    prefix_list: Annotated[str, Ref("prefix-list")] | None = None
    security_group: Annotated[str, Ref("security-group")] | None = None
    description: str = ""

    @model_validator(mode="after")
    def _one_peer(self) -> SgRule:
        peers = [p for p in (self.cidr, self.prefix_list, self.security_group) if p is not None]
        if len(peers) != 1:
            raise ValueError("a security group rule needs exactly one of cidr, prefix_list, security_group")
        _check_ports(self.protocol, self.port_from, self.port_to)
        return self

    @property
    def peer(self) -> str:
        return self.cidr or self.prefix_list or self.security_group or ""

    @property
    def text(self) -> str:
        from .describe import describe_sg_rule

        return describe_sg_rule(self)


class SecurityGroup(Resource):
    kind: Literal["security-group"] = "security-group"
    label: ClassVar[str] = "Security group"
    vpc: Annotated[str, Ref("vpc")]
    default: bool = Field(default=False, description="The VPC's default security group")
    group_name: str = ""
    inbound: tuple[SgRule, ...] = ()
    outbound: tuple[SgRule, ...] = (SgRule(cidr="0.0.0.0/0"),)
