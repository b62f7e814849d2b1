"""Published JSON Schema of `vpcdesigner request --json` (``RequestResult.to_json()``) and of `--repeat N`.

Built from the vocabularies the flow uses (step kinds, outcomes, hop kinds, DNS schema), so a new
value cannot slip into the output without the schema knowing it. The embedded trace shape follows
results.py (the `trace --json` contract of issue 3).
"""

from __future__ import annotations

from typing import Any

from .dns_schema import DNS_LOOKUP_SCHEMA
from .request_types import EDGE_CACHE_STATES, OUTCOMES, STEP_KINDS
from .results import KINDS

_STR: dict[str, Any] = {"type": "string"}
_NULLABLE_STR: dict[str, Any] = {"type": ["string", "null"]}
_PORT: dict[str, Any] = {"type": ["integer", "null"], "minimum": 0, "maximum": 65535}


def _obj(props: dict[str, Any], required: list[str] | None = None, extra: bool = False) -> dict[str, Any]:
    return {"type": "object", "required": required if required is not None else list(props),
            "additionalProperties": extra, "properties": props}


_PACKET = _obj({
    "src": _STR, "dst": _STR, "protocol": _STR, "src_port": _PORT, "dst_port": _PORT,
    "icmp_type": {"type": ["integer", "null"]}, "icmp_code": {"type": ["integer", "null"]},
    "src_port_range": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
    "dst_port_range": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
}, required=["src", "dst", "protocol", "src_port", "dst_port", "icmp_type", "icmp_code"])

_RULE = {"type": ["object", "null"], "required": ["number", "action", "text"], "additionalProperties": False,
         "properties": {"number": {"type": ["integer", "string", "null"]}, "action": _STR, "text": _STR}}

_HOP = _obj({
    "component": _STR, "name": _STR, "kind": {"enum": list(KINDS)}, "check": _STR,
    "verdict": {"enum": ["pass", "block", "info"]}, "rule": _RULE, "packet_in": _PACKET, "packet_out": _PACKET,
    "code": _NULLABLE_STR, "reason": _NULLABLE_STR, "explanation": _STR,
})

_LEG = _obj({"from": _STR, "to": _STR, "reachable": {"type": ["boolean", "null"]},
             "forward_hops": {"type": "array", "items": {"type": "integer", "minimum": 0}},
             "return_hops": {"type": "array", "items": {"type": "integer", "minimum": 0}},
             "description": _STR})

_BLOCKED = {"type": ["object", "null"], "additionalProperties": False,
            "required": ["component", "name", "kind", "direction", "leg", "code", "reason", "explanation"],
            "properties": {"component": _STR, "name": _STR, "kind": {"enum": list(KINDS)},
                           "direction": {"enum": ["forward", "return"]}, "leg": {"type": "integer", "minimum": 0},
                           "code": _NULLABLE_STR, "reason": _NULLABLE_STR, "explanation": _STR}}

TRACE_SCHEMA: dict[str, Any] = _obj({
    "source": _STR, "destination": _STR, "packet": _PACKET, "reachable": {"type": ["boolean", "null"]},
    "reason": _STR, "forward": {"type": "array", "items": _HOP}, "return": {"type": "array", "items": _HOP},
    "legs": {"type": "array", "items": _LEG}, "client_sees": _STR, "blocked": _BLOCKED,
    "notes": {"type": "array", "items": _STR},
})

_DNS = {k: v for k, v in DNS_LOOKUP_SCHEMA.items() if not k.startswith("$") and k not in ("title", "description")}

_STEP = _obj({
    "kind": {"enum": list(STEP_KINDS)}, "from": _STR, "to": _STR, "url": _STR,
    "reachable": {"type": ["boolean", "null"]}, "explanation": {"type": "string", "minLength": 1},
    "dns": {"anyOf": [{"type": "null"}, _DNS]},
    "trace": {"anyOf": [{"type": "null"}, TRACE_SCHEMA]},
})

_URL = _obj({"text": _STR, "scheme": {"enum": ["http", "https"]}, "host": _STR,
             "port": {"type": "integer", "minimum": 1, "maximum": 65535}, "path": _STR})

REQUEST_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "vpcdesigner request --json",
    "description": "One simulated browser request through the design (vpcdesigner.sim.request.request): "
                   "DNS lookup, then one traced leg per connection, and what the client sees.",
    **_obj({
        "url": _URL, "client": _STR, "time": {"type": "number", "minimum": 0},
        "outcome": {"enum": list(OUTCOMES)},
        "status": {"type": ["integer", "null"], "description": "HTTP status the client gets, null if none"},
        "client_sees": _STR,
        "reachable": {"type": ["boolean", "null"]},
        "failed_step": {"type": ["integer", "null"], "minimum": 0, "description": "index into steps"},
        "served_by": _NULLABLE_STR,
        "edge_cache": {"enum": list(EDGE_CACHE_STATES)},
        "target_choice": _NULLABLE_STR,
        "dns": {"anyOf": [{"type": "null"}, _DNS]},
        "steps": {"type": "array", "items": _STEP},
        "redirects": {"type": "array", "items": _STR},
        "narration": {"type": "string", "minLength": 1},
    }),
}

REQUEST_REPEAT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "vpcdesigner request --repeat N --json",
    **_obj({"requests": {"type": "array", "minItems": 1,
                         "items": {k: v for k, v in REQUEST_SCHEMA.items() if not k.startswith("$")}}}),
}

SCHEMAS: dict[str, dict[str, Any]] = {"request": REQUEST_SCHEMA, "request-repeat": REQUEST_REPEAT_SCHEMA}
