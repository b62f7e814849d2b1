"""The recursive resolver at work: VPC-only answers first, then root → TLD → Route 53, CNAME by CNAME.

Order of decisions at a VPC's Amazon DNS server (aws-semantics §14.6): the most specific private
hosted zone associated with the VPC (only when enableDnsSupport and enableDnsHostnames are both on;
a missing record there is NXDOMAIN, never a fall-back to the public zone), then Amazon-provided EC2
host names (a public host name of an instance in the VPC, or in a peer that allows DNS resolution,
gives its private address), then public recursion done by the resolver itself (so a subnet with no
route to the internet still gets answers). Any other resolver only does public recursion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Derived, Design, HostedZone, Vpc, VpcPeering
from .dns_cache import DnsCache
from .dns_names import (
    AwsName,
    aws_name_for,
    cloudfront_edge_addresses,
    load_balancer_addresses,
    route53_name_servers,
    tld_name_servers,
)
from .dns_types import Component, Record, Returned, Step
from .dns_zones import MAX_CHAIN, ZoneAnswer, ZoneResolver, in_zone, zone_component

EC2_NAME_TTL = 60
ROOT = Component("dns-root", "root name servers", "internet")
INTERNET = Component("internet", "the internet (outside this design)", "internet")


@dataclass
class Outcome:
    """Where a whole lookup ended, before the reply step."""

    outcome: str  # answer, nxdomain, nodata, outside, loop, cname-out (never final)
    records: list[Record] = field(default_factory=list)
    negative_ttl: int | None = None


class Walker:
    """One lookup's recursion by one resolver; appends its steps to ``steps``."""

    def __init__(self, design: Design, derived: Derived, cache: DnsCache, now: float, resolver: Component,
                 vpc: Vpc | None, steps: list[Step]) -> None:
        self.design, self.derived, self.cache, self.now = design, derived, cache, now
        self.res, self.vpc, self.steps = resolver, vpc, steps
        self._names: dict[str, AwsName | None] = {}
        self.visited: set[str] = set()
        self.note = ""

    def run(self, qname: str, qtype: str) -> Outcome:
        self.visited.add(qname)
        records: list[Record] = []
        current = qname
        for _ in range(MAX_CHAIN):
            ans = self.once(current, qtype)
            records.extend(ans.records)
            if ans.outcome != "cname-out" or ans.next_name is None:
                return Outcome(ans.outcome, records, ans.negative_ttl)
            target = ans.next_name
            self.steps.append(Step(
                "cname", self.res, self.res, target, qtype, Returned(records=tuple(ans.records), cname=target),
                "query", f"{current} is a CNAME for {target}, which another zone holds, so the resolver now looks "
                         f"up {target} {qtype}."))
            current = target
        return Outcome("loop", records)

    # -- one name -------------------------------------------------------------------------------

    def once(self, qname: str, qtype: str) -> ZoneAnswer:
        if self.vpc is not None:
            private = self._private_zone(qname)
            if private is not None:
                return self._from_private_zone(private, qname, qtype)
            local = self._vpc_name(qname, qtype)
            if local is not None:
                return local
        return self._public(qname, qtype)

    def _private_zone(self, qname: str) -> HostedZone | None:
        """Most specific private zone of this VPC that is the name or a parent of it."""
        assert self.vpc is not None
        zones = [z for z in self.design.of_kind("hosted-zone")
                 if z.private and self.vpc.id in z.vpcs and in_zone(qname, z.zone_name)]
        if not zones:
            return None
        best: HostedZone = max(zones, key=lambda z: (len(z.zone_name), [-ord(c) for c in z.id]))
        if not (self.vpc.enable_dns_support and self.vpc.enable_dns_hostnames):
            self.note = (f"The private zone {best.zone_name} is ignored because {self.vpc.display_name} does not "
                         "have both DNS attributes (enableDnsSupport and enableDnsHostnames) on. ")
            return None
        return best

    def _from_private_zone(self, zone: HostedZone, qname: str, qtype: str) -> ZoneAnswer:
        assert self.vpc is not None
        owns = lambda name: self._private_zone(name) is zone  # noqa: E731
        ans = ZoneResolver(zone, self.derived, owns, self.visited).answer(qname, qtype)
        lead = (f"The Amazon DNS server answers from the private hosted zone {zone.zone_name}, associated with "
                f"{self.vpc.display_name}; it hides any public zone of the same name")
        tail = {
            "nxdomain": f", and it has no {qname}, so the answer is NXDOMAIN (no fall-back to the public zone).",
            "nodata": f", and {qname} has no {qtype} record there, so the answer is empty (no fall-back).",
        }.get(ans.outcome, f": {_answer_text(qname, qtype, ans)}")
        self._authoritative(zone_component(zone), qname, qtype, ans, lead + tail)
        return ans

    def _vpc_name(self, qname: str, qtype: str) -> ZoneAnswer | None:
        """Amazon-provided EC2 host names, answered by the VPC resolver itself."""
        assert self.vpc is not None
        aws = self._aws_name(qname)
        internal = qname.endswith((".ec2.internal", ".compute.internal"))
        if (aws is None and not internal) or (aws is not None and aws.kind not in ("ec2-public", "ec2-private")):
            return None  # not an EC2 host name: private zones and public recursion decide
        if aws is not None and aws.kind == "ec2-public" and aws.vpc not in self._dns_peers():
            return None  # another VPC's public host name: public recursion gives its public address
        hostnames = self.vpc.enable_dns_hostnames and self.vpc.enable_dns_support
        if aws is None or aws.vpc not in self._dns_peers() or not hostnames:
            why = ("its VPC does not have both DNS attributes on" if aws is not None and not hostnames
                   else "no instance this VPC can see has that name")
            ans = ZoneAnswer("nxdomain", negative_ttl=EC2_NAME_TTL)
            text = f"{qname} is an Amazon-provided internal host name, but {why}, so the answer is NXDOMAIN."
        else:
            inst = self.derived.instances[aws.resource]
            records = [Record(qname, "A", EC2_NAME_TTL, inst.private_ip or "")] if qtype == "A" else []
            ans = ZoneAnswer("answer" if records else "nodata", records,
                             negative_ttl=None if records else EC2_NAME_TTL)
            split = (" From inside the VPC a public host name resolves to the private address."
                     if aws.kind == "ec2-public" else "")
            text = (f"The Amazon DNS server knows {qname}: it is {inst.display_name}, at "
                    f"{inst.private_ip}.{split}" if records else
                    f"{qname} is {inst.display_name}, but it has no {qtype} record (only A).")
        verdict = {"answer": "answer", "nxdomain": "nxdomain"}.get(ans.outcome, "no-answer")
        self.steps.append(Step("vpc-name", self.res, self.res, qname, qtype,
                               Returned(records=tuple(ans.records), negative_ttl=ans.negative_ttl), verdict,
                               self._take_note() + text))
        return ans

    def _aws_name(self, qname: str) -> AwsName | None:
        if qname not in self._names:
            self._names[qname] = aws_name_for(self.design, self.derived, qname)
        return self._names[qname]

    def _dns_peers(self) -> set[str]:
        """This VPC and the peers whose peering allows DNS resolution of private host names."""
        assert self.vpc is not None
        out = {self.vpc.id}
        for p in self.design.of_kind("vpc-peering"):
            if isinstance(p, VpcPeering) and p.status == "active" and p.allow_dns_resolution:
                if p.requester_vpc == self.vpc.id:
                    out.add(p.accepter_vpc)
                elif p.accepter_vpc == self.vpc.id:
                    out.add(p.requester_vpc)
        return out

    # -- public recursion ---------------------------------------------------------------------

    def _public(self, qname: str, qtype: str) -> ZoneAnswer:
        aws = self._aws_name(qname)
        if aws is not None and aws.kind in ("load-balancer", "cloudfront", "ec2-public"):
            return self._aws_zone(aws, qtype)
        chain = sorted((z for z in self.design.of_kind("hosted-zone")
                        if not z.private and in_zone(qname, z.zone_name)),
                       key=lambda z: (len(z.zone_name), z.id))
        if not chain:
            return self._outside(qname, qtype)
        reach: list[HostedZone] = [chain[0]]
        for child in chain[1:]:
            if child.zone_name != reach[-1].zone_name and _delegates(reach[-1], child):
                reach.append(child)
        self._referrals(reach)
        zone = reach[-1]
        owns = lambda name: self._public_zone_for(name) is zone  # noqa: E731
        ans = ZoneResolver(zone, self.derived, owns, self.visited).answer(qname, qtype)
        self._authoritative(zone_component(zone), qname, qtype, ans,
                            f"A Route 53 name server for {zone.zone_name} answers: {_answer_text(qname, qtype, ans)}")
        return ans

    def _public_zone_for(self, name: str) -> HostedZone | None:
        chain = sorted((z for z in self.design.of_kind("hosted-zone") if not z.private and in_zone(name, z.zone_name)),
                       key=lambda z: (len(z.zone_name), z.id))
        if not chain:
            return None
        current: HostedZone = chain[0]
        for child in chain[1:]:
            if child.zone_name != current.zone_name and _delegates(current, child):
                current = child
        return current

    def _referrals(self, reach: list[HostedZone]) -> None:
        """Root and TLD referrals (skipped when cached), then delegations between design zones."""
        top = reach[0].zone_name
        known = max((i for i, z in enumerate(reach) if self.cache.name_servers(self.res.id, z.zone_name, self.now)),
                    default=-1)
        if known >= 0:
            self.note += (f"The resolver already has the name servers of {reach[known].zone_name} in its cache, so "
                          "it skips the root and TLD servers. ")
        else:
            ns = route53_name_servers(reach[0])
            self._root_and_tld(top, ns, f"the {len(ns)} Route 53 name servers of {top}")
        for i in range(max(known, 0) + 1, len(reach)):
            parent, child = reach[i - 1], reach[i]
            ns = route53_name_servers(child)
            self.cache.put_name_servers(self.res.id, child.zone_name, ns, self.now)
            self.steps.append(Step(
                "referral-zone", self.res, zone_component(parent), child.zone_name, "NS",
                Returned(referral=ns, referral_zone=child.zone_name), "referral",
                self._take_note() + f"The zone {parent.zone_name} delegates {child.zone_name} with an NS record, "
                                    f"so its name servers refer the resolver to {child.zone_name}'s own."))

    def _root_and_tld(self, zone_name: str, zone_ns: tuple[str, ...], owner: str) -> None:
        """Root then TLD referral for ``zone_name``; ``owner`` describes its name servers."""
        tld = zone_name.rsplit(".", 1)[-1]
        if tld == zone_name:  # the zone is itself a top-level domain: the root delegates it directly
            self._referral("referral-root", ROOT, zone_name, zone_ns, "the root servers", owner)
            return
        tld_ns = self.cache.name_servers(self.res.id, tld, self.now)
        if tld_ns is None:
            tld_ns = tld_name_servers(tld)
            self._referral("referral-root", ROOT, tld, tld_ns, "the root servers",
                           f"the name servers of the .{tld} top-level domain")
        else:
            self.note += f"The resolver already knows the .{tld} name servers from its cache, so it skips the root. "
        tld_comp = Component(f"dns-tld:{tld}", f".{tld} TLD name servers", "internet")
        self._referral("referral-tld", tld_comp, zone_name, zone_ns, f"the .{tld} TLD servers", owner)

    def _referral(self, kind: str, server: Component, zone: str, ns: tuple[str, ...], who: str, what: str) -> None:
        self.cache.put_name_servers(self.res.id, zone, ns, self.now)
        self.steps.append(Step(
            kind, self.res, server, zone, "NS", Returned(referral=ns, referral_zone=zone), "referral",
            self._take_note() + f"The resolver asks {who}; they do not hold the name but refer it to {what}, "
                                "and the resolver caches that referral for two days."))

    def _aws_zone(self, aws: AwsName, qtype: str) -> ZoneAnswer:
        """A name AWS itself serves for a design object (ELB, CloudFront, EC2 public host name)."""
        comp = Component(f"aws-zone:{aws.zone}", f"AWS name servers for {aws.zone}", "hosted-zone")
        ns = (f"ns-1.{aws.zone}", f"ns-2.{aws.zone}")
        known = self.cache.name_servers(self.res.id, aws.zone, self.now) is not None
        if known:
            self.note += f"The resolver already has the name servers of {aws.zone} cached. "
        else:
            self._root_and_tld(aws.zone, ns, f"AWS's own name servers for {aws.zone}")
        res = self.design.resources.get(aws.resource)
        if aws.kind == "load-balancer":
            addrs, ttl, target = load_balancer_addresses(self.derived, res, qtype), 60, aws.resource  # type: ignore[arg-type]
        elif aws.kind == "cloudfront":
            addrs, ttl, target = cloudfront_edge_addresses(res, qtype), 60, aws.resource  # type: ignore[arg-type]
        else:
            inst = self.derived.instances[aws.resource]
            addrs = (inst.public_ip,) if qtype == "A" and inst.public_ip else ()
            ttl, target = EC2_NAME_TTL, aws.resource
        records = [Record(aws.name, qtype, ttl, a) for a in addrs]
        ans = ZoneAnswer("answer" if records else "nodata", records, negative_ttl=None if records else ttl,
                         alias_target=None)
        label = getattr(res, "display_name", None) or self.derived.instances[target].display_name
        text = (f"AWS's name servers for {aws.zone} answer for {label}: {_values(records)} (TTL {ttl} s)."
                if records else f"AWS's name servers know {aws.name} ({label}) but it has no {qtype} address.")
        self._authoritative(comp, aws.name, qtype, ans, text)
        return ans

    def _outside(self, qname: str, qtype: str) -> ZoneAnswer:
        self.steps.append(Step(
            "outside-design", self.res, INTERNET, qname, qtype, Returned(), "outside-design",
            self._take_note() + f"No hosted zone in this design holds {qname}; its answer lives somewhere on the "
                                "internet, so the simulation cannot say which address it has."))
        return ZoneAnswer("outside")

    # -- helpers --------------------------------------------------------------------------------

    def _authoritative(self, comp: Component, qname: str, qtype: str, ans: ZoneAnswer, text: str) -> None:
        verdict = {"answer": "answer", "cname-out": "answer", "nxdomain": "nxdomain", "loop": "error"}.get(
            ans.outcome, "no-answer")
        if ans.outcome == "loop":
            text = f"{text} The lookup stops: {ans.note}."
        cname = next((r.value for r in ans.records if r.type == "CNAME"), None)
        self.steps.append(Step("authoritative", self.res, comp, qname, qtype,
                               Returned(records=tuple(ans.records), alias_target=ans.alias_target, cname=cname,
                                        negative_ttl=ans.negative_ttl),
                               verdict, self._take_note() + text))
        self.steps.extend(ans.steps)

    def _take_note(self) -> str:
        note, self.note = self.note, ""
        return note


