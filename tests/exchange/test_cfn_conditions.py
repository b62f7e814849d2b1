"""Conditions (inactive resources are kept, cycles are errors) and Rules (failures name the rule)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vpcdesigner.exchange.cloudformation import (
    CircularReferenceError,
    IntrinsicError,
    ResolvedSet,
    RuleViolationError,
    UnresolvedReferenceError,
    load_stacks,
)

TEMPLATE = """\
Parameters:
  Env:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
  Azs:
    Type: Number
    Default: 2
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  ThreeAzs: !Or [!Equals [!Ref Azs, 3], !Equals [3, !Ref Azs]]
  ProdAndThree: !And [!Condition IsProd, !Condition ThreeAzs]
Resources:
  Always:
    Type: Custom::A
  ProdOnly:
    Type: Custom::P
    Condition: IsProd
    Properties:
      Link: !Ref Always
  Big:
    Type: Custom::B
    Condition: ProdAndThree
  Pick:
    Type: Custom::Pick
    Properties:
      Size: !If [IsProd, large, small]
      Target: !If [IsProd, !Ref ProdOnly, !Ref AWS::NoValue]
Outputs:
  ProdThing:
    Condition: IsProd
    Value: !Ref ProdOnly
  Plain:
    Value: !If [IsDev, dev-value, prod-value]
"""


def resolve(tmp_path: Path, text: str = TEMPLATE, params: dict[str, Any] | None = None) -> ResolvedSet:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return load_stacks([path], params)


def ids(resources: Any) -> list[str]:
    return [r.logical_id for r in resources]


def test_false_conditions_make_resources_inactive_not_dropped(tmp_path: Path) -> None:
    result = resolve(tmp_path)
    assert ids(result.resources) == ["Always", "Pick"]
    assert ids(result.inactive) == ["ProdOnly", "Big"]
    inactive = result.inactive[0]
    assert inactive.condition_active is False
    assert inactive.condition == "IsProd"
    assert inactive.properties == {"Link": {"Ref": "Always"}}  # as written: never evaluated
    assert result.resources[1].properties == {"Size": "small"}
    stack = result.stack("c")
    assert stack.conditions == {"IsProd": False, "IsDev": True, "ThreeAzs": False, "ProdAndThree": False}
    assert set(stack.outputs) == {"Plain"}
    assert stack.outputs["Plain"].value == "dev-value"


def test_conditions_follow_parameters(tmp_path: Path) -> None:
    result = resolve(tmp_path, params={"Env": "prod", "Azs": "3"})
    assert ids(result.resources) == ["Always", "ProdOnly", "Big", "Pick"]
    assert result.inactive == []
    pick = result.resources[-1].properties
    assert pick["Size"] == "large"
    assert pick["Target"].logical_id == "ProdOnly"


def test_conditions_referring_to_each_other_are_an_error(tmp_path: Path) -> None:
    text = TEMPLATE.replace("IsProd: !Equals [!Ref Env, prod]", "IsProd: !Not [!Condition IsDev]")
    with pytest.raises(CircularReferenceError) as info:
        resolve(tmp_path, text)
    assert "IsProd -> IsDev -> IsProd" in str(info.value) or "IsDev -> IsProd -> IsDev" in str(info.value)
    assert info.value.file == tmp_path / "c.yaml"
    assert info.value.line is not None


def test_unknown_resource_condition_names_the_resource(tmp_path: Path) -> None:
    text = TEMPLATE.replace("Condition: ProdAndThree", "Condition: Nope")
    with pytest.raises(UnresolvedReferenceError) as info:
        resolve(tmp_path, text)
    assert info.value.logical_id == "Big"
    assert "no condition named 'Nope'" in str(info.value)


def test_a_condition_must_be_boolean(tmp_path: Path) -> None:
    text = TEMPLATE.replace("IsProd: !Equals [!Ref Env, prod]", "IsProd: !Ref Env")
    with pytest.raises(IntrinsicError, match="must be true or false"):
        resolve(tmp_path, text)


def test_reference_to_inactive_resource_warns(tmp_path: Path) -> None:
    text = TEMPLATE.replace("Size: !If [IsProd, large, small]", "Size: !Ref ProdOnly")
    result = resolve(tmp_path, text)
    assert any("ProdOnly, which is not created (condition IsProd is false)" in str(w) for w in result.warnings)


def test_fn_and_or_need_two_to_ten_conditions(tmp_path: Path) -> None:
    text = TEMPLATE.replace("!And [!Condition IsProd, !Condition ThreeAzs]", "!And [!Condition IsProd]")
    with pytest.raises(IntrinsicError, match="Fn::And takes a list of 2 to 10 items"):
        resolve(tmp_path, text)


RULES = """\
Parameters:
  Public:
    Type: String
    Default: 'true'
  Nat:
    Type: String
    Default: 'true'
  Zones:
    Type: CommaDelimitedList
    Default: a,b
Rules:
  NatNeedsPublic:
    RuleCondition: !Equals [!Ref Nat, 'true']
    Assertions:
      - Assert: !Equals [!Ref Public, 'true']
        AssertDescription: NAT gateways need public subnets.
  ZonesKnown:
    Assertions:
      - Assert: !EachMemberIn [!Ref Zones, [a, b, c]]
      - Assert: !Contains [[a, b, c], !Select [0, !Ref Zones]]
  LiveOnly:
    Assertions:
      - Assert: !EachMemberEquals [!ValueOfAll ['AWS::EC2::VPC::Id', Tags], x]
Resources:
  R:
    Type: Custom::R
"""


def test_rules_pass_and_unevaluable_ones_warn(tmp_path: Path) -> None:
    result = resolve(tmp_path, RULES)
    assert ids(result.resources) == ["R"]
    assert any("rule 'LiveOnly' not checked" in str(w) for w in result.warnings)


def test_failing_rule_names_the_rule(tmp_path: Path) -> None:
    with pytest.raises(RuleViolationError) as info:
        resolve(tmp_path, RULES, {"Public": "false"})
    assert info.value.rule == "NatNeedsPublic"
    assert "rule 'NatNeedsPublic' fails: NAT gateways need public subnets." in str(info.value)
    assert str(info.value).startswith("c.yaml line 15 (Rules.NatNeedsPublic.Assertions[0])")


def test_rule_condition_false_skips_assertions(tmp_path: Path) -> None:
    result = resolve(tmp_path, RULES, {"Public": "false", "Nat": "false"})
    assert ids(result.resources) == ["R"]


def test_each_member_in_rule(tmp_path: Path) -> None:
    with pytest.raises(RuleViolationError, match="ZonesKnown"):
        resolve(tmp_path, RULES, {"Zones": "a,z"})
