"""Load balancers from CloudFormation: ELBv2 (application/network) with listeners, rules and target
groups, and the classic ElasticLoadBalancing load balancer.

Listeners and listener rules are separate resources in CloudFormation and parts of the load
balancer in the model; they are added to their load balancer in template order.
"""

from __future__ import annotations

from typing import Any

from .import_compute import INSTANCE, TARGET_GROUP, _groups
from .import_context import Ctx
from .import_network import SUBNET, VPC
from .result import ResolvedResource

LB_V2 = ("AWS::ElasticLoadBalancingV2::LoadBalancer",)
LISTENER = ("AWS::ElasticLoadBalancingV2::Listener",)
LISTENER_PROTOCOLS = ("HTTP", "HTTPS", "TCP", "UDP", "TLS", "TCP_UDP")
HEALTH_PROTOCOLS = ("HTTP", "HTTPS", "TCP")


def target_group(ctx: Ctx, res: ResolvedResource) -> None:
    target_type = (ctx.text(res, "TargetType") or "instance").lower()
    if target_type not in ("instance", "ip"):
        ctx.rep.warning(ctx.where(res), f"skipped: {target_type} target groups are not modelled")
        return
    vpc_id = ctx.ref(res, "VpcId", res.properties.get("VpcId"), VPC, "vpc")
    protocol = (ctx.text(res, "Protocol") or "HTTP").upper()
    if vpc_id is None or protocol not in LISTENER_PROTOCOLS:
        ctx.rep.warning(ctx.where(res), f"skipped: a {protocol} target group without a VPC of the design")
        return
    targets = []
    for item in ctx.items(res, "Targets"):
        if not isinstance(item, dict):
            continue
        entry: dict[str, Any] = {}
        inst = ctx.target(item.get("Id"))
        if inst is not None and inst.type in INSTANCE:
            entry["target"] = ctx.id_of(inst)
        elif isinstance(ctx.concrete(item.get("Id")), str) and target_type == "ip":
            entry["ip"] = ctx.concrete(item.get("Id"))
        else:
            ctx.rep.warning(ctx.where(res), f"Targets: {item.get('Id')!s} is outside the templates; target left out")
            continue
        if "Port" in item:
            entry["port"] = ctx.number(res, "Targets.Port", None, value=item["Port"])
        targets.append(entry)
    default_hc = protocol if protocol in ("HTTP", "HTTPS") else "TCP"
    hc_protocol = (ctx.text(res, "HealthCheckProtocol") or default_hc).upper()
    hc_port = ctx.text(res, "HealthCheckPort") or "traffic-port"
    health: dict[str, Any] = {
        "protocol": hc_protocol if hc_protocol in HEALTH_PROTOCOLS else "TCP",
        "port": int(hc_port) if hc_port.isdigit() else "traffic-port",
        "path": ctx.text(res, "HealthCheckPath") or "/",
    }
    for field, prop in (
        ("interval", "HealthCheckIntervalSeconds"),
        ("timeout", "HealthCheckTimeoutSeconds"),
        ("healthy_threshold", "HealthyThresholdCount"),
        ("unhealthy_threshold", "UnhealthyThresholdCount"),
    ):
        value = ctx.number(res, prop, None)
        if value is not None:
            health[field] = value
    ctx.add(
        res,
        "target-group",
        ctx.id_of(res),
        {
            "vpc": vpc_id,
            "protocol": protocol,
            "port": ctx.number(res, "Port", 80) or 80,
            "target_type": target_type,
            "targets": targets,
            "health_check": health,
        },
    )


def load_balancer(ctx: Ctx, res: ResolvedResource) -> None:
    lb_type = (ctx.text(res, "Type") or "application").lower()
    if lb_type not in ("application", "network"):
        ctx.rep.warning(ctx.where(res), f"skipped: {lb_type} load balancers are not modelled")
        return
    raw = ctx.items(res, "Subnets") or [
        m.get("SubnetId") for m in ctx.items(res, "SubnetMappings") if isinstance(m, dict)
    ]
    subnets = [s for s in (ctx.ref(res, "Subnets", v, SUBNET, "subnet") for v in raw) if s]
    if not subnets:
        ctx.rep.warning(ctx.where(res), "skipped: the load balancer has no subnet in the design")
        return
    vpc_id = ctx.vpc_of_subnet(subnets[0])
    ctx.add(
        res,
        "load-balancer",
        ctx.id_of(res),
        {
            "type": lb_type,
            "scheme": "internal" if ctx.text(res, "Scheme") == "internal" else "internet-facing",
            "vpc": vpc_id,
            "subnets": subnets,
            "security_groups": _groups(ctx, res, "SecurityGroups", ctx.items(res, "SecurityGroups"), vpc_id),
            "listeners": [],
        },
    )


def _action(ctx: Ctx, res: ResolvedResource, actions: list[Any]) -> dict[str, Any]:
    """The deciding action (forward / redirect / fixed-response) of a listener or rule."""
    ordered = sorted(
        (a for a in actions if isinstance(a, dict)),
        key=lambda a: ctx.number(res, "Order", 50000, value=a.get("Order")) or 0,
    )
    for action in ordered:
        kind = str(ctx.concrete(action.get("Type")) or "").lower()
        if kind == "forward":
            raw = action.get("TargetGroupArn")
            if raw is None:
                groups = (action.get("ForwardConfig") or {}).get("TargetGroups") or []
                raw = groups[0].get("TargetGroupArn") if groups and isinstance(groups[0], dict) else None
            tg = ctx.ref(res, "TargetGroupArn", raw, TARGET_GROUP, "target-group")
            return {"action": "forward", "target_group": tg} if tg else {"action": "fixed-response"}
        if kind == "redirect":
            port = ctx.text(res, "RedirectConfig.Port", value=(action.get("RedirectConfig") or {}).get("Port"))
            return {"action": "redirect", "redirect_port": int(port) if port and port.isdigit() else None}
        if kind == "fixed-response":
            return {"action": "fixed-response"}
    return {"action": "fixed-response"}


