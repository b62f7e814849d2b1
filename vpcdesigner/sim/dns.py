"""DNS lookups through the design: ``resolve(design, name, client)`` → a ``DnsLookup`` with every step.

A first lookup of a public name from an ISP resolver shows: client → resolver (``query``),
resolver → root (``referral-root``), resolver → TLD (``referral-tld``), resolver → Route 53
(``authoritative``, then ``alias``/``cname`` steps as needed), resolver → client (``reply``).
The same lookup again within the TTL, with the same ``DnsCache``, is client → resolver
(``query``, verdict ``cache-hit``) → client (``reply``). Step kinds and verdicts are listed in
dns_types.py; which resolver a client uses is in dns_clients.py; AWS-owned names and the
representative CloudFront edge addresses are in dns_names.py.

No Qt, no network access: everything comes from the design and ``derive(design)``, so the
addresses match what the packet tracer and the canvas show.
"""

from __future__ import annotations

import re

from ..model import Derived, Design, Vpc, derive
from .dns_cache import CacheEntry, DnsCache
from .dns_clients import DEFAULT_RESOLVER, choose_resolver, find_client
from .dns_names import (
    CLOUDFRONT_EDGE_V4,
    CLOUDFRONT_EDGE_V6,
    cloudfront_edge_addresses,
    cloudfront_for_address,
)
from .dns_types import (
    QUERY_TYPES,
    RCODES,
    RESULTS,
    STEP_KINDS,
    VERDICTS,
    Component,
    DnsInputError,
    DnsLookup,
    Record,
    Returned,
    Step,
)
from .dns_walk import Outcome, Walker

__all__ = [
    "CLOUDFRONT_EDGE_V4", "CLOUDFRONT_EDGE_V6", "DEFAULT_RESOLVER", "QUERY_TYPES", "RCODES", "RESULTS",
    "STEP_KINDS", "VERDICTS", "Component", "DnsCache", "DnsInputError", "DnsLookup", "Record", "Returned", "Step",
    "cloudfront_edge_addresses", "cloudfront_for_address", "normalise_name", "resolve",
]

_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")
_VPC_NOTE = (" (the Amazon DNS server walks the internet itself, so this works even from a subnet with no route "
             "to the internet)")
_RESULT_OF = {"answer": "answer", "nxdomain": "nxdomain", "nodata": "no-answer", "outside": "outside-design",
              "loop": "error"}
_RCODE_OF = {"answer": "NOERROR", "nxdomain": "NXDOMAIN", "nodata": "NOERROR", "loop": "SERVFAIL"}


def normalise_name(name: str) -> str:
    """Lower case, no trailing dot; a clear DnsInputError for anything that is not a DNS name."""
    text = name.strip().lower().rstrip(".") if isinstance(name, str) else ""
    labels = text.split(".")
    ok = bool(text) and len(text) <= 253 and all(_LABEL.match(label) for label in labels)
    if not ok:
        raise DnsInputError(f"{name!r} is not a DNS name (like www.example.com)")
    return text


def resolve(design: Design, name: str, client: str, *, record_type: str = "A", cache: DnsCache | None = None,
            now: float = 0.0, server: str | None = None, derived: Derived | None = None) -> DnsLookup:
    """Look ``name`` up as ``client`` would, step by step.

    ``client``: id or name of an internet client, instance, Auto Scaling group (its first member)
    or member (``web-asg-2``), on-premises network or host, or an IP address. ``server`` overrides
    the resolver the client asks (a dns-resolver, a VPC or its base+2 address, 169.254.169.253).
    ``cache`` is kept by the caller across lookups; ``now`` is the time in seconds. Raises
    DnsInputError (a ValueError) with a plain message for a bad name, type, client or server.
    """
    qname = normalise_name(name)
    qtype = record_type.strip().upper() if isinstance(record_type, str) else ""
    if qtype not in QUERY_TYPES:
        raise DnsInputError(f"record type {record_type!r} is not supported: use one of {', '.join(QUERY_TYPES)}")
    derived = derived if derived is not None else derive(design)
    who = find_client(design, derived, client)
    choice = choose_resolver(design, who, server)
    lookup = DnsLookup(qname, qtype, who.component, choice.component, now=now)
    if choice.refusal is not None:
        lookup.steps.append(Step("query", who.component, choice.component, qname, qtype, Returned(), "no-answer",
                                 choice.refusal))
        lookup.result, lookup.rcode = "no-answer", None
        lookup.explanation = f"No answer: {choice.refusal}"
        return lookup
    cache = cache if cache is not None else DnsCache()
    hit = cache.get(choice.component.id, qname, qtype, now)
    if hit is not None:
        _from_cache(lookup, hit)
    else:
        _recurse(lookup, design, derived, cache, choice.vpc)
    _reply(lookup)
    return lookup


