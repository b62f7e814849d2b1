"""Inverting the exporter's `Metadata.VpcDesigner` (see export.py) so export → import gives the same design.

Before mapping: the `logical_ids` table gives each logical id (or parameter) its exact design id,
and `offline` objects are taken whole. After mapping: `extras` fields overwrite what the
template said, `defaults` fields fall back to the model default, and the design's name,
layout, notes and scenarios come back as they were.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from .export import METADATA_FORMAT, METADATA_KEY
from .import_context import Ctx
from .loader import load_template
from .result import ResolvedStack

_MARKER = METADATA_FORMAT.encode()


@dataclass
class Found:
    stack: ResolvedStack
    data: dict[str, Any]


def read(stacks: list[ResolvedStack]) -> list[Found]:
    """The exporter's Metadata of every stack that has it (the file is re-read only when it names the format)."""
    out = []
    for stack in stacks:
        if stack.file is None:
            continue
        try:
            if _MARKER not in stack.file.read_bytes():
                continue
        except OSError:
            continue
        body = load_template(stack.file).body
        meta = body.get("Metadata")
        data = meta.get(METADATA_KEY) if isinstance(meta, dict) else None
        if isinstance(data, dict) and data.get("format") == METADATA_FORMAT:
            out.append(Found(stack, _plain(data)))
    return out


def _plain(node: Any) -> Any:
    """Plain dicts and lists (the loader's line-tracking containers are subclasses)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def before(ctx: Ctx, found: list[Found]) -> None:
    for item in found:
        stack = item.stack
        ctx.exported_stacks.add(stack.name)
        logical = {r.logical_id for r in (*stack.resources, *stack.inactive)}
        for design_id, lid in (item.data.get("logical_ids") or {}).items():
            if lid in logical:
                ctx.ids[(stack.name, lid)] = design_id
            elif lid in stack.parameters:
                ctx.param_objects[str(stack.parameters[lid])] = design_id
        for obj in item.data.get("offline") or []:
            if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
                continue
            draft = copy.deepcopy(obj)
            ctx.drafts[draft["id"]] = draft
            ctx.where_of[draft["id"]] = f"{stack.file.name if stack.file else stack.name}, Metadata.offline"
            ctx.stack_of[draft["id"]] = stack.name
            if draft.get("default") and draft.get("kind") == "security-group":
                ctx.default_sg_of_vpc.setdefault(draft.get("vpc", ""), draft["id"])
            if draft.get("default") and draft.get("kind") == "network-acl":
                ctx.default_nacl_of_vpc.setdefault(draft.get("vpc", ""), draft["id"])


def after(ctx: Ctx, found: list[Found]) -> dict[str, Any]:
    """Apply extras and defaults; return the design-level fields (name, layout, notes, scenarios)."""
    design: dict[str, Any] = {}
    for item in found:
        for rid, fields in (item.data.get("extras") or {}).items():
            draft = ctx.drafts.get(rid)
            if draft is not None and isinstance(fields, dict):
                draft.update(copy.deepcopy(fields))
        for rid, names in (item.data.get("defaults") or {}).items():
            draft = ctx.drafts.get(rid)
            if draft is not None:
                for name in names or []:
                    draft.pop(name, None)
        head = item.data.get("design") or {}
        design.setdefault("name", head.get("name", "Untitled design"))
        design.setdefault("description", head.get("description", ""))
        design.setdefault("layout", {}).update(item.data.get("layout") or {})
        design.setdefault("notes", []).extend(item.data.get("notes") or [])
        design.setdefault("scenarios", []).extend(item.data.get("scenarios") or [])
    return design
