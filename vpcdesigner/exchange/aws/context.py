"""State shared by the mappers while one snapshot is converted: resources so far, report, lookups.

Every resource is built through `add`, which validates it and turns a validation failure into a
report line naming the JSON place, so one odd object never stops the import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ...model import Resource
from ..report import Reporter
from .reader import Entry, SourceDir

R = TypeVar("R", bound=BaseModel)


@dataclass
class Ctx:
    rep: Reporter
    resources: dict[str, Any] = field(default_factory=dict)
    region: str = "us-east-1"
    source: SourceDir | None = None
    # Name tags from Tags.json (describe-tags), for objects whose own Tags list is missing.
    extra_tags: dict[str, dict[str, str]] = field(default_factory=dict)
    # AWS ids that are aliases of model ids (a primary ENI stands for its instance).
    alias: dict[str, str] = field(default_factory=dict)
    # Elastic IPs by public address, from describe-addresses.
    elastic_ips: set[str] = field(default_factory=set)
    # VGW id -> prefixes it learned by route propagation (seen in the route tables).
    propagated: dict[str, list[str]] = field(default_factory=dict)
    # Secondary interfaces met inside instances, mapped once all instances exist.
    pending: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)

    def entries(self, key: str) -> list[Entry]:
        return self.source.get(key) if self.source else []

    def has(self, rid: Any, *kinds: str) -> bool:
        r = self.resources.get(rid) if isinstance(rid, str) else None
        return r is not None and (not kinds or r.kind in kinds)

    def resolve(self, rid: Any) -> str | None:
        """The model id an AWS id stands for (itself, or e.g. the instance of a primary ENI)."""
        if not isinstance(rid, str):
            return None
        rid = self.alias.get(rid, rid)
        return rid if rid in self.resources else None

    def add(self, cls: type[R], where: str, data: dict[str, Any]) -> R | None:
        """Validate and store one resource; a duplicate id or bad value is reported and skipped."""
        rid = data.get("id")
        if rid in self.resources:
            self.rep.warning(where, f"skipped: {rid} appears twice (first definition kept)")
            return None
        obj = build(cls, where, data, self.rep)
        if obj is not None:
            self.resources[str(rid)] = obj
        return obj

    def replace(self, resource: Resource) -> None:
        self.resources[resource.id] = resource


def build(cls: type[R], where: str, data: dict[str, Any], rep: Reporter) -> R | None:
    """`cls.model_validate(data)`, or None with a report line that names the bad field."""
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        label = data.get("id") or cls.__name__
        rep.warning(where, f"skipped {label}: {loc + ': ' if loc else ''}{msg}")
        return None


def tags_of(obj: dict[str, Any], ctx: Ctx, aws_id: str) -> dict[str, str]:
    """AWS tags as a plain dict (describe-* spells them Tags or TagSet, as Key/Value pairs)."""
    out: dict[str, str] = {}
    raw = obj.get("Tags", obj.get("TagSet"))
    if isinstance(raw, list):
        for tag in raw:
            if isinstance(tag, dict) and isinstance(tag.get("Key"), str):
                out[tag["Key"]] = str(tag.get("Value", ""))
    for key, value in ctx.extra_tags.get(aws_id, {}).items():
        out.setdefault(key, value)
    return out


def name_and_tags(obj: dict[str, Any], ctx: Ctx, aws_id: str, fallback: str = "") -> dict[str, Any]:
    """`name` from the Name tag (else `fallback`, else the id) and the other tags, model-ready."""
    tags = tags_of(obj, ctx, aws_id)
    name = tags.pop("Name", "") or fallback or aws_id
    return {"name": name[:256], "tags": {k[:128]: v[:256] for k, v in tags.items()}}


def text(obj: Any, key: str) -> str | None:
    """A non-empty string field, or None (also when `obj` is not an object at all)."""
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, str) and value else None


def obj_at(obj: Any, key: str) -> dict[str, Any]:
    """A nested object field, or {} when it is missing or of another JSON type."""
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, dict) else {}


def list_at(obj: Any, key: str) -> list[Any]:
    """A list field, or [] when it is missing or of another JSON type."""
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


def number(value: Any) -> int | None:
    """An int from an int or a numeric string ("65000", "22"); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def id_list(value: Any, key: str | None = None) -> list[str]:
    """Strings from a list of strings or of objects holding `key` (SubnetIds, Groups[].GroupId)."""
    out: list[str] = []
    if not isinstance(value, list):
        return out
    for item in value:
        if key is not None and isinstance(item, dict):
            item = item.get(key)
        if isinstance(item, str) and item:
            out.append(item)
    return out


def known(ctx: Ctx, where: str, owner: str, ids: list[str], kind: str) -> list[str]:
    """The ids that are in the design; each one left out is reported."""
    out = []
    for rid in ids:
        if ctx.has(rid, kind):
            out.append(rid)
        else:
            ctx.rep.warning(where, f"{owner}: {kind} {rid} is not in the snapshot; left out")
    return out
