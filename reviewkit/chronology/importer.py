"""Returned agency chronologies into the case file's events, each with its provenance.

Reading: every sheet (or CSV file) whose header row names a date column and a summary (or
details) column is read row by row; each row becomes an event of the importing agency, or one
located problem per bad cell (`police.csv:12: column 'Date': '31/02/2019' is not a date`).

Importing the same return again (same agency, same file name) replaces the earlier import:

- a row whose content is unchanged keeps its event as it is in the case file, with any
  edits the author made to it (and any merge);
- an event the author has not touched is removed when its row changed or went, and the
  row's new version is added;
- an event the author edited (or merged) is always kept, with a warning when its row changed;
- a row the author deleted from the events is not added again: the case file's `imports`
  section remembers the fingerprints of every row imported.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby, islice
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from reviewkit.casefile import CaseStore, Edit, paused_gc
from reviewkit.casefile.realnames import REAL_NAME, NameFinder
from reviewkit.chronology import cells, headers, summary
from reviewkit.chronology.events import edited, event_data, fingerprint, provenance_data
from reviewkit.chronology.reader import Table, read_tables
from reviewkit.errors import CellError, ImportProblemsError, Problem, UsageError
from reviewkit.model import Case, Event, ImportRecord, Provenance
from reviewkit.names import Vocabulary, people_vocabulary
from reviewkit.parallel import in_chunks
from reviewkit.wording import did_you_mean, shorten

_FALLBACK_TYPE = "other"


@dataclass
class Options:
    """How to read the returns: whose they are, and any headings or types to map."""

    agency: str
    maps: dict[str, str] = field(default_factory=dict)  # normalised heading -> field
    type_maps: dict[str, str] = field(default_factory=dict)  # written type -> type id
    sheet: str | None = None
    replace: bool = False  # an agency summary may replace one already written


@dataclass
class Row:
    """One row read as an event."""

    where: str  # file (and sheet) for messages
    sheet: str | None
    row: int
    event: Event  # with its provenance


class RealNameRow(NamedTuple):
    """A real name found in a row: whose name and which form (safe to print), and where.

    Kept small (a return of 20,000 rows may name the family 65,000 times): the warning's
    words are put together only when asked for. A named tuple, not a dataclass: those
    found in a copy of the process are sent back here, and a tuple is made again from its
    pickle four times as fast.
    """

    describe: str  # "the first name of Child A"
    replacement: str  # what reports print instead: "Child A's"
    where: str  # the file (and sheet)
    row: int
    heading: str  # the column's heading as written

    def warning(self, times: int = 1) -> Problem:
        """The warning for this name, written `times` times in its row and column."""
        often = "" if times == 1 else " twice" if times == 2 else f" {times} times"
        return Problem(
            self.where,
            self.row,
            0,
            f"column '{self.heading}'",
            f"{self.describe} is written here{often}; reports print '{self.replacement}' instead "
            "(after importing, `reviewkit pseudonymise CASE` changes it in the case file too)",
            "warning",
            REAL_NAME,
        )


@dataclass
class SheetRead:
    """What was read from one sheet or CSV file."""

    where: str
    sheet: str | None
    header_row: int
    columns: dict[str, str]  # field -> heading as written
    rows: int  # data rows read (good and bad)
    encoding: str | None = None
    delimiter: str | None = None


@dataclass
class ReturnRead:
    """One returned file, read: its events, bad rows and warnings."""

    path: Path
    name: str  # the file name, which identifies the return on re-import
    sheets: list[SheetRead] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    used_maps: set[str] = field(default_factory=set)  # --map headings found in this file
    mapped: dict[str, str] = field(default_factory=dict)  # heading as written -> field read
    summary: Table | None = None  # the "Agency summary" sheet (reviewkit.chronology.summary)
    # Every real name found in the rows, one warning each (`warnings` sums them up if many).
    real_names: list[RealNameRow] = field(default_factory=list)


@dataclass
class Outcome:
    """What importing one return does to the case's events."""

    name: str
    previous: bool  # the return was imported before
    added: list[Row] = field(default_factory=list)
    unchanged: int = 0
    updated: int = 0  # rows changed since the last import (old event replaced)
    removed: int = 0  # rows gone from the return (old event removed)
    kept_edited: list[str] = field(default_factory=list)  # edited events whose row changed
    not_readded: int = 0  # rows the author had deleted from the events


