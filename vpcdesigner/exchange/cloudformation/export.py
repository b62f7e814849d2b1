"""Export a design as a CloudFormation template that deploys as is and imports back exactly.

`export_template(design)` returns the template as plain data; `build_template(design)` also
returns warnings for the user (placeholders to replace, objects kept in Metadata only, quotas);
`dump_template(design, path)` writes YAML atomically and returns those warnings (`ExportError`
names the file when it cannot be written).

Conventions (the CloudFormation import mapper inverts exactly these; the tests
tests/exchange/test_cfn_export_inverse*.py hold a worked reference inverse)
--------------------------------------------------------------------------
Logical ids
    Each design object with a CloudFormation form gets a logical id from `naming.LogicalIds`
    (`store-vpc` → `StoreVpc`; a number is appended on collision). Helper resources are named
    `<owner logical id><Suffix>`: `<Vpc>Cidr2`, `<Vpc>Ipv6Cidr`, `<Igw>Attachment`,
    `<Vgw>Attachment`, `<Vgw>RoutePropagation`, `<Rtb>Route<n>` (n = 1-based position in
    `routes`), `<Rtb><Subnet>Association`, `<Nacl>Inbound<rule>` / `<Nacl>Outbound<rule>`,
    `<Nacl><Subnet>Association`, `<Sg>Ingress<n>` / `<Sg>Egress<n>` (SG-to-SG rules, n = 1-based
    position in inbound/outbound), `<Nat>Eip`, `<Instance>Eip` + `<Instance>EipAssociation`,
    `<Eni>Eip` + `<Eni>EipAssociation`, `<Eni>Attachment`, `<Asg>LaunchTemplate`,
    `<Lb>Listener<n>`, `<Listener>Rule<priority>`, `<Vpn>Route<n>`, `<TgwRouteTable>Route<n>`,
    `<TgwRouteTable><Attachment>Association|Propagation`, `<Cdn>VpcOrigin<OriginId>`,
    `<Zone>Records`, and the parameter
    `<Cgw>IpAddress`. Transit gateway attachments and route tables (nested parts with ids) get
    logical ids of their own, like resources.
Parameters
    `KeyName` (String, default empty = no key pair, condition `HasKeyName`); `LinuxAmiId`,
    `LinuxArm64AmiId`, `WindowsAmiId` (SSM public parameter types, default latest AL2023 /
    Windows Server 2022; chosen by instance `os` and Graviton instance types); `CertificateArn`
    (HTTPS/TLS/SSL listeners; empty → plain HTTP/TCP on the same port, condition
    `HasCertificate`); `CloudFrontCertificateArn` (aliases; empty → no aliases, condition
    `HasCloudFrontCertificate`); one String parameter per AWS-managed prefix list, named by the
    list's logical id and holding its pl- id (default for known regions); `<Cgw>IpAddress`.
    Only the parameters the design needs are emitted.
Names and tags
    Tag `Name` = the resource name (absent when the name is empty), then the resource's tags.
    Helper resources carry no tags.
Metadata (`Metadata.VpcDesigner`, plain JSON data)
    `format` = "vpcdesigner-cloudformation", `format_version` = 1;
    `design`: {name, description, format_version of the design model};
    `logical_ids`: {design id: logical id} for every design object that is a resource or a
    parameter of the template;
    `extras`: {design id: {field: exact JSON value}}: fields the template does not state exactly:
    every non-default field outside `export_context.CARRIED` (descriptions, AZ names, roles,
    fixed public addresses ...), plus carried fields whose template form is a deployable
    stand-in. Values are in the design-file form (nested defaults left out);
    `defaults`: {design id: [field]}: fields whose exact value is the model default although
    the template says otherwise. The importer builds each object from the template, then
    overwrites the `extras` fields and resets the `defaults` fields;
    `offline`: the whole resources with no CloudFormation resource of their own, in the
    design-file form (on-premises networks, internet clients, resolvers, Direct Connect,
    Direct Connect gateways, AWS-managed prefix lists, defaults with AWS's own rules, and what
    AWS would refuse: VPNs without a gateway, distributions without a deployable origin,
    application load balancers in fewer than two AZs, load balancers / Auto Scaling groups
    without subnets). The importer takes them as they are;
    `layout`, `notes`, `scenarios`: as in the design file.
Defaults
    A default NACL / security group with AWS's own rules is `offline` and referred to as
    `Fn::GetAtt <Vpc>.DefaultNetworkAcl / DefaultSecurityGroup`. Otherwise it is exported as an
    ordinary resource with `default: true` in extras; subnets (or instances) that fall back on
    it get explicit associations (or SecurityGroupIds) so the stack behaves like the design.
    A main route table likewise is an ordinary RouteTable (`main: true` in extras) associated
    explicitly with the subnets that use it implicitly; the design's `subnets` is in extras when
    it differs from the associations.

Per kind: template → design fields (what the import mapper reads back)
    Everywhere: tag Name → name ("" when absent), other tags → tags (HostedZoneTags on hosted
    zones; PropagateAtLaunch on Auto Scaling groups means nothing); refs are logical ids turned
    back into design ids through `logical_ids`; list parts keep document order (routes, rules,
    entries, listeners, associations); fields in `extras` / `defaults` win.
    vpc: CidrBlock, EnableDns*; VPCCidrBlock CidrBlock → secondary_cidrs,
      AmazonProvidedIpv6CidrBlock → ipv6_cidr "allocated".
    subnet: VpcId, CidrBlock, MapPublicIpOnLaunch, Ipv6CidrBlock → ipv6_cidr "allocated"
      (AvailabilityZone is `Select [i, GetAZs]`; the exact name is always in extras).
    route-table: VpcId; AWS::EC2::Route → routes (Destination{Cidr,Ipv6Cidr}Block → destination,
      DestinationPrefixListId → destination_prefix_list, the one target property → target);
      SubnetRouteTableAssociation → subnets; VPNGatewayRoutePropagation → propagating_gateways.
    network-acl: NetworkAclEntry (Egress false → inbound, true → outbound): RuleNumber, Protocol
      number, RuleAction, CidrBlock/Ipv6CidrBlock, PortRange → port_from/to, Icmp → icmp_type/code;
      SubnetNetworkAclAssociation → subnets.
    security-group: GroupDescription → description, GroupName → group_name, VpcId; inline rules
      first, then `<Sg>Ingress|Egress<n>` resources; IpProtocol; FromPort/ToPort are ports for
      tcp/udp and type/code for icmp/icmpv6; CidrIp/CidrIpv6 → cidr, *PrefixListId → prefix_list,
      *SecurityGroupId → security_group. The egress rule "-1 to 127.0.0.1/32" described
      "vpcdesigner placeholder ..." means "no egress" (outbound is then in extras as well).
      `Fn::GetAtt <Vpc>.DefaultSecurityGroup` / `.DefaultNetworkAcl` name the offline default of
      that VPC.
    prefix-list: customer lists: Entries, AddressFamily, MaxEntries. Managed lists: a parameter
      (its logical id is in logical_ids) plus the whole object in offline.
    vpc-endpoint: VpcId, service = last part of ServiceName, RouteTableIds → route_tables.
    internet-gateway / vpn-gateway: VPCGatewayAttachment → vpc; vpn-gateway AmazonSideAsn.
    egress-only-internet-gateway: VpcId. nat-gateway: SubnetId, ConnectivityType,
      PrivateIpAddress; an EIP (public) → elastic_ip "allocated".
    customer-gateway: BgpAsn, IpAddress (a parameter whose default is the design's address).
    vpn-connection: CustomerGatewayId, VpnGatewayId | TransitGatewayId, StaticRoutesOnly →
      routing static/bgp, VPNConnectionRoute → static_routes.
    vpc-peering: VpcId → requester_vpc, PeerVpcId → accepter_vpc.
    transit-gateway: AmazonSideAsn, Description; TransitGatewayVpcAttachment (VpcId, SubnetIds,
      Options.SecurityGroupReferencingSupport) and TransitGatewayPeeringAttachment
      (PeerTransitGatewayId) → attachments, TransitGatewayRouteTable (tag Name → name) with
      TransitGatewayRoute (DestinationCidrBlock, TransitGatewayAttachmentId | Blackhole) and
      ...Association / ...Propagation → route_tables. Attachment and table ids come from
      logical_ids.
    instance: SubnetId, SecurityGroupIds, PrivateIpAddress (or the same inside
      NetworkInterfaces[0] with GroupSet), InstanceType, SourceDestCheck; EIPAssociation →
      public_ip "allocated" + public_ip_type elastic; AssociatePublicIpAddress true, or a subnet
      with MapPublicIpOnLaunch and no override → public_ip "allocated" (auto); else no public IP.
      The AMI parameter says nothing exact: os/role are in extras when not the defaults.
    network-interface: SubnetId, Description, PrivateIpAddress, GroupSet, SourceDestCheck;
      EIPAssociation → public_ip "allocated"; NetworkInterfaceAttachment → instance.
    auto-scaling-group: VPCZoneIdentifier → subnets, MinSize/MaxSize/DesiredCapacity (strings),
      TargetGroupARNs; its LaunchTemplate: InstanceType, SecurityGroupIds or
      NetworkInterfaces[0].Groups/AssociatePublicIpAddress → launch.
    load-balancer: ELBv2 Type, Scheme, Subnets, SecurityGroups (vpc = the subnets' VPC);
      `<Lb>Listener<n>`: Port, Protocol, DefaultActions[0] (forward → target_group, redirect →
      redirect_port from RedirectConfig.Port, fixed-response); ListenerRule: Priority,
      path-pattern / host-header value, Actions[0]. Classic: Listeners (LoadBalancerPort,
      InstancePort → instance_port, Protocol), Instances → instances. type "classic".
    target-group: VpcId, Protocol, Port, TargetType, Targets (Id, Port), HealthCheck* →
      health_check ("traffic-port" stays a string).
    cloudfront: Origins (Id; DomainName `GetAtt <Lb>.DNSName` / `<Instance>.PublicDnsName` →
      target, a literal → domain_name; S3OriginConfig → type s3; CustomOriginConfig ports and
      OriginProtocolPolicy; VpcOriginConfig → vpc_origin, its ports and policy on the helper
      `<Cdn>VpcOrigin<OriginId>` (AWS::CloudFront::VpcOrigin), DomainName then the ALB/NLB
      DNSName or the instance's PrivateDnsName), DefaultCacheBehavior TargetOriginId →
      default_origin and ViewerProtocolPolicy, IPV6Enabled → ipv6.
    hosted-zone: Name → zone_name, VPCs → private + vpcs, HostedZoneConfig.Comment →
      description; `<Zone>Records` RecordSets: Name, Type, TTL (string), ResourceRecords →
      values, AliasTarget (GetAtt DNSName/DomainName → alias.target; a literal DNSName with
      HostedZoneId `Fn::Sub "${<Zone>}"` → alias.record; EvaluateTargetHealth).
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable
from typing import Any

from vpcdesigner.model import FORMAT_VERSION, Design, Resource, derive
from vpcdesigner.model.files import atomic_write, to_data

from . import export_balancing as balancing
from . import export_compute as compute
from . import export_edge as edge
from . import export_hybrid as hybrid
from . import export_network as network
from . import export_security as security
from .export_context import CERTIFICATE, CLOUDFRONT_CERTIFICATE, KEY_NAME, RESERVED, Context, get_att, ref
from .export_yaml import template_yaml

METADATA_KEY = "VpcDesigner"
METADATA_FORMAT = "vpcdesigner-cloudformation"
METADATA_VERSION = 1

# Kinds with no CloudFormation resource type at all.
OFFLINE_KINDS = frozenset({"on-premises", "internet-client", "dns-resolver", "direct-connect",
                           "direct-connect-gateway"})
# Emission order: what others refer to (and depend on) comes first, which also reads well.
EMIT_ORDER = ("vpc", "subnet", "internet-gateway", "egress-only-internet-gateway", "vpn-gateway",
              "transit-gateway", "vpc-peering", "nat-gateway", "prefix-list", "security-group",
              "network-acl", "instance", "network-interface", "route-table", "vpc-endpoint",
              "target-group", "load-balancer", "auto-scaling-group", "customer-gateway", "vpn-connection",
              "cloudfront", "hosted-zone")


MAX_RESOURCES = 500  # CloudFormation's per-stack quotas
MAX_OUTPUTS = 200
MAX_BODY_INLINE = 51_200  # bytes, a template passed as --template-body
MAX_BODY_S3 = 1_000_000  # bytes, a template read from S3


class ExportError(Exception):
    """The template could not be written; the message names the file."""


def _has_own_resource(design: Design, resource: Resource, deployable: dict[str, Any]) -> str | None:
    """Why an object travels whole in Metadata instead of as a resource; None when it has a resource."""
    if resource.kind in OFFLINE_KINDS:
        return "no CloudFormation type"
    if resource.kind == "vpn-connection" and not (getattr(resource, "vpn_gateway", None)
                                                  or getattr(resource, "transit_gateway", None)):
        return "a VPN needs a virtual private gateway or a transit gateway"
    if resource.kind == "cloudfront" and not any(o.domain_name or o.target in deployable
                                                 for o in getattr(resource, "origins", ())):
        return "a distribution needs an origin"
    if resource.kind == "load-balancer":
        zones = {getattr(design.get(s), "availability_zone", s) for s in getattr(resource, "subnets", ())}
        if getattr(resource, "type", "") == "application" and len(zones) < 2:
            return "an application load balancer needs subnets in two Availability Zones"
        if not zones:
            return "a load balancer needs a subnet"
    if resource.kind == "auto-scaling-group" and not getattr(resource, "subnets", ()):
        return "an Auto Scaling group needs a subnet"
    return None


def _stack_region(design: Design) -> str:
    regions = sorted({v.region for v in design.of_kind("vpc")})
    return regions[0] if len(regions) == 1 else "us-east-1"


def _register(ctx: Context) -> None:
    """Give every design object its logical id and its way of being referred to, before emitting."""
    # CloudFront last: whether it has an origin depends on the load balancers before it.
    resources = sorted(ctx.design.resources.values(), key=lambda r: (r.kind == "cloudfront", r.id))
    for r in resources:
        why = _has_own_resource(ctx.design, r, ctx.refs)
        if why is not None:
            ctx.offline.add(r.id)
            if r.kind not in OFFLINE_KINDS:
                ctx.warnings.append(f"{r.kind} {r.display_name}: kept in Metadata only ({why})")
            continue
        ctx.refs[r.id] = ref(ctx.logical(r.id))
    for r in resources:
        if r.kind in ("network-acl", "security-group"):
            security.register_default(ctx, r)  # type: ignore[arg-type]


def _emit(ctx: Context) -> None:
    by_kind: dict[str, list[Any]] = {}
    for r in sorted(ctx.design.resources.values(), key=lambda r: r.id):
        if r.id not in ctx.offline or (r.kind == "prefix-list" and getattr(r, "managed", False)):
            by_kind.setdefault(r.kind, []).append(r)
    main_of_vpc = network.effective_main_tables(ctx)
    region = _stack_region(ctx.design)
    eni_index: dict[str, int] = {}
    simple: dict[str, Callable[[Context, Any], None]] = {
        "vpc": network.export_vpc, "subnet": network.export_subnet,
        "internet-gateway": network.export_internet_gateway,
        "egress-only-internet-gateway": network.export_egress_only_gateway,
        "vpn-gateway": hybrid.export_vpn_gateway, "transit-gateway": hybrid.export_transit_gateway,
        "vpc-peering": hybrid.export_vpc_peering, "nat-gateway": network.export_nat_gateway,
        "security-group": security.export_security_group, "network-acl": security.export_nacl,
        "instance": compute.export_instance, "vpc-endpoint": network.export_vpc_endpoint,
        "target-group": balancing.export_target_group, "load-balancer": balancing.export_load_balancer,
        "auto-scaling-group": compute.export_auto_scaling_group,
        "customer-gateway": hybrid.export_customer_gateway, "vpn-connection": hybrid.export_vpn_connection,
        "cloudfront": edge.export_cloudfront, "hosted-zone": edge.export_hosted_zone,
    }
    for kind in EMIT_ORDER:
        for r in by_kind.get(kind, []):
            if kind == "prefix-list":
                network.export_prefix_list(ctx, r, region)
            elif kind == "route-table":
                network.export_route_table(ctx, r, main_of_vpc)
            elif kind == "network-interface":
                index = 0
                if r.instance:
                    index = eni_index[r.instance] = eni_index.get(r.instance, 0) + 1
                compute.export_network_interface(ctx, r, index)
            else:
                simple[kind](ctx, r)
        if kind == "route-table":
            network.export_propagations(ctx)


def _referenced_names(node: Any, out: set[str]) -> set[str]:
    """Every name a Ref, GetAtt or ${...} in Sub points at."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                out.add(value)
            elif key == "Fn::GetAtt" and isinstance(value, list) and value:
                out.add(str(value[0]))
            elif key == "Fn::Sub" and isinstance(value, str):
                out.update(name.split(".")[0] for name in re.findall(r"\$\{([^}!]+)\}", value))
            _referenced_names(value, out)
    elif isinstance(node, list):
        for item in node:
            _referenced_names(item, out)
    return out


