"""Each intrinsic function, and the errors they raise (which must name file, line and resource)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from vpcdesigner.exchange.cloudformation import (
    AttrRef,
    CircularReferenceError,
    Deferred,
    IntrinsicError,
    ResolvedSet,
    ResourceRef,
    TemplateError,
    Unresolved,
    UnresolvedReferenceError,
    load_stacks,
)
from vpcdesigner.exchange.cloudformation.values import concat

HEAD = """\
Parameters:
  Env:
    Type: String
    Default: prod
  Cidr:
    Type: String
    Default: 10.0.0.0/16
  Zones:
    Type: CommaDelimitedList
    Default: a,b,c
Mappings:
  Regions:
    us-east-1:
      Ami: ami-1
      Azs: [x, y]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref Cidr
"""


def resolve(tmp_path: Path, props: str, *, extra: str = "", **kwargs: Any) -> ResolvedSet:
    """Resolve HEAD plus a resource ``Thing`` whose properties are ``props`` (YAML, 6-space indent)."""
    text = HEAD + "  Thing:\n    Type: Custom::Thing\n    Properties:\n" + props + extra
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return load_stacks([path], **kwargs)


def thing(tmp_path: Path, props: str, **kwargs: Any) -> dict[str, Any]:
    result = resolve(tmp_path, props, **kwargs)
    found = [r for r in result.resources if r.logical_id == "Thing"]
    return found[0].properties


def error(tmp_path: Path, props: str, kind: type[TemplateError] = TemplateError, **kwargs: Any) -> TemplateError:
    with pytest.raises(kind) as info:
        resolve(tmp_path, props, **kwargs)
    return info.value


THING_LINE = HEAD.count("\n") + 1  # the line of "Thing:"


def test_ref_parameter_and_resource(tmp_path: Path) -> None:
    props = thing(tmp_path, "      A: !Ref Env\n      B: !Ref Vpc\n      C: !Ref Zones\n")
    assert props == {"A": "prod", "B": ResourceRef("Vpc", "t"), "C": ["a", "b", "c"]}


def test_ref_to_unknown_name(tmp_path: Path) -> None:
    err = error(tmp_path, "      A: !Ref Nope\n", UnresolvedReferenceError)
    assert err.logical_id == "Thing"
    assert err.line == THING_LINE + 3
    assert err.path == "Properties.A.Ref"
    assert str(err).startswith(f"t.yaml line {THING_LINE + 3}, resource Thing (Properties.A.Ref): 'Nope'")


def test_ref_to_itself_is_circular(tmp_path: Path) -> None:
    err = error(tmp_path, "      A: !Ref Thing\n", CircularReferenceError)
    assert "Thing refers to itself" in str(err)


def test_ref_needs_a_name(tmp_path: Path) -> None:
    err = error(tmp_path, "      A: !Ref ''\n", IntrinsicError)
    assert "Ref takes the name" in str(err)


def test_get_att_both_forms(tmp_path: Path) -> None:
    props = thing(
        tmp_path,
        "      A: !GetAtt Vpc.DefaultSecurityGroup\n"
        "      B: {'Fn::GetAtt': [Vpc, !Sub 'Default${Env}']}\n"
        "      C: !GetAtt Vpc.Some.Dotted\n",
    )
    assert props["A"] == AttrRef("Vpc", "DefaultSecurityGroup", "t")
    assert props["B"] == AttrRef("Vpc", "Defaultprod", "t")
    assert props["C"] == AttrRef("Vpc", "Some.Dotted", "t")


def test_get_att_errors(tmp_path: Path) -> None:
    assert "has no resource 'Nope'" in str(error(tmp_path, "      A: !GetAtt Nope.Arn\n", UnresolvedReferenceError))
    assert "needs 'Resource.Attribute'" in str(error(tmp_path, "      A: !GetAtt Vpc\n", IntrinsicError))


def test_sub_string_form(tmp_path: Path) -> None:
    props = thing(
        tmp_path,
        "      A: !Sub '${AWS::Region}-${Env}'\n"
        "      B: !Sub 'id ${Vpc} cidr ${Vpc.CidrBlock}'\n"
        "      C: !Sub '${!Literal} and ${Env}'\n"
        "      D: !Sub '${Vpc}'\n"
        "      E: !Sub 'no variables'\n",
    )
    assert props["A"] == "us-east-1-prod"
    assert props["B"] == Deferred(("id ", ResourceRef("Vpc", "t"), " cidr ", AttrRef("Vpc", "CidrBlock", "t")))
    assert str(props["B"]) == "id ${Vpc} cidr ${Vpc.CidrBlock}"
    assert props["C"] == "${Literal} and prod"
    assert props["D"] == ResourceRef("Vpc", "t")
    assert props["E"] == "no variables"


def test_sub_variable_map(tmp_path: Path) -> None:
    props = thing(
        tmp_path,
        "      A: !Sub\n        - '${Name}.${Domain}'\n        - Name: !Ref Env\n          Domain: example.com\n",
    )
    assert props["A"] == "prod.example.com"


def test_sub_errors(tmp_path: Path) -> None:
    assert "is a list" in str(error(tmp_path, "      A: !Sub '${Zones}'\n", IntrinsicError))
    assert "'Nope' is not a parameter" in str(error(tmp_path, "      A: !Sub 'x-${Nope}'\n", UnresolvedReferenceError))
    err = error(tmp_path, "      A: !Sub [1, 2]\n", IntrinsicError)
    assert "Fn::Sub takes a string" in str(err) and err.logical_id == "Thing"


def test_join(tmp_path: Path) -> None:
    props = thing(
        tmp_path,
        "      A: !Join ['-', [a, !Ref Env, 3]]\n"
        "      B: !Join [',', !Ref Zones]\n"
        "      C: !Join [',', [!Ref Vpc, !GetAtt Vpc.CidrBlock]]\n"
        "      D: !Join ['', []]\n",
    )
    assert props["A"] == "a-prod-3"
    assert props["B"] == "a,b,c"
    assert props["C"] == Deferred((ResourceRef("Vpc", "t"), ",", AttrRef("Vpc", "CidrBlock", "t")))
    assert props["D"] == ""


def test_join_errors(tmp_path: Path) -> None:
    assert "takes a list of 2 items" in str(error(tmp_path, "      A: !Join [',']\n", IntrinsicError))
    assert "needs strings" in str(error(tmp_path, "      A: !Join [',', [[a]]]\n", IntrinsicError))


def test_split_keeps_markers_whole(tmp_path: Path) -> None:
    props = thing(
        tmp_path,
        "      A: !Split [',', 'a,b,,c']\n"
        "      B: !Split [',', !Join [',', [!Ref Vpc, x, !GetAtt Vpc.Arn]]]\n"
        "      C: !Split ['=', !Sub 'Name=${Vpc}-tag']\n",
    )
    assert props["A"] == ["a", "b", "", "c"]
    assert props["B"] == [ResourceRef("Vpc", "t"), "x", AttrRef("Vpc", "Arn", "t")]
    assert props["C"] == ["Name", Deferred((ResourceRef("Vpc", "t"), "-tag"))]


def test_select(tmp_path: Path) -> None:
    props = thing(
        tmp_path,
        "      A: !Select [1, [x, y, z]]\n      B: !Select ['2', !Ref Zones]\n"
        "      C: !Select [0, !Split ['=', 'k=v']]\n",
    )
    assert props == {"A": "y", "B": "c", "C": "k"}


def test_select_errors(tmp_path: Path) -> None:
    err = error(tmp_path, "      A: !Select [3, !Ref Zones]\n", IntrinsicError)
    assert "index 3 is out of range for a list of 3 items" in str(err)
    assert err.path == "Properties.A.Fn::Select"
    assert "must be an integer" in str(error(tmp_path, "      A: !Select [x, [a]]\n", IntrinsicError))


def test_select_over_an_unknown_list_is_unresolved(tmp_path: Path) -> None:
    result = resolve(tmp_path, "      A: !Select [0, !GetAtt Vpc.CidrBlockAssociations]\n")
    value = next(r for r in result.resources if r.logical_id == "Thing").properties["A"]
    assert isinstance(value, Unresolved)
    assert value.function == "Fn::Select"
    assert any("cannot be evaluated before deployment" in str(w) for w in result.warnings)


def test_get_azs(tmp_path: Path) -> None:
    props = thing(
        tmp_path,
        "      A: !GetAZs ''\n      B: !GetAZs\n      C: {'Fn::GetAZs': !Ref AWS::Region}\n"
        "      D: !GetAZs eu-west-1\n      E: {'Fn::GetAZs': null}\n",
    )
    six = [f"us-east-1{c}" for c in "abcdef"]
    assert props["A"] == props["B"] == props["C"] == props["E"] == six
    assert props["D"] == [f"eu-west-1{c}" for c in "abcdef"]


def test_get_azs_can_be_configured(tmp_path: Path) -> None:
    props = thing(tmp_path, "      A: !GetAZs ''\n", availability_zones={"us-east-1": ["use1-az1", "use1-az2"]})
    assert props["A"] == ["use1-az1", "use1-az2"]


def test_cidr(tmp_path: Path) -> None:
    props = thing(
        tmp_path,
        "      A: !Cidr [!Ref Cidr, 3, 8]\n"
        "      B: !Select [2, !Cidr [!GetAtt Vpc.CidrBlock, 6, 5]]\n"
        "      C: !Cidr ['10.0.0.7/24', '2', '7']\n",
    )
    assert props["A"] == ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]
    assert props["B"] == "10.0.0.64/27"
    assert props["C"] == ["10.0.0.0/25", "10.0.0.128/25"]


def test_cidr_errors(tmp_path: Path) -> None:
    err = error(tmp_path, "      A: !Cidr [10.0.0.0/24, 4, 8]\n", IntrinsicError)
    assert "holds only 1 /24 subnets, not 4" in str(err)
    assert "not an IP address block" in str(error(tmp_path, "      A: !Cidr [nope, 1, 8]\n", IntrinsicError))


def test_cidr_over_amazon_ipv6_block_uses_a_placeholder(tmp_path: Path) -> None:
    extra = (
        "  Block:\n    Type: AWS::EC2::VPCCidrBlock\n    Properties:\n"
        "      VpcId: !Ref Vpc\n      AmazonProvidedIpv6CidrBlock: true\n"
    )
    result = resolve(
        tmp_path, "      A: !Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]\n", extra=extra
    )
    props = next(r for r in result.resources if r.logical_id == "Thing").properties
    assert props["A"] == "2001:db8:0:101::/64"
    assert any("placeholder 2001:db8:0:100::/56" in str(w) for w in result.warnings)
    assert result.concrete(AttrRef("Vpc", "Ipv6CidrBlocks", "t")) == ["2001:db8:0:100::/56"]


def test_if_and_no_value(tmp_path: Path) -> None:
    props = thing(
        tmp_path,
        "      A: !If [IsProd, big, small]\n"
        "      B: !If [IsDev, x, !Ref AWS::NoValue]\n"
        "      C: [1, !If [IsDev, 2, !Ref AWS::NoValue], 3]\n"
        "      D: !If [IsProd, {Key: k, Value: !Ref Env}, !Ref AWS::NoValue]\n",
    )
    assert props == {"A": "big", "C": [1, 3], "D": {"Key": "k", "Value": "prod"}}


def test_if_with_unknown_condition(tmp_path: Path) -> None:
    err = error(tmp_path, "      A: !If [Nope, a, b]\n", UnresolvedReferenceError)
    assert "no condition named 'Nope'" in str(err)
    assert err.logical_id == "Thing"


def test_find_in_map(tmp_path: Path) -> None:
    props = thing(
        tmp_path,
        "      A: !FindInMap [Regions, !Ref AWS::Region, Ami]\n"
        "      B: !FindInMap [Regions, us-east-1, Azs]\n"
        "      C: !FindInMap [Regions, eu-west-9, Ami, {DefaultValue: fallback}]\n",
    )
    assert props == {"A": "ami-1", "B": ["x", "y"], "C": "fallback"}


def test_find_in_map_errors(tmp_path: Path) -> None:
    err = error(tmp_path, "      A: !FindInMap [Regions, !Ref AWS::Region, Ami]\n", region="eu-west-1")
    assert isinstance(err, UnresolvedReferenceError)
    assert "mapping Regions has no key 'eu-west-1'; keys: us-east-1 (set AWS::Region to one of them)" in str(err)
    assert "no mapping named 'Nope'" in str(error(tmp_path, "      A: !FindInMap [Nope, a, b]\n"))


def test_base64(tmp_path: Path) -> None:
    props = thing(tmp_path, "      A: !Base64 'echo ${x}'\n      B: !Base64 {'Fn::Sub': 'vpc ${Vpc}'}\n")
    assert base64.b64decode(props["A"]).decode() == "echo ${x}"
    assert props["B"] == Unresolved("Fn::Base64", Deferred(("vpc ", ResourceRef("Vpc", "t"))))


def test_length_and_to_json_string(tmp_path: Path) -> None:
    props = thing(
        tmp_path,
        "      A: {'Fn::Length': !Ref Zones}\n      B: {'Fn::ToJsonString': {k: [1, !Ref Env]}}\n"
        "      C: {'Fn::ToJsonString': {k: !Ref Vpc}}\n",
    )
    assert props["A"] == 3
    assert json.loads(props["B"]) == {"k": [1, "prod"]}
    assert isinstance(props["C"], Unresolved)


def test_unknown_intrinsic_names_resource_and_path(tmp_path: Path) -> None:
    err = error(tmp_path, "      A:\n        B: {'Fn::Frobnicate': 1}\n", IntrinsicError)
    assert err.logical_id == "Thing"
    assert err.path == "Properties.A.B.Fn::Frobnicate"
    assert err.line == THING_LINE + 4
    assert "unknown intrinsic function Fn::Frobnicate" in str(err)


def test_transform_cannot_run_offline(tmp_path: Path) -> None:
    err = error(tmp_path, "      A: {'Fn::Transform': {Name: AWS::Include}}\n", IntrinsicError)
    assert "macro AWS::Include" in str(err)


def test_import_value_name_cannot_depend_on_a_resource(tmp_path: Path) -> None:
    err = error(tmp_path, "      A: !ImportValue {'Fn::Sub': '${Vpc}-x'}\n", IntrinsicError)
    assert "depends on a resource" in str(err)


def test_resources_referring_in_a_circle(tmp_path: Path) -> None:
    extra = "  Other:\n    Type: Custom::Other\n    Properties:\n      Back: !Ref Thing\n"
    err = error(tmp_path, "      A: !GetAtt Other.Arn\n", CircularReferenceError, extra=extra)
    assert "resources depend on each other in a circle" in str(err)
    assert "Thing" in str(err) and "Other" in str(err)


def test_derived_attribute_cycle_is_reported(tmp_path: Path) -> None:
    extra = (
        "  Net:\n    Type: AWS::EC2::VPC\n    Properties:\n"
        "      CidrBlock: !Select [0, !Cidr [!GetAtt Net.CidrBlock, 1, 8]]\n"
    )
    err = error(tmp_path, "      A: 1\n", CircularReferenceError, extra=extra)
    assert "Net" in str(err)


def test_concat_simplifies() -> None:
    ref = ResourceRef("Vpc", "s")
    assert concat(["a", "", "b"]) == "ab"
    assert concat([ref]) == ref
    assert concat(["x", Deferred(("y", ref)), "z"]) == Deferred(("xy", ref, "z"))
