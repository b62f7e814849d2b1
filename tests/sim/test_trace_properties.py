"""Property: on random small designs the matrix equals trace for every pair, and trace never crashes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sim_builder import B, t0, with_nat

from vpcdesigner.model import (
    Instance,
    NaclRule,
    NetworkAcl,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    Vpc,
    VpcPeering,
)
from vpcdesigner.sim import trace
from vpcdesigner.sim.matrix import matrix

CIDRS = ["0.0.0.0/0", "10.0.0.0/16", "10.0.1.0/24", "10.0.2.0/25", "10.0.2.128/25", "10.20.0.0/16",
         "10.0.4.0/24", "198.51.100.0/24"]
PORTS = [22, 80, 443, 5432]
SUBNETS = ["pub-a", "pub-b", "priv-a", "priv-b", "b-sub"]

nacl_rules = st.lists(st.builds(
    lambda n, allow, proto, cidr, port: NaclRule(
        number=n, action="allow" if allow else "deny", protocol=proto, cidr=cidr,
        port_from=None if proto == "all" else port[0], port_to=None if proto == "all" else port[1]),
    st.integers(1, 300), st.booleans(), st.sampled_from(["tcp", "all"]), st.sampled_from(CIDRS),
    st.sampled_from([(22, 22), (80, 80), (443, 443), (5432, 5432), (1024, 65535), (32768, 65535), (0, 65535)])),
    max_size=4, unique_by=lambda r: r.number)

sg_rules = st.lists(st.one_of(
    st.builds(lambda c, p: SgRule(protocol="tcp", port_from=p, port_to=p, cidr=c),
              st.sampled_from(CIDRS), st.sampled_from(PORTS)),
    st.builds(lambda g, p: SgRule(protocol="tcp", port_from=p, port_to=p, security_group=g),
              st.sampled_from(["sg-web", "sg-app", "sg-db", "sg-b"]), st.sampled_from(PORTS)),
    st.just(SgRule(cidr="0.0.0.0/0"))), max_size=3)


def _design(draw: st.DrawFn) -> B:
    b = with_nat(t0()) if draw(st.booleans()) else t0()
    b.add(Vpc(id="vpc-b", cidr="10.20.0.0/16"),
          Subnet(id="b-sub", vpc="vpc-b", cidr="10.20.1.0/24", availability_zone="us-east-1a"),
          VpcPeering(id="pcx", requester_vpc="vpc-a", accepter_vpc="vpc-b"),
          RouteTable(id="rtb-b", vpc="vpc-b", main=True,
                     routes=(Route(destination="10.0.0.0/16", target="pcx"),) if draw(st.booleans()) else ()),
          SecurityGroup(id="sg-b", vpc="vpc-b", inbound=draw(sg_rules)))
    if draw(st.booleans()):
        main = b.r["rtb-main"]
        b.change("rtb-main", routes=(*main.routes, Route(destination="10.20.0.0/16", target="pcx")))  # type: ignore[attr-defined]
    for sg in ("sg-web", "sg-app", "sg-db"):
        b.change(sg, inbound=draw(sg_rules))
    for n, subnets in enumerate(draw(st.lists(st.sampled_from([("pub-a",), ("priv-a", "priv-b"), ("b-sub",)]),
                                              max_size=2, unique=True))):
        vpc = "vpc-b" if subnets == ("b-sub",) else "vpc-a"
        b.add(NetworkAcl(id=f"acl-{n}", vpc=vpc, subnets=subnets, inbound=tuple(draw(nacl_rules)),
                         outbound=tuple(draw(nacl_rules))))
    for k in range(draw(st.integers(0, 4))):
        subnet = draw(st.sampled_from(SUBNETS))
        base = {"pub-a": "10.0.1", "pub-b": "10.0.3", "priv-a": "10.0.2", "priv-b": "10.0.4", "b-sub": "10.20.1"}
        host = draw(st.sampled_from([40 + k, 140 + k]))
        group = "sg-b" if subnet == "b-sub" else draw(st.sampled_from(["sg-web", "sg-app", "sg-db"]))
        public = f"203.0.113.{60 + k}" if subnet.startswith("pub") and draw(st.booleans()) else None
        b.add(Instance(id=f"x{k}", subnet=subnet, private_ip=f"{base[subnet]}.{host}", public_ip=public,
                       security_groups=(group,), os=draw(st.sampled_from(["linux", "windows-legacy"]))))
    return b


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), port=st.sampled_from(PORTS))
def test_matrix_equals_trace_on_random_designs(data: st.DataObject, port: int) -> None:
    d = _design(data.draw).design()
    m = matrix(d, port)
    for i, src in enumerate(m.endpoints):
        for j, dst in enumerate(m.endpoints):
            assert bool(m.reachable[i, j]) == bool(trace(d, src, dst, "tcp", port).reachable), (src, dst)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), port=st.sampled_from(PORTS),
       source=st.sampled_from(["web", "app", "db", "x0", "x1", "198.51.100.7", "10.0.2.99", "nat-1"]),
       destination=st.sampled_from(["web", "app", "db", "x0", "x1", "93.184.216.34", "203.0.113.10", "10.0.4.99",
                                    "10.0.200.1", "198.51.100.50"]))
def test_trace_shape_invariants(data: st.DataObject, port: int, source: str, destination: str) -> None:
    import jsonschema

    from vpcdesigner.cli.schemas import output_schema
    from vpcdesigner.sim import KINDS, TraceInputError

    d = _design(data.draw).design()
    try:
        t = trace(d, source, destination, "tcp", port)
    except TraceInputError:
        return
    schema = output_schema("trace")
    assert schema is not None
    jsonschema.validate(t.to_json(), schema)
    assert all(h.kind in KINDS for h in t.forward + t.return_)
    blocks = [h for h in t.forward + t.return_ if h.verdict == "block"]
    if t.reachable is True:
        assert not blocks and t.blocked is None and t.client_sees
        assert t.forward[-1].check in ("delivery", "listener") and t.return_[-1].check == "delivery"
    elif t.reachable is False:
        assert len(blocks) == 1 and t.blocked is not None
        path = t.forward if t.blocked.direction == "forward" else t.return_
        assert path[-1] is blocks[0] if t.blocked.direction == "forward" else blocks[0] in path
        assert (t.blocked.direction == "return") == bool(t.return_ and t.return_[-1] is blocks[0])