@dataclass
class Plan:
    """Everything an import will do, worked out before anything is written."""

    agency: str
    returns: list[ReturnRead]
    outcomes: list[Outcome]
    remove: list[int]  # positions in case.events
    reprovenance: dict[int, list[Provenance]]  # kept events whose rows moved
    records: list[ImportRecord]
    background: int  # added events outside the scope period
    # The agency's column mapping to keep in the case file (agencies[].columns); None: as is.
    columns: dict[str, str] | None = None

    @property
    def errors(self) -> list[Problem]:
        """Every row problem, file by file."""
        return [p for r in self.returns for p in r.errors]

    @property
    def warnings(self) -> list[Problem]:
        """Every warning, file by file."""
        return [p for r in self.returns for p in r.warnings]

    @property
    def added(self) -> list[Row]:
        """The events to add, in file and row order."""
        return [row for outcome in self.outcomes for row in outcome.added]

    @property
    def changes(self) -> bool:
        """True when the import changes the case file at all."""
        return bool(self.added or self.remove or self.reprovenance or self.records or self.columns)

    @property
    def skipped(self) -> list[Problem]:
        """The problems of rows left out (with --skip-bad)."""
        return [p for p in self.errors if p.line]

    def check(self, *, skip_bad: bool) -> None:
        """Raise ImportProblemsError when rows failed and --skip-bad was not given.

        A file with no readable chronology at all fails even with --skip-bad.
        """
        whole_files = [p for p in self.errors if not p.line]
        if whole_files or (self.errors and not skip_bad):
            raise ImportProblemsError(whole_files or self.errors)


# --- reading --------------------------------------------------------------------------------


def read_return(path: Path, case: Case, options: Options) -> ReturnRead:
    """Read one returned chronology into events of `options.agency`."""
    result = ReturnRead(path, path.name)
    tables = read_tables(path)
    if options.sheet is None:
        # The summary form is read on its own (reviewkit.chronology.summary), never as rows.
        result.summary = summary.find_summary(tables)
        tables = [t for t in tables if t is not result.summary]
    if options.sheet is not None:
        names = [t.sheet for t in tables if t.sheet is not None]
        tables = [t for t in tables if t.sheet == options.sheet]
        if not tables:
            if not names:
                raise UsageError(f"{path}: --sheet is for spreadsheets; this is a CSV file.")
            raise UsageError(
                f"{path}: there is no sheet '{options.sheet}'"
                f"{did_you_mean(options.sheet, names)}; its sheets are: {', '.join(names)}"
            )
    found = [(t, headers.find_header(t.rows, options.maps)) for t in tables]
    found_tables = [(t, c) for t, c in found if c is not None]
    if not found_tables and result.summary is not None:
        return result  # a summary returned without a chronology
    if not found_tables:
        result.errors.append(
            Problem(
                str(path),
                0,
                0,
                "",
                "no chronology found: reviewkit looks for a header row with a Date column and "
                "a Summary or Details column in the first 30 rows. Name the columns with "
                '--map "Your heading=date" (see docs/chronologies.md)',
            )
        )
        return result
    people = cells.PeopleIndex.of(case)
    types = cells.TypeIndex.of(case, options.type_maps)
    several = len(found_tables) > 1
    # Real names typed in a row are each warned of: outputs print the report name.
    vocab = people_vocabulary(case)
    vocab.regex()  # made once here, not in each copy of this process that reads rows
    for table, columns in found_tables:
        _read_table(
            result,
            table,
            columns,
            several,
            people,
            types,
            options,
            vocab if vocab.variants else None,
        )
    result.warnings.extend(real_name_summary(str(path), result.real_names))
    return result


