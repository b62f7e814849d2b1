"""Load balancing from elbv2/elb describe-*: target groups (with registered targets and health),
application and network load balancers with listeners and rules, and classic load balancers.

ELB objects are known by ARN, which is not a valid model id, so they take their (region-unique)
names as ids; `ctx.alias` maps each ARN to that id.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import LoadBalancer, TargetGroup
from .context import Ctx, id_list, known, list_at, name_and_tags, number, obj_at, text

_BAD_ID_CHARS = re.compile(r"[^A-Za-z0-9_.:\-]")
LISTENER_PROTOCOLS = ("HTTP", "HTTPS", "TCP", "UDP", "TLS", "TCP_UDP", "SSL")


def unique_id(ctx: Ctx, preferred: str) -> str:
    base = _BAD_ID_CHARS.sub("-", preferred).strip("-.:_")[:120] or "elb"
    candidate: str = base
    n = 2
    while candidate in ctx.resources:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def map_target_groups(ctx: Ctx) -> None:
    health: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for e in ctx.entries("LoadBalancerTargetHealth"):
        tg_arn = text(e.obj, "TargetGroupArn") or ""
        for i, d in enumerate(list_at(e.obj, "TargetHealthDescriptions")):
            if isinstance(d, dict):
                health.setdefault(tg_arn, []).append((f"{e.where}.TargetHealthDescriptions[{i}]", d))
    for e in ctx.entries("TargetGroups"):
        o = e.obj
        arn, name, vpc = text(o, "TargetGroupArn"), text(o, "TargetGroupName"), text(o, "VpcId")
        ttype = text(o, "TargetType") or "instance"
        if arn is None or name is None:
            ctx.rep.warning(e.where, "skipped: a target group needs TargetGroupArn and TargetGroupName")
            continue
        if ttype not in ("instance", "ip"):
            ctx.rep.warning(e.where, f"skipped target group {name}: {ttype} targets are not modelled")
            continue
        if not ctx.has(vpc, "vpc"):
            ctx.rep.warning(e.where, f"skipped target group {name}: its VPC {vpc} is not in the snapshot")
            continue
        protocol = text(o, "Protocol") or "HTTP"
        if protocol not in ("HTTP", "HTTPS", "TCP", "UDP", "TLS", "TCP_UDP"):
            ctx.rep.warning(e.where, f"skipped target group {name}: protocol {protocol} is not modelled")
            continue
        targets = [t for w, d in health.get(arn, []) if (t := _target(ctx, w, d, ttype)) is not None]
        tg_id = unique_id(ctx, name)
        made = ctx.add(TargetGroup, e.where, {
            "id": tg_id, **name_and_tags(o, ctx, tg_id, name), "vpc": vpc, "protocol": protocol,
            "port": number(o.get("Port")) or 80, "target_type": ttype, "targets": targets,
            "health_check": _health_check(o),
        })
        if made is not None:
            ctx.alias[arn] = tg_id
            if not o.get("LoadBalancerArns"):
                ctx.rep.info(e.where, f"target group {name} is not used by any load balancer")


def _target(ctx: Ctx, where: str, d: dict[str, Any], ttype: str) -> dict[str, Any] | None:
    target = obj_at(d, "Target")
    tid, port = text(target, "Id"), number(target.get("Port"))
    healthy = obj_at(d, "TargetHealth").get("State") == "healthy"
    if ttype == "ip":
        return {"ip": tid, "port": port, "healthy": healthy} if tid and ":" not in tid else None
    if not ctx.has(tid, "instance"):
        ctx.rep.warning(where, f"skipped target {tid}: instance not in the snapshot")
        return None
    return {"target": tid, "port": port, "healthy": healthy}


def _clamp(value: Any, lo: int, hi: int, default: int) -> int:
    n = number(value)
    return default if n is None else max(lo, min(hi, n))


def _health_check(o: dict[str, Any]) -> dict[str, Any]:
    protocol = text(o, "HealthCheckProtocol") or "HTTP"
    port = text(o, "HealthCheckPort") or "traffic-port"
    return {
        "protocol": protocol if protocol in ("HTTP", "HTTPS", "TCP") else "TCP",
        "port": "traffic-port" if port == "traffic-port" or number(port) is None else number(port),
        "path": text(o, "HealthCheckPath") or "/",
        "interval": _clamp(o.get("HealthCheckIntervalSeconds"), 5, 300, 30),
        "timeout": _clamp(o.get("HealthCheckTimeoutSeconds"), 2, 120, 5),
        "healthy_threshold": _clamp(o.get("HealthyThresholdCount"), 2, 10, 5),
        "unhealthy_threshold": _clamp(o.get("UnhealthyThresholdCount"), 2, 10, 2),
    }


def map_load_balancers(ctx: Ctx) -> None:
    listeners: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for e in ctx.entries("LoadBalancerListeners"):
        lb_arn = text(e.obj, "LoadBalancerArn") or ""
        for i, lst in enumerate(list_at(e.obj, "Listeners")):
            if isinstance(lst, dict):
                owner = text(lst, "LoadBalancerArn") or lb_arn
                listeners.setdefault(owner, []).append((f"{e.where}.Listeners[{i}]", lst))
    rules: dict[str, list[dict[str, Any]]] = {}
    for e in ctx.entries("LoadBalancerRules"):
        rules.setdefault(text(e.obj, "ListenerArn") or "", []).extend(
            r for r in list_at(e.obj, "Rules") if isinstance(r, dict))
    for e in ctx.entries("LoadBalancers"):
        o = e.obj
        arn, name, vpc = text(o, "LoadBalancerArn"), text(o, "LoadBalancerName"), text(o, "VpcId")
        lb_type = text(o, "Type") or "application"
        if arn is None or name is None:
            ctx.rep.warning(e.where, "skipped: a load balancer needs LoadBalancerArn and LoadBalancerName")
            continue
        if lb_type not in ("application", "network"):
            ctx.rep.warning(e.where, f"skipped {lb_type} load balancer {name}: not modelled")
            continue
        if not ctx.has(vpc, "vpc"):
            ctx.rep.warning(e.where, f"skipped load balancer {name}: its VPC {vpc} is not in the snapshot")
            continue
        subnets = known(ctx, e.where, name, id_list(o.get("AvailabilityZones"), "SubnetId"), "subnet")
        mapped = [m for w, lst in listeners.get(arn, [])
                  if (m := _listener(ctx, w, lst, rules.get(text(lst, "ListenerArn") or "", []))) is not None]
        lb_id = unique_id(ctx, name)
        nodes = node_addresses(ctx, arn.split(":loadbalancer/")[-1], subnets)
        made = ctx.add(LoadBalancer, e.where, {
            "id": lb_id, **name_and_tags(o, ctx, lb_id, name), "type": lb_type, "node_addresses": nodes,
            "scheme": "internal" if o.get("Scheme") == "internal" else "internet-facing", "vpc": vpc,
            "subnets": subnets,
            "security_groups": known(ctx, e.where, name, id_list(o.get("SecurityGroups")), "security-group"),
            "listeners": mapped, "dns_name": text(o, "DNSName") or "",
        })
        if made is not None:
            ctx.alias[arn] = lb_id


def node_addresses(ctx: Ctx, elb_name: str, subnets: list[str]) -> list[dict[str, Any]]:
    """The load balancer's real node addresses, from its ENIs (described "ELB <type>/<name>/<id>")."""
    found: dict[str, dict[str, Any]] = {}
    for e in sorted(ctx.entries("NetworkInterfaces"), key=lambda e: str(e.obj.get("NetworkInterfaceId"))):
        o = e.obj
        sub, ip = text(o, "SubnetId"), text(o, "PrivateIpAddress")
        if o.get("Description") == f"ELB {elb_name}" and sub in subnets and ip and sub not in found:
            public = text(obj_at(o, "Association"), "PublicIp")
            found[sub] = {"subnet": sub, "private_ip": ip, "public_ip": public}
    return [found[s] for s in subnets if s in found]


