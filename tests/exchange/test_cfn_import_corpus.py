"""Every CloudFormation template of the shared corpus imports into a design, nothing silently dropped.

The counts come from INDEX.md section 1 (active resources after Conditions); the expected design
objects come from reading each template (what it declares and how the model represents it).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from test_cfn_import_cases import CASES, corpus, imported

from vpcdesigner.exchange.cloudformation import load_stacks, read_parameter_file
from vpcdesigner.exchange.report import kind_counts
from vpcdesigner.model import ALLOCATED
from vpcdesigner.model.files import check_references

WORD = re.compile(r"^(mapped|skipped|nested stack|placeholder)")


@pytest.mark.parametrize("name", sorted(CASES))
def test_template_imports_and_every_active_resource_is_accounted_for(shared_dir: Path, name: str) -> None:
    case = CASES[name]
    root = corpus(shared_dir)
    params = dict(case.params)
    if case.param_file:
        params = {**read_parameter_file(root / case.param_file), **params}
    resolved = load_stacks([root / f for f in case.files], _engine_params(params))
    assert len(resolved.resources) == case.active  # the INDEX count, after Conditions
    result = imported(shared_dir, name)
    check_references(result.design)  # every reference names an object of the right kind
    assert not [i for i in result.report if "could not be mapped" in i.message]
    for res in resolved.resources:  # each active resource: one "mapped" line, or a line saying why not
        lines = [i for i in result.report if i.where.endswith(f"resource {res.qualified_id}")]
        assert lines, f"{res.qualified_id} ({res.type}) is not in the report"
        mapped = [i for i in lines if i.message.startswith("mapped:")]
        assert len(mapped) <= 1, [str(i) for i in mapped]
        if not mapped:
            assert any(i.severity != "info" or WORD.match(i.message) for i in lines), [str(i) for i in lines]
    for res in resolved.inactive:
        assert any(f"resource {res.qualified_id}" in i.where and "condition" in i.message for i in result.report)


def _engine_params(params: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in params.items():
        stack, dot, name = key.rpartition(".")
        if dot and not key.startswith("AWS::"):
            out.setdefault(stack, {})[name] = value  # type: ignore[union-attr]
        else:
            out[key] = value
    return out


# Design objects per template, from reading it: what it declares, minus what the model keeps implicit.
KINDS = {
    "vpc-managed-nat-yaml": {
        "vpc": 1,
        "subnet": 4,
        "internet-gateway": 1,
        "nat-gateway": 2,
        "route-table": 3,
        "network-acl": 1,
    },
    "quickstart-defaults": {
        "vpc": 1,
        "subnet": 4,
        "internet-gateway": 1,
        "nat-gateway": 2,
        "route-table": 3,
        "vpc-endpoint": 1,
    },
    "quickstart-4az-b-subnets": {
        "vpc": 1,
        "subnet": 12,
        "internet-gateway": 1,
        "nat-gateway": 4,
        "route-table": 9,
        "network-acl": 4,
        "vpc-endpoint": 1,
    },
    "widdix-vpc-2azs": {
        "vpc": 1,
        "subnet": 4,
        "internet-gateway": 1,
        "egress-only-internet-gateway": 1,
        "route-table": 4,
        "network-acl": 2,
    },
    "jardo-vpc-peering": {
        "vpc": 2,
        "subnet": 2,
        "internet-gateway": 2,
        "route-table": 2,
        "security-group": 2,
        "instance": 2,
        "vpc-peering": 1,
    },
    "ecs-vpc": {"vpc": 1, "subnet": 4, "internet-gateway": 1, "nat-gateway": 2, "route-table": 3},
    # 6 instances; 4 ENIs of which 2 fold into the routers as their primary interface; 6 interface
    # endpoints become 9 interfaces (one per subnet); the S3 gateway endpoint stays an endpoint.
    "cantrill-bgp-vpn": {
        "vpc": 2,
        "subnet": 5,
        "internet-gateway": 1,
        "route-table": 4,
        "security-group": 2,
        "instance": 6,
        "network-interface": 2 + 9,
        "transit-gateway": 1,
        "vpc-endpoint": 1,
    },
}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_design_objects_match_the_template(shared_dir: Path, name: str) -> None:
    assert kind_counts(imported(shared_dir, name).design) == dict(sorted(KINDS[name].items()))


def test_yaml_and_json_twins_import_to_the_same_design(shared_dir: Path) -> None:
    yaml_design = imported(shared_dir, "vpc-managed-nat-yaml").design
    json_design = imported(shared_dir, "vpc-managed-nat-json").design
    assert yaml_design == json_design
    assert yaml_design.resources["PrivateSubnet0"].cidr == "10.0.2.0/24"


def test_quickstart_values_land_in_the_model(shared_dir: Path) -> None:
    design = imported(shared_dir, "quickstart-4az-b-subnets").design
    assert design.resources["PrivateSubnet1B"].cidr == "10.0.192.0/21"
    assert design.resources["PrivateSubnet4B"].availability_zone == "us-east-1d"
    nacl = design.resources["PrivateSubnet1BNetworkAcl"]
    assert nacl.subnets == ("PrivateSubnet1B",)
    assert [(r.number, r.action, r.protocol, r.cidr) for r in nacl.inbound] == [(100, "allow", "all", "0.0.0.0/0")]
    table = design.resources["PrivateSubnet3BRouteTable"]
    assert [(r.destination, r.target) for r in table.routes] == [("0.0.0.0/0", "NATGateway3")]
    assert design.resources["S3VPCEndpoint"].route_tables[:2] == (
        "PrivateSubnet1ARouteTable",
        "PrivateSubnet2ARouteTable",
    )
    assert design.resources["NATGateway1"].elastic_ip == ALLOCATED
    assert design.resources["VPC"].enable_dns_hostnames is True


def test_names_are_logical_ids_and_tags_are_kept(shared_dir: Path) -> None:
    design = imported(shared_dir, "quickstart-defaults").design
    subnet = design.resources["PrivateSubnet1A"]
    assert subnet.name == "PrivateSubnet1A"
    assert subnet.tags == {"Name": "Private subnet 1A", "Network": "Private"}


def test_cross_stack_family_wires_imports_and_qualifies_colliding_ids(shared_dir: Path) -> None:
    result = imported(shared_dir, "widdix-family")
    design = result.design
    nat = design.resources["NatGateway"]
    assert nat.subnet == "SubnetAPublic"  # through Fn::ImportValue of the vpc-2azs export
    assert design.resources["RouteTablePrivate"].routes[-1].target == "NatGateway"  # vpc-nat-gateway's Route
    assert design.resources["RouteTableBPrivate"].routes[-1].target == "EgressOnlyInternetGateway"
    zone = design.resources["HostedZone"]
    assert zone.zone_name == "example.com"
    www = [r for r in zone.records if r.name == "www.example.com"]
    assert {r.type for r in www} == {"A", "AAAA"} and all(r.alias.target == "CloudFrontDistribution" for r in www)
    both = [
        i.where
        for i in result.report
        if i.where.endswith(("resource vpc-nat-gateway.EIP", "resource vpc-ssh-bastion.EIP"))
    ]
    assert len(set(both)) == 2  # the same logical id in two stacks: STACK.LogicalId


def test_ipv6_blocks_assigned_by_aws_are_allocated_placeholders(shared_dir: Path) -> None:
    result = imported(shared_dir, "widdix-vpc-2azs")
    design = result.design
    assert design.resources["VPC"].ipv6_cidr == ALLOCATED
    assert {s.ipv6_cidr for s in design.of_kind("subnet")} == {ALLOCATED}
    assert any("placeholder" in i.message and "IPv6" in i.message for i in result.report)


def test_orphans_and_invalid_rules_are_reported_not_dropped(shared_dir: Path) -> None:
    l7 = imported(shared_dir, "jardo-l7")
    bad = [i for i in l7.report if "LoadBalancerSecurityGroupEgress" in i.where and i.severity == "error"]
    assert bad and "SourceSecurityGroupId" in bad[0].message
    bastion = imported(shared_dir, "widdix-family")
    assert any("vpc-ssh-bastion.EIP" in i.where and "Elastic IP" in i.message for i in bastion.report)
    sample = imported(shared_dir, "ec2-instance-sg")
    sg = sample.design.resources["InstanceSecurityGroup"]
    assert sg.vpc == "default-vpc" and sg.inbound[0].cidr == "0.0.0.0/0"  # 192.168.1.0/0 is all of IPv4
    assert any("host bits" in i.message for i in sample.report)
    assert "placeholder" in sample.design.resources["subnet-0aaa"].description


def test_nothing_without_network_meaning_becomes_an_object(shared_dir: Path) -> None:
    result = imported(shared_dir, "jardo-l4")
    skipped = Counter(i.message.split(" ")[1] for i in result.report if i.message.startswith("skipped: AWS::"))
    assert skipped == {"AWS::IAM::Role": 2, "AWS::IAM::InstanceProfile": 1, "AWS::Logs::LogGroup": 1}
    assert any("FlowLog" in i.where or "flow logs" in i.message for i in result.report)


def test_router_interfaces_fold_into_instances(shared_dir: Path) -> None:
    design = imported(shared_dir, "cantrill-bgp-vpn").design
    router = design.resources["ONPREMRouter1"]
    assert router.subnet == "ONPREMPub" and not router.source_dest_check
    assert router.public_ip == ALLOCATED and router.public_ip_type == "elastic"
    assert design.resources["ONPREMENIR1PRIVATE"].instance == "ONPREMRouter1"
    tgw = design.resources["AWSTGW"]
    assert [t.id for t in tgw.route_tables] == ["AWSTGW-default-route-table"]
    assert tgw.route_tables[0].associations == ("AWSTGWVPC",) == tgw.route_tables[0].propagations


def test_layout_is_automatic_and_complete(shared_dir: Path) -> None:
    design = imported(shared_dir, "quickstart-4az-b-subnets").design
    drawn = {k for k, r in design.resources.items() if r.kind not in ("route-table", "network-acl", "security-group")}
    assert drawn <= set(design.layout)


def test_quickstart_with_every_option_imports_fast(shared_dir: Path) -> None:
    """Issue 6 benchmark target (benchmarks/bench_exchange.py has the full table): ≤ 0.5 s."""
    import time

    from vpcdesigner.exchange.cloudformation.importer import import_templates

    path = corpus(shared_dir) / "aws-quickstart__quickstart-aws-vpc" / "templates" / "aws-vpc.template.yaml"
    params = {**CASES["quickstart-4az-b-subnets"].params, "CreateVPCFlowLogsToCloudWatch": "true"}
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        result = import_templates([str(path)], params)
        timings.append(time.perf_counter() - start)
    assert len(result.design.of_kind("subnet")) == 12
    assert min(timings) < 0.5


def test_a_security_group_attached_to_nothing_is_flagged(shared_dir: Path) -> None:
    """1.4: InstanceSecurityGroup is created but never attached (the launch template uses a parameter)."""
    result = imported(shared_dir, "autoscaling-multi-az")
    flagged = {i.where.rsplit(" ", 1)[-1] for i in result.report if "attached to nothing" in i.message}
    assert flagged == {"InstanceSecurityGroup"}
    assert result.design.resources["WebServerGroup"].launch.security_groups == ("sg-0aaa",)


@pytest.mark.parametrize("name", sorted(CASES))
def test_imported_layout_is_readable(shared_dir: Path, name: str) -> None:
    """Every drawn object placed, siblings never overlap, containers hold their contents (edges excepted)."""
    import itertools

    from vpcdesigner.exchange.layout import EDGE_KINDS, NOT_DRAWN, absolute_boxes, container_of

    design = imported(shared_dir, name).design
    drawable = {rid for rid, r in design.resources.items() if r.kind not in NOT_DRAWN}
    assert set(design.layout) == drawable
    boxes = absolute_boxes(design, dict(design.layout))
    siblings: dict[str | None, list[str]] = {}
    for rid in boxes:
        siblings.setdefault(container_of(design, rid), []).append(rid)
    for parent, kids in siblings.items():
        for a, b in itertools.combinations(sorted(kids), 2):
            assert not boxes[a].overlaps(boxes[b]), f"{a} overlaps {b} in {parent}"
        for kid in kids:
            if parent is not None and design.resources[kid].kind not in EDGE_KINDS:
                assert boxes[parent].contains(boxes[kid]), f"{kid} is outside {parent}"