def _prune_parameters(ctx: Context) -> None:
    """Drop parameters nothing uses (a managed prefix list only named in Metadata, say)."""
    used = _referenced_names([ctx.resources, ctx.conditions], set())
    for name in [p for p in ctx.parameters if p not in used]:
        del ctx.parameters[name]


def _metadata(ctx: Context) -> dict[str, Any]:
    design = ctx.design
    data = to_data(design)
    offline = [item for item in data["resources"] if item["id"] in ctx.offline]
    declared = set(ctx.resources) | set(ctx.parameters)
    logical_ids = {rid: lid for rid, lid in sorted(ctx.ids.of_design.items()) if lid in declared}
    return {
        "format": METADATA_FORMAT,
        "format_version": METADATA_VERSION,
        "design": {"name": design.name, "description": design.description, "format_version": FORMAT_VERSION},
        "logical_ids": logical_ids,
        "extras": {rid: dict(sorted(fields.items())) for rid, fields in sorted(ctx.extras.items())},
        "defaults": {rid: sorted(fields) for rid, fields in sorted(ctx.defaults.items())},
        "offline": offline,
        "layout": data.get("layout", {}),
        "notes": data.get("notes", []),
        "scenarios": data.get("scenarios", []),
    }


def _interface(ctx: Context) -> dict[str, Any]:
    """Console grouping of the parameters (AWS::CloudFormation::Interface)."""
    groups = []
    instances = [p for p in (KEY_NAME, *RESERVED[1:4]) if p in ctx.parameters]
    certificates = [p for p in (CERTIFICATE, CLOUDFRONT_CERTIFICATE) if p in ctx.parameters]
    others = [p for p in ctx.parameters if p not in RESERVED]
    for label, names in (("Instances", instances), ("Certificates", certificates),
                         ("Prefix lists and customer gateways", others)):
        if names:
            groups.append({"Label": {"default": label}, "Parameters": names})
    return {"ParameterGroups": groups}


