"""Shared state of one CloudFormation import: design ids, drafts being built, references, the report.

Every per-family mapper (import_network, import_security, ...) writes through this object so the
rules live in one place: which design id a logical id gets, how a `Ref`/`GetAtt` becomes a design
reference, what stands in for an object outside the templates, and that nothing is left out of
the report. Drafts are plain dicts in the design-file form; they become model objects only at the
end, so helper resources (routes, rules, associations) can still add to their owner.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vpcdesigner.exchange.report import Reporter
from vpcdesigner.model.types import ID_PATTERN

from .result import ResolvedResource, ResolvedSet
from .values import AttrRef, Deferred, ImportRef, ResourceRef, Unresolved

_ID_RE = re.compile(ID_PATTERN)
_BAD_ID_CHARS = re.compile(r"[^A-Za-z0-9_.:\-]")

# Attributes that are another spelling of the resource's own id (`!GetAtt Eni.Id`, `Sg.GroupId`).
IDENTITY_ATTRIBUTES = frozenset(
    {
        "Id",
        "GroupId",
        "AllocationId",
        "NetworkInterfaceId",
        "LoadBalancerArn",
        "TargetGroupArn",
        "ListenerArn",
        "TransitGatewayId",
        "TransitGatewayAttachmentId",
        "TransitGatewayRouteTableId",
        "VpcId",
        "SubnetId",
        "RouteTableId",
        "NetworkAclId",
        "InternetGatewayId",
        "EgressOnlyInternetGatewayId",
        "VpnGatewayId",
        "CustomerGatewayId",
        "VpnConnectionId",
        "InstanceId",
        "PrefixListId",
        "LaunchTemplateId",
        "Arn",
    }
)

# Placeholder address space for objects a template points at but does not define: AWS's default VPC range.
EXTERNAL_VPC_CIDR = "172.31.0.0/16"
PLACEHOLDER_NOTE = "placeholder: "


@dataclass
class Ctx:
    """The import in progress."""

    rs: ResolvedSet
    rep: Reporter = field(default_factory=Reporter)
    #: (stack, logical id) -> design id, for every resource that becomes (or folds into) a design object
    ids: dict[tuple[str, str], str] = field(default_factory=dict)
    #: design id -> draft (design-file form, with "kind" and "id")
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: design id -> "file line N, resource X" for messages
    where_of: dict[str, str] = field(default_factory=dict)
    #: (stack, logical id) of resources another resource consumed (EIPs, launch templates, attachments)
    used: set[tuple[str, str]] = field(default_factory=set)
    #: template parameter values that stand for a design object (exporter's managed prefix lists)
    param_objects: dict[str, str] = field(default_factory=dict)
    #: (stack, logical id) of VPCs / NACLs: the design id of the exporter's offline default SG / NACL
    default_sg_of_vpc: dict[str, str] = field(default_factory=dict)
    default_nacl_of_vpc: dict[str, str] = field(default_factory=dict)
    #: design ids whose name comes from the Name tag (templates written by the exporter)
    exported_stacks: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)
    external_subnet_count: int = 0
    #: design id -> stack it came from
    stack_of: dict[str, str] = field(default_factory=dict)
    #: the one VPC id the templates take as a parameter, if exactly one: external subnets belong to it
    vpc_hint: str | None = None
    #: subnet id -> how many placeholder addresses were taken from its top end
    top_addresses: dict[str, int] = field(default_factory=dict)

    # ---- ids and places ----------------------------------------------------------------------
    def assign(self, res: ResolvedResource, design_id: str | None = None) -> str:
        """Give a resource its design id: the exporter's table, else the qualified logical id."""
        key = (res.stack, res.logical_id)
        if key in self.ids:
            return self.ids[key]
        rid = design_id or self.safe_id(res.qualified_id)
        self.ids[key] = rid
        return rid

    def safe_id(self, wanted: str) -> str:
        """`wanted` if the model accepts it as an id, else a sanitised copy (remembered for the report)."""
        if _ID_RE.match(wanted):
            return wanted
        cleaned = _BAD_ID_CHARS.sub("-", wanted).lstrip("-_.:")[:128] or "resource"
        self.renamed[wanted] = cleaned
        return cleaned

    def id_of(self, res: ResolvedResource) -> str:
        return self.ids.get((res.stack, res.logical_id)) or self.assign(res)

    @staticmethod
    def where(res: ResolvedResource) -> str:
        head = res.file.name if res.file is not None else res.stack
        if res.line is not None:
            head += f" line {res.line}"
        return f"{head}, resource {res.qualified_id}"

    # ---- drafts ------------------------------------------------------------------------------
    def add(
        self, res: ResolvedResource | None, kind: str, rid: str, data: dict[str, Any], where: str = ""
    ) -> dict[str, Any]:
        draft = {"kind": kind, "id": rid, **data}
        if res is not None:
            draft.update(self.name_and_tags(res))
            where = where or self.where(res)
            self.stack_of[rid] = res.stack
        self.drafts[rid] = draft
        self.where_of[rid] = where
        return draft

    def draft(self, rid: str | None, kind: str | None = None) -> dict[str, Any] | None:
        found = self.drafts.get(rid or "")
        if found is None or (kind is not None and found["kind"] != kind):
            return None
        return found

    def name_and_tags(self, res: ResolvedResource, tags_key: str = "Tags") -> dict[str, Any]:
        """Exported templates: name = Name tag. Others: name = logical id, every tag kept."""
        tags: dict[str, str] = {}
        raw = res.properties.get(tags_key)
        if isinstance(raw, list):
            for item in raw:
                if isinstance(item, dict):
                    key, value = self.concrete(item.get("Key")), self.concrete(item.get("Value"))
                    if isinstance(key, str) and key and not key.lower().startswith("aws:"):
                        tags[key[:128]] = str(value if value is not None else "")[:256]
        elif isinstance(raw, dict):  # AWS::SSM-style {Key: Value} tags
            tags = {str(k)[:128]: str(v)[:256] for k, v in raw.items() if isinstance(v, str | int | float)}
        if res.stack in self.exported_stacks:
            name = tags.pop("Name", "")
            return {"name": name[:256], "tags": tags}
        return {"name": res.qualified_id[:256], "tags": tags}

    # ---- values ------------------------------------------------------------------------------
    def concrete(self, value: Any) -> Any:
        return self.rs.concrete(value)

    def text(self, res: ResolvedResource, prop: str, default: str | None = None, *, value: Any = None) -> str | None:
        """A property as a string; a value known only after deployment is reported and gives `default`."""
        raw = res.properties.get(prop) if value is None else value
        if raw is None:
            return default
        known = self.concrete(raw)
        if isinstance(known, bool):
            return "true" if known else "false"
        if isinstance(known, str | int | float):
            return str(known)
        self.deferred(res, prop, raw)
        return default

    def deferred(self, res: ResolvedResource, prop: str, raw: Any) -> None:
        self.rep.warning(
            self.where(res),
            f"{PLACEHOLDER_NOTE}{prop} is only known after deployment ({describe(raw)}); left out of the design",
        )

    def flag(self, res: ResolvedResource, prop: str, default: bool) -> bool:
        raw = self.text(res, prop)
        if raw is None:
            return default
        return raw.strip().lower() == "true"

    def number(self, res: ResolvedResource, prop: str, default: int | None, *, value: Any = None) -> int | None:
        raw = self.text(res, prop, value=value)
        if raw is None:
            return default
        try:
            return int(float(raw))
        except ValueError:
            self.rep.warning(self.where(res), f"{prop} {raw!r} is not a number; using {default}")
            return default

    def items(self, res: ResolvedResource, prop: str, *, value: Any = None) -> list[Any]:
        """A list property (a comma-separated string from a List parameter counts as a list)."""
        raw = res.properties.get(prop) if value is None else value
        if raw is None:
            return []
        if isinstance(raw, str):
            return [p.strip() for p in raw.split(",") if p.strip()]
        if isinstance(raw, list | tuple):
            return list(raw)
        return [raw]

    # ---- references --------------------------------------------------------------------------
    def target(self, value: Any) -> ResolvedResource | None:
        """The resource a Ref / identity GetAtt points at (None for anything else)."""
        if isinstance(value, ResourceRef):
            return self.rs.target(value)
        if isinstance(value, AttrRef) and value.attribute in IDENTITY_ATTRIBUTES:
            return self.rs.target(value)
        return None

    def ref(
        self,
        res: ResolvedResource,
        prop: str,
        value: Any,
        types: Iterable[str],
        kind: str,
        *,
        external_vpc: str | None = None,
        required: bool = True,
    ) -> str | None:
        """The design id `value` refers to, if it is one of `types`; else a placeholder or None (reported)."""
        types = tuple(types)
        if value is None:
            if required:
                self.rep.warning(self.where(res), f"{prop} is missing")
            return None
        target = self.target(value)
        if target is not None:
            if target.type not in types:
                self.rep.warning(
                    self.where(res),
                    f"{prop} refers to {target.qualified_id}, a {target.type}, "
                    f"not a {' or '.join(types)}; reference left out",
                )
                return None
            if not target.condition_active:
                self.rep.warning(self.where(res), f"{prop} refers to {target.qualified_id}, whose condition is false")
                return None
            return self.id_of(target)
        if isinstance(value, AttrRef):
            special = self.special_attr(value)
            if special is not None:
                return special or None
        if isinstance(value, str) and value in self.param_objects:
            return self.param_objects[value]
        if isinstance(value, str | ImportRef):
            return self.external(res, prop, value, kind, external_vpc)
        self.rep.warning(
            self.where(res), f"{prop} is only known after deployment ({describe(value)}); reference left out"
        )
        return None

    def special_attr(self, value: AttrRef) -> str | None:
        """`Vpc.DefaultSecurityGroup` / `DefaultNetworkAcl`: the exporter's default object, or "" = implicit."""
        if value.attribute not in ("DefaultSecurityGroup", "DefaultNetworkAcl"):
            return None
        vpc = self.rs.target(value)
        if vpc is None:
            return None
        vpc_id = self.id_of(vpc)
        table = self.default_sg_of_vpc if value.attribute == "DefaultSecurityGroup" else self.default_nacl_of_vpc
        return table.get(vpc_id, "")

    # ---- placeholders for what the templates only name ---------------------------------------
    def external(
        self, res: ResolvedResource, prop: str, value: str | ImportRef, kind: str, vpc_hint: str | None = None
    ) -> str | None:
        """A placeholder object for an id given as a parameter or an import nobody exports."""
        label = value.export_name if isinstance(value, ImportRef) else value
        if kind not in ("vpc", "subnet", "security-group"):
            self.rep.warning(
                self.where(res), f"{prop} refers to {label!r}, which is outside the templates; reference left out"
            )
            return None
        rid = self.safe_id(label if isinstance(value, str) else f"import-{label}")
        existing = self.drafts.get(rid)
        if existing is not None:
            return rid if existing["kind"] == kind else None
        what = f"defined outside the templates ({label})"
        if kind == "vpc":
            self.add(
                None,
                "vpc",
                rid,
                {
                    "name": rid,
                    "region": self.region(res),
                    "cidr": self._external_vpc_cidr(),
                    "description": PLACEHOLDER_NOTE + what + "; address block invented",
                },
                self.where(res),
            )
        elif kind == "subnet":
            if vpc_hint is None and self.vpc_hint is not None:
                vpc_hint = self.external(res, "VpcId", self.vpc_hint, "vpc")
            vpc_id = vpc_hint or self.default_vpc(res)
            index = self.external_subnet_count
            self.external_subnet_count += 1
            vpc_draft = self.drafts.get(vpc_id, {})
            in_vpc = sum(1 for d in self.drafts.values() if d["kind"] == "subnet" and d.get("vpc") == vpc_id)
            vpc_net = ipaddress.IPv4Network(vpc_draft.get("cidr", EXTERNAL_VPC_CIDR), strict=False)
            blocks = list(vpc_net.subnets(new_prefix=max(20, vpc_net.prefixlen)))
            cidr = str(blocks[in_vpc % len(blocks)])
            az = f"{vpc_draft.get('region') or self.region(res)}{'abcdef'[index % 6]}"
            self.add(
                None,
                "subnet",
                rid,
                {
                    "name": rid,
                    "vpc": vpc_id,
                    "availability_zone": az,
                    "cidr": cidr,
                    "description": PLACEHOLDER_NOTE + what + "; address block and AZ invented",
                },
                self.where(res),
            )
        else:
            vpc_id = vpc_hint or self.default_vpc(res)
            self.add(
                None,
                "security-group",
                rid,
                {
                    "name": rid,
                    "vpc": vpc_id,
                    "outbound": [{"cidr": "0.0.0.0/0"}],
                    "description": PLACEHOLDER_NOTE + what + "; its rules are unknown",
                },
                self.where(res),
            )
        self.rep.warning(
            self.where(res),
            f"{PLACEHOLDER_NOTE}{prop} refers to {label!r}, which the templates do not "
            f"define; added {kind} {rid!r} as a stand-in",
        )
        return rid

    def _external_vpc_cidr(self) -> str:
        """172.16.0.0/16, 172.17.0.0/16 ...: apart from each other and from the default VPC's 172.31.0.0/16."""
        taken = {d.get("cidr") for d in self.drafts.values() if d["kind"] == "vpc"}
        for second in range(16, 31):
            cidr = f"172.{second}.0.0/16"
            if cidr not in taken:
                return cidr
        return "100.64.0.0/16"

    def default_vpc(self, res: ResolvedResource) -> str:
        """The placeholder for the region's default VPC (resources with no VpcId land there)."""
        rid = "default-vpc"
        if rid not in self.drafts:
            self.add(
                None,
                "vpc",
                rid,
                {
                    "name": rid,
                    "region": self.region(res),
                    "cidr": EXTERNAL_VPC_CIDR,
                    "description": PLACEHOLDER_NOTE + "the region's default VPC, which the "
                    "templates use without defining it",
                },
                self.where(res),
            )
            self.rep.warning(
                self.where(res),
                f"{PLACEHOLDER_NOTE}no VpcId: the resource lands in the default VPC; "
                f"added vpc {rid!r} ({EXTERNAL_VPC_CIDR}) as a stand-in",
            )
        return rid

    def region(self, res: ResolvedResource) -> str:
        try:
            return self.rs.stack(res.stack).region
        except KeyError:
            return "us-east-1"

    def vpc_of_subnet(self, subnet_id: str | None) -> str | None:
        draft = self.draft(subnet_id, "subnet")
        return draft["vpc"] if draft else None


def describe(value: Any) -> str:
    """A short human text for a marker: `${Vpc.Ipv6CidrBlocks}`, `an import of X`."""
    if isinstance(value, ImportRef):
        return f"an import of {value.export_name!r} that no given stack exports"
    if isinstance(value, ResourceRef | AttrRef | Deferred | Unresolved):
        return str(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
