"""Facts every consumer derives the same way: effective route tables, NACLs and security groups,
allocated addresses, Auto Scaling group members and load balancer nodes.

Keeping this in the model (not in the simulator or the canvas) is what makes the canvas, the
checks and the simulator agree on which address `web-asg-2` has.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any

from .compute import AutoScalingGroup, Instance, LoadBalancer
from .design import Design
from .network import NatGateway, RouteTable, Subnet
from .security import NaclRule, NetworkAcl, SecurityGroup, SgRule
from .types import ALLOCATED


def default_nacl_for(vpc_id: str, ipv6: bool = False) -> NetworkAcl:
    """The default NACL AWS creates with every VPC: rule 100 allows everything both ways
    (plus rule 101 for ::/0 when the VPC has an IPv6 block)."""
    rules: tuple[NaclRule, ...] = (NaclRule(number=100, action="allow", protocol="all", cidr="0.0.0.0/0"),)
    if ipv6:
        rules += (NaclRule(number=101, action="allow", protocol="all", cidr="::/0"),)
    return NetworkAcl(id=f"{vpc_id}:default-nacl", name="default NACL (implicit)", vpc=vpc_id,
                      default=True, inbound=rules, outbound=rules)


def default_sg_for(vpc_id: str, ipv6: bool = False) -> SecurityGroup:
    """The default SG AWS creates with every VPC: members talk freely, all outbound allowed
    (to ::/0 as well when the VPC has an IPv6 block)."""
    sg_id = f"{vpc_id}:default-sg"
    out = (SgRule(cidr="0.0.0.0/0"), SgRule(cidr="::/0")) if ipv6 else (SgRule(cidr="0.0.0.0/0"),)
    return SecurityGroup(id=sg_id, name="default SG (implicit)", vpc=vpc_id, default=True,
                         group_name="default", inbound=(SgRule(security_group=sg_id),), outbound=out)


def main_route_table_for(vpc_id: str) -> RouteTable:
    return RouteTable(id=f"{vpc_id}:main-rtb", name="main route table (implicit)", vpc=vpc_id, main=True)


@dataclass
class Member:
    """A materialised Auto Scaling group member, shaped like an instance."""

    instance: Instance
    asg: str
    index: int


@dataclass
class LbNode:
    load_balancer: str
    subnet: str
    private_ip: str
    public_ip: str | None


@dataclass
class Derived:
    design: Design
    route_table_of: dict[str, RouteTable] = field(default_factory=dict)
    nacl_of: dict[str, NetworkAcl] = field(default_factory=dict)
    default_sg_of_vpc: dict[str, SecurityGroup] = field(default_factory=dict)
    instances: dict[str, Instance] = field(default_factory=dict)
    members: dict[str, list[Member]] = field(default_factory=dict)
    nat_ip: dict[str, str] = field(default_factory=dict)
    lb_nodes: dict[str, list[LbNode]] = field(default_factory=dict)
    implicit: dict[str, Any] = field(default_factory=dict)

    def security_groups_of(self, instance: Instance, vpc_id: str) -> list[SecurityGroup]:
        if not instance.security_groups:
            return [self.default_sg_of_vpc[vpc_id]]
        out = []
        for sg_id in instance.security_groups:
            sg = self.design.resources.get(sg_id)
            if isinstance(sg, SecurityGroup):
                out.append(sg)
        return out


def derive(design: Design) -> Derived:
    """Compute all derived facts in one deterministic pass."""
    d = Derived(design)
    res = design.resources
    subnets = sorted((r for r in res.values() if isinstance(r, Subnet)), key=lambda s: s.id)
    vpc_ids = sorted(r.id for r in res.values() if r.kind == "vpc")

    main_rtb: dict[str, RouteTable] = {}
    default_nacl: dict[str, NetworkAcl] = {}
    for r in sorted(res.values(), key=lambda r: r.id):
        if isinstance(r, RouteTable) and r.main and r.vpc not in main_rtb:
            main_rtb[r.vpc] = r
        if isinstance(r, NetworkAcl) and r.default and r.vpc not in default_nacl:
            default_nacl[r.vpc] = r
        if isinstance(r, SecurityGroup) and r.default and r.vpc not in d.default_sg_of_vpc:
            d.default_sg_of_vpc[r.vpc] = r
    for vpc_id in vpc_ids:
        ipv6 = getattr(res[vpc_id], "ipv6_cidr", None) is not None
        if vpc_id not in main_rtb:
            main_rtb[vpc_id] = d.implicit.setdefault(f"{vpc_id}:main-rtb", main_route_table_for(vpc_id))
        if vpc_id not in default_nacl:
            default_nacl[vpc_id] = d.implicit.setdefault(f"{vpc_id}:default-nacl", default_nacl_for(vpc_id, ipv6))
        if vpc_id not in d.default_sg_of_vpc:
            d.default_sg_of_vpc[vpc_id] = d.implicit.setdefault(f"{vpc_id}:default-sg", default_sg_for(vpc_id, ipv6))

    explicit_rtb: dict[str, RouteTable] = {}
    explicit_nacl: dict[str, NetworkAcl] = {}
    for r in sorted(res.values(), key=lambda r: r.id):
        if isinstance(r, RouteTable):
            for sid in r.subnets:
                explicit_rtb.setdefault(sid, r)
        elif isinstance(r, NetworkAcl):
            for sid in r.subnets:
                explicit_nacl.setdefault(sid, r)
    for s in subnets:
        if s.vpc in main_rtb:
            d.route_table_of[s.id] = explicit_rtb.get(s.id, main_rtb[s.vpc])
        if s.vpc in default_nacl:
            d.nacl_of[s.id] = explicit_nacl.get(s.id, default_nacl[s.vpc])

    _allocate(design, d, subnets)
    return d


def _allocate(design: Design, d: Derived, subnets: list[Subnet]) -> None:
    """Give every address-less thing the next free address of its subnet, in a fixed order."""
    res = design.resources
    allocators: dict[str, _Allocator] = {s.id: _Allocator(s.cidr) for s in subnets}
    for r in res.values():
        fields = r.__dict__  # getattr with a default is slow on pydantic models that lack the field
        ip = fields.get("private_ip")
        sub = fields.get("subnet")
        if ip and sub in allocators:
            allocators[sub].reserve(ip)
        for node in fields.get("node_addresses", ()):
            if node.subnet in allocators:
                allocators[node.subnet].reserve(node.private_ip)
    taken = allocators

    def take(subnet_id: str) -> str:
        allocator = allocators.get(subnet_id)
        return allocator.take() if allocator else "0.0.0.0"

    ordered = sorted(res.values(), key=lambda r: r.id)
    for r in ordered:
        if isinstance(r, Instance):
            # model_copy skips re-validation: the allocated address is canonical by construction.
            inst = r if r.private_ip or r.subnet not in taken else r.model_copy(update={"private_ip": take(r.subnet)})
            d.instances[r.id] = inst  # type: ignore[assignment]
    for r in ordered:
        if isinstance(r, NatGateway) and r.subnet in taken:
            d.nat_ip[r.id] = r.private_ip or take(r.subnet)
    for r in ordered:
        if isinstance(r, LoadBalancer):
            nodes = []
            known = {a.subnet: a for a in r.node_addresses}
            for sub in r.subnets:
                if sub in taken:
                    public = ALLOCATED if r.scheme == "internet-facing" else None
                    if sub in known:
                        nodes.append(LbNode(r.id, sub, known[sub].private_ip, known[sub].public_ip or public))
                    else:
                        nodes.append(LbNode(r.id, sub, take(sub), public))
            d.lb_nodes[r.id] = nodes
    for r in ordered:
        if isinstance(r, AutoScalingGroup):
            d.members[r.id] = _members(r, res, take)
            for m in d.members[r.id]:
                d.instances[m.instance.id] = m.instance


class _Allocator:
    """Hands out a subnet's free addresses in order (base+4 upward), skipping reserved/taken ones."""

    def __init__(self, cidr: str) -> None:
        net = ipaddress.IPv4Network(cidr)
        self._next = int(net.network_address) + 4
        self._last = int(net.broadcast_address) - 1
        self._used: set[int] = set()

    def reserve(self, ip: str) -> None:
        with contextlib.suppress(OSError):  # not an IPv4 address: nothing to reserve
            self._used.add(int.from_bytes(socket.inet_aton(ip), "big"))

    def take(self) -> str:
        while self._next <= self._last and self._next in self._used:
            self._next += 1
        if self._next > self._last:
            return "0.0.0.0"
        value = self._next
        self._used.add(value)
        self._next += 1
        return socket.inet_ntoa(value.to_bytes(4, "big"))


def _members(asg: AutoScalingGroup, res: dict[str, Any], take: Any) -> list[Member]:
    subnets = [s for s in asg.subnets if isinstance(res.get(s), Subnet)]
    if not subnets:
        return []
    base = asg.name or asg.id
    out = []
    for i in range(1, asg.desired + 1):
        sub_id = subnets[(i - 1) % len(subnets)]
        subnet = res[sub_id]
        wants_public = asg.launch.associate_public_ip
        if wants_public is None:
            wants_public = subnet.map_public_ip_on_launch
        inst = Instance(
            id=f"{asg.id}-{i}",
            name=f"{base}-{i}",
            subnet=sub_id,
            private_ip=take(sub_id),
            public_ip=ALLOCATED if wants_public else None,
            security_groups=asg.launch.security_groups,
            os=asg.launch.os,
            instance_type=asg.launch.instance_type,
            role=asg.launch.role,
        )
        out.append(Member(inst, asg.id, i))
    return out
