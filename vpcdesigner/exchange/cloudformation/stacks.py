"""Entry point: resolve one or more templates, loaded together, into resources.

``load_stacks([StackSpec.parse("vpc.yaml"), StackSpec.parse("nat.yaml@Nat")], params)``
loads the files, applies parameters, evaluates conditions and intrinsics, follows
nested stacks and cross-stack imports, and returns a `ResolvedSet`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ParameterError, Place, StackError
from .nested import stem_of
from .pseudo import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, OVERRIDABLE, Pseudo
from .result import ResolvedSet
from .session import StackSet

_NAME = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_.]*$")


@dataclass(frozen=True, slots=True)
class StackSpec:
    """A template file to load as a stack, its stack name, and parameter values for it."""

    path: Path
    name: str | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str | Path, parameters: Mapping[str, Any] | None = None) -> StackSpec:
        """``"vpc.yaml"`` or ``"vpc.yaml@MyVpc"``.

        >>> StackSpec.parse("infra/vpc.yaml@Prod").stack_name
        'Prod'
        >>> StackSpec.parse("infra/vpc.yaml").stack_name
        'vpc'
        """
        raw = str(text)
        path, sep, name = raw.rpartition("@")
        if sep and path and _NAME.match(name) and "/" not in name and "\\" not in name:
            return cls(Path(path), name, dict(parameters or {}))
        return cls(Path(raw), None, dict(parameters or {}))

    @property
    def stack_name(self) -> str:
        """The given name, else the file name without its extensions (``vpc`` for vpc.yaml)."""
        return self.name or stem_of(self.path.name)


def load_stacks(
    specs: Sequence[StackSpec | str | Path],
    params: Mapping[str, Any] | None = None,
    *,
    region: str = DEFAULT_REGION,
    account_id: str = DEFAULT_ACCOUNT_ID,
    availability_zones: Mapping[str, Sequence[str]] | None = None,
    template_urls: Mapping[str, str | Path] | None = None,
    strict_imports: bool = True,
) -> ResolvedSet:
    """Resolve the stacks in ``specs`` together.

    ``params`` maps parameter names to values for every stack that declares them,
    and/or stack names to ``{name: value}`` for one stack; pseudo parameters such
    as ``AWS::Region`` may be set the same way. ``template_urls`` maps nested
    TemplateURLs to files when the sibling-file rule is not enough. With
    ``strict_imports=False`` an import nobody exports becomes an `ImportRef`
    (with a warning) instead of an error. Raises `TemplateError` on any problem.
    """
    spec_list = [s if isinstance(s, StackSpec) else StackSpec.parse(s) for s in specs]
    if not spec_list:
        raise StackError("no templates given")
    names = [s.stack_name for s in spec_list]
    flat, per_stack = _split_params(params or {}, names)
    stack_set = StackSet(
        strict_imports=strict_imports,
        template_urls={url: Path(p) for url, p in (template_urls or {}).items()},
    )
    used: set[str] = set()
    for spec in spec_list:
        template = stack_set.template(spec.path)
        given = {k: v for k, v in flat.items() if k in template.parameters or k.startswith("AWS::")}
        used.update(given)
        given.update(spec.parameters)
        given.update(per_stack.get(spec.stack_name, {}))
        pseudo_given = {k: given.pop(k) for k in list(given) if k.startswith("AWS::")}
        pseudo = _pseudo(spec, pseudo_given, region, account_id, availability_zones or {})
        stack_set.add(template, pseudo, given)
    for name in sorted(set(flat) - used):
        stack_set.warn(f"parameter {name!r} was given, but no stack declares it", Place())
    return stack_set.resolve()


def _split_params(params: Mapping[str, Any], names: Sequence[str]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    flat: dict[str, Any] = {}
    per_stack: dict[str, dict[str, Any]] = {}
    for key, value in params.items():
        if isinstance(value, Mapping):
            if key not in names:
                raise StackError(
                    f"parameters were given for stack {key!r}, but no stack has that name (stacks: {', '.join(names)})"
                )
            per_stack[key] = dict(value)
        else:
            flat[key] = value
    return flat, per_stack


def _pseudo(
    spec: StackSpec,
    given: Mapping[str, Any],
    region: str,
    account_id: str,
    availability_zones: Mapping[str, Sequence[str]],
) -> Pseudo:
    unknown = sorted(set(given) - set(OVERRIDABLE))
    if unknown:
        raise ParameterError(
            f"pseudo parameter {', '.join(unknown)} cannot be set (settable: {', '.join(OVERRIDABLE)})",
            file=spec.path,
        )
    arns = given.get("AWS::NotificationARNs", ())
    return Pseudo(
        stack_name=spec.stack_name,
        region=str(given.get("AWS::Region", region)),
        account_id=str(given.get("AWS::AccountId", account_id)),
        notification_arns=tuple(arns.split(",") if isinstance(arns, str) else arns),
        partition=given.get("AWS::Partition"),
        url_suffix=given.get("AWS::URLSuffix"),
        availability_zones=availability_zones,
    )


__all__ = ["StackSpec", "load_stacks"]
