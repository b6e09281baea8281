"""The "Agency summary" sheet of a request workbook: written with the request, read back.

One list, `FIELDS`, says what the sheet asks (each agency's involvement, its own analysis,
immediate actions, learning, who completed it and when) and which `AgencyReturn` field each
answer fills; the template writes the sheet from it and the importer reads it back from it.
The reader finds each answer by its label in column A, so an agency that inserts a row or
moves the form down still returns a readable summary; each value read keeps its cell.

A summary already in the case file is never overwritten unasked: importing a summary whose
answers differ from what is written lists each difference and saves nothing, unless the
author says `--replace`. Blank answers never clear what is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from reviewkit.casefile import Edit
from reviewkit.chronology.reader import Cell, Table, read_tables
from reviewkit.dates import parse_date
from reviewkit.errors import (
    DateError,
    ImportProblemsError,
    Problem,
    SummaryWouldReplaceError,
    UsageError,
)
from reviewkit.model import Case
from reviewkit.wording import plural, shorten

SHEET = "Agency summary"
TITLE = "Agency summary for the rapid review"
LABEL_COLUMN, ANSWER_COLUMN = "A", "B"

Kind = Literal["text", "points", "line", "date"]


@dataclass(frozen=True)
class SummaryField:
    """One answer the summary sheet asks for, and the AgencyReturn field it fills."""

    name: str  # the AgencyReturn field
    label: str  # column A of the sheet: how the reader finds the answer
    help: str  # what to write, shown beside the label
    kind: Kind = "text"


FIELDS = (
    SummaryField(
        "involvement",
        "Involvement",
        "Your agency's involvement with the child and family within the scope period, in "
        "brief: who you saw, how often, and why.",
    ),
    SummaryField(
        "analysis",
        "Your agency's analysis",
        "Your agency's own analysis of its practice, with hindsight: what went well, what "
        "could have been done differently, and why.",
    ),
    SummaryField(
        "immediate_actions",
        "Immediate actions taken",
        "Actions your agency has already taken since the incident; one per line.",
        "points",
    ),
    SummaryField(
        "learning",
        "Learning identified",
        "The learning your agency has identified for itself and for the partnership.",
    ),
    SummaryField(
        "author_name",
        "Completed by (name)",
        "Who completed this summary. The name is never printed in any report.",
        "line",
    ),
    SummaryField("author_role", "Completed by (role)", "Their role.", "line"),
    SummaryField("completed", "Date completed", "Day first: 14/03/2024.", "date"),
)


def _key(label: object) -> str:
    return " ".join(str(label).split()).casefold().rstrip(":")


_BY_LABEL = {_key(f.label): f for f in FIELDS}


# --- writing (with the request) ---------------------------------------------------------------


def write_sheet(ws: Any, agency: str, return_by: str) -> None:
    """Fill a worksheet with the summary form: a label, an answer cell and help for each field."""
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

    wrap = Alignment(wrap_text=True, vertical="top")
    answer = PatternFill("solid", fgColor="FFF2CC")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 50
    ws.append([TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["Agency", agency])
    ws.append(["Return by", return_by])
    ws.append(["", "Write your answers in the shaded cells of column B. Keep column A as it is."])
    for row in range(2, 4):
        ws.cell(row, 1).font = Font(bold=True)
    for spec in FIELDS:
        ws.append([spec.label, None, spec.help])
        row = ws.max_row
        ws.cell(row, 1).font = Font(bold=True)
        ws.cell(row, 1).alignment = wrap
        cell = ws.cell(row, 2)
        cell.fill, cell.alignment = answer, wrap
        ws.cell(row, 3).alignment = wrap
        if spec.kind == "date":
            cell.number_format = "DD/MM/YYYY"
        elif spec.kind != "line":
            ws.row_dimensions[row].height = 120


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRead:
    """A summary read from a returned workbook: each answer with the cell it came from."""

    file: str
    sheet: str
    values: dict[str, Any]  # AgencyReturn field -> value ("completed" as date text)
    cells: dict[str, str]  # AgencyReturn field -> cell, e.g. "B5"
    problems: list[Problem] = field(default_factory=list)


def find_summary(tables: list[Table]) -> Table | None:
    """The summary sheet among a workbook's sheets (by name, ignoring case), if any."""
    return next((t for t in tables if t.sheet and _key(t.sheet) == _key(SHEET)), None)


def read_summary(path: Path, tables: list[Table] | None = None) -> SummaryRead | None:
    """Read the summary sheet of a returned workbook; None when it has none (or is a CSV)."""
    table = find_summary(tables if tables is not None else read_tables(path))
    if table is None:
        return None
    sheet = table.sheet or SHEET
    values: dict[str, Any] = {}
    cells: dict[str, str] = {}
    problems: list[Problem] = []
    for number, row in table.rows:
        spec = _BY_LABEL.get(_key(row[0])) if row and row[0] is not None else None
        if spec is None or spec.name in values:
            continue
        raw = row[1] if len(row) > 1 else None
        where = f"{ANSWER_COLUMN}{number}"
        value = _value(spec, raw)
        if value is None:
            if raw not in (None, ""):
                problems.append(
                    Problem(
                        f"{path.name}:{sheet}!{where}",
                        0,
                        0,
                        spec.label,
                        f"'{raw}' is not a date; write it day first, e.g. 14/03/2024",
                    )
                )
            continue
        values[spec.name] = value
        cells[spec.name] = where
    return SummaryRead(path.name, sheet, values, cells, problems)


