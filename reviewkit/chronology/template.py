"""The chronology request an agency fills in: an XLSX workbook, or a CSV file.

The workbook's first sheet says what is asked (the review, the agency, the scope period, the
date to return it by, how to fill it in, and the names the review uses for the family); the
second is the chronology itself, one row per contact, with drop-downs and checks that warn
about unreadable dates; the third is the agency's summary for the rapid review
(`reviewkit.chronology.summary`). A last, hidden sheet holds the drop-down lists. There are
no macros. `reviewkit agency-template --all` writes one request for every agency at once.

Names: the template lists each person's review name and id only. Real names and aliases
never leave the case file; the business unit tells each agency separately who is who.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewkit.chronology import summary
from reviewkit.chronology.headers import FIELDS
from reviewkit.dates import FuzzyDate, day_in_words
from reviewkit.errors import UsageError
from reviewkit.model import Agency, Case
from reviewkit.vocabulary import event_types, type_label
from reviewkit.wording import did_you_mean

if TYPE_CHECKING:
    from reviewkit.document import Notice

CHRONOLOGY_SHEET = "Chronology"
ABOUT_SHEET = "About this request"
LISTS_SHEET = "Lists"
ROWS = 1000  # rows prepared with drop-downs and checks

INSTRUCTIONS = (
    "Enter one row for each contact, event or decision about the child and family within the "
    "scope period. Add significant earlier history too, with its date.",
    "Keep the column headings as they are. Add rows as you need; do not merge cells.",
    "Dates: day first (DD/MM/YYYY), e.g. 14/03/2019. If the exact date is not known, type "
    "what is known as text: ?14/03/2019, March 2019, early March 2019, 01/03/2019 to "
    "15/03/2019.",
    "Times: 24-hour (17:25). Same-day order: 1, 2, 3 for entries on one day without a time.",
    "Event type: choose from the list; choose Other when nothing fits.",
    "People involved: use the names this review uses (below), separated by commas.",
    "Child seen / Seen alone: Yes or No; leave blank when it does not apply.",
    "Child's words: what the child said or showed, in their own words where recorded.",
    "Write practitioners as roles (the health visitor, SW1), never by name.",
    "Agency analysis: your agency's own reflection on the practice, with hindsight.",
)


@dataclass
class Request:
    """What a template says: for which review, which agency, and over which period."""

    title: str
    partnership: str
    agency: str
    scope: str
    scope_reason: str | None
    people: list[tuple[str, str]]  # (review name, id)
    types: list[str]  # event type labels, for the drop-down
    return_day: str = ""  # "Wednesday 27 March 2024", or a note when it is not known yet
    return_basis: str = ""  # "3 working days before the rapid review meeting on ..."

    @property
    def return_by(self) -> str:
        """When the return is due, with what it was counted from, in one line."""
        return f"{self.return_day} ({self.return_basis})" if self.return_basis else self.return_day


def request_for(case: Case, agency_id: str) -> Request:
    """The request for one agency (UsageError when the case has no such agency)."""
    agency = _agency(case, agency_id)
    scope = case.review.scope
    scope_text = (
        f"{_long(scope.start)} to {_long(scope.end)}" if scope else "(not set in the case file)"
    )
    labels = list(event_types().values())
    extra = [type_label(t) for t in case.vocabulary.get("event_types", [])]
    # "Other" last: the agency should look through the rest first.
    types = sorted({*labels, *extra} - {"Other"}, key=str.casefold) + ["Other"]
    return Request(
        title=case.review.title,
        partnership=case.review.partnership,
        agency=agency.name,
        scope=scope_text,
        scope_reason=scope.reason if scope else None,
        people=[(p.name, p.id) for p in case.people],
        types=types,
        **return_by_words(case),
    )


NO_RETURN_BY = "Ask the business unit (the review's dates are not set yet)"


def return_by_words(case: Case) -> dict[str, str]:
    """When the return is due, in words (return_day), and what it was counted from."""
    from reviewkit.timescales import return_by

    due = return_by(case)
    if due is None:
        return {"return_day": NO_RETURN_BY, "return_basis": ""}
    return {"return_day": f"{due.due:%A} {day_in_words(due.due)}", "return_basis": due.basis}


def _long(date: FuzzyDate) -> str:
    """One exact day as '14 March 2019' (no reader can take it month first); else as written."""
    if not date.exact:
        return date.text
    return f"{date.earliest.day} {date.earliest:%B %Y}"


def _agency(case: Case, agency_id: str) -> Agency:
    agency = case.agency(agency_id)
    if agency is None:
        known = [a.id for a in case.agencies]
        raise UsageError(
            f"--agency: the case has no agency '{agency_id}'{did_you_mean(agency_id, known)}; "
            f"its agencies are: {', '.join(known) or 'none (add them under agencies: first)'}"
        )
    return agency


def headings() -> list[str]:
    """The chronology columns' headings, in order (the importer reads them with no mapping)."""
    return [f.heading for f in FIELDS]


