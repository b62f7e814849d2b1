"""Instances, network interfaces and Auto Scaling groups to CloudFormation.

AMIs come from SSM public parameters (latest Amazon Linux 2023, x86_64 or arm64 by instance
type, or Windows Server 2022), so the template deploys in any region without an AMI id. The key
pair is an optional parameter (empty = none).
"""

from __future__ import annotations

import re
from typing import Any

from vpcdesigner.model import ALLOCATED, AutoScalingGroup, Instance, NetworkInterface, Subnet

from .export_context import (
    HAS_KEY_NAME,
    KEY_NAME,
    LINUX_AMI,
    LINUX_ARM_AMI,
    NO_VALUE,
    WINDOWS_AMI,
    Context,
    Expr,
    get_att,
    ref,
)

_SSM_AMI = "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"
AMI_DEFAULTS = {
    LINUX_AMI: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    LINUX_ARM_AMI: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
    WINDOWS_AMI: "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
}
_FAMILY = re.compile(r"^[a-z]+\d+([a-z-]*)\.")


def is_arm(instance_type: str) -> bool:
    """Graviton families carry a 'g' after the generation digit: t4g, m7g, c6gn, r6gd."""
    match = _FAMILY.match(instance_type)
    return bool(match and "g" in match.group(1))


def ami(ctx: Context, os: str, instance_type: str) -> Expr:
    name = WINDOWS_AMI if os.startswith("windows") else LINUX_ARM_AMI if is_arm(instance_type) else LINUX_AMI
    what = {LINUX_AMI: "Amazon Linux 2023 (x86_64)", LINUX_ARM_AMI: "Amazon Linux 2023 (arm64)",
            WINDOWS_AMI: "Windows Server 2022"}[name]
    return ctx.parameter(name, {"Type": _SSM_AMI, "Default": AMI_DEFAULTS[name],
                                "Description": f"AMI for {what} instances (an SSM parameter path or an AMI id)"})


def key_name(ctx: Context) -> Expr:
    ctx.parameter(KEY_NAME, {"Type": "String", "Default": "",
                             "Description": "EC2 key pair for logging in to the instances (empty = none)"})
    ctx.condition(HAS_KEY_NAME, {"Fn::Not": [{"Fn::Equals": [ref(KEY_NAME), ""]}]})
    return {"Fn::If": [HAS_KEY_NAME, ref(KEY_NAME), NO_VALUE]}


def security_group_ids(ctx: Context, resource: Any, groups: tuple[str, ...], vpc_id: str | None,
                       field: str) -> list[Expr] | None:
    """Refs of the groups; an empty list means the VPC default group (made explicit if it is ours)."""
    out = [ctx.ref_to(g) for g in groups]
    exact = all(x is not None for x in out)
    out = [x for x in out if x is not None]
    if not groups and vpc_id in ctx.real_default_sg:
        out = [ctx.ref_to(ctx.real_default_sg[vpc_id])]
        exact = False
    if not exact:
        ctx.extra(resource, field)
    return out or None


def _vpc_of(ctx: Context, subnet_id: str) -> str | None:
    subnet = ctx.design.get(subnet_id)
    return subnet.vpc if isinstance(subnet, Subnet) else None


def export_instance(ctx: Context, inst: Instance) -> None:
    lid = ctx.logical(inst.id)
    subnet = ctx.design.get(inst.subnet)
    vpc_id = _vpc_of(ctx, inst.subnet)
    groups = security_group_ids(ctx, inst, inst.security_groups, vpc_id, "security_groups")
    auto_public = inst.public_ip is not None and inst.public_ip_type == "auto"
    elastic = inst.public_ip is not None and inst.public_ip_type == "elastic"
    subnet_public = isinstance(subnet, Subnet) and subnet.map_public_ip_on_launch
    props: dict[str, Any] = {"ImageId": ami(ctx, inst.os, inst.instance_type), "InstanceType": inst.instance_type,
                             "KeyName": key_name(ctx)}
    if auto_public != subnet_public:  # only the interface form can override the subnet's setting
        props["NetworkInterfaces"] = [{
            "DeviceIndex": "0", "SubnetId": ctx.ref_to(inst.subnet), "GroupSet": groups,
            "AssociatePublicIpAddress": auto_public, "PrivateIpAddress": inst.private_ip,
            "DeleteOnTermination": True,
        }]
        props["NetworkInterfaces"] = [{k: v for k, v in props["NetworkInterfaces"][0].items() if v is not None}]
    else:
        props.update({"SubnetId": ctx.ref_to(inst.subnet), "SecurityGroupIds": groups,
                      "PrivateIpAddress": inst.private_ip})
    props["SourceDestCheck"] = inst.source_dest_check
    props["Tags"] = ctx.tags(inst)
    igw_att = ctx.igw_attachment_of_vpc.get(vpc_id or "")
    public = auto_public or elastic
    ctx.add(lid, "AWS::EC2::Instance", props, depends_on=[igw_att] if public and igw_att else [])
    if elastic:
        eip = ctx.add(ctx.helper(lid, "Eip"), "AWS::EC2::EIP", {"Domain": "vpc"},
                      depends_on=[igw_att] if igw_att else [])
        ctx.add(ctx.helper(lid, "EipAssociation"), "AWS::EC2::EIPAssociation",
                {"AllocationId": get_att(eip, "AllocationId"), "InstanceId": ref(lid)})
    if inst.public_ip not in (None, ALLOCATED):
        ctx.extra(inst, "public_ip")  # a fixed public address is only known after deployment
    if inst.public_ip is None and inst.public_ip_type != "auto":
        ctx.extra(inst, "public_ip_type")
    for name in ("os", "role"):
        if getattr(inst, name) != Instance.model_fields[name].default:
            ctx.extra(inst, name)
    ctx.keep_description(inst)