def _forward_target(ctx: Ctx, action: dict[str, Any]) -> str | None:
    arn = text(action, "TargetGroupArn")
    if arn is None:
        groups = list_at(obj_at(action, "ForwardConfig"), "TargetGroups")
        arn = next((text(g, "TargetGroupArn") for g in groups if isinstance(g, dict)), None)
    return ctx.resolve(arn) if arn else None


def _action(ctx: Ctx, actions: Any) -> tuple[str, str | None, int | None] | None:
    listed = actions if isinstance(actions, list) else []
    ordered = sorted((a for a in listed if isinstance(a, dict)), key=lambda a: number(a.get("Order")) or 0)
    for a in ordered:
        kind = a.get("Type")
        if kind == "forward":
            return "forward", _forward_target(ctx, a), None
        if kind == "redirect":
            return "redirect", None, number(obj_at(a, "RedirectConfig").get("Port"))
        if kind == "fixed-response":
            return "fixed-response", None, None
    return None


def _listener(ctx: Ctx, where: str, lst: dict[str, Any], rules: list[dict[str, Any]]) -> dict[str, Any] | None:
    protocol = text(lst, "Protocol") or "HTTP"
    if protocol not in LISTENER_PROTOCOLS:
        ctx.rep.warning(where, f"skipped listener: protocol {protocol} is not modelled")
        return None
    action = _action(ctx, lst.get("DefaultActions"))
    if action is None:
        ctx.rep.warning(where, "listener has no forward/redirect/fixed-response action; imported as fixed-response")
        action = ("fixed-response", None, None)
    out: dict[str, Any] = {"protocol": protocol, "port": number(lst.get("Port")) or 80, "default_action": action[0],
                           "target_group": action[1], "redirect_port": action[2], "rules": []}
    for r in rules:
        priority = number(r.get("Priority"))
        rule_action = _action(ctx, r.get("Actions"))
        if priority is None or r.get("IsDefault") is True or rule_action is None:
            continue
        conditions = {text(c, "Field"): c for c in list_at(r, "Conditions") if isinstance(c, dict)}
        other = sorted(str(f) for f in conditions if f not in ("path-pattern", "host-header"))
        if other:
            ctx.rep.warning(where, f"rule {priority}: conditions on {', '.join(other)} are not modelled; "
                                   "the rule matches without them")
        for field, config in (("path-pattern", "PathPatternConfig"), ("host-header", "HostHeaderConfig")):
            values = _values(conditions.get(field), config)
            if len(values) > 1:
                ctx.rep.warning(where, f"rule {priority}: only the first {field} value ({values[0]}) is kept "
                                       f"of {', '.join(values)}")
        out["rules"].append({
            "priority": priority, "path_pattern": _first(conditions.get("path-pattern"), "PathPatternConfig"),
            "host_header": _first(conditions.get("host-header"), "HostHeaderConfig"),
            "action": rule_action[0], "target_group": rule_action[1],
        })
    return out


