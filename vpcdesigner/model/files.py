"""Reading and writing design files (`.vpcd.json`): versioned, stably ordered, saved atomically.

Every failure becomes a `DesignFileError` that names the file and the place inside it (a line and
column for broken JSON, a resource id and field for bad values), never a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .design import FORMAT_NAME, FORMAT_VERSION, KINDS, Design
from .refs import iter_refs, nested_ids, ref_targets

EXTENSION = ".vpcd.json"
MAX_FILE_BYTES = 64 * 1024 * 1024
_JSON: TypeAdapter[Any] = TypeAdapter(Any)  # pydantic's Rust JSON writer

# format_version -> function upgrading the raw JSON dict to format_version + 1
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class DesignFileError(Exception):
    """A design that cannot be read; `where` is a line/column, JSON path or object id."""

    def __init__(self, file: str | None, where: str, message: str) -> None:
        self.file, self.where, self.message = file, where, message
        place = ", ".join(p for p in (file, where) if p)
        super().__init__(f"{place}: {message}" if place else message)


def migrate(data: dict[str, Any], file: str | None = None) -> dict[str, Any]:
    version = data.get("format_version")
    if not isinstance(version, int):
        raise DesignFileError(file, "format_version", "missing or not a whole number")
    if version > FORMAT_VERSION:
        raise DesignFileError(
            file, "format_version",
            f"this file uses format {version}, newer than this app understands ({FORMAT_VERSION}); update VPC Designer",
        )
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise DesignFileError(file, "format_version", f"no migration from format {version}")
        data = step(data)
        version = data["format_version"]
    return data


def design_from_data(data: Any, file: str | None = None) -> Design:
    """Validate a parsed JSON object as a design (migrating old formats, checking references)."""
    if not isinstance(data, dict):
        raise DesignFileError(file, "top level", "a design file must contain a JSON object")
    if data.get("format") != FORMAT_NAME:
        raise DesignFileError(file, "format", f"not a VPC Designer design (expected \"format\": \"{FORMAT_NAME}\")")
    data = migrate(data, file)
    _check_kinds(data, file)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the cyclic GC costs ~80 % of validation time on big object graphs
    try:
        design = Design.model_validate(data)
    except ValidationError as exc:
        raise DesignFileError(file, *_describe(exc, data)) from None
    finally:
        if gc_was_enabled:
            gc.enable()
    check_references(design, file)
    return design


def _check_kinds(data: dict[str, Any], file: str | None) -> None:
    resources = data.get("resources", [])
    if not isinstance(resources, list):
        raise DesignFileError(file, "resources", "must be a list of objects")
    for index, item in enumerate(resources):
        if not isinstance(item, dict):
            raise DesignFileError(file, f"resources[{index}]", "must be an object")
        kind = item.get("kind")
        if kind not in KINDS:
            rid = item.get("id", "?")
            raise DesignFileError(
                file, f"resources[{index}] (id {rid!r})",
                f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}",
            )


def _describe(exc: ValidationError, data: dict[str, Any]) -> tuple[str, str]:
    err = exc.errors()[0]
    loc = list(err["loc"])
    msg = str(err["msg"]).removeprefix("Value error, ")
    where = ".".join(str(p) for p in loc)
    if len(loc) >= 2 and loc[0] == "resources":
        rid = loc[1]
        rest = [p for p in loc[3:]]  # skip the discriminator tag
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest).lstrip(".")
        where = f"resource {rid!r}" + (f", field {field}" if field else "")
    if err["type"] == "extra_forbidden":
        msg = "unknown field (not part of this format)"
    return where, msg


def check_references(design: Design, file: str | None = None) -> None:
    """Every reference must name an existing object of an allowed kind."""
    res = design.resources
    nested = {nid for r in res.values() for nid in nested_ids(r)}
    targets: list[tuple[str, tuple[str, ...]]] = []
    for r in res.values():
        targets.clear()
        ref_targets(r, targets)
        if all((t := res.get(target)) is not None and (not kinds or t.kind in kinds) for target, kinds in targets):
            continue  # the fast path; only a resource with a problem is walked again to name the field
        for ref in iter_refs(r):
            target = res.get(ref.target)
            field = ".".join(str(p) for p in ref.path)
            if target is None:
                if ref.target in nested:
                    continue
                raise DesignFileError(file, f"resource {r.id!r}, field {field}",
                                      f"refers to {ref.target!r}, which is not in the design")
            if ref.kinds and target.kind not in ref.kinds:
                kinds = " or ".join(ref.kinds)
                raise DesignFileError(file, f"resource {r.id!r}, field {field}",
                                      f"must refer to a {kinds}, but {ref.target!r} is a {target.kind}")
    for key in design.layout:
        if key not in res and key not in nested:
            raise DesignFileError(file, f"layout.{key}", "placement for an object that is not in the design")


def _too_large(size: int) -> str:
    return f"file is {size / (1024 * 1024):.0f} MB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB"


def loads(text: str | bytes, file: str | None = None) -> Design:
    if len(text) > MAX_FILE_BYTES:
        raise DesignFileError(file, "", _too_large(len(text)))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DesignFileError(file, f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}") from None
    except UnicodeDecodeError:
        raise DesignFileError(file, "", "not a text file (invalid UTF-8)") from None
    return design_from_data(data, file)


def load(path: str | os.PathLike[str]) -> Design:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DesignFileError(str(p), "", _too_large(size))
        raw = p.read_bytes()
    except FileNotFoundError:
        raise DesignFileError(str(p), "", "no such file") from None
    except IsADirectoryError:
        raise DesignFileError(str(p), "", "is a folder, not a design file") from None
    except PermissionError:
        raise DesignFileError(str(p), "", "permission denied") from None
    return loads(raw, str(p))


def to_data(design: Design) -> dict[str, Any]:
    """The on-disk JSON object: defaults left out, resources sorted by id, layout by key."""
    dumped = design.model_dump(mode="json", exclude_defaults=True)
    resources = []
    for rid in sorted(design.resources):
        body = dumped["resources"][rid]
        resources.append({"id": rid, "kind": design.resources[rid].kind,
                          **{k: v for k, v in body.items() if k not in ("id", "kind")}})
    layout = dumped.get("layout", {})
    out: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "name": design.name,
    }
    if design.description:
        out["description"] = design.description
    out["resources"] = resources
    out["layout"] = {k: layout.get(k, {}) for k in sorted(design.layout)}
    if design.notes:
        out["notes"] = dumped["notes"]
    if design.scenarios:
        out["scenarios"] = dumped["scenarios"]
    return out


def dumps(design: Design) -> str:
    """The file text: same bytes as json.dumps(indent=1, ensure_ascii=False), but serialised in Rust (7x faster)."""
    return _JSON.dump_json(to_data(design), indent=1).decode("utf-8") + "\n"


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write to a temporary file beside the target, flush to disk, then rename over it.

    A crash at any moment leaves either the old file or the new one, never half of one.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def save(design: Design, path: str | os.PathLike[str]) -> None:
    atomic_write(path, dumps(design).encode("utf-8"))
