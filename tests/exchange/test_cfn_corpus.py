"""Every CloudFormation template of the shared corpus resolves, with the counts INDEX.md states.

Parameters and expected active-resource counts come from reading
../shared/corpus/INDEX.md (section 1): required parameters get plausible values,
templates with a stack-params.json use it, cross-stack families load together and
the ecs-refarch parent finds its children by the sibling-file rule. The corpus is
not part of the repository, so these tests skip when ../shared is absent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from vpcdesigner.exchange.cloudformation import (
    AttrRef,
    ResolvedSet,
    ResourceRef,
    load_stacks,
    read_parameter_file,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CFN = SHARED / "corpus" / "cloudformation"

AWS_SAMPLES = "aws-cloudformation__aws-cloudformation-templates"
QUICKSTART = "aws-quickstart__quickstart-aws-vpc/templates/aws-vpc.template.yaml"
WIDDIX = "widdix__aws-cf-templates"
JARDO = "Jardo72__AWS-Sandbox"
ECS = "aws-samples__ecs-refarch-cloudformation"


@pytest.fixture
def corpus() -> Path:
    if not CFN.is_dir():
        pytest.skip("../shared/corpus is not present (only in the team's checkout and CI)")
    return CFN


@dataclass(frozen=True)
class Case:
    """Templates resolved together, their parameters, and {stack: (declared, active)} from INDEX.md."""

    files: tuple[str, ...]
    counts: dict[str, tuple[int, int]]
    params: dict[str, Any] = field(default_factory=dict)
    param_file: str | None = None
    region: str = "us-east-1"

    def resolve(self, root: Path) -> ResolvedSet:
        params = dict(self.params)
        if self.param_file:
            params.update(read_parameter_file(root / self.param_file))
        return load_stacks([root / f for f in self.files], params, region=self.region)


QUICKSTART_4AZ = {
    "AvailabilityZones": "us-east-1a,us-east-1b,us-east-1c,us-east-1d",
    "NumberOfAZs": "4",
    "CreateAdditionalPrivateSubnets": "true",
}

ECS_CHILD = {"EnvironmentName": "demo", "VPC": "vpc-0aaa", "Subnets": "subnet-0a,subnet-0b", "SecurityGroup": "sg-0a"}

CASES: dict[str, Case] = {
    # 1.1: KeyName and Subnets are required.
    "ec2-instance-sg": Case(
        (f"{AWS_SAMPLES}/EC2/EC2InstanceWithSecurityGroupSample.yaml",),
        {"EC2InstanceWithSecurityGroupSample": (2, 2)},
        {"KeyName": "my-key", "Subnets": "subnet-0aaa,subnet-0bbb"},
    ),
    # 1.2 / 1.3: the YAML/JSON twins.
    "vpc-managed-nat-yaml": Case(
        (f"{AWS_SAMPLES}/VPC/VPC_With_Managed_NAT_And_Private_Subnet.yaml",),
        {"VPC_With_Managed_NAT_And_Private_Subnet": (26, 26)},
    ),
    "vpc-managed-nat-json": Case(
        (f"{AWS_SAMPLES}/VPC/VPC_With_Managed_NAT_And_Private_Subnet.json",),
        {"VPC_With_Managed_NAT_And_Private_Subnet": (26, 26)},
    ),
    # 1.4: eight required parameters.
    "autoscaling-multi-az": Case(
        (f"{AWS_SAMPLES}/AutoScaling/AutoScalingMultiAZWithNotifications.yaml",),
        {"AutoScalingMultiAZWithNotifications": (12, 12)},
        {
            "OperatorEMail": "ops@example.com",
            "KeyName": "my-key",
            "KmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            "SecurityGroups": "sg-0aaa",
            "Subnets": "subnet-0aaa,subnet-0bbb",
            "AZs": "us-east-1a,us-east-1b",
            "VPC": "vpc-0aaa",
        },
    ),
    # 1.6: 24 with defaults (AvailabilityZones required), 72 with 4 AZs + B subnets.
    "quickstart-defaults": Case((QUICKSTART,), {"aws-vpc": (75, 24)}, {"AvailabilityZones": "us-east-1a,us-east-1b"}),
    "quickstart-4az-b-subnets": Case((QUICKSTART,), {"aws-vpc": (75, 72)}, QUICKSTART_4AZ),
    # 1.7-1.11: the widdix family; each consumer names its parent stack, everything else default.
    "widdix-family": Case(
        (
            f"{WIDDIX}/vpc/vpc-2azs.yaml",
            f"{WIDDIX}/vpc/vpc-nat-gateway.yaml",
            f"{WIDDIX}/vpc/vpc-ssh-bastion.yaml",
            f"{WIDDIX}/vpc/zone-public.yaml",
            f"{WIDDIX}/static-website/static-website.yaml",
        ),
        {
            "vpc-2azs": (37, 37),
            "vpc-nat-gateway": (7, 3),
            "vpc-ssh-bastion": (10, 7),
            "zone-public": (1, 1),
            "static-website": (12, 6),
        },
        {
            "vpc-nat-gateway": {"ParentVPCStack": "vpc-2azs"},
            "vpc-ssh-bastion": {"ParentVPCStack": "vpc-2azs"},
            "zone-public": {"Name": "example.com"},
            "static-website": {"ParentZoneStack": "zone-public"},
        },
    ),
    # 1.12-1.14: parameter files; the AMI mappings only know eu-* regions (the author deployed to eu-central-1).
    "jardo-vpc-peering": Case(
        (f"{JARDO}/VPC-Peering/cloud-formation-template.yml",),
        {"cloud-formation-template": (21, 21)},
        param_file=f"{JARDO}/VPC-Peering/stack-params.json",
        region="eu-central-1",
    ),
    "jardo-l4": Case(
        (f"{JARDO}/L4-Load-Balancing/cloud-formation-template.yml",),
        {"cloud-formation-template": (33, 33)},
        param_file=f"{JARDO}/L4-Load-Balancing/stack-params.json",
        region="eu-central-1",
    ),
    "jardo-l7": Case(
        (f"{JARDO}/L7-Load-Balancing/cloud-formation-template.yml",),
        {"cloud-formation-template": (25, 25)},
        param_file=f"{JARDO}/L7-Load-Balancing/stack-params.json",
        region="eu-central-1",
    ),
    # 1.15: the parent finds infrastructure/*.yaml by the sibling rule; the 3 service children are not in the corpus.
    "ecs-master-nested": Case(
        (f"{ECS}/master.yaml",),
        {
            "master": (7, 7),
            "master-VPC": (21, 21),
            "master-SecurityGroups": (2, 2),
            "master-ALB": (3, 3),
            "master-ECS": (7, 7),
        },
    ),
    # 1.16-1.19: the children on their own, with their required parameters.
    "ecs-vpc": Case((f"{ECS}/infrastructure/vpc.yaml",), {"vpc": (21, 21)}, {"EnvironmentName": "demo"}),
    "ecs-security-groups": Case(
        (f"{ECS}/infrastructure/security-groups.yaml",),
        {"security-groups": (2, 2)},
        {"EnvironmentName": "demo", "VPC": "vpc-0aaa"},
    ),
    "ecs-load-balancers": Case((f"{ECS}/infrastructure/load-balancers.yaml",), {"load-balancers": (3, 3)}, ECS_CHILD),
    "ecs-cluster": Case((f"{ECS}/infrastructure/ecs-cluster.yaml",), {"ecs-cluster": (7, 7)}, ECS_CHILD),
    # 1.20
    "cantrill-bgp-vpn": Case(
        ("acantril__learn-cantrill-io-labs/aws-hybrid-bgpvpn/01_DEMOSETUP/BGPVPNINFRA.yaml",),
        {"BGPVPNINFRA": (53, 53)},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_template_resolves_with_index_counts(corpus: Path, name: str) -> None:
    case = CASES[name]
    result = case.resolve(corpus)
    got = {s.name: (len(s.resources) + len(s.inactive), len(s.resources)) for s in result.stacks}
    assert got == case.counts
    for resource in result.resources:
        assert resource.line is not None and resource.file is not None
        assert resource.condition_active


def test_every_corpus_template_is_covered(corpus: Path) -> None:
    templates = {
        str(p.relative_to(corpus))
        for p in corpus.rglob("*")
        if p.suffix in (".yaml", ".yml", ".json", ".template") and p.name != "stack-params.json"
    }
    covered = {f for case in CASES.values() for f in case.files}
    covered |= {f"{ECS}/infrastructure/{n}.yaml" for n in ("vpc", "security-groups", "load-balancers", "ecs-cluster")}
    assert templates <= covered


def test_yaml_and_json_twins_resolve_to_equal_trees(corpus: Path) -> None:
    yaml_set = CASES["vpc-managed-nat-yaml"].resolve(corpus)
    json_set = CASES["vpc-managed-nat-json"].resolve(corpus)
    assert [(r.logical_id, r.type, r.properties) for r in yaml_set.resources] == [
        (r.logical_id, r.type, r.properties) for r in json_set.resources
    ]
    yaml_outputs = {k: (o.value, o.export_name) for k, o in yaml_set.stacks[0].outputs.items()}
    json_outputs = {k: (o.value, o.export_name) for k, o in json_set.stacks[0].outputs.items()}
    assert yaml_outputs == json_outputs
    subnet = yaml_set.resource("PrivateSubnet0").properties
    assert (subnet["CidrBlock"], subnet["AvailabilityZone"]) == ("10.0.2.0/24", "us-east-1a")


def test_quickstart_values(corpus: Path) -> None:
    result = CASES["quickstart-defaults"].resolve(corpus)
    assert result.resource("PrivateSubnet1A").properties["CidrBlock"] == "10.0.0.0/19"
    assert result.resource("PublicSubnet1").properties["CidrBlock"] == "10.0.128.0/20"
    assert result.resource("PublicSubnet2").properties["AvailabilityZone"] == "us-east-1b"
    endpoint = result.resource("S3VPCEndpoint").properties
    assert endpoint["RouteTableIds"] == [
        ResourceRef("PrivateSubnet1ARouteTable", "aws-vpc"),
        ResourceRef("PrivateSubnet2ARouteTable", "aws-vpc"),
    ]
    tags = result.resource("PrivateSubnet1A").properties["Tags"]
    assert tags == [{"Key": "Name", "Value": "Private subnet 1A"}, {"Key": "Network", "Value": "Private"}]
    four = CASES["quickstart-4az-b-subnets"].resolve(corpus)
    assert four.resource("PrivateSubnet1B").properties["CidrBlock"] == "10.0.192.0/21"
    assert len(four.stacks[0].outputs) == 44  # every output's condition holds with 4 AZs + B subnets


def test_quickstart_rule_is_enforced(corpus: Path) -> None:
    from vpcdesigner.exchange.cloudformation import RuleViolationError

    params = {"AvailabilityZones": "us-east-1a,us-east-1b", "CreatePublicSubnets": "false"}
    with pytest.raises(RuleViolationError) as info:
        load_stacks([corpus / QUICKSTART], params)
    assert info.value.rule == "NAT"
    assert "aws-vpc.template.yaml line" in str(info.value)


def test_quickstart_demands_availability_zones(corpus: Path) -> None:
    from vpcdesigner.exchange.cloudformation import ParameterError

    with pytest.raises(ParameterError, match="'AvailabilityZones'"):
        load_stacks([corpus / QUICKSTART])


def test_cross_stack_family_wires_markers(corpus: Path) -> None:
    result = CASES["widdix-family"].resolve(corpus)
    assert [s.name for s in result.stacks][:2] == ["vpc-2azs", "vpc-nat-gateway"]
    route = result.resource("Route").properties
    assert route["RouteTableId"] == ResourceRef("RouteTablePrivate", "vpc-2azs")
    assert route["NatGatewayId"] == ResourceRef("NatGateway", "vpc-nat-gateway")
    assert result.resource("NatGateway").properties["SubnetId"] == ResourceRef("SubnetAPublic", "vpc-2azs")
    subnets = result.resource("AutoScalingGroup").properties["VPCZoneIdentifier"]
    assert subnets == [ResourceRef("SubnetAPublic", "vpc-2azs"), ResourceRef("SubnetBPublic", "vpc-2azs")]
    assert result.resource("SubnetAPrivate").properties["Ipv6CidrBlock"] == "2001:db8:0:101::/64"
    ids = {r.qualified_id for r in result.resources}
    assert {"vpc-nat-gateway.EIP", "vpc-ssh-bastion.EIP"} <= ids


def test_peering_and_cidr_values(corpus: Path) -> None:
    peering = CASES["jardo-vpc-peering"].resolve(corpus)
    cidrs = sorted(r.properties["CidrBlock"] for r in peering.resources if r.type == "AWS::EC2::Subnet")
    assert cidrs == ["10.0.0.0/24", "10.1.0.0/24"]
    l4 = CASES["jardo-l4"].resolve(corpus)
    cidrs = sorted(r.properties["CidrBlock"] for r in l4.resources if r.type == "AWS::EC2::Subnet")
    assert cidrs == [f"10.0.{i}.0/24" for i in range(6)]


def test_nested_parent_overrides_child_defaults(corpus: Path) -> None:
    result = CASES["ecs-master-nested"].resolve(corpus)
    assert result.resource("master-VPC.VPC").properties["CidrBlock"] == "10.180.0.0/16"
    hosts = result.resource("ECSAutoScalingGroup").properties["VPCZoneIdentifier"]
    targets = [result.target(ref) for ref in hosts]
    assert [t.properties["CidrBlock"] for t in targets if t is not None] == ["10.180.24.0/21", "10.180.32.0/21"]
    url = result.stack("master").outputs["ProductServiceUrl"].value
    assert url.parts == (AttrRef("LoadBalancer", "DNSName", "master-ALB"), "/products")
    missing = [w for w in result.warnings if "was not found" in str(w)]
    assert {w.logical_id for w in missing} == {"ProductService", "WebsiteService", "LifecycleHook"}


def test_quickstart_all_options_is_fast(corpus: Path) -> None:
    params = {**QUICKSTART_4AZ, "CreateVPCFlowLogsToCloudWatch": "true"}
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        result = load_stacks([corpus / QUICKSTART], params)
        timings.append(time.perf_counter() - start)
    assert len(result.resources) == 75
    assert min(timings) < 0.5
