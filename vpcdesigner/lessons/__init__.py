"""Guided lessons: a design plus ordered steps (narration, highlights, scenario runs with expected
verdicts, design edits), stored as data in resources/lessons so teachers write them without code."""

from .format import LESSON_FORMAT, Edit, Expectation, Lesson, LessonStep, StepQuestion
from .loader import LessonError, builtin_lessons, lesson_design, load_lesson
from .runner import StepOutcome, run_lesson, run_step_question

__all__ = ["LESSON_FORMAT", "Edit", "Expectation", "Lesson", "LessonError", "LessonStep", "StepOutcome",
           "StepQuestion", "builtin_lessons", "lesson_design", "load_lesson", "run_lesson", "run_step_question"]