def _value(spec: SummaryField, raw: Cell) -> Any:
    """An answer as the case file holds it; None for a blank (or, for a date, unreadable) one."""
    if raw is None or raw == "":
        return None
    if spec.kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date().isoformat()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        try:
            return parse_date(str(raw)).text
        except DateError:
            return None
    text = raw.isoformat() if isinstance(raw, dt.date | dt.time) else str(raw)
    if spec.kind == "points":
        points = [line.strip(" -•*\t") for line in text.split("\n")]
        return [p for p in points if p] or None
    if spec.kind == "line":
        return " ".join(text.split())
    return text.strip() or None


def fingerprint(values: dict[str, Any]) -> str:
    """A short fingerprint of the answers read, so a later import can tell what changed."""
    raw = json.dumps(values, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


# --- planning and saving ----------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryPlan:
    """What importing one summary changes: the return to add, or the fields to set."""

    read: SummaryRead
    agency: str
    index: int | None  # the existing return's position; None: a new return
    changes: dict[str, Any]  # field -> new value (the source included)

    @property
    def fields(self) -> list[str]:
        """The answers the import writes (not counting where they came from)."""
        return [k for k in self.changes if k not in ("source", "agency", "received")]


def plan_summary(
    case: Case, case_path: Path, agency: str, read: SummaryRead, *, replace: bool
) -> SummaryPlan | None:
    """Work out what importing `read` into the agency's return changes; None for nothing.

    Raises SummaryWouldReplaceError, listing each difference, when an answer would replace
    text already written and `replace` is false.
    """
    index = next((i for i, r in enumerate(case.agency_returns) if r.agency == agency), None)
    current = case.agency_returns[index] if index is not None else None
    source = {"file": read.file, "sheet": read.sheet, "cells": read.cells}
    source["imported"] = fingerprint(read.values)
    changes: dict[str, Any] = {}
    differences: list[tuple[str, list[str]]] = []
    for name, value in read.values.items():
        old = _comparable(getattr(current, name, None)) if current else None
        if old == _comparable(value):
            continue
        if old not in (None, "", []):
            where = f"{read.file}:{read.sheet}!{read.cells[name]}: agency_returns[{index}].{name}"
            differences.append((where, [f"- {_short(old)}", f"+ {_short(value)}"]))
        changes[name] = value
    if differences and not replace:
        raise SummaryWouldReplaceError(differences, case_path)
    if not changes:
        return None
    if current is None:
        changes = {"agency": agency, "received": dt.date.today().isoformat(), **changes}
    old_source = current.source.model_dump(mode="json") if current and current.source else None
    if old_source != source:
        changes["source"] = source
    return SummaryPlan(read, agency, index, changes)


class _Returned(Protocol):
    """A return the importer has read: its file and its summary sheet, if any."""

    path: Path
    summary: Table | None


def plan_summaries(
    case: Case, case_path: Path, returns: Sequence[_Returned], agency: str, replace: bool
) -> list[SummaryPlan]:
    """Plan the summary of each return that has one (ImportProblemsError for a bad answer)."""
    plans: list[SummaryPlan] = []
    problems: list[Problem] = []
    with_summary = [(r.path, r.summary) for r in returns if r.summary is not None]
    if len(with_summary) > 1:
        raise UsageError(
            f"{with_summary[0][0].name} and {with_summary[1][0].name} each hold an agency "
            "summary; import them one at a time, so that neither replaces the other unseen"
        )
    for path, table in with_summary:
        read = read_summary(path, [table])
        if read is None:
            continue
        problems += read.problems
        if read.problems:
            continue
        planned = plan_summary(case, case_path, agency, read, replace=replace)
        if planned is not None:
            plans.append(planned)
    if problems:
        raise ImportProblemsError(problems)
    return plans


def _comparable(value: Any) -> Any:
    if isinstance(value, list):
        return [" ".join(str(v).split()) for v in value]
    if value is None:
        return None
    return " ".join(str(value).split())


def _short(value: Any) -> str:
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return shorten(" ".join(text.split()), 70)


def apply_summary(plan: SummaryPlan, edit: Edit) -> None:
    """Write the planned summary into the case file (through an Edit of both trees)."""
    if plan.index is None:
        data = dict(plan.changes)
        edit.append("agency_returns", data)
        return
    for name, value in plan.changes.items():
        edit.set_field("agency_returns", plan.index, name, value)


def describe(plan: SummaryPlan) -> str:
    """One line for the import's report: what was read, and from where."""
    fields = plan.fields
    what = plural(len(fields), "answer") if fields else "where it came from"
    return f"{plan.read.file}: agency summary ({what}) from sheet '{plan.read.sheet}'."


__all__ = [
    "FIELDS",
    "SHEET",
    "SummaryField",
    "SummaryPlan",
    "SummaryRead",
    "apply_summary",
    "describe",
    "find_summary",
    "plan_summaries",
    "plan_summary",
    "read_summary",
    "write_sheet",
]
