"""Which row of which rule table decided a step: (resource id, field, row) for the inspector.

The tracer reports the matched rule as text; this finds the same rule in the design so the
inspector can select (highlight) it. Plain Python, no Qt.
"""

from __future__ import annotations

from vpcdesigner.model import Design
from vpcdesigner.model.describe import describe_ports

from .steps import SimStep


def _direction(step: SimStep) -> str:
    return "inbound" if "inbound" in step.check else "outbound"


def rule_location(design: Design, step: SimStep) -> tuple[str, str, int] | None:
    """(resource id, table field, row) of the step's matched rule, or None (no table row decided it)."""
    res = design.resources.get(step.component)
    if res is None or not step.rule:
        return None
    if step.kind == "network-acl" and isinstance(step.rule_number, int):
        field = _direction(step)
        for row, rule in enumerate(getattr(res, field, ())):
            if rule.number == step.rule_number:
                return res.id, field, row
        return None
    if step.kind == "security-group":
        field = _direction(step)
        best: tuple[int, int] | None = None
        for row, rule in enumerate(getattr(res, field, ())):
            ports = describe_ports(rule.protocol, rule.port_from, rule.port_to, rule.icmp_type, rule.icmp_code)
            peer = rule.cidr or rule.prefix_list or rule.security_group or ""
            score = (ports in step.rule) + (bool(peer) and peer in step.rule)
            if score and (best is None or score > best[0]):
                best = (score, row)
        return (res.id, field, best[1]) if best else None
    if step.kind == "route-table":
        destination = step.rule.split(" → ", 1)[0].strip()
        for row, route in enumerate(getattr(res, "routes", ())):
            if destination in (route.destination, route.destination_prefix_list):
                return res.id, "routes", row
    return None