class _RowRead(NamedTuple):
    """What reading one row found: its problems, its event (None when it has errors).

    A tuple, with `()` for each empty list: a return may have 20,000 rows.
    """

    number: int
    errors: Sequence[Problem]
    month_first: Sequence[str] = ()
    event: Event | None = None
    unknown_people: Sequence[str] = ()
    unknown_type: str | None = None
    names: Sequence[RealNameRow] = ()


# Up to this many real names in one file are each told where they are; beyond it, the
# first few are, then one line per person and form of name.
REAL_NAMES_SHOWN = 5
_FIRST_SHOWN = 3


def real_name_summary(where: str, found: list[RealNameRow]) -> list[Problem]:
    """The warnings to show for the real names found in one return's rows.

    A handful are shown one by one, each with its row and column. More are summed up: the
    first few, then each person's form of name once with how often and in which rows it is
    written, then what to do. Nothing is lost: after the import `reviewkit check CASE`
    lists every one with its line and column. No message holds a real name.
    """
    if len(found) <= REAL_NAMES_SHOWN:
        return _one_by_one(found, REAL_NAMES_SHOWN)
    rows: dict[str, list[int]] = {}
    for one in found:
        rows.setdefault(one.describe, []).append(one.row)
    in_rows = len({(one.where, one.row) for one in found})
    summary = [
        *_one_by_one(found, _FIRST_SHOWN),
        Problem(
            where,
            0,
            0,
            "",
            f"real names are written {_times(len(found))} in {in_rows:,} rows in all; "
            "reports print each person's report name instead:",
            "warning",
            REAL_NAME,
        ),
    ]
    summary.extend(
        Problem(
            where,
            0,
            0,
            "",
            f"  {describe}: {_times(len(numbers))}, {_row_ranges(numbers)}",
            "warning",
            REAL_NAME,
        )
        for describe, numbers in rows.items()
    )
    summary.append(
        Problem(
            where,
            0,
            0,
            "",
            "after importing, `reviewkit pseudonymise CASE` changes them all in the case "
            "file; `reviewkit check CASE` lists each one with its line and column",
            "warning",
            REAL_NAME,
        )
    )
    return summary


def _one_by_one(found: list[RealNameRow], most: int) -> list[Problem]:
    """The first `most` warnings, one for each name, row and column: a name written twice in
    one cell is one warning that says so, not two alike."""

    def cell(one: RealNameRow) -> tuple[str, str, int, str]:
        return one.describe, one.where, one.row, one.heading

    shown = []
    for _, group in islice(groupby(found, key=cell), most):
        first, *again = group
        shown.append(first.warning(1 + len(again)))
    return shown


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count:,} times"


def _row_ranges(numbers: list[int]) -> str:
    """'row 7', 'rows 2-40, 42, 45-5001', or, when scattered, 'in 812 rows from 3 to 4998'."""
    rows = sorted(set(numbers))
    if len(rows) == 1:
        return f"row {rows[0]}"
    runs: list[tuple[int, int]] = []
    for number in rows:
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    if len(runs) <= 3:
        return "rows " + ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
    return f"in {len(rows):,} rows from {rows[0]} to {rows[-1]}"


