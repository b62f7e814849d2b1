"""CloudFormation template engine: templates in, resolved resources out (no Qt, no model).

The public surface is `load_stacks` with `StackSpec`; it returns a `ResolvedSet`
whose `ResolvedResource` entries a mapper turns into the design model. Values
known only after deployment are markers (`ResourceRef`, `AttrRef`, `Deferred` ...).
"""

from __future__ import annotations

from .errors import (
    CircularReferenceError,
    IntrinsicError,
    NotEvaluableError,
    ParameterError,
    Place,
    RuleViolationError,
    StackError,
    TemplateError,
    TemplateFormatError,
    TemplateSyntaxError,
    TemplateTooLargeError,
    TemplateWarning,
    UnresolvedReferenceError,
)
from .loader import MAX_TEMPLATE_BYTES, load_template, parse_template
from .parameters import read_parameter_file
from .result import ResolvedExport, ResolvedOutput, ResolvedResource, ResolvedSet, ResolvedStack
from .stacks import StackSpec, load_stacks
from .template import Template
from .values import NO_VALUE, AttrRef, Deferred, ImportRef, Marker, ResourceRef, Unresolved

__all__ = [
    "MAX_TEMPLATE_BYTES",
    "NO_VALUE",
    "AttrRef",
    "CircularReferenceError",
    "Deferred",
    "ImportRef",
    "IntrinsicError",
    "Marker",
    "NotEvaluableError",
    "ParameterError",
    "Place",
    "ResolvedExport",
    "ResolvedOutput",
    "ResolvedResource",
    "ResolvedSet",
    "ResolvedStack",
    "ResourceRef",
    "RuleViolationError",
    "StackError",
    "StackSpec",
    "Template",
    "TemplateError",
    "TemplateFormatError",
    "TemplateSyntaxError",
    "TemplateTooLargeError",
    "TemplateWarning",
    "Unresolved",
    "UnresolvedReferenceError",
    "load_stacks",
    "load_template",
    "parse_template",
    "read_parameter_file",
]
