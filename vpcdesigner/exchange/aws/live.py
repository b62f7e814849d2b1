"""`import_live`: call the describe-* APIs through boto3 (an optional extra), optionally save the
responses in the snapshot layout, then map them with the same code as a saved snapshot.

Credentials and the default region come from the usual AWS configuration (environment,
~/.aws/config, profiles, SSO); nothing here reads or stores them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...model.files import atomic_write
from ..report import ImportResult, Reporter
from .errors import LiveImportError
from .reader import SourceDir, source_from_responses
from .snapshot import map_sources

Progress = Callable[[int, int, str], None]

# (file name, client, operation, result key): one paginated list call each.
LIST_CALLS: tuple[tuple[str, str, str, str], ...] = (
    ("Vpcs.json", "ec2", "describe_vpcs", "Vpcs"),
    ("Subnets.json", "ec2", "describe_subnets", "Subnets"),
    ("RouteTables.json", "ec2", "describe_route_tables", "RouteTables"),
    ("NetworkAcls.json", "ec2", "describe_network_acls", "NetworkAcls"),
    ("SecurityGroups.json", "ec2", "describe_security_groups", "SecurityGroups"),
    ("Reservations.json", "ec2", "describe_instances", "Reservations"),
    ("NatGateways.json", "ec2", "describe_nat_gateways", "NatGateways"),
    ("InternetGateways.json", "ec2", "describe_internet_gateways", "InternetGateways"),
    ("EgressOnlyInternetGateways.json", "ec2", "describe_egress_only_internet_gateways",
     "EgressOnlyInternetGateways"),
    ("VpnGateways.json", "ec2", "describe_vpn_gateways", "VpnGateways"),
    ("VpnConnections.json", "ec2", "describe_vpn_connections", "VpnConnections"),
    ("CustomerGateways.json", "ec2", "describe_customer_gateways", "CustomerGateways"),
    ("VpcPeeringConnections.json", "ec2", "describe_vpc_peering_connections", "VpcPeeringConnections"),
    ("NetworkInterfaces.json", "ec2", "describe_network_interfaces", "NetworkInterfaces"),
    ("Addresses.json", "ec2", "describe_addresses", "Addresses"),
    ("PrefixLists.json", "ec2", "describe_prefix_lists", "PrefixLists"),
    ("VpcEndpoints.json", "ec2", "describe_vpc_endpoints", "VpcEndpoints"),
    ("TransitGateways.json", "ec2", "describe_transit_gateways", "TransitGateways"),
    ("TransitGatewayAttachments.json", "ec2", "describe_transit_gateway_attachments", "TransitGatewayAttachments"),
    ("TransitGatewayVpcAttachments.json", "ec2", "describe_transit_gateway_vpc_attachments",
     "TransitGatewayVpcAttachments"),
    ("TransitGatewayRouteTables.json", "ec2", "describe_transit_gateway_route_tables", "TransitGatewayRouteTables"),
    ("LoadBalancers.json", "elbv2", "describe_load_balancers", "LoadBalancers"),
    ("TargetGroups.json", "elbv2", "describe_target_groups", "TargetGroups"),
    ("ClassicLoadBalancers.json", "elb", "describe_load_balancers", "LoadBalancerDescriptions"),
)
# Calls made once per object found by the list calls (listeners per LB, health per target group, ...).
PER_OBJECT_STEPS = 6


class _Caller:
    """Makes the calls of one region, turning refusals into report lines (partial access is common)."""

    def __init__(self, session: Any, region: str, endpoint_url: str | None, rep: Reporter,
                 progress: Progress | None, total: int) -> None:
        self.session, self.region, self.endpoint_url = session, region, endpoint_url
        self.rep, self.progress, self.total = rep, progress, total
        self.done = 0
        self.clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self.clients:
            self.clients[service] = self.session.client(service, region_name=self.region,
                                                        endpoint_url=self.endpoint_url)
        return self.clients[service]

    def tick(self, what: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, f"{self.region} {what}")

    def items(self, service: str, operation: str, key: str, **kwargs: Any) -> list[Any] | None:
        """Every item of a (paginated) list call, or None when the call was refused."""
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

        client = self.client(service)
        try:
            pages = (client.get_paginator(operation).paginate(**kwargs) if client.can_paginate(operation)
                     else [getattr(client, operation)(**kwargs)])
            out: list[Any] = []
            for page in pages:
                for part in key.split("."):  # "DistributionList.Items": the list sits one level down
                    page = (page.get(part) or {}) if isinstance(page, dict) else {}
                out.extend(page if isinstance(page, list) else [])
            return out
        except NoCredentialsError:
            raise LiveImportError("no AWS credentials found: configure a profile (aws configure) or set "
                                  "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or pass --profile") from None
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = error.get("Code", "error")
            if code in ("AuthFailure", "InvalidClientTokenId", "UnrecognizedClientException", "ExpiredToken"):
                raise LiveImportError(f"AWS refused the credentials ({code}): {error.get('Message', '')}") from None
            self.rep.warning(f"{self.region} {service}.{operation}",
                             f"skipped: the call failed ({code}: {error.get('Message', '')}); "
                             "those resources are missing from the design")
        except BotoCoreError as exc:
            self.rep.warning(f"{self.region} {service}.{operation}", f"skipped: the call failed ({exc})")
        return None


def import_live(profile: str | None = None, regions: list[str] | None = None, progress: Progress | None = None,
                save_snapshot: str | os.PathLike[str] | None = None, endpoint_url: str | None = None) -> ImportResult:
    """Describe the account's networks in each region and map them like a saved snapshot.

    `save_snapshot` writes the raw responses as `<dir>/aws_configs/<region>/<Name>.json`, the
    layout `import_snapshot` reads. `endpoint_url` points every client elsewhere (moto, LocalStack).
    """
    session = _session(profile)
    region_list = list(regions or [])
    if not region_list:
        if not session.region_name:
            raise LiveImportError("no AWS region: pass --region, or set AWS_REGION / a region in the profile")
        region_list = [session.region_name]
    rep = Reporter()
    sources: list[SourceDir] = []
    per_region = len(LIST_CALLS) + PER_OBJECT_STEPS
    total = per_region * len(region_list) + 1  # + Route 53, which is global: described with the first region
    for n, region in enumerate(region_list):
        caller = _Caller(session, region, endpoint_url, rep, progress, total)
        caller.done = n * per_region + (1 if n else 0)
        responses = describe_region(caller)
        if n == 0:
            responses.update(describe_dns(caller))
        if save_snapshot is not None:
            _write(Path(save_snapshot) / "aws_configs" / region, responses)
        sources.append(source_from_responses(f"live:{region}", region, responses, rep))
    if save_snapshot is not None:
        rep.info(str(save_snapshot), f"saved the API responses there ({', '.join(region_list)})")
    return map_sources(sources, rep, f"AWS account ({', '.join(region_list)})", origin="the AWS APIs")


def _session(profile: str | None) -> Any:
    try:
        import boto3
        from botocore.exceptions import ProfileNotFound
    except ImportError:
        raise LiveImportError("live import needs boto3: pip install 'vpcdesigner[aws]'") from None
    try:
        return boto3.session.Session(profile_name=profile)
    except ProfileNotFound:
        raise LiveImportError(f"AWS profile {profile!r} is not configured (see ~/.aws/config)") from None


def describe_region(caller: _Caller) -> dict[str, Any]:
    """File name -> response, in the same shapes as `aws ec2 describe-*` (plus Batfish's ELB files)."""
    out: dict[str, Any] = {}
    for file, service, operation, key in LIST_CALLS:
        items = caller.items(service, operation, key)
        caller.tick(operation)
        if items is not None:
            out[file] = {key: items}
    out["VpcAttributes.json"] = {"VpcAttributes": _vpc_attributes(caller, out)}
    caller.tick("describe_vpc_attribute")
    prefix_lists = caller.items("ec2", "describe_managed_prefix_lists", "PrefixLists") or []
    for pl in prefix_lists:
        if pl.get("OwnerId") != "AWS":
            pl["Entries"] = caller.items("ec2", "get_managed_prefix_list_entries", "Entries",
                                         PrefixListId=pl["PrefixListId"]) or []
    out["ManagedPrefixLists.json"] = {"ManagedPrefixLists": [p for p in prefix_lists if p.get("OwnerId") != "AWS"]}
    caller.tick("describe_managed_prefix_lists")
    _tgw_details(caller, out)
    _elb_details(caller, out)
    return out


def _vpc_attributes(caller: _Caller, out: dict[str, Any]) -> list[dict[str, Any]]:
    """DNS support / hostnames per VPC (describe-vpc-attribute answers one attribute per call)."""
    from botocore.exceptions import BotoCoreError, ClientError

    found = []
    for vpc in (out.get("Vpcs.json") or {}).get("Vpcs", []):
        entry: dict[str, Any] = {"VpcId": vpc["VpcId"]}
        for attribute, key in (("enableDnsSupport", "EnableDnsSupport"), ("enableDnsHostnames", "EnableDnsHostnames")):
            try:
                answer = caller.client("ec2").describe_vpc_attribute(VpcId=vpc["VpcId"], Attribute=attribute)
                entry[key] = answer.get(key, {})
            except (ClientError, BotoCoreError) as exc:
                caller.rep.warning(f"{caller.region} ec2.describe_vpc_attribute", f"{vpc['VpcId']} {attribute}: {exc}")
        found.append(entry)
    return found


def describe_dns(caller: _Caller) -> dict[str, Any]:
    """The global services: Route 53 zones with their record sets (and private zones' VPCs), CloudFront."""
    from botocore.exceptions import BotoCoreError, ClientError

    zones = caller.items("route53", "list_hosted_zones", "HostedZones") or []
    for zone in zones:
        zone["ResourceRecordSets"] = caller.items("route53", "list_resource_record_sets", "ResourceRecordSets",
                                                  HostedZoneId=zone["Id"]) or []
        if (zone.get("Config") or {}).get("PrivateZone"):
            try:
                zone["VPCs"] = caller.client("route53").get_hosted_zone(Id=zone["Id"]).get("VPCs", [])
            except (ClientError, BotoCoreError) as exc:
                caller.rep.warning("route53.get_hosted_zone", f"{zone['Id']}: {exc}; its VPCs are unknown")
    distributions = caller.items("cloudfront", "list_distributions", "DistributionList.Items") or []
    caller.tick("route53, cloudfront")
    return {"HostedZones.json": {"HostedZones": zones},
            "Distributions.json": {"DistributionList": {"Items": distributions}}}


def _tgw_details(caller: _Caller, out: dict[str, Any]) -> None:
    tables = (out.get("TransitGatewayRouteTables.json") or {}).get("TransitGatewayRouteTables", [])
    props, statics = [], []
    for t in tables:
        rtb = t.get("TransitGatewayRouteTableId")
        found = caller.items("ec2", "get_transit_gateway_route_table_propagations",
                             "TransitGatewayRouteTablePropagations", TransitGatewayRouteTableId=rtb)
        props.append({"TransitGatewayRouteTableId": rtb, "TransitGatewayRouteTablePropagations": found or []})
        routes = caller.items("ec2", "search_transit_gateway_routes", "Routes", TransitGatewayRouteTableId=rtb,
                              Filters=[{"Name": "type", "Values": ["static"]}])
        statics.append({"TransitGatewayRouteTableId": rtb, "Routes": routes or []})
    out["TransitGatewayPropagations.json"] = {"TransitGatewayPropagations": props}
    out["TransitGatewayStaticRoutes.json"] = {"TransitGatewayStaticRoutes": statics}
    caller.tick("transit gateway routes")


def _elb_details(caller: _Caller, out: dict[str, Any]) -> None:
    lbs = (out.get("LoadBalancers.json") or {}).get("LoadBalancers", [])
    listeners, rules = [], []
    for lb in lbs:
        found = caller.items("elbv2", "describe_listeners", "Listeners", LoadBalancerArn=lb["LoadBalancerArn"]) or []
        listeners.append({"LoadBalancerArn": lb["LoadBalancerArn"], "Listeners": found})
        for lst in found:
            got = caller.items("elbv2", "describe_rules", "Rules", ListenerArn=lst["ListenerArn"])
            rules.append({"ListenerArn": lst["ListenerArn"], "Rules": got or []})
    caller.tick("describe_listeners")
    out["LoadBalancerListeners.json"] = {"LoadBalancerListeners": listeners}
    out["LoadBalancerRules.json"] = {"LoadBalancerRules": rules}
    caller.tick("describe_rules")
    health = []
    for tg in (out.get("TargetGroups.json") or {}).get("TargetGroups", []):
        described = caller.items("elbv2", "describe_target_health", "TargetHealthDescriptions",
                                 TargetGroupArn=tg["TargetGroupArn"])
        health.append({"TargetGroupArn": tg["TargetGroupArn"], "TargetHealthDescriptions": described or []})
    out["LoadBalancerTargetHealth.json"] = {"LoadBalancerTargetHealth": health}
    caller.tick("describe_target_health")


def _write(folder: Path, responses: dict[str, Any]) -> None:
    """Each file atomically, so an interrupted run never leaves a half-written JSON file."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in responses.items():
        atomic_write(folder / name, (json.dumps(data, indent=1, default=str, sort_keys=True) + "\n").encode())