def _read_table(
    result: ReturnRead,
    table: Table,
    columns: headers.Columns,
    several: bool,
    people: cells.PeopleIndex,
    types: cells.TypeIndex,
    options: Options,
    vocab: Vocabulary | None,
) -> None:
    """Read one table's rows into `result`; real names are looked for with `vocab`."""
    where = table.where if several else str(table.path)
    data_rows = [(n, c) for n, c in table.rows if n > columns.header_row]
    result.used_maps |= columns.used_maps
    result.mapped.update(columns.mapped)
    if "summary" not in columns.fields:
        result.errors.append(
            Problem(
                where,
                0,
                0,
                "",
                "no column holds the summary of each entry (a heading such as Summary, Details "
                'or Event); name it with --map "Your heading=summary"',
            )
        )
        return
    result.sheets.append(
        SheetRead(
            where,
            table.sheet,
            columns.header_row,
            {name: columns.heading(name) for name in columns.fields},
            len(data_rows),
            table.encoding,
            table.delimiter,
        )
    )
    _column_warnings(result, where, columns)
    month_first: list[tuple[int, str]] = []
    unknown_people: dict[str, list[int]] = {}
    unknown_types: dict[str, list[int]] = {}
    misfits = table.misfits(columns.header_row)
    headings = {name: columns.heading(name) for name in columns.fields}

    def read(start: int, end: int) -> list[_RowRead]:
        finder = NameFinder(vocab) if vocab is not None else None
        found = []
        named = 0  # rows of this chunk with names: only the first few are shown with their words
        for number, row_cells in data_rows[start:end]:
            if number in misfits:
                found.append(_RowRead(number, [Problem(where, number, 0, "", misfits[number])]))
                continue
            reader = _RowReader(where, number, row_cells, columns, people, types)
            event = reader.read(options.agency, result.name, table.sheet)
            names: Sequence[RealNameRow] = ()
            if event is not None and finder is not None:
                names = tuple(
                    RealNameRow(
                        hit.describe,  # one string per name and form, kept by the finder
                        hit.replacement,
                        where,
                        number,
                        headings.get(str(hit.path[0]), str(hit.path[0])),
                    )
                    for hit in finder.in_item(
                        event, "events", replacements=named < REAL_NAMES_SHOWN
                    )
                )
                named += bool(names)
            found.append(
                _RowRead(
                    number,
                    reader.errors or (),
                    reader.month_first or (),
                    event,
                    reader.unknown_people or (),
                    reader.unknown_type,
                    names,
                )
            )
        return found

    # Rows are read (and searched for real names) in chunks, shared with copies of this
    # process on a machine with processors to spare: the same result, in the same order.
    for chunk in in_chunks(len(data_rows), read):
        for got in chunk:
            number = got.number
            result.errors.extend(got.errors)
            month_first.extend((number, text) for text in got.month_first)
            if got.event is None:
                continue  # its problems say enough; the warnings are for rows imported
            result.rows.append(Row(where, table.sheet, number, got.event))
            result.real_names.extend(got.names)
            for name in got.unknown_people:
                unknown_people.setdefault(name, []).append(number)
            if got.unknown_type is not None:
                unknown_types.setdefault(got.unknown_type, []).append(number)
    for name, numbers in unknown_people.items():
        result.warnings.append(
            Problem(
                where,
                0,
                0,
                f"column '{columns.heading('people')}'",
                f"'{name}' ({_rows(numbers)}) is not one of the case's people, so is left out "
                "(write a name the review uses, or add the person to the case file)",
                "warning",
            )
        )
    for written, numbers in unknown_types.items():
        result.warnings.append(
            Problem(
                where,
                0,
                0,
                f"column '{columns.heading('type')}'",
                f"'{written}' ({_rows(numbers)}) is not an event type{types.hint(written)}; "
                f"read as '{_FALLBACK_TYPE}' (choose one with --map-type \"{written}=TYPE\")",
                "warning",
            )
        )
    if month_first:
        number, text = month_first[0]
        result.warnings.append(
            Problem(
                where,
                0,
                0,
                f"column '{columns.heading('date')}'",
                f"dates look month first (US style), e.g. '{text}' on row {number}; reviewkit "
                "always reads dates day first, so check every date in this file, or save it "
                "again with UK dates (DD/MM/YYYY)",
                "warning",
            )
        )


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    more = f" and {len(numbers) - 8} more" if len(numbers) > 8 else ""
    return f"row {shown}" if len(numbers) == 1 else f"rows {shown}{more}"


