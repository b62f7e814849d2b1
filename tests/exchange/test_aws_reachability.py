"""The reachability answers INDEX.md gives for the Batfish AWS snapshots hold on the imported design.

Each case is (snapshot, source, destination, protocol, port, reachable) from INDEX.md section 2:
Batfish's own assertions (ACCEPTED / EXITS_NETWORK = reachable; DENIED_* / NO_ROUTE /
NULL_ROUTED = not) and the TCP-22 "own questions" written there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vpcdesigner.exchange.aws import import_snapshot
from vpcdesigner.model import Design

sim = pytest.importorskip("vpcdesigner.sim")

CASES = [
    # 2.1 public subnet
    ("test-public-subnet", "8.8.8.8", "18.216.80.133", "tcp", 22, True),
    ("test-public-subnet", "8.8.8.8", "18.216.80.133", "tcp", 80, False),
    ("test-public-subnet", "8.8.8.8", "10.0.0.91", "tcp", 22, False),
    ("test-public-subnet", "10.0.0.91", "8.8.8.8", "tcp", 80, True),
    # 2.2 public + private subnet, static VPN
    ("test-public-private-subnet", "8.8.8.8", "13.58.55.60", "tcp", 22, True),
    ("test-public-private-subnet", "19.168.1.1", "10.0.1.204", "tcp", 22, True),
    ("test-public-private-subnet", "10.0.0.47", "8.8.8.8", "tcp", 80, True),
    ("test-public-private-subnet", "10.0.1.204", "8.8.8.8", "tcp", 80, False),
    ("test-public-private-subnet", "10.0.1.204", "13.58.55.60", "tcp", 22, False),
    ("test-public-private-subnet", "10.0.0.47", "10.0.1.204", "tcp", 80, False),
    # 2.3 one subnet
    ("test-subnet", "10.10.1.228", "10.10.1.44", "tcp", 22, True),
    ("test-subnet", "10.10.1.228", "10.10.1.44", "tcp", 80, False),
    ("test-subnet", "10.10.1.228", "8.8.8.8", "tcp", 80, False),
    # 2.4 NAT gateway
    ("test-nat-gateway", "10.1.1.98", "8.8.8.8", "tcp", 80, True),
    ("test-nat-gateway", "10.1.20.173", "8.8.8.8", "tcp", 80, False),
    ("test-nat-gateway", "8.8.8.8", "3.135.127.225", "tcp", 80, False),
    ("test-nat-gateway", "8.8.8.8", "18.216.129.140", "tcp", 22, True),
    # 2.5 peering with overlapping peer CIDRs and a blackhole route
    ("test-vpc-peering", "10.10.10.157", "192.168.2.229", "tcp", 22, True),
    ("test-vpc-peering", "10.10.10.157", "192.168.1.106", "tcp", 22, True),
    ("test-vpc-peering", "10.10.10.157", "192.168.100.1", "tcp", 22, False),
    ("test-vpc-peering", "192.168.1.106", "8.8.8.8", "tcp", 80, False),
    # 2.6 BGP VPN without the router config: the VGW has learned nothing
    ("test-vpn-gateway", "10.0.1.204", "8.8.8.8", "tcp", 80, False),
    # 2.7 internal NLB whose targets are registered on port 22
    ("test-load-balancer", "10.1.250.112", "test-lb", "tcp", 80, True),
    ("test-load-balancer", "10.1.250.112", "test-lb", "tcp", 81, False),
    ("test-load-balancer", "10.1.250.112", "10.1.1.237", "tcp", 80, True),  # node IPs from the LB's ENIs
    ("test-load-balancer", "10.1.250.112", "10.1.20.123", "tcp", 80, True),
    ("test-load-balancer", "10.1.250.112", "10.1.20.123", "tcp", 81, False),  # no listener on 81: refused
    # 2.8 transit gateway; subnet A2 sits in an AZ without an attachment subnet
    ("test-transit-gateway", "10.10.10.157", "192.168.1.106", "tcp", 22, True),
    ("test-transit-gateway", "10.10.20.154", "192.168.1.106", "tcp", 22, False),
    ("test-transit-gateway", "192.168.1.106", "10.10.20.154", "tcp", 22, False),
    # 2.9 hybrid account: the instances have no public IP
    ("networks/hybrid-cloud-aws", "8.8.8.8", "192.168.1.138", "tcp", 22, False),
]
_designs: dict[str, Design] = {}


def _case_id(case: object) -> str:
    values = case.values if hasattr(case, "values") else case
    return f"{values[0].split('/')[-1]}:{values[1]}->{values[2]}:{values[4]}"


def design_for(shared: Path, name: str) -> Design:
    if name not in _designs:
        _designs[name] = import_snapshot(shared / "corpus" / "aws-api-json" / "batfish__batfish" / name).design
    return _designs[name]


@pytest.mark.parametrize(("snapshot", "source", "destination", "protocol", "port", "reachable"), CASES,
                         ids=[_case_id(c) for c in CASES])
def test_index_answer_holds(shared_dir: Path, snapshot: str, source: str, destination: str, protocol: str,
                            port: int, reachable: bool) -> None:
    result = sim.trace(design_for(shared_dir, snapshot), source, destination, protocol=protocol, port=port)
    assert result.reachable is reachable, result.reason


def _web_stack_files() -> dict[str, Any]:
    """An internet-facing ALB in two public subnets, a web instance behind it, a Route 53 alias."""
    from test_aws_builder import PRIV, PUB, VPC, base_files

    lb_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/shop/abc"
    tg_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/def"
    everything_out = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    files = base_files()
    files["Subnets.json"]["Subnets"].append({"SubnetId": "subnet-0pub2", "VpcId": VPC, "CidrBlock": "10.0.3.0/24",
                                             "AvailabilityZone": "eu-west-1b"})
    files["RouteTables.json"]["RouteTables"][1]["Associations"].append({"SubnetId": "subnet-0pub2"})
    files["SecurityGroups.json"] = {"SecurityGroups": [
        {"GroupId": "sg-alb", "GroupName": "alb", "VpcId": VPC, "IpPermissionsEgress": everything_out,
         "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                            "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
        {"GroupId": "sg-web", "GroupName": "web", "VpcId": VPC, "IpPermissionsEgress": everything_out,
         "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
                            "UserIdGroupPairs": [{"GroupId": "sg-alb"}]}]}]}
    files["Reservations.json"] = {"Reservations": [{"Instances": [
        {"InstanceId": "i-web", "SubnetId": PRIV, "PrivateIpAddress": "10.0.2.10", "State": {"Name": "running"},
         "SecurityGroups": [{"GroupId": "sg-web"}]}]}]}
    files["LoadBalancers.json"] = {"LoadBalancers": [
        {"LoadBalancerArn": lb_arn, "LoadBalancerName": "shop", "Type": "application", "Scheme": "internet-facing",
         "VpcId": VPC, "DNSName": "shop-1.eu-west-1.elb.amazonaws.com", "SecurityGroups": ["sg-alb"],
         "AvailabilityZones": [{"SubnetId": PUB}, {"SubnetId": "subnet-0pub2"}]}]}
    files["TargetGroups.json"] = {"TargetGroups": [{"TargetGroupArn": tg_arn, "TargetGroupName": "web",
                                                    "Protocol": "HTTP", "Port": 80, "VpcId": VPC}]}
    files["LoadBalancerTargetHealth.json"] = {"LoadBalancerTargetHealth": [{"TargetGroupArn": tg_arn,
        "TargetHealthDescriptions": [{"Target": {"Id": "i-web", "Port": 80}, "TargetHealth": {"State": "healthy"}}]}]}
    files["LoadBalancerListeners.json"] = {"LoadBalancerListeners": [{"LoadBalancerArn": lb_arn, "Listeners": [
        {"Protocol": "HTTPS", "Port": 443, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg_arn}]}]}]}
    files["HostedZones.json"] = {"HostedZones": [{"Id": "/hostedzone/Z1", "Name": "example.com.",
        "ResourceRecordSets": [{"Name": "www.example.com.", "Type": "A",
                                "AliasTarget": {"DNSName": "dualstack.shop-1.eu-west-1.elb.amazonaws.com."}}]}]}
    return files


@pytest.mark.parametrize(("destination", "port", "reachable"), [
    ("www.example.com", 443, True),  # Route 53 alias → ALB → target group → instance, replies back
    ("shop", 443, True),
    ("shop", 80, False),  # the ALB's security group admits only 443
    ("10.0.2.10", 80, False),  # a private address is not routable from the internet
])
def test_imported_web_stack_end_to_end(tmp_path: Path, destination: str, port: int, reachable: bool) -> None:
    from test_aws_builder import write

    folder = write(tmp_path / "aws_configs" / "eu-west-1", _web_stack_files())
    result = sim.trace(import_snapshot(folder).design, "203.0.113.9", destination, protocol="tcp", port=port)
    assert result.reachable is reachable, result.reason
