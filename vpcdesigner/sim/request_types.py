"""Shapes of a simulated user request (``request(design, client, url)``): the session that carries
state between requests, each step of the flow, and the result with its JSON form.

Kept apart from the flow logic so the simulation panel, the CLI and the JSON schema can import the
shapes without the machinery.

Step kinds (``RequestStep.kind``), in the order a request shows them:

* ``dns``                      the client's DNS lookup of the URL's host (``RequestStep.dns``).
* ``viewer-to-edge``           client → the nearest CloudFront edge location (a trace leg).
* ``edge-cache``               the edge answers from its cache (only with the session's edge cache on).
* ``edge-to-origin``           CloudFront edge → origin, with the origin protocol policy (a trace leg).
* ``client-to-load-balancer``  client → load balancer node, when the name points at a load balancer.
* ``load-balancer-to-target``  load balancer node → one target, picked by the session's rotation.
* ``connection``               client → a plain address (an instance, an internet host).
* ``redirect``                 a 301 answer; the browser follows it with a new round of steps.
* ``response``                 the response travelling back to the client (what it sees).

A step with a ``trace`` is a *leg*: one TCP connection, traced both ways by ``sim.trace``.

Outcomes (``RequestResult.outcome``): ``served`` (HTTP 200), ``redirect`` (a 301 that was not
followed), ``fixed-response`` (the load balancer answers itself), ``http-error`` (403/502/503/504),
``timeout`` (the client's own connection never completes), ``dns-failure`` (NXDOMAIN, no answer,
SERVFAIL), ``unknown`` (the answer depends on something outside the design).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .dns_cache import DnsCache
from .dns_types import DnsLookup
from .results import Trace

STEP_KINDS: tuple[str, ...] = (
    "dns", "viewer-to-edge", "edge-cache", "edge-to-origin", "client-to-load-balancer",
    "load-balancer-to-target", "connection", "redirect", "response",
)
OUTCOMES: tuple[str, ...] = ("served", "redirect", "fixed-response", "http-error", "timeout", "dns-failure",
                             "unknown")
EDGE_CACHE_STATES: tuple[str, ...] = ("off", "miss", "hit")
STATUS_TEXT: dict[int, str] = {200: "OK", 301: "Moved Permanently", 403: "Forbidden", 502: "Bad Gateway",
                               503: "Service Unavailable", 504: "Gateway Timeout"}

# Documented defaults of a session (see RequestSession).
DEFAULT_INTERVAL = 1.0
DEFAULT_EDGE_TTL = 86400.0  # CloudFront's default TTL (24 h) when the origin sends no Cache-Control
MAX_REDIRECTS = 5


class RequestInputError(ValueError):
    """A request that cannot be asked as given (bad URL, unknown client); the message names the part."""


@dataclass
class RequestSession:
    """State kept across requests of one browsing session, so successive requests differ the way
    they would in life. Rules (all deterministic):

    * Clock: ``now`` (seconds) is the time of the next request; every request advances it by
      ``interval`` (default 1 s). The DNS cache and the edge cache compare against it.
    * DNS: ``dns_cache`` is the resolvers' cache; the second request for a name within its TTL is
      a cache hit (client → resolver → client).
    * Rotation: ``rotation[(load balancer, target group)]`` counts the connections that load
      balancer has forwarded to that group in this session. Request *k* (0-based) goes to
      ``pool[k mod len(pool)]``, where pool = the healthy targets in enabled AZs (all of them
      when none is healthy: fail-open), interleaved by AZ starting with the AZ of the load
      balancer's first node: a1, b1, a2, b2, ... So the first request goes to the same target
      ``trace`` picks, and successive ones alternate AZs round-robin.
    * Entry node: ``rotation[(load balancer, "entry node")]`` counts the requests that reached
      that load balancer (directly or as CloudFront's origin; not edge-cache hits). Request *k*
      enters through node ``k mod (number of nodes)`` (``trace(..., entry_subnet=...)``), so the
      entry AZ alternates too and, with one target per AZ, matches the target's AZ.
    * Edge cache: off by default (``edge_cache=False``: every request is a cache miss, as for a
      dynamic page with caching disabled, so the origin and the rotation are always visible).
      With ``edge_cache=True`` a successful (200) response fetched through CloudFront is kept at
      the edge for ``edge_ttl`` seconds (default 86400, CloudFront's default TTL), keyed by
      (distribution, path); a request for the same path before it expires is served from the
      edge without touching the origin, and the rotation does not advance.
    """

    dns_cache: DnsCache = field(default_factory=DnsCache)
    now: float = 0.0
    interval: float = DEFAULT_INTERVAL
    edge_cache: bool = False
    edge_ttl: float = DEFAULT_EDGE_TTL
    follow_redirects: bool = True
    rotation: dict[tuple[str, str], int] = field(default_factory=dict)
    edge_objects: dict[tuple[str, str], float] = field(default_factory=dict)
    count: int = 0

    def __post_init__(self) -> None:
        if self.interval < 0:
            raise RequestInputError(f"session interval {self.interval}: must be 0 or more seconds")
        if self.edge_ttl < 0:
            raise RequestInputError(f"edge cache TTL {self.edge_ttl}: must be 0 or more seconds")


@dataclass(frozen=True)
class Url:
    """A parsed URL: scheme http/https, host in lower case, port (explicit or from the scheme)."""

    text: str
    scheme: str
    host: str
    port: int
    path: str
    explicit_port: bool

    def with_scheme(self, scheme: str, port: int | None = None) -> Url:
        default = 443 if scheme == "https" else 80
        port = default if port is None else port
        shown = "" if port == default else f":{port}"
        return Url(f"{scheme}://{self.host}{shown}{self.path}", scheme, self.host, port, self.path,
                   port != default)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "scheme": self.scheme, "host": self.host, "port": self.port, "path": self.path}


@dataclass
class RequestStep:
    """One step of the flow; a step with a trace is a leg (one connection traced both ways)."""

    kind: str
    source: str
    destination: str
    explanation: str
    reachable: bool | None = None
    trace: Trace | None = None
    dns: DnsLookup | None = None
    url: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "from": self.source, "to": self.destination, "url": self.url,
                "reachable": self.reachable, "explanation": self.explanation,
                "dns": self.dns.to_json() if self.dns else None,
                "trace": self.trace.to_json() if self.trace else None}


@dataclass
class RequestResult:
    """Everything one request did; ``to_json`` is the CLI's ``--json`` output (schema in request_schema)."""

    url: Url
    client: str
    time: float
    outcome: str = "unknown"
    status: int | None = None
    client_sees: str = "unknown"
    reachable: bool | None = None
    failed_step: int | None = None
    served_by: str | None = None
    edge_cache: str = "off"
    target_choice: str | None = None
    dns: DnsLookup | None = None
    steps: list[RequestStep] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    narration: str = ""

    @property
    def legs(self) -> list[RequestStep]:
        """The steps that are connections (each with its trace)."""
        return [s for s in self.steps if s.trace is not None]

    @property
    def failed(self) -> RequestStep | None:
        return self.steps[self.failed_step] if self.failed_step is not None else None

    def headline(self) -> str:
        word = {"served": "SERVED", "redirect": "REDIRECT", "fixed-response": "FIXED RESPONSE",
                "http-error": "HTTP ERROR", "timeout": "TIMEOUT", "dns-failure": "DNS FAILURE",
                "unknown": "UNKNOWN"}[self.outcome]
        return f"{word} — {self.client} → {self.url.text}; client sees: {self.client_sees}"

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url.to_json(), "client": self.client, "time": self.time, "outcome": self.outcome,
            "status": self.status, "client_sees": self.client_sees, "reachable": self.reachable,
            "failed_step": self.failed_step, "served_by": self.served_by, "edge_cache": self.edge_cache,
            "target_choice": self.target_choice,
            "dns": self.dns.to_json() if self.dns else None,
            "steps": [s.to_json() for s in self.steps], "redirects": list(self.redirects),
            "narration": self.narration,
        }
