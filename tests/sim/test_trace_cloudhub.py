"""VPN CloudHub (semantics §8.1): remote sites with VPN connections on one virtual private gateway
reach each other through it; a site without such a VPN does not, and nothing transits a VGW
otherwise."""

from __future__ import annotations

from sim_builder import B, t0

from vpcdesigner.model import (
    CustomerGateway,
    DirectConnect,
    OnPremHost,
    OnPremises,
    VirtualInterface,
    VpnConnection,
    VpnGateway,
)
from vpcdesigner.sim import trace


def hub(routing_b: str = "static") -> B:
    b = t0().add(VpnGateway(id="vgw-a", vpc="vpc-a"))
    for name, cidr, host, ip, cgw_ip in (("branch-1", "172.16.1.0/24", "h1", "172.16.1.10", "192.0.2.1"),
                                        ("branch-2", "172.16.2.0/24", "h2", "172.16.2.10", "192.0.2.2")):
        b.add(OnPremises(id=name, cidrs=(cidr,), hosts=(OnPremHost(name=host, ip=ip),)),
              CustomerGateway(id=f"cgw-{name}", ip=cgw_ip, on_premises=name))
    b.add(VpnConnection(id="vpn-1", customer_gateway="cgw-branch-1", vpn_gateway="vgw-a",
                        static_routes=("172.16.1.0/24",)),
          VpnConnection(id="vpn-2", customer_gateway="cgw-branch-2", vpn_gateway="vgw-a", routing=routing_b,
                        static_routes=("172.16.2.0/24",) if routing_b == "static" else (),
                        bgp_prefixes=("172.16.2.0/24",) if routing_b == "bgp" else ()))
    return b


def test_sites_on_one_vgw_reach_each_other() -> None:
    t = trace(hub().design(), "h1", "h2", "tcp", 22)
    assert t.reachable is True, t.reason
    path = [h.component for h in t.forward]
    assert path.index("vpn-1") < path.index("vgw-a") < path.index("vpn-2") < path.index("branch-2")
    assert "CloudHub" in next(h.explanation for h in t.forward if h.component == "vgw-a")
    back = [h.component for h in t.return_]
    assert back.index("vpn-2") < back.index("vgw-a") < back.index("vpn-1")


def test_cloudhub_works_with_bgp_spokes() -> None:
    assert trace(hub("bgp").design(), "h2", "h1", "udp", 500).reachable is True


def test_a_site_without_a_vpn_on_that_vgw_is_not_a_spoke() -> None:
    b = hub().drop("vpn-2")
    t = trace(b.design(), "h1", "h2", "tcp", 22)
    assert t.reachable is False and t.blocked is not None and t.blocked.component == "branch-1"


def test_direct_connect_sites_do_not_take_part() -> None:
    b = hub().drop("vpn-2").add(DirectConnect(id="dx-2", on_premises="branch-2", virtual_interfaces=(
        VirtualInterface(id="vif-2", type="private", vpn_gateway="vgw-a"),)))
    assert trace(b.design(), "h1", "h2", "tcp", 22).reachable is False


def test_vpc_destinations_still_go_to_the_vpc() -> None:
    t = trace(hub().design(), "h1", "10.0.2.20", "tcp", 22)
    assert all(h.component != "vpn-2" for h in t.forward)
