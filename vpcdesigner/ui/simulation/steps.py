"""One flat, ordered list of `SimStep`s for anything the panel animates (packet trace or DNS lookup).

The player, the event list, the timeline plot and (later) a caption bar all read the same steps,
so they can never disagree about what happens at step *n*. Plain Python: no Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from vpcdesigner.sim import Hop, Trace
from vpcdesigner.sim.dns_types import DnsLookup, Step

Verdict = Literal["pass", "block", "info"]
Direction = Literal["forward", "return", "dns"]

KIND_LABEL = {
    "network-acl": "NACL", "security-group": "Security group", "route-table": "Route table",
    "internet-gateway": "Internet gateway", "nat-gateway": "NAT gateway", "load-balancer": "Load balancer",
    "target-group": "Target group", "cloudfront": "CloudFront", "vpn-gateway": "Virtual private gateway",
    "vpn-connection": "VPN", "customer-gateway": "Customer gateway", "direct-connect": "Direct Connect",
    "instance": "Instance", "internet": "Internet", "on-premises": "On-premises", "subnet": "Subnet",
    "dns-resolver": "DNS resolver", "hosted-zone": "Route 53", "vpc": "VPC",
}
DNS_VERDICT = {"query": "info", "referral": "info", "answer": "pass", "cache-hit": "pass", "nxdomain": "block",
               "no-answer": "block", "outside-design": "info", "error": "block"}
DNS_CHECK = {"query": "DNS query", "referral-root": "root referral", "referral-tld": "TLD referral",
             "referral-zone": "zone referral", "authoritative": "authoritative answer", "alias": "alias record",
             "cname": "CNAME", "vpc-name": "VPC host name", "outside-design": "outside the design",
             "reply": "DNS reply"}
# Seconds on the animation timeline at 1x speed: a move between places, a check in place.
MOVE_SECONDS = 1.0
STAY_SECONDS = 0.5


@dataclass
class SimStep:
    """One event: where the packet (or DNS message) is, what was checked, and what it meant."""

    index: int
    direction: Direction
    component: str
    name: str
    kind: str
    check: str
    verdict: Verdict
    explanation: str
    callout: str
    source: str | None = None  # DNS: the sender; traces: None (the previous step is the sender)
    packet_in: str = ""
    packet_out: str = ""
    rule: str = ""
    rule_number: int | str | None = None
    code: str | None = None
    reason: str | None = None
    leg: int = 0
    leg_text: str = ""
    translated: bool = False
    tracked: bool = False  # a security group let a reply through by connection tracking
    time: float = 0.0
    anchor: str = ""  # filled by anchors.assign(): a canvas id, "edge:<key>" or "station:<name>"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def icon(self) -> str:
        return {"pass": "verdict-pass", "block": "verdict-block"}.get(self.verdict, "verdict-info")

    @property
    def mark(self) -> str:
        """The verdict as a symbol, so it never depends on colour alone."""
        return {"pass": "✓", "block": "✗"}.get(self.verdict, "•")

    @property
    def verdict_text(self) -> str:
        return {"pass": "✓ pass", "block": "✗ blocked"}.get(self.verdict, "• info")


def _rule_line(hop: Hop, tracked: bool) -> str:
    label = KIND_LABEL.get(hop.kind, hop.kind)
    check = hop.check
    if hop.kind in ("network-acl", "security-group"):
        check = check.replace("network ACL ", "").replace("security group ", "")
        label = f"{label} {hop.name}" if hop.kind == "security-group" else f"NACL {hop.name}"
    if tracked:
        return f"{label} {check}: reply allowed by connection tracking (the request was remembered)"
    if hop.rule is not None:
        number = f" rule {hop.rule.number}" if hop.kind == "network-acl" and hop.rule.number is not None else ""
        text = hop.rule.text.split(": ", 1)[1] if hop.kind == "security-group" and ": " in hop.rule.text \
            else hop.rule.text
        return f"{label} {check}{number}: {text}"
    if hop.verdict == "block":
        first = hop.explanation.split(". ")[0].rstrip(".") if hop.explanation else (hop.reason or "no rule allows it")
        return f"{label} {check}: BLOCKED — {first}"
    return f"{label}: {check}"


def _hop_step(hop: Hop, direction: Direction, leg: int, leg_text: str) -> SimStep:
    tracked = hop.kind == "security-group" and "(reply)" in hop.check and hop.verdict == "pass" and hop.rule is None
    translated = hop.packet_in != hop.packet_out
    callout = _rule_line(hop, tracked)
    if direction == "return" and hop.kind == "network-acl":
        callout += "\n(NACLs are stateless: the reply is checked again)"
    if translated:
        callout += f"\nheader {hop.packet_in.describe()}\n    ⇒ {hop.packet_out.describe()}"
    return SimStep(
        index=0, direction=direction, component=hop.component, name=hop.name, kind=hop.kind, check=hop.check,
        verdict=hop.verdict, explanation=hop.explanation, callout=callout,
        packet_in=hop.packet_in.describe(), packet_out=hop.packet_out.describe(),
        rule=hop.rule.text if hop.rule else "", rule_number=hop.rule.number if hop.rule else None,
        code=hop.code, reason=hop.reason, leg=leg, leg_text=leg_text, translated=translated, tracked=tracked,
        extra={"src": hop.packet_in.src, "dst": hop.packet_in.dst})


def from_trace(tr: Trace) -> list[SimStep]:
    """Every forward hop of every leg, then every return hop, in the order they happen."""
    leg_of_fwd: dict[int, int] = {}
    leg_of_ret: dict[int, int] = {}
    for n, leg in enumerate(tr.legs):
        for i in leg.forward:
            leg_of_fwd[i] = n
        for i in leg.return_:
            leg_of_ret[i] = n
    texts = [leg.description or f"{leg.source} → {leg.destination}" for leg in tr.legs]
    steps: list[SimStep] = []
    for i, hop in enumerate(tr.forward):
        n = leg_of_fwd.get(i, 0)
        steps.append(_hop_step(hop, "forward", n, texts[n] if n < len(texts) else ""))
    for i, hop in enumerate(tr.return_):
        n = leg_of_ret.get(i, 0)
        steps.append(_hop_step(hop, "return", n, texts[n] if n < len(texts) else ""))
    return number(steps)


def _dns_callout(step: Step) -> str:
    ret = step.returned
    head = DNS_CHECK.get(step.kind, step.kind)
    if step.verdict == "cache-hit":
        ttl = min((r.ttl for r in ret.records), default=ret.negative_ttl)
        return f"{head}: answered from the resolver's cache (TTL {ttl} s left)"
    if ret.referral:
        where = f" for {ret.referral_zone}" if ret.referral_zone else ""
        return f"{head}: go ask {ret.referral[0]}{where}"
    if ret.records:
        rec = ret.records[0]
        more = f" (+{len(ret.records) - 1} more)" if len(ret.records) > 1 else ""
        return f"{head}: {rec.name} {rec.type} {rec.value}{more}, TTL {rec.ttl} s"
    if ret.alias_target:
        return f"{head}: alias → {ret.alias_target}"
    if ret.cname:
        return f"{head}: CNAME → {ret.cname}"
    return f"{head}: {step.name} {step.type}?"


def from_dns(lookup: DnsLookup) -> list[SimStep]:
    """One step per DNS message, anchored where it arrives (its `to` component)."""
    steps = []
    for s in lookup.steps:
        verdict = DNS_VERDICT.get(s.verdict, "info")
        steps.append(SimStep(
            index=0, direction="dns", component=s.target.id, name=s.target.name, kind=s.target.kind,
            check=DNS_CHECK.get(s.kind, s.kind), verdict=verdict,  # type: ignore[arg-type]
            explanation=s.explanation, callout=_dns_callout(s), source=s.source.id,
            packet_in=f"{s.source.name} → {s.target.name}: {s.name} {s.type}?",
            packet_out="; ".join(r.text() for r in s.returned.records),
            code=s.verdict, extra={"source_name": s.source.name, "source_kind": s.source.kind,
                                   "dns_kind": s.kind}))
    return number(steps)


def number(steps: list[SimStep]) -> list[SimStep]:
    """Index the steps and give each its time on the animation timeline."""
    t = 0.0
    prev = None
    for i, s in enumerate(steps):
        s.index = i
        moved = prev is None or s.component != prev.component or s.direction == "dns"
        t += 0.0 if prev is None else (MOVE_SECONDS if moved else STAY_SECONDS)
        s.time = round(t, 3)
        prev = s
    return steps


@dataclass(frozen=True)
class Tracked:
    """A row of the connection-tracking table: what a security group remembers about a flow."""

    group: str
    flow: str
    since: int
    used_by: int | None


def conntrack(steps: list[SimStep], upto: int) -> list[Tracked]:
    """Flows each security group has seen by step `upto` (and the reply step that used each)."""
    remembered: dict[tuple[str, int], Tracked] = {}
    for s in steps[: upto + 1]:
        key = (s.component, s.leg)
        if s.kind != "security-group":
            continue
        if s.direction == "forward" and s.verdict == "pass" and key not in remembered:
            remembered[key] = Tracked(s.name, s.packet_in, s.index, None)
        elif s.direction == "return" and s.tracked and key in remembered:
            old = remembered[key]
            if old.used_by is None:
                remembered[key] = Tracked(old.group, old.flow, old.since, s.index)
    return list(remembered.values())
