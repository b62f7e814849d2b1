"""Bad input (issue 6 item 5): a clear message naming the file, line or logical id; nothing half-written.

Also the parameter plumbing of `import_templates` and the `vpcdesigner import cloudformation` command.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vpcdesigner.cli.main import main
from vpcdesigner.exchange.cloudformation import TemplateError
from vpcdesigner.exchange.cloudformation import loader as cfn_loader
from vpcdesigner.exchange.cloudformation.importer import import_templates
from vpcdesigner.model import load

VPC = "Resources:\n  Net:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"
PARAM_VPC = (
    "Parameters:\n  Cidr: {Type: String}\nResources:\n  Net:\n    Type: AWS::EC2::VPC\n"
    "    Properties: {CidrBlock: !Ref Cidr}\n"
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "broken.yaml",
            "Resources:\n  Net:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: [\n",
            r"broken\.yaml line \d+",
        ),
        ("broken.json", '{"Resources": {"Net": {"Type": "AWS::EC2::VPC",}}}', r"broken\.json line 1"),
        ("intrinsic.yaml", VPC.replace("10.0.0.0/16", "{'Fn::Bogus': x}"), r"intrinsic\.yaml line \d+.*Net.*Fn::Bogus"),
        (
            "loop.yaml",
            "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !GetAtt B.CidrBlock}\n"
            "  B:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !GetAtt A.CidrBlock}\n",
            r"loop\.yaml.*(A|B)",
        ),
        ("needs.yaml", PARAM_VPC, r"needs\.yaml.*'Cidr'"),
        ("tagged.yaml", "Resources: !!python/object/apply:os.system ['true']\n", r"tagged\.yaml line 1"),
    ],
    ids=["yaml", "json", "unknown-intrinsic", "circular", "missing-parameter", "unsafe-tag"],
)
def test_bad_template_gives_a_message_with_its_place(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(TemplateError, match=expected):
        import_templates([str(path)], {})


def test_a_file_far_too_large_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "huge.yaml", VPC + "#" * 2000 + "\n")
    monkeypatch.setattr(cfn_loader, "MAX_TEMPLATE_BYTES", 1000)
    with pytest.raises(TemplateError, match=r"huge\.yaml.*MB"):
        import_templates([str(path)], {})


def test_unsupported_resources_are_listed_not_fatal(tmp_path: Path) -> None:
    path = _write(tmp_path, "odd.yaml", VPC + "  Thing:\n    Type: AWS::Made::Up\n  Custom:\n    Type: Custom::Mine\n")
    result = import_templates([str(path)], {})
    assert list(result.design.resources) == ["Net"]
    lines = {i.where.rsplit(" ", 1)[-1]: i for i in result.report if "resource" in i.where}
    assert lines["Thing"].severity == "warning" and "AWS::Made::Up" in lines["Thing"].message
    assert "no network meaning" in lines["Custom"].message


def test_deferred_values_are_reported_with_logical_id_and_property(tmp_path: Path) -> None:
    text = (
        "Resources:\n  Net:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"
        "  Sub:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Net\n"
        "      CidrBlock: !Select [0, !GetAtt Net.CidrBlockAssociations]\n"
    )
    result = import_templates([str(_write(tmp_path, "later.yaml", text))], {})
    assert "Sub" not in result.design.resources
    lines = [i for i in result.report if "resource Sub" in i.where and "CidrBlock" in i.message]
    assert lines and all("later.yaml line" in i.where for i in lines)
    assert any("only known after deployment" in i.message for i in lines)


def test_invalid_values_leave_the_object_out_with_a_message(tmp_path: Path) -> None:
    text = VPC + "  Sub:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Net, CidrBlock: banana}\n"
    result = import_templates([str(_write(tmp_path, "bad.yaml", text))], {})
    assert "Sub" not in result.design.resources
    assert any("Sub" in i.where and "cidr" in i.message and i.severity == "error" for i in result.report)


def test_parameters_plain_per_stack_and_from_a_file(tmp_path: Path) -> None:
    a, b = _write(tmp_path, "a.yaml", PARAM_VPC), _write(tmp_path, "b.yaml", PARAM_VPC)
    params_file = _write(
        tmp_path, "params.json", json.dumps([{"ParameterKey": "Cidr", "ParameterValue": "10.7.0.0/16"}])
    )
    design = import_templates([str(a), str(b)], {"b.Cidr": "10.9.0.0/16"}, str(params_file)).design
    assert {r.id: r.cidr for r in design.resources.values()} == {"a.Net": "10.7.0.0/16", "b.Net": "10.9.0.0/16"}
    with pytest.raises(TemplateError, match="'nope'"):
        import_templates([str(a)], {"nope.Cidr": "10.9.0.0/16"})


def test_cli_import_writes_the_design_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = _write(tmp_path, "net.yaml", PARAM_VPC + "  Thing:\n    Type: AWS::Made::Up\n")
    out = tmp_path / "net.vpcd.json"
    assert (
        main(["import", "cloudformation", f"{template}@Prod", "--param", "Prod.Cidr=10.5.0.0/16", "-o", str(out)]) == 0
    )
    assert load(out).resources["Net"].cidr == "10.5.0.0/16"
    err = capsys.readouterr().err
    assert "AWS::Made::Up" in err and "wrote" in err


def test_cli_import_of_a_bad_template_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = _write(tmp_path, "net.yaml", PARAM_VPC)
    out = tmp_path / "net.vpcd.json"
    assert main(["import", "cloudformation", str(template), "-o", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "net.yaml" in err and "Cidr" in err and "Traceback" not in err


def test_trace_cli_on_a_bad_template_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = _write(tmp_path, "broken.yaml", "Resources: [\n")
    assert main(["trace", str(template), "--from", "8.8.8.8", "--to", "1.1.1.1", "--port", "80"]) == 2
    assert "broken.yaml" in capsys.readouterr().err


WEB = """\
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref Cidr}
  Igw: {Type: AWS::EC2::InternetGateway}
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}
  Public:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [!Ref Cidr, 2, 8]], MapPublicIpOnLaunch: true,
                 AvailabilityZone: !Select [0, !GetAZs '']}
  Rt:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Default:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {RouteTableId: !Ref Rt, SubnetId: !Ref Public}
  WebServer:
    Type: AWS::EC2::Instance
    Properties: {SubnetId: !Ref Public}
"""


@pytest.mark.parametrize(
    ("source", "destination", "port", "reachable"),
    [("WebServer", "203.0.113.7", 443, True), ("203.0.113.7", "WebServer", 22, False)],
)
def test_trace_cli_from_a_logical_id_with_a_parameter_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, destination: str, port: int, reachable: bool
) -> None:
    """`vpcdesigner trace template.yaml --from WebServer --to 203.0.113.7` works straight on a template."""
    template = _write(tmp_path, "web.yaml", "Parameters:\n  Cidr: {Type: String}\n" + WEB)
    args = ["trace", str(template), "--from", source, "--to", destination, "--port", str(port), "--json"]
    assert main([*args, "--param", "Cidr=10.3.0.0/16"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["reachable"] is reachable, out["reason"]  # inbound: the VPC's default SG admits only itself
    params = _write(tmp_path, "p.json", json.dumps([{"ParameterKey": "Cidr", "ParameterValue": "10.4.0.0/16"}]))
    design_file = tmp_path / "web.vpcd.json"
    assert main(["import", "cloudformation", str(template), "--params", str(params), "-o", str(design_file)]) == 0
    assert load(design_file).resources["Public"].cidr == "10.4.0.0/24"
