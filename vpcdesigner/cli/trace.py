"""`vpcdesigner trace FILE --from A --to B ...`: one connection, hop by hop, both directions.

Exit 0 when the question was answered (reachable or not), 2 on bad input.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..model.types import normalise_protocol
from ..sim import KINDS, Trace, TraceInputError, trace
from .common import EXIT_OK, fail, guarded, open_design, print_json
from .schemas import register_output_schema

VERDICT_MARK = {"pass": "ok", "block": "BLOCKED", "info": "·"}


def trace_schema() -> dict[str, Any]:
    """JSON Schema of `trace --json` (issue 3 item 8)."""
    port = {"type": ["integer", "null"], "minimum": 0, "maximum": 65535}
    fields = ["src", "dst", "protocol", "src_port", "dst_port", "icmp_type", "icmp_code"]
    packet = {"type": "object", "required": fields,
              "properties": {"src": {"type": "string"}, "dst": {"type": "string"}, "protocol": {"type": "string"},
                             "src_port": port, "dst_port": port,
                             "icmp_type": {"type": ["integer", "null"]}, "icmp_code": {"type": ["integer", "null"]},
                             "src_port_range": {"type": "array", "items": {"type": "integer"}},
                             "dst_port_range": {"type": "array", "items": {"type": "integer"}}}}
    rule = {"type": ["object", "null"], "required": ["number", "action", "text"],
            "properties": {"number": {"type": ["integer", "string", "null"]}, "action": {"type": "string"},
                           "text": {"type": "string"}}}
    hop = {"type": "object",
           "required": ["component", "name", "kind", "check", "verdict", "rule", "packet_in", "packet_out", "code",
                        "reason", "explanation"],
           "properties": {"component": {"type": "string"}, "name": {"type": "string"},
                          "kind": {"enum": list(KINDS)}, "check": {"type": "string"},
                          "verdict": {"enum": ["pass", "block", "info"]}, "rule": rule,
                          "packet_in": packet, "packet_out": packet, "code": {"type": ["string", "null"]},
                          "reason": {"type": ["string", "null"]}, "explanation": {"type": "string"}}}
    leg = {"type": "object", "required": ["from", "to", "reachable", "forward_hops", "return_hops"],
           "properties": {"from": {"type": "string"}, "to": {"type": "string"},
                          "reachable": {"type": ["boolean", "null"]},
                          "forward_hops": {"type": "array", "items": {"type": "integer"}},
                          "return_hops": {"type": "array", "items": {"type": "integer"}},
                          "description": {"type": "string"}}}
    blocked = {"type": ["object", "null"],
               "required": ["component", "name", "kind", "direction", "leg", "code", "reason"],
               "properties": {"component": {"type": "string"}, "name": {"type": "string"},
                              "kind": {"enum": list(KINDS)}, "direction": {"enum": ["forward", "return"]},
                              "leg": {"type": "integer"}, "code": {"type": ["string", "null"]},
                              "reason": {"type": ["string", "null"]}, "explanation": {"type": "string"}}}
    return {"title": "vpcdesigner trace --json", "type": "object",
            "required": ["reachable", "reason", "forward", "return", "legs", "client_sees", "blocked"],
            "properties": {"source": {"type": "string"}, "destination": {"type": "string"}, "packet": packet,
                           "reachable": {"type": ["boolean", "null"]}, "reason": {"type": "string"},
                           "forward": {"type": "array", "items": hop}, "return": {"type": "array", "items": hop},
                           "legs": {"type": "array", "items": leg}, "client_sees": {"type": "string"},
                           "blocked": blocked, "notes": {"type": "array", "items": {"type": "string"}}}}


register_output_schema("trace", trace_schema)  # at import time, as cli/schemas.py expects


def register(subparsers: Any, name: str) -> None:
    p = subparsers.add_parser(name, help="trace a packet from A to B, hop by hop, with the reply",
                              description="Trace a connection hop by hop (forward and return).")
    p.add_argument("file", help="design file (.vpcd.json), CloudFormation template or AWS snapshot folder")
    p.add_argument("--from", dest="source", required=True, help="source: id, name, DNS name or IP address")
    p.add_argument("--to", dest="destination", required=True, help="destination: id, name, DNS name or IP")
    p.add_argument("--protocol", default="tcp",
                   help="tcp (default), udp, icmp, icmpv6, all, or an IP protocol number (icmp to an IPv6 end "
                        "means icmpv6)")
    p.add_argument("--port", type=int, default=None, help="destination port (tcp/udp)")
    p.add_argument("--source-port", type=int, default=None,
                   help="source port (default 49152, or 1025 for windows-legacy hosts)")
    p.add_argument("--icmp-type", type=int, default=None,
                   help="ICMP type (default 8, echo request; 128 for ICMPv6)")
    p.add_argument("--entry-subnet", default=None, metavar="SUBNET",
                   help="the subnet (id or name) of the load balancer node that takes the connection "
                        "(default: the load balancer's first subnet)")
    p.add_argument("--icmp-code", type=int, default=None, help="ICMP code (default 0)")
    p.add_argument("--param", action="append", default=[], metavar="K=V",
                   help="template parameter when FILE is a CloudFormation template")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(run=run)


@guarded
def run(args: argparse.Namespace) -> int:
    """Answer the trace question; bad endpoints or ports become a message and exit code 2."""
    try:
        protocol = normalise_protocol(args.protocol)
    except ValueError as exc:
        fail(f"--protocol: {exc}")
    design = open_design(args.file, args.param)
    try:
        result = trace(design, args.source, args.destination, protocol, args.port, args.source_port,
                       args.icmp_type, args.icmp_code, entry_subnet=args.entry_subnet)
    except TraceInputError as exc:
        fail(str(exc))
    if args.json:
        print_json(result.to_json())
    else:
        print(render(result))
    return EXIT_OK


def verdict_line(t: Trace) -> str:
    word = {True: "REACHABLE", False: "NOT REACHABLE", None: "UNKNOWN"}[t.reachable]
    return f"{word} — {t.source} → {t.destination} ({t.packet.describe()}); client sees: {t.client_sees}"


def render(t: Trace) -> str:
    """Verdict on top, then one table per direction."""
    lines = [verdict_line(t), t.reason]
    if t.blocked is not None:
        b = t.blocked
        lines.append(f"Blocked at: {b.name} ({b.kind}), {b.direction} path, leg {b.leg + 1}; "
                     f"code {b.code or '-'}; reason {b.reason or '-'}")
    for note in t.notes:
        lines.append(f"Note: {note}")
    for title, hops in (("Forward", t.forward), ("Return", t.return_)):
        if not hops:
            continue
        lines.append("")
        lines.append(f"{title} path:")
        rows = [("#", "verdict", "component", "kind", "check", "rule", "packet")]
        for i, h in enumerate(hops, 1):
            number = "" if h.rule is None or h.rule.number is None else f"{h.rule.number} "
            rule = "" if h.rule is None else f"{number}{h.rule.text}"
            rows.append((str(i), VERDICT_MARK[h.verdict], h.name, h.kind, h.check, rule, h.packet_out.describe()))
        widths = [min(max(len(r[c]) for r in rows), 48) for c in range(len(rows[0]))]
        for i, r in enumerate(rows):
            last = len(r) - 1
            lines.append("  ".join(cell if c == last else cell[:48].ljust(widths[c])
                                   for c, cell in enumerate(r)).rstrip())
            if i > 0:
                lines.append(" " * (widths[0] + 2) + "↳ " + hops[i - 1].explanation)
    return "\n".join(lines)
