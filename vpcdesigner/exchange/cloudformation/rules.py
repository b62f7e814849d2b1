"""The Rules section: parameter assertions CloudFormation checks before creating anything.

A failing assertion is an error naming the rule and its AssertDescription, like the
console shows. Rules that need a live account (``Fn::ValueOf`` ...) are skipped
with a warning rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import NotEvaluableError, Place, RuleViolationError, TemplateFormatError
from .nodes import LineDict


def check_rules(
    rules: LineDict,
    condition_value: Callable[[Any, Place], bool],
    file: Path | None,
    warn: Callable[[str, Place], None],
) -> None:
    """Raise `RuleViolationError` for the first assertion that is false."""
    for name, rule in rules.items():
        place = Place(file, rules.line_of(name), None, ("Rules", name))
        if not isinstance(rule, dict):
            raise TemplateFormatError("a rule must be a mapping with Assertions", place=place)
        try:
            _check_rule(name, rule, place, condition_value)
        except NotEvaluableError as exc:
            warn(f"rule {name!r} not checked: {exc.message}", place)


def _check_rule(name: str, rule: dict[str, Any], place: Place, condition_value: Callable[[Any, Place], bool]) -> None:
    if "RuleCondition" in rule and not condition_value(rule["RuleCondition"], place.child("RuleCondition")):
        return
    assertions = rule.get("Assertions", [])
    if not isinstance(assertions, list):
        raise TemplateFormatError("Assertions must be a list", place=place.child("Assertions"))
    for index, assertion in enumerate(assertions):
        at = place.child("Assertions").child(index)
        if not isinstance(assertion, dict) or "Assert" not in assertion:
            raise TemplateFormatError("an assertion must be a mapping with Assert", place=at)
        if isinstance(assertion, LineDict):
            at = Place(at.file, assertion.line, None, at.path)
        if not condition_value(assertion["Assert"], at.child("Assert")):
            description = str(assertion.get("AssertDescription", "")).strip()
            detail = f": {description}" if description else ""
            raise RuleViolationError(f"rule {name!r} fails{detail}", rule=name, place=at)
