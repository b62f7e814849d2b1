"""Validated scalar types shared by every resource: ids, addresses, CIDRs, protocols, ports.

Values are stored as plain strings/ints (so JSON stays readable and diffs stay clean) but are
checked and canonicalised on the way in, the way AWS canonicalises them
(10.0.1.5/24 is stored as 10.0.1.0/24).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127}$"
_ID_RE = re.compile(ID_PATTERN)

# Placeholder for a value only AWS knows after deployment (an allocated public IP, an IPv6 block).
ALLOCATED = "allocated"


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(
            f"{value!r} is not a valid id: use letters, digits, '.', '_', ':' or '-' (max 128)"
        )
    return value


def _ipv4_address(value: str) -> str:
    try:
        return str(ipaddress.IPv4Address(value.strip()))
    except (ipaddress.AddressValueError, AttributeError):
        raise ValueError(f"{value!r} is not an IPv4 address") from None


def _ipv6_address(value: str) -> str:
    try:
        return str(ipaddress.IPv6Address(value.strip()))
    except (ipaddress.AddressValueError, AttributeError):
        raise ValueError(f"{value!r} is not an IPv6 address") from None


def _ipv4_or_allocated(value: str) -> str:
    if value == ALLOCATED:
        return value
    return _ipv4_address(value)


def _ip_address(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except (ValueError, AttributeError):
        raise ValueError(f"{value!r} is not an IP address") from None


def _ipv4_cidr(value: str) -> str:
    try:
        return str(ipaddress.IPv4Network(value.strip(), strict=False))
    except (ValueError, AttributeError):
        raise ValueError(f"{value!r} is not an IPv4 CIDR block (like 10.0.0.0/16)") from None


def _ipv6_cidr(value: str) -> str:
    if value == ALLOCATED:
        return value
    try:
        return str(ipaddress.IPv6Network(value.strip(), strict=False))
    except (ValueError, AttributeError):
        raise ValueError(f"{value!r} is not an IPv6 CIDR block (like 2600:1f18::/56)") from None


def _any_cidr(value: str) -> str:
    try:
        return str(ipaddress.ip_network(value.strip(), strict=False))
    except (ValueError, AttributeError):
        raise ValueError(f"{value!r} is not a CIDR block (like 0.0.0.0/0 or ::/0)") from None


ResourceId = Annotated[str, AfterValidator(_check_id), Field(json_schema_extra={"pattern": ID_PATTERN})]
IPv4 = Annotated[str, AfterValidator(_ipv4_address), Field(description="IPv4 address")]
IPv4OrAllocated = Annotated[
    str,
    AfterValidator(_ipv4_or_allocated),
    Field(description=f"IPv4 address, or '{ALLOCATED}' when AWS assigns it at deployment"),
]
IPv6 = Annotated[str, AfterValidator(_ipv6_address), Field(description="IPv6 address")]
IPAddress = Annotated[str, AfterValidator(_ip_address), Field(description="IPv4 or IPv6 address")]
IPv4Cidr = Annotated[str, AfterValidator(_ipv4_cidr), Field(description="IPv4 CIDR block")]
IPv6Cidr = Annotated[
    str, AfterValidator(_ipv6_cidr), Field(description=f"IPv6 CIDR block or '{ALLOCATED}'")
]
Cidr = Annotated[str, AfterValidator(_any_cidr), Field(description="IPv4 or IPv6 CIDR block")]
Port = Annotated[int, Field(ge=0, le=65535)]

# Protocol names the app shows; anything else is stored as its IANA number ("47").
PROTOCOL_NUMBERS: dict[str, int] = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58}
PROTOCOL_NAMES: dict[int, str] = {v: k for k, v in PROTOCOL_NUMBERS.items()}


def normalise_protocol(value: Any) -> str:
    """Accept AWS spellings (-1, "6", "TCP", 6, "all") and return "all", a name, or a number."""
    text = str(value).strip().lower()
    if text in ("-1", "all", "any", "*"):
        return "all"
    if text in PROTOCOL_NUMBERS:
        return text
    if text.isdigit():
        number = int(text)
        if not 0 <= number <= 255:
            raise ValueError(f"protocol number {number} is outside 0-255")
        return PROTOCOL_NAMES.get(number, str(number))
    raise ValueError(f"{value!r} is not a protocol: use tcp, udp, icmp, icmpv6, all or a number")


def protocol_number(protocol: str) -> int:
    """-1 for "all", else the IANA number."""
    if protocol == "all":
        return -1
    return PROTOCOL_NUMBERS.get(protocol) or int(protocol)


Protocol = Annotated[
    str,
    BeforeValidator(normalise_protocol),
    Field(description="tcp, udp, icmp, icmpv6, all, or an IANA protocol number"),
]


def is_ipv6(cidr_or_address: str) -> bool:
    return ":" in cidr_or_address
