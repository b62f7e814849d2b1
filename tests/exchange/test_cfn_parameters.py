"""Parameters: defaults, overrides in every accepted shape, types, constraints, pseudo parameters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vpcdesigner.exchange.cloudformation import (
    NO_VALUE,
    ParameterError,
    ResolvedSet,
    StackError,
    load_stacks,
    read_parameter_file,
)
from vpcdesigner.exchange.cloudformation.parameters import kind_of


def stack_with(tmp_path: Path, parameters: str, value: str = "!Ref P", name: str = "t.yaml") -> Path:
    text = f"Parameters:\n{parameters}\nResources:\n  R:\n    Type: Custom::R\n    Properties:\n      V: {value}\n"
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def value_of(result: ResolvedSet, key: str = "V") -> Any:
    return result.resources[0].properties.get(key, NO_VALUE)


def test_default_is_used(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: String\n    Default: hello")
    assert value_of(load_stacks([path])) == "hello"


def test_flat_override(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: String\n    Default: hello")
    assert value_of(load_stacks([path], {"P": "bye"})) == "bye"


def test_per_stack_override_wins_over_flat(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: String\n    Default: hello")
    assert value_of(load_stacks([path], {"P": "flat", "t": {"P": "mine"}})) == "mine"


def test_override_for_unknown_stack_is_an_error(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: String\n    Default: hello")
    with pytest.raises(StackError, match="no stack has that name"):
        load_stacks([path], {"other": {"P": "x"}})


def test_undeclared_per_stack_parameter_is_an_error(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: String\n    Default: hello")
    with pytest.raises(ParameterError, match="has no parameter 'Q'"):
        load_stacks([path], {"t": {"Q": "x"}})


def test_unused_flat_parameter_is_a_warning(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: String\n    Default: hello")
    result = load_stacks([path], {"Q": "x"})
    assert any("'Q' was given, but no stack declares it" in str(w) for w in result.warnings)


def test_missing_required_parameter_names_it(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  KeyName:\n    Type: AWS::EC2::KeyPair::KeyName")
    with pytest.raises(ParameterError) as info:
        load_stacks([path])
    assert "'KeyName'" in str(info.value)
    assert "no Default and no value" in str(info.value)
    assert info.value.line == 2
    assert str(info.value).startswith("t.yaml line 2 (Parameters.KeyName)")


def test_number_stays_text_and_is_validated(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: Number\n    Default: 8\n    MinValue: 1\n    MaxValue: 10")
    assert value_of(load_stacks([path])) == "8"
    with pytest.raises(ParameterError, match="must be a number"):
        load_stacks([path], {"P": "eight"})
    with pytest.raises(ParameterError, match="above MaxValue 10"):
        load_stacks([path], {"P": 11})


@pytest.mark.parametrize(
    ("type_name", "given", "expected"),
    [
        ("CommaDelimitedList", "a,b , c", ["a", "b ", " c"]),
        ("List<Number>", "1, 2", ["1", "2"]),
        ("List<AWS::EC2::Subnet::Id>", "subnet-1, subnet-2", ["subnet-1", "subnet-2"]),
        ("List<AWS::EC2::AvailabilityZone::Name>", ["us-east-1a", "us-east-1b"], ["us-east-1a", "us-east-1b"]),
        ("AWS::SSM::Parameter::Value<List<String>>", "x,y", ["x", "y"]),
        ("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "/aws/service/ami", "/aws/service/ami"),
        ("AWS::EC2::VPC::Id", "vpc-1", "vpc-1"),
        ("AWS::SSM::Parameter::Name", "/my/param", "/my/param"),
    ],
)
def test_types(tmp_path: Path, type_name: str, given: Any, expected: Any) -> None:
    path = stack_with(tmp_path, f"  P:\n    Type: {type_name}")
    assert value_of(load_stacks([path], {"P": given})) == expected


def test_number_list_items_are_checked(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: List<Number>")
    with pytest.raises(ParameterError, match="must be a number"):
        load_stacks([path], {"P": "1,x"})


def test_unknown_type_is_an_error(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: Strin")
    with pytest.raises(ParameterError, match="unknown type 'Strin'"):
        load_stacks([path], {"P": "x"})


def test_kind_of() -> None:
    assert kind_of("List<AWS::EC2::SecurityGroup::Id>") == "list"
    assert kind_of("AWS::SSM::Parameter::Value<CommaDelimitedList>") == "list"
    assert kind_of("AWS::Route53::HostedZone::Id") == "string"
    assert kind_of("List<Strings>") is None


def test_allowed_values(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: String\n    Default: 'true'\n    AllowedValues: [true, false]")
    assert value_of(load_stacks([path], {"P": False})) == "false"
    with pytest.raises(ParameterError) as info:
        load_stacks([path], {"P": "maybe"})
    assert "not one of its AllowedValues true, false" in str(info.value)


def test_allowed_values_compare_numbers_as_text(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: String\n    Default: 14\n    AllowedValues: [1, 14, 30]")
    assert value_of(load_stacks([path])) == "14"


def test_allowed_pattern_and_lengths(tmp_path: Path) -> None:
    decl = (
        "  P:\n    Type: String\n    Default: 10.0.0.0/16\n    MinLength: 9\n    MaxLength: 18\n"
        "    AllowedPattern: (\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})\n"
        "    ConstraintDescription: must be a CIDR"
    )
    path = stack_with(tmp_path, decl)
    assert value_of(load_stacks([path])) == "10.0.0.0/16"
    with pytest.raises(ParameterError, match=r"does not match its AllowedPattern \(must be a CIDR\)"):
        load_stacks([path], {"P": "10.0.0.0/16x"})
    with pytest.raises(ParameterError, match="shorter than MinLength 9"):
        load_stacks([path], {"P": "1.2.3.4"})


def test_cli_parameter_file(tmp_path: Path) -> None:
    file = tmp_path / "params.json"
    file.write_text(json.dumps([{"ParameterKey": "P", "ParameterValue": "from-file"}]))
    assert read_parameter_file(file) == {"P": "from-file"}
    path = stack_with(tmp_path, "  P:\n    Type: String")
    assert value_of(load_stacks([path], read_parameter_file(file))) == "from-file"


@pytest.mark.parametrize(
    "data",
    [
        {"Parameters": {"P": "x"}, "Tags": {"a": "b"}},
        {"P": "x"},
    ],
)
def test_object_parameter_files(tmp_path: Path, data: dict[str, Any]) -> None:
    file = tmp_path / "params.json"
    file.write_text(json.dumps(data))
    assert read_parameter_file(file) == {"P": "x"}


def test_yaml_parameter_file(tmp_path: Path) -> None:
    file = tmp_path / "params.yaml"
    file.write_text("P: x\nN: 3\n")
    assert read_parameter_file(file) == {"P": "x", "N": 3}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"ParameterValue": 1}]', "ParameterKey"),
        ('[{"ParameterKey": "P", "UsePreviousValue": true}]', "UsePreviousValue"),
        ('"text"', "list or an object"),
        ("{broken", "malformed JSON"),
    ],
)
def test_bad_parameter_files(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "params.json"
    file.write_text(content)
    with pytest.raises(ParameterError, match=message) as info:
        read_parameter_file(file)
    assert info.value.file == file


def test_pseudo_parameters(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(
        "Resources:\n  R:\n    Type: Custom::R\n    Properties:\n"
        "      Region: !Ref AWS::Region\n      Account: !Ref AWS::AccountId\n"
        "      Name: !Ref AWS::StackName\n      Id: !Ref AWS::StackId\n"
        "      Partition: !Ref AWS::Partition\n      Suffix: !Ref AWS::URLSuffix\n"
        "      Arns: !Ref AWS::NotificationARNs\n      Gone: !Ref AWS::NoValue\n"
    )
    props = load_stacks([path]).resources[0].properties
    assert props["Region"] == "us-east-1"
    assert props["Account"] == "123456789012"
    assert props["Name"] == "net"
    assert props["Id"].startswith("arn:aws:cloudformation:us-east-1:123456789012:stack/net/")
    assert props["Partition"] == "aws"
    assert props["Suffix"] == "amazonaws.com"
    assert props["Arns"] == []
    assert "Gone" not in props
    again = load_stacks([path]).resources[0].properties["Id"]
    assert again == props["Id"]


def test_region_can_be_overridden(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: String\n    Default: x", value="!Ref AWS::Region")
    assert value_of(load_stacks([path], region="eu-west-1")) == "eu-west-1"
    assert value_of(load_stacks([path], {"AWS::Region": "cn-north-1"})) == "cn-north-1"
    assert value_of(load_stacks([path], {"t": {"AWS::Region": "ap-south-1"}})) == "ap-south-1"
    china = stack_with(tmp_path, "  P:\n    Type: String\n    Default: x", value="!Ref AWS::Partition", name="c.yaml")
    assert value_of(load_stacks([china], {"AWS::Region": "cn-north-1"})) == "aws-cn"


def test_stack_name_cannot_be_set_as_a_parameter(tmp_path: Path) -> None:
    path = stack_with(tmp_path, "  P:\n    Type: String\n    Default: x")
    with pytest.raises(ParameterError, match="AWS::StackName cannot be set"):
        load_stacks([path], {"AWS::StackName": "x"})
