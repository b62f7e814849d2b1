"""Published JSON Schema of `vpcdesigner resolve --json` (``DnsLookup.to_json()``) and of `--twice`.

Built from the same vocabularies the lookup uses, so a new step kind cannot slip into the output
without the schema knowing it. `vpcdesigner schema` can publish these as "resolve" and
"resolve-twice".
"""

from __future__ import annotations

from typing import Any

from .dns_types import QUERY_TYPES, RCODES, RESULTS, STEP_KINDS, VERDICTS

_NULLABLE_STR: dict[str, Any] = {"type": ["string", "null"]}

_COMPONENT: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "kind", "address"],
    "additionalProperties": False,
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"},
                   "address": _NULLABLE_STR},
}

_RECORD: dict[str, Any] = {
    "type": "object",
    "required": ["name", "type", "ttl", "value", "alias_target"],
    "additionalProperties": False,
    "properties": {"name": {"type": "string"}, "type": {"type": "string"}, "ttl": {"type": "integer", "minimum": 0},
                   "value": {"type": "string"}, "alias_target": _NULLABLE_STR},
}

_STEP: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "from", "to", "query", "returned", "verdict", "explanation"],
    "additionalProperties": False,
    "properties": {
        "kind": {"enum": list(STEP_KINDS)},
        "from": _COMPONENT,
        "to": _COMPONENT,
        "query": {"type": "object", "required": ["name", "type"], "additionalProperties": False,
                  "properties": {"name": {"type": "string"}, "type": {"type": "string"}}},
        "returned": {
            "type": "object",
            "required": ["referral", "referral_zone", "records", "alias_target", "cname", "negative_ttl"],
            "additionalProperties": False,
            "properties": {
                "referral": {"type": "array", "items": {"type": "string"}},
                "referral_zone": _NULLABLE_STR,
                "records": {"type": "array", "items": _RECORD},
                "alias_target": _NULLABLE_STR,
                "cname": _NULLABLE_STR,
                "negative_ttl": {"type": ["integer", "null"]},
            },
        },
        "verdict": {"enum": list(VERDICTS)},
        "explanation": {"type": "string", "minLength": 1},
    },
}

DNS_LOOKUP_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "vpcdesigner resolve --json",
    "description": "One DNS lookup through the design, step by step (vpcdesigner.sim.dns.resolve).",
    "type": "object",
    "required": ["name", "type", "client", "resolver", "result", "rcode", "addresses", "answers", "ttl", "cached",
                 "explanation", "now", "steps"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "type": {"enum": list(QUERY_TYPES)},
        "client": _COMPONENT,
        "resolver": _COMPONENT,
        "result": {"enum": list(RESULTS)},
        "rcode": {"enum": [*RCODES, None],
                  "description": "null = no response (the query times out), or unknown for outside-design"},
        "addresses": {"type": "array", "items": {"type": "string"}},
        "answers": {"type": "array", "items": _RECORD},
        "ttl": {"type": ["integer", "null"], "description": "answer TTL, negative-caching TTL, or seconds left"},
        "cached": {"type": "boolean"},
        "explanation": {"type": "string"},
        "now": {"type": "number"},
        "steps": {"type": "array", "items": _STEP, "minItems": 1},
    },
}

RESOLVE_TWICE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "vpcdesigner resolve --twice --json",
    "type": "object",
    "required": ["lookups"],
    "additionalProperties": False,
    "properties": {"lookups": {"type": "array", "items": {k: v for k, v in DNS_LOOKUP_SCHEMA.items()
                                                          if not k.startswith("$")}}},
}

SCHEMAS: dict[str, dict[str, Any]] = {"resolve": DNS_LOOKUP_SCHEMA, "resolve-twice": RESOLVE_TWICE_SCHEMA}
