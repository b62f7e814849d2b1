"""Several stacks together: imports/exports and their order, nested stacks, id collisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from vpcdesigner.exchange.cloudformation import (
    AttrRef,
    CircularReferenceError,
    Deferred,
    ImportRef,
    ParameterError,
    ResourceRef,
    StackError,
    StackSpec,
    Unresolved,
    UnresolvedReferenceError,
    load_stacks,
)

NETWORK = """\
Parameters:
  Cidr:
    Type: String
    Default: 10.1.0.0/16
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref Cidr
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
Outputs:
  VpcId:
    Value: !Ref Vpc
    Export:
      Name: !Sub '${AWS::StackName}-VpcId'
  Subnets:
    Value: !Join [',', [!Ref SubnetA, !Ref SubnetB]]
    Export:
      Name: !Sub '${AWS::StackName}-Subnets'
  Cidr:
    Value: !GetAtt Vpc.CidrBlock
    Export:
      Name: !Sub '${AWS::StackName}-Cidr'
"""

APP = """\
Parameters:
  Parent:
    Type: String
Resources:
  Vpc:
    Type: AWS::EC2::SecurityGroup
    Properties:
      VpcId: !ImportValue {'Fn::Sub': '${Parent}-VpcId'}
      Ingress: !ImportValue {'Fn::Sub': '${Parent}-Cidr'}
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      VPCZoneIdentifier: !Split [',', {'Fn::ImportValue': !Sub '${Parent}-Subnets'}]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_stack_spec_parse() -> None:
    assert StackSpec.parse("dir/vpc.yaml").stack_name == "vpc"
    assert StackSpec.parse("dir/aws-vpc.template.yaml").stack_name == "aws-vpc"
    spec = StackSpec.parse("dir/vpc.yaml@Prod-Net")
    assert (spec.path, spec.stack_name) == (Path("dir/vpc.yaml"), "Prod-Net")
    assert StackSpec.parse("odd@dir/vpc.yaml").path == Path("odd@dir/vpc.yaml")


def test_imports_resolve_across_stacks_and_order_by_dependency(tmp_path: Path) -> None:
    net = write(tmp_path, "network.yaml", NETWORK)
    app = write(tmp_path, "app.yaml", APP)
    result = load_stacks([app, f"{net}@core"], {"Parent": "core"})
    assert [s.name for s in result.stacks] == ["core", "app"]
    app_group = result.resource("Group").properties
    assert app_group["VPCZoneIdentifier"] == [ResourceRef("SubnetA", "core"), ResourceRef("SubnetB", "core")]
    sg = result.resource("app.Vpc")
    assert sg.properties["VpcId"] == ResourceRef("Vpc", "core")
    assert sg.properties["Ingress"] == AttrRef("Vpc", "CidrBlock", "core")
    assert result.concrete(sg.properties["Ingress"]) == "10.1.0.0/16"
    assert result.target(sg.properties["VpcId"]) is result.resource("core.Vpc")
    assert result.exports["core-Subnets"].stack == "core"
    assert result.exports["core-Subnets"].value == Deferred(
        (ResourceRef("SubnetA", "core"), ",", ResourceRef("SubnetB", "core"))
    )
    assert result.resource("SubnetB").properties["CidrBlock"] == "10.1.1.0/24"


def test_colliding_logical_ids_are_qualified(tmp_path: Path) -> None:
    net = write(tmp_path, "network.yaml", NETWORK)
    app = write(tmp_path, "app.yaml", APP)
    result = load_stacks([net, app], {"Parent": "network"})
    qualified = {r.qualified_id for r in result.resources}
    assert qualified == {"network.Vpc", "SubnetA", "SubnetB", "app.Vpc", "Group"}
    assert {r.logical_id for r in result.resources} >= {"Vpc", "Group"}


def test_missing_export_is_an_error_naming_the_import(tmp_path: Path) -> None:
    app = write(tmp_path, "app.yaml", APP)
    with pytest.raises(UnresolvedReferenceError) as info:
        load_stacks([app], {"Parent": "core"})
    assert "Fn::ImportValue 'core-VpcId'" in str(info.value)
    assert info.value.logical_id == "Vpc"
    assert info.value.file == app
    assert "load the exporting stack together" in str(info.value)


