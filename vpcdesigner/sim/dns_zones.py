"""What a Route 53 hosted zone answers for one name: records, CNAMEs inside the zone, aliases.

This is the authoritative side only (Route 53's own behaviour); walking the hierarchy and caching
belong to the resolver in dns.py. Alias and in-zone CNAME steps are reported here because
Route 53 resolves them before it answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import CloudFront, Derived, DnsRecord, HostedZone, LoadBalancer
from .dns_names import CLOUDFRONT_TTL, LOAD_BALANCER_TTL, cloudfront_edge_addresses, load_balancer_addresses
from .dns_names import negative_ttl as zone_negative_ttl
from .dns_types import Component, Record, Returned, Step

MAX_CHAIN = 16  # CNAME/alias hops before a lookup is declared a loop (resolvers use similar limits)


@dataclass
class ZoneAnswer:
    """Route 53's answer. ``outcome``: answer, nxdomain, nodata, cname-out (CNAME to a name this
    zone does not hold: the resolver carries on), or loop."""

    outcome: str
    records: list[Record] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    next_name: str | None = None
    negative_ttl: int | None = None
    alias_target: str | None = None
    note: str = ""


def zone_component(zone: HostedZone) -> Component:
    kind = "private hosted zone" if zone.private else "hosted zone"
    return Component(zone.id, f"{kind} {zone.zone_name}", "hosted-zone")


def in_zone(name: str, zone_name: str) -> bool:
    return name == zone_name or name.endswith("." + zone_name)


def _name_exists(zone: HostedZone, name: str) -> bool:
    """A name exists if it is the apex or owns a record, or a record sits below it."""
    return name == zone.zone_name or any(r.name == name or r.name.endswith("." + name) for r in zone.records)


def records_at(zone: HostedZone, name: str) -> list[DnsRecord]:
    """Records owned by ``name``, or by the closest wildcard when the name does not exist."""
    exact = [r for r in zone.records if r.name == name]
    if exact or _name_exists(zone, name):
        return exact
    labels = name.split(".")
    for i in range(1, len(labels)):
        parent = ".".join(labels[i:])
        if not in_zone(parent, zone.zone_name):
            break
        wild = [r for r in zone.records if r.name == "*." + parent]
        if wild:
            return [r.model_copy(update={"name": name}) for r in wild]
        if _name_exists(zone, parent) and parent != zone.zone_name:
            break
    return []


class ZoneResolver:
    """Answers queries from one zone; ``owns(name)`` says whether a CNAME target is still ours."""

    def __init__(self, zone: HostedZone, derived: Derived, owns: Callable[[str], bool], visited: set[str]) -> None:
        self.zone = zone
        self.derived = derived
        self.owns = owns
        self.visited = visited
        self.component = zone_component(zone)

    def answer(self, qname: str, qtype: str, depth: int = 0) -> ZoneAnswer:
        if depth > MAX_CHAIN:
            return ZoneAnswer("loop", note=f"more than {MAX_CHAIN} CNAME/alias hops")
        recs = records_at(self.zone, qname)
        if not recs and not _name_exists(self.zone, qname):
            return ZoneAnswer("nxdomain", negative_ttl=zone_negative_ttl(self.zone))
        same = [r for r in recs if r.type == qtype]
        if same:
            return self._answer_records(qname, qtype, same, depth)
        cnames = [r for r in recs if r.type == "CNAME"]
        if cnames and qtype != "CNAME":
            return self._follow_cname(qname, qtype, cnames[0], depth)
        return ZoneAnswer("nodata", negative_ttl=zone_negative_ttl(self.zone))

    def _answer_records(self, qname: str, qtype: str, same: list[DnsRecord], depth: int) -> ZoneAnswer:
        out = ZoneAnswer("answer")
        for rec in same:
            if rec.alias is None:
                out.records.extend(Record(qname, qtype, rec.ttl, v) for v in rec.values)
                continue
            sub = self._alias(qname, qtype, rec, depth)
            out.steps.extend(sub.steps)
            out.alias_target = out.alias_target or sub.alias_target
            if sub.outcome == "loop":
                return sub
            out.records.extend(sub.records)
        if not out.records:
            out.outcome, out.negative_ttl = "nodata", zone_negative_ttl(self.zone)
        return out

    def _alias(self, qname: str, qtype: str, rec: DnsRecord, depth: int) -> ZoneAnswer:
        alias = rec.alias
        assert alias is not None
        if alias.record is not None:
            return self._alias_to_record(qname, qtype, alias.record, depth)
        target = self.derived.design.resources.get(alias.target or "")
        if isinstance(target, LoadBalancer):
            addrs = load_balancer_addresses(self.derived, target, qtype)
            comp = Component(target.id, target.display_name, "load-balancer", target.dns_name or None)
            ttl, what = LOAD_BALANCER_TTL, (
                f"the {'public' if target.scheme == 'internet-facing' else 'private'} addresses of "
                f"{target.display_name}'s {len(addrs)} node(s)")
        elif isinstance(target, CloudFront):
            addrs = cloudfront_edge_addresses(target, qtype)
            comp = Component(target.id, target.display_name, "cloudfront", target.domain_name or None)
            ttl, what = CLOUDFRONT_TTL, f"the addresses of {target.display_name}'s nearest edge location"
        else:
            return ZoneAnswer("nodata", note=f"alias target {alias.target!r} is not in the design")
        records = [Record(qname, qtype, ttl, a, target.id) for a in addrs]
        if records:
            text = (f"{qname} is an alias for {target.display_name}, so Route 53 answers with {what}, "
                    f"TTL {ttl} s (an alias takes its target's TTL).")
            verdict = "answer"
        else:
            text = (f"{qname} is an alias for {target.display_name}, which has no {qtype} addresses"
                    f"{' (IPv6 is off)' if isinstance(target, CloudFront) else ''}, so there is no {qtype} answer.")
            verdict = "no-answer"
        step = Step("alias", self.component, comp, qname, qtype,
                    Returned(records=tuple(records), alias_target=target.id), verdict, text)
        return ZoneAnswer("answer" if records else "nodata", records, [step], alias_target=target.id)

    def _alias_to_record(self, qname: str, qtype: str, target: str, depth: int) -> ZoneAnswer:
        if target in self.visited:
            return ZoneAnswer("loop", note=f"alias {qname} → {target} leads back to a name already visited")
        self.visited.add(target)
        sub = self.answer(target, qtype, depth + 1)
        if sub.outcome == "loop":
            return sub
        finals = [r for r in sub.records if r.type == qtype]
        records = [Record(qname, qtype, r.ttl, r.value, target) for r in finals]
        ttl_text = f"TTL {records[0].ttl} s, that record's own TTL" if records else ""
        text = (f"{qname} is an alias for the record {target} in the same zone, so Route 53 answers with "
                f"its values ({ttl_text})." if records else
                f"{qname} is an alias for {target}, which has no {qtype} record, so there is no answer.")
        step = Step("alias", self.component, self.component, target, qtype,
                    Returned(records=tuple(records), alias_target=target), "answer" if records else "no-answer", text)
        out = ZoneAnswer("answer" if records else "nodata", records, [*sub.steps, step], alias_target=target)
        if not records:
            out.negative_ttl = zone_negative_ttl(self.zone)
        return out

    def _follow_cname(self, qname: str, qtype: str, rec: DnsRecord, depth: int) -> ZoneAnswer:
        target = rec.values[0].rstrip(".").lower()
        cname = Record(qname, "CNAME", rec.ttl, target)
        if target in self.visited:
            return ZoneAnswer("loop", [cname], note=f"CNAME {qname} → {target} leads back to a name already visited")
        self.visited.add(target)
        if not self.owns(target):
            return ZoneAnswer("cname-out", [cname], next_name=target)
        sub = self.answer(target, qtype, depth + 1)
        verdict = {"answer": "answer", "nxdomain": "nxdomain"}.get(sub.outcome, "no-answer")
        text = (f"{qname} is a CNAME (another name) for {target}; that name is in the same zone, so Route 53 "
                f"looks it up too and puts both in its answer.")
        step = Step("cname", self.component, self.component, target, qtype,
                    Returned(records=tuple(sub.records), cname=target), verdict, text)
        out = ZoneAnswer(sub.outcome, [cname, *sub.records], [step, *sub.steps], sub.next_name, sub.negative_ttl,
                         sub.alias_target, sub.note)
        return out
