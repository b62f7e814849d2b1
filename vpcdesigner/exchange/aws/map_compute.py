"""Addresses and compute from describe-*: Elastic IPs, NAT gateways, instances and network interfaces."""

from __future__ import annotations

from typing import Any

from ...model import Instance, NatGateway, NetworkInterface
from .context import Ctx, id_list, known, list_at, name_and_tags, obj_at, tags_of, text

GONE_INSTANCE = ("terminated", "shutting-down")
# ENIs that belong to an AWS service: the service's own resource carries their meaning.
SERVICE_ENI_TYPES = {
    "nat_gateway": "a NAT gateway", "network_load_balancer": "a load balancer", "load_balancer": "a load balancer",
    "vpc_endpoint": "an interface endpoint", "gateway_load_balancer": "a load balancer",
    "gateway_load_balancer_endpoint": "a Gateway Load Balancer endpoint", "transit_gateway": "a transit gateway",
    "lambda": "a Lambda function", "efs": "an EFS mount target", "api_gateway_managed": "API Gateway",
    "interface_endpoint": "an interface endpoint", "quicksight": "QuickSight",
}


def scan_addresses(ctx: Ctx) -> None:
    for e in ctx.entries("Addresses"):
        ip = text(e.obj, "PublicIp")
        if ip:
            ctx.elastic_ips.add(ip)
            if not (text(e.obj, "InstanceId") or text(e.obj, "NetworkInterfaceId")):
                ctx.rep.info(e.where, f"skipped Elastic IP {ip}: not associated with anything")


def map_nat_gateways(ctx: Ctx) -> None:
    for e in ctx.entries("NatGateways"):
        o = e.obj
        nat, subnet = text(o, "NatGatewayId"), text(o, "SubnetId")
        if nat is None or o.get("State") in ("deleted", "deleting", "failed"):
            ctx.rep.info(e.where, f"skipped NAT gateway {nat}: state {o.get('State')}")
            continue
        if not ctx.has(subnet, "subnet"):
            ctx.rep.warning(e.where, f"skipped NAT gateway {nat}: subnet {subnet} is not in the snapshot")
            continue
        addresses = [a for a in list_at(o, "NatGatewayAddresses") if isinstance(a, dict)]
        first = next((a for a in addresses if a.get("IsPrimary", True)), addresses[0] if addresses else {})
        private = (o.get("ConnectivityType") or "public") == "private"
        public_ip = None if private else text(first, "PublicIp")
        if not private and public_ip is None:
            ctx.rep.warning(e.where, f"placeholder: NAT gateway {nat} has no public IP in the snapshot; "
                                     "marked 'allocated'")
            public_ip = "allocated"
        made = ctx.add(NatGateway, e.where, {
            "id": nat, **name_and_tags(o, ctx, nat), "subnet": subnet,
            "connectivity": "private" if private else "public", "private_ip": text(first, "PrivateIp"),
            "elastic_ip": public_ip,
        })
        if made is not None:
            for a in addresses:
                if text(a, "NetworkInterfaceId"):
                    ctx.alias[a["NetworkInterfaceId"]] = nat


def map_instances(ctx: Ctx) -> None:
    """Instances; their secondary interfaces wait in `ctx.pending` for `map_interfaces`."""
    groups: dict[str, list[str]] = {}
    for e in ctx.entries("Reservations"):
        for i, o in enumerate(list_at(e.obj, "Instances")):
            if isinstance(o, dict):
                ctx.pending += _instance(ctx, f"{e.where}.Instances[{i}]", o)
                group = tags_of(o, ctx, str(o.get("InstanceId"))).get("aws:autoscaling:groupName")
                if group and ctx.has(o.get("InstanceId"), "instance"):
                    groups.setdefault(group, []).append(o["InstanceId"])
    for group, members in sorted(groups.items()):
        ctx.rep.info(f"Auto Scaling group {group}", f"its {len(members)} running instance(s) are imported as plain "
                                                    f"instances ({', '.join(members)})")