def _column_warnings(result: ReturnRead, where: str, columns: headers.Columns) -> None:
    def warn(message: str) -> None:
        result.warnings.append(Problem(where, columns.header_row, 0, "", message, "warning"))

    for heading, name in columns.guessed.items():
        score = _percent(columns.scores[heading][1])
        warn(
            f"column '{heading}' is read as {name} (score {score}); if it is not, use "
            f'--map "{heading}=..."'
        )
    for heading in columns.unknown:
        best = columns.scores.get(heading)
        if best is not None and best[1] >= headers.SUGGEST:
            warn(
                f"column '{heading}' is not imported; the nearest field is {best[0]} (score "
                f'{_percent(best[1])}): to import it as that, --map "{heading}={best[0]}"'
            )
        else:
            warn(
                f"column '{heading}' is not imported, and is like no field; to import it, "
                f'name its field: --map "{heading}=FIELD"'
            )
    for heading in columns.left_out:
        warn(
            f"column '{heading}' is not imported: a review names staff by role; to import "
            f'it all the same, --map "{heading}=FIELD"'
        )
    for heading in columns.repeated:
        warn(
            f"column '{heading}' holds a field another column already fills, so it is not "
            f'imported; to import it, name its field: --map "{heading}=..."'
        )
    if "type" not in columns.fields:
        warn(f"there is no event type column: every entry is imported as '{_FALLBACK_TYPE}'")


def _percent(score: float) -> str:
    return f"{round(score * 100)}%"


class _RowReader:
    """Reads the cells of one row into an event, collecting located problems."""

    def __init__(
        self,
        where: str,
        number: int,
        row_cells: list[Any],
        columns: headers.Columns,
        people: cells.PeopleIndex,
        types: cells.TypeIndex,
    ) -> None:
        self.where = where
        self.number = number
        self.cells = row_cells
        self.columns = columns
        self.people = people
        self.types = types
        self.errors: list[Problem] = []
        self.month_first: list[str] = []
        self.unknown_people: list[str] = []
        self.unknown_type: str | None = None

    def cell(self, name: str) -> Any:
        index = self.columns.fields.get(name)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def problem(self, name: str, message: str) -> None:
        heading = self.columns.heading(name) if name in self.columns.fields else name
        self.errors.append(Problem(self.where, self.number, 0, f"column '{heading}'", message))

    def convert(self, name: str, read: Any) -> Any:
        try:
            return read(self.cell(name))
        except CellError as err:
            self.problem(name, str(err))
            if name == "date" and "dates are read day first" in str(err):
                self.month_first.append(cells.shown(self.cell(name)))
            return None

    def read(self, agency: str, file: str, sheet: str | None) -> Event | None:
        data: dict[str, Any] = {"agency": agency}
        date = self.convert("date", cells.read_date)
        time = self.convert("time", cells.read_time)
        if date is not None:
            data["date"] = date.date  # as read: the model takes it without reading it again
            time = time or date.time
        if time:
            data["time"] = time
        seq = self.convert("seq", cells.read_seq)
        if seq is not None:
            data["seq"] = seq
        data["type"] = self.event_type()
        summary = cells.read_text(self.cell("summary"), one_line=True)
        if summary is None:
            self.problem("summary", "is empty; every entry needs a summary of what happened")
        else:
            data["summary"] = summary
        for name in ("details", "child_words", "outcome", "analysis"):
            text = cells.read_text(self.cell(name))
            if text is not None:
                data[name] = text
        source = cells.read_text(self.cell("source"), one_line=True)
        if source is not None:
            data["source"] = source
        ids, self.unknown_people = self.people.resolve(self.cell("people"))
        if ids:
            data["people"] = ids
        for name in ("child_seen", "seen_alone"):
            value = self.convert(name, cells.read_yes_no)
            if value is not None:
                data[name] = value
        if data.get("seen_alone") and data.get("child_seen") is False:
            self.problem("seen_alone", "says seen alone, but the child is recorded as not seen")
        if self.errors:
            return None
        return self.build(data, file, sheet)

    def event_type(self) -> str:
        value = self.cell("type")
        if cells.blank(value):
            return _FALLBACK_TYPE
        found = self.types.resolve(value)
        if found is not None:
            return found
        self.unknown_type = cells.shown(value)
        return _FALLBACK_TYPE

    def build(self, data: dict[str, Any], file: str, sheet: str | None) -> Event | None:
        try:
            event = Event.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else "summary"
                self.problem(name, err["msg"])
            return None
        stamp = Provenance(
            agency=event.agency,
            file=file,
            sheet=sheet,
            row=self.number,
            imported=fingerprint(event),
        )
        event.provenance = [stamp]  # the event is this row's own: no copy needed
        return event


