"""A recursive resolver's cache: answers, NXDOMAIN/NODATA and delegations, each until its TTL runs out.

One object can serve several resolvers: entries are keyed by (resolver id, name, type), so the
ISP resolver's cache never answers a query sent to a VPC resolver. Time is the caller's ``now``
(seconds), which keeps the simulation deterministic and lets a lesson jump past a TTL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .dns_types import Record

# How long resolvers keep referrals (NS records of TLDs and hosted zones): the TLD's NS TTL for a
# delegation is typically two days (R53-HOW), which is why steps 2-3 are skipped next time.
NS_TTL = 172800


@dataclass(frozen=True)
class CacheEntry:
    """A cached outcome: records (positive), or a negative answer with its rcode."""

    result: str
    rcode: str | None
    records: tuple[Record, ...]
    addresses: tuple[str, ...]
    stored_at: float
    expires_at: float

    def remaining(self, now: float) -> int:
        return max(int(self.expires_at - now), 0)


@dataclass
class DnsCache:
    """Per-resolver cache keyed by (resolver, name, type); NS referrals are stored with type "NS"."""

    entries: dict[tuple[str, str, str], CacheEntry] = field(default_factory=dict)
    delegations: dict[tuple[str, str], tuple[tuple[str, ...], float]] = field(default_factory=dict)

    def get(self, resolver: str, name: str, rtype: str, now: float) -> CacheEntry | None:
        """The live entry, or None; an expired entry is dropped on the way."""
        key = (resolver, name, rtype)
        entry = self.entries.get(key)
        if entry is None:
            return None
        if now >= entry.expires_at:
            del self.entries[key]
            return None
        return entry

    def put(self, resolver: str, name: str, rtype: str, entry: CacheEntry) -> None:
        if entry.expires_at > entry.stored_at:  # TTL 0 means "do not cache"
            self.entries[(resolver, name, rtype)] = entry

    def name_servers(self, resolver: str, zone: str, now: float) -> tuple[str, ...] | None:
        """Cached NS names for a zone (or TLD), or None when unknown or expired."""
        hit = self.delegations.get((resolver, zone))
        if hit is None:
            return None
        names, expires = hit
        if now >= expires:
            del self.delegations[(resolver, zone)]
            return None
        return names

    def put_name_servers(self, resolver: str, zone: str, names: tuple[str, ...], now: float,
                         ttl: int = NS_TTL) -> None:
        self.delegations[(resolver, zone)] = (names, now + ttl)

    def clear(self) -> None:
        self.entries.clear()
        self.delegations.clear()

    def __len__(self) -> int:
        return len(self.entries)
