"""Published JSON Schemas: the design file, and the `--json` output of every command.

Each command module registers the schema of its `--json` output at import time with
`register_output_schema(name, factory)`; `vpcdesigner schema --output NAME` prints it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ..model.design import FORMAT_NAME, FORMAT_VERSION, Design

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SchemaFactory = Callable[[], dict[str, Any]]
_OUTPUT_SCHEMAS: dict[str, SchemaFactory] = {}


def register_output_schema(name: str, factory: SchemaFactory) -> None:
    """Publish the schema of command `name`'s --json output (a factory, so it is built only on demand)."""
    _OUTPUT_SCHEMAS[name] = factory


def _load_commands() -> None:
    """Import every command module of this build so each can register its schema."""
    from .main import _optional_commands

    for module in _optional_commands().values():
        try:
            importlib.import_module(f"vpcdesigner.cli.{module}")
        except ImportError:  # a command this build cannot load publishes no schema; the others still do
            continue


def output_names() -> list[str]:
    _load_commands()
    return sorted(_OUTPUT_SCHEMAS)


def output_schema(name: str) -> dict[str, Any] | None:
    _load_commands()
    factory = _OUTPUT_SCHEMAS.get(name)
    if factory is None:
        return None
    schema = factory()
    return {"$schema": SCHEMA_DIALECT, "$id": f"urn:vpcdesigner:output:{name}", **schema}


def design_schema() -> dict[str, Any]:
    """The design file format, from the pydantic model; resources are a list on disk (sorted by id)."""
    schema = Design.model_json_schema(mode="validation")
    props = schema["properties"]
    one_resource = props["resources"]["additionalProperties"]
    props["resources"] = {"type": "array", "items": one_resource, "title": "Resources",
                          "description": "Every resource of the design, sorted by id; ids are unique."}
    props["format"] = {"const": FORMAT_NAME, "description": "Always \"vpcdesigner\""}
    props["format_version"] = {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION,
                               "description": "Older versions are migrated on load; newer ones are refused."}
    schema["required"] = sorted({*schema.get("required", []), "format", "format_version"})
    return {"$schema": SCHEMA_DIALECT, "$id": f"urn:vpcdesigner:design:{FORMAT_VERSION}",
            "title": "VPC Designer design file (.vpcd.json)", **{k: v for k, v in schema.items() if k != "title"}}