def _instance(ctx: Ctx, where: str, o: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    iid, subnet = text(o, "InstanceId"), text(o, "SubnetId")
    state = obj_at(o, "State").get("Name") if isinstance(o.get("State"), dict) else None
    if iid is None or state in GONE_INSTANCE:
        ctx.rep.info(where, f"skipped instance {iid}: state {state}")
        return []
    if subnet is None or not ctx.has(subnet, "subnet"):
        ctx.rep.warning(where, f"skipped instance {iid}: subnet {subnet} is not in the snapshot")
        return []
    enis = [n for n in list_at(o, "NetworkInterfaces") if isinstance(n, dict)]
    primary = next((n for n in enis if obj_at(n, "Attachment").get("DeviceIndex") == 0), None)
    public_ip = text(o, "PublicIpAddress")
    owner = obj_at(primary or {}, "Association").get("IpOwnerId")
    elastic = public_ip is not None and (public_ip in ctx.elastic_ips or owner not in (None, "amazon"))
    extra = name_and_tags(o, ctx, iid)
    if state in ("stopped", "stopping"):
        extra["description"] = f"{state.capitalize()} when the snapshot was taken"
        ctx.rep.warning(where, f"instance {iid} was {state}: imported as it is configured; "
                               "it would not answer until started")
    sgs = known(ctx, where, iid, id_list(o.get("SecurityGroups"), "GroupId"), "security-group")
    platform = (text(o, "Platform") or text(o, "PlatformDetails") or "").lower()
    made = ctx.add(Instance, where, {
        "id": iid, **extra, "subnet": subnet, "private_ip": text(o, "PrivateIpAddress"),
        "public_ip": public_ip, "public_ip_type": "elastic" if elastic else "auto",
        "security_groups": sgs, "source_dest_check": o.get("SourceDestCheck") is not False,
        "os": "windows" if "windows" in platform else "linux", "instance_type": text(o, "InstanceType") or "t3.micro",
    })
    if made is None:
        return []
    out = []
    for n in enis:
        eni = text(n, "NetworkInterfaceId")
        if eni is None:
            continue
        if n is primary:
            _unmodelled_addresses(ctx, where, iid, n)
            ctx.alias[eni] = iid
        else:
            out.append((where, n, iid))
    return out


def map_interfaces(ctx: Ctx) -> None:
    """Secondary interfaces of instances and free-standing ones; service-owned ENIs are reported."""
    todo, ctx.pending = ctx.pending, []
    for e in ctx.entries("NetworkInterfaces"):
        attachment = obj_at(e.obj, "Attachment")
        todo.append((e.where, e.obj, text(attachment, "InstanceId") or ""))
    for where, o, instance in todo:
        eni = text(o, "NetworkInterfaceId")
        if eni is None or eni in ctx.alias or eni in ctx.resources:
            continue
        attachment = obj_at(o, "Attachment")
        if attachment.get("DeviceIndex") == 0 and ctx.has(instance, "instance"):
            ctx.alias[eni] = instance
            continue
        owner = _service_owner(o)
        if owner is not None:
            ctx.rep.info(where, f"skipped interface {eni} ({o.get('PrivateIpAddress')}): it belongs to {owner}")
            continue
        subnet = text(o, "SubnetId")
        if not ctx.has(subnet, "subnet"):
            ctx.rep.warning(where, f"skipped interface {eni}: subnet {subnet} is not in the snapshot")
            continue
        groups = known(ctx, where, eni, id_list(o.get("Groups"), "GroupId"), "security-group")
        _unmodelled_addresses(ctx, where, eni, o)
        ctx.add(NetworkInterface, where, {
            "id": eni, **name_and_tags(o, ctx, eni, text(o, "Description") or ""), "subnet": subnet,
            "private_ip": text(o, "PrivateIpAddress"), "public_ip": text(obj_at(o, "Association"), "PublicIp"),
            "security_groups": groups, "source_dest_check": o.get("SourceDestCheck") is not False,
            "instance": instance if ctx.has(instance, "instance") else None,
        })


def _unmodelled_addresses(ctx: Ctx, where: str, owner: str, eni: dict[str, Any]) -> None:
    """Secondary private IPs and IPv6 addresses are not modelled: say so rather than drop them silently."""
    extra = [a.get("PrivateIpAddress") for a in list_at(eni, "PrivateIpAddresses")
             if isinstance(a, dict) and a.get("Primary") is False]
    ipv6 = [a.get("Ipv6Address") for a in list_at(eni, "Ipv6Addresses") if isinstance(a, dict)]
    if extra or ipv6:
        listed = ", ".join(str(a) for a in extra + ipv6)
        ctx.rep.info(where, f"{owner}: secondary/IPv6 addresses are not modelled ({listed})")


def _service_owner(o: dict[str, Any]) -> str | None:
    kind = text(o, "InterfaceType") or ""
    if kind in SERVICE_ENI_TYPES:
        return SERVICE_ENI_TYPES[kind]
    description = text(o, "Description") or ""
    if description.startswith("ELB "):
        return f"load balancer {description[4:]} (its node address)"
    if description.startswith(("Interface for NAT Gateway", "Network Interface for Transit Gateway")):
        return description
    if o.get("RequesterManaged") is True:
        return f"an AWS service ({description or 'requester-managed'})"
    return None

