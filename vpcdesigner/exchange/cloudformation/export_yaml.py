"""Template → YAML text: short-form intrinsics for people, plain Metadata, no anchors.

CloudFormation rejects YAML anchors/aliases, and it (like our own loader) reads scalars by
YAML 1.2 rules, so strings such as "1e3" are quoted even where PyYAML's 1.1 rules would not.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml is ~5x faster when present


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """Safe YAML without anchors/aliases, which CloudFormation rejects."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


# Plain scalars that YAML 1.2 readers (CloudFormation, our own loader) take for numbers although
# PyYAML's YAML 1.1 rules would write them unquoted: "1e3", "0o17".
_NUMBER_LIKE = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+"
                          r"|0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+)$")


def _represent_str(dumper: Any, data: str) -> Any:
    if _NUMBER_LIKE.match(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="'")
    return dumper.represent_str(data)


_Dumper.add_representer(str, _represent_str)


_SHORT_TAGS = {"Ref": "!Ref", "Fn::GetAtt": "!GetAtt", "Fn::Sub": "!Sub", "Fn::Select": "!Select",
               "Fn::GetAZs": "!GetAZs", "Fn::Cidr": "!Cidr", "Fn::If": "!If", "Fn::Not": "!Not",
               "Fn::Equals": "!Equals"}


class _Short:
    """An intrinsic function written in its short form (`!Ref X`, `!GetAtt X.Y`)."""

    __slots__ = ("tag", "value")

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


def _shorten(node: Any) -> Any:
    if isinstance(node, dict):
        if len(node) == 1:
            ((key, value),) = node.items()
            if key == "Fn::GetAtt" and isinstance(value, list):
                return _Short("!GetAtt", ".".join(str(v) for v in value))
            if key in _SHORT_TAGS:
                return _Short(_SHORT_TAGS[key], _shorten(value))
        return {k: _shorten(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_shorten(item) for item in node]
    return node


def _holds_mapping(node: Any) -> bool:
    if isinstance(node, _Short):
        return _holds_mapping(node.value)
    if isinstance(node, list):
        return any(_holds_mapping(item) for item in node)
    return isinstance(node, dict)


def _represent_short(dumper: Any, data: _Short) -> Any:
    value = data.value
    if isinstance(value, list):  # on one line unless it holds a mapping
        return dumper.represent_sequence(data.tag, value, flow_style=not _holds_mapping(value))
    if isinstance(value, dict):
        return dumper.represent_mapping(data.tag, value)
    node = _represent_str(dumper, str(value))
    node.tag = data.tag
    return node


_Dumper.add_representer(_Short, _represent_short)


def template_yaml(template: dict[str, Any], short: bool = True) -> str:
    """YAML text of a template (block style, keys in the order they were built).

    With `short`, intrinsic functions use the `!Ref` / `!GetAtt` forms people write by hand;
    Metadata always stays plain data.
    """
    if short:
        template = {k: v if k in ("Metadata", "Parameters") else _shorten(v) for k, v in template.items()}
    return yaml.dump(template, Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True, width=120)
