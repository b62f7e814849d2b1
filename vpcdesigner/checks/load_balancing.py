"""Load balancers, target groups and Auto Scaling groups: AZs, subnets, listeners, targets."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.compute import LoadBalancer, TargetGroup
from .context import Context, net
from .problem import Problem
from .registry import check, declare, problem

F = "load-balancing"
ALB_SINGLE_AZ = declare(F, "ALB_SINGLE_AZ", "error", "An application load balancer uses fewer than two AZs.")
LB_DUPLICATE_AZ = declare(F, "LB_DUPLICATE_AZ", "error", "A load balancer has two subnets in the same AZ.")
LB_OTHER_VPC = declare(F, "LB_OTHER_VPC", "error",
                       "A load balancer uses a subnet or target group of another VPC.")
LB_INTERNET_FACING_PRIVATE_SUBNET = declare(
    F, "LB_INTERNET_FACING_PRIVATE_SUBNET", "error",
    "An internet-facing load balancer sits in a subnet with no route to an internet gateway.")
LB_SUBNET_TOO_SMALL = declare(F, "LB_SUBNET_TOO_SMALL", "warning",
                              "An application load balancer's subnet is smaller than /27.")
LISTENER_WITHOUT_TARGET_GROUP = declare(F, "LISTENER_WITHOUT_TARGET_GROUP", "error",
                                        "A listener forwards but names no target group.")
LISTENER_DUPLICATE_PORT = declare(F, "LISTENER_DUPLICATE_PORT", "error",
                                  "Two listeners of one load balancer share a port.")
TARGET_GROUP_EMPTY = declare(F, "TARGET_GROUP_EMPTY", "warning",
                             "A target group has no targets and no Auto Scaling group (the ALB answers 503).")
TARGET_OTHER_VPC = declare(F, "TARGET_OTHER_VPC", "error",
                           "A target group's instance or Auto Scaling group is in another VPC.")
ASG_MEMBER_ID_CLASH = declare(F, "ASG_MEMBER_ID_CLASH", "error",
                              "An object's id is also the name of an Auto Scaling group member (<asg>-1, -2, ...).")
ASG_MULTIPLE_VPCS = declare(F, "ASG_MULTIPLE_VPCS", "error", "An Auto Scaling group's subnets are in different VPCs.")


@check(F)
def check_load_balancers(ctx: Context) -> Iterator[Problem]:
    for lb in ctx.kind("load-balancer"):
        yield from _placement(ctx, lb)
        ports: set[int] = set()
        for i, listener in enumerate(lb.listeners):
            field = f"listeners[{i}]"
            if listener.port in ports:
                yield problem(LISTENER_DUPLICATE_PORT, lb.id,
                              f"{lb.display_name}: two listeners on port {listener.port}.", f"{field}.port")
            ports.add(listener.port)
            if lb.type != "classic" and listener.default_action == "forward" and listener.target_group is None:
                yield problem(LISTENER_WITHOUT_TARGET_GROUP, lb.id, f"{lb.display_name}: listener "
                              f"{listener.protocol}:{listener.port} forwards but names no target group.", field)
            for tg_id in [listener.target_group, *(r.target_group for r in listener.rules)]:
                tg = ctx.res.get(tg_id or "")
                if isinstance(tg, TargetGroup) and tg.vpc != lb.vpc:
                    yield problem(LB_OTHER_VPC, lb.id, f"{lb.display_name} is in {lb.vpc} but forwards to target "
                                  f"group {tg.display_name} of {tg.vpc}.", field)


def _placement(ctx: Context, lb: LoadBalancer) -> Iterator[Problem]:
    azs: dict[str, str] = {}
    for i, sid in enumerate(lb.subnets):
        s = ctx.subnet(sid)
        if s is None:
            continue
        field = f"subnets[{i}]"
        if s.vpc != lb.vpc:
            yield problem(LB_OTHER_VPC, lb.id, f"{lb.display_name} is in {lb.vpc} but uses subnet {sid} of {s.vpc}.",
                          field)
        if s.availability_zone in azs:
            yield problem(LB_DUPLICATE_AZ, lb.id, f"{lb.display_name}: subnets {azs[s.availability_zone]} and {sid} "
                          f"are both in {s.availability_zone}; use one subnet per AZ.", field)
        azs.setdefault(s.availability_zone, sid)
        if lb.scheme == "internet-facing" and not ctx.has_igw_route(sid):
            yield problem(LB_INTERNET_FACING_PRIVATE_SUBNET, lb.id, f"{lb.display_name} is internet-facing but "
                          f"subnet {sid} has no route to an internet gateway, so clients cannot reach that node.",
                          field)
        if lb.type == "application" and net(s.cidr).prefixlen > 27:
            yield problem(LB_SUBNET_TOO_SMALL, lb.id, f"{lb.display_name}: subnet {sid} ({s.cidr}) is smaller "
                          "than the /27 an application load balancer needs to scale.", field)
    if lb.type == "application" and len(azs) < 2:
        yield problem(ALB_SINGLE_AZ, lb.id, f"{lb.display_name}: an application load balancer needs subnets in at "
                      f"least two Availability Zones (it has {len(azs)}).", "subnets")


@check(F)
def check_targets(ctx: Context) -> Iterator[Problem]:
    asg_for_tg: dict[str, list[str]] = {}
    for asg in ctx.kind("auto-scaling-group"):
        for i in range(1, max(asg.max_size, asg.desired) + 1):
            if f"{asg.id}-{i}" in ctx.res:
                yield problem(ASG_MEMBER_ID_CLASH, f"{asg.id}-{i}", f"{asg.id}-{i}: this id is also the name of "
                              f"member {i} of Auto Scaling group {asg.display_name}; rename one of them.", "id")
        vpcs = {ctx.vpc_of_subnet(s) for s in asg.subnets} - {None}
        if len(vpcs) > 1:
            yield problem(ASG_MULTIPLE_VPCS, asg.id, f"{asg.display_name}: its subnets are in different VPCs "
                          f"({', '.join(sorted(v for v in vpcs if v))}).", "subnets")
        for i, tg_id in enumerate(asg.target_groups):
            asg_for_tg.setdefault(tg_id, []).append(asg.id)
            tg = ctx.res.get(tg_id)
            if isinstance(tg, TargetGroup) and vpcs and tg.vpc not in vpcs:
                yield problem(TARGET_OTHER_VPC, asg.id, f"{asg.display_name} registers with target group "
                              f"{tg.display_name} of {tg.vpc}, but its instances are elsewhere.", f"target_groups[{i}]")
    for tg in ctx.kind("target-group"):
        if not tg.targets and tg.id not in asg_for_tg:
            yield problem(TARGET_GROUP_EMPTY, tg.id, f"{tg.display_name} has no targets and no Auto Scaling group: "
                          "a load balancer forwarding to it answers HTTP 503.", "targets")
        for i, t in enumerate(tg.targets):
            inst = ctx.res.get(t.target or "")
            vpc = ctx.vpc_of_subnet(getattr(inst, "subnet", None))
            if vpc and vpc != tg.vpc:
                yield problem(TARGET_OTHER_VPC, tg.id, f"{tg.display_name} is in {tg.vpc} but target {t.target} is "
                              f"in {vpc}.", f"targets[{i}]")