# --- planning -------------------------------------------------------------------------------


def plan_import(case: Case, paths: list[Path], options: Options) -> Plan:
    """Read every return and work out what importing them would change; writes nothing."""
    if case.agency(options.agency) is None:
        known = [a.id for a in case.agencies]
        raise UsageError(
            f"--agency: the case has no agency '{options.agency}'"
            f"{did_you_mean(options.agency, known)}; its agencies are: "
            f"{', '.join(known) or 'none (add them under agencies: first)'}"
        )
    names = Counter(p.name for p in paths)
    twice = [name for name, count in names.items() if count > 1]
    if twice:
        raise UsageError(
            f"two returns are both called {twice[0]}; a return is known by its file name, so "
            "rename one of them"
        )
    _check_types(case, options)
    # The mapping used for this agency's returns before, then this import's own --map.
    stored = _stored_maps(case, options.agency)
    reading = replace(options, maps={**stored, **options.maps})
    returns = [read_return(path, case, reading) for path in paths]
    _check_maps(returns, options)

    outcomes: list[Outcome] = []
    keep: set[int] = set()
    remove: set[int] = set()
    reprovenance: dict[int, list[Provenance]] = {}
    records: list[ImportRecord] = []
    today = dt.date.today().isoformat()
    for read in returns:
        if read.errors and not read.rows and not read.sheets:
            outcomes.append(Outcome(read.name, previous=False))
            continue
        outcome = _plan_one(case, read, options.agency, keep, remove, reprovenance)
        outcomes.append(outcome)
        rows = [r.event.provenance[0].imported or "" for r in read.rows]
        earlier = next(
            (r for r in case.imports if r.file == read.name and r.agency == options.agency), None
        )
        if earlier is None or earlier.rows != rows:
            records.append(
                ImportRecord.model_validate(
                    {"file": read.name, "agency": options.agency, "imported": today, "rows": rows}
                )
            )
    scope = case.review.scope
    background = 0
    if scope is not None:
        for outcome in outcomes:
            for row in outcome.added:
                date = row.event.date
                if date.latest < scope.start.earliest or date.earliest > scope.end.latest:
                    background += 1
    agency = case.agency(options.agency)
    kept = dict(agency.columns) if agency else {}
    columns = {**kept}
    for read in returns:
        columns.update(read.mapped)
    return Plan(
        options.agency,
        returns,
        outcomes,
        sorted(remove - keep),
        reprovenance,
        records,
        background,
        columns if columns != kept else None,
    )


def _stored_maps(case: Case, agency_id: str) -> dict[str, str]:
    """The agency's kept column mapping as maps ({normalised heading: field}); checked."""
    agency = case.agency(agency_id)
    if agency is None or not agency.columns:
        return {}
    position = case.agencies.index(agency)
    names = [f.name for f in headers.FIELDS]
    for heading, name in agency.columns.items():
        if name not in names and name != headers.IGNORE:
            raise UsageError(
                f"agencies[{position}].columns: '{heading}: {name}': '{name}' is not a field"
                f"{did_you_mean(name, names)}; the fields are {', '.join(names)}, or "
                f"{headers.IGNORE} to leave a column out"
            )
    return {headers.normalise(heading): name for heading, name in agency.columns.items()}


