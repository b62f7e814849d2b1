"""Run a saved `Scenario` (connection, DNS lookup or user request) into steps plus a verdict.

Plain Python (no Qt) so the what-if re-runs and the benchmark use exactly what the panel shows.
A user request uses `vpcdesigner.sim.request` when it is installed; until then it is shown as
what it is made of: the DNS lookup of the URL's host, then the connection to the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from vpcdesigner.model import Design, Scenario
from vpcdesigner.sim import Trace, trace
from vpcdesigner.sim.dns import DnsCache, DnsLookup, resolve

from .steps import KIND_LABEL, SimStep, from_dns, from_trace, number

try:  # the request engine is written alongside this panel; fall back to DNS + trace without it
    from vpcdesigner.sim import request as _request_module
except ImportError:  # pragma: no cover - depends on what is installed
    _request_module = None  # type: ignore[assignment]

HAS_REQUEST_ENGINE = _request_module is not None and hasattr(_request_module, "request")


@dataclass
class Run:
    """What one scenario did: its steps, the verdict ("reachable", "blocked", "answer", "error"…)."""

    scenario: Scenario
    steps: list[SimStep] = field(default_factory=list)
    verdict: str = "error"
    where: str = ""
    summary: str = ""
    error: str | None = None
    trace: Trace | None = None
    lookup: DnsLookup | None = None

    @property
    def ok(self) -> bool:
        return self.verdict in ("reachable", "answer")

    @property
    def short(self) -> str:
        """The verdict with a symbol, for lists: never colour alone."""
        if self.error:
            return "⚠ error"
        return ("✓ " if self.ok else "✗ ") + self.verdict


def _trace_run(run: Run, tr: Trace) -> None:
    run.trace = tr
    run.steps = from_trace(tr)
    run.verdict = "reachable" if tr.reachable else "blocked"
    run.summary = tr.reason
    stop = next((s for s in run.steps if s.verdict == "block"), None)
    if stop is not None:
        rule = f" (rule {stop.rule_number})" if stop.kind == "network-acl" and stop.rule_number is not None else ""
        run.where = f"{KIND_LABEL.get(stop.kind, stop.kind)} {stop.component}{rule}"
    elif tr.blocked is not None:
        run.where = f"{KIND_LABEL.get(tr.blocked.kind, tr.blocked.kind)} {tr.blocked.component}"


def _dns_run(run: Run, lookup: DnsLookup) -> None:
    run.lookup = lookup
    run.steps = from_dns(lookup)
    run.verdict = lookup.result
    run.summary = lookup.explanation
    if lookup.result != "answer":
        run.where = f"DNS ({lookup.result})"


def run_scenario(design: Design, sc: Scenario, cache: DnsCache | None = None, now: float = 0.0,
                 session: Any = None) -> Run:
    """Never raises for bad input: the message lands in `Run.error`, naming the scenario.
    `session` (a sim.request RequestSession) carries the load balancer's rotation across runs."""
    run = Run(sc)
    try:
        if sc.type == "dns":
            _dns_run(run, resolve(design, sc.destination, sc.source, cache=cache, now=now))
        elif sc.type == "request":
            _request(run, design, sc, cache, now, session)
        else:
            _trace_run(run, trace(design, sc.source, sc.destination, protocol=sc.protocol, port=sc.port,
                                  source_port=sc.source_port, icmp_type=sc.icmp_type, icmp_code=sc.icmp_code))
    except (ValueError, KeyError) as exc:
        run.error = f"scenario {sc.name or sc.id!r}: {exc}"
        run.verdict, run.summary = "error", run.error
    return run


def _request(run: Run, design: Design, sc: Scenario, cache: DnsCache | None, now: float, session: Any) -> None:
    url = sc.destination if "://" in sc.destination else f"https://{sc.destination}"
    if HAS_REQUEST_ENGINE:
        _engine_request(run, design, sc, url, cache, now, session)
        return
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host:
        raise ValueError(f"{sc.destination!r} is not a URL (like https://www.example.com/)")
    port = parts.port or (80 if parts.scheme == "http" else 443)
    lookup = resolve(design, host, sc.source, cache=cache, now=now)
    if lookup.result != "answer" or not lookup.addresses:
        _dns_run(run, lookup)
        run.verdict = "blocked"
        return
    _trace_run(run, trace(design, sc.source, host, protocol="tcp", port=port))
    run.lookup = lookup
    dns = from_dns(lookup)
    for st in dns:
        st.leg_text = f"DNS lookup of {lookup.name}"
    for st in run.steps:
        st.leg += 1
    run.steps = number(dns + run.steps)


def new_session(cache: DnsCache) -> Any:
    """A RequestSession sharing the panel's DNS cache (None without the request engine)."""
    return _request_module.RequestSession(dns_cache=cache) if HAS_REQUEST_ENGINE else None  # type: ignore[union-attr]


def _engine_request(run: Run, design: Design, sc: Scenario, url: str, cache: DnsCache | None, now: float,
                    session: Any) -> None:
    """Steps of `sim.request`: DNS, each leg forward in order, the replies back in reverse, the response."""
    mod: Any = _request_module
    if session is None:
        session = mod.RequestSession(dns_cache=cache if cache is not None else DnsCache())
    session.now = now
    result = mod.request(design, sc.source, url, session=session)
    forward: list[SimStep] = []
    back: list[list[SimStep]] = []
    tail: list[SimStep] = []
    for n, st in enumerate(result.steps):
        label = f"{st.kind.replace('-', ' ')}: {st.source} → {st.destination}"
        if st.dns is not None:
            run.lookup = st.dns
            part = from_dns(st.dns)
            for x in part:
                x.leg, x.leg_text = n, f"DNS lookup of {st.dns.name}"
            forward += part
        elif st.trace is not None:
            part = from_trace(st.trace)
            for x in part:
                x.leg, x.leg_text = n, label
            forward += [x for x in part if x.direction == "forward"]
            back.insert(0, [x for x in part if x.direction == "return"])
            if run.trace is None:
                run.trace = st.trace
        else:
            verdict = "pass" if st.reachable else "block" if st.reachable is False else "info"
            tail.append(SimStep(0, "return", st.destination, st.destination, "", st.kind.replace("-", " "),
                                verdict, st.explanation, f"{label}\n{st.explanation}",  # type: ignore[arg-type]
                                leg=n, leg_text=label))
    run.steps = number(forward + [x for part in back for x in part] + tail)
    run.verdict = "reachable" if result.reachable else "blocked"
    run.summary = result.headline()
    if result.failed is not None:
        stop = next((x for x in run.steps if x.verdict == "block"), None)
        where = f"{KIND_LABEL.get(stop.kind, stop.kind)} {stop.component}" if stop else result.failed.kind
        run.where = where
