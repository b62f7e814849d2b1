"""Application Load Balancer listener rules (semantics §12.2): evaluated in priority order (lowest
number first); the first rule whose conditions all match decides, else the listener's default
action. Conditions: `host_header` (case-insensitive, wildcards * and ?) and `path_pattern`
(case-sensitive, wildcards * and ?, matched against the path without the query string). A rule
without conditions matches every request.

Rules need an HTTP request: `trace(..., http_host=, http_path=)` or `request()`. Without one
(a plain packet trace) the default action decides, as before.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from ..model import Listener, ListenerRule, LoadBalancer
from .gateways import Walker
from .results import Packet


def rule_for(lb: LoadBalancer, listener: Listener, host: str | None, path: str | None) -> ListenerRule | None:
    """The listener rule that takes this request, or None for the default action."""
    if lb.type != "application" or (host is None and path is None):
        return None
    bare = (path or "/").split("?", 1)[0]
    for rule in sorted(listener.rules, key=lambda r: r.priority):
        if rule.host_header is not None and (host is None or not fnmatchcase(host.lower(), rule.host_header.lower())):
            continue
        if rule.path_pattern is not None and not fnmatchcase(bare, rule.path_pattern):
            continue
        return rule
    return None


def effective_listener(lb: LoadBalancer, listener: Listener, host: str | None, path: str | None) -> Listener:
    """The listener as this request sees it: a matching rule's action and target group in place of
    the default ones."""
    rule = rule_for(lb, listener, host, path)
    if rule is None:
        return listener
    return listener.model_copy(update={"default_action": rule.action, "target_group": rule.target_group})


def rule_text(rule: ListenerRule) -> str:
    parts = []
    if rule.host_header is not None:
        parts.append(f"host {rule.host_header}")
    if rule.path_pattern is not None:
        parts.append(f"path {rule.path_pattern}")
    return f"rule {rule.priority} ({' and '.join(parts) or 'no conditions'})"


def apply_rules(w: Walker, lb: LoadBalancer, listener: Listener, host: str | None, path: str | None,
                pkt: Packet) -> Listener:
    """Record the matching rule as a hop and return the listener as this request sees it."""
    rule = rule_for(lb, listener, host, path)
    if rule is None:
        if listener.rules and (host is not None or path is not None):
            w.add(lb.id, "load-balancer", "listener rule", "info",
                  f"No listener rule of {lb.display_name} matches host {host or '(none)'} and path {path or '/'}, "
                  "so the listener's default action applies.", pkt)
        return listener
    action = {"forward": f"forwards to target group {w.topo.name(rule.target_group or '')}",
              "redirect": "redirects the client", "fixed-response": "returns a fixed response"}[rule.action]
    w.add(lb.id, "load-balancer", "listener rule", "pass",
          f"Listener {listener.protocol}:{listener.port} checks its rules by priority: {rule_text(rule)} matches "
          f"host {host or '(none)'} and path {path or '/'}, so it {action}.", pkt)
    return effective_listener(lb, listener, host, path)
