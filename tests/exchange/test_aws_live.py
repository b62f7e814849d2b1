"""Live import through a real boto3 client against moto's server mode on a loopback port that the
test starts and stops; dummy credentials, nothing leaves the machine."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

from vpcdesigner.exchange.aws import LiveImportError, import_snapshot  # noqa: E402
from vpcdesigner.exchange.aws.live import import_live  # noqa: E402
from vpcdesigner.model import derive  # noqa: E402
from vpcdesigner.model.files import check_references  # noqa: E402

REGION = "eu-central-1"


@pytest.fixture(scope="module")
def aws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A moto server holding one small network; yields its URL and the ids created."""
    import boto3

    home = tmp_path_factory.mktemp("aws-home")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                           "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION,
                           "AWS_CONFIG_FILE": str(home / "config"),
                           "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials")}.items():
            mp.setenv(key, value)
        for key in ("AWS_PROFILE", "AWS_REGION", "AWS_ENDPOINT_URL"):
            mp.delenv(key, raising=False)
        server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            url = f"http://{host}:{port}"
            ids = _build(boto3.client("ec2", region_name=REGION, endpoint_url=url))
            _zones(boto3.client("route53", region_name=REGION, endpoint_url=url), ids["vpc"])
            ids["cdn"] = _distribution(boto3.client("cloudfront", region_name="us-east-1", endpoint_url=url))
            yield {"url": url, **ids}
        finally:
            server.stop()


def _build(ec2: Any) -> dict[str, str]:
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": "shop"}])
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": False})
    pub = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone=f"{REGION}a")["Subnet"]["SubnetId"]
    priv = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.2.0/24", AvailabilityZone=f"{REGION}b")["Subnet"]["SubnetId"]
    ec2.create_tags(Resources=[pub], Tags=[{"Key": "Name", "Value": "public-a"}])
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rtb, SubnetId=pub)
    sg = ec2.create_security_group(GroupName="web", Description="web servers", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    inst = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, SubnetId=pub, SecurityGroupIds=[sg],
                             PrivateIpAddress="10.20.1.10", InstanceType="t3.small")["Instances"][0]["InstanceId"]
    return {"vpc": vpc, "pub": pub, "priv": priv, "igw": igw, "rtb": rtb, "sg": sg, "inst": inst}


def _zones(r53: Any, vpc: str) -> None:
    public = r53.create_hosted_zone(Name="shop.example.", CallerReference="a")["HostedZone"]["Id"]
    r53.change_resource_record_sets(HostedZoneId=public, ChangeBatch={"Changes": [{"Action": "CREATE",
        "ResourceRecordSet": {"Name": "www.shop.example.", "Type": "A", "TTL": 60,
                              "ResourceRecords": [{"Value": "198.51.100.80"}]}}]})
    r53.create_hosted_zone(Name="corp.internal.", CallerReference="b", HostedZoneConfig={"PrivateZone": True},
                           VPC={"VPCRegion": REGION, "VPCId": vpc})


