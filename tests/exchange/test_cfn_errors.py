"""Every kind of error says where: file, line and (for resources) the logical id."""

from __future__ import annotations

from pathlib import Path

import pytest

from vpcdesigner.exchange.cloudformation import (
    CircularReferenceError,
    IntrinsicError,
    ParameterError,
    Place,
    RuleViolationError,
    StackError,
    TemplateError,
    TemplateFormatError,
    TemplateSyntaxError,
    UnresolvedReferenceError,
    load_stacks,
)

BASE = """\
Parameters:
  Size:
    Type: Number
    Default: 2
Resources:
  Net:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Sub:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Net
      CidrBlock: PLACEHOLDER
"""

# (replacement for PLACEHOLDER, error type, logical id expected in the message, line of the problem)
CASES = [
    ("!Ref Missing", UnresolvedReferenceError, "Sub", 14),
    ("!Select [5, !Cidr [10.0.0.0/16, 2, 8]]", IntrinsicError, "Sub", 14),
    ("{'Fn::Nope': 1}", IntrinsicError, "Sub", 14),
    ("!Sub '${Sub.Arn}'", CircularReferenceError, "Sub", 14),
    ("!If [NoSuchCondition, a, b]", UnresolvedReferenceError, "Sub", 14),
    ("!FindInMap [NoMap, a, b]", UnresolvedReferenceError, "Sub", 14),
    ("!ImportValue nobody-exports-this", UnresolvedReferenceError, "Sub", 14),
    ("!Cidr [10.0.0.0/28, 2, 8]", IntrinsicError, "Sub", 14),
    ("!Join [',', [!Ref Size], extra]", IntrinsicError, "Sub", 14),
]


@pytest.mark.parametrize(("value", "kind", "logical_id", "line"), CASES)
def test_resource_errors_name_file_line_and_resource(
    tmp_path: Path, value: str, kind: type[TemplateError], logical_id: str, line: int
) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(BASE.replace("PLACEHOLDER", value), encoding="utf-8")
    with pytest.raises(kind) as info:
        load_stacks([path])
    err = info.value
    assert (err.file, err.line, err.logical_id) == (path, line, logical_id)
    assert str(err).startswith(f"net.yaml line {line}, resource {logical_id} (Properties.CidrBlock")


@pytest.mark.parametrize(
    ("text", "kind", "line"),
    [
        (BASE.replace("PLACEHOLDER", "[unclosed"), TemplateSyntaxError, 15),
        (BASE.replace("PLACEHOLDER", "!Bogus x"), TemplateSyntaxError, 14),
        (BASE.replace("    Type: AWS::EC2::Subnet\n", ""), TemplateFormatError, 10),
        (BASE.replace("Default: 2", "Default: two"), ParameterError, 2),
        (BASE.replace("    Type: Number\n", "    Type: Nmber\n"), ParameterError, 2),
    ],
)
def test_document_errors_name_file_and_line(tmp_path: Path, text: str, kind: type[TemplateError], line: int) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(kind) as info:
        load_stacks([path])
    assert info.value.file == path
    assert info.value.line == line
    assert str(info.value).startswith(f"net.yaml line {line}")


def test_rule_error_names_rule_and_line(tmp_path: Path) -> None:
    text = BASE.replace("PLACEHOLDER", "10.0.0.0/24") + (
        "Rules:\n  SizeIsThree:\n    Assertions:\n      - Assert: !Equals [!Ref Size, 3]\n"
        "        AssertDescription: Size must be 3\n"
    )
    path = tmp_path / "net.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleViolationError) as info:
        load_stacks([path])
    assert str(info.value) == (
        "net.yaml line 18 (Rules.SizeIsThree.Assertions[0]): rule 'SizeIsThree' fails: Size must be 3"
    )


def test_dependency_cycle_names_resource_and_line(tmp_path: Path) -> None:
    text = BASE.replace("PLACEHOLDER", "10.0.0.0/24").replace(
        "      CidrBlock: 10.0.0.0/16\n", "      CidrBlock: 10.0.0.0/16\n    DependsOn: Sub\n"
    )
    path = tmp_path / "net.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CircularReferenceError) as info:
        load_stacks([path])
    assert info.value.logical_id in ("Net", "Sub")
    assert "Net -> Sub -> Net" in str(info.value) or "Sub -> Net -> Sub" in str(info.value)
    assert str(info.value).startswith("net.yaml line ")


def test_unknown_depends_on_is_an_error(tmp_path: Path) -> None:
    text = BASE.replace("PLACEHOLDER", "10.0.0.0/24") + "    DependsOn: Ghost\n"
    path = tmp_path / "net.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnresolvedReferenceError) as info:
        load_stacks([path])
    assert str(info.value).startswith("net.yaml line 10, resource Sub (DependsOn): DependsOn names 'Ghost'")


def test_stack_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(BASE.replace("PLACEHOLDER", "10.0.0.0/24"), encoding="utf-8")
    with pytest.raises(StackError) as info:
        load_stacks([path, path])
    assert str(info.value).startswith("net.yaml: two stacks are named 'net'")


def test_error_without_place_is_just_the_message() -> None:
    assert str(TemplateError("plain")) == "plain"
    err = TemplateError("boom", place=Place(Path("/x/t.yaml"), 3, "R", ("Properties", "Tags", 0)))
    assert str(err) == "t.yaml line 3, resource R (Properties.Tags[0]): boom"
    assert err.path == "Properties.Tags[0]"
