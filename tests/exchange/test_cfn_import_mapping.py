"""How each CloudFormation resource family lands in the model, on one small template that uses them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from vpcdesigner.exchange.cloudformation.importer import import_templates
from vpcdesigner.exchange.report import ImportResult
from vpcdesigner.model import ALLOCATED
from vpcdesigner.model.files import check_references
from vpcdesigner.sim import trace

TEMPLATE = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  OfficeIp: {Type: String, Default: 198.51.100.7}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.20.0.0/16, EnableDnsHostnames: true, Tags: [{Key: Name, Value: main}]}
  Secondary:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, CidrBlock: 100.64.0.0/16}
  Ipv6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
  Public:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.20.0.0/24
      AvailabilityZone: !Select [0, !GetAZs '']
      MapPublicIpOnLaunch: true
  Private:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.20.1.0/24, AvailabilityZone: !Select [1, !GetAZs '']}
  Igw: {Type: AWS::EC2::InternetGateway}
  IgwAttach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}
  Vgw:
    Type: AWS::EC2::VPNGateway
    Properties: {Type: ipsec.1, AmazonSideAsn: 64600}
  VgwAttach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, VpnGatewayId: !Ref Vgw}
  Office:
    Type: AWS::EC2::CustomerGateway
    Properties: {Type: ipsec.1, BgpAsn: 65010, IpAddress: !Ref OfficeIp}
  OfficeVpn:
    Type: AWS::EC2::VPNConnection
    Properties: {Type: ipsec.1, CustomerGatewayId: !Ref Office, VpnGatewayId: !Ref Vgw, StaticRoutesOnly: true}
  OfficeRoute:
    Type: AWS::EC2::VPNConnectionRoute
    Properties: {VpnConnectionId: !Ref OfficeVpn, DestinationCidrBlock: 192.168.0.0/16}
  PublicRt:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  PublicDefault:
    Type: AWS::EC2::Route
    DependsOn: IgwAttach
    Properties: {RouteTableId: !Ref PublicRt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  PublicAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {RouteTableId: !Ref PublicRt, SubnetId: !Ref Public}
  PrivateRt:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  PrivateAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {RouteTableId: !Ref PrivateRt, SubnetId: !Ref Private}
  Propagation:
    Type: AWS::EC2::VPNGatewayRoutePropagation
    DependsOn: VgwAttach
    Properties: {RouteTableIds: [!Ref PrivateRt], VpnGatewayId: !Ref Vgw}
  NatEip:
    Type: AWS::EC2::EIP
    Properties: {Domain: vpc}
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {SubnetId: !Ref Public, AllocationId: !GetAtt NatEip.AllocationId}
  PrivateDefault:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref PrivateRt, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat}
  PrivateNacl:
    Type: AWS::EC2::NetworkAcl
    Properties: {VpcId: !Ref Vpc}
  NaclSsh:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref PrivateNacl
      RuleNumber: 100
      Protocol: 6
      RuleAction: allow
      CidrBlock: 192.168.0.0/16
      PortRange: {From: 22, To: 22}
  NaclPing:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref PrivateNacl
      RuleNumber: 110
      Protocol: 1
      RuleAction: deny
      CidrBlock: 0.0.0.0/0
      Icmp: {Type: 8, Code: -1}
  NaclOut:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref PrivateNacl, RuleNumber: 100, Protocol: -1, Egress: true, CidrBlock: 0.0.0.0/0}
  NaclAssoc:
    Type: AWS::EC2::SubnetNetworkAclAssociation
    Properties: {SubnetId: !Ref Private, NetworkAclId: !Ref PrivateNacl}
  WebSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
  AppSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 192.168.0.0/16, Description: from the office}
      SecurityGroupEgress:
        - {IpProtocol: '-1', CidrIp: 0.0.0.0/0}
  AppFromWeb:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !GetAtt AppSg.GroupId, IpProtocol: tcp, FromPort: 8080, ToPort: 8080,
                 SourceSecurityGroupId: !Ref WebSg}
  App:
    Type: AWS::EC2::Instance
    Properties: {SubnetId: !Ref Private, SecurityGroupIds: [!Ref AppSg], InstanceType: t3.small,
                 PrivateIpAddress: 10.20.1.10}
  Bastion:
    Type: AWS::EC2::Instance
    Properties:
      NetworkInterfaces:
        - {DeviceIndex: '0', SubnetId: !Ref Public, GroupSet: [!Ref WebSg], AssociatePublicIpAddress: false}
  BastionEip: {Type: AWS::EC2::EIP}
  BastionEipAssoc:
    Type: AWS::EC2::EIPAssociation
    Properties: {AllocationId: !GetAtt BastionEip.AllocationId, InstanceId: !Ref Bastion}
  AppTg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {VpcId: !Ref Vpc, Port: 8080, Protocol: HTTP, Targets: [{Id: !Ref App}], HealthCheckPath: /health}
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Subnets: [!Ref Public, !Ref Private], SecurityGroups: [!Ref WebSg]}
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      DefaultActions: [{Type: forward, TargetGroupArn: !Ref AppTg}]
  ApiRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Https
      Priority: 10
      Conditions: [{Field: path-pattern, PathPatternConfig: {Values: [/api/*]}}]
      Actions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: '404'}}]
  Classic:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      Subnets: [!Ref Public]
      Listeners: [{LoadBalancerPort: '80', InstancePort: '8080', Protocol: HTTP}]
      Instances: [!Ref App]
  Other:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.30.0.0/16}
  Peering:
    Type: AWS::EC2::VPCPeeringConnection
    Properties: {VpcId: !Ref Vpc, PeerVpcId: !Ref Other}
  Tgw:
    Type: AWS::EC2::TransitGateway
    Properties: {AmazonSideAsn: 64700, DefaultRouteTableAssociation: disable, DefaultRouteTablePropagation: disable}
  TgwAttach:
    Type: AWS::EC2::TransitGatewayVpcAttachment
    Properties: {TransitGatewayId: !Ref Tgw, VpcId: !Ref Vpc, SubnetIds: [!Ref Private]}
  TgwTable:
    Type: AWS::EC2::TransitGatewayRouteTable
    Properties: {TransitGatewayId: !Ref Tgw}
  TgwAssoc:
    Type: AWS::EC2::TransitGatewayRouteTableAssociation
    Properties: {TransitGatewayAttachmentId: !Ref TgwAttach, TransitGatewayRouteTableId: !Ref TgwTable}
  TgwBlackhole:
    Type: AWS::EC2::TransitGatewayRoute
    Properties: {TransitGatewayRouteTableId: !Ref TgwTable, DestinationCidrBlock: 10.99.0.0/16, Blackhole: true}
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: alb
            DomainName: !GetAtt Alb.DNSName
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
        DefaultCacheBehavior: {TargetOriginId: alb, ViewerProtocolPolicy: redirect-to-https}
  Zone:
    Type: AWS::Route53::HostedZone
    Properties: {Name: shop.example.}
  Www:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneId: !Ref Zone
      Name: www.shop.example.
      Type: A
      AliasTarget: {DNSName: !GetAtt Cdn.DomainName, HostedZoneId: Z2FDTNDATAQYW2}
  Api:
    Type: AWS::Route53::RecordSetGroup
    Properties:
      HostedZoneName: shop.example.
      RecordSets:
        - {Name: api.shop.example, Type: A, AliasTarget: {DNSName: !GetAtt Alb.DNSName,
           HostedZoneId: !GetAtt Alb.CanonicalHostedZoneID}}
        - {Name: mail.shop.example, Type: MX, TTL: '600', ResourceRecords: ['10 mx.shop.example']}
  Logs: {Type: AWS::Logs::LogGroup}
  Mystery: {Type: AWS::Made::Up}
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ImportResult:
    path = tmp_path_factory.mktemp("cfn") / "shop.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    return import_templates([str(path)], {})


def test_the_design_is_whole(result: ImportResult) -> None:
    check_references(result.design)
    assert not result.errors, [str(i) for i in result.errors]
    assert result.design.name == "shop"


def test_vpc_blocks_and_subnets(result: ImportResult) -> None:
    vpc = result.design.resources["Vpc"]
    assert (vpc.cidr, vpc.secondary_cidrs, vpc.ipv6_cidr) == ("10.20.0.0/16", ("100.64.0.0/16",), ALLOCATED)
    assert vpc.enable_dns_hostnames and vpc.region == "us-east-1"
    assert vpc.name == "Vpc" and vpc.tags == {"Name": "main"}
    public, private = result.design.resources["Public"], result.design.resources["Private"]
    assert (public.availability_zone, private.availability_zone) == ("us-east-1a", "us-east-1b")
    assert public.map_public_ip_on_launch and not private.map_public_ip_on_launch
    assert result.design.resources["Igw"].vpc == "Vpc" and result.design.resources["Vgw"].vpc == "Vpc"


def test_routes_associations_and_propagation(result: ImportResult) -> None:
    public_rt, private_rt = result.design.resources["PublicRt"], result.design.resources["PrivateRt"]
    assert public_rt.subnets == ("Public",) and [(r.destination, r.target) for r in public_rt.routes] == [
        ("0.0.0.0/0", "Igw")
    ]
    assert [(r.destination, r.target) for r in private_rt.routes] == [("0.0.0.0/0", "Nat")]
    assert private_rt.propagating_gateways == ("Vgw",)
    assert result.design.resources["Nat"].elastic_ip == ALLOCATED
    assert not any(r.kind == "route-table" and r.main for r in result.design.resources.values())  # main stays implicit


def test_nacl_entries_keep_ports_icmp_and_direction(result: ImportResult) -> None:
    nacl = result.design.resources["PrivateNacl"]
    assert nacl.subnets == ("Private",)
    ssh, ping = nacl.inbound
    assert (ssh.number, ssh.protocol, ssh.port_from, ssh.port_to, ssh.cidr) == (100, "tcp", 22, 22, "192.168.0.0/16")
    assert (ping.action, ping.protocol, ping.icmp_type, ping.icmp_code) == ("deny", "icmp", 8, -1)
    assert [(r.number, r.protocol) for r in nacl.outbound] == [(100, "all")]


def test_security_groups_inline_then_separate_rules(result: ImportResult) -> None:
    app, web = result.design.resources["AppSg"], result.design.resources["WebSg"]
    assert [(r.port_from, r.cidr, r.security_group) for r in app.inbound] == [
        (22, "192.168.0.0/16", None),
        (8080, None, "WebSg"),
    ]
    assert app.inbound[0].description == "from the office"
    assert [r.cidr for r in web.outbound] == ["0.0.0.0/0"]  # no SecurityGroupEgress: AWS's allow-all
    assert (app.description, web.description) == ("app", "web")


def test_instances_public_addresses(result: ImportResult) -> None:
    app, bastion = result.design.resources["App"], result.design.resources["Bastion"]
    assert (app.subnet, app.private_ip, app.security_groups, app.instance_type) == (
        "Private",
        "10.20.1.10",
        ("AppSg",),
        "t3.small",
    )
    assert app.public_ip is None
    assert (bastion.public_ip, bastion.public_ip_type, bastion.security_groups) == (ALLOCATED, "elastic", ("WebSg",))


def test_load_balancers_listeners_and_rules(result: ImportResult) -> None:
    alb = result.design.resources["Alb"]
    assert (alb.type, alb.scheme, alb.vpc, alb.subnets) == (
        "application",
        "internet-facing",
        "Vpc",
        ("Public", "Private"),
    )
    (https,) = alb.listeners
    assert (https.protocol, https.port, https.target_group) == ("HTTPS", 443, "AppTg")
    assert [(r.priority, r.path_pattern, r.action) for r in https.rules] == [(10, "/api/*", "fixed-response")]
    tg = result.design.resources["AppTg"]
    assert (tg.port, tg.health_check.path, [t.target for t in tg.targets]) == (8080, "/health", ["App"])
    classic = result.design.resources["Classic"]
    assert (classic.type, classic.instances, classic.listeners[0].instance_port) == ("classic", ("App",), 8080)


def test_customer_gateway_gets_the_network_of_its_static_routes(result: ImportResult) -> None:
    cgw = result.design.resources["Office"]
    assert (cgw.ip, cgw.bgp_asn, cgw.on_premises) == ("198.51.100.7", 65010, "Office-network")
    assert result.design.resources["Office-network"].cidrs == ("192.168.0.0/16",)
    vpn = result.design.resources["OfficeVpn"]
    assert (vpn.routing, vpn.static_routes, vpn.vpn_gateway) == ("static", ("192.168.0.0/16",), "Vgw")
    # an address there is a host on premises: SSH over the VPN works, HTTP does not (SG)
    assert trace(result.design, "192.168.4.20", "App", protocol="tcp", port=22).reachable is True
    assert trace(result.design, "192.168.4.20", "App", protocol="tcp", port=80).reachable is False


def test_peering_and_transit_gateway_parts(result: ImportResult) -> None:
    peering = result.design.resources["Peering"]
    assert (peering.requester_vpc, peering.accepter_vpc) == ("Vpc", "Other")
    tgw = result.design.resources["Tgw"]
    assert tgw.amazon_asn == 64700 and [a.id for a in tgw.attachments] == ["TgwAttach"]
    (table,) = tgw.route_tables  # default association/propagation disabled: no default table
    assert table.associations == ("TgwAttach",)
    assert [(r.destination, r.blackhole) for r in table.routes] == [("10.99.0.0/16", True)]


def test_edge_cloudfront_and_route53(result: ImportResult) -> None:
    cdn = result.design.resources["Cdn"]
    assert cdn.origins[0].target == "Alb" and cdn.default_origin == "alb"
    assert cdn.viewer_protocol_policy == "redirect-to-https" and cdn.ipv6 is False
    zone = result.design.resources["Zone"]
    assert zone.zone_name == "shop.example"
    records = {(r.name, r.type): r for r in zone.records}
    assert records[("www.shop.example", "A")].alias.target == "Cdn"
    assert records[("api.shop.example", "A")].alias.target == "Alb"
    assert (
        records[("mail.shop.example", "MX")].values == ("10 mx.shop.example",)
        and records[("mail.shop.example", "MX")].ttl == 600
    )


def test_everything_else_is_reported(result: ImportResult) -> None:
    by_resource = {i.where.rsplit("resource ", 1)[-1]: i for i in result.report if "resource " in i.where}
    assert "no network meaning" in by_resource["Logs"].message
    assert by_resource["Mystery"].severity == "warning" and "unsupported" in by_resource["Mystery"].message
    assert any("IPv6" in i.message and "placeholder" in i.message for i in result.report)


def test_the_layout_places_every_drawn_object(result: ImportResult) -> None:
    hidden = {"route-table", "network-acl", "security-group", "prefix-list", "vpn-connection"}
    drawn = {rid for rid, r in result.design.resources.items() if r.kind not in hidden}
    assert drawn <= set(result.design.layout)
    assert all(p.x == int(p.x) and p.y == int(p.y) for p in result.design.layout.values())


def test_same_logical_id_in_two_stacks_is_qualified(tmp_path: Path) -> None:
    body = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: CIDR}\n"
    (tmp_path / "a.yaml").write_text(body.replace("CIDR", "10.1.0.0/16"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(body.replace("CIDR", "10.2.0.0/16"), encoding="utf-8")
    design = import_templates([str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml@Blue")], {}).design
    assert {rid: r.cidr for rid, r in design.resources.items()} == {"a.Vpc": "10.1.0.0/16", "Blue.Vpc": "10.2.0.0/16"}
    assert design.resources["Blue.Vpc"].name == "Blue.Vpc"


def test_ids_the_model_refuses_are_sanitised_and_reported(tmp_path: Path) -> None:
    body = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: CIDR}\n"
    (tmp_path / "my stack.yaml").write_text(body.replace("CIDR", "10.1.0.0/16"), encoding="utf-8")
    (tmp_path / "other.yaml").write_text(body.replace("CIDR", "10.2.0.0/16"), encoding="utf-8")
    result = import_templates([str(tmp_path / "my stack.yaml"), str(tmp_path / "other.yaml")], {})
    assert sorted(result.design.resources) == ["my-stack.Vpc", "other.Vpc"]
    assert result.design.resources["my-stack.Vpc"].name == "my stack.Vpc"
    assert any("'my stack.Vpc'" in i.message and "'my-stack.Vpc'" in i.message for i in result.report)


def test_entries_added_to_the_default_nacl_make_it_explicit(tmp_path: Path) -> None:
    text = (
        "Resources:\n  Net:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"
        "  Sub:\n    Type: AWS::EC2::Subnet\n"
        "    Properties: {VpcId: !Ref Net, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a}\n"
        "  Other:\n    Type: AWS::EC2::Subnet\n"
        "    Properties: {VpcId: !Ref Net, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1a}\n"
        "  Block:\n    Type: AWS::EC2::NetworkAclEntry\n"
        "    Properties: {NetworkAclId: !GetAtt Net.DefaultNetworkAcl, RuleNumber: 5, Protocol: 6,\n"
        "                 PortRange: {From: 22, To: 22}, RuleAction: deny, CidrBlock: 10.0.0.0/16}\n"
    )
    (tmp_path / "dn.yaml").write_text(text, encoding="utf-8")
    design = import_templates([str(tmp_path / "dn.yaml")], {}).design
    nacl = design.resources["Net-default-nacl"]
    assert nacl.default and [(r.number, r.action) for r in nacl.inbound] == [(100, "allow"), (5, "deny")]
    # NACLs act between subnets: SSH into the other subnet is denied by rule 5, HTTP passes rule 100
    assert trace(design, "10.0.1.20", "10.0.2.30", protocol="tcp", port=22).reachable is False
    assert trace(design, "10.0.1.20", "10.0.2.30", protocol="tcp", port=80).reachable is True


def test_rules_added_to_the_default_security_group_make_it_explicit(tmp_path: Path) -> None:
    text = (
        "Resources:\n  Net:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"
        "  Sub:\n    Type: AWS::EC2::Subnet\n"
        "    Properties: {VpcId: !Ref Net, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a}\n"
        "  Host:\n    Type: AWS::EC2::Instance\n    Properties: {SubnetId: !Ref Sub}\n"
        "  Web:\n    Type: AWS::EC2::SecurityGroupIngress\n"
        "    Properties: {GroupId: !GetAtt Net.DefaultSecurityGroup, IpProtocol: tcp, FromPort: 80, ToPort: 80,\n"
        "                 CidrIp: 10.0.0.0/8}\n"
    )
    (tmp_path / "ds.yaml").write_text(text, encoding="utf-8")
    design = import_templates([str(tmp_path / "ds.yaml")], {}).design
    sg = design.resources["Net-default-sg"]
    assert sg.default and [(r.security_group, r.port_from) for r in sg.inbound] == [
        ("Net-default-sg", None),
        (None, 80),
    ]
    assert design.resources["Host"].security_groups == ()  # the VPC default, now explicit
    assert trace(design, "10.0.1.99", "Host", protocol="tcp", port=80).reachable is True
    assert trace(design, "10.0.1.99", "Host", protocol="tcp", port=22).reachable is False
