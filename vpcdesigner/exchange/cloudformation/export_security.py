"""Network ACLs and security groups to CloudFormation.

A VPC's default NACL and default security group cannot be declared in a template: AWS makes
them with the VPC. When the design's defaults have AWS's own rules they are referred to through
`Fn::GetAtt <Vpc>.DefaultNetworkAcl / DefaultSecurityGroup` and kept whole in Metadata; when the
design changed their rules they are exported as ordinary resources (with `default: true` in
the Metadata extras) so the deployed stack behaves like the design.
"""

from __future__ import annotations

import re
from typing import Any

from vpcdesigner.model import NaclRule, NetworkAcl, SecurityGroup, SgRule
from vpcdesigner.model.derived import default_nacl_for, default_sg_for
from vpcdesigner.model.types import protocol_number

from .export_context import Context, get_att, ref

_SG_TEXT = re.compile(r"^[A-Za-z0-9. _\-:/()#,@\[\]+=&;{}!$*]{0,255}$")
NO_EGRESS_PLACEHOLDER = {"IpProtocol": "-1", "CidrIp": "127.0.0.1/32",
                         "Description": "vpcdesigner placeholder - no other egress"}


def sg_text_ok(text: str) -> bool:
    """Security group descriptions accept only this character set (EC2 API rule)."""
    return bool(_SG_TEXT.match(text))


def _sg_safe(text: str) -> str:
    return "".join(c if sg_text_ok(c) else "-" for c in text)[:255]


def _is_aws_default_nacl(nacl: NetworkAcl) -> bool:
    aws = default_nacl_for(nacl.vpc)
    return nacl.inbound == aws.inbound and nacl.outbound == aws.outbound


def _is_aws_default_sg(sg: SecurityGroup) -> bool:
    aws = default_sg_for(sg.vpc)
    return sg.inbound == (SgRule(security_group=sg.id),) and sg.outbound == aws.outbound


def register_default(ctx: Context, resource: NetworkAcl | SecurityGroup) -> bool:
    """Defaults with AWS's own rules have no resource of their own: refer to the VPC's attribute."""
    vpc_lid = ctx.refs.get(resource.vpc)
    if not resource.default or vpc_lid is None:
        return False
    if isinstance(resource, NetworkAcl) and _is_aws_default_nacl(resource):
        ctx.refs[resource.id] = get_att(ctx.logical(resource.vpc), "DefaultNetworkAcl")
    elif isinstance(resource, SecurityGroup) and _is_aws_default_sg(resource):
        ctx.refs[resource.id] = get_att(ctx.logical(resource.vpc), "DefaultSecurityGroup")
    else:
        return False
    ctx.offline.add(resource.id)
    return True


def _nacl_entry(ctx: Context, nacl_lid: str, rule: NaclRule, egress: bool) -> tuple[dict[str, Any] | None, bool]:
    if not 1 <= rule.number <= 32766:
        return None, False
    number = protocol_number(rule.protocol)
    props: dict[str, Any] = {
        "NetworkAclId": ref(nacl_lid),
        "RuleNumber": rule.number,
        "Protocol": number,
        "RuleAction": rule.action,
        "Egress": egress,
    }
    props["Ipv6CidrBlock" if ":" in rule.cidr else "CidrBlock"] = rule.cidr
    exact = True
    if number in (6, 17):
        exact = rule.port_from is not None
        props["PortRange"] = {"From": rule.port_from if exact else 0, "To": rule.port_to if exact else 65535}
    elif rule.port_from is not None:
        exact = False  # AWS ignores ports for other protocols
    if number in (1, 58):
        exact = exact and rule.icmp_type is not None and rule.icmp_code is not None
        props["Icmp"] = {"Type": -1 if rule.icmp_type is None else rule.icmp_type,
                         "Code": -1 if rule.icmp_code is None else rule.icmp_code}
    elif rule.icmp_type is not None or rule.icmp_code is not None:
        exact = False
    return props, exact


def export_nacl(ctx: Context, nacl: NetworkAcl) -> None:
    lid = ctx.add(ctx.logical(nacl.id), "AWS::EC2::NetworkAcl",
                  {"VpcId": ctx.ref_to(nacl.vpc), "Tags": ctx.tags(nacl)})
    for egress, rules, field, word in ((False, nacl.inbound, "inbound", "Inbound"),
                                       (True, nacl.outbound, "outbound", "Outbound")):
        exact = True
        for rule in rules:
            props, ok = _nacl_entry(ctx, lid, rule, egress)
            exact = exact and ok
            if props is not None:
                ctx.add(ctx.helper(lid, f"{word}{rule.number}"), "AWS::EC2::NetworkAclEntry", props)
        if not exact:
            ctx.extra(nacl, field)
    associated = [s for s in nacl.subnets if ctx.derived.nacl_of.get(s) is nacl]
    if nacl.default:  # a replaced default NACL: every subnet that falls back on it
        associated += sorted(s for s, n in ctx.derived.nacl_of.items() if n is nacl and s not in associated)
        ctx.extra(nacl, "default")
    for subnet_id in associated:
        ctx.add(ctx.helper(lid, f"{ctx.logical(subnet_id)}Association"), "AWS::EC2::SubnetNetworkAclAssociation",
                {"SubnetId": ctx.ref_to(subnet_id), "NetworkAclId": ref(lid)})
    if associated != list(nacl.subnets):
        ctx.extra(nacl, "subnets")
    ctx.keep_description(nacl)


