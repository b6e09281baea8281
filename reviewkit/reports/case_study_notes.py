"""The training case study with facilitator notes (the review's own analysis) at the end."""

from __future__ import annotations

from reviewkit.document import Document
from reviewkit.reports.case_study import build as build_case_study
from reviewkit.reports.common import Context


def build(ctx: Context, *, chronology: bool = False) -> Document:
    """The case study for the anonymised case in `ctx`, with facilitator notes."""
    return build_case_study(ctx, chronology=chronology, notes=True)
