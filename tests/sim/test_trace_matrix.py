"""matrix() equals trace() for every pair; exposure() lists what the internet can open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sim_builder import C, custom_nacl, nacl_rule, t0, t_cf, tcp, with_nat

from vpcdesigner.cli.main import main
from vpcdesigner.model import Design, Instance, Route, RouteTable, SecurityGroup, SgRule, Subnet, Vpc, VpcPeering, load
from vpcdesigner.sim import trace
from vpcdesigner.sim.exposure import exposure
from vpcdesigner.sim.matrix import matrix


def _mixed() -> Design:
    """Public and private instances, a split NACL, a peered VPC, a NAT: every kind of class."""
    b = with_nat(t_cf())
    b.add(SecurityGroup(id="sg-any", vpc="vpc-a", inbound=(SgRule(cidr="10.0.0.0/8"), tcp(5432, sg="sg-app"))),
          Instance(id="x1", subnet="pub-a", private_ip="10.0.1.40", public_ip="203.0.113.40",
                   security_groups=("sg-any",)),
          Instance(id="x2", subnet="pub-b", private_ip="10.0.3.41", security_groups=("sg-any", "sg-web")),
          Instance(id="x3", subnet="priv-b", private_ip="10.0.4.42", security_groups=("sg-any",), os="windows-legacy"),
          Vpc(id="vpc-b", cidr="10.20.0.0/16"),
          Subnet(id="b-sub", vpc="vpc-b", cidr="10.20.1.0/24", availability_zone="us-east-1a"),
          VpcPeering(id="pcx-ab", requester_vpc="vpc-a", accepter_vpc="vpc-b"),
          RouteTable(id="rtb-b", vpc="vpc-b", main=True, routes=(Route(destination="10.0.0.0/16", target="pcx-ab"),)),
          SecurityGroup(id="sg-b", vpc="vpc-b", inbound=(tcp(5432, sg="sg-app"), tcp(5432, "10.0.4.0/24"))),
          Instance(id="b1", subnet="b-sub", private_ip="10.20.1.8", security_groups=("sg-b",)))
    b.change("rtb-main", routes=(*b.r["rtb-main"].routes, Route(destination="10.20.0.0/16", target="pcx-ab")))  # type: ignore[attr-defined]
    b.change("sg-db", inbound=(tcp(5432, sg="sg-app"), tcp(5432, "10.0.1.0/25")))
    custom_nacl(b, "acl-split", ("priv-b",),
                (nacl_rule(50, "deny", "tcp", "10.0.1.0/25", (5432, 5432)), nacl_rule(100)),
                (nacl_rule(100, protocol="tcp", ports=(1024, 65535)), nacl_rule(110, cidr="10.0.0.0/16")))
    return b.design()


@pytest.mark.parametrize("port", [5432, 80, 8080])
def test_matrix_equals_trace_for_every_pair(port: int) -> None:
    d = _mixed()
    m = matrix(d, port)
    assert len(m.endpoints) >= 8
    for i, src in enumerate(m.endpoints):
        for j, dst in enumerate(m.endpoints):
            assert bool(m.reachable[i, j]) == bool(trace(d, src, dst, "tcp", port).reachable), (src, dst)
    assert 0 < m.reachable.sum() < m.reachable.size
    assert m.traced_cells < m.reachable.size  # the shared (bulk) path answered part of the matrix


def test_matrix_on_the_sample_and_its_explanation(anycompany_path: Path) -> None:
    d = load(anycompany_path)
    m = matrix(d, 5432)
    assert m.cell("web-asg-1", "db") and not m.cell("db", "web-asg-1")
    assert m.explain(d, "web-asg-1", "db").reachable is True


def test_matrix_icmp_and_all() -> None:
    d = _mixed()
    for proto in ("icmp", "all"):
        m = matrix(d, None, proto)
        for i, src in enumerate(m.endpoints):
            for j, dst in enumerate(m.endpoints):
                assert bool(m.reachable[i, j]) == bool(trace(d, src, dst, proto).reachable), (proto, src, dst)


def test_exposure_lists_what_the_internet_can_open(anycompany_path: Path) -> None:
    found = {(e.component, e.port_from) for e in exposure(load(anycompany_path))}
    assert found == {("cdn", 80), ("cdn", 443), ("store-alb", 443)}
    b = t0()
    custom_nacl(b, "acl-web", ("pub-a",), (nacl_rule(100),), (nacl_rule(100, protocol="tcp", ports=(80, 80)),))
    assert not exposure(b.design())  # replies cannot leave: nothing can really be opened
    found2 = exposure(t0().design())
    assert [(e.component, e.port_from, e.source) for e in found2] == [("web", 80, "203.0.113.254")]
    assert trace(t0().design(), C, "web", "tcp", 80).reachable is True


def test_matrix_and_exposure_cli(capsys: pytest.CaptureFixture[str], anycompany_path: Path) -> None:
    assert main(["matrix", str(anycompany_path), "--port", "5432", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 2 and len(data["reachable"]) == len(data["endpoints"])
    assert main(["matrix", str(anycompany_path), "--port", "5432", "--csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("source")
    assert main(["matrix", str(anycompany_path)]) == 2
    assert "--port" in capsys.readouterr().err
    assert main(["exposure", str(anycompany_path), "--json"]) == 0
    assert {e["component"] for e in json.loads(capsys.readouterr().out)["exposed"]} == {"cdn", "store-alb"}


def test_matrix_equals_trace_on_a_generated_peered_design() -> None:
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_sim import generate

    d = generate(seed=7, vpcs=4, subnets=4, instances=48, groups=16, sg_rules=12, nacls=8, nacl_rules=8)
    for port in (5432, 80):
        m = matrix(d, port)
        got = {(i, j) for i in range(len(m.endpoints)) for j in range(len(m.endpoints)) if m.reachable[i, j]}
        want = {(i, j) for i, src in enumerate(m.endpoints) for j, dst in enumerate(m.endpoints)
                if trace(d, src, dst, "tcp", port).reachable}
        assert got == want
