"""Resource attributes that a template already determines.

``!GetAtt Vpc.CidrBlock`` is the VPC's own ``CidrBlock`` property, so ``!Cidr``
over it can be computed offline. Only attributes that are plainly a copy of a
property are listed; everything else stays an `AttrRef`.
"""

from __future__ import annotations

import ipaddress
from typing import NamedTuple


class Derivation(NamedTuple):
    """The property an attribute copies, and whether the attribute is a list of it."""

    property: str
    as_list: bool = False


DERIVED: dict[str, dict[str, Derivation]] = {
    "AWS::EC2::VPC": {"CidrBlock": Derivation("CidrBlock")},
    "AWS::EC2::Subnet": {
        "AvailabilityZone": Derivation("AvailabilityZone"),
        "CidrBlock": Derivation("CidrBlock"),
        "Ipv6CidrBlocks": Derivation("Ipv6CidrBlock", as_list=True),
        "VpcId": Derivation("VpcId"),
    },
    "AWS::EC2::SecurityGroup": {"VpcId": Derivation("VpcId")},
    "AWS::EC2::Instance": {
        "AvailabilityZone": Derivation("AvailabilityZone"),
        "PrivateIp": Derivation("PrivateIpAddress"),
    },
    "AWS::EC2::NetworkInterface": {"PrimaryPrivateIpAddress": Derivation("PrivateIpAddress")},
}

#: The documentation prefix (RFC 3849) that placeholder IPv6 blocks are carved from.
PLACEHOLDER_IPV6_PREFIX = "2001:db8::/32"


def derivation(resource_type: str, attribute: str) -> Derivation | None:
    """How to compute ``attribute`` of a ``resource_type`` from its properties, if possible.

    >>> derivation("AWS::EC2::VPC", "CidrBlock")
    Derivation(property='CidrBlock', as_list=False)
    >>> derivation("AWS::EC2::VPC", "DefaultSecurityGroup") is None
    True
    """
    return DERIVED.get(resource_type, {}).get(attribute)


def placeholder_ipv6_block(index: int) -> str:
    """The ``index``-th /56 of the documentation prefix, standing in for an AWS-assigned block.

    >>> placeholder_ipv6_block(1)
    '2001:db8:0:100::/56'
    """
    base = ipaddress.IPv6Network(PLACEHOLDER_IPV6_PREFIX)
    return f"{base.network_address + index * 2**72}/56"