def export_network_interface(ctx: Context, eni: NetworkInterface, device_index: int) -> None:
    lid = ctx.logical(eni.id)
    vpc_id = _vpc_of(ctx, eni.subnet)
    ctx.add(lid, "AWS::EC2::NetworkInterface", {
        "SubnetId": ctx.ref_to(eni.subnet),
        "Description": eni.description or None,
        "PrivateIpAddress": eni.private_ip,
        "GroupSet": security_group_ids(ctx, eni, eni.security_groups, vpc_id, "security_groups"),
        "SourceDestCheck": eni.source_dest_check,
        "Tags": ctx.tags(eni),
    })
    if eni.public_ip is not None:
        igw_att = ctx.igw_attachment_of_vpc.get(vpc_id or "")
        eip = ctx.add(ctx.helper(lid, "Eip"), "AWS::EC2::EIP", {"Domain": "vpc"},
                      depends_on=[igw_att] if igw_att else [])
        ctx.add(ctx.helper(lid, "EipAssociation"), "AWS::EC2::EIPAssociation",
                {"AllocationId": get_att(eip, "AllocationId"), "NetworkInterfaceId": ref(lid)})
        if eni.public_ip != ALLOCATED:
            ctx.extra(eni, "public_ip")
    if eni.instance is not None:
        instance = ctx.ref_to(eni.instance)
        if instance is None:
            ctx.extra(eni, "instance")
        else:
            ctx.add(ctx.helper(lid, "Attachment"), "AWS::EC2::NetworkInterfaceAttachment",
                    {"InstanceId": instance, "NetworkInterfaceId": ref(lid), "DeviceIndex": str(device_index)})


def export_auto_scaling_group(ctx: Context, asg: AutoScalingGroup) -> None:
    lid = ctx.logical(asg.id)
    launch = asg.launch
    vpc_id = _vpc_of(ctx, asg.subnets[0]) if asg.subnets else None
    groups = security_group_ids(ctx, asg, launch.security_groups, vpc_id, "launch")
    data: dict[str, Any] = {"ImageId": ami(ctx, launch.os, launch.instance_type),
                            "InstanceType": launch.instance_type, "KeyName": key_name(ctx)}
    if launch.associate_public_ip is None:
        data["SecurityGroupIds"] = groups
    else:
        data["NetworkInterfaces"] = [{"DeviceIndex": 0, "AssociatePublicIpAddress": launch.associate_public_ip,
                                      "Groups": groups, "DeleteOnTermination": True}]
        data["NetworkInterfaces"] = [{k: v for k, v in data["NetworkInterfaces"][0].items() if v is not None}]
    template = ctx.add(ctx.helper(lid, "LaunchTemplate"), "AWS::EC2::LaunchTemplate",
                       {"LaunchTemplateData": {k: v for k, v in data.items() if v is not None}})
    if launch.os != "linux" or launch.role:
        ctx.extra(asg, "launch")
    tags = [{**t, "PropagateAtLaunch": True} for t in ctx.tags(asg) or []]
    subnets = [ctx.ref_to(s) for s in asg.subnets]
    ctx.add(lid, "AWS::AutoScaling::AutoScalingGroup", {
        "VPCZoneIdentifier": subnets,
        "MinSize": str(asg.min_size),
        "MaxSize": str(asg.max_size),
        "DesiredCapacity": str(asg.desired),
        "LaunchTemplate": {"LaunchTemplateId": ref(template), "Version": get_att(template, "LatestVersionNumber")},
        "TargetGroupARNs": [ctx.ref_to(t) for t in asg.target_groups] or None,
        "Tags": tags or None,
    })
    ctx.keep_description(asg)
