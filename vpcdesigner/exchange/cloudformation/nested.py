"""Find the local file for a nested stack's TemplateURL.

Parents point at S3 (``https://s3.amazonaws.com/bucket/infrastructure/vpc.yaml``),
which an offline tool cannot fetch. Repositories keep the same files next to the
parent, so the URL's path is matched against the disk from its longest tail to
its file name: ``<dir>/bucket/infrastructure/vpc.yaml``, ``<dir>/infrastructure/vpc.yaml``,
``<dir>/vpc.yaml``, where ``<dir>`` is the parent's folder, then the top stack's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from urllib.parse import unquote, urlparse

TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")


def find_nested_template(
    url: str,
    search_dirs: Sequence[Path],
    explicit: Mapping[str, Path] | None = None,
) -> Path | None:
    """The local template file for ``url``, or None if nothing matches."""
    for candidate in _candidates(url, search_dirs, explicit or {}):
        if candidate.is_file():
            return candidate
    return None


def _candidates(url: str, search_dirs: Sequence[Path], explicit: Mapping[str, Path]) -> Iterator[Path]:
    if url in explicit:
        yield Path(explicit[url])
    parsed = urlparse(url)
    if parsed.scheme in ("", "file"):
        local = Path(unquote(parsed.path if parsed.scheme else url))
        if local.is_absolute():
            yield local
        else:
            for folder in search_dirs:
                yield folder / local
    parts = [unquote(p) for p in parsed.path.split("/") if p not in ("", ".", "..")]
    if not parts:
        return
    for folder in search_dirs:
        for start in range(len(parts)):
            yield folder.joinpath(*parts[start:])
    stem = stem_of(parts[-1])
    for folder in search_dirs:
        for suffix in TEMPLATE_SUFFIXES:
            yield folder / f"{stem}{suffix}"


def stem_of(name: str) -> str:
    """A file name without its template extensions: ``vpc.template.yaml`` -> ``vpc``.

    >>> stem_of("aws-vpc.template.yaml")
    'aws-vpc'
    """
    lowered = name.lower()
    changed = True
    while changed:
        changed = False
        for suffix in (*TEMPLATE_SUFFIXES, ".txt"):
            if lowered.endswith(suffix) and len(lowered) > len(suffix):
                name, lowered = name[: -len(suffix)], lowered[: -len(suffix)]
                changed = True
    return name
