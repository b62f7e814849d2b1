"""Global edge and DNS: CloudFront, Route 53 hosted zones, DNS resolvers and internet clients."""

from __future__ import annotations

import re
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field, model_validator

from .base import Part, Ref, Resource
from .hybrid import OS
from .types import IPv4, Port, ResourceId

_DNS_LABEL = re.compile(r"^(\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)$")


def _dns_name(value: str) -> str:
    name = value.strip().lower().rstrip(".")
    labels = name.split(".")
    if not name or len(name) > 253 or not all(_DNS_LABEL.match(label) for label in labels):
        raise ValueError(f"{value!r} is not a DNS name")
    return name


DnsName = Annotated[str, AfterValidator(_dns_name), Field(description="DNS name, without trailing dot")]


class Origin(Part):
    id: ResourceId
    target: Annotated[str, Ref("load-balancer", "instance")] | None = Field(
        default=None, description="The design object serving this origin"
    )
    domain_name: str = Field(default="", description="Used when the origin is outside the design (e.g. S3)")
    type: Literal["custom", "s3"] = "custom"
    protocol_policy: Literal["http-only", "https-only", "match-viewer"] = "https-only"
    http_port: Port = 80
    https_port: Port = 443
    vpc_origin: bool = Field(default=False, description="Reach an internal ALB/instance through a VPC origin")


class CloudFront(Resource):
    kind: Literal["cloudfront"] = "cloudfront"
    label: ClassVar[str] = "CloudFront distribution"
    domain_name: str = Field(default="", description="e.g. d111111abcdef8.cloudfront.net")
    aliases: tuple[DnsName, ...] = ()
    origins: tuple[Origin, ...] = ()
    default_origin: str | None = Field(default=None, description="Origin id used by the default behaviour")
    viewer_protocol_policy: Literal["allow-all", "redirect-to-https", "https-only"] = "redirect-to-https"
    ipv6: bool = True


class AliasTarget(Part):
    target: Annotated[str, Ref("load-balancer", "cloudfront")] | None = None
    record: DnsName | None = Field(default=None, description="Another record in the same zone")
    evaluate_health: bool = False

    @model_validator(mode="after")
    def _one(self) -> AliasTarget:
        if (self.target is None) == (self.record is None):
            raise ValueError("an alias points at exactly one design object or one record name")
        return self


class DnsRecord(Part):
    name: DnsName
    type: Literal["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SOA"] = "A"
    ttl: int = Field(default=300, ge=0, le=2147483647)
    values: tuple[str, ...] = ()
    alias: AliasTarget | None = None

    @model_validator(mode="after")
    def _values_or_alias(self) -> DnsRecord:
        if self.alias is not None and self.values:
            raise ValueError("an alias record has no values")
        if self.alias is not None and self.type not in ("A", "AAAA"):
            raise ValueError("only A and AAAA records can be aliases")
        if self.alias is None and not self.values:
            raise ValueError(f"record {self.name} {self.type} needs at least one value")
        return self


class HostedZone(Resource):
    kind: Literal["hosted-zone"] = "hosted-zone"
    label: ClassVar[str] = "Route 53 hosted zone"
    zone_name: DnsName
    private: bool = False
    vpcs: tuple[Annotated[str, Ref("vpc")], ...] = Field(default=(), description="Private zones only")
    records: tuple[DnsRecord, ...] = ()
    soa_negative_ttl: int = Field(default=900, ge=0)


class DnsResolver(Resource):
    """A recursive resolver outside AWS: an ISP's or a corporate one."""

    kind: Literal["dns-resolver"] = "dns-resolver"
    label: ClassVar[str] = "DNS resolver"
    ip: IPv4
    on_premises: Annotated[str, Ref("on-premises")] | None = Field(
        default=None, description="Where it lives; None = on the internet"
    )


class InternetClient(Resource):
    kind: Literal["internet-client"] = "internet-client"
    label: ClassVar[str] = "Internet user"
    ip: IPv4
    os: OS = "linux"
    resolver: Annotated[str, Ref("dns-resolver")] | None = None
