"""Export → import gives the same design and the same simulation verdicts; imported corpus templates
export to templates cfn-lint accepts (one cfn-lint run for all of them, since each run costs seconds).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cfn_export_every_kind import every_kind_design
from test_cfn_import_cases import CASES, imported

from vpcdesigner.exchange.cloudformation.export import export_template, template_yaml
from vpcdesigner.exchange.cloudformation.importer import import_templates
from vpcdesigner.model import Design, Document, load
from vpcdesigner.sim import trace

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.vpcd.json"))


def _round_trip(design: Design, folder: Path, fmt: str = "yaml") -> Design:
    template = export_template(design)
    path = folder / f"exported.{fmt}"
    path.write_text(template_yaml(template) if fmt == "yaml" else json.dumps(template, indent=1), encoding="utf-8")
    result = import_templates([str(path)], {})
    assert not result.errors, [str(i) for i in result.errors]
    return result.design


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_every_sample_survives_export_then_import(sample: Path, fmt: str, tmp_path: Path) -> None:
    design = load(sample)
    assert _round_trip(design, tmp_path, fmt) == design


def test_the_every_kind_design_survives_export_then_import(tmp_path: Path) -> None:
    design = every_kind_design()
    back = _round_trip(design, tmp_path)
    for rid in sorted(design.resources):
        assert back.resources.get(rid) == design.resources[rid], rid
    assert back == design


_IDS = sorted(every_kind_design().resources)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(removed=st.lists(st.sampled_from(_IDS), max_size=12, unique=True))
def test_designs_with_pieces_missing_still_survive_export_then_import(removed: list[str], tmp_path: Path) -> None:
    """Whatever the user deleted (and what cascaded with it), export → import is the identity."""
    doc = Document(every_kind_design())
    doc.remove(removed)
    design = doc.snapshot()
    folder = tmp_path / f"case{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    assert _round_trip(design, folder) == design


PAIRS = [  # (source, destination, protocol, port) on the AnyCompany sample: allowed, blocked and proxied paths
    ("customer", "store-alb", "tcp", 443),
    ("customer", "store-alb", "tcp", 80),
    ("customer", "db", "tcp", 5432),
    ("corp-pc", "db", "tcp", 5432),
    ("dc-server", "db", "tcp", 5432),
    ("web-asg-1", "8.8.8.8", "tcp", 443),
    ("db", "8.8.8.8", "tcp", 443),
    ("customer", "cdn", "tcp", 443),
    ("customer", "www.anycompany.example", "tcp", 443),
    ("web-asg-2", "db", "tcp", 5432),
    ("web-asg-1", "db", "tcp", 22),
    ("corp-pc", "web-asg-1", "icmp", None),
]


def test_trace_verdicts_are_the_same_after_export_then_import(tmp_path: Path) -> None:
    design = load(SAMPLES[0].parent / "anycompany.vpcd.json")
    back = _round_trip(design, tmp_path)
    verdicts = []
    for source, destination, protocol, port in PAIRS:
        before = trace(design, source, destination, protocol=protocol, port=port)
        after = trace(back, source, destination, protocol=protocol, port=port)
        assert (after.reachable, after.reason) == (before.reachable, before.reason), (source, destination, port)
        verdicts.append(before.reachable)
    assert True in verdicts and False in verdicts  # the pairs exercise both answers


def test_imported_designs_survive_export_then_import_again(shared_dir: Path, tmp_path: Path) -> None:
    """Design → template → design is exact for what the importer builds from foreign templates too."""
    for name in sorted(CASES):
        design = imported(shared_dir, name).design
        assert _round_trip(design, tmp_path) == design, name


def test_cfn_lint_accepts_the_export_of_every_imported_corpus_template(shared_dir: Path, tmp_path: Path) -> None:
    texts: dict[str, str] = {}  # one file per distinct template (the YAML/JSON twins export alike)
    for name in sorted(CASES):
        texts.setdefault(template_yaml(export_template(imported(shared_dir, name).design)), name)
    files = []
    for text, name in texts.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    cfn_lint = Path(sys.executable).parent / "cfn-lint"
    done = subprocess.run(
        [str(cfn_lint), "--format", "json", "--regions", "us-east-1", "--", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    findings = json.loads(done.stdout or "[]")
    errors = [
        f"{Path(f['Filename']).name}: {f['Rule']['Id']} {f['Message']}" for f in findings if f["Level"] == "Error"
    ]
    assert errors == [], "\n".join(errors)
    assert done.returncode in (0, 4, 8), done.stderr  # 2 = errors; 4/8 = warnings/informational only
