"""Shared state of one export: the template being built, logical ids, and the Metadata extras.

Every per-kind mapper writes through this object, so the rules that make the export invertible
(one logical id per design object, "a field CloudFormation cannot say exactly goes to extras")
live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vpcdesigner.model import Design, Resource
from vpcdesigner.model.derived import Derived

from .naming import LogicalIds

# Parameter names claimed before any design id, so a design object never shadows them.
KEY_NAME = "KeyName"
LINUX_AMI = "LinuxAmiId"
LINUX_ARM_AMI = "LinuxArm64AmiId"
WINDOWS_AMI = "WindowsAmiId"
CERTIFICATE = "CertificateArn"
CLOUDFRONT_CERTIFICATE = "CloudFrontCertificateArn"
RESERVED = (KEY_NAME, LINUX_AMI, LINUX_ARM_AMI, WINDOWS_AMI, CERTIFICATE, CLOUDFRONT_CERTIFICATE)

HAS_KEY_NAME = "HasKeyName"
HAS_CERTIFICATE = "HasCertificate"
HAS_CLOUDFRONT_CERTIFICATE = "HasCloudFrontCertificate"

# Fields the template states exactly, per kind (besides id, kind, name and tags). After export,
# every other field whose value is not the model default travels in Metadata extras, so a field
# added to the model later round-trips even before the mapper learns about it.
CARRIED: dict[str, frozenset[str]] = {kind: frozenset(fields.split()) for kind, fields in {
    "vpc": "cidr secondary_cidrs enable_dns_support enable_dns_hostnames ipv6_cidr",
    "subnet": "vpc cidr map_public_ip_on_launch ipv6_cidr",
    "route-table": "vpc routes subnets propagating_gateways",
    "network-acl": "vpc subnets inbound outbound",
    "security-group": "vpc inbound outbound description group_name",
    "prefix-list": "address_family entries max_entries",
    "vpc-endpoint": "vpc service route_tables",
    "internet-gateway": "vpc",
    "egress-only-internet-gateway": "vpc",
    "nat-gateway": "subnet connectivity private_ip elastic_ip",
    "vpn-gateway": "vpc amazon_asn",
    "customer-gateway": "ip bgp_asn",
    "vpn-connection": "customer_gateway vpn_gateway transit_gateway routing static_routes",
    "vpc-peering": "requester_vpc accepter_vpc",
    "transit-gateway": "amazon_asn description attachments route_tables",
    "instance": "subnet private_ip public_ip public_ip_type security_groups source_dest_check instance_type",
    "network-interface": "subnet private_ip public_ip security_groups source_dest_check instance description",
    "auto-scaling-group": "subnets desired min_size max_size launch target_groups",
    "load-balancer": "type scheme vpc subnets security_groups listeners instances",
    "target-group": "vpc protocol port target_type targets health_check",
    "cloudfront": "origins default_origin viewer_protocol_policy ipv6",
    "hosted-zone": "zone_name private vpcs records description",
}.items()}
ALWAYS_CARRIED = frozenset({"id", "kind", "name", "tags"})

Expr = Any  # a CloudFormation value: str, number, list, dict or an intrinsic function


def ref(logical_id: str) -> dict[str, str]:
    return {"Ref": logical_id}


def get_att(logical_id: str, attribute: str) -> dict[str, list[str]]:
    return {"Fn::GetAtt": [logical_id, attribute]}


NO_VALUE: dict[str, str] = {"Ref": "AWS::NoValue"}


@dataclass
class Context:
    design: Design
    derived: Derived
    ids: LogicalIds = field(default_factory=lambda: LogicalIds(RESERVED))
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    conditions: dict[str, Any] = field(default_factory=dict)
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    # design id -> how to refer to it in the template (Ref, GetAtt); absent = no CFN form
    refs: dict[str, Expr] = field(default_factory=dict)
    # design id -> {field: exact JSON value} that the CloudFormation form does not carry exactly
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)
    # design id -> fields whose exact value is the model default (the template says otherwise)
    defaults: dict[str, list[str]] = field(default_factory=dict)
    offline: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    # helper logical ids other mappers need: gateway attachments, VPC CIDR blocks, propagations
    attachment_of: dict[str, str] = field(default_factory=dict)  # igw/vgw id -> VPCGatewayAttachment
    igw_attachment_of_vpc: dict[str, str] = field(default_factory=dict)
    tgw_attachment_of: dict[tuple[str, str], str] = field(default_factory=dict)  # (tgw, vpc) -> attachment
    cidr_block_of: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # vpc -> [(cidr, logical)]
    propagations: dict[str, list[str]] = field(default_factory=dict)  # vgw id -> route table logical ids
    real_default_sg: dict[str, str] = field(default_factory=dict)  # vpc -> default SG exported as a resource
    endpoint_tables: dict[str, list[str]] = field(default_factory=dict)  # endpoint id -> route table ids

    # ---- building the template -------------------------------------------------------------
    def add(self, logical_id: str, cfn_type: str, properties: dict[str, Any],
            depends_on: list[str] | None = None) -> str:
        """Add a resource; properties equal to None are left out."""
        body: dict[str, Any] = {"Type": cfn_type}
        deps = sorted({d for d in depends_on or [] if d in self.resources and d != logical_id})
        if deps:
            body["DependsOn"] = deps if len(deps) > 1 else deps[0]
        props = {k: v for k, v in properties.items() if v is not None}
        if props:
            body["Properties"] = props
        self.resources[logical_id] = body
        return logical_id

    def logical(self, design_id: str) -> str:
        return self.ids.for_design(design_id)

    def helper(self, owner_logical_id: str, suffix: str) -> str:
        return self.ids.helper(owner_logical_id, suffix)

    def ref_to(self, design_id: str | None) -> Expr | None:
        """How the template refers to a design object, or None when it has no CFN form."""
        if design_id is None:
            return None
        return self.refs.get(design_id)

    def parameter(self, name: str, spec: dict[str, Any]) -> dict[str, str]:
        self.parameters.setdefault(name, spec)
        return ref(name)

    def condition(self, name: str, expr: Any) -> str:
        self.conditions.setdefault(name, expr)
        return name

    # ---- what CloudFormation cannot carry ------------------------------------------------
    def extra(self, resource: Resource, *names: str) -> None:
        """Keep these fields' exact values in Metadata (the template says them lossily or not at all).

        Values are dumped without their defaults (no nulls, which CloudFormation rejects); a field
        whose whole value is the model default is listed in `defaults` instead.
        """
        dumped = resource.model_dump(mode="json", include=set(names), exclude_defaults=True)
        for name in names:
            if name in dumped:
                self.extras.setdefault(resource.id, {})[name] = dumped[name]
            else:
                reset = self.defaults.setdefault(resource.id, [])
                if name not in reset:
                    reset.append(name)

    def keep_uncarried(self, resource: Resource) -> None:
        """Send every non-default field the template does not state to extras (see CARRIED)."""
        carried = CARRIED.get(resource.kind, frozenset()) | ALWAYS_CARRIED
        known = set(self.extras.get(resource.id, {})) | set(self.defaults.get(resource.id, []))
        for name, info in type(resource).model_fields.items():
            if name in carried or name in known:
                continue
            if getattr(resource, name) != info.get_default(call_default_factory=True):
                self.extra(resource, name)

    def tags(self, resource: Resource) -> list[dict[str, str]] | None:
        """Name tag = the resource name, then the user's tags; odd tags go to extras."""
        out = [{"Key": "Name", "Value": resource.name}] if resource.name else []
        lossy = False
        for key in sorted(resource.tags):
            if key == "Name" or key.lower().startswith("aws:") or not key or len(key) > 128:
                lossy = True
                continue
            out.append({"Key": key, "Value": resource.tags[key][:256]})
            lossy = lossy or len(resource.tags[key]) > 256
        if lossy:
            self.extra(resource, "tags")
        return out or None

    def keep_description(self, resource: Resource) -> None:
        """Descriptions have no CloudFormation property on most types."""
        if resource.description:
            self.extra(resource, "description")
