"""CloudFormation templates → a design: `import_templates(specs, params)` returns an `ImportResult`.

The template engine (load_stacks) resolves parameters, conditions, intrinsics, nested stacks and
cross-stack imports; this module maps each resolved resource to the model, family by family
(import_network, import_security, import_compute, import_balancing, import_hybrid, import_edge),
in an order where everything a resource refers to already exists.

Conventions
-----------
* Ids and names: a logical id becomes the object's id and name; `STACK.LogicalId` when the same
  logical id appears in several stacks; characters the model refuses become '-' (listed in the
  report). Tags are kept (the Name tag too). Templates written by the exporter carry the exact
  design ids, names and every field CloudFormation cannot say in `Metadata.VpcDesigner`, so
  export → import gives the same design.
* Placeholders: what is only known after deployment uses the model's "allocated" (public and
  Elastic IPs, Amazon-provided IPv6 blocks); objects a template names but does not define (a
  subnet or VPC id given as a parameter, an import nobody exports, the default VPC) get
  stand-ins whose description starts with "placeholder:"; every one is in the report.
* Nothing is dropped silently: resources with no network meaning, with a false condition or
  of a type the model lacks are listed as "skipped"; values known only after deployment as
  "placeholder".
* Implicit VPC objects (main route table, default NACL, default security group) stay implicit.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vpcdesigner.exchange.layout import auto_layout
from vpcdesigner.exchange.report import ImportResult, kind_counts
from vpcdesigner.model import Design, Placement, Resource
from vpcdesigner.model.design import CLASS_FOR_KIND
from vpcdesigner.model.refs import strip_refs

from . import (
    import_balancing,
    import_compute,
    import_edge,
    import_hybrid,
    import_metadata,
    import_network,
    import_security,
)
from .errors import Place, TemplateError
from .import_context import Ctx
from .parameters import read_parameter_file
from .result import ResolvedResource, ResolvedSet
from .stacks import StackSpec, load_stacks

HANDLERS = {
    **import_network.HANDLERS,
    **import_security.HANDLERS,
    **import_compute.HANDLERS,
    **import_balancing.HANDLERS,
    **import_hybrid.HANDLERS,
    **import_edge.HANDLERS,
}

# Mapping order: whatever a type refers to is mapped before it.
ORDER = (
    "AWS::EC2::VPC",
    "AWS::EC2::VPCCidrBlock",
    "AWS::EC2::Subnet",
    "AWS::EC2::InternetGateway",
    "AWS::EC2::EgressOnlyInternetGateway",
    "AWS::EC2::VPNGateway",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::TransitGateway",
    "AWS::EC2::VPCPeeringConnection",
    "AWS::EC2::PrefixList",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::NetworkAcl",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::RouteTable",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::NatGateway",
    "AWS::EC2::NetworkInterface",
    "AWS::EC2::Instance",
    "AWS::EC2::NetworkInterfaceAttachment",
    "AWS::EC2::EIP",
    "AWS::EC2::EIPAssociation",
    "AWS::EC2::VPCEndpoint",
    "AWS::EC2::TransitGatewayAttachment",
    "AWS::EC2::TransitGatewayVpcAttachment",
    "AWS::EC2::TransitGatewayPeeringAttachment",
    "AWS::EC2::CustomerGateway",
    "AWS::EC2::VPNConnection",
    "AWS::EC2::TransitGatewayRouteTable",
    "AWS::EC2::TransitGatewayRouteTableAssociation",
    "AWS::EC2::TransitGatewayRouteTablePropagation",
    "AWS::EC2::TransitGatewayRoute",
    "AWS::EC2::VPNConnectionRoute",
    "AWS::EC2::VPNGatewayRoutePropagation",
    "AWS::EC2::Route",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::ElasticLoadBalancing::LoadBalancer",
    "AWS::AutoScaling::AutoScalingGroup",
    "AWS::CloudFront::Distribution",
    "AWS::Route53::HostedZone",
    "AWS::Route53::RecordSet",
    "AWS::Route53::RecordSetGroup",
)
assert set(ORDER) == set(HANDLERS), "every handled type has its place in ORDER"

# Types that become a design object of their own (their ids are assigned before mapping).
OBJECT_TYPES = frozenset(ORDER) - {
    "AWS::EC2::VPCCidrBlock",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::NetworkInterfaceAttachment",
    "AWS::EC2::EIP",
    "AWS::EC2::EIPAssociation",
    "AWS::EC2::TransitGatewayRouteTableAssociation",
    "AWS::EC2::TransitGatewayRouteTablePropagation",
    "AWS::EC2::TransitGatewayRoute",
    "AWS::EC2::VPNConnectionRoute",
    "AWS::EC2::VPNGatewayRoutePropagation",
    "AWS::EC2::Route",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::Route53::RecordSet",
    "AWS::Route53::RecordSetGroup",
}
# Consumed by the object that uses them (reported when nothing does).
CONSUMED = ("AWS::EC2::EIP", "AWS::EC2::LaunchTemplate", "AWS::AutoScaling::LaunchConfiguration")
# Network-related but not in the model: skipped with a warning (the simulation ignores them).
NOT_MODELLED = {
    "AWS::EC2::DHCPOptions": "DHCP options (the VPC resolver is assumed)",
    "AWS::EC2::VPCDHCPOptionsAssociation": "DHCP options (the VPC resolver is assumed)",
    "AWS::EC2::FlowLog": "flow logs (no effect on traffic)",
    "AWS::EC2::TrafficMirrorSession": "traffic mirroring",
    "AWS::EC2::TransitGatewayConnect": "transit gateway Connect attachments",
    "AWS::EC2::CarrierGateway": "carrier gateways",
    "AWS::EC2::LocalGatewayRoute": "Outposts local gateways",
    "AWS::NetworkFirewall::Firewall": "Network Firewall",
    "AWS::Route53Resolver::ResolverEndpoint": "Route 53 Resolver endpoints",
    "AWS::Route53Resolver::ResolverRule": "Route 53 Resolver rules",
    "AWS::EC2::ClientVpnEndpoint": "Client VPN",
    "AWS::GlobalAccelerator::Accelerator": "Global Accelerator",
}
NO_NETWORK_MEANING_PREFIXES = (
    "AWS::IAM::",
    "AWS::Logs::",
    "AWS::S3::",
    "AWS::SNS::",
    "AWS::SQS::",
    "AWS::CloudWatch::",
    "AWS::SSM::",
    "AWS::ECS::",
    "AWS::Lambda::",
    "AWS::KMS::",
    "AWS::CertificateManager::",
    "AWS::CloudFront::CloudFrontOriginAccessIdentity",
    "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudFront::CachePolicy",
    "AWS::CloudFront::Function",
    "AWS::AutoScaling::ScalingPolicy",
    "AWS::AutoScaling::LifecycleHook",
    "AWS::AutoScaling::ScheduledAction",
    "AWS::CloudFormation::WaitCondition",
    "AWS::SecretsManager::",
    "AWS::Events::",
    "AWS::DynamoDB::",
    "AWS::EC2::KeyPair",
    "AWS::EC2::Volume",
    "AWS::ApplicationAutoScaling::",
    "AWS::CodeDeploy::",
    "AWS::CloudTrail::",
    "AWS::Config::",
    "AWS::Backup::",
    "AWS::StepFunctions::",
)


class CloudFormationImportError(TemplateError):
    """Import input that is not a template problem (a bad --param); the message names it."""


def import_templates(
    specs: Sequence[str | Path],
    params: Mapping[str, Any] | None = None,
    params_file: str | Path | None = None,
    *,
    region: str = "us-east-1",
) -> ImportResult:
    """Resolve the templates together and map them to a design with an import report.

    `params` keys are `K` (every stack that declares K) or `STACK.K`; `params_file` is an AWS CLI
    parameter file (explicit `params` win). Raises `TemplateError` (the message names the file,
    line or logical id) when a template cannot be resolved; nothing is written anywhere.
    """
    merged: dict[str, Any] = read_parameter_file(params_file) if params_file else {}
    for key, value in (params or {}).items():
        stack, dot, name = str(key).rpartition(".")
        if dot and stack and not key.startswith("AWS::"):
            bucket = merged.setdefault(stack, {})
            if not isinstance(bucket, dict):
                raise CloudFormationImportError(f"parameter {key!r}: {stack!r} is also given as a parameter name")
            bucket[name] = value
        else:
            merged[key] = value
    resolved = load_stacks(
        [s if isinstance(s, StackSpec) else StackSpec.parse(s) for s in specs], merged, region=region
    )
    return map_resolved(resolved)


def map_resolved(rs: ResolvedSet) -> ImportResult:
    """Map an already resolved set of stacks (the app and tests may resolve themselves)."""
    ctx = Ctx(rs)
    found = import_metadata.read(rs.stacks)
    import_metadata.before(ctx, found)
    _vpc_hint(ctx)
    for res in rs.resources:
        if res.type in OBJECT_TYPES:
            ctx.assign(res)
    for warning in rs.warnings:
        place = warning.place if isinstance(getattr(warning, "place", None), Place) else Place()
        ctx.rep.warning(place.describe(), str(getattr(warning, "message", warning)))
    by_type: dict[str, list[ResolvedResource]] = defaultdict(list)
    for res in rs.resources:
        by_type[res.type].append(res)
    for cfn_type in ORDER:
        for res in by_type.get(cfn_type, []):
            try:
                HANDLERS[cfn_type](ctx, res)
            except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
                ctx.rep.error(ctx.where(res), f"could not be mapped ({type(exc).__name__}: {exc}); left out")
    _report_rest(ctx, by_type)
    design_fields = import_metadata.after(ctx, found)
    import_hybrid.finish_transit_gateways(ctx)
    import_hybrid.on_premises_networks(ctx)
    resources = _validate(ctx)
    _report_mapped(ctx, resources)
    _report_orphans(ctx, resources)
    for wanted, given in sorted(ctx.renamed.items()):
        ctx.rep.info("", f"id {wanted!r} is not a valid design id; it became {given!r}")
    names = ", ".join(s.name for s in rs.stacks if s.parent is None)
    design = Design(
        name=design_fields.get("name", names or "Imported stacks"),
        description=design_fields.get("description", f"Imported from CloudFormation ({names})"),
        resources=resources,
        notes=design_fields.get("notes", []),
        scenarios=design_fields.get("scenarios", []),
    )
    layout = design_fields.get("layout")
    if layout is not None:
        placements = Design.model_validate({"layout": layout}).layout
    else:
        placements = _whole_pixels(auto_layout(design))
    design = design.model_copy(update={"layout": placements})
    counts = ", ".join(f"{n} {kind}" for kind, n in kind_counts(design).items())
    ctx.rep.info(
        "",
        f"mapped {len(rs.resources)} active resources of {len(rs.stacks)} stack(s) into "
        f"{len(design.resources)} design objects ({counts or 'none'})",
    )
    return ImportResult(design, ctx.rep.items)


def _report_mapped(ctx: Ctx, built: dict[str, Any]) -> None:
    """One "mapped" line per active resource that made it into the design (as an object or part of one)."""
    nested = {nid: r for r in built.values() for nid in _nested_ids(r)}
    for res in ctx.rs.resources:
        key = (res.stack, res.logical_id)
        rid = ctx.ids.get(key)
        owner = built.get(rid or "") or nested.get(rid or "")
        if owner is not None and (res.type in OBJECT_TYPES or key in ctx.used):
            what = f"{owner.kind} {owner.id!r}" if owner.id == rid else f"part {rid!r} of {owner.kind} {owner.id!r}"
            ctx.rep.info(ctx.where(res), f"mapped: {res.type} -> {what}")
        elif key in ctx.used:
            ctx.rep.info(ctx.where(res), f"mapped: {res.type} -> folded into the object it belongs to")


def _report_orphans(ctx: Ctx, built: dict[str, Any]) -> None:
    """Security groups nothing uses: created but attached to nothing (often a template mistake)."""
    used: set[str] = set()
    for r in built.values():
        if r.kind != "security-group" or r.default:
            used.update(t for t in _targets(r))
        else:
            used.update(t for t in _targets(r) if t != r.id and t != r.vpc)
    for r in built.values():
        if r.kind == "security-group" and not r.default and r.id not in used and r.id in ctx.ids.values():
            ctx.rep.warning(
                ctx.where_of.get(r.id, ""),
                f"security group {r.id!r} is attached to nothing in the templates (created but unused)",
            )


def _whole_pixels(layout: dict[str, Placement]) -> dict[str, Placement]:
    """Positions and sizes on whole pixels: crisp on screen, and plain integers in an exported template."""
    out = {}
    for key, place in layout.items():
        changes: dict[str, float] = {"x": float(round(place.x)), "y": float(round(place.y))}
        if place.width is not None:
            changes["width"] = float(math.ceil(place.width))
        if place.height is not None:
            changes["height"] = float(math.ceil(place.height))
        out[key] = place.model_copy(update=changes)
    return out


def _vpc_hint(ctx: Ctx) -> None:
    """If the templates take exactly one VPC id as a value, subnets given as ids belong to it."""
    values = {r.properties.get("VpcId") for r in ctx.rs.resources}
    ids = {v for v in values if isinstance(v, str)}
    if len(ids) == 1:
        ctx.vpc_hint = ids.pop()


def _report_rest(ctx: Ctx, by_type: dict[str, list[ResolvedResource]]) -> None:
    """Every resource no mapper used gets a report line saying why."""
    for cfn_type, items in by_type.items():
        for res in items:
            where = ctx.where(res)
            if cfn_type in HANDLERS:
                continue
            if cfn_type in CONSUMED:
                if (res.stack, res.logical_id) not in ctx.used:
                    ctx.rep.warning(where, f"skipped: {cfn_type} that nothing in the templates uses")
            elif cfn_type == "AWS::CloudFormation::Stack":
                ctx.rep.info(where, "nested stack: its resources are imported with it")
            elif cfn_type in NOT_MODELLED:
                ctx.rep.warning(where, f"skipped: {NOT_MODELLED[cfn_type]} not modelled")
            elif cfn_type.startswith(NO_NETWORK_MEANING_PREFIXES) or cfn_type.startswith("Custom::"):
                ctx.rep.info(where, f"skipped: {cfn_type} has no network meaning")
            else:
                ctx.rep.warning(where, f"skipped: unsupported resource type {cfn_type}")
    for res in by_type.get("AWS::EC2::EIP", []):
        if (res.stack, res.logical_id) not in ctx.used:
            ctx.rep.warning(
                ctx.where(res),
                "skipped: an Elastic IP that no NAT gateway, instance or interface in "
                "the templates uses (an association made outside CloudFormation is invisible)",
            )
    for res in ctx.rs.inactive:
        ctx.rep.info(ctx.where(res), f"skipped: condition {res.condition} is false")


def _validate(ctx: Ctx) -> dict[str, Any]:
    """Drafts → model objects; an invalid one is reported and left out, with references to it."""
    built: dict[str, Any] = {}
    for rid, draft in ctx.drafts.items():
        data = {k: v for k, v in draft.items() if not k.startswith("_")}
        cls: type[Resource] | None = CLASS_FOR_KIND.get(data.get("kind", ""))  # type: ignore[assignment]
        if cls is None:
            ctx.rep.error(ctx.where_of.get(rid, ""), f"unknown kind {data.get('kind')!r}; left out")
            continue
        try:
            built[rid] = cls.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            ctx.rep.error(ctx.where_of.get(rid, ""), f"{field}: {first['msg']}; {data['kind']} {rid!r} left out")
    nested = {nid for r in built.values() for nid in _nested_ids(r)}
    while True:
        gone = {t for r in built.values() for t in _targets(r) if t not in built and t not in nested}
        if not gone:
            return built
        for rid in list(built):
            changes = strip_refs(built[rid], gone)
            if changes is None:
                ctx.rep.error(ctx.where_of.get(rid, ""), f"{rid!r} needs an object that was left out; left out too")
                del built[rid]
            elif changes:
                built[rid] = built[rid].with_changes(**changes)


def _targets(resource: Any) -> list[str]:
    from vpcdesigner.model.refs import ref_targets

    out: list[tuple[str, tuple[str, ...]]] = []
    ref_targets(resource, out)
    return [t for t, _ in out]


def _nested_ids(resource: Any) -> list[str]:
    from vpcdesigner.model.refs import nested_ids

    return nested_ids(resource)