def test_missing_export_can_be_kept_as_a_marker(tmp_path: Path) -> None:
    app = write(tmp_path, "app.yaml", APP)
    result = load_stacks([app], {"Parent": "core"}, strict_imports=False)
    props = result.resource("Vpc").properties
    assert props["VpcId"] == ImportRef("core-VpcId")
    subnets = result.resource("Group").properties["VPCZoneIdentifier"]
    assert subnets == Unresolved("Fn::Split", (",", ImportRef("core-Subnets")))
    assert any("not exported by any stack given" in str(w) for w in result.warnings)


def test_stacks_importing_each_other_are_a_cycle(tmp_path: Path) -> None:
    one = """\
Resources:
  A:
    Type: Custom::A
    Properties:
      Peer: !ImportValue two-B
Outputs:
  A:
    Value: !Ref A
    Export: {Name: one-A}
"""
    two = one.replace("two-B", "one-A").replace("one-A}", "two-B}").replace("  A:", "  B:").replace("!Ref A", "!Ref B")
    with pytest.raises(CircularReferenceError) as info:
        load_stacks([write(tmp_path, "one.yaml", one), write(tmp_path, "two.yaml", two)])
    assert "one -> two -> one" in str(info.value) or "two -> one -> two" in str(info.value)


def test_importing_its_own_export_is_circular(tmp_path: Path) -> None:
    text = """\
Resources:
  A:
    Type: Custom::A
    Properties:
      Self: !ImportValue mine
Outputs:
  A:
    Value: x
    Export: {Name: mine}
"""
    with pytest.raises(CircularReferenceError, match="imports its own export 'mine'"):
        load_stacks([write(tmp_path, "self.yaml", text)])


def test_duplicate_exports_and_stack_names_are_errors(tmp_path: Path) -> None:
    net = write(tmp_path, "network.yaml", NETWORK)
    with pytest.raises(StackError, match="two stacks are named 'network'"):
        load_stacks([net, net])
    renamed = NETWORK.replace("${AWS::StackName}", "shared")
    with pytest.raises(StackError, match="export 'shared-VpcId' is defined by both stack 'a' and stack 'b'"):
        load_stacks([f"{write(tmp_path, 'n1.yaml', renamed)}@a", f"{write(tmp_path, 'n2.yaml', renamed)}@b"])


PARENT = """\
Resources:
  Network:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/my-bucket/infrastructure/network.yaml
      Parameters:
        Cidr: 10.9.0.0/16
  App:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://my-bucket.s3.amazonaws.com/app-child.yaml
      Parameters:
        VpcId: !GetAtt Network.Outputs.VpcId
        Subnets: !GetAtt Network.Outputs.Subnets
  Missing:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/my-bucket/services/nowhere.yaml
Outputs:
  FromApp:
    Value: !GetAtt App.Outputs.Group
  FromMissing:
    Value: !GetAtt Missing.Outputs.Thing
"""

CHILD_APP = """\
Parameters:
  VpcId:
    Type: AWS::EC2::VPC::Id
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
Resources:
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      VPCZoneIdentifier: !Ref Subnets
      Vpc: !Ref VpcId
Outputs:
  Group:
    Value: !Ref Group
"""


def test_nested_stacks_use_sibling_files_and_pass_parameters(tmp_path: Path) -> None:
    parent = write(tmp_path, "main.yaml", PARENT)
    write(tmp_path, "infrastructure/network.yaml", NETWORK)
    write(tmp_path, "app-child.yaml", CHILD_APP)
    result = load_stacks([parent])
    assert [s.name for s in result.stacks] == ["main", "main-Network", "main-App"]
    child = result.stack("main-Network")
    assert (child.parent, child.parent_resource) == ("main", "Network")
    assert child.parameters["Cidr"] == "10.9.0.0/16"  # the parent's value beats the child's default
    assert result.resource("SubnetA").properties["CidrBlock"] == "10.9.0.0/24"
    group = result.resource("Group").properties
    subnets = [ResourceRef("SubnetA", "main-Network"), ResourceRef("SubnetB", "main-Network")]
    assert group["VPCZoneIdentifier"] == subnets
    assert group["Vpc"] == ResourceRef("Vpc", "main-Network")
    assert result.resource("Network").nested_stack == "main-Network"
    outputs = result.stack("main").outputs
    assert outputs["FromApp"].value == ResourceRef("Group", "main-App")
    assert outputs["FromMissing"].value == AttrRef("Missing", "Outputs.Thing", "main")
    assert any("nowhere.yaml was not found" in str(w) and w.logical_id == "Missing" for w in result.warnings)
    assert len(result.stack("main").resources) == 3


