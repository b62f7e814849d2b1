"""Design ids ↔ CloudFormation logical ids, reversibly.

CloudFormation logical ids are alphanumeric only, and Parameters share the namespace of
Resources (both are `Ref` targets). Design ids may hold '-', '.', '_' and ':'. The mapping is:

* split the id on every non-alphanumeric character, capitalise the first letter of each part
  and join them (`store-vpc` → `StoreVpc`, `anycompany.example` → `AnycompanyExample`,
  `rtb-public` → `RtbPublic`); an id that yields nothing becomes `Resource`;
* if that name is already taken (two ids that differ only in punctuation or case, a reserved
  parameter name, or a helper resource), append the smallest number from 2 that makes it
  unique (`WebSg2`);
* helper resources (routes, attachments, entries ...) are named `<owner logical id><Suffix>`
  and claimed after every design id, so a design id never loses its plain name to a helper.

The mapping cannot be inverted from the logical id alone (punctuation is lost), so the exporter
stores the exact `design id → logical id` table in the template Metadata; the importer inverts
that table instead of guessing.
"""

from __future__ import annotations

import re

_PARTS = re.compile(r"[A-Za-z0-9]+")
MAX_LOGICAL_ID = 255


def camel(text: str) -> str:
    """`store-vpc` → `StoreVpc`: alphanumeric parts, each with its first letter in upper case."""
    parts = _PARTS.findall(text)
    return "".join(p[0].upper() + p[1:] for p in parts)


class LogicalIds:
    """Hands out unique logical ids and remembers which design id got which."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._taken: set[str] = set()
        self._lower: set[str] = set()
        self.of_design: dict[str, str] = {}
        for name in reserved:
            self._take(name)

    def _take(self, name: str) -> None:
        self._taken.add(name)
        self._lower.add(name.lower())

    def claim(self, base: str) -> str:
        """A fresh logical id built from `base` (already alphanumeric or not)."""
        stem = camel(base) or "Resource"
        stem = stem[: MAX_LOGICAL_ID - 6]
        # Case-insensitive uniqueness keeps ids apart on case-insensitive tooling too.
        name, n = stem, 1
        while name.lower() in self._lower:
            n += 1
            name = f"{stem}{n}"
        self._take(name)
        return name

    def for_design(self, design_id: str) -> str:
        """The logical id of a design object (a resource or a nested part with its own id)."""
        found = self.of_design.get(design_id)
        if found is None:
            found = self.claim(design_id)
            self.of_design[design_id] = found
        return found

    def helper(self, owner_logical_id: str, suffix: str) -> str:
        """A logical id for a resource that exists only to express part of a design object."""
        return self.claim(owner_logical_id + camel(suffix))