def _check_types(case: Case, options: Options) -> None:
    known = set(cells.TypeIndex.of(case).words.values())
    for written, type_id in options.type_maps.items():
        if type_id not in known:
            raise UsageError(
                f"--map-type '{written}={type_id}': '{type_id}' is not an event type"
                f"{did_you_mean(type_id, known)}; see docs/case-file.md, or add it under "
                "vocabulary.event_types"
            )


def _check_maps(returns: list[ReturnRead], options: Options) -> None:
    """Every --map heading must head a column somewhere, or it is probably misspelt."""
    if not all(r.sheets for r in returns):
        return  # a file without a chronology is reported on its own
    used = set().union(*(r.used_maps for r in returns))
    for heading in options.maps:
        if heading not in used:
            raise UsageError(
                f"--map: no column is headed '{heading}' in "
                f"{', '.join(r.name for r in returns)}; check the spelling of the heading"
            )


def _plan_one(
    case: Case,
    read: ReturnRead,
    agency: str,
    keep: set[int],
    remove: set[int],
    reprovenance: dict[int, list[Provenance]],
) -> Outcome:
    previous_record = next(
        (r for r in case.imports if r.file == read.name and r.agency == agency), None
    )
    earlier_rows = set(previous_record.rows) if previous_record else set()
    waiting: dict[str, list[Row]] = {}
    for row in read.rows:
        waiting.setdefault(row.event.provenance[0].imported or "", []).append(row)

    outcome = Outcome(read.name, previous=previous_record is not None)
    changed_rows: set[int] = set()
    for index, event in enumerate(case.events):
        mine = [
            (j, p)
            for j, p in enumerate(event.provenance)
            if p.file == read.name and p.agency == agency
        ]
        if not mine:
            continue
        outcome.previous = True
        sources = list(event.provenance)
        still_there = True
        for j, source in mine:
            rows = waiting.get(source.imported or "")
            if rows:
                row = rows.pop(0)
                if (source.row, source.sheet) != (row.row, row.sheet):
                    sources[j] = source.model_copy(update={"row": row.row, "sheet": row.sheet})
            else:
                still_there = False
        if sources != list(event.provenance):
            reprovenance[index] = sources
        if still_there:
            outcome.unchanged += 1
            keep.add(index)
        elif edited(event):
            keep.add(index)
            outcome.kept_edited.append(_describe(event))
        else:
            remove.add(index)
            changed_rows.update(p.row for _, p in mine if p.row is not None)
    # Whatever was not matched is new, unless the author deleted it after the last import.
    for row in read.rows:
        rows = waiting.get(row.event.provenance[0].imported or "", [])
        if row not in rows:
            continue
        if row.event.provenance[0].imported in earlier_rows:
            outcome.not_readded += 1
            continue
        outcome.added.append(row)
        if row.row in changed_rows:
            outcome.updated += 1
    removed_events = sum(
        1
        for index, event in enumerate(case.events)
        if index in remove
        and any(p.file == read.name and p.agency == agency for p in event.provenance)
    )
    outcome.removed = max(0, removed_events - outcome.updated)
    return outcome


def _describe(event: Event) -> str:
    return f"{event.date.text}: {shorten(event.summary, 50)}"


# --- applying -------------------------------------------------------------------------------


def apply(plan: Plan, edit: Edit) -> None:
    """Make the planned changes to the case file (through an Edit of both trees)."""
    for index, sources in sorted(plan.reprovenance.items()):
        if index not in plan.remove:
            edit.set_field("events", index, "provenance", [provenance_data(p) for p in sources])
    edit.remove("events", plan.remove)
    # Validated when the rows were read: the save checks they read back as this data.
    edit.extend("events", [(event_data(row.event), row.event) for row in plan.added])
    if plan.columns is not None:
        agencies = edit.items("agencies")
        at = next(
            i for i, a in enumerate(agencies) if isinstance(a, dict) and a.get("id") == plan.agency
        )
        edit.set_field("agencies", at, "columns", dict(plan.columns))
    records = edit.items("imports")
    for record in plan.records:
        data = {k: v for k, v in record.model_dump(mode="json").items() if v is not None}
        position = next(
            (
                i
                for i, r in enumerate(records)
                if isinstance(r, dict)
                and r.get("file") == record.file
                and r.get("agency") == record.agency
            ),
            None,
        )
        if position is None:
            edit.append("imports", data)
        else:
            for key, value in data.items():
                edit.set_field("imports", position, key, value)


