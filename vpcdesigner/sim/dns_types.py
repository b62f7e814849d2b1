"""The result of a DNS lookup: components, steps, records, and the fixed vocabularies they use.

Kept apart from the resolver logic so the simulation panel, the CLI and the JSON schema can all
import the shapes without pulling in the lookup machinery.

Step kinds (``Step.kind``), in the order a full lookup shows them:

* ``query``          client → its recursive resolver (the stub's question).
* ``referral-root``  resolver → root name servers; they return the TLD's name servers.
* ``referral-tld``   resolver → TLD name servers; they return the zone's four Route 53 name servers.
* ``referral-zone``  resolver → a parent hosted zone that delegates a child zone (NS record).
* ``authoritative``  resolver → the name servers that hold the answer (a public hosted zone, an
  AWS-managed zone such as cloudfront.net), or the VPC resolver → a private hosted zone.
* ``alias``          Route 53 resolves an alias record: to a load balancer, a CloudFront
  distribution, or another record in the same zone.
* ``cname``          a CNAME is followed to its target name.
* ``vpc-name``       the VPC resolver answers an Amazon-provided EC2 host name itself.
* ``outside-design`` the name is in no hosted zone of the design: nothing more can be said.
* ``reply``          resolver → client with the final answer.

Step verdicts (``Step.verdict``): ``query`` (passed on, no outcome yet), ``referral``, ``answer``,
``cache-hit``, ``nxdomain``, ``no-answer``, ``outside-design``, ``error``.

Lookup results (``DnsLookup.result``): ``answer``, ``nxdomain``, ``no-answer`` (no record of that
type, or no response at all), ``outside-design``, ``error`` (a CNAME/alias loop).
``DnsLookup.rcode`` is the DNS response code the client sees: ``NOERROR``, ``NXDOMAIN``,
``SERVFAIL``, or ``None`` when no response comes back (the query times out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

StepKind = Literal[
    "query", "referral-root", "referral-tld", "referral-zone", "authoritative", "alias", "cname",
    "vpc-name", "outside-design", "reply",
]
Verdict = Literal["query", "referral", "answer", "cache-hit", "nxdomain", "no-answer", "outside-design", "error"]
Result = Literal["answer", "nxdomain", "no-answer", "outside-design", "error"]
Rcode = Literal["NOERROR", "NXDOMAIN", "SERVFAIL"]

STEP_KINDS: tuple[str, ...] = (
    "query", "referral-root", "referral-tld", "referral-zone", "authoritative", "alias", "cname",
    "vpc-name", "outside-design", "reply",
)
VERDICTS: tuple[str, ...] = ("query", "referral", "answer", "cache-hit", "nxdomain", "no-answer", "outside-design",
                             "error")
RESULTS: tuple[str, ...] = ("answer", "nxdomain", "no-answer", "outside-design", "error")
RCODES: tuple[str, ...] = ("NOERROR", "NXDOMAIN", "SERVFAIL")
QUERY_TYPES: tuple[str, ...] = ("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SOA")


class DnsInputError(ValueError):
    """A lookup question the design cannot answer as asked (unknown client, bad name or type)."""


@dataclass(frozen=True)
class Component:
    """One box the lookup touches. ``id`` is a design id, or a pseudo id for things outside it
    (``dns-root``, ``dns-tld:<tld>``, ``default-resolver``, ``aws-zone:<zone>``) so the canvas can
    fall back on ``kind`` to decide what to highlight."""

    id: str
    name: str
    kind: str
    address: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "address": self.address}


@dataclass(frozen=True)
class Record:
    """A resource record as a resolver sees it (an alias shows up as its type, A or AAAA)."""

    name: str
    type: str
    ttl: int
    value: str
    alias_target: str | None = None

    def text(self) -> str:
        via = f" (alias → {self.alias_target})" if self.alias_target else ""
        return f"{self.name} {self.ttl} {self.type} {self.value}{via}"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "ttl": self.ttl, "value": self.value,
                "alias_target": self.alias_target}


@dataclass(frozen=True)
class Returned:
    """What one step handed back: referral name servers, records, an alias target, a CNAME."""

    referral: tuple[str, ...] = ()
    referral_zone: str | None = None
    records: tuple[Record, ...] = ()
    alias_target: str | None = None
    cname: str | None = None
    negative_ttl: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"referral": list(self.referral), "referral_zone": self.referral_zone,
                "records": [r.to_json() for r in self.records], "alias_target": self.alias_target,
                "cname": self.cname, "negative_ttl": self.negative_ttl}


@dataclass(frozen=True)
class Step:
    kind: str
    source: Component
    target: Component
    name: str
    type: str
    returned: Returned
    verdict: str
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "from": self.source.to_json(), "to": self.target.to_json(),
                "query": {"name": self.name, "type": self.type}, "returned": self.returned.to_json(),
                "verdict": self.verdict, "explanation": self.explanation}


@dataclass
class DnsLookup:
    """Everything one lookup did and found; ``to_json`` is the CLI's ``--json`` output."""

    name: str
    type: str
    client: Component
    resolver: Component
    steps: list[Step] = field(default_factory=list)
    answers: list[Record] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    result: str = "no-answer"
    rcode: str | None = None
    ttl: int | None = None
    cached: bool = False
    explanation: str = ""
    now: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "type": self.type, "client": self.client.to_json(),
            "resolver": self.resolver.to_json(), "result": self.result, "rcode": self.rcode,
            "addresses": list(self.addresses), "answers": [r.to_json() for r in self.answers],
            "ttl": self.ttl, "cached": self.cached, "explanation": self.explanation, "now": self.now,
            "steps": [s.to_json() for s in self.steps],
        }
