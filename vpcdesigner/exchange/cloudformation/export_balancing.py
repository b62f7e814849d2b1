"""Load balancers (ELBv2 and classic), listeners, listener rules and target groups.

HTTPS/TLS listeners need an ACM certificate, which no template can invent: the `CertificateArn`
parameter defaults to empty, and while it is empty those listeners serve plain HTTP/TCP on the
same port so the stack still deploys. The design's exact listeners then travel in Metadata.
"""

from __future__ import annotations

from typing import Any

from vpcdesigner.model import Listener, LoadBalancer, Subnet, TargetGroup

from .export_context import CERTIFICATE, HAS_CERTIFICATE, NO_VALUE, Context, Expr, ref


def _certificate(ctx: Context) -> str:
    ctx.parameter(CERTIFICATE, {
        "Type": "String", "Default": "",
        "AllowedPattern": "^$|^arn:aws[a-zA-Z-]*:(acm|iam):.+$",
        "Description": "ARN of the certificate for HTTPS/TLS listeners (empty = those listeners serve "
                       "plain HTTP/TCP on the same port)",
    })
    return ctx.condition(HAS_CERTIFICATE, {"Fn::Not": [{"Fn::Equals": [ref(CERTIFICATE), ""]}]})


def _action(ctx: Context, kind: str, target_group: str | None,
            redirect_port: int | None) -> tuple[dict[str, Any], bool]:
    if kind == "forward":
        tg = ctx.ref_to(target_group)
        if tg is not None:
            return {"Type": "forward", "TargetGroupArn": tg}, True
        return {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "503"}}, False
    exact = target_group is None
    if kind == "redirect":
        config: dict[str, Any] = {"Protocol": "HTTPS", "StatusCode": "HTTP_301"}
        if redirect_port is not None:
            config["Port"] = str(redirect_port)
        return {"Type": "redirect", "RedirectConfig": config}, exact
    return {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}, exact


def _listener(ctx: Context, lb: LoadBalancer, lb_lid: str, index: int, listener: Listener) -> bool:
    """Add one ELBv2 listener and its rules; False when CloudFormation could not say it exactly."""
    action, exact = _action(ctx, listener.default_action, listener.target_group, listener.redirect_port)
    props: dict[str, Any] = {"LoadBalancerArn": ref(lb_lid), "Port": listener.port,
                             "Protocol": listener.protocol, "DefaultActions": [action]}
    secure = {"HTTPS": "HTTP", "TLS": "TCP"}
    if listener.protocol in secure:
        has = _certificate(ctx)
        props["Protocol"] = {"Fn::If": [has, listener.protocol, secure[listener.protocol]]}
        props["Certificates"] = {"Fn::If": [has, [{"CertificateArn": ref(CERTIFICATE)}], NO_VALUE]}
        exact = False  # the import sees the no-certificate branch
    if listener.protocol == "SSL" or listener.instance_port is not None:
        exact = False  # classic-only settings
    lid = ctx.add(ctx.helper(lb_lid, f"Listener{index}"), "AWS::ElasticLoadBalancingV2::Listener", props)
    for rule in listener.rules:
        if lb.type != "application":
            exact = False
            continue
        conditions = []
        if rule.path_pattern is not None:
            conditions.append({"Field": "path-pattern", "PathPatternConfig": {"Values": [rule.path_pattern]}})
        if rule.host_header is not None:
            conditions.append({"Field": "host-header", "HostHeaderConfig": {"Values": [rule.host_header]}})
        if not conditions:
            conditions.append({"Field": "path-pattern", "PathPatternConfig": {"Values": ["*"]}})
            exact = False
        rule_action, ok = _action(ctx, rule.action, rule.target_group, None)
        exact = exact and ok
        ctx.add(ctx.helper(lid, f"Rule{rule.priority}"), "AWS::ElasticLoadBalancingV2::ListenerRule",
                {"ListenerArn": ref(lid), "Priority": rule.priority, "Conditions": conditions,
                 "Actions": [rule_action]})
    return exact