# --- the use case: import returns into a case file ------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import did to a case file (or, on a dry run, would do)."""

    case_path: Path
    dry_run: bool
    outcomes: list[Outcome]  # one per return: events added, updated, unchanged, removed
    background: int  # events added outside the scope period
    skipped: list[Problem]  # the problems of rows left out (with skip_bad)
    warnings: list[Problem]  # severity "warning": columns guessed, names unknown ...
    changed: bool  # the import changes the case file at all
    written: Path | None  # the case file, when it was saved
    backup: Path | None  # the version before the save (CASE.bak)
    reformatted_lines: int  # lines the save re-indented (mixed indentation in the file)
    summaries: list[str] = field(default_factory=list)  # each agency summary read, in words

    @property
    def added(self) -> int:
        """Events added (new rows, and new versions of changed rows)."""
        return sum(len(o.added) for o in self.outcomes)

    @property
    def updated(self) -> int:
        """Rows changed since the last import, whose old event was replaced."""
        return sum(o.updated for o in self.outcomes)

    @property
    def unchanged(self) -> int:
        """Rows imported before and unchanged, whose events stay as they are."""
        return sum(o.unchanged for o in self.outcomes)


class PendingImport:
    """An import read and planned, not yet written: look at it, then `run` it.

    Opening reads the case file and every return and works out every change; nothing is
    written until `run`. A caller can show the plan (warnings, the rows to add) first.
    """

    def __init__(self, case_path: Path, paths: list[Path], options: Options) -> None:
        self.store = CaseStore(case_path, label="import")
        # Thousands of rows become events and warnings: many small objects without cycles,
        # which the collector would scan again and again (as while loading a case).
        with paused_gc():
            self.plan = plan_import(self.store.case, paths, options)
        self.summaries = summary.plan_summaries(
            self.store.case, self.store.path, self.plan.returns, options.agency, options.replace
        )

    @property
    def case(self) -> Case:
        """The case as read, before the import."""
        return self.store.case

    def check(self, *, skip_bad: bool) -> list[Problem]:
        """Raise ImportProblemsError unless the import may go ahead; the rows it leaves out."""
        self.plan.check(skip_bad=skip_bad)
        return self.plan.skipped

    def run(self, *, dry_run: bool = False, skip_bad: bool = False) -> ImportResult:
        """Check the plan, then save it into the case file (or, on a dry run, only check it).

        A dry run makes the same change to a copy of the file's data and checks it, so it
        finds every problem a real run would. Nothing is written when nothing changes.
        """
        plan = self.plan
        skipped = self.check(skip_bad=skip_bad)
        names = ", ".join(r.name for r in plan.returns)
        written = False
        summaries = self.summaries

        def change(edit: Edit) -> None:
            apply(plan, edit)
            for one in summaries:
                summary.apply_summary(one, edit)

        changes = plan.changes or bool(summaries)
        if dry_run:
            self.store.preview(change)
        elif changes:
            self.store.change(change, f"import of {names}")
            written = True
        return ImportResult(
            self.store.path,
            dry_run,
            plan.outcomes,
            plan.background,
            skipped,
            plan.warnings,
            changes,
            self.store.path if written else None,
            self.store.backup_path if written else None,
            self.store.reformatted_lines if written else 0,
            [summary.describe(one) for one in summaries],
        )


def import_returns(
    case_path: Path,
    paths: list[Path],
    options: Options,
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
) -> ImportResult:
    """Import returned chronologies into a case file's events; say what was (or would be) done.

    Raises ImportProblemsError, writing nothing, when rows have problems and not `skip_bad`.
    """
    return PendingImport(case_path, paths, options).run(dry_run=dry_run, skip_bad=skip_bad)
