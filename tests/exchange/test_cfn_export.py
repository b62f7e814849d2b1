"""CloudFormation export: cfn-lint clean, every reference resolvable, Metadata complete and exact."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_cfn_export_every_kind import every_kind_design

from vpcdesigner.exchange.cloudformation import load_stacks
from vpcdesigner.exchange.cloudformation.export import (
    METADATA_KEY,
    ExportError,
    dump_template,
    export_template,
    template_yaml,
)
from vpcdesigner.exchange.cloudformation.yaml_syntax import parse_yaml
from vpcdesigner.model import CLASS_FOR_KIND, Design, load
from vpcdesigner.model.files import to_data

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.vpcd.json"))
ALNUM = re.compile(r"^[A-Za-z0-9]+$")


@functools.cache
def _lint_text(text: str) -> tuple[Any, ...]:
    from cfnlint.api import ManualArgs, lint

    return tuple(lint(text, config=ManualArgs(regions=["us-east-1"])))


def _lint(template: dict[str, Any]) -> list[Any]:
    """cfn-lint matches (cached by text: linting costs seconds)."""
    return list(_lint_text(template_yaml(template)))


@pytest.fixture(scope="module")
def anycompany() -> Design:
    return load(SAMPLES[0].parent / "anycompany.vpcd.json")


@pytest.fixture(scope="module")
def every_kind() -> Design:
    return every_kind_design()


# ---- cfn-lint ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_every_sample_exports_to_a_template_cfn_lint_accepts(sample: Path) -> None:
    errors = [m for m in _lint(export_template(load(sample))) if m.rule.severity == "error"]
    assert errors == [], "\n".join(str(m) for m in errors)


def test_anycompany_and_every_kind_have_no_cfn_lint_warnings_either(anycompany: Design, every_kind: Design) -> None:
    for design in (anycompany, every_kind):
        matches = _lint(export_template(design))
        assert matches == [], "\n".join(str(m) for m in matches)


def test_cfn_lint_would_catch_a_broken_template(anycompany: Design) -> None:
    """Guards the lint tests above against passing vacuously (a subnet without its VPC)."""
    template = export_template(anycompany)
    subnet = template["Resources"]["PublicA"]
    del subnet["Properties"]["VpcId"]
    broken = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"PublicA": subnet}}
    assert any(m.rule.severity == "error" for m in _lint(broken))


# ---- structure -----------------------------------------------------------------------------------

def _walk(node: Any, found: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("Ref", "Fn::GetAtt", "Fn::Sub", "Fn::If", "Condition"):
                found.append((key, value))
            _walk(value, found)
    elif isinstance(node, list):
        for item in node:
            _walk(item, found)
    return found


@pytest.mark.parametrize("which", ["anycompany", "every_kind"])
def test_every_ref_getatt_and_condition_points_at_something_declared(which: str, request: Any) -> None:
    template = export_template(request.getfixturevalue(which))
    resources, parameters = template["Resources"], template.get("Parameters", {})
    conditions = template.get("Conditions", {})
    found = _walk([template["Resources"], template.get("Outputs", {}), conditions], [])
    assert found
    for key, value in found:
        if key == "Ref":
            assert value in resources or value in parameters or value.startswith("AWS::"), value
        elif key == "Fn::GetAtt":
            assert value[0] in resources, value
        elif key == "Fn::Sub":
            for name in re.findall(r"\$\{([^}!]+)\}", value):
                assert name.split(".")[0] in resources or name.startswith("AWS::"), name
        elif key == "Fn::If":
            assert value[0] in conditions, value
    for body in resources.values():
        depends = body.get("DependsOn", [])
        for name in [depends] if isinstance(depends, str) else depends:
            assert name in resources
    assert all(ALNUM.match(name) for name in [*resources, *parameters])


@pytest.mark.parametrize("which", ["anycompany", "every_kind"])
def test_every_design_object_is_a_resource_a_parameter_or_kept_whole(which: str, request: Any) -> None:
    design: Design = request.getfixturevalue(which)
    template = export_template(design)
    meta = template["Metadata"][METADATA_KEY]
    declared = {**template["Resources"], **template.get("Parameters", {})}
    offline = {item["id"] for item in meta["offline"]}
    mapped = meta["logical_ids"]
    assert set(design.resources) <= set(mapped) | offline
    assert all(mapped[rid] in declared for rid in mapped)
    assert len(set(mapped.values())) == len(mapped)  # the map inverts
    for rid in set(mapped) & set(design.resources):
        if rid not in offline:
            assert template["Resources"][mapped[rid]]["Type"].startswith("AWS::")


def test_metadata_rebuilds_every_field_the_template_does_not_carry(every_kind: Design) -> None:
    """Offline objects come back whole; extras/defaults are valid design values (applying them is a no-op)."""
    text = template_yaml(export_template(every_kind))
    meta = parse_yaml(text, None)["Metadata"][METADATA_KEY]
    for item in meta["offline"]:
        rebuilt = CLASS_FOR_KIND[item["kind"]].model_validate(item)
        assert rebuilt == every_kind.resources[item["id"]]
    for rid, fields in meta["extras"].items():
        original = every_kind.resources[rid]
        assert original.with_changes(**fields) == original
    for rid, names in meta["defaults"].items():
        original = every_kind.resources[rid]
        cls = type(original)
        for name in names:
            assert getattr(original, name) == cls.model_fields[name].get_default(call_default_factory=True)
    data = to_data(every_kind)
    assert meta["layout"] == data["layout"]
    assert meta["notes"] == data["notes"] and meta["scenarios"] == data["scenarios"]
    assert meta["design"]["name"] == every_kind.name


def _dotted_getatt(node: Any) -> Any:
    """`!GetAtt A.B` reads back as {"Fn::GetAtt": "A.B"}; the built template has ["A", "B"]."""
    if isinstance(node, dict):
        if set(node) == {"Fn::GetAtt"} and isinstance(node["Fn::GetAtt"], str):
            return {"Fn::GetAtt": node["Fn::GetAtt"].split(".", 1)}
        return {k: _dotted_getatt(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_dotted_getatt(v) for v in node]
    return node


@pytest.mark.parametrize("which", ["anycompany", "every_kind"])
def test_the_template_round_trips_through_yaml(which: str, request: Any) -> None:
    template = export_template(request.getfixturevalue(which))
    text = template_yaml(template)
    assert "&id" not in text and "*id" not in text  # no YAML anchors: CloudFormation rejects them
    assert "!Ref " in text and "Fn::" not in text.split("\nResources:")[1]  # short forms for people
    assert _dotted_getatt(parse_yaml(text, None)) == template  # the import engine reads it back as built
    assert yaml.safe_load(template_yaml(template, short=False)) == template
    plain = yaml.safe_load(text[text.index("\nMetadata:"):])
    assert plain["Metadata"] == template["Metadata"]  # Metadata is plain YAML, readable by any tool


def test_export_is_deterministic(every_kind: Design) -> None:
    assert template_yaml(export_template(every_kind)) == template_yaml(export_template(every_kind_design()))


# ---- what AnyCompany becomes ------------------------------------------------------------------------

def _of_type(template: dict[str, Any], cfn_type: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == cfn_type}


def test_anycompany_maps_to_the_expected_resources(anycompany: Design) -> None:
    t = export_template(anycompany)
    res = t["Resources"]
    assert len(_of_type(t, "AWS::EC2::Subnet")) == 4
    assert len(_of_type(t, "AWS::EC2::NatGateway")) == 2 and len(_of_type(t, "AWS::EC2::EIP")) == 2
    assert res["StoreVpc"]["Properties"]["CidrBlock"] == "10.0.0.0/16"
    assert res["IgwAttachment"]["Properties"] == {"VpcId": {"Ref": "StoreVpc"}, "InternetGatewayId": {"Ref": "Igw"}}
    route = res["RtbPublicRoute1"]
    assert route["DependsOn"] == "IgwAttachment" and route["Properties"]["GatewayId"] == {"Ref": "Igw"}
    # SG-to-SG rules stand alone (no circular dependency between alb-sg and web-sg)
    assert "SecurityGroupIngress" not in res["WebSg"]["Properties"]
    assert res["WebSgIngress1"]["Properties"]["SourceSecurityGroupId"] == {"Ref": "AlbSg"}
    assert res["AlbSg"]["Properties"]["SecurityGroupIngress"][0]["SourcePrefixListId"] == {"Ref": "PlCloudfront"}
    # the managed CloudFront list is a parameter with the us-east-1 id as default
    assert t["Parameters"]["PlCloudfront"]["Default"].startswith("pl-")
    # the default SG with AWS's own rules is the VPC's, referred to, never declared
    meta = t["Metadata"][METADATA_KEY]
    offline = {item["id"] for item in meta["offline"]}
    assert {"default-sg", "default-nacl", "corp-office", "datacenter", "dc-dx", "customer", "isp-resolver",
            "pl-cloudfront"} <= offline
    assert res["VgwRoutePropagation"]["Properties"]["RouteTableIds"] == [{"Ref": "RtbPrivateA"}, {"Ref": "RtbPrivateB"}]
    assert [r["Properties"]["DestinationCidrBlock"] for r in _of_type(t, "AWS::EC2::VPNConnectionRoute").values()] \
        == ["172.16.0.0/16", "172.17.0.0/16"]
    records = res["AnycompanyExampleRecords"]["Properties"]["RecordSets"]
    assert {r["AliasTarget"]["HostedZoneId"] for r in records} == {"Z2FDTNDATAQYW2"}
    assert res["Db"]["Properties"]["PrivateIpAddress"] == "10.0.11.10"
    assert res["Db"]["Properties"]["ImageId"] == {"Ref": "LinuxArm64AmiId"}  # r6g is Graviton
    assert t["Parameters"]["LinuxAmiId"]["Type"] == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"
    assert meta["extras"]["nat-a"] == {"elastic_ip": "203.0.113.21"}
    assert meta["logical_ids"]["anycompany.example"] == "AnycompanyExample"


def test_https_listener_uses_the_certificate_parameter_when_given(anycompany: Design, tmp_path: Path) -> None:
    """Without a certificate the listener deploys as HTTP on 443; with one it is HTTPS."""
    path = tmp_path / "store.yaml"
    dump_template(anycompany, path)
    plain = load_stacks([path]).stacks[0]
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    secure = load_stacks([path], {"CertificateArn": arn}).stacks[0]

    def listener(stack: Any) -> dict[str, Any]:
        return next(r.properties for r in stack.resources if r.logical_id == "StoreAlbListener1")

    assert listener(plain)["Protocol"] == "HTTP" and "Certificates" not in listener(plain)
    assert listener(secure)["Protocol"] == "HTTPS"
    assert listener(secure)["Certificates"] == [{"CertificateArn": arn}]


def test_the_import_engine_resolves_every_exported_resource(every_kind: Design, tmp_path: Path) -> None:
    path = tmp_path / "every.yaml"
    dump_template(every_kind, path)
    stack = load_stacks([path]).stacks[0]
    assert stack.inactive == []
    assert {r.logical_id for r in stack.resources} == set(export_template(every_kind)["Resources"])


# ---- corners ---------------------------------------------------------------------------------------

def test_replaced_defaults_become_resources_with_explicit_associations(every_kind: Design) -> None:
    t = export_template(every_kind)
    res = t["Resources"]
    meta = t["Metadata"][METADATA_KEY]
    assert res["HubNaclDefault"]["Type"] == "AWS::EC2::NetworkAcl"
    links = _of_type(t, "AWS::EC2::SubnetNetworkAclAssociation").values()
    associated = {v["Properties"]["SubnetId"]["Ref"] for v in links
                  if v["Properties"]["NetworkAclId"] == {"Ref": "HubNaclDefault"}}
    assert associated == {"HubPubA", "HubPubB"}  # the subnets without a NACL of their own
    assert meta["extras"]["hub-nacl-default"]["default"] is True
    # an instance without groups gets the replaced default group explicitly, and Metadata says "none"
    assert res["HubPlain"]["Properties"]["SecurityGroupIds"] == [{"Ref": "HubSgDefault"}]
    assert "security_groups" in meta["defaults"]["hub-plain"]
    # the untouched defaults of the spoke VPC are the VPC's own
    assert res["SpokeApp"]["Properties"]["SecurityGroupIds"] == [
        {"Fn::GetAtt": ["SpokeVpc", "DefaultSecurityGroup"]}]


def test_security_group_without_egress_gets_a_placeholder_rule(every_kind: Design) -> None:
    t = export_template(every_kind)
    egress = t["Resources"]["HubDbSg"]["Properties"]["SecurityGroupEgress"]
    assert egress == [{"IpProtocol": "-1", "CidrIp": "127.0.0.1/32",
                       "Description": "vpcdesigner placeholder - no other egress"}]
    assert t["Metadata"][METADATA_KEY]["extras"]["hub-db-sg"]["outbound"] == []


def test_routes_use_the_right_target_property(every_kind: Design) -> None:
    t = export_template(every_kind)
    targets = {}
    for body in _of_type(t, "AWS::EC2::Route").values():
        props = body["Properties"]
        dest = [k for k in props if k.startswith("Destination")]
        target = [k for k in props if k not in ("RouteTableId", *dest)]
        assert len(dest) == 1 and len(target) == 1
        targets[target[0]] = props
    assert set(targets) == {"GatewayId", "NatGatewayId", "EgressOnlyInternetGatewayId", "InstanceId",
                            "VpcPeeringConnectionId", "TransitGatewayId", "NetworkInterfaceId"}
    assert targets["InstanceId"]["DestinationPrefixListId"] == {"Ref": "PartnerList"}
    assert targets["EgressOnlyInternetGatewayId"]["DestinationIpv6CidrBlock"] == "::/0"
    # the gateway endpoint's route is its RouteTableIds, not an AWS::EC2::Route
    assert t["Resources"]["HubS3"]["Properties"]["RouteTableIds"] == [{"Ref": "HubRtbApp"}]


def test_an_empty_design_still_gives_a_valid_template() -> None:
    t = export_template(Design(name="Nothing yet"))
    assert len(t["Resources"]) == 1
    assert [m for m in _lint(t) if m.rule.severity == "error"] == []


def test_dump_template_writes_yaml_and_reports_unwritable_paths(anycompany: Design, tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    dump_template(anycompany, target)
    assert parse_yaml(target.read_text(), None)["Resources"]["StoreVpc"]["Type"] == "AWS::EC2::VPC"
    with pytest.raises(ExportError, match="missing-dir"):
        dump_template(anycompany, tmp_path / "missing-dir" / "out.yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]  # nothing half-written


# ---- the CARRIED contract ------------------------------------------------------------------------------

def test_carried_fields_name_real_model_fields_for_every_exported_kind() -> None:
    from vpcdesigner.exchange.cloudformation.export import OFFLINE_KINDS
    from vpcdesigner.exchange.cloudformation.export_context import CARRIED
    from vpcdesigner.model import KINDS

    assert set(CARRIED) == set(KINDS) - OFFLINE_KINDS
    for kind, fields in CARRIED.items():
        assert fields <= set(CLASS_FOR_KIND[kind].model_fields), kind


def test_every_field_the_template_does_not_state_travels_in_extras(every_kind: Design) -> None:
    from vpcdesigner.exchange.cloudformation.export_context import ALWAYS_CARRIED, CARRIED

    meta = export_template(every_kind)["Metadata"][METADATA_KEY]
    offline = {item["id"] for item in meta["offline"]}
    checked = 0
    for r in every_kind.resources.values():
        if r.id in offline:
            continue
        for name, info in type(r).model_fields.items():
            if name in CARRIED[r.kind] | ALWAYS_CARRIED:
                continue
            if getattr(r, name) != info.get_default(call_default_factory=True):
                assert name in meta["extras"].get(r.id, {}), (r.id, name)
                checked += 1
    assert checked > 10


def test_awkward_names_and_values_still_lint_clean_and_travel_exactly() -> None:
    from vpcdesigner.model.files import design_from_data

    long_text = "Ünïcode 名前 " * 30
    design = design_from_data({"format": "vpcdesigner", "format_version": 1, "name": "odd", "resources": [
        {"id": "key-name", "kind": "vpc", "name": long_text[:256], "cidr": "10.9.0.0/16",
         "tags": {"aws:cloudformation:stack-name": "x", "cost centre": "42"}},
        {"id": "key.name", "kind": "subnet", "vpc": "key-name", "availability_zone": "us-east-1a",
         "cidr": "10.9.1.0/24"},
        {"id": "sg", "kind": "security-group", "vpc": "key-name", "group_name": "default",
         "description": long_text[:300]},
        {"id": "web", "kind": "instance", "subnet": "key.name", "security_groups": ["sg"]},
        {"id": "pl", "kind": "prefix-list", "name": "com.amazonaws.fake", "entries": ["192.0.2.0/24"]},
        {"id": "zone", "kind": "hosted-zone", "zone_name": "odd.example", "description": long_text[:400],
         "records": [{"name": "a.odd.example", "values": ["192.0.2.5"]},
                     {"name": "a.odd.example", "values": ["192.0.2.6"]}]},
    ]})
    t = export_template(design)
    assert [m for m in _lint(t) if m.rule.severity == "error"] == []
    meta = t["Metadata"][METADATA_KEY]
    assert meta["logical_ids"]["key-name"] == "KeyName2"  # the KeyName parameter keeps its name
    assert t["Parameters"]["KeyName"]["Type"] == "String"
    assert meta["logical_ids"]["key.name"] == "KeyName3"
    assert "GroupName" not in t["Resources"]["Sg"]["Properties"]
    assert meta["extras"]["sg"]["group_name"] == "default"
    assert meta["extras"]["key-name"]["tags"]["aws:cloudformation:stack-name"] == "x"
    assert t["Resources"]["Pl"]["Properties"]["PrefixListName"] == "pl"
    assert meta["extras"]["zone"]["records"][1]["values"] == ["192.0.2.6"]  # a duplicate name+type
    for rid, fields in meta["extras"].items():
        assert design.resources[rid].with_changes(**fields) == design.resources[rid]


def test_strings_that_look_like_numbers_stay_strings_for_yaml_1_2_readers(tmp_path: Path) -> None:
    """PyYAML (YAML 1.1) writes 1e3 and 0o17 bare; CloudFormation and our loader read them as numbers."""
    from vpcdesigner.model import Vpc

    design = Design(resources={"v": Vpc(id="v", name="1e3", cidr="10.0.0.0/16", tags={"n": "0o17", "m": "12"})})
    path = tmp_path / "t.yaml"
    dump_template(design, path)
    stack = load_stacks([path]).stacks[0]
    tags = {t["Key"]: t["Value"] for t in stack.resources[0].properties["Tags"]}
    assert tags == {"Name": "1e3", "m": "12", "n": "0o17"}


def test_objects_aws_would_refuse_are_kept_in_metadata_with_a_warning(every_kind: Design) -> None:
    """An ALB in one AZ, or a distribution whose only origin is such an ALB, cannot deploy."""
    from vpcdesigner.exchange.cloudformation.export import build_template

    alb = every_kind.resources["hub-alb"]
    cdn = every_kind.resources["cdn"]
    design = every_kind.model_copy(update={"resources": {
        **every_kind.resources,
        "hub-alb": alb.with_changes(subnets=("hub-pub-a", "hub-app-a")),  # both in us-east-1a
        "cdn": cdn.with_changes(origins=(cdn.origins[0],), default_origin=cdn.origins[0].id),
    }})
    template, warnings = build_template(design)
    offline = {item["id"] for item in template["Metadata"][METADATA_KEY]["offline"]}
    assert {"hub-alb", "cdn"} <= offline
    assert "HubAlb" not in template["Resources"] and "Cdn" not in template["Resources"]
    assert any("hub-alb" in w and "two Availability Zones" in w for w in warnings)
    assert [m for m in _lint(template) if m.rule.severity == "error"] == []
