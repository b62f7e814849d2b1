"""The checked shape of one template: its sections, resources and outputs.

Parsing gives a tree of dicts; this module checks the parts whose shape the engine
relies on (a resource needs a ``Type``, ``DependsOn`` is a name or a list of names
...) once, so the evaluator can trust them and every complaint has a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Place, TemplateFormatError, TemplateWarning
from .nodes import LineDict
from .parameters import ParameterDecl, parse_parameter_decls

SECTIONS = (
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
    "Hooks",
)


@dataclass(frozen=True, slots=True)
class ResourceDecl:
    """A resource as written: properties still contain intrinsics."""

    logical_id: str
    type: str
    properties: Any
    condition: str | None
    depends_on: tuple[str, ...]
    line: int | None


@dataclass(frozen=True, slots=True)
class OutputDecl:
    """An output as written: ``value`` and ``export_name`` still contain intrinsics."""

    name: str
    value: Any
    export_name: Any
    condition: str | None
    description: str
    line: int | None


@dataclass(slots=True)
class Template:
    """One template file, checked for shape but not evaluated."""

    file: Path | None
    fmt: str
    body: LineDict
    parameters: dict[str, ParameterDecl]
    mappings: LineDict
    conditions: LineDict
    rules: LineDict
    resources: dict[str, ResourceDecl]
    outputs: dict[str, OutputDecl]
    transforms: tuple[str, ...]
    warnings: list[TemplateWarning] = field(default_factory=list)

    def place(self, *path: str | int, logical_id: str | None = None) -> Place:
        """The place of a top-level section entry, with the best line known."""
        return Place(self.file, _line_at(self.body, path), logical_id, tuple(path))

    @classmethod
    def from_body(cls, body: Any, *, file: Path | None, fmt: str) -> Template:
        """Check the parsed document and split it into sections."""
        if not isinstance(body, dict):
            raise TemplateFormatError("a template must be a mapping with a Resources section", place=Place(file, 1))
        if not isinstance(body, LineDict):
            body = LineDict(body)
        warnings: list[TemplateWarning] = []
        top = Place(file, body.line)
        for key in body:
            if key not in SECTIONS:
                warnings.append(
                    TemplateWarning(f"unknown top-level section {key!r} ignored", top.child(key, body.line_of(key)))
                )
        version = body.get("AWSTemplateFormatVersion")
        if version is not None and str(version) != "2010-09-09":
            warnings.append(
                TemplateWarning(
                    f"AWSTemplateFormatVersion {version!r} is not 2010-09-09",
                    top.child("AWSTemplateFormatVersion", body.line_of("AWSTemplateFormatVersion")),
                )
            )
        return cls(
            file=file,
            fmt=fmt,
            body=body,
            parameters=parse_parameter_decls(_section(body, "Parameters", file), file),
            mappings=_section(body, "Mappings", file),
            conditions=_section(body, "Conditions", file),
            rules=_section(body, "Rules", file),
            resources=_resources(body, file),
            outputs=_outputs(body, file),
            transforms=_transforms(body, file),
            warnings=warnings,
        )


def _line_at(body: LineDict, path: tuple[str | int, ...]) -> int | None:
    node: Any = body
    line = body.line
    for part in path:
        if isinstance(node, LineDict) and isinstance(part, str):
            line = node.line_of(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
    return line


def _section(body: LineDict, name: str, file: Path | None) -> LineDict:
    value = body.get(name)
    if value is None:
        return LineDict(line=body.line_of(name))
    if not isinstance(value, dict):
        raise TemplateFormatError(
            f"the {name} section must be a mapping", place=Place(file, body.line_of(name), None, (name,))
        )
    return value if isinstance(value, LineDict) else LineDict(value)


def _transforms(body: LineDict, file: Path | None) -> tuple[str, ...]:
    value = body.get("Transform")
    if value is None:
        return ()
    names = value if isinstance(value, list) else [value]
    out: list[str] = []
    for name in names:
        if isinstance(name, dict) and isinstance(name.get("Name"), str):
            out.append(name["Name"])
        elif isinstance(name, str):
            out.append(name)
        else:
            raise TemplateFormatError(
                "Transform must be a macro name or a list of them",
                place=Place(file, body.line_of("Transform"), None, ("Transform",)),
            )
    return tuple(out)


def _resources(body: LineDict, file: Path | None) -> dict[str, ResourceDecl]:
    section = body.get("Resources")
    if section is None:
        raise TemplateFormatError("the template has no Resources section", place=Place(file, 1))
    if not isinstance(section, dict) or not section:
        raise TemplateFormatError(
            "the Resources section must be a non-empty mapping",
            place=Place(file, body.line_of("Resources"), None, ("Resources",)),
        )
    out: dict[str, ResourceDecl] = {}
    for logical_id, decl in section.items():
        line = section.line_of(logical_id) if isinstance(section, LineDict) else None
        place = Place(file, line, logical_id)
        if logical_id.startswith("Fn::ForEach"):
            raise TemplateFormatError(
                "Fn::ForEach (AWS::LanguageExtensions) is not supported yet; expand the loop first",
                place=place,
            )
        if not isinstance(decl, dict):
            raise TemplateFormatError("a resource must be a mapping with a Type", place=place)
        rtype = decl.get("Type")
        if not isinstance(rtype, str) or not rtype:
            raise TemplateFormatError("the resource has no Type", place=place)
        props = decl.get("Properties", LineDict(line=line))
        if props is None:
            props = LineDict(line=line)
        if not isinstance(props, dict):
            raise TemplateFormatError("Properties must be a mapping", place=place.child("Properties"))
        condition = decl.get("Condition")
        if condition is not None and not isinstance(condition, str):
            raise TemplateFormatError("Condition must be the name of a condition", place=place.child("Condition"))
        out[logical_id] = ResourceDecl(
            logical_id=logical_id,
            type=rtype,
            properties=props,
            condition=condition,
            depends_on=_depends_on(decl.get("DependsOn"), place.child("DependsOn")),
            line=line,
        )
    return out


def _depends_on(value: Any, place: Place) -> tuple[str, ...]:
    if value is None:
        return ()
    names = value if isinstance(value, list) else [value]
    if not all(isinstance(n, str) for n in names):
        raise TemplateFormatError("DependsOn must be a resource name or a list of them", place=place)
    return tuple(names)


def _outputs(body: LineDict, file: Path | None) -> dict[str, OutputDecl]:
    section = _section(body, "Outputs", file)
    out: dict[str, OutputDecl] = {}
    for name, decl in section.items():
        place = Place(file, section.line_of(name), None, ("Outputs", name))
        if not isinstance(decl, dict) or "Value" not in decl:
            raise TemplateFormatError("an output must be a mapping with a Value", place=place)
        export = decl.get("Export")
        if export is not None and not (isinstance(export, dict) and "Name" in export):
            raise TemplateFormatError("Export must be a mapping with a Name", place=place.child("Export"))
        condition = decl.get("Condition")
        if condition is not None and not isinstance(condition, str):
            raise TemplateFormatError("Condition must be the name of a condition", place=place.child("Condition"))
        description = decl.get("Description", "")
        out[name] = OutputDecl(
            name=name,
            value=decl["Value"],
            export_name=export["Name"] if export is not None else None,
            condition=condition,
            description=description if isinstance(description, str) else "",
            line=section.line_of(name),
        )
    return out
