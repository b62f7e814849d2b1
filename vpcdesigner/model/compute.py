"""Compute and load balancing: instances, network interfaces, Auto Scaling groups, load balancers."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from .base import Part, Ref, Resource
from .hybrid import OS
from .types import IPv4, IPv4OrAllocated, IPv6, Port, ResourceId


class Instance(Resource):
    kind: Literal["instance"] = "instance"
    label: ClassVar[str] = "EC2 instance"
    subnet: Annotated[str, Ref("subnet")]
    private_ip: IPv4 | None = Field(default=None, description="Next free address of the subnet when unset")
    public_ip: IPv4OrAllocated | None = None
    public_ip_type: Literal["auto", "elastic"] = "auto"
    ipv6_address: IPv6 | None = Field(default=None, description="Needs an IPv6 block on the subnet")
    security_groups: tuple[Annotated[str, Ref("security-group")], ...] = Field(
        default=(), description="Empty = the VPC's default security group"
    )
    source_dest_check: bool = True
    os: OS = "linux"
    instance_type: str = "t3.micro"
    role: str = Field(default="", description="What it does, e.g. 'web server' (shown on the canvas)")


class NetworkInterface(Resource):
    kind: Literal["network-interface"] = "network-interface"
    label: ClassVar[str] = "Network interface"
    subnet: Annotated[str, Ref("subnet")]
    private_ip: IPv4 | None = None
    public_ip: IPv4OrAllocated | None = None
    ipv6_address: IPv6 | None = None
    security_groups: tuple[Annotated[str, Ref("security-group")], ...] = ()
    source_dest_check: bool = True
    instance: Annotated[str, Ref("instance")] | None = None


class LaunchSettings(Part):
    security_groups: tuple[Annotated[str, Ref("security-group")], ...] = ()
    associate_public_ip: bool | None = Field(default=None, description="None = follow the subnet setting")
    os: OS = "linux"
    instance_type: str = "t3.micro"
    role: str = ""


class AutoScalingGroup(Resource):
    """Members are materialised as `<name>-1`, `-2`, ... spread over the subnets in order."""

    kind: Literal["auto-scaling-group"] = "auto-scaling-group"
    label: ClassVar[str] = "Auto Scaling group"
    subnets: tuple[Annotated[str, Ref("subnet")], ...]
    desired: int = Field(default=2, ge=0, le=1000)
    min_size: int = Field(default=1, ge=0, le=1000)
    max_size: int = Field(default=4, ge=0, le=1000)
    launch: LaunchSettings = LaunchSettings()
    target_groups: tuple[Annotated[str, Ref("target-group")], ...] = ()

    @model_validator(mode="after")
    def _sizes(self) -> AutoScalingGroup:
        if not self.min_size <= self.desired <= self.max_size:
            raise ValueError(
                f"sizes must satisfy min ≤ desired ≤ max (got {self.min_size} ≤ {self.desired} ≤ {self.max_size})"
            )
        return self


class ListenerRule(Part):
    priority: int = Field(ge=1, le=50000)
    path_pattern: str | None = None
    host_header: str | None = None
    action: Literal["forward", "redirect", "fixed-response"] = "forward"
    target_group: Annotated[str, Ref("target-group")] | None = None


class Listener(Part):
    protocol: Literal["HTTP", "HTTPS", "TCP", "UDP", "TLS", "TCP_UDP", "SSL"] = "HTTP"
    port: Port = 80
    default_action: Literal["forward", "redirect", "fixed-response"] = "forward"
    target_group: Annotated[str, Ref("target-group")] | None = None
    redirect_port: Port | None = None
    rules: tuple[ListenerRule, ...] = ()
    instance_port: Port | None = Field(default=None, description="Classic load balancer back-end port")


class LbNodeAddress(Part):
    """A node address known from outside (an imported account); nodes without one are derived."""

    subnet: Annotated[str, Ref("subnet")]
    private_ip: IPv4
    public_ip: IPv4 | None = None


class LoadBalancer(Resource):
    kind: Literal["load-balancer"] = "load-balancer"
    label: ClassVar[str] = "Load balancer"
    type: Literal["application", "network", "classic"] = "application"
    scheme: Literal["internet-facing", "internal"] = "internet-facing"
    vpc: Annotated[str, Ref("vpc")]
    subnets: tuple[Annotated[str, Ref("subnet")], ...] = ()
    security_groups: tuple[Annotated[str, Ref("security-group")], ...] = ()
    listeners: tuple[Listener, ...] = ()
    instances: tuple[Annotated[str, Ref("instance")], ...] = Field(
        default=(), description="Classic load balancer registered instances"
    )
    dns_name: str = ""
    node_addresses: tuple[LbNodeAddress, ...] = Field(
        default=(), description="Known node addresses per subnet (imported); other nodes get derived ones"
    )


class Target(Part):
    target: Annotated[str, Ref("instance")] | None = None
    ip: IPv4 | None = None
    port: Port | None = Field(default=None, description="Overrides the target group port")
    healthy: bool = True

    @model_validator(mode="after")
    def _one(self) -> Target:
        if (self.target is None) == (self.ip is None):
            raise ValueError("a target is either an instance id or an IP address")
        return self


class HealthCheck(Part):
    protocol: Literal["HTTP", "HTTPS", "TCP"] = "HTTP"
    port: Port | Literal["traffic-port"] = "traffic-port"
    path: str = "/"
    interval: int = Field(default=30, ge=5, le=300)
    timeout: int = Field(default=5, ge=2, le=120)
    healthy_threshold: int = Field(default=5, ge=2, le=10)
    unhealthy_threshold: int = Field(default=2, ge=2, le=10)


class TargetGroup(Resource):
    kind: Literal["target-group"] = "target-group"
    label: ClassVar[str] = "Target group"
    vpc: Annotated[str, Ref("vpc")]
    protocol: Literal["HTTP", "HTTPS", "TCP", "UDP", "TLS", "TCP_UDP"] = "HTTP"
    port: Port = 80
    target_type: Literal["instance", "ip"] = "instance"
    targets: tuple[Target, ...] = ()
    health_check: HealthCheck = HealthCheck()


_ = (ResourceId, IPv4OrAllocated)  # re-exported names used by type annotations elsewhere