def listener(ctx: Ctx, res: ResolvedResource) -> None:
    lb = ctx.draft(ctx.ref(res, "LoadBalancerArn", res.properties.get("LoadBalancerArn"), LB_V2, "load-balancer"))
    if lb is None:
        ctx.rep.warning(ctx.where(res), "skipped: the listener's load balancer is not in the design")
        return
    default_protocol = "HTTP" if lb["type"] == "application" else "TCP"
    protocol = (ctx.text(res, "Protocol") or default_protocol).upper()
    if protocol not in LISTENER_PROTOCOLS:
        ctx.rep.warning(ctx.where(res), f"skipped: {protocol} listeners are not modelled")
        return
    action = _action(ctx, res, ctx.items(res, "DefaultActions"))
    entry: dict[str, Any] = {
        "protocol": protocol,
        "port": ctx.number(res, "Port", 80),
        "default_action": action["action"],
        "rules": [],
    }
    if action.get("target_group"):
        entry["target_group"] = action["target_group"]
    if action.get("redirect_port") is not None:
        entry["redirect_port"] = action["redirect_port"]
    lb["listeners"].append(entry)
    ctx.ids[(res.stack, res.logical_id)] = lb["id"]
    ctx.used.add((res.stack, res.logical_id))
    lb.setdefault("_listener_index", {})[res.logical_id, res.stack] = len(lb["listeners"]) - 1


def listener_rule(ctx: Ctx, res: ResolvedResource) -> None:
    target = ctx.target(res.properties.get("ListenerArn"))
    lb = ctx.draft(ctx.ids.get((target.stack, target.logical_id)) if target else None, "load-balancer")
    index = lb.get("_listener_index", {}).get((target.logical_id, target.stack)) if lb and target else None
    if lb is None or index is None:
        ctx.rep.warning(ctx.where(res), "skipped: the rule's listener is not in the design")
        return
    rule: dict[str, Any] = {"priority": ctx.number(res, "Priority", 1)}
    for cond in ctx.items(res, "Conditions"):
        if not isinstance(cond, dict):
            continue
        field = str(ctx.concrete(cond.get("Field")) or "")
        config = cond.get("PathPatternConfig" if field == "path-pattern" else "HostHeaderConfig") or {}
        values = config.get("Values") if isinstance(config, dict) else None
        values = values or cond.get("Values") or []
        value = ctx.concrete(values[0]) if values else None
        if field == "path-pattern" and isinstance(value, str):
            rule["path_pattern"] = value
        elif field == "host-header" and isinstance(value, str):
            rule["host_header"] = value
        else:
            ctx.rep.info(ctx.where(res), f"Conditions: {field or 'a'} condition is not modelled; left out")
    action = _action(ctx, res, ctx.items(res, "Actions"))
    rule["action"] = action["action"]
    if action.get("target_group"):
        rule["target_group"] = action["target_group"]
    lb["listeners"][index]["rules"].append(rule)
    ctx.used.add((res.stack, res.logical_id))


def classic_load_balancer(ctx: Ctx, res: ResolvedResource) -> None:
    subnets = [s for s in (ctx.ref(res, "Subnets", v, SUBNET, "subnet") for v in ctx.items(res, "Subnets")) if s]
    if not subnets:
        ctx.rep.warning(ctx.where(res), "skipped: a classic load balancer outside a VPC (no Subnets) is not modelled")
        return
    vpc_id = ctx.vpc_of_subnet(subnets[0])
    listeners = []
    for item in ctx.items(res, "Listeners"):
        if not isinstance(item, dict):
            continue
        protocol = str(ctx.concrete(item.get("Protocol")) or "HTTP").upper()
        listeners.append(
            {
                "protocol": protocol if protocol in ("HTTP", "HTTPS", "TCP", "SSL") else "TCP",
                "port": ctx.number(res, "Listeners.LoadBalancerPort", 80, value=item.get("LoadBalancerPort")),
                "instance_port": ctx.number(res, "Listeners.InstancePort", 80, value=item.get("InstancePort")),
            }
        )
    instances = [
        i for i in (ctx.ref(res, "Instances", v, INSTANCE, "instance") for v in ctx.items(res, "Instances")) if i
    ]
    ctx.add(
        res,
        "load-balancer",
        ctx.id_of(res),
        {
            "type": "classic",
            "scheme": "internal" if ctx.text(res, "Scheme") == "internal" else "internet-facing",
            "vpc": vpc_id,
            "subnets": subnets,
            "security_groups": _groups(ctx, res, "SecurityGroups", ctx.items(res, "SecurityGroups"), vpc_id),
            "listeners": listeners,
            "instances": instances,
        },
    )


HANDLERS = {
    "AWS::ElasticLoadBalancingV2::TargetGroup": target_group,
    "AWS::ElasticLoadBalancingV2::LoadBalancer": load_balancer,
    "AWS::ElasticLoadBalancingV2::Listener": listener,
    "AWS::ElasticLoadBalancingV2::ListenerRule": listener_rule,
    "AWS::ElasticLoadBalancing::LoadBalancer": classic_load_balancer,
}
