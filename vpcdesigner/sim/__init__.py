"""Packet-trace simulation (Qt-free): `trace(design, source, destination, ...)` → `Trace`.

See trace.py for the documented fixed choices (source ports, entry node, target selection) and
results.py for the result fields and the `kind` vocabulary.
"""

from .results import KINDS, Blocked, Hop, Leg, Packet, RuleRef, Trace
from .topology import Topology, topology
from .trace import TraceInputError, trace

__all__ = ["KINDS", "Blocked", "Hop", "Leg", "Packet", "RuleRef", "Topology", "Trace", "TraceInputError",
           "topology", "trace"]