def _delegates(parent: HostedZone, child: HostedZone) -> bool:
    return any(r.type == "NS" and r.name == child.zone_name for r in parent.records)


def _values(records: list[Record]) -> str:
    return ", ".join(r.value for r in records) or "nothing"


def _answer_text(qname: str, qtype: str, ans: ZoneAnswer) -> str:
    if ans.outcome == "nxdomain":
        return f"{qname} does not exist (NXDOMAIN); resolvers may remember that for {ans.negative_ttl} s."
    if ans.outcome == "nodata":
        return f"{qname} exists but has no {qtype} record, so the answer is empty."
    if ans.outcome == "loop":
        return f"{qname} leads into a loop of CNAME or alias records."
    cnames = [r for r in ans.records if r.type == "CNAME"]
    if ans.outcome == "cname-out" and cnames:
        return f"{qname} is a CNAME for {cnames[-1].value}, a name this zone does not hold."
    if ans.alias_target and not cnames:
        return f"{qname} {qtype} is an alias record pointing at {ans.alias_target}."
    finals = [r for r in ans.records if r.type == qtype]
    via = f" by way of the CNAME {cnames[0].value}" if cnames and qtype != "CNAME" else ""
    ttl = min(r.ttl for r in finals) if finals else 0
    return f"{qname} {qtype} is {_values(finals)}{via} (TTL {ttl} s)."
