"""Find and read the describe-* JSON files of a snapshot folder, grouped by region folder.

Files are recognised by their top-level keys ("Vpcs", "Reservations", ...), not by their names,
so Batfish's `aws_configs/[<region>/]Vpcs.json` layout, `accounts/<acct>/<region>/` and single
test files such as `SecurityGroupTest.json` all read the same way.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..report import Reporter
from .errors import SnapshotError

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 6
REGION_RE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")

# Top-level keys the mapper reads (each holds a list of objects).
MAPPED_KEYS = frozenset({
    "Vpcs", "Subnets", "RouteTables", "NetworkAcls", "SecurityGroups", "Reservations", "NatGateways",
    "InternetGateways", "EgressOnlyInternetGateways", "VpnGateways", "VpnConnections", "CustomerGateways",
    "VpcPeeringConnections", "NetworkInterfaces", "Addresses", "PrefixLists", "ManagedPrefixLists",
    "VpcEndpoints", "LoadBalancers", "TargetGroups", "LoadBalancerListeners", "LoadBalancerTargetHealth",
    "LoadBalancerRules", "LoadBalancerDescriptions", "TransitGateways", "TransitGatewayAttachments",
    "TransitGatewayVpcAttachments", "TransitGatewayRouteTables", "TransitGatewayPropagations",
    "TransitGatewayStaticRoutes", "Tags", "VpcAttributes", "HostedZones", "DistributionList",
})
# Keys whose list sits one level down, as the AWS CLI prints them ({"DistributionList": {"Items": [...]}}).
NESTED_LISTS = {"DistributionList": "Items"}
# Keys that are read but have no network meaning in the model: listed in the report, never silently.
UNMODELLED_KEYS = {
    "AvailabilityZones": "availability zones are implied by the subnets",
    "DhcpOptions": "DHCP options sets are not modelled (the VPC resolver is always assumed)",
    "LoadBalancerAttributes": "load balancer attributes (cross-zone, logs) are not modelled",
    "VpcEndpointServices": "the catalogue of endpoint services has no network meaning",
    "ServiceDetails": "the catalogue of endpoint services has no network meaning",
    "ServiceNames": "the catalogue of endpoint services has no network meaning",
    "DBInstances": "RDS instances are not modelled (add them as instances by hand)",
    "DomainStatusList": "Elasticsearch/OpenSearch domains are not modelled",
    "Instances": "ClassicLink instances are not modelled",
    "Hosts": "dedicated hosts have no network meaning",
    "InstanceStatuses": "instance status checks have no network meaning",
    "MovingAddressStatuses": "EC2-Classic address moves have no network meaning",
    "PlacementGroups": "placement groups have no network meaning",
}
METADATA_KEYS = frozenset({"NextToken", "ResponseMetadata", "Marker", "NextMarker"})


@dataclass(frozen=True)
class Entry:
    """One object of a describe-* list, with the place it came from (for report messages)."""

    file: str
    key: str
    index: int
    obj: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.file}: {self.key}[{self.index}]"


@dataclass
class SourceDir:
    """The JSON files of one folder: usually one region of one account."""

    path: Path
    region_hint: str | None
    entries: dict[str, list[Entry]] = field(default_factory=dict)

    def get(self, key: str) -> list[Entry]:
        return self.entries.get(key, [])


def find_sources(root: Path, rep: Reporter) -> list[SourceDir]:
    """Every folder under `root` (or the single file `root`) that holds JSON files, read."""
    if not root.exists():
        raise SnapshotError(str(root), "", "no such file or folder")
    if root.is_file():
        source = SourceDir(root.parent, _region_of(root.parent))
        _read_into(source, root, rep)
        return [source]
    out = []
    for folder in _json_folders(root):
        source = SourceDir(folder, _region_of(folder))
        for file in sorted(folder.iterdir()):
            if file.is_file() and file.suffix.lower() == ".json":
                _read_into(source, file, rep)
        if source.entries:
            out.append(source)
    if not out:
        raise SnapshotError(str(root), "", "no describe-* JSON files found (expected files like Vpcs.json)")
    return out


def _json_folders(root: Path) -> Iterator[Path]:
    base_depth = len(root.parts)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if len(Path(dirpath).parts) - base_depth >= MAX_DEPTH:
            dirnames[:] = []
        if any(name.lower().endswith(".json") for name in filenames):
            yield Path(dirpath)


def _region_of(folder: Path) -> str | None:
    return folder.name if REGION_RE.match(folder.name) else None


def read_json(file: Path) -> Any:
    """Parse one file; too large or broken JSON is a SnapshotError naming the file and place."""
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise SnapshotError(str(file), "", f"cannot read: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise SnapshotError(
            str(file), "top level",
            f"file is {size // (1024 * 1024)} MB; the limit for one describe-* file is "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
        )
    try:
        raw = file.read_bytes()
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SnapshotError(str(file), f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}") from None
    except UnicodeDecodeError:
        raise SnapshotError(str(file), "", "not a text file (invalid UTF-8)") from None
    except OSError as exc:
        raise SnapshotError(str(file), "", f"cannot read: {exc.strerror}") from None


def source_from_responses(label: str, region: str, responses: dict[str, Any], rep: Reporter) -> SourceDir:
    """A SourceDir from API responses held in memory (file name -> response), as live import has them."""
    source = SourceDir(Path(label), region)
    for name in sorted(responses):
        add_response(source, f"{label}/{name}", responses[name], rep)
    return source


def _read_into(source: SourceDir, file: Path, rep: Reporter) -> None:
    add_response(source, str(file), read_json(file), rep)


def add_response(source: SourceDir, name: str, data: Any, rep: Reporter) -> None:
    """File one parsed describe-* response into `source` by its top-level keys."""
    if not isinstance(data, dict):
        rep.warning(name, "skipped: not a describe-* response (the top level is not a JSON object)")
        return
    for key, value in data.items():
        if key in METADATA_KEYS:
            continue
        if key in UNMODELLED_KEYS:
            count = len(value) if isinstance(value, list) else 1
            rep.info(name, f"skipped {key} ({count}): {UNMODELLED_KEYS[key]}")
            continue
        if key not in MAPPED_KEYS:
            rep.warning(name, f"skipped {key}: not a describe-* result this importer knows")
            continue
        if key in NESTED_LISTS and isinstance(value, dict):
            value = value.get(NESTED_LISTS[key]) or []
        if not isinstance(value, list):
            rep.warning(f"{name}: {key}", "skipped: expected a list of objects")
            continue
        bucket = source.entries.setdefault(key, [])
        for index, obj in enumerate(value):
            if isinstance(obj, dict):
                bucket.append(Entry(name, key, index, obj))
            else:
                rep.warning(f"{name}: {key}[{index}]", "skipped: expected an object")
