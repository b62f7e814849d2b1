"""Template parameters: declarations, the values given for them, and their checks.

CloudFormation turns every parameter into a string or a list of strings before a
template sees it (a Number is validated, then used as text), so that is what the
evaluator gets here too. Values passed down from a parent stack may be markers
(``ResourceRef`` ...); they are kept, since their real value is not known yet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ParameterError, Place, TemplateFormatError
from .nodes import LineDict
from .strings import split_value
from .values import MARKER_TYPES, Deferred
from .yaml_syntax import parse_yaml

_AWS_SPECIFIC = re.compile(r"^AWS::(?:EC2|Route53)::[A-Za-z0-9:]+$")
_SSM_VALUE = re.compile(r"^AWS::SSM::Parameter::Value<(.+)>$")

#: What the evaluator sees for each declared type.
STRING, NUMBER, LIST, NUMBER_LIST = "string", "number", "list", "number_list"


def kind_of(type_name: str) -> str | None:
    """``string``, ``number``, ``list`` or ``number_list`` for a parameter type, or None.

    >>> kind_of("List<AWS::EC2::Subnet::Id>"), kind_of("AWS::SSM::Parameter::Value<String>")
    ('list', 'string')
    """
    ssm = _SSM_VALUE.match(type_name)
    if ssm:
        inner = kind_of(ssm.group(1)) if ssm.group(1) != "List<String>" else LIST
        return inner if inner in (STRING, LIST) else None
    if type_name in ("String", "AWS::SSM::Parameter::Name"):
        return STRING
    if type_name == "Number":
        return NUMBER
    if type_name == "CommaDelimitedList":
        return LIST
    if type_name == "List<Number>":
        return NUMBER_LIST
    if type_name.startswith("List<") and type_name.endswith(">"):
        return LIST if _AWS_SPECIFIC.match(type_name[5:-1]) else None
    return STRING if _AWS_SPECIFIC.match(type_name) else None


@dataclass(frozen=True, slots=True)
class ParameterDecl:
    """A declared parameter with its constraints."""

    name: str
    type: str
    kind: str
    default: Any
    has_default: bool
    allowed_values: tuple[str, ...] | None
    allowed_pattern: str | None
    min_length: int | None
    max_length: int | None
    min_value: float | None
    max_value: float | None
    constraint_description: str
    place: Place


def text_of(value: Any) -> str:
    """The string CloudFormation makes of a scalar (``True`` -> ``"true"``, ``2`` -> ``"2"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def parse_parameter_decls(section: LineDict, file: Path | None) -> dict[str, ParameterDecl]:
    """Read the Parameters section; an unknown type or a malformed constraint is an error."""
    out: dict[str, ParameterDecl] = {}
    for name, decl in section.items():
        place = Place(file, section.line_of(name), None, ("Parameters", name))
        if not isinstance(decl, dict):
            raise TemplateFormatError("a parameter must be a mapping with a Type", place=place)
        type_name = decl.get("Type")
        if not isinstance(type_name, str):
            raise TemplateFormatError("the parameter has no Type", place=place)
        kind = kind_of(type_name)
        if kind is None:
            raise ParameterError(f"parameter {name!r} has an unknown type {type_name!r}", place=place)
        allowed = decl.get("AllowedValues")
        if allowed is not None and not isinstance(allowed, list):
            raise TemplateFormatError("AllowedValues must be a list", place=place.child("AllowedValues"))
        pattern = decl.get("AllowedPattern")
        out[name] = ParameterDecl(
            name=name,
            type=type_name,
            kind=kind,
            default=decl.get("Default"),
            has_default="Default" in decl,
            allowed_values=tuple(text_of(v) for v in allowed) if allowed is not None else None,
            allowed_pattern=text_of(pattern) if pattern is not None else None,
            min_length=_number(decl, "MinLength", place, int),
            max_length=_number(decl, "MaxLength", place, int),
            min_value=_number(decl, "MinValue", place, float),
            max_value=_number(decl, "MaxValue", place, float),
            constraint_description=text_of(decl.get("ConstraintDescription", "")),
            place=place,
        )
    return out


def _number(decl: Mapping[str, Any], key: str, place: Place, kind: Callable[[str], Any]) -> Any:
    if key not in decl:
        return None
    try:
        return kind(text_of(decl[key]))
    except ValueError:
        raise TemplateFormatError(f"{key} must be a number", place=place.child(key)) from None


def resolve_parameters(
    decls: Mapping[str, ParameterDecl],
    given: Mapping[str, Any],
    *,
    stack: str,
    warn: Callable[[str, Place], None],
) -> dict[str, Any]:
    """Pick each parameter's value (given, else default), convert it and check constraints."""
    unknown = sorted(set(given) - set(decls))
    if unknown:
        declared = ", ".join(sorted(decls)) or "none"
        raise ParameterError(
            f"stack {stack!r} has no parameter {', '.join(map(repr, unknown))} (declared: {declared})",
            place=Place(next(iter(decls.values())).place.file) if decls else None,
        )
    values: dict[str, Any] = {}
    for name, decl in decls.items():
        if name in given:
            raw = given[name]
        elif decl.has_default:
            raw = decl.default
        else:
            raise ParameterError(
                f"parameter {name!r} ({decl.type}) has no Default and no value was given for stack {stack!r}",
                place=decl.place,
            )
        values[name] = _convert(decl, raw, warn)
    return values


def _convert(decl: ParameterDecl, raw: Any, warn: Callable[[str, Place], None]) -> Any:
    if isinstance(raw, MARKER_TYPES):
        return [raw] if decl.kind in (LIST, NUMBER_LIST) else raw
    if isinstance(raw, Deferred):
        return list(split_value(",", raw)) if decl.kind in (LIST, NUMBER_LIST) else raw
    if decl.kind in (STRING, NUMBER):
        if isinstance(raw, list | dict):
            raise ParameterError(
                f"parameter {decl.name!r} ({decl.type}) takes one value, not {type(raw).__name__}",
                place=decl.place,
            )
        text = text_of(raw)
        _check(decl, text, warn)
        return text
    if isinstance(raw, list):
        items = [text_of(v) for v in raw]
    elif isinstance(raw, dict):
        raise ParameterError(f"parameter {decl.name!r} ({decl.type}) takes a list", place=decl.place)
    else:
        text = text_of(raw)
        items = text.split(",")
        if decl.type != "CommaDelimitedList":
            items = [] if not text.strip() else [item.strip() for item in items]
    for item in items:
        _check(decl, item, warn)
    return items


def _check(decl: ParameterDecl, text: str, warn: Callable[[str, Place], None]) -> None:
    why = f" ({decl.constraint_description.strip()})" if decl.constraint_description.strip() else ""
    if decl.kind in (NUMBER, NUMBER_LIST):
        try:
            number = float(text)
        except ValueError:
            raise ParameterError(f"parameter {decl.name!r} must be a number, not {text!r}", place=decl.place) from None
        if decl.min_value is not None and number < decl.min_value:
            raise ParameterError(
                f"parameter {decl.name!r} is {text}, below MinValue {decl.min_value:g}{why}", place=decl.place
            )
        if decl.max_value is not None and number > decl.max_value:
            raise ParameterError(
                f"parameter {decl.name!r} is {text}, above MaxValue {decl.max_value:g}{why}", place=decl.place
            )
    if decl.allowed_values is not None and text not in decl.allowed_values:
        raise ParameterError(
            f"parameter {decl.name!r} is {text!r}, not one of its AllowedValues {', '.join(decl.allowed_values)}{why}",
            place=decl.place,
        )
    if decl.kind == STRING and decl.min_length is not None and len(text) < decl.min_length:
        raise ParameterError(
            f"parameter {decl.name!r} is shorter than MinLength {decl.min_length}{why}", place=decl.place
        )
    if decl.kind == STRING and decl.max_length is not None and len(text) > decl.max_length:
        raise ParameterError(
            f"parameter {decl.name!r} is longer than MaxLength {decl.max_length}{why}", place=decl.place
        )
    if decl.allowed_pattern is not None:
        try:
            matched = re.fullmatch(decl.allowed_pattern, text) is not None
        except re.error:
            warn(f"AllowedPattern of {decl.name!r} is not a Python regex; not checked", decl.place)
            return
        if not matched:
            raise ParameterError(
                f"parameter {decl.name!r} is {text!r}, which does not match its AllowedPattern{why}",
                place=decl.place,
            )


def read_parameter_file(path: str | Path) -> dict[str, Any]:
    """Read parameter values from the AWS CLI list format, ``{"Parameters": {...}}`` or ``{K: V}``.

    The CLI format is ``[{"ParameterKey": "K", "ParameterValue": "V"}, ...]``; the
    object forms are what CodePipeline and many repositories use. YAML files with
    the same shapes are accepted too.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"cannot read parameter file: {exc}", file=file) from None
    if file.suffix.lower() in (".yaml", ".yml"):
        data = parse_yaml(text, file)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParameterError(f"malformed JSON: {exc.msg}", file=file, line=exc.lineno) from None
    return parameters_from_data(data, file)


def parameters_from_data(data: Any, file: Path | None = None) -> dict[str, Any]:
    """The ``{name: value}`` held by a parsed parameter file (see `read_parameter_file`)."""
    if isinstance(data, list):
        out: dict[str, Any] = {}
        for index, entry in enumerate(data):
            if not isinstance(entry, dict) or "ParameterKey" not in entry:
                raise ParameterError(
                    f"entry {index} is not a {{'ParameterKey': ..., 'ParameterValue': ...}} object", file=file
                )
            key = entry["ParameterKey"]
            if entry.get("UsePreviousValue"):
                raise ParameterError(
                    f"parameter {key!r} uses UsePreviousValue, which needs a deployed stack", file=file
                )
            if "ParameterValue" not in entry:
                raise ParameterError(f"parameter {key!r} has no ParameterValue", file=file)
            out[str(key)] = entry["ParameterValue"]
        return out
    if isinstance(data, dict):
        inner = data.get("Parameters")
        if isinstance(inner, dict) and set(data) <= {"Parameters", "Tags", "StackPolicy"}:
            data = inner
        return {str(k): v for k, v in data.items()}
    raise ParameterError("a parameter file must hold a list or an object", file=file)


__all__ = [
    "ParameterDecl",
    "kind_of",
    "parameters_from_data",
    "read_parameter_file",
    "resolve_parameters",
    "text_of",
]
