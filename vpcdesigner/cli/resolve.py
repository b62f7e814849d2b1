"""`vpcdesigner resolve FILE NAME --from CLIENT`: a DNS lookup through the design, step by step.

Human output puts the answer on top, then one row per step with its explanation under it.
`--json` prints `DnsLookup.to_json()` (schema: vpcdesigner.sim.dns_schema.DNS_LOOKUP_SCHEMA);
with `--twice` it prints {"lookups": [first, second]} (RESOLVE_TWICE_SCHEMA).
"""

from __future__ import annotations

import argparse
from typing import Any

from ..sim.dns import DnsCache, DnsInputError, DnsLookup, Record, Step, resolve
from .common import EXIT_OK, fail, guarded, open_design, print_json

HEADLINES = {"answer": "ANSWER", "nxdomain": "NXDOMAIN", "no-answer": "NO ANSWER",
             "outside-design": "OUTSIDE THIS DESIGN", "error": "ERROR"}


def register(subparsers: Any, name: str = "resolve") -> None:
    parser = subparsers.add_parser(
        name, help="look a DNS name up as a client would, step by step",
        description="Resolve NAME as the client --from would: its resolver, the root and TLD servers, "
                    "Route 53 hosted zones (public and private), aliases and CNAMEs, with TTLs and caching.")
    parser.add_argument("file", help="design file (.vpcd.json), CloudFormation template or AWS snapshot folder")
    parser.add_argument("name", help="the DNS name to look up, e.g. www.anycompany.example")
    parser.add_argument("--from", dest="client", required=True, metavar="CLIENT",
                        help="who asks: an internet client, instance, Auto Scaling group member, on-premises "
                             "host (id or name) or an IP address")
    parser.add_argument("--type", dest="record_type", default="A", type=str.upper, choices=("A", "AAAA", "CNAME"),
                        help="record type (default A)")
    parser.add_argument("--server", default=None,
                        help="ask this resolver instead of the client's own (a dns-resolver, a VPC, its base+2 "
                             "address or 169.254.169.253)")
    parser.add_argument("--twice", action="store_true",
                        help="look the name up twice with one resolver cache, to show the cache hit")
    parser.add_argument("--after", type=float, default=1.0, metavar="SECONDS",
                        help="with --twice: seconds between the two lookups (default 1)")
    parser.add_argument("--param", action="append", default=[], metavar="K=V",
                        help="CloudFormation parameter value (repeatable)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(run=run)


@guarded
def run(args: argparse.Namespace) -> int:
    """Run one (or, with --twice, two) lookups and print them."""
    design = open_design(args.file, args.param)
    if args.after < 0:
        fail(f"--after {args.after}: must be 0 or more seconds")
    cache = DnsCache()
    try:
        lookups = [resolve(design, args.name, args.client, record_type=args.record_type, cache=cache,
                           server=args.server)]
        if args.twice:
            lookups.append(resolve(design, args.name, args.client, record_type=args.record_type, cache=cache,
                                   now=args.after, server=args.server))
    except DnsInputError as exc:
        fail(str(exc))
    if args.json:
        print_json({"lookups": [lk.to_json() for lk in lookups]} if args.twice else lookups[0].to_json())
        return EXIT_OK
    for i, lookup in enumerate(lookups):
        if args.twice:
            print(f"== lookup {i + 1} at t={lookup.now:g} s")
        print(format_lookup(lookup))
        if i + 1 < len(lookups):
            print()
    return EXIT_OK


def format_lookup(lookup: DnsLookup) -> str:
    """The answer on top, then a step table; each step's explanation is indented under its row."""
    head = f"{HEADLINES.get(lookup.result, lookup.result.upper())}  {lookup.explanation}"
    rcode = lookup.rcode or ("unknown" if lookup.result == "outside-design" else "none (the query gets no response)")
    where = f"{lookup.resolver.name}" + (f" ({lookup.resolver.address})" if lookup.resolver.address and
                                           lookup.resolver.address not in lookup.resolver.name else "")
    lines = [head, f"rcode {rcode} · asked by {lookup.client.name} · resolver {where}", ""]
    rows = [(str(i), s.kind, s.source.name, s.target.name, s.verdict, _returned(s)) for i, s in
            enumerate(lookup.steps, 1)]
    header = ("#", "step", "from", "to", "verdict", "returned")
    widths = [min(max(len(r[c]) for r in [header, *rows]), 34) for c in range(5)]
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)) + "  " + header[5])
    for row, step in zip(rows, lookup.steps, strict=True):
        cells = [_cut(v, w).ljust(w) for v, w in zip(row, widths, strict=False)]
        lines.append("  ".join(cells) + "  " + row[5])
        lines.append(" " * (widths[0] + 2) + step.explanation)
    return "\n".join(lines)


def _returned(step: Step) -> str:
    r = step.returned
    if r.referral:
        return f"NS {r.referral_zone}: {', '.join(r.referral)}"
    if r.records:
        return _records_text(step.name, r.records)
    if r.negative_ttl is not None:
        return f"(empty, negative TTL {r.negative_ttl} s)"
    return ""


def _records_text(qname: str, records: tuple[Record, ...]) -> str:
    """Records grouped by owner, type, TTL and alias: "A 54.230.1.1, 54.230.1.2 (TTL 60, alias → cdn)"."""
    groups: dict[tuple[str, str, int, str | None], list[str]] = {}
    for rec in records:
        groups.setdefault((rec.name, rec.type, rec.ttl, rec.alias_target), []).append(rec.value)
    parts = []
    for (owner, rtype, ttl, alias), values in groups.items():
        who = "" if owner == qname else f"{owner} "
        via = f", alias → {alias}" if alias else ""
        parts.append(f"{who}{rtype} {', '.join(values)} (TTL {ttl}{via})")
    return "; ".join(parts)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _register_schemas() -> None:
    from ..sim.dns_schema import SCHEMAS
    from .schemas import register_output_schema

    for schema_name, schema in SCHEMAS.items():
        register_output_schema(schema_name, lambda schema=schema: dict(schema))


_register_schemas()