def _classic_listener(ctx: Context, listener: Listener) -> tuple[dict[str, Any], bool]:
    exact = listener.instance_port is not None and listener.protocol in ("HTTP", "HTTPS", "TCP", "SSL")
    exact = exact and listener.target_group is None and listener.default_action == "forward" and not listener.rules
    protocol: Expr = listener.protocol if listener.protocol in ("HTTP", "HTTPS", "TCP", "SSL") else "TCP"
    out: dict[str, Any] = {"LoadBalancerPort": str(listener.port),
                           "InstancePort": str(listener.instance_port or listener.port), "Protocol": protocol}
    if listener.protocol in ("HTTPS", "SSL"):
        has = _certificate(ctx)
        out["Protocol"] = {"Fn::If": [has, listener.protocol, "HTTP" if listener.protocol == "HTTPS" else "TCP"]}
        out["SSLCertificateId"] = {"Fn::If": [has, ref(CERTIFICATE), NO_VALUE]}
        exact = False
    return out, exact


def export_load_balancer(ctx: Context, lb: LoadBalancer) -> None:
    lid = ctx.logical(lb.id)
    subnets = [ctx.ref_to(s) for s in lb.subnets]
    groups = [ctx.ref_to(g) for g in lb.security_groups]
    first = ctx.design.get(lb.subnets[0]) if lb.subnets else None
    if not isinstance(first, Subnet) or first.vpc != lb.vpc:
        ctx.extra(lb, "vpc")  # the template knows the VPC only through the subnets
    igw_att = ctx.igw_attachment_of_vpc.get(lb.vpc)
    depends = [igw_att] if igw_att and lb.scheme == "internet-facing" else []
    if lb.type == "classic":
        listeners = [_classic_listener(ctx, listener) for listener in lb.listeners]
        ctx.add(lid, "AWS::ElasticLoadBalancing::LoadBalancer", {
            "Scheme": lb.scheme,
            "Subnets": subnets or None,
            "SecurityGroups": groups or None,
            "Listeners": [body for body, _ in listeners],
            "Instances": [ctx.ref_to(i) for i in lb.instances] or None,
            "Tags": ctx.tags(lb),
        }, depends_on=depends)
        exact = all(ok for _, ok in listeners)
    else:
        ctx.add(lid, "AWS::ElasticLoadBalancingV2::LoadBalancer", {
            "Type": lb.type,
            "Scheme": lb.scheme,
            "Subnets": subnets or None,
            "SecurityGroups": groups or None,
            "Tags": ctx.tags(lb),
        }, depends_on=depends)
        exact = all([_listener(ctx, lb, lid, i, listener) for i, listener in enumerate(lb.listeners, start=1)])
        if lb.instances:
            ctx.extra(lb, "instances")
    if not exact:
        ctx.extra(lb, "listeners")
    if lb.dns_name:
        ctx.extra(lb, "dns_name")  # AWS names the load balancer at deployment
    ctx.keep_description(lb)


def export_target_group(ctx: Context, tg: TargetGroup) -> None:
    hc = tg.health_check
    targets = []
    exact = True
    for target in tg.targets:
        target_id = ctx.ref_to(target.target) if target.target else target.ip
        exact = exact and target_id is not None and target.healthy
        if target_id is not None:
            targets.append({"Id": target_id, "Port": target.port} if target.port is not None else {"Id": target_id})
    if not exact:
        ctx.extra(tg, "targets")
    http_check = hc.protocol in ("HTTP", "HTTPS")
    if not http_check and hc.path != "/":
        ctx.extra(tg, "health_check")
    ctx.add(ctx.logical(tg.id), "AWS::ElasticLoadBalancingV2::TargetGroup", {
        "VpcId": ctx.ref_to(tg.vpc),
        "Protocol": tg.protocol,
        "Port": tg.port,
        "TargetType": tg.target_type,
        "Targets": targets or None,
        "HealthCheckProtocol": hc.protocol,
        "HealthCheckPort": str(hc.port),
        "HealthCheckPath": hc.path if http_check else None,
        "HealthCheckIntervalSeconds": hc.interval,
        "HealthCheckTimeoutSeconds": hc.timeout,
        "HealthyThresholdCount": hc.healthy_threshold,
        "UnhealthyThresholdCount": hc.unhealthy_threshold,
        "Tags": ctx.tags(tg),
    })
    ctx.keep_description(tg)
