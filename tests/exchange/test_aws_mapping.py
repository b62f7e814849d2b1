"""Field-by-field mapping of describe-* output to the model, on small hand-made snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_aws_builder import PRIV, PUB, VPC, base_files, tags, write

from vpcdesigner.exchange.aws import import_snapshot
from vpcdesigner.exchange.report import ImportResult
from vpcdesigner.model import derive
from vpcdesigner.model.files import check_references


def run(tmp_path: Path, extra: dict[str, Any], region: str = "eu-west-1") -> ImportResult:
    files = base_files(region)
    for name, data in extra.items():
        if name in files:
            key = next(iter(data))
            files[name][key] = files[name][key] + data[key]
        else:
            files[name] = data
    result = import_snapshot(write(tmp_path / "aws_configs" / region, files))
    check_references(result.design)
    return result


def messages(result: ImportResult) -> str:
    return "\n".join(str(i) for i in result.report)


def test_vpc_and_subnets(tmp_path: Path) -> None:
    result = run(tmp_path, {})
    vpc = result.design.resources[VPC]
    assert (vpc.name, vpc.region, vpc.cidr) == ("shop", "eu-west-1", "10.0.0.0/16")
    assert vpc.secondary_cidrs == ("100.64.0.0/16",)  # the disassociated block is left out
    assert vpc.ipv6_cidr == "2600:1f18:1::/56"
    pub, priv = result.design.resources[PUB], result.design.resources[PRIV]
    assert (pub.name, pub.availability_zone, pub.map_public_ip_on_launch, pub.ipv6_cidr) == (
        "public-a", "eu-west-1a", True, "2600:1f18:1:1::/64")
    assert priv.name == PRIV and not priv.map_public_ip_on_launch  # no Name tag: the id
    d = derive(result.design)
    assert d.route_table_of[PUB].id == "rtb-pub" and d.route_table_of[PRIV].id == "rtb-main"
    assert result.design.resources["rtb-pub"].routes[0].target == "igw-1"
    assert result.design.resources["rtb-main"].routes == ()  # the local route is implicit


def test_every_route_target_kind(tmp_path: Path) -> None:
    routes = [
        {"DestinationCidrBlock": "10.1.0.0/16", "VpcPeeringConnectionId": "pcx-1", "State": "active"},
        {"DestinationCidrBlock": "10.2.0.0/16", "TransitGatewayId": "tgw-1", "State": "active"},
        {"DestinationCidrBlock": "10.3.0.0/16", "NatGatewayId": "nat-1", "State": "active"},
        {"DestinationCidrBlock": "10.4.0.0/16", "InstanceId": "i-1", "NetworkInterfaceId": "eni-prim",
         "State": "active"},
        {"DestinationCidrBlock": "10.5.0.0/16", "NetworkInterfaceId": "eni-free", "State": "active"},
        {"DestinationCidrBlock": "10.6.0.0/16", "GatewayId": "vgw-1", "State": "active"},
        {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1", "State": "active"},
        {"DestinationPrefixListId": "pl-s3", "GatewayId": "vpce-s3", "State": "active"},
        {"DestinationCidrBlock": "10.7.0.0/16", "NatGatewayId": "nat-gone", "State": "blackhole"},
        {"DestinationCidrBlock": "10.8.0.0/16", "GatewayId": "igw-unknown", "State": "active"},
        {"DestinationCidrBlock": "10.9.0.0/16", "LocalGatewayId": "lgw-1", "State": "active"},
        {"DestinationCidrBlock": "10.10.0.0/16", "NetworkInterfaceId": "eni-of-nat", "State": "active"},
    ]
    extra = {
        "RouteTables.json": {"RouteTables": [{"RouteTableId": "rtb-x", "VpcId": VPC, "Associations": [
            {"Main": False, "SubnetId": PRIV}], "Routes": routes, "PropagatingVgws": [{"GatewayId": "vgw-1"}]}]},
        "Vpcs.json": {"Vpcs": [{"VpcId": "vpc-peer", "CidrBlock": "10.1.0.0/16"}]},
        "VpcPeeringConnections.json": {"VpcPeeringConnections": [{
            "VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "active"},
            "RequesterVpcInfo": {"VpcId": VPC}, "AccepterVpcInfo": {"VpcId": "vpc-peer"}}]},
        "TransitGateways.json": {"TransitGateways": [{"TransitGatewayId": "tgw-1", "State": "available"}]},
        "NatGateways.json": {"NatGateways": [{"NatGatewayId": "nat-1", "SubnetId": PUB, "State": "available",
                                              "NatGatewayAddresses": [{"PrivateIp": "10.0.1.9",
                                                                       "NetworkInterfaceId": "eni-of-nat",
                                                                       "PublicIp": "52.1.2.3"}]}]},
        "Reservations.json": {"Reservations": [{"Instances": [{
            "InstanceId": "i-1", "SubnetId": PUB, "PrivateIpAddress": "10.0.1.20", "SourceDestCheck": False,
            "State": {"Name": "running"}, "NetworkInterfaces": [
                {"NetworkInterfaceId": "eni-prim", "Attachment": {"DeviceIndex": 0}}]}]}]},
        "NetworkInterfaces.json": {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-free", "SubnetId": PRIV,
                                                          "PrivateIpAddress": "10.0.2.30", "Groups": []}]},
        "VpnGateways.json": {"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available",
                                              "VpcAttachments": [{"State": "attached", "VpcId": VPC}]}]},
        "EgressOnlyInternetGateways.json": {"EgressOnlyInternetGateways": [{
            "EgressOnlyInternetGatewayId": "eigw-1", "Attachments": [{"State": "attached", "VpcId": VPC}]}]},
        "PrefixLists.json": {"PrefixLists": [{"PrefixListId": "pl-s3", "PrefixListName": "com.amazonaws.eu-west-1.s3",
                                              "Cidrs": ["52.218.0.0/17"]}]},
        "VpcEndpoints.json": {"VpcEndpoints": [
            {"VpcEndpointId": "vpce-s3", "VpcId": VPC, "VpcEndpointType": "Gateway",
             "ServiceName": "com.amazonaws.eu-west-1.s3", "RouteTableIds": ["rtb-x", "rtb-missing"]},
            {"VpcEndpointId": "vpce-ssm", "VpcId": VPC, "VpcEndpointType": "Interface",
             "ServiceName": "com.amazonaws.eu-west-1.ssm"}]},
    }
    result = run(tmp_path, extra)
    table = result.design.resources["rtb-x"]
    got = {(r.destination or r.destination_prefix_list): (r.target, r.state) for r in table.routes}
    assert got == {
        "10.1.0.0/16": ("pcx-1", "active"), "10.2.0.0/16": ("tgw-1", "active"), "10.3.0.0/16": ("nat-1", "active"),
        "10.4.0.0/16": ("i-1", "active"), "10.5.0.0/16": ("eni-free", "active"), "10.6.0.0/16": ("vgw-1", "active"),
        "::/0": ("eigw-1", "active"), "pl-s3": ("vpce-s3", "active"),
        "10.7.0.0/16": (None, "blackhole"), "10.8.0.0/16": (None, "blackhole"),
        "10.10.0.0/16": ("nat-1", "active"),  # a route to the NAT gateway's interface
    }
    assert table.propagating_gateways == ("vgw-1",) and table.subnets == (PRIV,)
    text = messages(result)
    assert "igw-unknown is not in the snapshot" in text and "LocalGatewayId targets are not modelled" in text
    assert "Interface endpoint vpce-ssm" in text and "vpce-s3: route-table rtb-missing is not in the snapshot" in text
    endpoint = result.design.resources["vpce-s3"]
    assert (endpoint.service, endpoint.prefix_list, endpoint.route_tables) == ("s3", "pl-s3", ("rtb-x",))
    nat = result.design.resources["nat-1"]
    assert (nat.private_ip, nat.elastic_ip) == ("10.0.1.9", "52.1.2.3")
    assert result.design.resources["i-1"].source_dest_check is False


def test_network_acl_rules(tmp_path: Path) -> None:
    entries = [
        {"RuleNumber": 32767, "Egress": False, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 200, "Egress": False, "Protocol": "6", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0",
         "PortRange": {"From": 1024, "To": 65535}},
        {"RuleNumber": 100, "Egress": False, "Protocol": "17", "RuleAction": "deny", "CidrBlock": "10.9.0.0/16",
         "PortRange": {"From": 53, "To": 53}},
        {"RuleNumber": 110, "Egress": False, "Protocol": "1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0",
         "IcmpTypeCode": {"Type": 8, "Code": -1}},
        {"RuleNumber": 120, "Egress": False, "Protocol": "58", "RuleAction": "allow", "Ipv6CidrBlock": "::/0",
         "IcmpTypeCode": {"Type": -1, "Code": -1}},
        {"RuleNumber": 130, "Egress": False, "Protocol": "50", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 100, "Egress": True, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 40000, "Egress": True, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"},
    ]
    result = run(tmp_path, {"NetworkAcls.json": {"NetworkAcls": [{
        "NetworkAclId": "acl-1", "VpcId": VPC, "IsDefault": False, "Entries": entries,
        "Associations": [{"SubnetId": PUB}, {"SubnetId": "subnet-elsewhere"}]}]}})
    acl = result.design.resources["acl-1"]
    assert acl.subnets == (PUB,)
    rows = [(r.number, r.action, r.protocol, r.cidr, r.port_from, r.port_to, r.icmp_type, r.icmp_code)
            for r in acl.inbound]
    assert rows == [
        (100, "deny", "udp", "10.9.0.0/16", 53, 53, None, None),
        (110, "allow", "icmp", "0.0.0.0/0", None, None, 8, -1),
        (120, "allow", "icmpv6", "::/0", None, None, -1, -1),
        (130, "allow", "50", "0.0.0.0/0", None, None, None, None),
        (200, "allow", "tcp", "0.0.0.0/0", 1024, 65535, None, None),
    ]
    assert [(r.number, r.protocol) for r in acl.outbound] == [(100, "all")]
    text = messages(result)
    assert "40000" in text and "subnet-elsewhere" in text
    assert derive(result.design).nacl_of[PUB].id == "acl-1"


def test_security_group_rules(tmp_path: Path) -> None:
    perms = [
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0",
                                                                          "Description": "web"}],
         "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "PrefixListIds": [{"PrefixListId": "pl-cf"}],
         "UserIdGroupPairs": [{"GroupId": "sg-lb"}, {"GroupId": "sg-other-account", "UserId": "999"}]},
        {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
        {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-web"}]},
        {"IpProtocol": "50", "IpRanges": [{"CidrIp": "192.0.2.0/24"}]},
    ]
    groups = [
        {"GroupId": "sg-web", "GroupName": "web", "VpcId": VPC, "IpPermissions": perms,
         "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
        {"GroupId": "sg-lb", "GroupName": "default", "VpcId": VPC, "Tags": tags("lb"), "IpPermissions": [],
         "IpPermissionsEgress": []},
        {"GroupId": "sg-classic", "GroupName": "classic"},
    ]
    result = run(tmp_path, {"SecurityGroups.json": {"SecurityGroups": groups},
                            "PrefixLists.json": {"PrefixLists": [{"PrefixListId": "pl-cf", "Cidrs": ["1.2.3.0/24"],
                                                 "PrefixListName": "com.amazonaws.global.cloudfront.origin-facing"}]}})
    web = result.design.resources["sg-web"]
    assert web.name == "web" and web.group_name == "web" and not web.default
    assert [(r.protocol, r.port_from, r.icmp_type, r.icmp_code, r.peer) for r in web.inbound] == [
        ("tcp", 443, None, None, "0.0.0.0/0"), ("tcp", 443, None, None, "::/0"), ("tcp", 443, None, None, "pl-cf"),
        ("tcp", 443, None, None, "sg-lb"), ("icmp", None, 8, None, "10.0.0.0/8"), ("all", None, None, None, "sg-web"),
        ("50", None, None, None, "192.0.2.0/24"),
    ]
    assert web.inbound[0].description == "web"
    assert [r.cidr for r in web.outbound] == ["0.0.0.0/0"]
    lb = result.design.resources["sg-lb"]
    assert lb.name == "lb" and lb.default and lb.outbound == ()
    text = messages(result)
    assert "sg-other-account" in text and "sg-classic" in text


def test_instances_interfaces_and_addresses(tmp_path: Path) -> None:
    instances = [
        {"InstanceId": "i-web", "SubnetId": PUB, "PrivateIpAddress": "10.0.1.10", "PublicIpAddress": "54.1.1.1",
         "Platform": "windows", "InstanceType": "m5.large", "State": {"Name": "running"}, "Tags": tags("web-1"),
         "SecurityGroups": [{"GroupId": "sg-1"}, {"GroupId": "sg-missing"}],
         "NetworkInterfaces": [
             {"NetworkInterfaceId": "eni-w0", "Attachment": {"DeviceIndex": 0}, "SubnetId": PUB},
             {"NetworkInterfaceId": "eni-w1", "Attachment": {"DeviceIndex": 1}, "SubnetId": PRIV,
              "PrivateIpAddress": "10.0.2.11", "SourceDestCheck": False, "Groups": [{"GroupId": "sg-1"}],
              "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.2.11", "Primary": True},
                                     {"PrivateIpAddress": "10.0.2.12", "Primary": False}],
              "Ipv6Addresses": [{"Ipv6Address": "2600:1f18:1:2::5"}]}]},
        {"InstanceId": "i-eip", "SubnetId": PUB, "PrivateIpAddress": "10.0.1.12", "PublicIpAddress": "3.3.3.3",
         "State": {"Name": "stopped"}, "Tags": [{"Key": "aws:autoscaling:groupName", "Value": "web-asg"}]},
        {"InstanceId": "i-dead", "SubnetId": PUB, "State": {"Name": "terminated"}},
        {"InstanceId": "i-lost", "SubnetId": "subnet-zzz", "State": {"Name": "running"}},
    ]
    enis = [
        {"NetworkInterfaceId": "eni-w1", "SubnetId": PRIV, "PrivateIpAddress": "10.0.2.11",
         "Attachment": {"DeviceIndex": 1, "InstanceId": "i-web"}},
        {"NetworkInterfaceId": "eni-nat", "SubnetId": PUB, "PrivateIpAddress": "10.0.1.5",
         "InterfaceType": "nat_gateway", "RequesterManaged": True},
        {"NetworkInterfaceId": "eni-elb", "SubnetId": PUB, "PrivateIpAddress": "10.0.1.6",
         "Description": "ELB app/shop/123", "InterfaceType": "interface"},
    ]
    result = run(tmp_path, {
        "Reservations.json": {"Reservations": [{"Instances": instances}]},
        "NetworkInterfaces.json": {"NetworkInterfaces": enis},
        "Addresses.json": {"Addresses": [{"PublicIp": "3.3.3.3", "InstanceId": "i-eip"}]},
        "SecurityGroups.json": {"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "sg1", "VpcId": VPC}]},
    })
    res = result.design.resources
    web = res["i-web"]
    assert (web.name, web.os, web.instance_type, web.public_ip, web.public_ip_type, web.security_groups) == (
        "web-1", "windows", "m5.large", "54.1.1.1", "auto", ("sg-1",))
    assert (res["i-eip"].public_ip_type, res["i-eip"].public_ip) == ("elastic", "3.3.3.3")
    assert "Stopped" in res["i-eip"].description
    assert "i-dead" not in res and "i-lost" not in res
    eni = res["eni-w1"]
    assert (eni.instance, eni.subnet, eni.private_ip, eni.source_dest_check) == ("i-web", PRIV, "10.0.2.11", False)
    assert "eni-w0" not in res and "eni-nat" not in res and "eni-elb" not in res
    text = messages(result)
    assert res["i-eip"].tags == {"aws:autoscaling:groupName": "web-asg"}
    assert text.count("not modelled (10.0.2.12") == 1
    for needle in ("i-web: security-group sg-missing", "i-dead", "i-lost", "eni-nat", "eni-elb", "i-eip was stopped",
                   "imported as plain instances (i-eip)", "not modelled (10.0.2.12, 2600:1f18:1:2::5)"):
        assert needle in text


def test_vpn_customer_gateway_becomes_on_premises(tmp_path: Path) -> None:
    result = run(tmp_path, {
        "VpnGateways.json": {"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available", "AmazonSideAsn": 65010,
                                              "VpcAttachments": [{"State": "attached", "VpcId": VPC}]}]},
        "CustomerGateways.json": {"CustomerGateways": [
            {"CustomerGatewayId": "cgw-1", "IpAddress": "198.51.100.7", "BgpAsn": "65100", "State": "available",
             "Tags": tags("office-router")},
            {"CustomerGatewayId": "cgw-old", "IpAddress": "198.51.100.8", "State": "deleted"}]},
        "VpnConnections.json": {"VpnConnections": [
            {"VpnConnectionId": "vpn-1", "CustomerGatewayId": "cgw-1", "VpnGatewayId": "vgw-1", "State": "available",
             "Options": {"StaticRoutesOnly": True},
             "Routes": [{"DestinationCidrBlock": "172.16.0.0/16", "State": "available"},
                        {"DestinationCidrBlock": "172.17.0.0/16", "State": "deleted"}]},
            {"VpnConnectionId": "vpn-old", "CustomerGatewayId": "cgw-old", "State": "deleted"}]},
    })
    res = result.design.resources
    vpn = res["vpn-1"]
    assert (vpn.routing, vpn.static_routes, vpn.vpn_gateway) == ("static", ("172.16.0.0/16",), "vgw-1")
    cgw = res["cgw-1"]
    assert (cgw.name, cgw.ip, cgw.bgp_asn) == ("office-router", "198.51.100.7", 65100)
    assert res[cgw.on_premises].cidrs == ("172.16.0.0/16",)
    assert res["vgw-1"].amazon_asn == 65010
    assert "cgw-old" not in res and "vpn-old" not in res


def test_peering_to_a_vpc_outside_the_snapshot_gets_a_placeholder(tmp_path: Path) -> None:
    result = run(tmp_path, {"VpcPeeringConnections.json": {"VpcPeeringConnections": [
        {"VpcPeeringConnectionId": "pcx-9", "Status": {"Code": "pending-acceptance"},
         "RequesterVpcInfo": {"VpcId": VPC},
         "AccepterVpcInfo": {"VpcId": "vpc-far", "CidrBlock": "10.50.0.0/16", "Region": "us-west-2",
                             "OwnerId": "123", "PeeringOptions": {"AllowDnsResolutionFromRemoteVpc": True}}},
        {"VpcPeeringConnectionId": "pcx-rej", "Status": {"Code": "rejected"},
         "RequesterVpcInfo": {"VpcId": VPC}, "AccepterVpcInfo": {"VpcId": "vpc-x"}}]}})
    res = result.design.resources
    pcx = res["pcx-9"]
    assert (pcx.status, pcx.accepter_vpc, pcx.allow_dns_resolution) == ("pending-acceptance", "vpc-far", True)
    assert (res["vpc-far"].cidr, res["vpc-far"].region) == ("10.50.0.0/16", "us-west-2")
    assert "pcx-rej" not in res
    assert any(i.message.startswith("placeholder: peer VPC vpc-far") for i in result.warnings)


def test_load_balancers_listeners_rules_and_targets(tmp_path: Path) -> None:
    lb_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/shop/abc"
    tg_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/def"
    ip_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/ips/ghi"
    l_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/shop/abc/123"
    result = run(tmp_path, {
        "Reservations.json": {"Reservations": [{"Instances": [
            {"InstanceId": "i-a", "SubnetId": PRIV, "PrivateIpAddress": "10.0.2.10", "State": {"Name": "running"}}]}]},
        "LoadBalancers.json": {"LoadBalancers": [
            {"LoadBalancerArn": lb_arn, "LoadBalancerName": "shop", "Type": "application", "Scheme": "internet-facing",
             "VpcId": VPC, "DNSName": "shop-1.eu-west-1.elb.amazonaws.com", "SecurityGroups": [],
             "AvailabilityZones": [{"SubnetId": PUB}, {"SubnetId": PRIV}]},
            {"LoadBalancerArn": "arn:gwlb", "LoadBalancerName": "inspect", "Type": "gateway", "VpcId": VPC}]},
        "TargetGroups.json": {"TargetGroups": [
            {"TargetGroupArn": tg_arn, "TargetGroupName": "web", "Protocol": "HTTP", "Port": 8080, "VpcId": VPC,
             "TargetType": "instance", "HealthCheckProtocol": "HTTP", "HealthCheckPath": "/health",
             "HealthCheckPort": "traffic-port", "HealthCheckIntervalSeconds": 10, "HealthyThresholdCount": 3,
             "LoadBalancerArns": [lb_arn]},
            {"TargetGroupArn": ip_arn, "TargetGroupName": "ips", "Protocol": "TCP", "Port": 443, "VpcId": VPC,
             "TargetType": "ip", "HealthCheckPort": "9000", "LoadBalancerArns": [lb_arn]},
            {"TargetGroupArn": "arn:l", "TargetGroupName": "fn", "TargetType": "lambda"}]},
        "LoadBalancerTargetHealth.json": {"LoadBalancerTargetHealth": [
            {"TargetGroupArn": tg_arn, "TargetHealthDescriptions": [
                {"Target": {"Id": "i-a", "Port": 8080}, "TargetHealth": {"State": "healthy"}},
                {"Target": {"Id": "i-gone", "Port": 8080}, "TargetHealth": {"State": "unhealthy"}}]},
            {"TargetGroupArn": ip_arn, "TargetHealthDescriptions": [
                {"Target": {"Id": "10.0.2.99", "Port": 443}, "TargetHealth": {"State": "unhealthy"}}]}]},
        "LoadBalancerListeners.json": {"LoadBalancerListeners": [{"LoadBalancerArn": lb_arn, "Listeners": [
            {"ListenerArn": l_arn, "Protocol": "HTTP", "Port": 80,
             "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Port": "443"}}]},
            {"ListenerArn": l_arn + "b", "Protocol": "HTTPS", "Port": 443,
             "DefaultActions": [{"Type": "authenticate-oidc", "Order": 1},
                                {"Type": "forward", "Order": 2, "ForwardConfig": {"TargetGroups": [
                                    {"TargetGroupArn": tg_arn}]}}]}]}]},
        "LoadBalancerRules.json": {"LoadBalancerRules": [{"ListenerArn": l_arn + "b", "Rules": [
            {"Priority": "default", "IsDefault": True, "Actions": [{"Type": "forward", "TargetGroupArn": tg_arn}]},
            {"Priority": "10", "Conditions": [
                {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*", "/v2/*"]}},
                {"Field": "source-ip", "SourceIpConfig": {"Values": ["10.0.0.0/8"]}}],
             "Actions": [{"Type": "forward", "TargetGroupArn": ip_arn}]}]}]},
    })
    res = result.design.resources
    lb = res["shop"]
    assert (lb.type, lb.scheme, lb.subnets, lb.dns_name) == (
        "application", "internet-facing", (PUB, PRIV), "shop-1.eu-west-1.elb.amazonaws.com")
    http, https = lb.listeners
    assert (http.default_action, http.redirect_port) == ("redirect", 443)
    assert (https.protocol, https.default_action, https.target_group) == ("HTTPS", "forward", "web")
    (rule,) = https.rules
    assert (rule.priority, rule.path_pattern, rule.target_group) == (10, "/api/*", "ips")
    web = res["web"]
    assert [(t.target, t.port, t.healthy) for t in web.targets] == [("i-a", 8080, True)]
    assert (web.health_check.path, web.health_check.interval, web.health_check.healthy_threshold) == (
        "/health", 10, 3)
    ips = res["ips"]
    assert [(t.ip, t.healthy) for t in ips.targets] == [("10.0.2.99", False)]
    assert ips.health_check.port == 9000
    text = messages(result)
    assert "i-gone" in text and "gateway load balancer inspect" in text and "lambda targets" in text
    assert "rule 10: conditions on source-ip are not modelled" in text
    assert "only the first path-pattern value (/api/*) is kept" in text


def test_transit_gateway_tables(tmp_path: Path) -> None:
    result = run(tmp_path, {
        "TransitGateways.json": {"TransitGateways": [{"TransitGatewayId": "tgw-1", "State": "available",
                                                      "Options": {"AmazonSideAsn": 64600}}]},
        "TransitGatewayVpcAttachments.json": {"TransitGatewayVpcAttachments": [
            {"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1", "VpcId": VPC,
             "SubnetIds": [PRIV], "State": "available"}]},
        "TransitGatewayAttachments.json": {"TransitGatewayAttachments": [
            {"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1", "ResourceType": "vpc",
             "ResourceId": VPC, "State": "available",
             "Association": {"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "associated"}},
            {"TransitGatewayAttachmentId": "tgw-attach-dx", "TransitGatewayId": "tgw-1",
             "ResourceType": "direct-connect-gateway", "ResourceId": "dxgw-1", "State": "available"}]},
        "TransitGatewayRouteTables.json": {"TransitGatewayRouteTables": [
            {"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1", "State": "available"}]},
        "TransitGatewayPropagations.json": {"TransitGatewayPropagations": [
            {"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayRouteTablePropagations": [
                {"TransitGatewayAttachmentId": "tgw-attach-1", "State": "enabled"}]}]},
        "TransitGatewayStaticRoutes.json": {"TransitGatewayStaticRoutes": [
            {"TransitGatewayRouteTableId": "tgw-rtb-1", "Routes": [
                {"DestinationCidrBlock": "0.0.0.0/0", "Type": "static", "State": "active",
                 "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1"}]},
                {"DestinationCidrBlock": "10.99.0.0/16", "Type": "static", "State": "blackhole"},
                {"DestinationCidrBlock": "10.0.0.0/16", "Type": "propagated", "State": "active"}]}]},
    })
    tgw = result.design.resources["tgw-1"]
    assert tgw.amazon_asn == 64600 and tgw.region == "eu-west-1"
    (att,) = tgw.attachments
    assert (att.id, att.vpc, att.subnets) == ("tgw-attach-1", VPC, (PRIV,))
    (table,) = tgw.route_tables
    assert (table.associations, table.propagations) == (("tgw-attach-1",), ("tgw-attach-1",))
    assert [(r.destination, r.attachment, r.blackhole) for r in table.routes] == [
        ("0.0.0.0/0", "tgw-attach-1", False), ("10.99.0.0/16", None, True)]
    assert "tgw-attach-dx" in messages(result)


def test_tags_file_names_objects_and_multi_region(tmp_path: Path) -> None:
    write(tmp_path / "aws_configs" / "eu-west-1", {**base_files("eu-west-1"), "Tags.json": {"Tags": [
        {"ResourceId": PRIV, "Key": "Name", "Value": "private-b"}, {"ResourceId": PRIV, "Key": "team", "Value": "x"}]}})
    write(tmp_path / "aws_configs" / "us-east-2", base_files("us-east-2", vpc="vpc-0b2", cidr="10.9.0.0/16"))
    result = import_snapshot(tmp_path)
    res = result.design.resources
    assert res[PRIV].name == "private-b" and res[PRIV].tags == {"team": "x"}
    assert {v.id: v.region for v in result.design.of_kind("vpc")} == {VPC: "eu-west-1", "vpc-0b2": "us-east-2"}
    # The second region reuses the same subnet ids: reported, first kept.
    assert any("appears twice" in i.message for i in result.warnings)


def test_region_comes_from_the_data_when_the_folder_does_not_say(tmp_path: Path) -> None:
    result = import_snapshot(write(tmp_path / "snap", base_files("ap-southeast-2")))
    assert result.design.resources[VPC].region == "ap-southeast-2"


def test_unknown_and_unmodelled_files_are_reported(tmp_path: Path) -> None:
    result = run(tmp_path, {"RdsInstances.json": {"DBInstances": [{"DBInstanceIdentifier": "db"}]},
                            "Weird.json": {"Widgets": [1]}, "List.json": [1, 2]})
    text = messages(result)
    assert "DBInstances (1)" in text and "Widgets" in text and "List.json" in text


def test_vpc_dns_attributes(tmp_path: Path) -> None:
    result = run(tmp_path, {"VpcAttributes.json": {"VpcAttributes": [
        {"VpcId": VPC, "EnableDnsSupport": {"Value": True}, "EnableDnsHostnames": {"Value": False}}]}})
    vpc = result.design.resources[VPC]
    assert (vpc.enable_dns_support, vpc.enable_dns_hostnames) == (True, False)
    assert "assumed enabled" not in messages(result)
    assumed = run(tmp_path / "other", {})
    assert "DNS support and DNS hostnames are assumed enabled" in messages(assumed)


def test_endpoint_takes_its_prefix_list_from_the_routes_when_not_described(tmp_path: Path) -> None:
    result = run(tmp_path, {
        "RouteTables.json": {"RouteTables": [{"RouteTableId": "rtb-e", "VpcId": VPC, "Associations": [],
                                              "Routes": [{"DestinationPrefixListId": "pl-ddb", "GatewayId": "vpce-d",
                                                          "State": "active"}]}]},
        "VpcEndpoints.json": {"VpcEndpoints": [{"VpcEndpointId": "vpce-d", "VpcId": VPC, "VpcEndpointType": "Gateway",
                                                "ServiceName": "com.amazonaws.eu-west-1.dynamodb",
                                                "RouteTableIds": ["rtb-e"]}]}})
    endpoint = result.design.resources["vpce-d"]
    assert (endpoint.service, endpoint.prefix_list, endpoint.route_tables) == ("dynamodb", "pl-ddb", ("rtb-e",))
    assert result.design.resources["pl-ddb"].entries == ()  # a placeholder, and the report says so
    assert "placeholder: prefix list pl-ddb" in messages(result)


def test_classic_load_balancer(tmp_path: Path) -> None:
    result = run(tmp_path, {
        "Reservations.json": {"Reservations": [{"Instances": [
            {"InstanceId": "i-a", "SubnetId": PRIV, "PrivateIpAddress": "10.0.2.10", "State": {"Name": "running"}}]}]},
        "ClassicLoadBalancers.json": {"LoadBalancerDescriptions": [{
            "LoadBalancerName": "legacy", "VPCId": VPC, "Scheme": "internal", "Subnets": [PUB, "subnet-gone"],
            "DNSName": "internal-legacy-1.eu-west-1.elb.amazonaws.com",
            "ListenerDescriptions": [{"Listener": {"Protocol": "HTTP", "LoadBalancerPort": 80,
                                                   "InstanceProtocol": "HTTP", "InstancePort": 8080}}],
            "Instances": [{"InstanceId": "i-a"}, {"InstanceId": "i-gone"}]}]},
        "NetworkInterfaces.json": {"NetworkInterfaces": [
            {"NetworkInterfaceId": "eni-lb", "SubnetId": PUB, "PrivateIpAddress": "10.0.1.77",
             "Description": "ELB legacy", "RequesterManaged": True}]},
    })
    lb = result.design.resources["legacy"]
    assert (lb.type, lb.scheme, lb.subnets, lb.instances) == ("classic", "internal", (PUB,), ("i-a",))
    (listener,) = lb.listeners
    assert (listener.protocol, listener.port, listener.instance_port) == ("HTTP", 80, 8080)
    assert [(a.subnet, a.private_ip) for a in lb.node_addresses] == [(PUB, "10.0.1.77")]
    text = messages(result)
    assert "legacy: subnet subnet-gone is not in the snapshot" in text and "legacy: instance i-gone" in text


def test_route53_zones_and_records(tmp_path: Path) -> None:
    lb_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/shop/abc"
    records = [
        {"Name": "example.com.", "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-1.awsdns-00.com."}]},
        {"Name": "www.example.com.", "Type": "A",
         "AliasTarget": {"DNSName": "dualstack.Shop-1.eu-west-1.elb.amazonaws.com.", "EvaluateTargetHealth": True}},
        {"Name": "example.com.", "Type": "A", "AliasTarget": {"DNSName": "www.example.com."}},
        {"Name": "\\052.example.com.", "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": "www.example.com"}]},
        {"Name": "cdn.example.com.", "Type": "A", "AliasTarget": {"DNSName": "d111.cloudfront.net."}},
        {"Name": "api.example.com.", "Type": "A", "TTL": 60, "SetIdentifier": "blue", "Weight": 10,
         "ResourceRecords": [{"Value": "192.0.2.10"}]},
        {"Name": "_sip._tcp.example.com.", "Type": "SRV", "TTL": 60, "ResourceRecords": [{"Value": "1 1 5060 x."}]},
    ]
    result = run(tmp_path, {
        "LoadBalancers.json": {"LoadBalancers": [{"LoadBalancerArn": lb_arn, "LoadBalancerName": "shop",
                                                  "VpcId": VPC, "DNSName": "shop-1.eu-west-1.elb.amazonaws.com",
                                                  "AvailabilityZones": [{"SubnetId": PUB}]}]},
        "HostedZones.json": {"HostedZones": [
            {"Id": "/hostedzone/Z1PUBLIC", "Name": "example.com.", "Config": {"PrivateZone": False},
             "ResourceRecordSets": records},
            {"Id": "/hostedzone/Z2PRIVATE", "Name": "corp.internal.", "Config": {"PrivateZone": True},
             "VPCs": [{"VPCRegion": "eu-west-1", "VPCId": VPC}, {"VPCRegion": "eu-west-1", "VPCId": "vpc-gone"}],
             "ResourceRecordSets": [{"Name": "db.corp.internal.", "Type": "A", "TTL": 30,
                                     "ResourceRecords": [{"Value": "10.0.2.50"}]}]}]},
    })
    res = result.design.resources
    public = res["Z1PUBLIC"]
    assert (public.zone_name, public.private, public.vpcs) == ("example.com", False, ())
    got = {(r.name, r.type): r for r in public.records}
    assert set(got) == {("example.com", "NS"), ("www.example.com", "A"), ("example.com", "A"),
                        ("*.example.com", "CNAME"), ("api.example.com", "A")}
    www = got[("www.example.com", "A")].alias
    assert (www.target, www.evaluate_health) == ("shop", True)
    assert got[("example.com", "A")].alias.record == "www.example.com"
    assert got[("*.example.com", "CNAME")].values == ("www.example.com",) and got[("*.example.com", "CNAME")].ttl == 60
    private = res["Z2PRIVATE"]
    assert (private.zone_name, private.private, private.vpcs) == ("corp.internal", True, (VPC,))
    text = messages(result)
    for needle in ("d111.cloudfront.net", "SRV record", "routing policy", "vpc-gone"):
        assert needle in text


def test_cloudfront_distribution_in_the_cli_format(tmp_path: Path) -> None:
    lb_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/shop/abc"
    dist = {
        "Id": "E2ABC", "DomainName": "d111.cloudfront.net", "Enabled": True, "IsIPV6Enabled": False,
        "Aliases": {"Quantity": 1, "Items": ["www.example.com"]},
        "Origins": {"Quantity": 2, "Items": [
            {"Id": "ALB origin 1", "DomainName": "dualstack.shop-1.eu-west-1.elb.amazonaws.com",
             "CustomOriginConfig": {"HTTPPort": 8080, "HTTPSPort": 8443, "OriginProtocolPolicy": "http-only"}},
            {"Id": "assets", "DomainName": "assets.s3.amazonaws.com", "S3OriginConfig": {}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "ALB origin 1", "ViewerProtocolPolicy": "https-only"},
        "CacheBehaviors": {"Quantity": 1, "Items": [{"PathPattern": "/img/*", "TargetOriginId": "assets"}]},
    }
    result = run(tmp_path, {
        "LoadBalancers.json": {"LoadBalancers": [{"LoadBalancerArn": lb_arn, "LoadBalancerName": "shop",
                                                  "VpcId": VPC, "DNSName": "shop-1.eu-west-1.elb.amazonaws.com",
                                                  "AvailabilityZones": [{"SubnetId": PUB}]}]},
        "Distributions.json": {"DistributionList": {"Items": [dist, {"Id": "EOFF", "Enabled": False}]}},
        "HostedZones.json": {"HostedZones": [{"Id": "/hostedzone/Z1", "Name": "example.com.", "ResourceRecordSets": [
            {"Name": "www.example.com.", "Type": "A", "AliasTarget": {"DNSName": "d111.cloudfront.net."}}]}]},
    })
    cf = result.design.resources["E2ABC"]
    assert (cf.name, cf.domain_name, cf.aliases, cf.ipv6, cf.viewer_protocol_policy) == (
        "www.example.com", "d111.cloudfront.net", ("www.example.com",), False, "https-only")
    alb, assets = cf.origins
    assert (alb.id, alb.target, alb.protocol_policy, alb.http_port, alb.https_port) == (
        "ALB-origin-1", "shop", "http-only", 8080, 8443)
    assert (assets.type, assets.domain_name, assets.target) == ("s3", "assets.s3.amazonaws.com", None)
    assert cf.default_origin == "ALB-origin-1"
    (record,) = result.design.resources["Z1"].records
    assert record.alias.target == "E2ABC"
    text = messages(result)
    assert "path-based cache behaviours are not modelled" in text and "EOFF: it is disabled" in text
