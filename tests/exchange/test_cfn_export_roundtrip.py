"""Export → the real CloudFormation importer: the same design back, and the same simulation verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_cfn_export_every_kind import every_kind_design

from vpcdesigner.exchange.cloudformation.export import dump_template
from vpcdesigner.model import Design, load

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.vpcd.json"))


def _round_trip(design: Design, tmp_path: Path) -> Design:
    importer: Any = pytest.importorskip("vpcdesigner.exchange.cloudformation.importer")
    path = tmp_path / "exported.yaml"
    dump_template(design, path)
    return importer.import_templates([path]).design  # type: ignore[no-any-return]


def _verdict(design: Design, scenario: Any) -> str:
    from vpcdesigner.sim.request import request
    from vpcdesigner.sim.trace import trace

    if scenario.type == "request":
        return "reachable" if request(design, scenario.source, scenario.destination).reachable else "blocked"
    result = trace(design, scenario.source, scenario.destination, scenario.protocol, scenario.port,
                   scenario.source_port, scenario.icmp_type, scenario.icmp_code)
    return "reachable" if result.reachable else "blocked"


@pytest.mark.parametrize("which", [*SAMPLES, "every_kind"], ids=[*(p.name for p in SAMPLES), "every_kind"])
def test_export_then_import_gives_the_same_design(which: Path | str, tmp_path: Path) -> None:
    design = every_kind_design() if which == "every_kind" else load(which)
    back = _round_trip(design, tmp_path)
    assert set(back.resources) == set(design.resources)
    for rid, obj in design.resources.items():
        assert back.resources[rid] == obj, rid
    assert (back.name, back.description, back.layout, back.notes, back.scenarios) == (
        design.name, design.description, design.layout, design.notes, design.scenarios)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_export_then_import_gives_the_same_verdicts(sample: Path, tmp_path: Path) -> None:
    design = load(sample)
    scenarios = [s for s in design.scenarios if s.type in ("connection", "request")]
    if not scenarios:
        pytest.skip("no connection or request scenarios")
    back = _round_trip(design, tmp_path)
    for scenario in scenarios:
        before, after = _verdict(design, scenario), _verdict(back, scenario)
        assert after == before, scenario.id
        if scenario.expected is not None:
            assert after == scenario.expected, scenario.id