def _sg_rule(ctx: Context, rule: SgRule, inbound: bool) -> tuple[dict[str, Any] | None, bool]:
    """One rule in the SecurityGroupIngress/Egress shape; exact=False when CFN cannot say it as is."""
    number = protocol_number(rule.protocol)
    names = {-1: "-1", 6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6"}
    props: dict[str, Any] = {"IpProtocol": names.get(number, str(number))}
    exact = True
    if number in (6, 17):
        exact = rule.port_from is not None
        props["FromPort"] = rule.port_from if exact else 0
        props["ToPort"] = rule.port_to if exact else 65535
    elif number in (1, 58):
        exact = rule.icmp_type is not None and rule.icmp_code is not None
        props["FromPort"] = -1 if rule.icmp_type is None else rule.icmp_type
        props["ToPort"] = -1 if rule.icmp_code is None else rule.icmp_code
    else:
        exact = rule.port_from is None and rule.icmp_type is None and rule.icmp_code is None
    if rule.cidr is not None:
        props["CidrIpv6" if ":" in rule.cidr else "CidrIp"] = rule.cidr
    else:
        peer = ctx.ref_to(rule.prefix_list or rule.security_group)
        if peer is None:
            return None, False
        side = "Source" if inbound else "Destination"
        kind = "PrefixListId" if rule.prefix_list else "SecurityGroupId"
        props[side + kind] = peer
    if rule.description:
        props["Description"] = _sg_safe(rule.description)
        exact = exact and props["Description"] == rule.description
    return props, exact


def export_security_group(ctx: Context, sg: SecurityGroup) -> None:
    lid = ctx.logical(sg.id)
    body: dict[str, Any] = {}
    separate: list[tuple[str, str, dict[str, Any]]] = []
    for inbound, rules, field in ((True, sg.inbound, "inbound"), (False, sg.outbound, "outbound")):
        inline: list[dict[str, Any]] = []
        exact = True
        # SG-to-SG rules stand alone so groups never depend on each other; the import reads inline
        # rules first, so when one comes before a CIDR rule every rule stands alone, in order.
        firsts = [i for i, rule in enumerate(rules) if rule.security_group is not None]
        all_separate = bool(firsts) and any(rule.security_group is None for rule in rules[firsts[0]:])
        for index, rule in enumerate(rules, start=1):
            props, ok = _sg_rule(ctx, rule, inbound)
            exact = exact and ok
            if props is None:
                continue
            if rule.security_group is None and not all_separate:
                inline.append(props)
                continue
            word = "Ingress" if inbound else "Egress"
            separate.append((ctx.helper(lid, f"{word}{index}"), f"AWS::EC2::SecurityGroup{word}",
                             {"GroupId": ref(lid), **props}))
        if not inbound and not inline:
            inline.append(dict(NO_EGRESS_PLACEHOLDER))  # else AWS adds "all traffic out"
            exact = False
        if not exact:
            ctx.extra(sg, field)
        body["SecurityGroupIngress" if inbound else "SecurityGroupEgress"] = inline or None
    text = sg.description if sg.description and sg_text_ok(sg.description) else _sg_safe(sg.name or sg.id)
    if text != sg.description:
        ctx.extra(sg, "description")
    group_name = sg.group_name if sg.group_name and sg_text_ok(sg.group_name) else None
    if group_name and (group_name.lower() == "default" or group_name.startswith("sg-")):
        group_name = None
    if group_name != (sg.group_name or None):
        ctx.extra(sg, "group_name")
    if sg.default:
        ctx.extra(sg, "default")
        ctx.real_default_sg.setdefault(sg.vpc, sg.id)
    ctx.add(lid, "AWS::EC2::SecurityGroup", {
        "GroupDescription": text,
        "GroupName": group_name,
        "VpcId": ctx.ref_to(sg.vpc),
        **body,
        "Tags": ctx.tags(sg),
    })
    for helper_lid, cfn_type, props in separate:
        ctx.add(helper_lid, cfn_type, props)
