"""Instances, network interfaces, Elastic IPs, launch templates/configurations and Auto Scaling groups.

An interface a template creates separately and attaches to an instance as device 0 *is* that
instance's primary interface: it folds into the instance (routes and EIP associations naming the
interface then name the instance). Other attached interfaces stay network-interface objects.
AMIs are not modelled: instances are Linux unless the exporter's Metadata says otherwise.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from vpcdesigner.model import ALLOCATED

from .import_context import Ctx
from .import_network import SUBNET, VPC
from .import_security import SG
from .result import ResolvedResource

ENI = ("AWS::EC2::NetworkInterface",)
INSTANCE = ("AWS::EC2::Instance",)
LAUNCH_TEMPLATE = ("AWS::EC2::LaunchTemplate",)
LAUNCH_CONFIGURATION = ("AWS::AutoScaling::LaunchConfiguration",)
TARGET_GROUP = ("AWS::ElasticLoadBalancingV2::TargetGroup",)


def _groups(ctx: Ctx, res: ResolvedResource, prop: str, values: list[Any], vpc: str | None) -> list[str]:
    out = []
    for value in values:
        special = ctx.special_attr(value) if hasattr(value, "attribute") and ctx.target(value) is None else None
        if special == "":
            continue  # the VPC's default group: an empty list means the same in the model
        sg = special or ctx.ref(res, prop, value, SG, "security-group", external_vpc=vpc)
        if sg is not None and sg not in out:
            out.append(sg)
    return out


def network_interface(ctx: Ctx, res: ResolvedResource) -> None:
    subnet_id = ctx.ref(res, "SubnetId", res.properties.get("SubnetId"), SUBNET, "subnet")
    if subnet_id is None:
        return
    data: dict[str, Any] = {
        "subnet": subnet_id,
        "security_groups": _groups(ctx, res, "GroupSet", ctx.items(res, "GroupSet"), ctx.vpc_of_subnet(subnet_id)),
        "source_dest_check": ctx.flag(res, "SourceDestCheck", True),
        "description": ctx.text(res, "Description", "") or "",
    }
    if ip := ctx.text(res, "PrivateIpAddress"):
        data["private_ip"] = ip
    ctx.add(res, "network-interface", ctx.id_of(res), data)


def instance(ctx: Ctx, res: ResolvedResource) -> None:
    rid = ctx.id_of(res)
    p = res.properties
    data: dict[str, Any] = {
        "instance_type": ctx.text(res, "InstanceType") or "t3.micro",
        "source_dest_check": ctx.flag(res, "SourceDestCheck", True),
    }
    auto_public: bool | None = None
    interfaces = [i for i in ctx.items(res, "NetworkInterfaces") if isinstance(i, dict)]
    primary = next((i for i in interfaces if str(ctx.concrete(i.get("DeviceIndex"))) == "0"), None)
    folded: list[tuple[ResolvedResource, dict[str, Any]]] = []
    for spec in interfaces:
        eni_res = ctx.target(spec.get("NetworkInterfaceId"))
        eni = ctx.draft(ctx.ids.get((eni_res.stack, eni_res.logical_id)), "network-interface") if eni_res else None
        if eni_res is not None and eni is not None:
            folded.append((eni_res, eni))
            if spec is not primary:
                eni["instance"] = rid
                ctx.used.add((eni_res.stack, eni_res.logical_id))
    if primary is not None and folded and ctx.target(primary.get("NetworkInterfaceId")) is not None:
        eni_res, eni = next((r, e) for r, e in folded if ctx.target(primary.get("NetworkInterfaceId")) == r)
        data.update({k: eni[k] for k in ("subnet", "security_groups", "private_ip") if k in eni})
        data["source_dest_check"] = eni["source_dest_check"]
        del ctx.drafts[eni["id"]]
        ctx.ids[(eni_res.stack, eni_res.logical_id)] = rid
        ctx.rep.info(ctx.where(eni_res), f"the primary interface of instance {rid}: folded into it")
    else:
        spec = primary or {}
        raw_subnet = spec.get("SubnetId", p.get("SubnetId"))
        if raw_subnet is None:
            ctx.rep.warning(ctx.where(res), "no SubnetId: the instance lands in a default subnet of the default VPC")
            raw_subnet = "default-subnet"
        subnet_id = ctx.ref(res, "SubnetId", raw_subnet, SUBNET, "subnet")
        if subnet_id is None:
            return
        vpc_id = ctx.vpc_of_subnet(subnet_id)
        groups = spec.get("GroupSet", p.get("SecurityGroupIds"))
        data["subnet"] = subnet_id
        data["security_groups"] = _groups(ctx, res, "SecurityGroupIds", ctx.items(res, "", value=groups), vpc_id)
        if p.get("SecurityGroups"):
            data["security_groups"] += _groups(ctx, res, "SecurityGroups", ctx.items(res, "SecurityGroups"), vpc_id)
        if ip := ctx.text(res, "PrivateIpAddress", value=spec.get("PrivateIpAddress", p.get("PrivateIpAddress"))):
            data["private_ip"] = ip
        if "AssociatePublicIpAddress" in spec:
            auto_public = str(ctx.concrete(spec["AssociatePublicIpAddress"])).lower() == "true"
    if auto_public is None:
        subnet = ctx.draft(data.get("subnet"), "subnet")
        auto_public = bool(subnet and subnet.get("map_public_ip_on_launch"))
    if auto_public:
        data["public_ip"] = ALLOCATED
    ctx.add(res, "instance", rid, data)


def interface_attachment(ctx: Ctx, res: ResolvedResource) -> None:
    eni = ctx.draft(
        ctx.ref(res, "NetworkInterfaceId", res.properties.get("NetworkInterfaceId"), ENI, "network-interface"),
        "network-interface",
    )
    inst = ctx.ref(res, "InstanceId", res.properties.get("InstanceId"), INSTANCE, "instance")
    if eni is None or inst is None:
        ctx.rep.warning(ctx.where(res), "skipped: the attachment names no interface and instance of the design")
        return
    eni["instance"] = inst
    ctx.used.add((res.stack, res.logical_id))


def _elastic(ctx: Ctx, res: ResolvedResource, raw: Any, prop: str) -> bool:
    """Give the instance or interface `raw` names an Elastic IP (placeholder address)."""
    target = ctx.target(raw)
    if target is None:
        ctx.rep.warning(ctx.where(res), f"skipped: {prop} names nothing in the templates")
        return False
    draft = ctx.draft(ctx.id_of(target))
    if draft is None or draft["kind"] not in ("instance", "network-interface"):
        ctx.rep.warning(ctx.where(res), f"skipped: {prop} names {target.qualified_id}, which is not in the design")
        return False
    draft["public_ip"] = ALLOCATED
    if draft["kind"] == "instance":
        draft["public_ip_type"] = "elastic"
    ctx.rep.info(
        ctx.where(res), f"placeholder: the Elastic IP of {draft['id']} is allocated at deployment ('{ALLOCATED}')"
    )
    return True


def eip(ctx: Ctx, res: ResolvedResource) -> None:
    if "InstanceId" in res.properties and _elastic(ctx, res, res.properties["InstanceId"], "InstanceId"):
        ctx.used.add((res.stack, res.logical_id))


def eip_association(ctx: Ctx, res: ResolvedResource) -> None:
    p = res.properties
    prop = "NetworkInterfaceId" if "NetworkInterfaceId" in p else "InstanceId"
    if _elastic(ctx, res, p.get(prop), prop):
        ctx.used.add((res.stack, res.logical_id))
        for key in ("AllocationId", "EIP"):
            target = ctx.target(p.get(key))
            if target is not None:
                ctx.used.add((target.stack, target.logical_id))


def interface_endpoint(ctx: Ctx, res: ResolvedResource) -> None:
    """An interface endpoint is its network interfaces: one per subnet, with the endpoint's groups.

    AWS picks their addresses at deployment; the stand-in is the subnet's highest free addresses
    (counting down), far from where `derive` hands out addresses (counting up from the start).
    """
    rid = ctx.id_of(res)
    vpc_id = ctx.ref(res, "VpcId", res.properties.get("VpcId"), VPC, "vpc")
    subnets = [s for s in (ctx.ref(res, "SubnetIds", v, SUBNET, "subnet") for v in ctx.items(res, "SubnetIds")) if s]
    service = ctx.text(res, "ServiceName") or "a service"
    groups = _groups(ctx, res, "SecurityGroupIds", ctx.items(res, "SecurityGroupIds"), vpc_id)
    for index, subnet_id in enumerate(subnets, start=1):
        eni_id = rid if len(subnets) == 1 else f"{rid}-{index}"
        data: dict[str, Any] = {
            "subnet": subnet_id,
            "security_groups": groups,
            "description": f"interface endpoint for {service}",
        }
        ip = _top_address(ctx, subnet_id)
        if ip is not None:
            data["private_ip"] = ip
        ctx.add(res, "network-interface", eni_id, data)
        if len(subnets) > 1:
            ctx.drafts[eni_id]["name"] = f"{ctx.drafts[eni_id]['name']}-{index}"
        ctx.rep.info(ctx.where(res), f"placeholder: AWS assigns the address of {eni_id} at deployment; using {ip}")
    if len(subnets) != 1:  # one subnet: the usual "mapped" line names the interface
        ctx.rep.info(ctx.where(res), f"mapped: {res.type} -> {len(subnets)} network interfaces, one per subnet")


def _top_address(ctx: Ctx, subnet_id: str) -> str | None:
    subnet = ctx.draft(subnet_id, "subnet")
    if subnet is None:
        return None
    net = ipaddress.IPv4Network(subnet["cidr"], strict=False)
    taken = ctx.top_addresses.setdefault(subnet_id, 0)
    ctx.top_addresses[subnet_id] = taken + 1
    value = net.broadcast_address - 1 - taken
    return str(value) if value > net.network_address + 3 else None


def _launch_settings(ctx: Ctx, res: ResolvedResource, vpc: str | None) -> dict[str, Any]:
    """Launch settings from the template or configuration the group names (consumed by the group)."""
    p = res.properties
    source = None
    spec = p.get("LaunchTemplate") or (p.get("MixedInstancesPolicy") or {}).get("LaunchTemplate", {}).get(
        "LaunchTemplateSpecification"
    )
    if isinstance(spec, dict):
        source = ctx.target(spec.get("LaunchTemplateId")) or _by_name(ctx, spec.get("LaunchTemplateName"))
    elif "LaunchConfigurationName" in p:
        source = ctx.target(p["LaunchConfigurationName"])
    if source is None:
        ctx.rep.warning(
            ctx.where(res),
            "the launch template or configuration is outside the templates; "
            "instances get the VPC's default security group",
        )
        return {}
    ctx.used.add((source.stack, source.logical_id))
    if source.type in LAUNCH_CONFIGURATION:
        q = source.properties
        out: dict[str, Any] = {
            "security_groups": _groups(ctx, source, "SecurityGroups", ctx.items(source, "SecurityGroups"), vpc)
        }
        if "AssociatePublicIpAddress" in q:
            out["associate_public_ip"] = ctx.flag(source, "AssociatePublicIpAddress", False)
    else:
        q = source.properties.get("LaunchTemplateData") or {}
        nics = [n for n in ctx.items(source, "", value=q.get("NetworkInterfaces")) if isinstance(n, dict)]
        groups = ctx.items(source, "", value=q.get("SecurityGroupIds")) + ctx.items(
            source, "", value=q.get("SecurityGroups")
        )
        out = {}
        if nics:
            groups += ctx.items(source, "", value=nics[0].get("Groups"))
            if "AssociatePublicIpAddress" in nics[0]:
                out["associate_public_ip"] = str(ctx.concrete(nics[0]["AssociatePublicIpAddress"])).lower() == "true"
        out["security_groups"] = _groups(ctx, source, "LaunchTemplateData.SecurityGroupIds", groups, vpc)
    instance_type = ctx.text(source, "InstanceType", value=q.get("InstanceType"))
    if instance_type:
        out["instance_type"] = instance_type
    return out


def _by_name(ctx: Ctx, name: Any) -> ResolvedResource | None:
    text = ctx.concrete(name)
    for r in ctx.rs.resources:
        if r.type in LAUNCH_TEMPLATE and ctx.concrete(r.properties.get("LaunchTemplateName")) == text:
            return r
    return None


def auto_scaling_group(ctx: Ctx, res: ResolvedResource) -> None:
    subnets = [
        s
        for s in (ctx.ref(res, "VPCZoneIdentifier", v, SUBNET, "subnet") for v in ctx.items(res, "VPCZoneIdentifier"))
        if s
    ]
    if not subnets:
        ctx.rep.warning(
            ctx.where(res),
            "skipped: no VPCZoneIdentifier subnets in the design (the group would launch in the default VPC's subnets)",
        )
        return
    low = max(0, min(ctx.number(res, "MinSize", 1) or 0, 1000))
    high = max(low, min(ctx.number(res, "MaxSize", max(low, 1)) or 0, 1000))
    desired = max(low, min(ctx.number(res, "DesiredCapacity", low) or 0, high))
    target_groups = [
        t
        for t in (
            ctx.ref(res, "TargetGroupARNs", v, TARGET_GROUP, "target-group") for v in ctx.items(res, "TargetGroupARNs")
        )
        if t
    ]
    if res.properties.get("LoadBalancerNames"):
        ctx.rep.warning(
            ctx.where(res), "LoadBalancerNames: classic load balancer registration of a group is not modelled; left out"
        )
    ctx.add(
        res,
        "auto-scaling-group",
        ctx.id_of(res),
        {
            "subnets": subnets,
            "min_size": low,
            "max_size": high,
            "desired": desired,
            "launch": _launch_settings(ctx, res, ctx.vpc_of_subnet(subnets[0])),
            "target_groups": target_groups,
        },
    )


HANDLERS = {
    "AWS::EC2::NetworkInterface": network_interface,
    "AWS::EC2::Instance": instance,
    "AWS::EC2::NetworkInterfaceAttachment": interface_attachment,
    "AWS::EC2::EIP": eip,
    "AWS::EC2::EIPAssociation": eip_association,
    "AWS::AutoScaling::AutoScalingGroup": auto_scaling_group,
}
