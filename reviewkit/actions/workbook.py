"""The owners' workbook: the action plan sent out one sheet per agency, and read back.

`write_workbook` writes an XLSX with an "About" sheet and one sheet per agency (or owner),
each row an action: its reference, what it is, the measure, the target and its rating today,
then the columns the owner fills in: status (a drop-down), evidence of impact, a progress
update and the update's date (checked as a date). `import_updates` reads the owners' workbooks
back into the case file through `CaseStore`: a changed status or evidence, and each new
update, recorded with where it came from (file, sheet, row), as chronologies are read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewkit import atomic
from reviewkit.actions.rag import RAG_LABELS
from reviewkit.actions.tracker import Tracker
from reviewkit.dates import DateError, parse_date
from reviewkit.errors import InputFileError, Problem, UsageError
from reviewkit.model import ACTION_STATUSES, Action

ABOUT_SHEET = "About"
HEADINGS = (
    "Ref",
    "No.",
    "Recommendation",
    "Action",
    "Owner",
    "Measure of impact",
    "Target",
    "RAG today",
    "Status",
    "Evidence of impact",
    "Progress update",
    "Update date",
)
WIDTHS = (14, 6, 40, 40, 24, 30, 14, 24, 14, 40, 40, 14)
# The columns an owner fills in; everything else is for reference and is not read back.
STATUS, EVIDENCE, UPDATE, UPDATE_DATE = 9, 10, 11, 12
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class WrittenWorkbook:
    """What `write_workbook` wrote."""

    path: Path
    sheets: list[str]
    actions: int


def action_ref(action: Action, number: str) -> str:
    """The reference that ties a workbook row to its action: its id, else its number."""
    return action.id or number


def sheet_names(groups: list[str]) -> list[str]:
    """Excel sheet names for the groups: at most 31 characters, no forbidden ones, unique."""
    names: list[str] = []
    for group in groups:
        base = _BAD_SHEET_CHARS.sub(" ", group).strip()[:31].strip() or "Actions"
        name, n = base, 1
        while name.lower() in {x.lower() for x in [*names, ABOUT_SHEET]}:
            n += 1
            name = f"{base[: 31 - len(str(n)) - 1]} {n}"
        names.append(name)
    return names


def write_workbook(
    case_path: Path, output: Path | None, tracker: Tracker, *, force: bool = False
) -> WrittenWorkbook:
    """Write the owners' workbook for a tracked action plan; refuse to overwrite unless `force`."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    if output is None:
        raise UsageError("give the workbook's name with -o, for example -o actions.xlsx.")
    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"{output}: the owners' workbook is an .xlsx file; name it so.")
    atomic.check_output(output, force=force, case=Path(case_path))
    if not tracker.actions:
        raise UsageError(f"{case_path}: the case has no actions to send out yet.")
    book = Workbook()
    about = book.active
    about.title = ABOUT_SHEET
    _about(about, tracker)
    groups = tracker.by_owner()
    names = sheet_names(list(groups))
    for name, items in zip(names, groups.values(), strict=True):
        ws = book.create_sheet(name)
        ws.append(list(HEADINGS))
        for item in items:
            action = item.action
            ws.append(
                [
                    action_ref(action, item.number),
                    item.number,
                    item.recommendation.text,
                    action.text,
                    item.owner,
                    action.measure or "",
                    action.target.text if action.target else "",
                    f"{RAG_LABELS[item.rating.rag]}: {item.rating.reason}",
                    action.status,
                    action.evidence or "",
                    "",
                    None,
                ]
            )
        _format(ws, len(items))
    buffer = io.BytesIO()
    book.save(buffer)
    atomic.write_bytes(output, buffer.getvalue())
    return WrittenWorkbook(output, names, len(tracker.actions))


def _about(ws: Any, tracker: Tracker) -> None:
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    lines = [
        "Action plan: progress from the action owners",
        f"Ratings are as at {tracker.today:%d %B %Y}.",
        "",
        "Each sheet lists one agency's (or owner's) actions. Please fill in, for each action:",
        "Status: choose not-started, in-progress, complete or evidenced (impact shown).",
        "Evidence of impact: what shows the action made a difference.",
        "Progress update: what has happened since the last report, and the update's date.",
        "Do not change the Ref column: it ties each row to its action.",
        "Write roles, never names. Return the workbook to the partnership's business unit.",
    ]
    for line in lines:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 100


