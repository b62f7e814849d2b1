"""Loading template files: tags, YAML 1.2 scalars, line numbers, and clear parse errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vpcdesigner.exchange.cloudformation import (
    TemplateError,
    TemplateFormatError,
    TemplateSyntaxError,
    TemplateTooLargeError,
    load_template,
)
from vpcdesigner.exchange.cloudformation import loader as loader_module
from vpcdesigner.exchange.cloudformation.nodes import LineDict
from vpcdesigner.exchange.cloudformation.yaml_syntax import LOADERS, TemplateLoader, parse_yaml


def write(tmp_path: Path, text: str, name: str = "template.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """\
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
"""


def test_short_tags_become_long_form(tmp_path: Path) -> None:
    text = """\
Resources:
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      Cidr: !GetAtt Vpc.CidrBlock
      Az: !Select [0, !GetAZs '']
      Name: !Sub '${AWS::StackName}-x'
      Empty: !GetAZs
      Cond: !Condition IsProd
      Nested: !If [IsProd, !Join ['', [a, b]], !Ref AWS::NoValue]
"""
    props = load_template(write(tmp_path, text)).resources["Subnet"].properties
    assert props == {
        "VpcId": {"Ref": "Vpc"},
        "Cidr": {"Fn::GetAtt": "Vpc.CidrBlock"},
        "Az": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
        "Name": {"Fn::Sub": "${AWS::StackName}-x"},
        "Empty": {"Fn::GetAZs": ""},
        "Cond": {"Condition": "IsProd"},
        "Nested": {"Fn::If": ["IsProd", {"Fn::Join": ["", ["a", "b"]]}, {"Ref": "AWS::NoValue"}]},
    }


def test_yaml_12_scalars_stay_strings(tmp_path: Path) -> None:
    text = """\
AWSTemplateFormatVersion: 2010-09-09
Resources:
  Thing:
    Type: Custom::Thing
    Properties:
      Answer: Yes
      Off: off
      Version: 2012-10-17
      Account: 012345678901
      Port: 443
      Ratio: 0.5
      Flag: true
      Nothing: null
"""
    template = load_template(write(tmp_path, text))
    assert template.body["AWSTemplateFormatVersion"] == "2010-09-09"
    assert template.resources["Thing"].properties == {
        "Answer": "Yes",
        "Off": "off",
        "Version": "2012-10-17",
        "Account": "012345678901",
        "Port": 443,
        "Ratio": 0.5,
        "Flag": True,
        "Nothing": None,
    }


def test_resource_and_key_lines_are_kept(tmp_path: Path) -> None:
    text = "# comment\n" + MINIMAL
    template = load_template(write(tmp_path, text))
    assert template.resources["Vpc"].line == 3
    props = template.resources["Vpc"].properties
    assert isinstance(props, LineDict)
    assert props.key_lines["CidrBlock"] == 6


def test_json_templates_get_line_numbers(tmp_path: Path) -> None:
    body = {"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": {"Fn::GetAZs": None}}}}}
    path = write(tmp_path, json.dumps(body, indent=2), "template.json")
    template = load_template(path)
    assert template.fmt == "json"
    assert template.resources["Vpc"].line == 3
    assert template.resources["Vpc"].properties == {"CidrBlock": {"Fn::GetAZs": None}}


def test_unknown_tag_is_an_error_with_its_line(tmp_path: Path) -> None:
    text = MINIMAL + "      Bad: !Frobnicate x\n"
    with pytest.raises(TemplateSyntaxError) as info:
        load_template(write(tmp_path, text))
    assert info.value.line == 6
    assert "!Frobnicate" in str(info.value)
    assert str(info.value).startswith("template.yaml line 6")


def test_python_object_tags_are_refused(tmp_path: Path) -> None:
    text = MINIMAL + "      Bad: !!python/object/apply:os.system ['echo hi']\n"
    with pytest.raises(TemplateSyntaxError, match="unknown YAML tag"):
        load_template(write(tmp_path, text))


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    text = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n   Properties: [unclosed\n"
    with pytest.raises(TemplateSyntaxError) as info:
        load_template(write(tmp_path, text))
    assert info.value.file == tmp_path / "template.yaml"
    assert info.value.line is not None
    assert "template.yaml line" in str(info.value)
    assert "malformed YAML" in str(info.value)


def test_malformed_json_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "Resources": {\n    "Vpc": ,\n  }\n}\n', "t.json")
    with pytest.raises(TemplateSyntaxError) as info:
        load_template(path)
    assert info.value.line == 3
    assert str(info.value).startswith("t.json line 3: malformed JSON")


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    text = MINIMAL + "  Vpc:\n    Type: AWS::EC2::VPC\n"
    with pytest.raises(TemplateSyntaxError) as info:
        load_template(write(tmp_path, text))
    assert "duplicate key 'Vpc' (first on line 2)" in str(info.value)
    assert info.value.line == 6


def test_duplicate_json_keys_are_errors(tmp_path: Path) -> None:
    path = write(tmp_path, '{"Resources": {"A": {"Type": "X"}, "A": {"Type": "Y"}}}', "t.json")
    with pytest.raises(TemplateSyntaxError, match="duplicate key 'A'"):
        load_template(path)


def test_oversized_file_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader_module, "MAX_TEMPLATE_BYTES", 100)
    path = write(tmp_path, MINIMAL + "#" * 200 + "\n")
    with pytest.raises(TemplateTooLargeError) as info:
        load_template(path)
    assert "refused" in str(info.value)
    assert info.value.file == path


def test_real_size_limit_is_5_mb() -> None:
    assert loader_module.MAX_TEMPLATE_BYTES == 5 * 1024 * 1024


def test_alias_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader_module, "MAX_TEMPLATE_NODES", 1000)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 6):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    text = "\n".join(lines) + "\n" + MINIMAL
    with pytest.raises(TemplateTooLargeError, match="aliases"):
        load_template(write(tmp_path, text))


def test_missing_file_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="cannot read template"):
        load_template(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "template is empty"),
        ("- just\n- a list\n", "must be a mapping"),
        ("Parameters: {}\n", "no Resources section"),
        ("Resources: {}\n", "non-empty mapping"),
        ("Resources:\n  Vpc:\n    Properties: {}\n", "has no Type"),
        ("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: [1]\n", "Properties must be a mapping"),
        ("Resources:\n  Vpc:\n    Type: X\n    DependsOn: {a: b}\n", "DependsOn must be"),
        ("Resources:\n  Vpc:\n    Type: X\nOutputs:\n  O:\n    Description: no value\n", "with a Value"),
    ],
)
def test_shape_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        load_template(write(tmp_path, text))


def test_shape_error_names_the_resource(tmp_path: Path) -> None:
    with pytest.raises(TemplateFormatError) as info:
        load_template(write(tmp_path, "Resources:\n  Vpc:\n    Properties: {}\n"))
    assert str(info.value) == "template.yaml line 2, resource Vpc: the resource has no Type"
    assert info.value.logical_id == "Vpc"


def test_pure_python_loader_gives_the_same_tree() -> None:
    text = MINIMAL + "      Tags: [!Ref A, {Key: k, Value: !Sub 'x-${B}'}]\n"
    fast = parse_yaml(text, None)
    loader = TemplateLoader(text)
    try:
        slow = loader.get_single_data()
    finally:
        loader.dispose()
    assert fast == slow
    assert len(LOADERS) >= 1
