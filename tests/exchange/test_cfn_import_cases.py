"""The corpus templates as the import tests load them, with the parameters INDEX.md (section 1) names.

Shared by the other test_cfn_import_* files (this file holds no tests of its own). Required
parameters get plausible values; templates with a stack-params.json use it (the Jardo72 AMI
mappings only know eu-* regions, where the author deployed); cross-stack families load together
and the ecs-refarch parent finds its children by the sibling-file rule. Designs are cached per
session: importing is deterministic and the tests only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vpcdesigner.exchange.cloudformation.importer import import_templates
from vpcdesigner.exchange.report import ImportResult

AWS_SAMPLES = "aws-cloudformation__aws-cloudformation-templates"
QUICKSTART = "aws-quickstart__quickstart-aws-vpc/templates/aws-vpc.template.yaml"
WIDDIX = "widdix__aws-cf-templates"
JARDO = "Jardo72__AWS-Sandbox"
ECS = "aws-samples__ecs-refarch-cloudformation"
CANTRILL = "acantril__learn-cantrill-io-labs/aws-hybrid-bgpvpn/01_DEMOSETUP/BGPVPNINFRA.yaml"


@dataclass(frozen=True)
class Case:
    """Templates imported together, their parameters, and the active-resource count INDEX.md states."""

    files: tuple[str, ...]
    active: int
    params: dict[str, str] = field(default_factory=dict)
    param_file: str | None = None


QUICKSTART_4AZ = {
    "AvailabilityZones": "us-east-1a,us-east-1b,us-east-1c,us-east-1d",
    "NumberOfAZs": "4",
    "CreateAdditionalPrivateSubnets": "true",
}
ECS_CHILD = {"EnvironmentName": "demo", "VPC": "vpc-0aaa", "Subnets": "subnet-0a,subnet-0b", "SecurityGroup": "sg-0a"}
EU = {"AWS::Region": "eu-central-1"}

CASES: dict[str, Case] = {
    "ec2-instance-sg": Case(
        (f"{AWS_SAMPLES}/EC2/EC2InstanceWithSecurityGroupSample.yaml",),
        2,
        {"KeyName": "my-key", "Subnets": "subnet-0aaa,subnet-0bbb"},
    ),
    "vpc-managed-nat-yaml": Case((f"{AWS_SAMPLES}/VPC/VPC_With_Managed_NAT_And_Private_Subnet.yaml",), 26),
    "vpc-managed-nat-json": Case((f"{AWS_SAMPLES}/VPC/VPC_With_Managed_NAT_And_Private_Subnet.json",), 26),
    "autoscaling-multi-az": Case(
        (f"{AWS_SAMPLES}/AutoScaling/AutoScalingMultiAZWithNotifications.yaml",),
        12,
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
    "quickstart-defaults": Case((QUICKSTART,), 24, {"AvailabilityZones": "us-east-1a,us-east-1b"}),
    "quickstart-4az-b-subnets": Case((QUICKSTART,), 72, QUICKSTART_4AZ),
    "widdix-vpc-2azs": Case((f"{WIDDIX}/vpc/vpc-2azs.yaml",), 37),
    "widdix-family": Case(
        (
            f"{WIDDIX}/vpc/vpc-2azs.yaml",
            f"{WIDDIX}/vpc/vpc-nat-gateway.yaml",
            f"{WIDDIX}/vpc/vpc-ssh-bastion.yaml",
            f"{WIDDIX}/vpc/zone-public.yaml",
            f"{WIDDIX}/static-website/static-website.yaml",
        ),
        37 + 3 + 7 + 1 + 6,
        {
            "vpc-nat-gateway.ParentVPCStack": "vpc-2azs",
            "vpc-ssh-bastion.ParentVPCStack": "vpc-2azs",
            "zone-public.Name": "example.com",
            "static-website.ParentZoneStack": "zone-public",
        },
    ),
    "jardo-vpc-peering": Case(
        (f"{JARDO}/VPC-Peering/cloud-formation-template.yml",), 21, EU, f"{JARDO}/VPC-Peering/stack-params.json"
    ),
    "jardo-l4": Case(
        (f"{JARDO}/L4-Load-Balancing/cloud-formation-template.yml",),
        33,
        EU,
        f"{JARDO}/L4-Load-Balancing/stack-params.json",
    ),
    "jardo-l7": Case(
        (f"{JARDO}/L7-Load-Balancing/cloud-formation-template.yml",),
        25,
        EU,
        f"{JARDO}/L7-Load-Balancing/stack-params.json",
    ),
    # The parent plus the four children found by the sibling rule (the 3 service stacks are not in the corpus).
    "ecs-master-nested": Case((f"{ECS}/master.yaml",), 7 + 21 + 2 + 3 + 7),
    "ecs-vpc": Case((f"{ECS}/infrastructure/vpc.yaml",), 21, {"EnvironmentName": "demo"}),
    "ecs-security-groups": Case(
        (f"{ECS}/infrastructure/security-groups.yaml",), 2, {"EnvironmentName": "demo", "VPC": "vpc-0aaa"}
    ),
    "ecs-load-balancers": Case((f"{ECS}/infrastructure/load-balancers.yaml",), 3, ECS_CHILD),
    "ecs-cluster": Case((f"{ECS}/infrastructure/ecs-cluster.yaml",), 7, ECS_CHILD),
    "cantrill-bgp-vpn": Case((CANTRILL,), 53),
}

_cache: dict[tuple[str, tuple[tuple[str, str], ...]], ImportResult] = {}


def corpus(shared: Path) -> Path:
    return shared / "corpus" / "cloudformation"


def imported(shared: Path, name: str, **extra: str) -> ImportResult:
    """The import of case `name` (with `extra` parameters on top), cached."""
    key = (name, tuple(sorted(extra.items())))
    if key not in _cache:
        case = CASES[name]
        root = corpus(shared)
        param_file = str(root / case.param_file) if case.param_file else None
        _cache[key] = import_templates([str(root / f) for f in case.files], {**case.params, **extra}, param_file)
    return _cache[key]