def test_nested_template_next_to_parent_by_file_name(tmp_path: Path) -> None:
    parent = write(tmp_path, "main.yaml", PARENT.replace("App:", "Unused:", 0))
    write(tmp_path, "network.yaml", NETWORK)  # not under infrastructure/: the file name alone matches
    write(tmp_path, "app-child.yaml", CHILD_APP)
    result = load_stacks([parent])
    assert result.stack("main-Network").file == tmp_path / "network.yaml"


def test_nested_template_urls_can_be_mapped_explicitly(tmp_path: Path) -> None:
    parent = write(tmp_path, "main.yaml", PARENT)
    write(tmp_path, "elsewhere/net.yaml", NETWORK)
    write(tmp_path, "app-child.yaml", CHILD_APP)
    urls = {"https://s3.amazonaws.com/my-bucket/infrastructure/network.yaml": tmp_path / "elsewhere/net.yaml"}
    result = load_stacks([parent], template_urls=urls)
    assert result.stack("main-Network").file == tmp_path / "elsewhere/net.yaml"


def test_nested_stack_output_that_does_not_exist(tmp_path: Path) -> None:
    parent = write(tmp_path, "main.yaml", PARENT.replace("Outputs.Group", "Outputs.Nope"))
    write(tmp_path, "infrastructure/network.yaml", NETWORK)
    write(tmp_path, "app-child.yaml", CHILD_APP)
    with pytest.raises(UnresolvedReferenceError, match="stack 'main-App' has no output 'Nope'"):
        load_stacks([parent])


def test_nested_stack_passing_an_undeclared_parameter(tmp_path: Path) -> None:
    parent = write(tmp_path, "main.yaml", PARENT.replace("Cidr: 10.9.0.0/16", "Cidr: 10.9.0.0/16\n        Typo: x"))
    write(tmp_path, "infrastructure/network.yaml", NETWORK)
    write(tmp_path, "app-child.yaml", CHILD_APP)
    with pytest.raises(ParameterError) as info:
        load_stacks([parent])
    assert str(info.value) == (
        "main.yaml line 2, resource Network (Properties.Parameters): "
        "nested stack Network passes 'Typo', which network.yaml does not declare"
    )


def test_nested_stack_with_false_condition_is_not_loaded(tmp_path: Path) -> None:
    text = PARENT.replace(
        "  Network:\n    Type: AWS::CloudFormation::Stack\n",
        "  Network:\n    Type: AWS::CloudFormation::Stack\n    Condition: Never\n",
    )
    text = "Conditions:\n  Never: !Equals [a, b]\n" + text.split("Outputs:")[0]
    parent = write(tmp_path, "main.yaml", text)
    write(tmp_path, "infrastructure/network.yaml", NETWORK)
    write(tmp_path, "app-child.yaml", CHILD_APP)
    result = load_stacks([parent])
    assert [s.name for s in result.stacks] == ["main", "main-App"]
    assert [r.logical_id for r in result.stack("main").inactive] == ["Network"]
    group = result.resource("Group").properties
    assert group["Vpc"] == AttrRef("Network", "Outputs.VpcId", "main")
    assert any("Network, which is not created" in str(w) for w in result.warnings)


def test_template_that_nests_itself_is_circular(tmp_path: Path) -> None:
    text = "Resources:\n  Me:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: loop.yaml\n"
    with pytest.raises(CircularReferenceError, match=r"includes its own template loop\.yaml"):
        load_stacks([write(tmp_path, "loop.yaml", text)])


def test_no_templates_is_an_error() -> None:
    with pytest.raises(StackError, match="no templates given"):
        load_stacks([])
