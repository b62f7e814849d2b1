"""The lesson file format (`*.lesson.json`), as pydantic models so it has a published JSON Schema.

A lesson names a design (a path relative to the lesson file, or a built-in sample name) and a list
of steps. Each step may:
  * narrate (`narration`: one or two plain sentences shown in the caption bar),
  * highlight design objects (`highlight`: ids),
  * change the design for this and later steps (`edits`: set fields of a resource, e.g. remove the
    NACL's ephemeral rule to show the stateless trap),
  * ask a question and run it (`question`: a connection, DNS lookup or user request) with the
    verdict the teacher expects (`expect`), which `vpcdesigner check` verifies,
  * hide rules in quiz mode (`quiz_hide_rules`) so students must reason about them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..model.types import Port, Protocol, ResourceId

LESSON_FORMAT = "vpcdesigner-lesson"
LESSON_FORMAT_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Edit(_Strict):
    """Set fields of one resource (values as in the design file, e.g. a whole rule list)."""

    resource: ResourceId
    set: dict[str, Any]


class StepQuestion(_Strict):
    """The simulation question of a step (same vocabulary as a saved scenario)."""

    type: Literal["connection", "dns", "request"] = "connection"
    source: str = Field(description="Endpoint: id, name, DNS name or IP address")
    destination: str = Field(description="Endpoint (connection), DNS name (dns) or URL (request)")
    protocol: Protocol = "tcp"
    port: Port | None = None
    source_port: Port | None = None
    icmp_type: int | None = None
    icmp_code: int | None = None
    record_type: Literal["A", "AAAA", "CNAME"] = "A"
    repeat: int = Field(default=1, ge=1, le=10,
                        description="Run it this many times in one session (DNS cache, rotation)")


class Expectation(_Strict):
    """What the teacher says will happen; checked by `vpcdesigner check` and scored in quiz mode."""

    verdict: Literal["reachable", "blocked"] | None = None
    blocked_at: str | None = Field(default=None, description="Id or name of the first blocking component")
    direction: Literal["forward", "return"] | None = None
    dns_result: Literal["answer", "nxdomain", "no-answer", "outside-design", "error"] | None = None
    cached: bool | None = Field(default=None, description="DNS: the last lookup is answered from the cache")
    client_sees: str | None = Field(default=None, description="e.g. 'HTTP 200', 'HTTP 504', 'timeout'")

    @model_validator(mode="after")
    def _consistent(self) -> Expectation:
        if self.blocked_at is not None and self.verdict == "reachable":
            raise ValueError("a reachable expectation cannot name a blocking component")
        return self


class LessonStep(_Strict):
    title: str = Field(min_length=1, max_length=120)
    narration: str = Field(min_length=1, max_length=1000)
    highlight: tuple[str, ...] = ()
    edits: tuple[Edit, ...] = ()
    question: StepQuestion | None = None
    expect: Expectation | None = None
    quiz_hide_rules: bool = False

    @model_validator(mode="after")
    def _expect_needs_question(self) -> LessonStep:
        if self.expect is not None and self.question is None:
            raise ValueError("'expect' needs a 'question' to check it against")
        return self


class Lesson(_Strict):
    format: Literal["vpcdesigner-lesson"] = "vpcdesigner-lesson"
    format_version: int = LESSON_FORMAT_VERSION
    id: ResourceId
    title: str = Field(min_length=1, max_length=120)
    concept: str = Field(default="", description="The idea from the AWS networking notes this lesson teaches")
    summary: str = ""
    order: int = Field(default=100, description="Position in Help → Lessons")
    design: str = Field(description="Design file relative to this lesson, or 'sample:NAME'")
    steps: tuple[LessonStep, ...] = Field(min_length=1)
