"""Network ACLs and security groups from CloudFormation, with their separate entries and rules.

Inline security group rules come first, then the stand-alone SecurityGroupIngress/Egress
resources in template order (the order the exporter writes them). A security group without an
inline SecurityGroupEgress keeps AWS's "all traffic out" rule, as CloudFormation does.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from vpcdesigner.model.types import normalise_protocol

from .import_context import Ctx
from .import_network import SUBNET, VPC, prefix_list_ref
from .result import ResolvedResource
from .values import AttrRef

NACL = ("AWS::EC2::NetworkAcl",)
SG = ("AWS::EC2::SecurityGroup",)


def nacl(ctx: Ctx, res: ResolvedResource) -> None:
    vpc_id = ctx.ref(res, "VpcId", res.properties.get("VpcId"), VPC, "vpc")
    if vpc_id is not None:
        ctx.add(res, "network-acl", ctx.id_of(res), {"vpc": vpc_id, "subnets": [], "inbound": [], "outbound": []})


def _is_implicit_default(ctx: Ctx, res: ResolvedResource) -> bool:
    """`!GetAtt Vpc.DefaultNetworkAcl` when the model keeps that NACL implicit (AWS's own rules)."""
    raw = res.properties.get("NetworkAclId")
    return isinstance(raw, AttrRef) and ctx.target(raw) is None and ctx.special_attr(raw) == ""


def _explicit_default(ctx: Ctx, res: ResolvedResource) -> dict[str, Any] | None:
    """The VPC's default NACL made explicit, because the template adds entries to it."""
    raw = res.properties.get("NetworkAclId")
    vpc = ctx.rs.target(raw) if isinstance(raw, AttrRef) else None
    if vpc is None:
        return None
    vpc_id = ctx.id_of(vpc)
    rid = ctx.safe_id(f"{vpc_id}-default-nacl")
    aws_rule = {"number": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}
    ctx.add(
        None,
        "network-acl",
        rid,
        {
            "name": f"{vpc_id} default NACL",
            "vpc": vpc_id,
            "default": True,
            "subnets": [],
            "inbound": [dict(aws_rule)],
            "outbound": [dict(aws_rule)],
        },
        ctx.where(res),
    )
    ctx.default_nacl_of_vpc[vpc_id] = rid
    ctx.rep.info(
        ctx.where(res),
        f"the template adds entries to the default NACL of {vpc_id}: it becomes the "
        f"explicit network-acl {rid!r} (AWS's rule 100 allow-all both ways, plus those entries)",
    )
    return ctx.drafts[rid]


def _nacl_of(ctx: Ctx, res: ResolvedResource) -> dict[str, Any] | None:
    raw = res.properties.get("NetworkAclId")
    special = ctx.special_attr(raw) if isinstance(raw, AttrRef) and ctx.target(raw) is None else None
    if special == "":
        return None  # the VPC's implicit default NACL
    return ctx.draft(special or ctx.ref(res, "NetworkAclId", raw, NACL, "network-acl"), "network-acl")


def nacl_entry(ctx: Ctx, res: ResolvedResource) -> None:
    acl = _explicit_default(ctx, res) if _is_implicit_default(ctx, res) else _nacl_of(ctx, res)
    if acl is None:
        ctx.rep.warning(ctx.where(res), "skipped: the entry's network ACL is not in the design")
        return
    p = res.properties
    try:
        protocol = normalise_protocol(ctx.text(res, "Protocol", "-1"))
    except ValueError as exc:
        ctx.rep.error(ctx.where(res), f"skipped: Protocol: {exc}")
        return
    rule: dict[str, Any] = {
        "number": ctx.number(res, "RuleNumber", 100),
        "action": "deny" if (ctx.text(res, "RuleAction") or "allow").lower() == "deny" else "allow",
        "protocol": protocol,
        "cidr": ctx.text(res, "Ipv6CidrBlock" if "Ipv6CidrBlock" in p else "CidrBlock", "0.0.0.0/0"),
    }
    if protocol in ("tcp", "udp") and isinstance(p.get("PortRange"), dict):
        rule["port_from"] = ctx.number(res, "PortRange.From", 0, value=p["PortRange"].get("From"))
        rule["port_to"] = ctx.number(res, "PortRange.To", 65535, value=p["PortRange"].get("To"))
    if protocol in ("icmp", "icmpv6") and isinstance(p.get("Icmp"), dict):
        rule["icmp_type"] = ctx.number(res, "Icmp.Type", -1, value=p["Icmp"].get("Type"))
        rule["icmp_code"] = ctx.number(res, "Icmp.Code", -1, value=p["Icmp"].get("Code"))
    _warn_host_bits(ctx, res, rule["cidr"])
    acl["outbound" if ctx.flag(res, "Egress", False) else "inbound"].append(rule)
    ctx.used.add((res.stack, res.logical_id))


def nacl_association(ctx: Ctx, res: ResolvedResource) -> None:
    subnet_id = ctx.ref(res, "SubnetId", res.properties.get("SubnetId"), SUBNET, "subnet")
    if _is_implicit_default(ctx, res):
        ctx.used.add((res.stack, res.logical_id))  # unassociated subnets use the implicit default anyway
        return
    acl = _nacl_of(ctx, res)
    if acl is None or subnet_id is None:
        ctx.rep.warning(ctx.where(res), "skipped: the association names no network ACL and subnet of the design")
        return
    acl["subnets"].append(subnet_id)
    ctx.used.add((res.stack, res.logical_id))


def security_group(ctx: Ctx, res: ResolvedResource) -> None:
    rid = ctx.id_of(res)
    p = res.properties
    vpc_id = ctx.ref(res, "VpcId", p["VpcId"], VPC, "vpc") if "VpcId" in p else ctx.default_vpc(res)
    if vpc_id is None:
        return
    draft = ctx.add(
        res,
        "security-group",
        rid,
        {
            "vpc": vpc_id,
            "description": ctx.text(res, "GroupDescription", "") or "",
            "group_name": ctx.text(res, "GroupName", "") or "",
            "inbound": [],
            "outbound": [],
        },
    )
    for prop, side in (("SecurityGroupIngress", "inbound"), ("SecurityGroupEgress", "outbound")):
        for index, item in enumerate(ctx.items(res, prop)):
            rule = sg_rule(ctx, res, f"{prop}[{index}]", item, inbound=side == "inbound", vpc=vpc_id)
            if rule is not None:
                draft[side].append(rule)
    if "SecurityGroupEgress" not in p:
        draft["outbound"].append({"cidr": "0.0.0.0/0"})  # what AWS gives a new group


def sg_rule(
    ctx: Ctx, res: ResolvedResource, where: str, item: Any, *, inbound: bool, vpc: str | None
) -> dict[str, Any] | None:
    """One rule in the model's form, or None (reported) when CloudFormation would refuse it."""
    if not isinstance(item, dict):
        ctx.rep.error(ctx.where(res), f"{where}: a rule must be a mapping; rule left out")
        return None
    try:
        protocol = normalise_protocol(ctx.text(res, where, "-1", value=item.get("IpProtocol", "-1")))
    except ValueError as exc:
        ctx.rep.error(ctx.where(res), f"{where}.IpProtocol: {exc}; rule left out")
        return None
    rule: dict[str, Any] = {"protocol": protocol}
    low = ctx.number(res, f"{where}.FromPort", None, value=item.get("FromPort"))
    high = ctx.number(res, f"{where}.ToPort", None, value=item.get("ToPort"))
    if protocol in ("tcp", "udp") and low is not None and low >= 0:
        rule["port_from"], rule["port_to"] = low, high if high is not None and high >= 0 else low
    elif protocol in ("icmp", "icmpv6"):
        rule["icmp_type"] = low if low is not None else -1
        rule["icmp_code"] = high if high is not None else -1
    side = "Source" if inbound else "Destination"
    wrong = "Destination" if inbound else "Source"
    peers = 0
    if "CidrIp" in item or "CidrIpv6" in item:
        cidr = ctx.text(res, where, None, value=item.get("CidrIp", item.get("CidrIpv6")))
        if cidr is not None:
            _warn_host_bits(ctx, res, cidr)
            rule["cidr"] = cidr
            peers += 1
    if f"{side}PrefixListId" in item:
        pl = prefix_list_ref(ctx, res, f"{where}.{side}PrefixListId", item[f"{side}PrefixListId"])
        if pl is not None:
            rule["prefix_list"] = pl
            peers += 1
    if f"{side}SecurityGroupId" in item:
        sg = _sg_ref(ctx, res, f"{where}.{side}SecurityGroupId", item[f"{side}SecurityGroupId"], vpc)
        if sg is not None:
            rule["security_group"] = sg
            peers += 1
    if f"{side}SecurityGroupName" in item:
        ctx.rep.warning(
            ctx.where(res),
            f"{where}: {side}SecurityGroupName (EC2-Classic/default VPC by name) is not modelled; rule left out",
        )
        return None
    for bad in (f"{wrong}SecurityGroupId", f"{wrong}PrefixListId"):
        if bad in item:
            ctx.rep.error(
                ctx.where(res),
                f"{where}: {bad} is not a property of {'an ingress' if inbound else 'an egress'} "
                "rule (CloudFormation rejects it); rule left out",
            )
            return None
    if peers != 1:
        ctx.rep.error(
            ctx.where(res),
            f"{where}: a rule needs exactly one peer (CidrIp, CidrIpv6, {side}PrefixListId "
            f"or {side}SecurityGroupId), found {peers}; rule left out",
        )
        return None
    description = ctx.text(res, where, None, value=item.get("Description"))
    if description:
        rule["description"] = description
    return rule


def _sg_ref(ctx: Ctx, res: ResolvedResource, prop: str, raw: Any, vpc: str | None) -> str | None:
    special = ctx.special_attr(raw) if hasattr(raw, "attribute") and ctx.target(raw) is None else None
    if special == "":
        ctx.rep.warning(
            ctx.where(res), f"{prop}: the VPC's default security group is implicit in the model; rule left out"
        )
        return None
    return special or ctx.ref(res, prop, raw, SG, "security-group", external_vpc=vpc)


def separate_rule(ctx: Ctx, res: ResolvedResource) -> None:
    inbound = res.type.endswith("Ingress")
    p = res.properties
    if "GroupId" not in p:
        ctx.rep.warning(ctx.where(res), "skipped: GroupName (a default-VPC group by name) is not modelled")
        return
    raw = p["GroupId"]
    if isinstance(raw, AttrRef) and ctx.target(raw) is None and ctx.special_attr(raw) == "":
        group = _explicit_default_sg(ctx, res, raw)
    else:
        group = ctx.draft(_sg_ref(ctx, res, "GroupId", raw, None), "security-group")
    if group is None:
        ctx.rep.warning(ctx.where(res), "skipped: the rule's security group is not in the design")
        return
    rule = sg_rule(ctx, res, "Properties", p, inbound=inbound, vpc=group["vpc"])
    if rule is not None:
        group["inbound" if inbound else "outbound"].append(rule)
        ctx.used.add((res.stack, res.logical_id))


def _explicit_default_sg(ctx: Ctx, res: ResolvedResource, raw: AttrRef) -> dict[str, Any] | None:
    """The VPC's default security group made explicit, because the template adds rules to it."""
    vpc = ctx.rs.target(raw)
    if vpc is None:
        return None
    vpc_id = ctx.id_of(vpc)
    rid = ctx.safe_id(f"{vpc_id}-default-sg")
    ctx.add(
        None,
        "security-group",
        rid,
        {
            "name": f"{vpc_id} default SG",
            "vpc": vpc_id,
            "default": True,
            "group_name": "default",
            "inbound": [{"security_group": rid}],
            "outbound": [{"cidr": "0.0.0.0/0"}],
        },
        ctx.where(res),
    )
    ctx.default_sg_of_vpc[vpc_id] = rid
    ctx.rep.info(
        ctx.where(res),
        f"the template adds rules to the default security group of {vpc_id}: it becomes "
        f"the explicit security-group {rid!r} (AWS's own rules plus those)",
    )
    return ctx.drafts[rid]


def _warn_host_bits(ctx: Ctx, res: ResolvedResource, cidr: str) -> None:
    """`192.168.1.0/0` means all of IPv4: accepted as AWS does, with a warning."""
    try:
        net = ipaddress.ip_network(cidr.strip(), strict=False)
    except ValueError:
        return
    if str(net) != cidr.strip():
        ctx.rep.warning(ctx.where(res), f"CIDR {cidr!r} has host bits set; read as {net} (as AWS does)")


HANDLERS = {
    "AWS::EC2::NetworkAcl": nacl,
    "AWS::EC2::NetworkAclEntry": nacl_entry,
    "AWS::EC2::SubnetNetworkAclAssociation": nacl_association,
    "AWS::EC2::SecurityGroup": security_group,
    "AWS::EC2::SecurityGroupIngress": separate_rule,
    "AWS::EC2::SecurityGroupEgress": separate_rule,
}
