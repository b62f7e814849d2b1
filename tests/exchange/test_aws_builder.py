"""Helpers, no tests: small describe-* snapshot folders for the AWS importer tests (AWS CLI shapes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

VPC = "vpc-0a1"
PUB, PRIV = "subnet-0pub", "subnet-0priv"


def tags(name: str | None) -> list[dict[str, str]]:
    return [{"Key": "Name", "Value": name}] if name else []


def write(folder: Path, files: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_text(json.dumps(data, indent=1))
    return folder


def base_files(region: str = "eu-west-1", vpc: str = VPC, cidr: str = "10.0.0.0/16") -> dict[str, Any]:
    """A VPC with a public and a private subnet, an IGW and the two subnets' route tables."""
    net = cidr.split(".")[0] + "." + cidr.split(".")[1]
    return {
        "Vpcs.json": {"Vpcs": [{
            "VpcId": vpc, "CidrBlock": cidr, "Tags": tags("shop"),
            "CidrBlockAssociationSet": [
                {"CidrBlock": cidr, "CidrBlockState": {"State": "associated"}},
                {"CidrBlock": "100.64.0.0/16", "CidrBlockState": {"State": "associated"}},
                {"CidrBlock": "100.65.0.0/16", "CidrBlockState": {"State": "disassociated"}},
            ],
            "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:1::/56",
                                             "Ipv6CidrBlockState": {"State": "associated"}}],
        }]},
        "Subnets.json": {"Subnets": [
            {"SubnetId": PUB, "VpcId": vpc, "CidrBlock": f"{net}.1.0/24", "AvailabilityZone": f"{region}a",
             "MapPublicIpOnLaunch": True, "Tags": tags("public-a"),
             "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:1:1::/64"}]},
            {"SubnetId": PRIV, "VpcId": vpc, "CidrBlock": f"{net}.2.0/24", "AvailabilityZone": f"{region}b",
             "MapPublicIpOnLaunch": False},
        ]},
        "InternetGateways.json": {"InternetGateways": [
            {"InternetGatewayId": "igw-1", "Attachments": [{"State": "available", "VpcId": vpc}]}]},
        "RouteTables.json": {"RouteTables": [
            {"RouteTableId": "rtb-main", "VpcId": vpc, "Associations": [{"Main": True}],
             "Routes": [{"DestinationCidrBlock": cidr, "GatewayId": "local", "State": "active"}]},
            {"RouteTableId": "rtb-pub", "VpcId": vpc, "Associations": [{"Main": False, "SubnetId": PUB}],
             "Routes": [{"DestinationCidrBlock": cidr, "GatewayId": "local", "State": "active"},
                        {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}]},
        ]},
    }