def _values(condition: dict[str, Any] | None, config: str) -> list[str]:
    if condition is None:
        return []
    return id_list(obj_at(condition, config).get("Values")) or id_list(condition.get("Values"))


def _first(condition: dict[str, Any] | None, config: str) -> str | None:
    values = _values(condition, config)
    return values[0] if values else None


def map_classic_load_balancers(ctx: Ctx) -> None:
    for e in ctx.entries("LoadBalancerDescriptions"):
        o = e.obj
        name, vpc = text(o, "LoadBalancerName"), text(o, "VPCId")
        if name is None or not ctx.has(vpc, "vpc"):
            ctx.rep.warning(e.where, f"skipped classic load balancer {name}: its VPC {vpc} is not in the snapshot")
            continue
        listeners = []
        for d in list_at(o, "ListenerDescriptions"):
            lst = obj_at(d, "Listener")
            protocol = str(lst.get("Protocol") or "HTTP").upper()
            if protocol in LISTENER_PROTOCOLS:
                listeners.append({"protocol": protocol, "port": number(lst.get("LoadBalancerPort")) or 80,
                                  "instance_port": number(lst.get("InstancePort"))})
        lb_id = unique_id(ctx, name)
        subnets = known(ctx, e.where, name, id_list(o.get("Subnets")), "subnet")
        ctx.add(LoadBalancer, e.where, {
            "id": lb_id, **name_and_tags(o, ctx, lb_id, name), "type": "classic",
            "node_addresses": node_addresses(ctx, name, subnets),
            "scheme": "internal" if o.get("Scheme") == "internal" else "internet-facing", "vpc": vpc,
            "subnets": subnets,
            "security_groups": known(ctx, e.where, name, id_list(o.get("SecurityGroups")), "security-group"),
            "listeners": listeners,
            "instances": known(ctx, e.where, name, id_list(o.get("Instances"), "InstanceId"), "instance"),
            "dns_name": text(o, "DNSName") or "",
        })