# --- CSV --------------------------------------------------------------------------------------


def csv_template(request: Request) -> str:
    """The request as CSV text: a few lines saying what is asked, then the header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"Chronology request: {request.title}"])
    writer.writerow([f"Agency: {request.agency}"])
    writer.writerow([f"Scope period: {request.scope}"])
    writer.writerow([f"Return by: {request.return_by}"])
    for line in INSTRUCTIONS:
        writer.writerow([line])
    names = "; ".join(f"{name} = {pid}" for name, pid in request.people)
    writer.writerow([f"Names used in this review: {names}"])
    writer.writerow([f"Event types: {'; '.join(request.types)}"])
    writer.writerow([])
    writer.writerow(headings())
    return out.getvalue()


def write_csv(request: Request, path: Path) -> None:
    """Write the CSV request (UTF-8 with a byte order mark, so Excel reads it correctly)."""
    from reviewkit.atomic import write_bytes

    write_bytes(path, csv_template(request).encode("utf-8-sig"))


# --- XLSX -------------------------------------------------------------------------------------


def write_xlsx(request: Request, path: Path) -> None:
    """Write the XLSX request: About sheet, Chronology sheet and a hidden Lists sheet."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    from reviewkit.atomic import write_bytes

    book = Workbook()
    about = book.active
    about.title = ABOUT_SHEET
    _about_sheet(about, request)
    lists = book.create_sheet(LISTS_SHEET)
    _lists_sheet(lists, request)
    sheet = book.create_sheet(CHRONOLOGY_SHEET)
    _chronology_sheet(sheet, request)
    form = book.create_sheet(summary.SHEET)
    summary.write_sheet(form, request.agency, request.return_by)
    lists.sheet_state = "hidden"
    book.properties.title = f"Chronology request: {request.title}"
    book.properties.creator = "reviewkit"
    book.move_sheet(sheet, offset=-1)  # About, Chronology, Lists, Agency summary
    book.move_sheet(form, offset=-1)  # About, Chronology, Agency summary, Lists
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes(path, buffer.getvalue())


def _about_sheet(ws: Any, request: Request) -> None:
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    wrap = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 90
    rows: list[tuple[str, str]] = [
        ("Chronology request", ""),
        ("Review", request.title),
        ("Safeguarding partnership", request.partnership),
        ("Agency", request.agency),
        ("Scope period", request.scope),
        ("Return by", request.return_by),
    ]
    if request.scope_reason:
        rows.append(("Why this period", " ".join(request.scope_reason.split())))
    rows.append(("", ""))
    rows.append(
        (
            "How to fill it in",
            f"Use the '{CHRONOLOGY_SHEET}' sheet for the chronology, and the "
            f"'{summary.SHEET}' sheet for your agency's summary.",
        )
    )
    rows.extend((f"{n}.", line) for n, line in enumerate(INSTRUCTIONS, start=1))
    rows.append(("", ""))
    rows.append(("Columns", ""))
    rows.extend((f.heading, f.help) for f in FIELDS)
    rows.append(("", ""))
    rows.append(("Names used in this review", "Id"))
    rows.extend(request.people)
    for row in rows:
        ws.append(list(row))
    ws["A1"].font = Font(bold=True, size=14)
    for cell in ws["A"]:
        cell.alignment = wrap
        if cell.value in ("How to fill it in", "Columns", "Names used in this review"):
            cell.font = Font(bold=True)
            ws.cell(cell.row, 2).font = Font(bold=True)
        elif cell.row > 1 and cell.value and cell.row <= 7:
            cell.font = Font(bold=True)
    for cell in ws["B"]:
        cell.alignment = wrap


def _lists_sheet(ws: Any, request: Request) -> None:
    ws.append(["Event type"])
    for label in request.types:
        ws.append([label])
    ws.cell(1, 3, "Yes/No")
    ws.cell(2, 3, "Yes")
    ws.cell(3, 3, "No")


def _chronology_sheet(ws: Any, request: Request) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    ws.append(headings())
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, spec in enumerate(FIELDS, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(1, index)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        ws.column_dimensions[letter].width = spec.width + 2
        span = f"{letter}2:{letter}{ROWS + 1}"
        check = _validation(spec.name, len(request.types), DataValidation)
        if check is not None:
            check.promptTitle = spec.heading[:32]
            check.prompt = spec.help[:255]
            check.showInputMessage = True
            ws.add_data_validation(check)
            check.add(span)
        if spec.name == "date":
            for row in range(2, ROWS + 2):
                ws.cell(row, index).number_format = "DD/MM/YYYY"
        elif spec.name == "time":
            for row in range(2, ROWS + 2):
                ws.cell(row, index).number_format = "HH:MM"
        elif spec.width >= 30:
            for row in range(2, ROWS + 2):
                ws.cell(row, index).alignment = wrap
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FIELDS))}1"


