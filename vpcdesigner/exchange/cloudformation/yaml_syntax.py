"""The YAML dialect CloudFormation templates are written in, as a safe PyYAML loader.

Three things differ from plain ``yaml.safe_load``: the short-form tags (``!Ref``,
``!Sub`` ...) become their long JSON form, mappings remember their lines, and
scalars follow YAML 1.2 rather than 1.1, so ``Yes``, ``2012-10-17`` and ``012``
stay strings as CloudFormation users expect.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .errors import Place, TemplateSyntaxError
from .nodes import LineDict

#: Short-form tag -> long-form key. Rule-only functions are listed too, so that a
#: template's Rules section loads; the evaluator decides what it can evaluate.
SHORT_TAGS: dict[str, str] = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{
        f"!{name}": f"Fn::{name}"
        for name in (
            "And",
            "Base64",
            "Cidr",
            "Contains",
            "EachMemberEquals",
            "EachMemberIn",
            "Equals",
            "FindInMap",
            "GetAtt",
            "GetAZs",
            "If",
            "ImportValue",
            "Join",
            "Length",
            "Not",
            "Or",
            "RefAll",
            "Select",
            "Split",
            "Sub",
            "ToJsonString",
            "Transform",
            "ValueOf",
            "ValueOfAll",
        )
    },
}

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)$")


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _file(loader: Any) -> Path | None:
    file: Path | None = getattr(loader, "template_file", None)
    return file


def _scalar_key(loader: Any, node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise TemplateSyntaxError("mapping keys must be plain strings", place=Place(_file(loader), _line(node)))
    key = loader.construct_object(node)
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return ""
    return str(key)


def _fill_map(loader: Any, node: yaml.MappingNode, data: LineDict, deep: bool) -> None:
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = _scalar_key(loader, key_node)
        if key in data:
            raise TemplateSyntaxError(
                f"duplicate key {key!r} (first on line {data.key_lines[key]})",
                place=Place(_file(loader), _line(key_node)),
            )
        data[key] = loader.construct_object(value_node, deep=deep)
        data.key_lines[key] = _line(key_node)


def _construct_map(loader: Any, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict(line=_line(node))
    yield data
    _fill_map(loader, node, data, deep=False)


def _construct_short_tag(loader: Any, node: yaml.Node) -> LineDict:
    key = SHORT_TAGS[node.tag]
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)  # the only other node kind YAML has
        value = LineDict(line=_line(node))
        _fill_map(loader, node, value, deep=True)
    out = LineDict({key: value}, line=_line(node))
    out.key_lines[key] = _line(node)
    return out


def _construct_unknown(loader: Any, node: yaml.Node) -> Any:
    tag = node.tag if node.tag else "?"
    raise TemplateSyntaxError(
        f"unknown YAML tag {tag}; CloudFormation knows only the short forms {', '.join(sorted(SHORT_TAGS))}",
        place=Place(_file(loader), _line(node)),
    )


def _construct_bool(loader: Any, node: yaml.ScalarNode) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    try:
        return int(text)
    except ValueError:
        value: int = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
        return value


def _configure(cls: type[Any]) -> None:
    """Give a PyYAML loader class the CloudFormation resolvers and constructors."""
    cls.yaml_implicit_resolvers = {}
    cls.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
    cls.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])
    cls.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
    cls.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
    cls.add_constructor("tag:yaml.org,2002:map", _construct_map)
    cls.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
    cls.add_constructor("tag:yaml.org,2002:int", _construct_int)
    for tag in SHORT_TAGS:
        cls.add_constructor(tag, _construct_short_tag)
    cls.add_constructor(None, _construct_unknown)


class TemplateLoader(yaml.SafeLoader):  # type: ignore[misc,unused-ignore]
    """Safe loader for CloudFormation YAML (pure Python)."""

    template_file: Path | None = None


_configure(TemplateLoader)

LOADERS: list[type[Any]] = [TemplateLoader]

if getattr(yaml, "__with_libyaml__", False):

    class FastTemplateLoader(yaml.CSafeLoader):  # type: ignore[misc,unused-ignore]
        """The same loader on libyaml's parser: identical results, about six times faster."""

        template_file: Path | None = None

    _configure(FastTemplateLoader)
    LOADERS.insert(0, FastTemplateLoader)


def parse_yaml(text: str, file: Path | None) -> Any:
    """Parse one YAML document; syntax problems become `TemplateSyntaxError` with a line."""
    loader = LOADERS[0](text)
    loader.template_file = file
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}: {problem}"
        raise TemplateSyntaxError(f"malformed YAML: {problem}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise TemplateSyntaxError(f"malformed YAML: {exc}", file=file) from None
    finally:
        loader.dispose()
