"""Plain sentences for a user request, read aloud in class: one per step, and a paragraph for the whole.

Everything here only reads results (the DNS lookup, the legs' traces); no decision is made here.
"""

from __future__ import annotations

from ..model import CloudFront
from ..model.types import ALLOCATED
from .addr import is_placeholder
from .dns_types import DnsLookup
from .request_types import STATUS_TEXT, RequestResult, RequestStep, Url


def dns_sentence(lk: DnsLookup) -> str:
    """E.g. "customer asks isp-resolver for www.x; it asks the root, the .example servers and Route 53 ..."."""
    who, res = lk.client.name, lk.resolver.name
    kinds = [s.kind for s in lk.steps]
    if lk.cached:
        walk = "the resolver still has the answer in its cache, so it replies at once"
    else:
        asked = []
        if "referral-root" in kinds:
            asked.append("a root server")
        tld = next((s.target.name for s in lk.steps if s.kind == "referral-tld"), None)
        if tld:
            asked.append(f"the {tld}")
        auth = next((s.target.name for s in lk.steps if s.kind == "authoritative"), None)
        if auth:
            asked.append(auth)
        walk = f"the resolver asks {_and(asked)}" if asked else "the resolver looks it up"
        if "alias" in kinds:
            target = next((s.target.name for s in lk.steps if s.kind == "alias"), "")
            walk += f", where an alias record points at {target}"
        elif "cname" in kinds:
            walk += ", following a CNAME"
    if lk.result == "answer":
        shown = ["an address AWS assigns at deployment" if a == ALLOCATED or is_placeholder(a) else a
                 for a in lk.addresses]
        shown = list(dict.fromkeys(shown))
        addrs = ", ".join(shown[:2]) + (", …" if len(shown) > 2 else "")
        end = f"; the answer is {addrs} (TTL {lk.ttl} s)."
    elif lk.result == "nxdomain":
        end = f"; the answer is NXDOMAIN: {lk.name} does not exist."
    elif lk.result == "outside-design":
        end = f"; {lk.name} is outside this design, so the simulation cannot say which address it has."
    elif lk.result == "error":
        end = "; the lookup fails (SERVFAIL: the records form a loop)."
    else:
        end = f"; no address comes back ({lk.explanation or 'no answer'})."
    return f"{who} asks its DNS resolver {res} for {lk.name}; {walk}{end}"


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _failure(step: RequestStep) -> str:
    t = step.trace
    if t is None or t.blocked is None:
        return ""
    where = "on the way back" if t.blocked.direction == "return" else "on the way there"
    return f" It is stopped {where} at {t.blocked.name}: {t.blocked.explanation}"


def leg_sentence(step: RequestStep, url: Url, cf: CloudFront | None) -> str:
    """What this connection is, from the trace's first packet, and where it failed if it did."""
    t = step.trace
    pkt = t.forward[0].packet_in if t is not None and t.forward else None
    port = pkt.dst_port if pkt is not None else url.port
    if step.kind == "viewer-to-edge":
        text = (f"{step.source} opens {url.scheme.upper()} (TCP {port}) to the nearest CloudFront edge location of "
                f"{cf.display_name if cf else 'the distribution'}.")
    elif step.kind == "edge-to-origin":
        origin = next((o for o in cf.origins if o.id == cf.default_origin), cf.origins[0] if cf.origins else None) \
            if cf else None
        proto = "HTTPS" if origin is not None and port == origin.https_port else "HTTP"
        policy = f" (origin protocol policy {origin.protocol_policy})" if origin is not None else ""
        text = (f"The edge does not have {url.path} in its cache, so CloudFront fetches it from origin "
                f"{step.destination} over {proto} on port {port}{policy}, from a CloudFront origin-facing address.")
    elif step.kind == "client-to-load-balancer":
        text = f"{step.source} connects to load balancer {step.destination} on TCP {port}."
    elif step.kind == "load-balancer-to-target":
        text = (f"{step.source} opens a new connection from its own address to {step.destination} on TCP {port} "
                "(the client's address travels in X-Forwarded-For).")
    else:
        text = f"{step.source} connects to {step.destination} on TCP {port}."
    return text + _failure(step)


def outcome_sentence(r: RequestResult) -> str:
    """The last sentence of the narration: what the client ends up seeing."""
    who = r.steps[0].source if r.steps else r.client
    if r.outcome == "served":
        via = "from the edge cache" if r.edge_cache == "hit" else f"by {r.served_by}"
        return f"Result: {who} sees the page (HTTP 200 {STATUS_TEXT[200]}), served {via}."
    if r.outcome == "redirect":
        return f"Result: {who} gets HTTP 301 to {r.redirects[-1]} and stops there."
    if r.outcome == "http-error" and r.status is not None:
        step = r.failed
        leg = f" because the {step.kind.replace('-', ' ')} connection failed" if step is not None else ""
        return f"Result: {who} sees HTTP {r.status} {STATUS_TEXT.get(r.status, '')}{leg}.".replace(" .", ".")
    if r.outcome == "http-error":
        return f"Result: {who} gives up ({r.client_sees})."
    if r.outcome == "timeout":
        return f"Result: {who}'s browser waits and times out: its own connection never completes."
    if r.outcome == "dns-failure":
        return f"Result: {who}'s browser cannot find the server ({r.client_sees})."
    if r.outcome == "fixed-response":
        return f"Result: {who} gets the load balancer's fixed response."
    return f"Result: cannot tell what {who} sees: part of the answer lies outside this design."


def narrate(r: RequestResult) -> str:
    """One paragraph: every step's sentence in order (the response step only once), then the result."""
    parts = [s.explanation for s in r.steps if s.explanation]
    parts.append(outcome_sentence(r))
    return " ".join(parts)
