"""Checks never crash: designs with objects torn out (dangling references everywhere) still get a report."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from vpcdesigner.checks import run_checks
from vpcdesigner.model import Design, load
from vpcdesigner.model.refs import iter_refs

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
DESIGNS = {p.name: load(p) for p in sorted(SAMPLES.glob("*.vpcd.json"))}


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(DESIGNS)), st.data())
def test_tearing_objects_out_never_crashes_a_check(name: str, data: st.DataObject) -> None:
    design = DESIGNS[name]
    ids = sorted(design.resources)
    gone = set(data.draw(st.lists(st.sampled_from(ids), max_size=len(ids) // 2, unique=True)))
    torn = Design.model_construct(**{**dict(design), "resources": {k: v for k, v in design.resources.items()
                                                                   if k not in gone}})
    problems = run_checks(torn)
    assert not [p for p in problems if p.code == "CHECK_FAILED"], problems
    broken = {r.id for r in torn.resources.values() if any(ref.target in gone for ref in iter_refs(r))}
    flagged = {p.object for p in problems if p.code == "DANGLING_REFERENCE"}
    assert broken <= flagged
