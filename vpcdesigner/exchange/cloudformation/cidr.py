"""``Fn::Cidr``: carve equal subnets from the start of an address block."""

from __future__ import annotations

import ipaddress


def cidr_subnets(block: str, count: int, host_bits: int) -> list[str]:
    """The first ``count`` subnets of ``block`` with ``host_bits`` host bits each.

    Raises ValueError with a readable reason if the block cannot hold them.

    >>> cidr_subnets("10.0.0.0/16", 3, 8)
    ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']
    >>> cidr_subnets("2001:db8:0:100::/56", 2, 64)
    ['2001:db8:0:100::/64', '2001:db8:0:101::/64']
    """
    try:
        network = ipaddress.ip_network(block.strip(), strict=False)
    except ValueError:
        raise ValueError(f"{block!r} is not an IP address block") from None
    if not 1 <= count <= 256:
        raise ValueError(f"count must be between 1 and 256, not {count}")
    width = network.max_prefixlen
    if not 0 < host_bits <= width:
        raise ValueError(f"cidrBits must be between 1 and {width}, not {host_bits}")
    prefix = width - host_bits
    if prefix < network.prefixlen:
        raise ValueError(f"/{prefix} subnets do not fit in {network}")
    available = 2 ** (prefix - network.prefixlen)
    if count > available:
        raise ValueError(f"{network} holds only {available} /{prefix} subnets, not {count}")
    start = int(network.network_address)
    step = 2**host_bits
    address = type(network.network_address)
    return [f"{address(start + i * step)}/{prefix}" for i in range(count)]
