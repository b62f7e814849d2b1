"""Pseudo parameters (``AWS::Region`` ...) and the made-up facts an offline engine needs.

Nothing here talks to AWS. Every value is deterministic so that the same template
always resolves to the same design: the account is 123456789012, and a region has
six Availability Zones named ``<region>a`` to ``<region>f`` (real regions have 2-6;
pass ``availability_zones`` to `load_stacks` to model a particular one).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT_ID = "123456789012"
AZ_LETTERS = "abcdef"

#: Pseudo parameters a caller may set through the parameter overrides.
OVERRIDABLE = ("AWS::Region", "AWS::AccountId", "AWS::NotificationARNs", "AWS::Partition", "AWS::URLSuffix")


def partition_for(region: str) -> str:
    """The ARN partition of a region.

    >>> partition_for("cn-north-1"), partition_for("us-gov-west-1"), partition_for("eu-west-1")
    ('aws-cn', 'aws-us-gov', 'aws')
    """
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def url_suffix_for(region: str) -> str:
    """``amazonaws.com``, or ``amazonaws.com.cn`` in China."""
    return "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"


def default_availability_zones(region: str) -> list[str]:
    """Six AZs, ``<region>a`` .. ``<region>f``: deterministic, not the real list.

    >>> default_availability_zones("us-east-1")[:2]
    ['us-east-1a', 'us-east-1b']
    """
    return [f"{region}{letter}" for letter in AZ_LETTERS]


@dataclass(frozen=True, slots=True)
class Pseudo:
    """The pseudo parameter values of one stack."""

    stack_name: str
    region: str = DEFAULT_REGION
    account_id: str = DEFAULT_ACCOUNT_ID
    notification_arns: tuple[str, ...] = ()
    partition: str | None = None
    url_suffix: str | None = None
    availability_zones: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @property
    def stack_id(self) -> str:
        """A stable, made-up stack ARN (the UUID is derived from the stack name)."""
        stable = uuid.uuid5(uuid.NAMESPACE_URL, f"vpcdesigner:{self.account_id}:{self.region}:{self.stack_name}")
        return (
            f"arn:{self.resolved_partition}:cloudformation:{self.region}:{self.account_id}:"
            f"stack/{self.stack_name}/{stable}"
        )

    @property
    def resolved_partition(self) -> str:
        return self.partition or partition_for(self.region)

    def values(self) -> dict[str, Any]:
        """``{"AWS::Region": ..., ...}`` for every pseudo parameter except AWS::NoValue."""
        return {
            "AWS::AccountId": self.account_id,
            "AWS::NotificationARNs": list(self.notification_arns),
            "AWS::Partition": self.resolved_partition,
            "AWS::Region": self.region,
            "AWS::StackId": self.stack_id,
            "AWS::StackName": self.stack_name,
            "AWS::URLSuffix": self.url_suffix or url_suffix_for(self.region),
        }

    def azs(self, region: str) -> list[str]:
        """The Availability Zones ``Fn::GetAZs`` returns for ``region``."""
        given = self.availability_zones.get(region)
        return list(given) if given is not None else default_availability_zones(region)
