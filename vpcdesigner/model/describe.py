"""Plain-language one-liners for rules, shared by the inspector, the checks and the simulator."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .security import NaclRule, SgRule

WELL_KNOWN_PORTS = {22: "SSH", 53: "DNS", 80: "HTTP", 443: "HTTPS", 3389: "RDP", 5432: "PostgreSQL", 3306: "MySQL"}


def describe_ports(protocol: str, port_from: int | None, port_to: int | None,
                   icmp_type: int | None = None, icmp_code: int | None = None) -> str:
    if protocol == "all":
        return "all traffic"
    if protocol in ("icmp", "icmpv6"):
        if icmp_type is None or icmp_type == -1:
            return f"{protocol.upper()} (all types)"
        code = "" if icmp_code is None or icmp_code == -1 else f" code {icmp_code}"
        return f"{protocol.upper()} type {icmp_type}{code}"
    if protocol not in ("tcp", "udp"):
        return f"protocol {protocol}"
    proto = protocol.upper()
    if port_from is None or (port_from == 0 and port_to == 65535):
        return f"{proto} all ports"
    if port_from == port_to:
        name = WELL_KNOWN_PORTS.get(port_from)
        return f"{proto} {port_from}" + (f" ({name})" if name else "")
    return f"{proto} {port_from}-{port_to}"


def describe_nacl_rule(rule: NaclRule) -> str:
    what = describe_ports(rule.protocol, rule.port_from, rule.port_to, rule.icmp_type, rule.icmp_code)
    return f"{rule.action} {what} {rule.cidr}"


def describe_sg_rule(rule: SgRule) -> str:
    what = describe_ports(rule.protocol, rule.port_from, rule.port_to, rule.icmp_type, rule.icmp_code)
    return f"{what} with {rule.peer}"