def _format(ws: Any, rows: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(WIDTHS, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = width
        ws.cell(1, index).font, ws.cell(1, index).fill = bold, fill
        for row in range(2, rows + 2):
            ws.cell(row, index).alignment = wrap
    last = rows + 1
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(ACTION_STATUSES) + '"',
        showErrorMessage=True,
        errorTitle="Not a status",
        error="Choose one of: " + ", ".join(ACTION_STATUSES) + ".",
    )
    ws.add_data_validation(status)
    status.add(f"{get_column_letter(STATUS)}2:{get_column_letter(STATUS)}{last}")
    when = DataValidation(
        type="date",
        operator="between",
        formula1="DATE(2000,1,1)",
        formula2="DATE(2099,12,31)",
        showErrorMessage=True,
        errorTitle="Not a date",
        error="Write the update's date day first, e.g. 14/03/2025.",
    )
    ws.add_data_validation(when)
    column = get_column_letter(UPDATE_DATE)
    when.add(f"{column}2:{column}{last}")
    for row in range(2, last + 1):
        ws.cell(row, UPDATE_DATE).number_format = "DD/MM/YYYY"
    ws.freeze_panes = "C2"


# --- reading the owners' updates back ------------------------------------------------------------


@dataclass(frozen=True)
class RowUpdate:
    """What one row of a returned workbook says about one action."""

    ref: str
    source: str  # "actions.xlsx, sheet Westmarch Police, row 3"
    status: str | None
    evidence: str | None
    update: str | None
    date: str | None


@dataclass
class ActionChange:
    """What an import changed (or would change) in one action."""

    number: str
    status: tuple[str, str] | None = None  # (old, new)
    evidence: bool = False
    updates: int = 0


@dataclass
class ActionImportResult:
    """What `import_updates` read, changed and could not read."""

    changes: list[ActionChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    saved: bool = False

    @property
    def changed(self) -> bool:
        """True when any action changed."""
        return bool(self.changes)


def read_updates(path: Path) -> tuple[list[RowUpdate], list[Problem]]:
    """Every filled-in row of a returned owners' workbook, and the rows that cannot be read."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    from reviewkit.casefile import check_readable

    path = Path(path)
    check_readable(path, what="workbook", limit=50 * 1_048_576, too_big="split the workbook")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise InputFileError(f"{path}: cannot read this workbook ({exc}).") from None
    rows: list[RowUpdate] = []
    problems: list[Problem] = []
    try:
        for ws in book.worksheets:
            if ws.title == ABOUT_SHEET:
                continue
            values = list(ws.iter_rows(values_only=True))
            if not values or tuple(_text(v) for v in values[0][: len(HEADINGS)]) != HEADINGS:
                problems.append(
                    _problem(
                        path.name,
                        f"sheet {ws.title}",
                        "not a sheet of the owners' workbook (its headings have changed); it "
                        "was not read",
                        "warning",
                    )
                )
                continue
            for number, row in enumerate(values[1:], start=2):
                cells = [*row, *([None] * len(HEADINGS))][: len(HEADINGS)]
                ref = _text(cells[0])
                if not ref:
                    continue
                at = f"sheet {ws.title}, row {number}"
                where = f"{path.name}, {at}"
                status = _text(cells[STATUS - 1]) or None
                if status is not None and status.lower() not in ACTION_STATUSES:
                    problems.append(
                        _problem(
                            path.name,
                            at,
                            f"status '{status}' is not one of {', '.join(ACTION_STATUSES)}",
                        )
                    )
                    continue
                date, bad = _date(cells[UPDATE_DATE - 1])
                if bad:
                    problems.append(_problem(path.name, at, f"update date '{bad}' is not a date"))
                    continue
                update = _text(cells[UPDATE - 1]) or None
                if update and date is None:
                    problems.append(_problem(path.name, at, "the progress update has no date"))
                    continue
                rows.append(
                    RowUpdate(
                        ref=ref,
                        source=where,
                        status=status.lower() if status else None,
                        evidence=_text(cells[EVIDENCE - 1]) or None,
                        update=update,
                        date=date,
                    )
                )
    finally:
        book.close()
    return rows, problems


def _problem(file: str, where: str, message: str, severity: str = "error") -> Problem:
    """A problem of a workbook row: 'actions.xlsx: sheet Police, row 3: ...'."""
    return Problem(file, 0, 0, where, message, severity)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(value: Any) -> tuple[str | None, str]:
    """(the date as the case file writes it, ''), or (None, the unreadable text)."""
    if value is None or _text(value) == "":
        return None, ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), ""
    if isinstance(value, dt.date):
        return value.isoformat(), ""
    try:
        return parse_date(_text(value)).text, ""
    except DateError:
        return None, _text(value)


def import_updates(
    case_path: Path,
    files: list[Path],
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
    today: dt.date | None = None,
) -> ActionImportResult:
    """Read owners' workbooks back into the case file's actions, through CaseStore.

    `today` dates the note of a status or evidence change that came without an update.
    """
    from reviewkit.casefile import CaseStore

    store = CaseStore(Path(case_path), label="import --actions")
    case = store.case
    result = ActionImportResult()
    found: list[RowUpdate] = []
    for path in files:
        rows, problems = read_updates(path)
        found += rows
        result.problems += problems
    result.rows = len(found)
    where: dict[str, tuple[int, int]] = {}
    for r, rec in enumerate(case.recommendations):
        for a, action in enumerate(rec.actions):
            where[action_ref(action, f"{case.recommendation_number(rec)}.{a + 1}")] = (r, a)
    planned: list[tuple[int, int, RowUpdate]] = []
    for row in found:
        if row.ref not in where:
            file, _, at = row.source.partition(", ")
            result.problems.append(
                _problem(file, at, f"Ref '{row.ref}' is not an action in the case file")
            )
            continue
        planned.append((*where[row.ref], row))
    errors = [p for p in result.problems if p.severity == "error"]
    if errors and not skip_bad:
        return result

    def change(edit: Any) -> None:
        for r, a, row in planned:
            number = case.recommendation_number(case.recommendations[r])
            outcome = _apply(edit, r, a, row, number, today or dt.date.today())
            if outcome is not None:
                result.changes.append(outcome)

    if dry_run:
        store.preview(change)
        return result
    # A preview first: the change is only saved when it makes any difference.
    store.preview(change)
    if result.changes:
        result.changes = []
        store.change(change, f"action updates from {plural_files(files)}")
        result.saved = True
    return result


def plural_files(files: list[Path]) -> str:
    """The workbooks' names, for the history's label."""
    return ", ".join(Path(f).name for f in files)


def _apply(
    edit: Any, r: int, a: int, row: RowUpdate, rec_number: int, today: dt.date
) -> ActionChange | None:
    """Make one row's changes to both trees of the edit; what changed, or None."""
    from reviewkit.casefile import roundtrip
    from reviewkit.casefile.edit import node, plain

    expected = edit.expected["recommendations"][r]["actions"][a]
    mapping = edit.data["recommendations"][r]["actions"][a] if edit.data is not None else None
    order = list(Action.model_fields)
    outcome = ActionChange(f"{rec_number}.{a + 1}")

    def put(key: str, value: Any) -> None:
        new = node(value, key=key)
        if mapping is not None:
            roundtrip.set_key(mapping, key, new, after=order[: order.index(key)])
        expected[key] = plain(new)

    old_status = expected.get("status", "not-started")
    if row.status and row.status != old_status:
        put("status", row.status)
        outcome.status = (old_status, row.status)
    if row.evidence and row.evidence != (expected.get("evidence") or "").strip():
        put("evidence", row.evidence)
        outcome.evidence = True
    updates = list(expected.get("updates") or [])
    notes: list[dict[str, Any]] = []
    if row.update and row.date:
        known = {(str(u.get("date")), str(u.get("text", "")).strip()) for u in updates}
        if (row.date, row.update) not in known:
            notes.append({"date": row.date, "text": row.update, "source": row.source})
    elif outcome.status or outcome.evidence:
        # A change with no update of its own still says when and where it came from.
        what = f"status {row.status}" if outcome.status else "evidence of impact"
        notes.append({"date": today.isoformat(), "text": f"Reported {what}.", "source": row.source})
    if notes and mapping is not None and isinstance(mapping.get("updates"), list) and updates:
        # Appended to the list as it is, so the updates already written keep their layout.
        for note in notes:
            roundtrip.append_item(mapping["updates"], node(note))
        expected["updates"] = [*updates, *(plain(node(note)) for note in notes)]
        outcome.updates = len(notes)
    elif notes:
        put("updates", [*updates, *notes])
        outcome.updates = len(notes)
    if outcome.status or outcome.evidence or outcome.updates:
        return outcome
    return None