def _distribution(cf: Any) -> str:
    config = {
        "CallerReference": "c", "Comment": "", "Enabled": True,
        "Aliases": {"Quantity": 1, "Items": ["cdn.shop.example"]},
        "Origins": {"Quantity": 1, "Items": [{"Id": "web", "DomainName": "origin.shop.example", "CustomOriginConfig": {
            "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "redirect-to-https",
                                 "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
                                 "MinTTL": 0, "TrustedSigners": {"Enabled": False, "Quantity": 0}},
    }
    return str(cf.create_distribution(DistributionConfig=config)["Distribution"]["Id"])


def test_live_import_maps_what_was_created(aws: dict[str, Any], tmp_path: Path) -> None:
    ticks: list[tuple[int, int, str]] = []
    result = import_live(regions=[REGION], endpoint_url=aws["url"], save_snapshot=tmp_path / "snap",
                         progress=lambda done, total, what: ticks.append((done, total, what)))
    design = result.design
    check_references(design)
    res = design.resources
    vpc = res[aws["vpc"]]
    assert (vpc.name, vpc.cidr, vpc.region) == ("shop", "10.20.0.0/16", REGION)
    assert (vpc.enable_dns_support, vpc.enable_dns_hostnames) == (True, False)  # set in _build
    assert res[aws["pub"]].name == "public-a" and res[aws["pub"]].vpc == aws["vpc"]
    assert res[aws["igw"]].vpc == aws["vpc"]
    d = derive(design)
    table = d.route_table_of[aws["pub"]]
    assert table.id == aws["rtb"]
    assert [(r.destination, r.target) for r in table.routes] == [("0.0.0.0/0", aws["igw"])]
    assert d.route_table_of[aws["priv"]].main
    sg = res[aws["sg"]]
    assert [(r.protocol, r.port_from, r.cidr) for r in sg.inbound] == [("tcp", 443, "0.0.0.0/0")]
    inst = res[aws["inst"]]
    assert (inst.subnet, inst.private_ip, inst.security_groups, inst.instance_type) == (
        aws["pub"], "10.20.1.10", (aws["sg"],), "t3.small")
    assert aws["vpc"] in design.layout and aws["inst"] in design.layout
    zones = {z.zone_name: z for z in design.of_kind("hosted-zone")}
    www = [r for r in zones["shop.example"].records if r.name == "www.shop.example"]
    assert [(r.type, r.values) for r in www] == [("A", ("198.51.100.80",))]
    assert zones["corp.internal"].private and zones["corp.internal"].vpcs == (aws["vpc"],)
    cdn = res[aws["cdn"]]
    assert (cdn.aliases, cdn.default_origin, cdn.origins[0].domain_name) == (
        ("cdn.shop.example",), "web", "origin.shop.example")
    # Progress went from 1 to the announced total, in order.
    assert [t[0] for t in ticks] == list(range(1, ticks[-1][1] + 1)) and REGION in ticks[0][2]


def test_saved_snapshot_reimports_to_the_same_design(aws: dict[str, Any], tmp_path: Path) -> None:
    live = import_live(regions=[REGION], endpoint_url=aws["url"], save_snapshot=tmp_path)
    folder = tmp_path / "aws_configs" / REGION
    assert json.loads((folder / "Vpcs.json").read_text())["Vpcs"]
    saved = import_snapshot(tmp_path)
    assert saved.design.resources == live.design.resources
    assert saved.design.layout == live.design.layout


def test_cli_live_import(aws: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vpcdesigner.cli.main import main
    from vpcdesigner.model import load

    out = tmp_path / "acct.vpcd.json"
    code = main(["import", "aws", "--live", "--region", REGION, "--endpoint-url", aws["url"], "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert aws["inst"] in load(out).resources
    assert "mapped" in capsys.readouterr().err


def test_unknown_profile_is_a_clear_error(aws: dict[str, Any]) -> None:
    with pytest.raises(LiveImportError, match="no-such-profile"):
        import_live(profile="no-such-profile", regions=[REGION], endpoint_url=aws["url"])


def test_refused_credentials_stop_the_import(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from botocore.exceptions import NoCredentialsError

    from vpcdesigner.exchange.aws import live

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NoCredentialsError()

    monkeypatch.setattr(live._Caller, "client", lambda self, service: type("C", (), {
        "can_paginate": lambda self, op: False, "__getattr__": lambda self, name: refuse})())
    with pytest.raises(LiveImportError, match="no AWS credentials"):
        import_live(regions=[REGION], endpoint_url=aws["url"])


def test_cli_bad_profile_exits_2(aws: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vpcdesigner.cli.main import main

    out = tmp_path / "x.vpcd.json"
    assert main(["import", "aws", "--live", "--profile", "nope", "--endpoint-url", aws["url"], "-o", str(out)]) == 2
    assert "profile 'nope' is not configured" in capsys.readouterr().err and not out.exists()


def test_without_boto3_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "boto3", None)
    with pytest.raises(LiveImportError, match=r"vpcdesigner\[aws\]"):
        import_live(regions=[REGION])


def test_several_regions_in_one_design(aws: dict[str, Any]) -> None:
    import boto3

    other = boto3.client("ec2", region_name="us-west-2", endpoint_url=aws["url"])
    far = other.create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
    totals = set()
    result = import_live(regions=[REGION, "us-west-2"], endpoint_url=aws["url"],
                         progress=lambda done, total, what: totals.add(total))
    res = result.design.resources
    assert (res[far].region, res[aws["vpc"]].region) == ("us-west-2", REGION)
    assert len(totals) == 1  # one bar over both regions
    check_references(result.design)
