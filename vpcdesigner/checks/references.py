"""References: every id a resource names must exist and be of a kind that field allows.

Files are refused on load when this fails, but designs built in code or pasted in pieces can still
carry them, and the live checker must say so instead of crashing.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.refs import iter_refs, nested_ids, ref_targets
from .context import Context
from .problem import Problem
from .registry import check, declare, problem

F = "references"
DANGLING_REFERENCE = declare(F, "DANGLING_REFERENCE", "error", "A field names an object that is not in the design.")
WRONG_REFERENCE_KIND = declare(F, "WRONG_REFERENCE_KIND", "error",
                               "A field names an object of a kind it cannot point at.")
DANGLING_PLACEMENT = declare(F, "DANGLING_PLACEMENT", "warning",
                             "The layout places an object that is not in the design.")


@check(F)
def check_references(ctx: Context) -> Iterator[Problem]:
    res = ctx.res
    nested = {nid for r in res.values() for nid in nested_ids(r)}
    targets: list[tuple[str, tuple[str, ...]]] = []
    for rid in sorted(res):
        r = res[rid]
        targets.clear()
        ref_targets(r, targets)
        if all((t := res.get(target)) is not None and (not kinds or t.kind in kinds) for target, kinds in targets):
            continue  # fast path: walk with paths only where something is wrong
        for ref in iter_refs(r):
            field = ".".join(str(p) for p in ref.path)
            target = res.get(ref.target)
            if target is None:
                if ref.target not in nested:
                    yield problem(DANGLING_REFERENCE, rid,
                                  f"{r.display_name}: {field} refers to {ref.target!r}, which is not in the design.",
                                  field)
            elif ref.kinds and target.kind not in ref.kinds:
                yield problem(WRONG_REFERENCE_KIND, rid, f"{r.display_name}: {field} must name a "
                              f"{' or '.join(ref.kinds)}, but {ref.target!r} is a {target.kind}.", field)
    for key in sorted(ctx.design.layout):
        if key not in res and key not in nested:
            yield problem(DANGLING_PLACEMENT, key, f"The layout places {key!r}, which is not in the design.",
                          f"layout.{key}")
