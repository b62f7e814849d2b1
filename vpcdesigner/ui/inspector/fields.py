"""Understand a pydantic field well enough to edit it as text: its shape, choices and parsing.

Qt-free, so the parsing rules are tested without widgets.
"""

from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from vpcdesigner.model import Ref


@dataclass(frozen=True)
class FieldInfo:
    name: str
    shape: str  # "bool" | "choice" | "int" | "float" | "text" | "ref" | "list" | "parts" | "part" | "other"
    optional: bool
    choices: tuple[str, ...] = ()
    ref_kinds: tuple[str, ...] = ()
    part_cls: type[BaseModel] | None = None
    description: str = ""


def _strip(hint: Any) -> tuple[Any, bool, Ref | None]:
    """Remove Optional and Annotated layers; return (core type, optional?, Ref marker)."""
    optional, ref = False, None
    while True:
        origin = typing.get_origin(hint)
        if origin is typing.Annotated:
            for meta in hint.__metadata__:
                if isinstance(meta, Ref):
                    ref = meta
            hint = typing.get_args(hint)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(hint))
            if len(args) == 1:
                hint = args[0]
            else:  # e.g. Port | Literal["traffic-port"]: edit as text
                return str, optional, ref
        else:
            return hint, optional, ref


@functools.cache
def fields_of(cls: type[BaseModel]) -> tuple[FieldInfo, ...]:
    """Editable fields of a model class in declaration order."""
    hints = typing.get_type_hints(cls, include_extras=True)
    out = []
    for name, finfo in cls.model_fields.items():
        if name in ("kind", "tags"):
            continue
        core, optional, ref = _strip(hints[name])
        desc = finfo.description or ""
        origin = typing.get_origin(core)
        if ref is not None:
            out.append(FieldInfo(name, "ref", optional, ref_kinds=ref.kinds, description=desc))
        elif core is bool:
            out.append(FieldInfo(name, "bool", optional, description=desc))
        elif origin is Literal:
            out.append(FieldInfo(name, "choice", optional, tuple(str(a) for a in typing.get_args(core)),
                                 description=desc))
        elif core is int:
            out.append(FieldInfo(name, "int", optional, description=desc))
        elif core is float:
            out.append(FieldInfo(name, "float", optional, description=desc))
        elif origin is tuple:
            inner, _, inner_ref = _strip(typing.get_args(core)[0])
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                out.append(FieldInfo(name, "parts", optional, part_cls=inner, description=desc))
            else:
                kinds = inner_ref.kinds if inner_ref else ()
                out.append(FieldInfo(name, "list", optional, ref_kinds=kinds, description=desc))
        elif isinstance(core, type) and issubclass(core, BaseModel):
            out.append(FieldInfo(name, "part", optional, part_cls=core, description=desc))
        elif core is str:
            out.append(FieldInfo(name, "text", optional, description=desc))
        else:
            out.append(FieldInfo(name, "other", optional, description=desc))
    return tuple(out)


def format_value(info: FieldInfo, value: Any) -> str:
    """The text shown for a value."""
    if value is None:
        return ""
    if info.shape == "list":
        return ", ".join(str(v) for v in value)
    if info.shape == "bool":
        return "yes" if value else "no"
    if info.shape == "part" and isinstance(value, BaseModel):
        target = getattr(value, "target", None) or getattr(value, "record", None)
        if target is not None:
            return str(target)
        return ", ".join(f"{k}={v}" for k, v in value.model_dump().items() if v not in (None, (), ""))
    return str(value)


def parse_value(info: FieldInfo, text: str) -> Any:
    """Text back to a value for validation; raises ValueError with a readable message."""
    text = text.strip()
    if text == "" and (info.optional or info.shape in ("list",)):
        return () if info.shape == "list" else None
    if info.shape == "int":
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{info.name}: {text!r} is not a whole number") from None
    if info.shape == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{info.name}: {text!r} is not a number") from None
    if info.shape == "bool":
        if text.lower() in ("yes", "true", "1", "on"):
            return True
        if text.lower() in ("no", "false", "0", "off"):
            return False
        raise ValueError(f"{info.name}: write yes or no")
    if info.shape == "list":
        return tuple(p.strip() for p in text.split(",") if p.strip())
    if info.shape == "choice" and text not in info.choices:
        raise ValueError(f"{info.name}: choose one of {', '.join(info.choices)}")
    if info.shape == "part" and info.part_cls is not None and "target" in info.part_cls.model_fields:
        return {"target": text}
    return text
