"""Evaluate CloudFormation intrinsic functions over a template tree.

Values that exist only after deployment come back as markers (see values.py);
functions that need a concrete input ask the scope to work one out from the
template (e.g. a VPC's ``CidrBlock``) and otherwise return `Unresolved`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from .cidr import cidr_subnets
from .errors import IntrinsicError, NotEvaluableError, Place, UnresolvedReferenceError
from .nodes import LineDict
from .parameters import text_of
from .scope import Scope
from .strings import join_values, split_value
from .sub import Variable, parse_sub
from .values import MARKER_TYPES, NO_VALUE, Deferred, Unresolved, concat, freeze, is_marker

Handler = Callable[[Any, Place], Any]


class Evaluator:
    """Resolves intrinsics in template values, one stack at a time."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._handlers: dict[str, Handler] = {
            "Ref": self._ref,
            "Fn::Base64": self._base64,
            "Fn::Cidr": self._cidr,
            "Fn::FindInMap": self._find_in_map,
            "Fn::GetAtt": self._get_att,
            "Fn::GetAZs": self._get_azs,
            "Fn::If": self._if,
            "Fn::ImportValue": self._import_value,
            "Fn::Join": self._join,
            "Fn::Length": self._length,
            "Fn::Select": self._select,
            "Fn::Split": self._split,
            "Fn::Sub": self._sub,
            "Fn::ToJsonString": self._to_json_string,
            "Fn::Transform": self._transform,
            "Fn::Equals": self._equals,
            "Fn::And": self._and,
            "Fn::Or": self._or,
            "Fn::Not": self._not,
            "Fn::Contains": self._contains,
            "Fn::EachMemberEquals": self._each_member_equals,
            "Fn::EachMemberIn": self._each_member_in,
            "Fn::RefAll": self._needs_aws,
            "Fn::ValueOf": self._needs_aws,
            "Fn::ValueOfAll": self._needs_aws,
        }

    # -- tree walk ---------------------------------------------------------------

    def evaluate(self, node: Any, place: Place) -> Any:
        """The resolved value of ``node``; may be NO_VALUE (the caller drops it)."""
        if isinstance(node, dict):
            if len(node) == 1:
                key = next(iter(node))
                if key == "Ref" or key.startswith("Fn::"):
                    handler = self._handlers.get(key)
                    child = place.child(key, node.line_of(key) if isinstance(node, LineDict) else None)
                    if handler is None:
                        raise IntrinsicError(f"unknown intrinsic function {key}", place=child)
                    return handler(node[key], child)
            out: dict[str, Any] = node.like() if isinstance(node, LineDict) else {}
            for key, value in node.items():
                if isinstance(value, dict | list):
                    line = node.key_lines.get(key) if isinstance(node, LineDict) else None
                    value = self.evaluate(value, place.child(key, line))
                    if value is NO_VALUE:
                        continue
                out[key] = value
            return out
        if isinstance(node, list):
            items = []
            for index, item in enumerate(node):
                if isinstance(item, dict | list):
                    item = self.evaluate(item, place.child(index))
                    if item is NO_VALUE:
                        continue
                items.append(item)
            return items
        return node

    def condition_value(self, node: Any, place: Place) -> bool:
        """Evaluate a condition expression (``Fn::Equals`` ..., or ``{"Condition": name}``)."""
        if isinstance(node, dict) and len(node) == 1 and "Condition" in node:
            name = node["Condition"]
            if not isinstance(name, str):
                raise IntrinsicError("Condition takes the name of a condition", place=place)
            return self.scope.condition(name, place.child("Condition"))
        value = self.evaluate(node, place)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise IntrinsicError(f"a condition must be true or false, not {_show(value)}", place=place)

    # -- helpers ---------------------------------------------------------------

    def _args(self, arg: Any, name: str, place: Place, low: int, high: int | None = None) -> list[Any]:
        high = low if high is None else high
        if not isinstance(arg, list) or not low <= len(arg) <= high:
            count = str(low) if low == high else f"{low} to {high}"
            raise IntrinsicError(f"{name} takes a list of {count} items, not {_show(arg)}", place=place)
        return arg

    def _text(self, node: Any, place: Place, what: str) -> str:
        value = self.evaluate(node, place)
        if isinstance(value, str | int | float | bool):
            return text_of(value)
        raise IntrinsicError(f"{what} must be a string, not {_show(value)}", place=place)

    def _int(self, node: Any, place: Place, what: str) -> int:
        text = self._text(node, place, what)
        try:
            return int(text)
        except ValueError:
            raise IntrinsicError(f"{what} must be an integer, not {text!r}", place=place) from None

    def _unresolved(self, function: str, args: Any, place: Place, why: str) -> Unresolved:
        self.scope.warn(f"{function} cannot be evaluated before deployment: {why}", place)
        return Unresolved(function, freeze(args))

    def _piece(self, value: Any, place: Place, function: str) -> str | Any:
        """A value usable inside a string: text, a marker or a Deferred."""
        if isinstance(value, str | int | float | bool):
            return text_of(value)
        if is_marker(value):
            return value
        raise IntrinsicError(f"{function} needs strings, not {_show(value)}", place=place)

    # -- references --------------------------------------------------------------

    def _ref(self, arg: Any, place: Place) -> Any:
        if not isinstance(arg, str) or not arg:
            raise IntrinsicError(f"Ref takes the name of a parameter or resource, not {_show(arg)}", place=place)
        return self.scope.ref(arg, place)

    def _get_att(self, arg: Any, place: Place) -> Any:
        if isinstance(arg, str):
            logical_id, dot, attribute = arg.partition(".")
            if not dot or not logical_id or not attribute:
                raise IntrinsicError(f"Fn::GetAtt needs 'Resource.Attribute', not {arg!r}", place=place)
            return self.scope.get_att(logical_id, attribute, place)
        args = self._args(arg, "Fn::GetAtt", place, 2)
        if not isinstance(args[0], str):
            raise IntrinsicError("Fn::GetAtt needs a resource name first", place=place)
        attribute = self._text(args[1], place.child(1), "the Fn::GetAtt attribute")
        return self.scope.get_att(args[0], attribute, place)

    def _import_value(self, arg: Any, place: Place) -> Any:
        name = self.evaluate(arg, place)
        if is_marker(name):
            raise IntrinsicError(
                f"the name passed to Fn::ImportValue depends on a resource ({name}); "
                "it must be known before deployment",
                place=place,
            )
        if not isinstance(name, str | int | float) or isinstance(name, bool) or not text_of(name):
            raise IntrinsicError(f"Fn::ImportValue needs an export name, not {_show(name)}", place=place)
        return self.scope.import_value(text_of(name), place)

    def _find_in_map(self, arg: Any, place: Place) -> Any:
        args = self._args(arg, "Fn::FindInMap", place, 3, 4)
        names = [self._text(args[i], place.child(i), "a Fn::FindInMap key") for i in range(3)]
        default: Any = NO_VALUE
        if len(args) == 4:
            if not isinstance(args[3], dict) or set(args[3]) != {"DefaultValue"}:
                raise IntrinsicError("the 4th Fn::FindInMap item must be {DefaultValue: ...}", place=place)
            default = args[3]["DefaultValue"]
        table = self.scope.mappings.get(names[0])
        if not isinstance(table, dict):
            known = ", ".join(sorted(self.scope.mappings)) or "none"
            raise UnresolvedReferenceError(f"no mapping named {names[0]!r} (mappings: {known})", place=place)
        level: Any = table
        for depth, key in enumerate(names[1:], start=1):
            if not isinstance(level, dict) or key not in level:
                if default is not NO_VALUE:
                    return self.evaluate(default, place.child(3))
                where = "/".join(names[:depth])
                keys = ", ".join(sorted(level)) if isinstance(level, dict) else "none"
                hint = " (set AWS::Region to one of them)" if names[depth] == self.scope.region else ""
                raise UnresolvedReferenceError(f"mapping {where} has no key {key!r}; keys: {keys}{hint}", place=place)
            level = level[key]
        return self.evaluate(level, place)

    # -- strings -------------------------------------------------------------------

    def _sub(self, arg: Any, place: Place) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(arg, str):
            text = arg
        elif isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], dict):
            text, variables = arg
        else:
            raise IntrinsicError(f"Fn::Sub takes a string or [string, {{variables}}], not {_show(arg)}", place=place)
        parts: list[Any] = []
        cache: dict[str, Any] = {}
        for piece in parse_sub(text):
            if not isinstance(piece, Variable):
                parts.append(piece)
                continue
            name = piece.name
            if name not in cache:
                cache[name] = self._sub_variable(name, variables, place)
            parts.append(cache[name])
        return concat(parts)

    def _sub_variable(self, name: str, variables: dict[str, Any], place: Place) -> Any:
        if not name:
            raise IntrinsicError("Fn::Sub has an empty ${} variable", place=place)
        if name in variables:
            value = self.evaluate(variables[name], place.child(1).child(name))
        elif "." in name:
            logical_id, _, attribute = name.partition(".")
            value = self.scope.get_att(logical_id, attribute, place)
        else:
            value = self.scope.ref(name, place)
        if value is NO_VALUE:
            raise IntrinsicError(f"Fn::Sub variable ${{{name}}} is AWS::NoValue", place=place)
        if isinstance(value, list):
            raise IntrinsicError(f"Fn::Sub variable ${{{name}}} is a list; join it first with Fn::Join", place=place)
        return self._piece(value, place, f"Fn::Sub variable ${{{name}}}")

    def _join(self, arg: Any, place: Place) -> Any:
        args = self._args(arg, "Fn::Join", place, 2)
        delimiter = self._text(args[0], place.child(0), "the Fn::Join delimiter")
        items = self.evaluate(args[1], place.child(1))
        if not isinstance(items, list):
            known = self.scope.concrete(items, place)
            if not isinstance(known, list):
                return self._unresolved("Fn::Join", [delimiter, items], place, f"{items} is not a known list")
            items = known
        return join_values(delimiter, [self._piece(item, place.child(1), "Fn::Join") for item in items])

    def _split(self, arg: Any, place: Place) -> Any:
        args = self._args(arg, "Fn::Split", place, 2)
        delimiter = self._text(args[0], place.child(0), "the Fn::Split delimiter")
        if not delimiter:
            raise IntrinsicError("the Fn::Split delimiter is empty", place=place)
        source = self.evaluate(args[1], place.child(1))
        if isinstance(source, MARKER_TYPES):
            known = self.scope.concrete(source, place)
            if known is None:
                return self._unresolved("Fn::Split", [delimiter, source], place, f"{source} is unknown")
            source = known
        return split_value(delimiter, self._piece(source, place.child(1), "Fn::Split"))

    def _select(self, arg: Any, place: Place) -> Any:
        args = self._args(arg, "Fn::Select", place, 2)
        index = self._int(args[0], place.child(0), "the Fn::Select index")
        items = self.evaluate(args[1], place.child(1))
        if not isinstance(items, list):
            known = self.scope.concrete(items, place)
            if not isinstance(known, list):
                if is_marker(items):
                    return self._unresolved("Fn::Select", [index, items], place, f"{items} is not a known list")
                raise IntrinsicError(f"Fn::Select needs a list, not {_show(items)}", place=place)
            items = known
        if not 0 <= index < len(items):
            raise IntrinsicError(
                f"Fn::Select index {index} is out of range for a list of {len(items)} items", place=place
            )
        return items[index]

    def _base64(self, arg: Any, place: Place) -> Any:
        value = self.evaluate(arg, place)
        if is_marker(value):
            return Unresolved("Fn::Base64", freeze(value))
        text = self._piece(value, place, "Fn::Base64")
        return base64.b64encode(str(text).encode("utf-8")).decode("ascii")

    def _length(self, arg: Any, place: Place) -> Any:
        value = self.evaluate(arg, place)
        if isinstance(value, list):
            return len(value)
        if is_marker(value):
            return self._unresolved("Fn::Length", value, place, f"{value} is not a known list")
        raise IntrinsicError(f"Fn::Length needs a list, not {_show(value)}", place=place)

    def _to_json_string(self, arg: Any, place: Place) -> Any:
        value = self.evaluate(arg, place)
        if _contains_marker(value):
            return Unresolved("Fn::ToJsonString", freeze(value))
        return json.dumps(value, separators=(",", ":"))

    # -- addresses -----------------------------------------------------------------

    def _get_azs(self, arg: Any, place: Place) -> Any:
        region: Any = self.evaluate(arg, place) if arg not in (None, "") else ""
        if not isinstance(region, str):
            raise IntrinsicError(f"Fn::GetAZs takes a region name, not {_show(region)}", place=place)
        return self.scope.availability_zones(region or self.scope.region)

    def _cidr(self, arg: Any, place: Place) -> Any:
        args = self._args(arg, "Fn::Cidr", place, 3)
        block = self.evaluate(args[0], place.child(0))
        count = self._int(args[1], place.child(1), "the Fn::Cidr count")
        bits = self._int(args[2], place.child(2), "the Fn::Cidr cidrBits")
        if not isinstance(block, str):
            known = self.scope.concrete(block, place)
            if not isinstance(known, str):
                return self._unresolved("Fn::Cidr", [block, count, bits], place, f"{block} is unknown")
            block = known
        try:
            return cidr_subnets(block, count, bits)
        except ValueError as exc:
            raise IntrinsicError(f"Fn::Cidr: {exc}", place=place) from None

    # -- conditions ----------------------------------------------------------------

    def _if(self, arg: Any, place: Place) -> Any:
        args = self._args(arg, "Fn::If", place, 3)
        if not isinstance(args[0], str):
            raise IntrinsicError("Fn::If needs a condition name first", place=place)
        branch = 1 if self.scope.condition(args[0], place.child(0)) else 2
        return self.evaluate(args[branch], place.child(branch))

    def _equals(self, arg: Any, place: Place) -> bool:
        args = self._args(arg, "Fn::Equals", place, 2)
        left = self.evaluate(args[0], place.child(0))
        right = self.evaluate(args[1], place.child(1))
        return bool(_comparable(left) == _comparable(right))

    def _and(self, arg: Any, place: Place) -> bool:
        args = self._args(arg, "Fn::And", place, 2, 10)
        return all(self.condition_value(item, place.child(i)) for i, item in enumerate(args))

    def _or(self, arg: Any, place: Place) -> bool:
        args = self._args(arg, "Fn::Or", place, 2, 10)
        return any(self.condition_value(item, place.child(i)) for i, item in enumerate(args))

    def _not(self, arg: Any, place: Place) -> bool:
        args = self._args(arg, "Fn::Not", place, 1)
        return not self.condition_value(args[0], place.child(0))

    # -- rule functions --------------------------------------------------------------

    def _contains(self, arg: Any, place: Place) -> bool:
        args = self._args(arg, "Fn::Contains", place, 2)
        items = self._list(args[0], place.child(0), "Fn::Contains")
        return _comparable(self.evaluate(args[1], place.child(1))) in [_comparable(i) for i in items]

    def _each_member_equals(self, arg: Any, place: Place) -> bool:
        args = self._args(arg, "Fn::EachMemberEquals", place, 2)
        items = self._list(args[0], place.child(0), "Fn::EachMemberEquals")
        value = _comparable(self.evaluate(args[1], place.child(1)))
        return all(_comparable(i) == value for i in items)

    def _each_member_in(self, arg: Any, place: Place) -> bool:
        args = self._args(arg, "Fn::EachMemberIn", place, 2)
        items = self._list(args[0], place.child(0), "Fn::EachMemberIn")
        allowed = [_comparable(i) for i in self._list(args[1], place.child(1), "Fn::EachMemberIn")]
        return all(_comparable(i) in allowed for i in items)

    def _list(self, node: Any, place: Place, function: str) -> list[Any]:
        value = self.evaluate(node, place)
        if not isinstance(value, list):
            raise IntrinsicError(f"{function} needs a list, not {_show(value)}", place=place)
        return value

    def _needs_aws(self, arg: Any, place: Place) -> Any:
        function = place.path[-1] if place.path else "this function"
        raise NotEvaluableError(f"{function} needs a live AWS account to evaluate", place=place)

    def _transform(self, arg: Any, place: Place) -> Any:
        name = arg.get("Name") if isinstance(arg, dict) else None
        raise IntrinsicError(
            f"Fn::Transform runs the macro {name or '?'} on AWS; it cannot be evaluated offline",
            place=place,
        )


def _comparable(value: Any) -> Any:
    """What Fn::Equals compares: text for scalars, so ``2`` equals ``"2"``."""
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return text_of(value)
    return value


def _contains_marker(value: Any) -> bool:
    if is_marker(value):
        return True
    if isinstance(value, dict):
        return any(_contains_marker(v) for v in value.values())
    if isinstance(value, list):
        return any(_contains_marker(v) for v in value)
    return False


def _show(value: Any) -> str:
    """A short description of a value for error messages."""
    if value is NO_VALUE:
        return "AWS::NoValue"
    if isinstance(value, (Deferred, *MARKER_TYPES)):
        return f"the deploy-time value {value}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