def _from_cache(lookup: DnsLookup, hit: CacheEntry) -> None:
    left = hit.remaining(lookup.now)
    records = [Record(r.name, r.type, min(r.ttl, left), r.value, r.alias_target) for r in hit.records]
    lookup.cached, lookup.result, lookup.rcode = True, hit.result, hit.rcode
    lookup.answers, lookup.addresses, lookup.ttl = records, list(hit.addresses), left
    what = ("the answer" if hit.result == "answer" else
            f"that {lookup.name} does not exist (NXDOMAIN)" if hit.result == "nxdomain" else
            f"that {lookup.name} has no {lookup.type} record")
    lookup.steps.append(Step(
        "query", lookup.client, lookup.resolver, lookup.name, lookup.type,
        Returned(records=tuple(records), negative_ttl=None if hit.result == "answer" else left), "cache-hit",
        f"The resolver still remembers {what} for {left} more seconds, so it answers from its cache without "
        "asking any other server."))


def _recurse(lookup: DnsLookup, design: Design, derived: Derived, cache: DnsCache, vpc: Vpc | None) -> None:
    lookup.steps.append(Step(
        "query", lookup.client, lookup.resolver, lookup.name, lookup.type, Returned(), "query",
        f"{lookup.client.name} asks its DNS resolver, {lookup.resolver.name}, for the {lookup.type} record of "
        f"{lookup.name}; the resolver does the rest of the work{_VPC_NOTE if vpc is not None else ''}."))
    walker = Walker(design, derived, cache, lookup.now, lookup.resolver, vpc, lookup.steps)
    out = walker.run(lookup.name, lookup.type)
    lookup.result = _RESULT_OF.get(out.outcome, "error")
    lookup.rcode = _RCODE_OF.get(out.outcome)
    lookup.answers = out.records
    lookup.addresses = [r.value for r in out.records if r.type in ("A", "AAAA") and r.type == lookup.type]
    lookup.ttl = _ttl(out)
    if lookup.ttl is not None and lookup.result in ("answer", "nxdomain", "no-answer"):
        cache.put(lookup.resolver.id, lookup.name, lookup.type, CacheEntry(
            lookup.result, lookup.rcode, tuple(out.records), tuple(lookup.addresses), lookup.now,
            lookup.now + lookup.ttl))


def _ttl(out: Outcome) -> int | None:
    if out.outcome == "answer" and out.records:
        return min(r.ttl for r in out.records)
    if out.outcome in ("nxdomain", "nodata"):
        return out.negative_ttl
    return None


def _reply(lookup: DnsLookup) -> None:
    verdict = lookup.result
    if lookup.result == "answer":
        alias = next((r.alias_target for r in lookup.answers if r.alias_target), None)
        shown = ", ".join(lookup.addresses) or ", ".join(r.value for r in lookup.answers if r.type == lookup.type)
        via = f" (alias to {alias})" if alias else ""
        keep = (f"it stays in the resolver's cache for {lookup.ttl} more seconds" if lookup.cached else
                f"the resolver caches it for {lookup.ttl} seconds")
        text = f"The resolver gives {lookup.client.name} the answer {shown}{via}; {keep}."
        summary = f"{lookup.name} {lookup.type} → {shown}{via}, TTL {lookup.ttl} s"
    elif lookup.result == "nxdomain":
        text = (f"The resolver tells {lookup.client.name} that {lookup.name} does not exist (NXDOMAIN) and remembers "
                f"that for {lookup.ttl}{' more' if lookup.cached else ''} seconds.")
        summary = f"{lookup.name} does not exist (NXDOMAIN)"
    elif lookup.result == "no-answer":
        text = (f"The resolver tells {lookup.client.name} that {lookup.name} has no {lookup.type} record (an empty "
                f"answer), and remembers that for {lookup.ttl}{' more' if lookup.cached else ''} seconds.")
        summary = f"{lookup.name} has no {lookup.type} record"
    elif lookup.result == "outside-design":
        cname = next((r.value for r in reversed(lookup.answers) if r.type == "CNAME"), None)
        held = f"{lookup.name} is a CNAME for {cname}, which" if cname else lookup.name
        text = (f"The resolver would return whatever the internet holds for {cname or lookup.name}; that is outside "
                "this design, so no address is shown.")
        summary = f"{held} is outside this design: no hosted zone of the design holds it"
    else:
        text = f"The resolver gives up and tells {lookup.client.name} SERVFAIL: the records form a loop."
        summary = f"{lookup.name}: lookup failed (CNAME or alias loop)"
    lookup.explanation = summary + (" (from the resolver's cache)" if lookup.cached else "")
    lookup.steps.append(Step("reply", lookup.resolver, lookup.client, lookup.name, lookup.type,
                             Returned(records=tuple(lookup.answers),
                                      negative_ttl=lookup.ttl if lookup.result in ("nxdomain", "no-answer") else None),
                             verdict, text))

