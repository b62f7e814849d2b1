"""Plain sentences for hops: short, concrete, read aloud in class ("who stopped the packet, why")."""

from __future__ import annotations

from .results import Packet
from .rules import ICMP6_NAMES, ICMP_NAMES, NaclDecision


def traffic(pkt: Packet) -> str:
    """"TCP port 443", "UDP port 53", "ICMP echo request", "protocol 47"."""
    if pkt.protocol in ("tcp", "udp"):
        if pkt.dst_port_range:
            lo, hi = pkt.dst_port_range
            return f"{pkt.protocol.upper()} to a port in {lo}-{hi}"
        return f"{pkt.protocol.upper()} port {pkt.dst_port}"
    if pkt.protocol == "icmp":
        name = ICMP_NAMES.get(pkt.icmp_type or 0, f"type {pkt.icmp_type} code {pkt.icmp_code}")
        return f"ICMP {name}"
    if pkt.protocol == "icmpv6":
        name = ICMP6_NAMES.get(pkt.icmp_type or 0, f"type {pkt.icmp_type} code {pkt.icmp_code}")
        return f"ICMPv6 {name}"
    if pkt.protocol == "all":
        return "all traffic"
    return f"IP protocol {pkt.protocol}"


def nacl_sentence(nacl: str, subnet: str, inbound: bool, pkt: Packet, d: NaclDecision, reply: bool) -> str:
    """E.g. "Network ACL web-acl stops the reply leaving subnet public-a: no rule allows TCP ..."."""
    what = "the reply" if reply else "the packet"
    move = f"into subnet {subnet}" if inbound else f"out of subnet {subnet}"
    peer = f"from {pkt.src}" if inbound else f"to {pkt.dst}"
    stateless = " (network ACLs are stateless, so the reply is checked again)" if reply else ""
    if d.allowed:
        return f"Network ACL {nacl} lets {what} {move}: rule {d.rule.number} ({d.rule.text}) matches{stateless}."
    if d.rule.number == "*":
        part = ", and AWS may pick any port of that range while only part of it is allowed" if d.partial else ""
        return (f"Network ACL {nacl} stops {what} {move}: no rule allows {traffic(pkt)} {peer}, so the "
                f"final * rule denies it{part}{stateless}.")
    return (f"Network ACL {nacl} stops {what} {move}: rule {d.rule.number} ({d.rule.text}) is the first "
            f"match and it denies {traffic(pkt)} {peer}{stateless}.")


def sg_sentence(host: str, groups: str, inbound: bool, pkt: Packet, rule_text: str, allowed: bool) -> str:
    peer = f"from {pkt.src}" if inbound else f"to {pkt.dst}"
    move = f"in to {host}" if inbound else f"out of {host}"
    if allowed:
        return f"Security group rule \u201c{rule_text}\u201d lets {traffic(pkt)} {peer} {move}."
    return (f"No rule in security group {groups} allows {traffic(pkt)} {peer}, so the packet may not "
            f"go {move} (security groups only allow: anything not allowed is dropped).")
