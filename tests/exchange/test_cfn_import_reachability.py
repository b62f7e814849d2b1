"""The reachability answers INDEX.md (section 1) states for the CloudFormation corpus, through sim.trace
on the imported design, and once through the `vpcdesigner trace TEMPLATE` command line.

Each case is (template case, extra parameters, source, destination, protocol, port, answer).
`leg=0` cases ask about the first connection only ("can the internet reach the load balancer"),
where INDEX's answer stops at the load balancer or CloudFront. Hosts written as addresses
(10.0.2.10) are hypothetical hosts in that subnet, as in INDEX.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_cfn_import_cases import AWS_SAMPLES, corpus, imported

from vpcdesigner.cli.main import main
from vpcdesigner.model import derive
from vpcdesigner.sim import trace

Q = tuple[str, dict[str, str], str, str, str, int | None, bool | None]

CASES: list[Q] = [
    # 1.1: the SG admits 22 from anywhere (192.168.1.0/0 = all IPv4), not 80 (asked from inside the VPC,
    # since the subnet and its routes are outside the template)
    ("ec2-instance-sg", {}, "172.31.0.50", "EC2Instance", "tcp", 22, True),
    ("ec2-instance-sg", {}, "172.31.0.50", "EC2Instance", "tcp", 80, False),
    # from the internet: indeterminate, the subnet (a stand-in) and the public IP are outside the template
    ("ec2-instance-sg", {}, "203.0.113.9", "EC2Instance", "tcp", 22, None),
    # 1.2
    ("vpc-managed-nat-yaml", {}, "10.0.2.10", "8.8.8.8", "tcp", 443, True),
    ("vpc-managed-nat-yaml", {}, "8.8.8.8", "10.0.2.10", "tcp", 22, False),
    # 1.6
    ("quickstart-defaults", {}, "10.0.0.10", "1.1.1.1", "tcp", 443, True),
    ("quickstart-defaults", {"CreateNATGateways": "false"}, "10.0.0.10", "1.1.1.1", "tcp", 443, False),
    ("quickstart-4az-b-subnets", {}, "10.0.192.10", "1.1.1.1", "tcp", 443, True),
    # 1.7 alone, then 1.8 with the NAT stack (SubnetZone A only)
    ("widdix-vpc-2azs", {}, "10.0.16.10", "8.8.8.8", "tcp", 443, False),
    ("widdix-family", {}, "10.0.16.10", "8.8.8.8", "tcp", 443, True),
    ("widdix-family", {}, "10.0.48.10", "8.8.8.8", "tcp", 443, False),
    # 1.9: the bastion is the Auto Scaling group's one member
    ("widdix-family", {}, "8.8.8.8", "AutoScalingGroup-1", "tcp", 22, True),
    ("widdix-family", {}, "8.8.8.8", "AutoScalingGroup-1", "tcp", 80, False),
    ("widdix-family", {}, "AutoScalingGroup-1", "10.0.16.10", "tcp", 22, True),
    # 1.12
    ("jardo-vpc-peering", {}, "EC2InstanceOne", "EC2InstanceTwo", "tcp", 80, True),
    ("jardo-vpc-peering", {}, "EC2InstanceTwo", "EC2InstanceOne", "tcp", 80, False),
    ("jardo-vpc-peering", {}, "EC2InstanceTwo", "EC2InstanceOne", "tcp", 22, True),
    ("jardo-vpc-peering", {}, "8.8.8.8", "EC2InstanceTwo", "tcp", 80, False),
    ("jardo-vpc-peering", {}, "8.8.8.8", "EC2InstanceTwo", "tcp", 22, True),
    ("jardo-vpc-peering", {}, "8.8.8.8", "EC2InstanceOne", "tcp", 22, True),
    ("jardo-vpc-peering", {}, "EC2InstanceOne", "EC2InstanceTwo", "icmp", None, True),
    ("jardo-vpc-peering", {}, "EC2InstanceTwo", "EC2InstanceOne", "icmp", None, True),
    # 1.13: NLB → private instances on 1234
    ("jardo-l4", {}, "8.8.8.8", "LoadBalancer", "tcp", 1234, True),
    ("jardo-l4", {}, "8.8.8.8", "LoadBalancer", "tcp", 80, False),
    ("jardo-l4", {}, "8.8.8.8", "EC2AutoScalingGroup-1", "tcp", 1234, False),
    ("jardo-l4", {}, "EC2AutoScalingGroup-1", "8.8.8.8", "tcp", 443, True),
    # 1.14
    ("jardo-l7", {}, "8.8.8.8", "LoadBalancer", "tcp", 80, True),
    ("jardo-l7", {}, "8.8.8.8", "EC2AutoScalingGroup-1", "tcp", 80, True),
    ("jardo-l7", {}, "8.8.8.8", "EC2AutoScalingGroup-1", "tcp", 22, False),
    # 1.15 (parent's values): ALB → ECS hosts on any port; hosts reach out through the NAT
    ("ecs-master-nested", {}, "8.8.8.8", "LoadBalancer", "tcp", 8080, False),
    ("ecs-master-nested", {}, "LoadBalancer", "ECSAutoScalingGroup-1", "tcp", 80, True),
    ("ecs-master-nested", {}, "LoadBalancer", "ECSAutoScalingGroup-1", "tcp", 22, True),
    ("ecs-master-nested", {}, "LoadBalancer", "ECSAutoScalingGroup-2", "udp", 5000, True),
    ("ecs-master-nested", {}, "8.8.8.8", "ECSAutoScalingGroup-1", "tcp", 80, False),
    ("ecs-master-nested", {}, "ECSAutoScalingGroup-1", "8.8.8.8", "tcp", 443, True),
    # 1.16
    ("ecs-vpc", {}, "10.192.20.10", "8.8.8.8", "tcp", 443, True),
    # 1.20: no VPN yet, so nothing crosses between the two VPCs
    ("cantrill-bgp-vpn", {}, "AWSEC2A", "ONPREMSERVER1", "tcp", 22, False),
    ("cantrill-bgp-vpn", {}, "ONPREMSERVER1", "AWSEC2A", "tcp", 22, False),
    ("cantrill-bgp-vpn", {}, "8.8.8.8", "ONPREMRouter1", "udp", 500, False),
]

# Questions whose INDEX answer stops at the first hop-by-hop connection (client → LB / CloudFront).
FIRST_LEG: list[Q] = [
    ("ecs-master-nested", {}, "8.8.8.8", "LoadBalancer", "tcp", 80, True),  # 1.15: the services are not in the corpus
    ("widdix-family", {}, "8.8.8.8", "www.example.com", "tcp", 443, True),  # 1.11: alias → CloudFront
]

# INDEX answers the simulator cannot give (yet); each reason was checked against the mapping.
XFAIL: list[tuple[Q, str]] = [
    (
        ("autoscaling-multi-az", {}, "8.8.8.8", "ElasticLoadBalancer", "tcp", 443, True),
        "INDEX answers at the SG/listener level; the ALB's subnets are stand-ins ('placeholder:') in a stand-in VPC "
        "without an internet gateway, so the internet leg rests on them and trace answers 'cannot tell' (None); the "
        "SG/listener level is checked from inside the VPC by "
        "test_alb_security_group_and_listener_answer_from_inside_the_vpc",
    ),
    (
        ("widdix-family", {}, "8.8.8.8", "www.example.com", "tcp", 443, True),
        "the S3 origin is not a network object of the model: trace answers 'cannot tell' past CloudFront",
    ),
    (
        ("widdix-vpc-2azs", {}, "8.8.8.8", "10.0.0.10", "tcp", 22, True),
        "semantics §4.3: a private address is not routable from the internet, and the question names 10.0.0.10 itself "
        "(as S02 does for a real instance without a public IP); INDEX's 'yes at the network level' means a host in "
        "SubnetAPublic reached through the public IP it would get at launch, an address the question does not name",
    ),
]
IPV6: list[Q] = [  # 1.7: out through the egress-only internet gateway, never in
    ("widdix-vpc-2azs", {}, "10.0.16.10", "2001:4860:4860::8888", "tcp", 443, True),
    ("widdix-vpc-2azs", {}, "2001:4860:4860::8888", "10.0.16.10", "tcp", 22, False),
]


def _ids(cases: list[Q]) -> list[str]:
    return [f"{c[0]}:{c[2]}->{c[3]}:{c[4]}{c[5] or ''}" for c in cases]


def _trace(shared: Path, case: Q) -> Any:
    name, extra, source, destination, protocol, port, _ = case
    return trace(imported(shared, name, **extra).design, source, destination, protocol=protocol, port=port)


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_index_answer_holds(shared_dir: Path, case: Q) -> None:
    result = _trace(shared_dir, case)
    assert result.reachable is case[6], result.reason


@pytest.mark.parametrize("case", FIRST_LEG, ids=_ids(FIRST_LEG))
def test_index_answer_holds_for_the_first_connection(shared_dir: Path, case: Q) -> None:
    result = _trace(shared_dir, case)
    assert result.legs[0].reachable is case[6], result.reason


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.xfail(reason=why, strict=True)) for c, why in XFAIL],
    ids=_ids([c for c, _ in XFAIL]),
)
def test_index_answer_the_simulator_cannot_give_yet(shared_dir: Path, case: Q) -> None:
    result = _trace(shared_dir, case)
    assert result.reachable is case[6], result.reason


@pytest.mark.parametrize("case", IPV6, ids=_ids(IPV6))
def test_index_ipv6_answer(shared_dir: Path, case: Q) -> None:
    result = _trace(shared_dir, case)
    assert result.reachable is case[6], result.reason


@pytest.mark.parametrize(("port", "reachable"), [(443, True), (80, False)])
def test_alb_security_group_and_listener_answer_from_inside_the_vpc(
    shared_dir: Path, port: int, reachable: bool
) -> None:
    """1.4: the ALB admits 443 (SG 443 from 0.0.0.0/0, HTTPS listener), not 80. Its subnets are parameters, so
    the question is asked of the node's private address from a host in the same (stand-in) VPC."""
    design = imported(shared_dir, "autoscaling-multi-az").design
    node = derive(design).lb_nodes["ElasticLoadBalancer"][0]
    result = trace(design, "172.16.0.50", node.private_ip, protocol="tcp", port=port)
    assert result.reachable is reachable, result.reason


