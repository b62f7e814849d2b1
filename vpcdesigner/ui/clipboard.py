"""Copy and paste of objects (Qt-free): new ids, and new addresses so the copy is valid at once.

A copy takes the selected objects plus everything inside them (a VPC with its subnets and instances).
Pasting renames every id, points references inside the copy at the copies, gives subnets the next
free CIDR and instances the next free address, and offsets the outermost boxes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from vpcdesigner.model import Design, Placement, Resource
from vpcdesigner.model.addressing import next_free_ip, next_free_subnet
from vpcdesigner.model.design import CLASS_FOR_KIND
from vpcdesigner.model.refs import nested_ids

from .factory import _free_block
from .rules import BADGE_KINDS, container_of, resources, taken_ips

MIME = "application/x-vpcdesigner-objects"


def copy_payload(design: Design, ids: list[str]) -> str:
    """The selected objects and their contents, as JSON text for the clipboard."""
    chosen = [i for i in ids if i in resources(design)]
    inside = set(chosen)
    changed = True
    while changed:
        changed = False
        for r in resources(design).values():
            if r.id not in inside and r.kind not in BADGE_KINDS and container_of(design, r.id) in inside:
                inside.add(r.id)
                changed = True
    order = [r for r in resources(design).values() if r.id in inside]
    data = {
        "resources": [r.model_dump(mode="json") for r in order],
        "layout": {r.id: design.layout[r.id].model_dump(mode="json") for r in order if r.id in design.layout},
        "tops": [r.id for r in order if container_of(design, r.id) not in inside],
    }
    return json.dumps(data)


def _fresh(old: str, taken: set[str]) -> str:
    base = re.sub(r"-\d+$", "", old) or "copy"
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    new = f"{base}-{n}"
    taken.add(new)
    return new


def _rename(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_rename(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _rename(v, mapping) for k, v in value.items()}
    return value


def paste_plan(design: Design, text: str, offset: float = 40.0) -> tuple[list[Resource], dict[str, Placement]]:
    """Resources and placements to add for pasted clipboard text; raises ValueError when unusable."""
    try:
        data = json.loads(text)
        raw = list(data["resources"])
    except (ValueError, KeyError, TypeError):
        raise ValueError("the clipboard does not hold VPC Designer objects") from None
    taken = set(resources(design)) | {n.id for n in design.notes}
    for r in resources(design).values():
        taken.update(nested_ids(r))
    mapping: dict[str, str] = {}
    for item in raw:
        mapping[item["id"]] = _fresh(item["id"], taken)
        cls: Any = CLASS_FOR_KIND[item["kind"]]
        for nid in nested_ids(cls.model_validate(item)):
            mapping[nid] = _fresh(nid, taken)
    rank = {"vpc": 0, "on-premises": 0, "subnet": 1}
    renamed = sorted((_rename(item, mapping) for item in raw), key=lambda i: rank.get(i["kind"], 2))
    work = Design.model_construct(**{**design.__dict__, "resources": dict(resources(design)),
                                     "layout": dict(design.layout)})
    out: list[Resource] = []
    for item in renamed:
        kind = item["kind"]
        if kind == "vpc":
            item["cidr"] = _free_block(work, "10.0.0.0/8", int(item["cidr"].split("/")[1]))
            item["secondary_cidrs"] = []
        elif kind == "subnet" and item["vpc"] in resources(work):
            vpc = resources(work)[item["vpc"]]
            others = [s.cidr for s in resources(work).values() if s.kind == "subnet" and s.vpc == vpc.id]
            cidr = next_free_subnet(vpc.all_cidrs, others, int(item["cidr"].split("/")[1]))
            if cidr is None:
                raise ValueError(f"VPC {vpc.display_name} has no free block left for a copy of a subnet")
            item["cidr"] = cidr
        elif kind in ("instance", "network-interface") and item.get("private_ip") and item["subnet"] in resources(work):
            subnet = resources(work)[item["subnet"]]
            ip = next_free_ip(subnet.cidr, taken_ips(work, subnet.id))
            if ip is None:
                raise ValueError(f"subnet {subnet.display_name} has no free address for the copy")
            item["private_ip"] = ip
        if item.get("name") in mapping:
            item["name"] = mapping[item["name"]]
        resource_cls: Any = CLASS_FOR_KIND[kind]
        resource = resource_cls.model_validate(item)
        work.resources[resource.id] = resource
        out.append(resource)
    tops = {mapping.get(t, t) for t in data.get("tops", [])}
    placements: dict[str, Placement] = {}
    for old, p in data.get("layout", {}).items():
        new = mapping.get(old)
        if new is None:
            continue
        placement = Placement.model_validate(p)
        if new in tops:
            placement = placement.model_copy(update={"x": placement.x + offset, "y": placement.y + offset})
        placements[new] = placement
    return out, placements