def _validation(name: str, type_count: int, factory: Any) -> Any:
    if name == "date":
        # A warning, not a stop: an uncertain date is typed as text ("?03/2019").
        return factory(
            type="date",
            operator="between",
            formula1="DATE(1900,1,1)",
            formula2="DATE(2099,12,31)",
            errorStyle="warning",
            errorTitle="Not a date",
            error="This is not a date Excel knows. Write dates day first (14/03/2019). An "
            "uncertain date may be typed as text (?14/03/2019, March 2019): choose Yes to "
            "keep it.",
            showErrorMessage=True,
        )
    if name == "time":
        return factory(
            type="time",
            operator="between",
            formula1="0",
            formula2="0.999305556",
            errorStyle="warning",
            errorTitle="Not a time",
            error="Write times 24-hour, e.g. 17:25.",
            showErrorMessage=True,
        )
    if name == "seq":
        return factory(
            type="whole",
            operator="between",
            formula1="1",
            formula2="99",
            errorTitle="Same-day order",
            error="A whole number: 1, 2, 3 for entries on the same day.",
            showErrorMessage=True,
        )
    if name == "type":
        return factory(
            type="list",
            formula1=f"'{LISTS_SHEET}'!$A$2:$A${type_count + 1}",
            errorTitle="Event type",
            error="Choose an event type from the list (Other when nothing fits).",
            showErrorMessage=True,
        )
    if name in ("child_seen", "seen_alone"):
        return factory(
            type="list",
            formula1=f"'{LISTS_SHEET}'!$C$2:$C$3",
            errorTitle="Yes or No",
            error="Choose Yes or No, or leave it blank.",
            showErrorMessage=True,
        )
    return None


def write_template(case: Case, agency_id: str, path: Path, fmt: str) -> Request:
    """Write the request for one agency as 'xlsx' or 'csv'; return what it asks."""
    request = request_for(case, agency_id)
    if fmt == "csv":
        write_csv(request, path)
    else:
        write_xlsx(request, path)
    return request


# --- the use case: write the request for one agency ------------------------------------------

FORMATS = ("xlsx", "csv")


@dataclass(frozen=True)
class RequestWritten:
    """A chronology request written for one agency: where, in which format, and what it asks."""

    path: Path
    format: str  # "xlsx" or "csv"
    request: Request
    renamed: list[Notice] = field(default_factory=list)  # real names printed as report names


def output_format(output: Path, fmt: str | None) -> str:
    """The format to write `output` in: as asked, else from its suffix (UsageError if unclear)."""
    suffix = output.suffix.lower()
    if fmt is None:
        if suffix[1:] not in FORMATS:
            raise UsageError(f"say --format xlsx or --format csv for {output}.")
        fmt = suffix[1:]
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: choose xlsx or csv.")
    if fmt == "xlsx" and suffix != ".xlsx":
        raise UsageError(
            f"an Excel workbook is written as .xlsx; name the output {output.stem}.xlsx"
        )
    return fmt


def write_request(
    case_path: Path, agency_id: str, output: Path, fmt: str | None = None, *, force: bool = False
) -> RequestWritten:
    """Write the chronology request for one agency of a case file, never over a file unasked."""
    from reviewkit.atomic import check_output
    from reviewkit.casefile import load_case

    fmt = output_format(output, fmt)
    check_output(output, force=force)
    loaded = load_case(case_path)
    request = write_template(loaded.case, agency_id, output, fmt)
    return RequestWritten(output, fmt, request, loaded.renamed)


# --- the use case: every agency's request at once ---------------------------------------------


@dataclass(frozen=True)
class RequestsWritten:
    """Every agency's request, written into one folder."""

    written: list[RequestWritten]
    renamed: list[Notice] = field(default_factory=list)


def request_file_name(agency: Agency, fmt: str) -> str:
    """The file one agency's request is written to: its id, then '-chronology-request'."""
    return f"{agency.id}-chronology-request.{fmt}"


def write_requests(
    case_path: Path, folder: Path, fmt: str = "xlsx", *, force: bool = False
) -> RequestsWritten:
    """Write every agency's request into `folder`; nothing is written if any file exists.

    Each file is written atomically; the existence of every one is checked first, so an
    earlier request an agency may be filling in is never overwritten unasked.
    """
    from reviewkit.atomic import refuse_overwrite
    from reviewkit.casefile import load_case

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: choose xlsx or csv.")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; with --all, give a folder for the requests.")
    loaded = load_case(case_path)
    case = loaded.case
    if not case.agencies:
        raise UsageError(f"{case_path} has no agencies; add them under agencies: first.")
    targets = [(a, folder / request_file_name(a, fmt)) for a in case.agencies]
    refuse_overwrite([path for _, path in targets], force=force)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot create the folder: {exc.strerror}.") from None
    written = [
        RequestWritten(path, fmt, write_template(case, agency.id, path, fmt))
        for agency, path in targets
    ]
    return RequestsWritten(written, loaded.renamed)
