"""Endpoint rules added for issue 3's follow-ups: network interfaces by id or name, a load balancer
node named by its address (its listeners decide), and stand-ins from imports ("placeholder:")
making the answer unknown when the path rests on them."""

from __future__ import annotations

import pytest
from sim_builder import C, t0, t_alb, tcp

from vpcdesigner.model import NetworkInterface, SecurityGroup, SgRule, Subnet, Vpc
from vpcdesigner.sim import TraceInputError, trace
from vpcdesigner.sim.topology import topology


def with_enis() -> object:
    b = t0()
    b.add(SecurityGroup(id="sg-eni", vpc="vpc-a", inbound=(tcp(8443, "10.0.0.0/16"),)),
          NetworkInterface(id="eni-loose", name="spare-nic", subnet="priv-a", private_ip="10.0.2.77",
                           security_groups=("sg-eni",)),
          NetworkInterface(id="eni-app2", name="app-second-nic", subnet="priv-b", private_ip="10.0.4.77",
                           security_groups=("sg-eni",), instance="app"))
    return b


@pytest.mark.parametrize("name", ["eni-loose", "spare-nic", "eni-app2", "app-second-nic"])
def test_network_interface_by_id_or_name(name: str) -> None:
    d = with_enis().design()  # type: ignore[attr-defined]
    ok = trace(d, "web", name, "tcp", 8443)
    assert ok.reachable is True, ok.reason
    assert ok.packet.dst in ("10.0.2.77", "10.0.4.77")
    # its own security group decides, not the instance's
    no = trace(d, "web", name, "tcp", 22)
    assert no.blocked is not None and no.blocked.component == "sg-eni"


def test_network_interface_as_source_uses_its_own_address() -> None:
    d = with_enis().design()  # type: ignore[attr-defined]
    t = trace(d, "app-second-nic", "db", "tcp", 5432)
    assert t.packet.src == "10.0.4.77"


def test_network_interface_without_address_is_an_input_error() -> None:
    b = with_enis().add(NetworkInterface(id="eni-none", subnet="priv-a"))  # type: ignore[attr-defined]
    with pytest.raises(TraceInputError, match="eni-none"):
        trace(b.design(), "web", "eni-none", "tcp", 22)


def test_load_balancer_node_address_is_answered_by_its_listeners() -> None:
    b = t_alb()
    b.change("sg-alb", inbound=(tcp(443, "0.0.0.0/0"), tcp(81, "0.0.0.0/0")))
    d = b.design()
    node = topology(d).enis_of_component["alb-1"][1]
    refused = trace(d, "app", node.private_ip, "tcp", 81)
    assert refused.reachable is False and refused.blocked is not None
    assert refused.blocked.reason == "ELB_NO_LISTENER" and refused.blocked.component == "alb-1"
    accepted = trace(d, "app", node.private_ip, "tcp", 443)
    assert accepted.reachable is True, accepted.reason
    assert len(accepted.legs) == 1 and accepted.packet.dst == node.private_ip  # the node was the question
    # named by id, the same load balancer goes on to a target
    assert len(trace(d, C, "alb-1", "tcp", 443).legs) == 2


def stand_in_design() -> object:
    """T0 plus a stand-in VPC/subnet an importer invented, with a host whose SG comes from the design."""
    b = t0()
    b.add(Vpc(id="vpc-x", cidr="172.31.0.0/16", description="placeholder: defined outside the templates (vpc-x)"),
          Subnet(id="sub-x", vpc="vpc-x", cidr="172.31.0.0/20", availability_zone="us-east-1a",
                 description="placeholder: defined outside the templates (sub-x); address block and AZ invented"),
          SecurityGroup(id="sg-x", vpc="vpc-x", inbound=(tcp(22, "0.0.0.0/0"),)),
          SecurityGroup(id="sg-ext", vpc="vpc-x", description="placeholder: its rules are unknown"))
    from vpcdesigner.model import Instance
    b.add(Instance(id="host-x", subnet="sub-x", private_ip="172.31.0.10", security_groups=("sg-x",)),
          Instance(id="host-ext", subnet="sub-x", private_ip="172.31.0.11", security_groups=("sg-ext",)))
    return b


def test_stop_at_a_network_hop_of_a_stand_in_is_unknown() -> None:
    d = stand_in_design().design()  # type: ignore[attr-defined]
    t = trace(d, C, "host-x", "tcp", 22)  # no public IP, no gateway: both unknown for a stand-in
    assert t.reachable is None and t.client_sees == "unknown"
    assert "sub-x" in t.reason and "stand-in" in t.reason


def test_a_rule_the_design_defines_still_decides_inside_a_stand_in() -> None:
    d = stand_in_design().design()  # type: ignore[attr-defined]
    assert trace(d, "172.31.0.50", "host-x", "tcp", 22).reachable is True
    no = trace(d, "172.31.0.50", "host-x", "tcp", 80)
    assert no.reachable is False and no.blocked is not None and no.blocked.component == "sg-x"


def test_a_stand_in_security_group_makes_its_no_unknown() -> None:
    d = stand_in_design().design()  # type: ignore[attr-defined]
    t = trace(d, "host-x", "host-ext", "tcp", 22)
    assert t.reachable is None and "sg-ext" in t.reason


def test_designs_without_stand_ins_keep_their_no() -> None:
    t = trace(t0().design(), C, "app", "tcp", 22)
    assert t.reachable is False and t.blocked is not None
    d = t0().design()
    assert topology(d).standins == {}
    _ = SgRule
