"""`vpcdesigner request FILE URL --from CLIENT`: a browser request through the design, step by step.

Human output puts the outcome on top (what the client sees, who served it, the failed step), then
the classroom narration, then every step: the DNS lookup as a step table (as `resolve` prints it)
and each leg as hop tables (as `trace` prints them). `--repeat N` runs N requests in one session
(DNS cache, clock and target rotation carry over). `--json` prints `RequestResult.to_json()`
(schema "request"), or {"requests": [...]} with --repeat above 1 (schema "request-repeat").
Exit 0 when the question was answered (whatever the outcome), 2 on bad input.
"""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from ..sim.request import RequestInputError, RequestResult, RequestSession, request
from ..sim.request_schema import REQUEST_REPEAT_SCHEMA, REQUEST_SCHEMA
from ..sim.request_types import DEFAULT_EDGE_TTL, DEFAULT_INTERVAL
from .common import EXIT_OK, fail, guarded, open_design, print_json
from .resolve import format_lookup
from .schemas import register_output_schema
from .trace import render

MAX_REPEAT = 1000


def register(subparsers: Any, name: str = "request") -> None:
    p = subparsers.add_parser(
        name, help="simulate a browser request: DNS, CloudFront, load balancer, target, and the response",
        description="Open URL as the client --from would: DNS lookup, then every connection on the way "
                    "(client → CloudFront edge → origin load balancer → target) traced hop by hop both ways, "
                    "and what the client sees (HTTP 200, a redirect, 403/502/503/504, a timeout or a DNS error).")
    p.add_argument("file", help="design file (.vpcd.json), CloudFormation template or AWS snapshot folder")
    p.add_argument("url", help="the URL to open, e.g. https://www.anycompany.example/ (no scheme = http)")
    p.add_argument("--from", dest="client", required=True, metavar="CLIENT",
                   help="who browses: an internet client, instance, Auto Scaling group member or on-premises host "
                        "(id or name), or an IP address")
    p.add_argument("--repeat", type=int, default=1, metavar="N",
                   help="make N requests in one session (DNS cache, clock and target rotation carry over)")
    p.add_argument("--interval", type=float, default=DEFAULT_INTERVAL, metavar="SECONDS",
                   help=f"seconds between requests (default {DEFAULT_INTERVAL:g})")
    p.add_argument("--edge-cache", action="store_true",
                   help="let CloudFront cache successful responses: a repeat within --edge-ttl is served from the "
                        "edge without reaching the origin (default: off, every request goes to the origin)")
    p.add_argument("--edge-ttl", type=float, default=DEFAULT_EDGE_TTL, metavar="SECONDS",
                   help=f"with --edge-cache: how long the edge keeps a page (default {DEFAULT_EDGE_TTL:g})")
    p.add_argument("--no-follow", action="store_true", help="do not follow HTTP 301 redirects")
    p.add_argument("--param", action="append", default=[], metavar="K=V",
                   help="CloudFormation parameter value (repeatable)")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.set_defaults(run=run)


@guarded
def run(args: argparse.Namespace) -> int:
    """Run the request(s); bad URLs, clients or numbers become a message and exit code 2."""
    if not 1 <= args.repeat <= MAX_REPEAT:
        fail(f"--repeat {args.repeat}: must be between 1 and {MAX_REPEAT}")
    if args.interval < 0:
        fail(f"--interval {args.interval:g}: must be 0 or more seconds")
    if args.edge_ttl < 0:
        fail(f"--edge-ttl {args.edge_ttl:g}: must be 0 or more seconds")
    design = open_design(args.file, args.param)
    session = RequestSession(interval=args.interval, edge_cache=args.edge_cache, edge_ttl=args.edge_ttl,
                             follow_redirects=not args.no_follow)
    try:
        results = [request(design, args.client, args.url, session=session) for _ in range(args.repeat)]
    except RequestInputError as exc:
        fail(str(exc))
    if args.json:
        print_json({"requests": [r.to_json() for r in results]} if args.repeat > 1 else results[0].to_json())
        return EXIT_OK
    for i, result in enumerate(results):
        if args.repeat > 1:
            print(f"== request {i + 1} of {args.repeat} at t={result.time:g} s")
        print(format_result(result))
        if i + 1 < len(results):
            print()
    return EXIT_OK


def summary(r: RequestResult) -> list[str]:
    """The outcome block: headline, who served it or where it failed, then the narration."""
    lines = [r.headline()]
    facts = [f"t={r.time:g} s", f"edge cache {r.edge_cache}"]
    if r.served_by:
        facts.insert(0, f"served by {r.served_by}")
    if r.failed is not None:
        f = r.failed
        where = f"failed at step {r.failed_step + 1 if r.failed_step is not None else '?'} ({f.kind}: {f.source} → " \
                f"{f.destination})"
        if f.trace is not None and f.trace.blocked is not None:
            b = f.trace.blocked
            where += f", blocked at {b.name} ({b.kind}) on the {b.direction} path, code {b.code or '-'}"
        facts.insert(0, where)
    if r.redirects:
        facts.append("redirected to " + ", ".join(r.redirects))
    lines.append(" · ".join(facts))
    lines.append("")
    lines.extend(textwrap.wrap(r.narration, width=110))
    return lines


def format_result(r: RequestResult) -> str:
    lines = summary(r)
    for i, step in enumerate(r.steps, 1):
        verdict = {True: "ok", False: "FAILED", None: "?"}[step.reachable]
        lines += ["", f"Step {i}  {step.kind}: {step.source} → {step.destination}  [{verdict}]",
                  *("  " + t for t in textwrap.wrap(step.explanation, width=108))]
        body = format_lookup(step.dns) if step.dns is not None else render(step.trace) if step.trace else ""
        if body:
            lines.append("")
            lines += ["    " + line if line else "" for line in body.splitlines()]
    return "\n".join(lines)


register_output_schema("request", lambda: REQUEST_SCHEMA)
register_output_schema("request-repeat", lambda: REQUEST_REPEAT_SCHEMA)
