"""The reference inverse for the remaining kinds, and the whole-design round trip.

With test_cfn_export_inverse.rebuild this reads every kind back from the resolved template plus
Metadata; the rebuilt design must equal the exported one, field for field, so the simulation
gives the same verdicts. It documents by example what the real import mapper has to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cfn_export_every_kind import every_kind_design
from test_cfn_export_inverse import SAMPLES, Back, rebuild

from vpcdesigner.exchange.cloudformation import AttrRef, ResourceRef
from vpcdesigner.model import CLASS_FOR_KIND, Design, Document, load


def _owned(back: Back, cfn_type: str, key: str, rid: str) -> list[dict[str, Any]]:
    """Helper resources of `cfn_type` whose `key` refers to design object `rid`, in document order."""
    return [p for _, p in back.of_type(cfn_type) if isinstance(p.get(key), ResourceRef) and back.id_of(p[key]) == rid]


def _network_extras(back: Back, out: dict[str, Any]) -> None:
    for lid, p in back.of_type("AWS::EC2::PrefixList"):
        rid = back.to_design[lid]
        out[rid] = back.finish(rid, "prefix-list", {
            "address_family": p["AddressFamily"], "max_entries": p["MaxEntries"],
            "entries": [e["Cidr"] for e in p.get("Entries", [])]}, p)
    for lid, p in back.of_type("AWS::EC2::VPCEndpoint"):
        rid = back.to_design[lid]
        out[rid] = back.finish(rid, "vpc-endpoint", {
            "vpc": back.id_of(p["VpcId"]), "service": p["ServiceName"].rsplit(".", 1)[1],
            "route_tables": [back.id_of(t) for t in p.get("RouteTableIds", [])]}, p)
    for cfn_type, kind, key in (("AWS::EC2::InternetGateway", "internet-gateway", "InternetGatewayId"),
                                ("AWS::EC2::VPNGateway", "vpn-gateway", "VpnGatewayId")):
        for lid, p in back.of_type(cfn_type):
            rid = back.to_design[lid]
            attached = _owned(back, "AWS::EC2::VPCGatewayAttachment", key, rid)
            fields = {"vpc": back.id_of(attached[0]["VpcId"]) if attached else None}
            if kind == "vpn-gateway":
                fields["amazon_asn"] = p["AmazonSideAsn"]
            out[rid] = back.finish(rid, kind, fields, p)
    for lid, p in back.of_type("AWS::EC2::EgressOnlyInternetGateway"):
        rid = back.to_design[lid]
        out[rid] = back.finish(rid, "egress-only-internet-gateway", {"vpc": back.id_of(p["VpcId"])}, p)
    for lid, p in back.of_type("AWS::EC2::NatGateway"):
        rid = back.to_design[lid]
        out[rid] = back.finish(rid, "nat-gateway", {
            "subnet": back.id_of(p["SubnetId"]), "connectivity": p["ConnectivityType"],
            "private_ip": p.get("PrivateIpAddress"), "elastic_ip": "allocated" if "AllocationId" in p else None}, p)


def _hybrid(back: Back, out: dict[str, Any]) -> None:
    for lid, p in back.of_type("AWS::EC2::CustomerGateway"):
        rid = back.to_design[lid]
        out[rid] = back.finish(rid, "customer-gateway", {"ip": p["IpAddress"], "bgp_asn": p["BgpAsn"]}, p)
    for lid, p in back.of_type("AWS::EC2::VPNConnection"):
        rid = back.to_design[lid]
        out[rid] = back.finish(rid, "vpn-connection", {
            "customer_gateway": back.id_of(p["CustomerGatewayId"]),
            "vpn_gateway": back.id_of(p["VpnGatewayId"]) if "VpnGatewayId" in p else None,
            "transit_gateway": back.id_of(p["TransitGatewayId"]) if "TransitGatewayId" in p else None,
            "routing": "static" if p["StaticRoutesOnly"] else "bgp",
            "static_routes": [r["DestinationCidrBlock"]
                              for r in _owned(back, "AWS::EC2::VPNConnectionRoute", "VpnConnectionId", rid)]}, p)
    for lid, p in back.of_type("AWS::EC2::VPCPeeringConnection"):
        rid = back.to_design[lid]
        out[rid] = back.finish(rid, "vpc-peering", {"requester_vpc": back.id_of(p["VpcId"]),
                                                    "accepter_vpc": back.id_of(p["PeerVpcId"])}, p)
    for lid, p in back.of_type("AWS::EC2::TransitGateway"):
        rid = back.to_design[lid]
        attachments = []
        for att_lid, a in back.of_type("AWS::EC2::TransitGatewayVpcAttachment"):
            if back.id_of(a["TransitGatewayId"]) == rid:
                attachments.append({"id": back.to_design[att_lid], "vpc": back.id_of(a["VpcId"]),
                                    "subnets": [back.id_of(s) for s in a["SubnetIds"]],
                                    "security_group_referencing":
                                        a.get("Options", {}).get("SecurityGroupReferencingSupport") == "enable"})
        for att_lid, a in back.of_type("AWS::EC2::TransitGatewayPeeringAttachment"):
            if back.id_of(a["TransitGatewayId"]) == rid:
                attachments.append({"id": back.to_design[att_lid], "type": "peering",
                                    "peer_transit_gateway": back.id_of(a["PeerTransitGatewayId"])})
        tables = []
        for table_lid, t in back.of_type("AWS::EC2::TransitGatewayRouteTable"):
            if back.id_of(t["TransitGatewayId"]) != rid:
                continue
            table_id = back.to_design[table_lid]
            routes = [{"destination": r["DestinationCidrBlock"], "blackhole": bool(r.get("Blackhole")),
                       "attachment": back.id_of(r["TransitGatewayAttachmentId"])
                       if "TransitGatewayAttachmentId" in r else None}
                      for r in _owned(back, "AWS::EC2::TransitGatewayRoute", "TransitGatewayRouteTableId", table_id)]
            links = {word: [back.id_of(a["TransitGatewayAttachmentId"]) for a in _owned(
                back, f"AWS::EC2::TransitGatewayRouteTable{word}", "TransitGatewayRouteTableId", table_id)]
                for word in ("Association", "Propagation")}
            name = next((tag["Value"] for tag in t.get("Tags", []) if tag["Key"] == "Name"), "")
            tables.append({"id": table_id, "name": name, "routes": routes,
                           "associations": links["Association"], "propagations": links["Propagation"]})
        out[rid] = back.finish(rid, "transit-gateway", {
            "amazon_asn": p["AmazonSideAsn"], "description": p.get("Description", ""),
            "attachments": attachments, "route_tables": tables}, p)


def _action(back: Back, action: dict[str, Any]) -> dict[str, Any]:
    kind = action["Type"]
    out: dict[str, Any] = {"action": kind}
    if kind == "forward":
        out["target_group"] = back.id_of(action["TargetGroupArn"])
    return out


def _compute(back: Back, out: dict[str, Any]) -> None:
    for lid, p in back.of_type("AWS::EC2::NetworkInterface"):
        rid = back.to_design[lid]
        attached = _owned(back, "AWS::EC2::NetworkInterfaceAttachment", "NetworkInterfaceId", rid)
        public = _owned(back, "AWS::EC2::EIPAssociation", "NetworkInterfaceId", rid)
        out[rid] = back.finish(rid, "network-interface", {
            "subnet": back.id_of(p["SubnetId"]), "description": p.get("Description", ""),
            "private_ip": p.get("PrivateIpAddress"), "security_groups": [back.id_of(g) for g in p.get("GroupSet", [])],
            "source_dest_check": p["SourceDestCheck"], "public_ip": "allocated" if public else None,
            "instance": back.id_of(attached[0]["InstanceId"]) if attached else None}, p)
    for lid, p in back.of_type("AWS::AutoScaling::AutoScalingGroup"):
        rid = back.to_design[lid]
        data = back.props[p["LaunchTemplate"]["LaunchTemplateId"].logical_id]["LaunchTemplateData"]
        nic = data.get("NetworkInterfaces", [{}])[0]
        launch = {"instance_type": data["InstanceType"], "associate_public_ip": nic.get("AssociatePublicIpAddress"),
                  "security_groups": [back.id_of(g) for g in data.get("SecurityGroupIds") or nic.get("Groups", [])]}
        out[rid] = back.finish(rid, "auto-scaling-group", {
            "subnets": [back.id_of(s) for s in p["VPCZoneIdentifier"]], "min_size": int(p["MinSize"]),
            "max_size": int(p["MaxSize"]), "desired": int(p["DesiredCapacity"]), "launch": launch,
            "target_groups": [back.id_of(t) for t in p.get("TargetGroupARNs", [])]}, p)
    for lid, p in back.of_type("AWS::ElasticLoadBalancingV2::TargetGroup"):
        rid = back.to_design[lid]
        targets = [{"target" if isinstance(t["Id"], ResourceRef) else "ip":
                    back.id_of(t["Id"]) if isinstance(t["Id"], ResourceRef) else t["Id"], "port": t.get("Port")}
                   for t in p.get("Targets", [])]
        check = {"protocol": p["HealthCheckProtocol"], "port": p["HealthCheckPort"],
                 "path": p.get("HealthCheckPath", "/"), "interval": p["HealthCheckIntervalSeconds"],
                 "timeout": p["HealthCheckTimeoutSeconds"], "healthy_threshold": p["HealthyThresholdCount"],
                 "unhealthy_threshold": p["UnhealthyThresholdCount"]}
        if check["port"] != "traffic-port":
            check["port"] = int(check["port"])
        out[rid] = back.finish(rid, "target-group", {
            "vpc": back.id_of(p["VpcId"]), "protocol": p["Protocol"], "port": p["Port"],
            "target_type": p["TargetType"], "targets": targets, "health_check": check}, p)


def _balancers(back: Back, out: dict[str, Any]) -> None:
    for lid, p in back.of_type("AWS::ElasticLoadBalancingV2::LoadBalancer"):
        rid = back.to_design[lid]
        listeners = []
        for listener_lid, listener in back.of_type("AWS::ElasticLoadBalancingV2::Listener"):
            if back.id_of(listener["LoadBalancerArn"]) != rid:
                continue
            default = listener["DefaultActions"][0]
            body: dict[str, Any] = {"protocol": listener["Protocol"], "port": listener["Port"]}
            action = _action(back, default)
            body["default_action"] = action.pop("action")
            body.update(action)
            if "Port" in default.get("RedirectConfig", {}):
                body["redirect_port"] = int(default["RedirectConfig"]["Port"])
            rules = []
            for _, r in back.of_type("AWS::ElasticLoadBalancingV2::ListenerRule"):
                if r["ListenerArn"].logical_id != listener_lid:
                    continue
                rule = {"priority": r["Priority"], **_action(back, r["Actions"][0])}
                for condition in r["Conditions"]:
                    field = "path_pattern" if condition["Field"] == "path-pattern" else "host_header"
                    rule[field] = condition.get("PathPatternConfig", condition.get("HostHeaderConfig"))["Values"][0]
                rules.append(rule)
            listeners.append({**body, "rules": rules})
        out[rid] = _lb(back, rid, p, p["Type"], listeners, [])
    for lid, p in back.of_type("AWS::ElasticLoadBalancing::LoadBalancer"):
        rid = back.to_design[lid]
        listeners = [{"protocol": x["Protocol"], "port": int(x["LoadBalancerPort"]),
                      "instance_port": int(x["InstancePort"])} for x in p["Listeners"]]
        out[rid] = _lb(back, rid, p, "classic", listeners, [back.id_of(i) for i in p.get("Instances", [])])


def _lb(back: Back, rid: str, p: dict[str, Any], kind: str, listeners: list[Any], instances: list[str]) -> Any:
    subnets = [back.id_of(s) for s in p.get("Subnets", [])]
    return back.finish(rid, "load-balancer", {
        "type": kind, "scheme": p["Scheme"], "subnets": subnets, "listeners": listeners, "instances": instances,
        "security_groups": [back.id_of(g) for g in p.get("SecurityGroups", [])],
        "vpc": back.vpc_of_subnet.get(subnets[0]) if subnets else None}, p)


def _edge(back: Back, out: dict[str, Any]) -> None:
    for lid, p in back.of_type("AWS::CloudFront::Distribution"):
        rid = back.to_design[lid]
        config = p["DistributionConfig"]
        origins = []
        for o in config["Origins"]:
            body: dict[str, Any] = {"id": o["Id"]}
            if isinstance(o["DomainName"], AttrRef):
                body["target"] = back.to_design[o["DomainName"].logical_id]
            else:
                body["domain_name"] = o["DomainName"]
            if "S3OriginConfig" in o:
                body["type"] = "s3"
            else:
                custom = o.get("CustomOriginConfig")
                if "VpcOriginConfig" in o:  # settings live on the AWS::CloudFront::VpcOrigin
                    holder = back.props[o["VpcOriginConfig"]["VpcOriginId"].logical_id]
                    custom = holder["VpcOriginEndpointConfig"]
                    body["vpc_origin"] = True
                body.update({"http_port": custom["HTTPPort"], "https_port": custom["HTTPSPort"],
                             "protocol_policy": custom["OriginProtocolPolicy"]})
            origins.append(body)
        behaviour = config["DefaultCacheBehavior"]
        out[rid] = back.finish(rid, "cloudfront", {
            "origins": origins, "default_origin": behaviour["TargetOriginId"],
            "viewer_protocol_policy": behaviour["ViewerProtocolPolicy"], "ipv6": config["IPV6Enabled"]}, p)
    for lid, p in back.of_type("AWS::Route53::HostedZone"):
        rid = back.to_design[lid]
        records = []
        for group in _owned(back, "AWS::Route53::RecordSetGroup", "HostedZoneId", rid):
            for r in group["RecordSets"]:
                body = {"name": r["Name"], "type": r["Type"]}
                alias = r.get("AliasTarget")
                if alias is None:
                    body.update({"ttl": int(r["TTL"]), "values": r["ResourceRecords"]})
                elif isinstance(alias["DNSName"], AttrRef):
                    body["alias"] = {"target": back.to_design[alias["DNSName"].logical_id],
                                     "evaluate_health": alias["EvaluateTargetHealth"]}
                else:
                    body["alias"] = {"record": alias["DNSName"], "evaluate_health": alias["EvaluateTargetHealth"]}
                records.append(body)
        vpcs = [back.id_of(v["VPCId"]) for v in p.get("VPCs", [])]
        out[rid] = back.finish(rid, "hosted-zone", {
            "zone_name": p["Name"], "private": bool(vpcs), "vpcs": vpcs, "records": records,
            "description": p.get("HostedZoneConfig", {}).get("Comment", "")}, p)


def rebuild_design(back: Back) -> Design:
    out = rebuild(back)
    back.vpc_of_subnet = {rid: obj.vpc for rid, obj in out.items() if obj.kind == "subnet"}
    for part in (_network_extras, _hybrid, _compute, _balancers, _edge):
        part(back, out)
    for rid, item in back.offline.items():
        out[rid] = CLASS_FOR_KIND[item["kind"]].model_validate(item)
    meta = back.meta
    return Design.model_validate({
        "name": meta["design"]["name"], "description": meta["design"]["description"], "resources": out,
        "layout": meta["layout"], "notes": meta["notes"], "scenarios": meta["scenarios"]})


@pytest.mark.parametrize("which", [*SAMPLES, "every_kind"], ids=[*(p.name for p in SAMPLES), "every_kind"])
def test_the_whole_design_comes_back_from_template_plus_metadata(which: Path | str, tmp_path: Path) -> None:
    design = every_kind_design() if which == "every_kind" else load(which)
    rebuilt = rebuild_design(Back(design, tmp_path))
    assert set(rebuilt.resources) == set(design.resources)
    for rid, obj in design.resources.items():
        assert rebuilt.resources[rid] == obj, rid
    assert rebuilt == design


_IDS = sorted(every_kind_design().resources)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(removed=st.lists(st.sampled_from(_IDS), max_size=12, unique=True))
def test_designs_with_pieces_missing_still_come_back_exactly(removed: list[str], tmp_path: Path) -> None:
    """Whatever the user deleted (and what cascaded with it), export + inverse is the identity."""
    doc = Document(every_kind_design())
    doc.remove(removed)
    design = doc.snapshot()
    target = tmp_path / f"case{len(list(tmp_path.iterdir()))}"
    target.mkdir()
    assert rebuild_design(Back(design, target)) == design
