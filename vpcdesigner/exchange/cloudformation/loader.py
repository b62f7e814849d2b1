"""Read a CloudFormation template file (YAML or JSON) into a `Template`.

The only door from disk into the engine: it refuses oversized files, turns every
parse problem into a `TemplateError` with a line number, and never constructs
objects from arbitrary tags.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .errors import Place, TemplateError, TemplateSyntaxError, TemplateTooLargeError
from .nodes import LineDict
from .template import Template
from .yaml_syntax import parse_yaml

#: Real templates are at most 1 MB (the S3 limit); anything far bigger is a mistake.
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
#: YAML aliases can make a small file expand enormously; real templates stay far below this.
MAX_TEMPLATE_NODES = 2_000_000


def load_template(path: str | Path) -> Template:
    """Load and check the shape of the template at ``path``."""
    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise TemplateError(f"cannot read template: {exc.strerror or exc}", file=file) from None
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateTooLargeError(
            f"file is {size / 1_048_576:.1f} MB; templates larger than "
            f"{MAX_TEMPLATE_BYTES // 1_048_576} MB are refused",
            file=file,
        )
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise TemplateError(f"cannot read template: {exc.strerror or exc}", file=file) from None
    return parse_template(raw, file=file)


def parse_template(data: bytes | str, *, file: Path | None = None, fmt: str | None = None) -> Template:
    """Parse template text; ``fmt`` is "json" or "yaml" (guessed from the file name if omitted)."""
    if isinstance(data, bytes):
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TemplateTooLargeError("template text is larger than 5 MB", file=file)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TemplateSyntaxError(f"template is not UTF-8 text ({exc.reason})", file=file) from None
    else:
        text = data
    if fmt is None:
        fmt = "json" if file is not None and file.suffix.lower() == ".json" else "yaml"
    if not text.strip():
        raise TemplateSyntaxError("template is empty", file=file)
    body = _parse_json(text, file) if fmt == "json" else parse_yaml(text, file)
    _check_size(body, file)
    return Template.from_body(body, file=file, fmt=fmt)


def _parse_json(text: str, file: Path | None) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_json_object(file))
    except json.JSONDecodeError as exc:
        raise TemplateSyntaxError(f"malformed JSON: {exc.msg}", file=file, line=exc.lineno) from None
    # JSON is (almost) YAML: parsing it again with the YAML loader recovers line numbers.
    try:
        located = parse_yaml(text, file)
    except TemplateError:
        located = None
    if located is not None and located == data:
        return located
    _guess_resource_lines(data, text)
    return data


def _json_object(file: Path | None) -> Any:
    def build(pairs: list[tuple[str, Any]]) -> LineDict:
        out = LineDict()
        for key, value in pairs:
            if key in out:
                raise TemplateSyntaxError(f"duplicate key {key!r}", place=Place(file))
            out[key] = value
        return out

    return build


def _guess_resource_lines(data: Any, text: str) -> None:
    """Best effort when the YAML pass failed: find each resource's key in the text."""
    if not isinstance(data, LineDict):
        return
    resources = data.get("Resources")
    start = text.find('"Resources"')
    if not isinstance(resources, LineDict) or start < 0:
        return
    for logical_id in resources:
        match = re.compile(rf'"{re.escape(logical_id)}"\s*:').search(text, start)
        if match is not None:
            resources.key_lines[logical_id] = text.count("\n", 0, match.start()) + 1


def _check_size(body: Any, file: Path | None) -> None:
    """Refuse alias bombs: count values (shared ones each time) up to a limit."""
    stack = [body]
    seen = 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_TEMPLATE_NODES:
            raise TemplateTooLargeError(
                f"template expands to more than {MAX_TEMPLATE_NODES:,} values (are YAML aliases nested?)",
                file=file,
            )
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
