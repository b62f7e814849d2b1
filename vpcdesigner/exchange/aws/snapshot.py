"""`import_snapshot(folder)`: a folder of saved describe-* JSON becomes a laid-out design.

The mappers run in phases over every region folder together (all VPCs first, then all subnets,
...), so a peering to a VPC in another region finds the real VPC, not a placeholder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from ...model import Design, DesignFileError
from ...model.files import check_references
from ..layout import auto_layout
from ..report import ImportResult, Reporter, kind_counts
from .context import Ctx, text
from .map_cloudfront import map_distributions
from .map_compute import map_instances, map_interfaces, map_nat_gateways, scan_addresses
from .map_dns import map_hosted_zones
from .map_elb import map_classic_load_balancers, map_load_balancers, map_target_groups
from .map_hybrid import (
    map_customer_gateways,
    map_peerings,
    map_transit_gateways,
    map_vpn_connections,
    map_vpn_gateways,
)
from .map_network import (
    attach_endpoint_tables,
    map_endpoints,
    map_internet_gateways,
    map_prefix_lists,
    map_route_tables,
    map_subnets,
    map_vpcs,
    scan_propagated,
)
from .map_security import map_network_acls, map_security_groups
from .reader import REGION_RE, SourceDir, find_sources

DEFAULT_REGION = "us-east-1"
_ARN_REGION = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d+):")


def _scan_tags(ctx: Ctx) -> None:
    for e in ctx.entries("Tags"):
        rid, key = text(e.obj, "ResourceId"), text(e.obj, "Key")
        if rid and key:
            ctx.extra_tags.setdefault(rid, {})[key] = str(e.obj.get("Value", ""))


PHASES: tuple[Callable[[Ctx], None], ...] = (
    _scan_tags, scan_addresses, scan_propagated,
    map_prefix_lists, map_vpcs, map_subnets, map_internet_gateways, map_vpn_gateways,
    map_customer_gateways, map_vpn_connections, map_transit_gateways, map_peerings,
    map_security_groups, map_nat_gateways, map_instances, map_interfaces, map_endpoints,
    map_route_tables, attach_endpoint_tables, map_network_acls,
    map_target_groups, map_load_balancers, map_classic_load_balancers, map_distributions, map_hosted_zones,
)


def import_snapshot(folder: str | os.PathLike[str]) -> ImportResult:
    """Map every describe-* file under `folder` (or the one file `folder`) to a design.

    Raises SnapshotError for a snapshot that cannot be read at all (broken JSON, a file far too
    large); everything else odd is skipped and listed in the report.
    """
    root = Path(folder)
    rep = Reporter()
    sources = find_sources(root, rep)
    return map_sources(sources, rep, f"AWS snapshot {root.name or root}")


def map_sources(sources: list[SourceDir], rep: Reporter, title: str,
                origin: str = "saved describe-* output") -> ImportResult:
    """Run every mapping phase over the read folders and lay the result out."""
    ctx = Ctx(rep=rep)
    regions = {id(s): _region(s, rep) for s in sources}
    for phase in PHASES:
        for source in sources:
            ctx.source, ctx.region = source, regions[id(source)]
            phase(ctx)
    resources = _prune_dangling(ctx)
    names = sorted(set(regions.values()))
    design = Design(name=title, resources=resources,
                    description=f"Imported from {origin} ({', '.join(names)}).")
    design = design.model_copy(update={"layout": auto_layout(design)})
    counts = kind_counts(design)
    rep.info("", "mapped " + (", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing"))
    return ImportResult(design=design, report=rep.items)


def _region(source: SourceDir, rep: Reporter) -> str:
    """The folder name if it is a region, else the region of the subnets' AZs or of any ARN."""
    if source.region_hint:
        return source.region_hint
    for e in source.get("Subnets"):
        az = text(e.obj, "AvailabilityZone")
        if az and REGION_RE.match(az[:-1]):
            return az[:-1]
    for key in ("Subnets", "LoadBalancers", "TargetGroups", "TransitGateways"):
        for e in source.get(key):
            for value in e.obj.values():
                if isinstance(value, str) and (m := _ARN_REGION.match(value)):
                    return m.group(1)
    rep.warning(str(source.path), f"no region in the folder name or the data; assumed {DEFAULT_REGION}")
    return DEFAULT_REGION


def _prune_dangling(ctx: Ctx) -> dict[str, object]:
    """Safety net: a resource whose reference still dangles is dropped (and reported), never saved broken."""
    resources = dict(ctx.resources)
    for _ in range(len(resources) + 1):
        try:
            check_references(Design(resources=resources))
            return resources
        except DesignFileError as exc:
            m = re.match(r"resource '([^']+)'", exc.where)
            if m is None or m.group(1) not in resources:
                raise
            ctx.rep.error(exc.where, f"skipped {m.group(1)}: {exc.message}")
            del resources[m.group(1)]
    return resources
