"""Whatever shape describe-* JSON takes, the mapper never raises and never emits a broken design.

A small but complete valid snapshot is corrupted at random places (any value, at any depth, swapped
for a value of another JSON type, an id of something else, or garbage), so every branch of the
mapping code meets malformed input, not just the first "VPC not in the snapshot" check.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vpcdesigner.exchange.aws.reader import source_from_responses
from vpcdesigner.exchange.aws.snapshot import map_sources
from vpcdesigner.exchange.report import Reporter
from vpcdesigner.model.files import check_references

LB = "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/lb/1"
TG = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/tg/1"
LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/lb/1/2"
ALLOW_ALL = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
BASE: dict[str, list[dict[str, Any]]] = {
    "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Tags": [{"Key": "Name", "Value": "v"}],
              "CidrBlockAssociationSet": [{"CidrBlock": "10.1.0.0/16", "CidrBlockState": {"State": "associated"}}],
              "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600::/56"}]},
             {"VpcId": "vpc-2", "CidrBlock": "10.2.0.0/16"}],
    "VpcAttributes": [{"VpcId": "vpc-1", "EnableDnsSupport": {"Value": True}}],
    "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24",
                 "AvailabilityZone": "eu-west-1a", "MapPublicIpOnLaunch": True,
                 "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600::/64"}]},
                {"SubnetId": "subnet-2", "VpcId": "vpc-2", "CidrBlock": "10.2.1.0/24",
                 "AvailabilityZone": "eu-west-1b"}],
    "PrefixLists": [{"PrefixListId": "pl-1", "PrefixListName": "com.amazonaws.eu-west-1.s3", "Cidrs": ["52.0.0.0/8"]}],
    "ManagedPrefixLists": [{"PrefixListId": "pl-2", "PrefixListName": "mine", "OwnerId": "1", "MaxEntries": 5,
                            "Entries": [{"Cidr": "192.0.2.0/24"}]}],
    "SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "GroupName": "web", "IpPermissionsEgress": ALLOW_ALL,
                        "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                                           "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
                                           "PrefixListIds": [{"PrefixListId": "pl-1"}],
                                           "UserIdGroupPairs": [{"GroupId": "sg-1"}]}]}],
    "NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": True,
                     "Associations": [{"SubnetId": "subnet-1"}],
                     "Entries": [{"RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Egress": False,
                                  "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 22, "To": 22}},
                                 {"RuleNumber": 110, "Protocol": "1", "RuleAction": "allow", "Egress": True,
                                  "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 8, "Code": -1}}]}],
    "InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"VpcId": "vpc-1", "State": "available"}]}],
    "EgressOnlyInternetGateways": [{"EgressOnlyInternetGatewayId": "eigw-1",
                                    "Attachments": [{"VpcId": "vpc-1", "State": "attached"}]}],
    "Addresses": [{"PublicIp": "3.3.3.3", "InstanceId": "i-1"}],
    "NatGateways": [{"NatGatewayId": "nat-1", "SubnetId": "subnet-1", "State": "available",
                     "NatGatewayAddresses": [{"PrivateIp": "10.0.1.9", "PublicIp": "3.3.3.4",
                                              "NetworkInterfaceId": "eni-nat"}]}],
    "Reservations": [{"Instances": [{
        "InstanceId": "i-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.10", "PublicIpAddress": "3.3.3.3",
        "State": {"Name": "running"}, "SecurityGroups": [{"GroupId": "sg-1"}], "Platform": "windows",
        "Tags": [{"Key": "aws:autoscaling:groupName", "Value": "asg"}],
        "NetworkInterfaces": [
            {"NetworkInterfaceId": "eni-1", "Attachment": {"DeviceIndex": 0}, "Association": {"IpOwnerId": "amazon"},
             "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.11", "Primary": False}]},
            {"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.12",
             "Attachment": {"DeviceIndex": 1}, "Groups": [{"GroupId": "sg-1"}]}]}]}],
    "NetworkInterfaces": [{"NetworkInterfaceId": "eni-3", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.13",
                           "Attachment": {"InstanceId": "i-1", "DeviceIndex": 2},
                           "Association": {"PublicIp": "3.3.3.5"}},
                          {"NetworkInterfaceId": "eni-lb", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.14",
                           "Description": "ELB app/lb/1"}],
    "VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcId": "vpc-1", "VpcEndpointType": "Gateway",
                      "ServiceName": "com.amazonaws.eu-west-1.s3", "RouteTableIds": ["rtb-1"]}],
    "VpnGateways": [{"VpnGatewayId": "vgw-1", "AmazonSideAsn": 64512,
                     "VpcAttachments": [{"VpcId": "vpc-1", "State": "attached"}]}],
    "CustomerGateways": [{"CustomerGatewayId": "cgw-1", "IpAddress": "198.51.100.1", "BgpAsn": "65000"}],
    "VpnConnections": [{"VpnConnectionId": "vpn-1", "CustomerGatewayId": "cgw-1", "VpnGatewayId": "vgw-1",
                        "Options": {"StaticRoutesOnly": True}, "Routes": [{"DestinationCidrBlock": "172.16.0.0/16"}],
                        "VgwTelemetry": [{"Status": "DOWN"}]}],
    "VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "active"},
                               "RequesterVpcInfo": {"VpcId": "vpc-1"},
                               "AccepterVpcInfo": {"VpcId": "vpc-9", "CidrBlock": "10.9.0.0/16",
                                                   "PeeringOptions": {"AllowDnsResolutionFromRemoteVpc": True}}}],
    "RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "PropagatingVgws": [{"GatewayId": "vgw-1"}],
                     "Associations": [{"Main": True}, {"SubnetId": "subnet-1"}],
                     "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"},
                                {"DestinationCidrBlock": "10.9.0.0/16", "VpcPeeringConnectionId": "pcx-1"},
                                {"DestinationCidrBlock": "10.8.0.0/16", "NetworkInterfaceId": "eni-1"},
                                {"DestinationCidrBlock": "10.7.0.0/16", "GatewayId": "vgw-1",
                                 "Origin": "EnableVgwRoutePropagation"},
                                {"DestinationPrefixListId": "pl-1", "GatewayId": "vpce-1"},
                                {"DestinationCidrBlock": "10.6.0.0/16", "NatGatewayId": "nat-1", "State": "blackhole"},
                                {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1"}]}],
    "TransitGateways": [{"TransitGatewayId": "tgw-1", "Options": {"AmazonSideAsn": 64600}}],
    "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1",
                                   "ResourceType": "vpc", "ResourceId": "vpc-1",
                                   "Association": {"TransitGatewayRouteTableId": "tgw-rtb-1"}}],
    "TransitGatewayVpcAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1",
                                      "VpcId": "vpc-1", "SubnetIds": ["subnet-1"]}],
    "TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1"}],
    "TransitGatewayPropagations": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayRouteTablePropagations": [
        {"TransitGatewayAttachmentId": "tgw-attach-1", "State": "enabled"}]}],
    "TransitGatewayStaticRoutes": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "Routes": [
        {"DestinationCidrBlock": "0.0.0.0/0", "Type": "static", "State": "active",
         "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1"}]}]}],
    "TargetGroups": [{"TargetGroupArn": TG, "TargetGroupName": "tg", "VpcId": "vpc-1", "Protocol": "HTTP", "Port": 80,
                      "HealthCheckPort": "traffic-port", "HealthCheckIntervalSeconds": 10}],
    "LoadBalancerTargetHealth": [{"TargetGroupArn": TG, "TargetHealthDescriptions": [
        {"Target": {"Id": "i-1", "Port": 80}, "TargetHealth": {"State": "healthy"}}]}],
    "LoadBalancers": [{"LoadBalancerArn": LB, "LoadBalancerName": "lb", "VpcId": "vpc-1", "Type": "application",
                       "DNSName": "lb-1.eu-west-1.elb.amazonaws.com",
                       "AvailabilityZones": [{"SubnetId": "subnet-1"}], "SecurityGroups": ["sg-1"]}],
    "LoadBalancerListeners": [{"LoadBalancerArn": LB, "Listeners": [
        {"ListenerArn": LISTENER, "Protocol": "HTTP", "Port": 80,
         "DefaultActions": [{"Type": "forward", "Order": 1,
                             "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": TG}]}}]},
        {"Protocol": "HTTP", "Port": 81,
         "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Port": "443"}}]}]}],
    "LoadBalancerRules": [{"ListenerArn": LISTENER, "Rules": [
        {"Priority": "5", "Conditions": [{"Field": "path-pattern", "Values": ["/a"]}],
         "Actions": [{"Type": "forward", "TargetGroupArn": TG}]}]}],
    "LoadBalancerDescriptions": [{"LoadBalancerName": "classic", "VPCId": "vpc-1", "Subnets": ["subnet-1"],
                                  "ListenerDescriptions": [{"Listener": {"Protocol": "HTTP", "LoadBalancerPort": 80,
                                                                         "InstancePort": 80}}],
                                  "Instances": [{"InstanceId": "i-1"}]}],
    "Tags": [{"ResourceId": "subnet-2", "Key": "Name", "Value": "b"}],
    "DistributionList": [{"Id": "E1", "DomainName": "d1.cloudfront.net", "Aliases": {"Items": ["c.example.com"]},
                          "Origins": {"Items": [{"Id": "o 1", "DomainName": "lb-1.eu-west-1.elb.amazonaws.com",
                                                 "CustomOriginConfig": {"HTTPPort": 80}}]},
                          "DefaultCacheBehavior": {"TargetOriginId": "o 1"}, "CacheBehaviors": {"Quantity": 1}}],
    "HostedZones": [{"Id": "/hostedzone/Z1", "Name": "example.com.", "Config": {"PrivateZone": True},
                     "VPCs": [{"VPCId": "vpc-1"}],
                     "ResourceRecordSets": [{"Name": "a.example.com.", "Type": "A", "TTL": 60,
                                             "ResourceRecords": [{"Value": "10.0.1.10"}]},
                                            {"Name": "b.example.com.", "Type": "A",
                                             "AliasTarget": {"DNSName": "a.example.com."}}]}],
}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


PATHS = _paths(BASE)


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 70000), st.text(max_size=6),
    st.sampled_from(["vpc-1", "vpc-2", "subnet-1", "subnet-2", "sg-1", "igw-1", "nat-1", "vgw-1", "cgw-1", "i-1",
                     "eni-1", "pcx-1", "tgw-1", "tgw-attach-1", "rtb-1", "pl-1", "vpce-1", "eigw-1", LB, TG, "local",
                     "10.0.0.0/16", "10.0.1.0/24", "0.0.0.0/0", "::/0", "10.0.1.5", "300.1.1.1", "eu-west-1a",
                     "-1", "6", "17", "tcp", "icmp", "icmpv6", "allow", "deny", "blackhole", "deleted", "stopped",
                     "terminated", "vpn", "ip", "lambda", "network", "gateway", "internal", "Interface", "static"]),
)
JSON = st.one_of(SCALARS, st.lists(SCALARS, max_size=2), st.dictionaries(st.text(max_size=4), SCALARS, max_size=2))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), JSON), min_size=1, max_size=4))
def test_any_corruption_imports_without_raising(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = copy.deepcopy(BASE)
    for path, value in changes:
        try:
            parent = _get(data, path[:-1])
            parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced a container on this path
    rep = Reporter()
    source = source_from_responses("fuzz", "eu-west-1", {f"{k}.json": {k: v} for k, v in data.items()}, rep)
    result = map_sources([source], rep, "fuzz")
    check_references(result.design)


def test_the_uncorrupted_base_maps_every_object() -> None:
    """The base must be valid, or the corruptions above would test nothing."""
    rep = Reporter()
    source = source_from_responses("base", "eu-west-1", {f"{k}.json": {k: v} for k, v in BASE.items()}, rep)
    result = map_sources([source], rep, "base")
    kinds = {r.kind for r in result.design.resources.values()}
    assert kinds >= {"vpc", "subnet", "security-group", "network-acl", "route-table", "internet-gateway",
                     "egress-only-internet-gateway", "nat-gateway", "instance", "network-interface", "vpc-endpoint",
                     "vpn-gateway", "customer-gateway", "on-premises", "vpn-connection", "vpc-peering",
                     "transit-gateway", "target-group", "load-balancer", "prefix-list", "hosted-zone",
                     "cloudfront"}
    assert not [i for i in rep.items if i.severity == "error"]