def test_interface_endpoint_is_reachable_through_its_placeholder_address(shared_dir: Path) -> None:
    """1.20: AWSEC2A → SSM interface endpoint TCP 443: yes (the endpoints use the self-referencing SG)."""
    result = imported(shared_dir, "cantrill-bgp-vpn")
    eni = result.design.resources["AWSssminterfaceendpoint-1"]
    assert eni.private_ip and any(eni.private_ip in i.message and "placeholder" in i.message for i in result.report)
    assert trace(result.design, "AWSEC2A", eni.private_ip, protocol="tcp", port=443).reachable is True


def test_http_to_cloudfront_is_redirected(shared_dir: Path) -> None:
    """1.11: http:// reaches CloudFront, which answers with a redirect to HTTPS."""
    result = _trace(shared_dir, ("widdix-family", {}, "8.8.8.8", "www.example.com", "tcp", 80, True))
    assert result.legs[0].reachable is True and "301" in result.client_sees


def test_ecs_hosts_leave_through_the_nat_of_their_own_az(shared_dir: Path) -> None:
    first = _trace(shared_dir, ("ecs-master-nested", {}, "ECSAutoScalingGroup-1", "8.8.8.8", "tcp", 443, True))
    second = _trace(shared_dir, ("ecs-master-nested", {}, "ECSAutoScalingGroup-2", "8.8.8.8", "tcp", 443, True))
    assert "NatGateway1" in [h.name for h in first.forward] and "NatGateway2" in [h.name for h in second.forward]


def test_ipv6_connection_from_the_internet_stops_at_the_egress_only_gateway(shared_dir: Path) -> None:
    result = _trace(shared_dir, IPV6[1])
    assert result.blocked is not None and result.blocked.kind == "egress-only-internet-gateway", result.reason
    assert result.blocked.direction == "forward"


@pytest.mark.parametrize(("source", "port", "reachable"), [("10.0.2.10", 443, True), ("10.0.2.10", 22, True)])
def test_trace_command_line_works_straight_on_a_template(
    shared_dir: Path, capsys: pytest.CaptureFixture[str], source: str, port: int, reachable: bool
) -> None:
    template = corpus(shared_dir) / AWS_SAMPLES / "VPC" / "VPC_With_Managed_NAT_And_Private_Subnet.yaml"
    code = main(["trace", str(template), "--from", source, "--to", "8.8.8.8", "--port", str(port), "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["reachable"] is reachable


def test_trace_command_line_names_logical_ids(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = corpus(shared_dir) / AWS_SAMPLES / "VPC" / "VPC_With_Managed_NAT_And_Private_Subnet.yaml"
    assert main(["trace", str(template), "--from", "8.8.8.8", "--to", "NATGateway0", "--port", "22", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["reachable"] is False and out["destination"]
