"""One connection of a trace (a *leg*): the forward walk, then the reply walk, and where it failed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .gateways import Walker
from .results import Hop, Packet
from .topology import Eni, Topology
from .walk import Place, Session, Stop


@dataclass
class LegRun:
    source: str
    destination: str
    description: str
    forward: list[Hop] = field(default_factory=list)
    back: list[Hop] = field(default_factory=list)
    ok: bool = False
    failed_direction: str | None = None
    unknown: str | None = None
    uncertain: list[str] = field(default_factory=list)
    block_uncertain: bool = False


@dataclass
class Run:
    topo: Topology
    hyp: list[Eni]
    legs: list[LegRun] = field(default_factory=list)
    walker: type[Walker] = Walker

    def leg(self, source: str, destination: str, description: str, pkt: Packet,
            send: Callable[[Walker, Packet], Place], arrived: Callable[[Walker, Place], Place | None],
            reply: Callable[[Walker, Place, Packet], Place], back_ok: Callable[[Place], bool]) -> Place | None:
        """Walk one connection: forward, then (if delivered) the reply. Returns the far end."""
        run = LegRun(source, destination, description)
        self.legs.append(run)
        sessions: dict[str, Session] = {}
        fwd = self.walker(self.topo, reply=False, sessions=sessions, hypothetical=self.hyp)
        try:
            place = send(fwd, pkt)
            end = arrived(fwd, place)
        except Stop:
            run.forward, run.failed_direction = fwd.hops, "forward"
            run.uncertain = fwd.uncertain
            run.block_uncertain = bool(fwd.uncertain) and fwd.uncertain[-1] == _last_check(fwd)
            return None
        run.uncertain = list(fwd.uncertain)
        run.forward = fwd.hops
        if end is None:
            return None
        final = fwd.hops[-1].packet_out if fwd.hops else pkt
        back = self.walker(self.topo, reply=True, sessions=sessions, hypothetical=self.hyp)
        try:
            home = reply(back, end, final.reply())
            if not back_ok(home):
                raise back.block(home.component or "internet", "internet", "delivery",
                                 f"The reply is delivered to {home.address}, not to the client that sent the "
                                 "request (AWS routes replies by the route tables, not back the way they came).",
                                 back.hops[-1].packet_out if back.hops else final.reply(), None, "RETURN_PATH")
            got = back.hops[-1].packet_out if back.hops else None
            if got is not None and got.src != pkt.dst:
                raise back.block(home.component or "internet", _PLACE_KINDS.get(home.kind, "internet"), "delivery",
                                 f"The reply reaches {got.dst} from {got.src}, but the connection was opened to "
                                 f"{pkt.dst}: the client does not recognise it and drops it (the reply left another "
                                 "way than the request came in, e.g. through a NAT gateway instead of the internet "
                                 "gateway; semantics §1.2).", got, None, "RETURN_PATH")
        except Stop:
            run.back, run.failed_direction = back.hops, "return"
            run.uncertain += back.uncertain
            run.block_uncertain = bool(back.uncertain) and back.uncertain[-1] == _last_check(back)
            return None
        run.back, run.ok = back.hops, True
        run.uncertain += back.uncertain
        return end


_PLACE_KINDS = {"eni": "instance", "on-premises": "on-premises", "cloudfront": "cloudfront", "internet": "internet"}


def _last_check(w: Walker) -> str | None:
    """The uncertainty label the blocking hop would have recorded (to tell if it was uncertain)."""
    if not w.hops:
        return None
    hop = w.hops[-1]
    direction = "inbound" if "inbound" in hop.check else "outbound"
    if hop.kind == "network-acl":
        return f"network ACL {hop.name} {direction}"
    if hop.kind == "security-group":
        return next((u for u in w.uncertain if u.startswith(f"security group {direction}")), None)
    return None