def _outputs(ctx: Context) -> dict[str, Any]:
    """Ids and DNS names a user looks for after deploying."""
    out: dict[str, Any] = {}
    for r in sorted(ctx.design.resources.values(), key=lambda r: r.id):
        lid = ctx.ids.of_design.get(r.id)
        if lid not in ctx.resources:
            continue
        if r.kind == "vpc":
            out[f"{lid}Id"] = {"Description": f"Id of VPC {r.display_name}", "Value": ref(lid)}
        elif r.kind == "load-balancer":
            out[f"{lid}DnsName"] = {"Description": f"DNS name of {r.display_name}", "Value": get_att(lid, "DNSName")}
        elif r.kind == "cloudfront":
            out[f"{lid}DomainName"] = {"Description": f"Domain name of {r.display_name}",
                                       "Value": get_att(lid, "DomainName")}
        if len(out) >= MAX_OUTPUTS:
            break
    return out


def export_template(design: Design) -> dict[str, Any]:
    """The CloudFormation template (plain dicts and lists, long-form intrinsics) for `design`."""
    return build_template(design)[0]


def build_template(design: Design) -> tuple[dict[str, Any], list[str]]:
    """The template and the warnings a user should read before deploying it."""
    ctx = Context(design, derive(design))
    _register(ctx)
    _emit(ctx)
    for r in ctx.design.resources.values():
        if r.id not in ctx.offline:
            ctx.keep_uncarried(r)
    _prune_parameters(ctx)
    if not ctx.resources:  # a template needs one resource; this one does nothing
        ctx.add(ctx.ids.claim("Placeholder"), "AWS::CloudFormation::WaitConditionHandle", {})
    text = f"{design.name} (exported by VPC Designer)"
    if design.description:
        text += f": {design.description}"
    if len(text.encode("utf-8")) > 1024:
        text = text.encode("utf-8")[:1020].decode("utf-8", "ignore") + "..."
    metadata: dict[str, Any] = {METADATA_KEY: _metadata(ctx)}
    if ctx.parameters:
        metadata["AWS::CloudFormation::Interface"] = _interface(ctx)
    template: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09", "Description": text}
    if ctx.parameters:
        order = [p for p in RESERVED if p in ctx.parameters] + sorted(p for p in ctx.parameters if p not in RESERVED)
        template["Parameters"] = {p: ctx.parameters[p] for p in order}
    if ctx.conditions:
        template["Conditions"] = ctx.conditions
    template["Resources"] = ctx.resources
    outputs = _outputs(ctx)
    if outputs:
        template["Outputs"] = outputs
    template["Metadata"] = metadata  # last: people read parameters and resources first
    regions = sorted({getattr(r, "region", "") for r in design.of_kind("vpc", "transit-gateway")} - {""})
    if len(regions) > 1:
        ctx.warnings.append(f"the design spans regions {', '.join(regions)}; a stack is deployed in one region, "
                            "so deploy one copy per region or split the design")
    if len(ctx.resources) > MAX_RESOURCES:
        ctx.warnings.append(f"the template has {len(ctx.resources)} resources; CloudFormation accepts at most "
                            f"{MAX_RESOURCES} per stack (split the design, or deploy it in parts)")
    # the builders share intrinsic dicts; callers get a plain tree
    return copy.deepcopy(template), list(ctx.warnings)


def dump_template(design: Design, path: str | os.PathLike[str]) -> list[str]:
    """Write the template of `design` to `path` as YAML (a failure leaves any old file intact).

    Returns the warnings to show the user (placeholders to replace, quotas exceeded).
    """
    template, warnings = build_template(design)
    text = template_yaml(template)
    size = len(text.encode("utf-8"))
    if size > MAX_BODY_S3:
        warnings.append(f"the template is {size:,} bytes; CloudFormation refuses templates over {MAX_BODY_S3:,}")
    elif size > MAX_BODY_INLINE:
        warnings.append(f"the template is {size:,} bytes: deploy it through S3 (aws cloudformation deploy "
                        f"--s3-bucket ...), the inline limit is {MAX_BODY_INLINE:,}")
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise ExportError(f"{os.fspath(path)}: cannot write the template: {exc.strerror or exc}") from None
    return warnings
