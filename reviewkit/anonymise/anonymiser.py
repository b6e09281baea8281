"""Turn a case file into an anonymised case file, and say what was replaced where.

The anonymiser works on the case file's own data (every key, in the author's order), so the
output is a case file like any other: `reviewkit check` and `reviewkit build` read it. In
every free-text value it removes identifiers found by their shape, replaces the case's names
(people, professionals, places, agencies, the partnership) and rewrites dates as relative
time; in the structured fields it drops real names, aliases and dates of birth, gives agencies
generic names, renames ids that hold a name, and moves dates by a secret offset.

The result is checked twice before anything is written: as a case file, and by the leak scan
with the original case's vocabulary. The replacement report never holds a real name; the
audit (only written when asked for) does.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import re
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewkit.anonymise import identifiers
from reviewkit.anonymise.agencies import agency_labels
from reviewkit.anonymise.names import build_vocabulary
from reviewkit.anonymise.relative_dates import DATE_MODES, Child, Timeframe
from reviewkit.anonymise.report import audit_text, report_text
from reviewkit.anonymise.results import AnonymisedCase, Replacement
from reviewkit.anonymise.scan import Findings, Hit, Scanner, ScanReport
from reviewkit.casefile import YamlDocument, format_path
from reviewkit.dates import FuzzyDate, find_dates, parse_date, read_or_none
from reviewkit.errors import AnonymiseError, CaseInvalidError, LeakError, UsageError
from reviewkit.model import Case, field_paths
from reviewkit.names import NameHit, Vocabulary, normalise, replacement
from reviewkit.wording import capitalise

SCHEMES = ("case-names", "letters")

PARTNERSHIP = "Local safeguarding children partnership"
_OUTPUT = "the anonymised case"  # where a leak found while walking is said to be

# Case-file paths (list indexes as "*") of each kind of structured field, read from the model.
_FIELDS = field_paths()


@dataclass
class Options:
    """What `anonymise` was asked for; None means the case's own setting, then the default."""

    scheme: str | None = None
    dates: str | None = None
    offset_days: int | None = None  # None: a random secret offset
    output_name: str = "anonymised.yaml"  # named in the report
    audit: bool = True  # False: the audit is not wanted, so it is not made


# --- labels -------------------------------------------------------------------------------------


def letters_labels(case: Case) -> dict[str, str]:
    """Child A, Child B ... for the subjects; relationship labels for everyone else."""
    labels: dict[str, str] = {}
    letters = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    subjects = case.subjects
    for child in subjects:
        labels[child.id] = f"Child {next(letters, 'Z')}"
    kinds: dict[str, str] = {}
    for child in subjects:
        for rel in child.relationships:
            kinds.setdefault(rel.person, rel.kind)
    used: Counter[str] = Counter(labels.values())
    for person in case.people:
        if person.id in labels:
            continue
        if person.role == "child" and person.id not in kinds:
            label = f"Child {next(letters, 'Z')}"
        elif person.id in kinds:
            label = capitalise(kinds[person.id])
        elif person.role == "professional":
            label = person.relationship or "Professional"
        else:
            label = {"parent": "Parent", "carer": "Carer", "partner": "Partner"}.get(
                person.role, "Relative" if person.role == "relative" else "Adult"
            )
        used[label] += 1
        labels[person.id] = label if used[label] == 1 else f"{label} {used[label]}"
    return labels


# --- the anonymiser ----------------------------------------------------------------------------


def anonymise_document(doc: YamlDocument, case: Case, options: Options) -> AnonymisedCase:
    """Anonymise a checked case file (its parsed YAML and its model)."""
    settings = case.anonymise
    scheme = options.scheme or (settings.scheme if settings else "case-names")
    mode = options.dates or (settings.dates if settings else "age")
    if scheme not in SCHEMES:
        raise UsageError(f"unknown scheme '{scheme}'; choose one of: {', '.join(SCHEMES)}.")
    if mode not in DATE_MODES:
        raise UsageError(f"unknown date mode '{mode}'; choose one of: {', '.join(DATE_MODES)}.")
    if settings is not None and settings.anonymised:
        raise AnonymiseError(
            f"{doc.file}: this case has already been anonymised (anonymise.anonymised: yes); "
            "anonymise the original case file instead."
        )
    labels = letters_labels(case) if scheme == "letters" else {p.id: p.name for p in case.people}
    _check_pseudonyms(case, labels, doc.file)
    names, phrases = agency_labels(case)
    vocab = build_vocabulary(case, labels=labels, agency_labels=phrases)
    anchor = (settings.anchor if settings else None) or (
        case.review.scope.start if case.review.scope else None
    )
    shifting = mode in ("age", "interval", "shift")
    if not shifting:
        offset = 0
    elif options.offset_days is not None:
        offset = options.offset_days
    else:
        offset = -7 * _draw_weeks(doc.data, case, mode)  # drawn once: see _Worker.births
    timeframe = Timeframe(mode=mode, offset_days=offset, anchor=anchor)
    # Whose ages written in the text are checked against the real dates, by their new label.
    timeframe.born = {labels.get(p.id, p.name): p.dob for p in case.people if p.dob is not None}
    worker = _Worker(case, vocab, timeframe, labels, names, phrases, mode, scheme)
    data = worker.walk(doc.data, ())
    data["anonymise"] = worker.settings(settings)
    if worker.leaks:
        raise LeakError(worker.leaks, what="the anonymised case", hint=_LEAK_HINT)
    text = _dump(data, scheme=scheme, mode=mode)
    written = _check_output(text, options.output_name)
    # Real dates of birth were looked for value by value as the walk went (it knows which
    # dates it moved); a moved date that happens to equal one is no leak.
    checked = dataclasses.replace(vocab, births=[])
    scan = _scan_output(text, written, options.output_name, checked)
    if scan.hits:
        raise LeakError(scan.hits, what="the anonymised case", hint=_LEAK_HINT)
    result = AnonymisedCase(
        text=text,
        report="",
        audit="",
        replacements=worker.replacements,
        scheme=scheme,
        dates=mode,
        offset_days=offset,
        labels=labels,
        unread_dates=timeframe.unread,
        age_checks=sum(r.kind == "age (to check)" for r in worker.replacements),
        unnamed=[
            f"people[{i}] ({labels.get(p.id, p.name)})"
            for i, p in enumerate(case.people)
            if not p.real_name and p.role != "professional"
        ],
    )
    result.review = scan.review  # listed in the report, every one with where it is
    result.report = report_text(result, vocab, options.output_name)
    _refuse_report_leaks(result.report, vocab)
    if options.audit:
        result.audit = audit_text(result, vocab, options.output_name)
    return result


# The secret offset is a whole number of weeks back (so weekdays stay true), one to five years.
OFFSET_WEEKS = range(52, 5 * 52)


def _draw_weeks(data: Any, case: Case, mode: str) -> int:
    """A secret number of weeks to move dates back by, where no moved day is a real birth.

    A moved date that happens to fall on a real date of birth would read as that birth to
    anyone scanning the output, so the weeks that would move any day written in the case onto
    a birth are left out of the draw. Where every number of weeks would (a chronology with a
    date on nearly every day), any is drawn: the anonymiser's own check knows which dates it
    moved, and is not misled. Only "shift" moves the dates written in the text; the other modes
    tell those as relative time and move only the date fields, so only those are read.
    """
    births = {p.dob.earliest for p in case.people if p.dob is not None and p.dob.exact}
    bad: set[int] = set()
    if births:
        days_written: set[dt.date] = set()
        if mode == "shift":
            # Each distinct text once, and only those with a digit: every date with a year has one.
            for text in set(_strings(data)):
                if _DIGIT.search(text):
                    found = (f.date for f in find_dates(text))
                    days_written.update(d.earliest for d in found if d is not None and d.exact)
        else:
            # (a field that is no date has been refused by the check already)
            dates = (read_or_none(text) for text in set(_date_fields(data)))
            days_written.update(d.earliest for d in dates if d is not None and d.exact)
        for day in days_written:
            for birth in births:
                days = (day - birth).days
                if days > 0 and days % 7 == 0:
                    bad.add(days // 7)
    free = [weeks for weeks in OFFSET_WEEKS if weeks not in bad]
    return secrets.choice(free or list(OFFSET_WEEKS))


def _date_fields(data: Any) -> list[str]:
    """The text of every date field in parsed case-file data (dates of birth among them)."""
    found: list[str] = []
    stack: list[tuple[tuple[str, ...], Any]] = [((), data)]
    while stack:
        pattern, item = stack.pop()
        if isinstance(item, dict):
            stack.extend(((*pattern, str(k)), v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend(((*pattern, "*"), v) for v in item)
        elif item is not None and (
            _matches(pattern, _FIELDS.dates)
            or pattern in (("people", "*", "dob"), ("anonymise", "anchor"))
        ):
            found.append(item.isoformat() if isinstance(item, dt.date) else str(item))
    return found


def _strings(value: Any) -> list[str]:
    """Every text value inside parsed YAML data."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dt.date):
            found.append(item.isoformat())
    return found


_LEAK_HINT = (
    "nothing was written. Add the missing name to the case file (people's real_name or "
    "aliases, or anonymise.places / professionals) or reword the text, then run anonymise again."
)


def _refuse_report_leaks(text: str, vocab: Vocabulary) -> None:
    """Scan the replacement report before it is written; raise LeakError on anything definite.

    The report lists every case-file path with a replacement: at 20,000 events, tens of
    thousands of table rows that differ only in their list positions ("events\\[12\\].details").
    A list position is a number reviewkit counted, not text from the case, so each line (the
    renderer does not wrap lines) is scanned with its positions written as "[*]", and a line
    read once is not read again. A hit is located at the first line it is on.
    """
    scanner = Scanner(vocab)
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = _LIST_POSITION.sub(r"\\[*\\]", line)
        if line not in seen:
            seen.add(line)
            scanner.scan_text(line, "the replacement report", functools.partial(_at_line, number))
    hits = scanner.finish().hits
    if hits:
        raise LeakError(hits, what="the replacement report", hint=_LEAK_HINT)


def _at_line(line: int, offset: int) -> str:
    return f"{line}:{offset + 1}"


_LIST_POSITION = re.compile(r"\\\[\d+\\\]")  # "\\[12\\]", as the report's Markdown writes "[12]"


def _check_pseudonyms(case: Case, labels: dict[str, str], file: str) -> None:
    """Refuse when a person's label is their real name: replacing it would change nothing."""
    from reviewkit.names import person_variants

    for i, person in enumerate(case.people):
        label = normalise(labels.get(person.id, person.name))
        written = [person.real_name or "", *person.aliases]
        parts = {normalise(t) for w in written if w for t, _ in person_variants(w)}
        if label in parts:
            raise AnonymiseError(
                f"{file}: people[{i}].name is this person's real name (or part of it); give a "
                "pseudonym or a relationship label in `name`, or use --scheme letters."
            )


def _check_output(text: str, file: str) -> YamlDocument:
    """The output read back as a case file, and checked; refused if it is not a valid one.

    It is read without a table of positions (a third of a large file's parse): a valid file
    needs none, and an invalid one is read again with them, so each problem says where it is.
    """
    from reviewkit.casefile import check_document, parse_yaml

    written = parse_yaml(text, file, positions=False)
    case, problems = check_document(written)
    if case is None:
        case, problems = check_document(parse_yaml(text, file))
        raise CaseInvalidError(
            [p for p in problems if p.severity == "error"]
            or problems  # pragma: no cover - check_document returns errors when case is None
        )
    return written


def _scan_output(text: str, written: YamlDocument, file: str, vocab: Vocabulary) -> ScanReport:
    """The leak scan of the anonymised YAML: every word in it, as read back from the file.

    Everything a reader of the file sees is scanned: its comments, then every key and value
    as the YAML parser reads it back (so a value folded over lines or escaped in quotes is
    scanned whole, as written in the case). Each value is scanned on its own, so the finders
    pass over most sentences at once (no digit, no name), where one scan of the whole file
    ran every finder over all of it. The values are scanned in chunks, shared between
    processors (reviewkit.parallel), and what each chunk found is added in order, as one scan
    would have found it. A hit is located at its line and column in the file, from the
    file's positions, read only when something needs a place.
    """
    from reviewkit.casefile import Positions, parse_yaml
    from reviewkit.parallel import in_chunks

    scanner = Scanner(vocab)
    lines = _Lines(text)
    body = text.find("\n\n") + 2  # the comments written above the data
    scanner.scan_text(text[:body], file, lines.at)
    units = _scan_units(written.data)

    def run(start: int, end: int) -> Findings:
        chunk = Scanner(vocab)
        report = chunk.report
        # A text whose scan found nothing (no hit, no word to review) finds nothing again:
        # the scan is a function of the text alone. Keys repeat in every record.
        quiet: set[str] = set()
        for i in range(start, end):
            words = units[i][0]
            if words in quiet:
                continue
            before = (len(report.hits), len(report.doubtful), chunk.noted)
            # Where it is, for now: the unit and the offset, made "LINE:COL" below.
            chunk.scan_text(words, file, functools.partial(_unit_offset, i))
            if before == (len(report.hits), len(report.doubtful), chunk.noted):
                quiet.add(words)
        return chunk.findings()

    for found in in_chunks(len(units), run):
        scanner.absorb(found)
    located: list[Positions] = []

    def relocate(where: str) -> str:
        unit, hash_, offset = where.partition("#")
        if not hash_:
            return where  # in the comments: located already
        if not located:
            located.append(parse_yaml(text, file).positions)
        words, path, key = units[int(unit)]
        return lines.value(words, located[0].of(path, key=key))(int(offset))

    return scanner.finish(relocate)


def _scan_units(data: Any) -> list[tuple[str, tuple[str | int, ...], bool]]:
    """Every key and value of parsed YAML as (text, path, is a key), in the scan's order."""
    units: list[tuple[str, tuple[str | int, ...], bool]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in reversed(value.items()):
                sub = (*path, key)
                units.append((str(key), sub, True))
                stack.append((sub, item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))
        elif value is not None and not isinstance(value, bool):
            words = value.isoformat() if isinstance(value, dt.date) else str(value)
            units.append((words, path, False))
    return units


def _unit_offset(unit: int, offset: int) -> str:
    return f"{unit}#{offset}"


class _Lines:
    """Offsets in the written YAML as "LINE:COL", and values read back found in it again."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def at(self, offset: int) -> str:
        line = bisect.bisect_right(self.starts, offset)
        return f"{line}:{offset - self.starts[line - 1] + 1}"

    def value(self, value: str, position: tuple[int, int]) -> Callable[[int], str]:
        """A locator for offsets into `value`, whose node starts at `position` (1-based)."""
        line, col = position
        begin = self.starts[min(line, len(self.starts)) - 1] + col - 1

        def locate(offset: int) -> str:
            # The word at `offset`, found again in the file after the value's start: the
            # same occurrence of it, counted, since folding and quoting change only the
            # spaces and quotes round words. Otherwise the value's own start.
            word = _WORD_AT.match(value, offset)
            if word is None:
                return self.at(begin)
            found = begin - 1
            for _ in range(value.count(word[0], 0, offset) + 1):
                found = self.text.find(word[0], found + 1, begin + 2 * len(value) + 200)
                if found < 0:
                    return self.at(begin)
            return self.at(found)

        return locate


_WORD_AT = re.compile(r"[^\s'\"\\]+")


class _Worker:
    """Walks the case file's data, replacing as it goes and recording every replacement."""

    def __init__(
        self,
        case: Case,
        vocab: Vocabulary,
        timeframe: Timeframe,
        labels: dict[str, str],
        agency_names: dict[str, str],
        agency_phrases: dict[str, str],
        mode: str,
        scheme: str,
    ) -> None:
        self.case = case
        self.vocab = vocab
        self.timeframe = timeframe
        self.labels = labels
        self.agency_names = agency_names
        self.agency_phrases = agency_phrases
        self.mode = mode
        self.scheme = scheme
        self.replacements: list[Replacement] = []
        self.agency_ids = {a.id for a in case.agencies}
        self.default_context = _default_context(case)
        self.new_ids = renumbered_ids(case)
        self.leaks: list[Hit] = []  # real dates of birth left in the text
        # Ages are told by the youngest child the review is about (often the one harmed),
        # unless the event names another: the subjects youngest first, sorted once.
        self.subjects = sorted(
            (p for p in case.subjects if p.dob is not None),
            key=lambda p: p.dob.earliest if p.dob else dt.date.min,
            reverse=True,
        )
        self._children: dict[tuple[str, ...], Child | None] = {}
        self._told: dict[tuple[str, FuzzyDate], str] = {}
        # A written date of birth has its day and the last two digits of its year, in digits
        # (in any layout the date finder reads): a text without them is passed over at once.
        self._birth_digits = [
            (str(dob.earliest.day), f"{dob.earliest.year % 100:02d}") for dob, _ in vocab.births
        ]

    # --- recording --------------------------------------------------------------------

    def record(
        self,
        path: tuple[str | int, ...],
        kind: str,
        term: str,
        original: str,
        new: str = "",
        source: str = "",
    ) -> None:
        self.replacements.append(Replacement(_where(path), kind, term, original, new, source))

    # --- walking ------------------------------------------------------------------------

    def walk(self, value: Any, path: tuple[str | int, ...]) -> Any:
        pattern = tuple("*" if isinstance(p, int) else p for p in path)
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                sub = (*path, key)
                sub_pattern = (*pattern, key)
                if path == () and key == "anonymise":
                    continue  # written afresh by `settings`
                if sub_pattern[:3] == _PROVENANCE and key not in _PROVENANCE_KEPT:
                    # A file name, sheet, record number or fingerprint of the real record can
                    # hold a name, a date or a reference; which agency and row is all that stays.
                    self.record(sub, "removed", f"provenance {key}", _flat(item))
                    continue
                if sub_pattern in _FIELDS.dropped:
                    if item not in (None, [], ""):
                        self.record(sub, "removed", _FIELDS.dropped[sub_pattern], _flat(item))
                    continue
                new = self.field(item, sub, sub_pattern)
                if new is not _REMOVE:
                    out[key] = new
            if pattern in (("events", "*"), ("episodes", "*")) and self.timeframe.shifts:
                told = self.told(path)
                if told:
                    out["told"] = told
            return out
        if isinstance(value, list):
            if path == ("events",):
                return self.events(value)
            return [self.field(item, (*path, i), (*pattern, "*")) for i, item in enumerate(value)]
        if isinstance(value, str):
            return self.text(value, path)
        return value

    def events(self, events: list[Any]) -> _Written | list[Any]:
        """The chronology, its records shared between processors (see reviewkit.parallel).

        Each record is anonymised on its own, so chunks of them can be done at once; each
        chunk is written as YAML where it is made, and what it recorded is returned with it
        and added here in order, so the result is the same as one pass in turn (a test holds
        the two to the same bytes).
        """
        from reviewkit.parallel import in_chunks

        def run(start: int, end: int) -> tuple[str, list[Replacement], list[Hit], int]:
            marks = (len(self.replacements), len(self.leaks), self.timeframe.unread)
            items = [self.field(events[i], ("events", i), _EVENT) for i in range(start, end)]
            # Written as YAML here: a copy sends back text, and the writing is shared too.
            made = (_yaml_items(items), self.replacements[marks[0] :], self.leaks[marks[1] :])
            unread = self.timeframe.unread - marks[2]
            del self.replacements[marks[0] :], self.leaks[marks[1] :]
            self.timeframe.unread = marks[2]
            return (*made, unread)

        if not events:
            return []
        texts: list[str] = []
        for text, replacements, leaks, unread in in_chunks(len(events), run):
            texts.append(text)
            self.replacements.extend(replacements)
            self.leaks.extend(leaks)
            self.timeframe.unread += unread
        return _Written("".join(texts))

    def field(self, value: Any, path: tuple[str | int, ...], pattern: tuple[str, ...]) -> Any:
        if pattern == ("people", "*", "dob"):
            return self.dob(value, path)
        if pattern == ("people", "*", "name"):
            new = self.labels.get(self.case.people[int(path[1])].id, str(value))
            if new != value:
                self.record(path, "pseudonym", f"{new}: name used", str(value), new)
            return new
        if pattern == ("review", "partnership"):
            self.record(
                path,
                "partnership",
                "the partnership: name",
                str(value),
                PARTNERSHIP,
                normalise(str(value)),
            )
            return PARTNERSHIP
        if pattern == ("agencies", "*", "name"):
            agency = self.case.agencies[int(path[1])]
            new = self.agency_names.get(agency.id, str(value))
            phrase = self.vocab_label(agency.id)
            term = f"agency {int(path[1]) + 1} ({phrase}): name"
            self.record(path, "agency", term, str(value), new, normalise(str(value)))
            return new
        if pattern == ("review", "panel", "*", "agency") and value in self.agency_ids:
            return self.ident(str(value), path)
        if _matches(pattern, _FIELDS.dates) and value is not None:
            return self.date_field(value, path)
        if _matches(pattern, _FIELDS.identifiers) and isinstance(value, str):
            return self.ident(value, path)
        if pattern == ("glossary",) and isinstance(value, dict):
            return {k: self.text(str(v), (*path, k)) for k, v in value.items()}
        if pattern[:3] == ("rapid_review", "lcspr_decision", "criteria") and len(pattern) == 3:
            return {k: self.walk(v, (*path, k)) for k, v in value.items()}
        return self.walk(value, path)

    def told(self, path: tuple[str | int, ...]) -> dict[str, str]:
        """An event's or episode's date as a case study tells it, from the real dates.

        The file's dates move by the secret offset, and a month or an age counted on the moved
        calendar can be one out ("six months old" for a child of seven months), so the true
        wording travels with the record and the case study uses it.
        """
        if self.mode not in ("age", "interval"):
            return {}
        section, index = path[0], int(path[1])
        if section == "events":
            date = self.case.events[index].date
            return {"when": self.story("when", date), "period": self.story("period", date)}
        period = self.case.episodes[index].period
        return {"when": self.story("when", period)} if period is not None else {}

    def story(self, what: str, date: FuzzyDate) -> str:
        """`Timeframe.when` or `.period` of a real date, told by the youngest subject child.

        Each is a function of the date alone, and a long chronology has many records a day.
        """
        key = (what, date)
        if key not in self._told:
            story = Timeframe(mode=self.mode, child=self.child([]), anchor=self.timeframe.anchor)
            self._told[key] = story.when(date) if what == "when" else story.period(date)
        return self._told[key]

    def vocab_label(self, agency_id: str) -> str:
        """What running text says for an agency (as the vocabulary describes it)."""
        return self.agency_phrases.get(agency_id, "the agency")

    # --- structured fields ------------------------------------------------------------

    def dob(self, value: Any, path: tuple[str | int, ...]) -> Any:
        date = parse_date(value)
        if self.mode == "age" and self.timeframe.shifts:
            # Ages are told from the date of birth, so it stays: moved by the secret offset.
            new = self.timeframe.field_text(date)
            self.record(path, "date of birth", "date of birth (moved)", date.text, new)
            return new
        self.record(path, "date of birth", "date of birth (removed)", date.text)
        return _REMOVE

    def date_field(self, value: Any, path: tuple[str | int, ...]) -> str:
        date = parse_date(value)
        new = self.timeframe.field_text(date)
        if new != date.text:
            self.record(path, "date", "date field (moved)", date.text, new)
        return new

    def ident(self, value: str, path: tuple[str | int, ...]) -> str:
        """An id with any name in it replaced by the label's slug, the same way everywhere.

        Ids that may hold a date or a number from the records are renumbered instead.
        """
        if value in self.new_ids:
            new = self.new_ids[value]
            if path[-1] == "id":
                self.record(path, "id", "id (renumbered)", value, new)
            return new
        words = re.sub(r"[-_.]", " ", value)
        readable = " ".join(capitalise(w) for w in words.split(" "))
        hits = self.vocab.find(readable)
        if not hits:
            return value
        out = []
        last = 0
        for hit in hits:
            out.append(value[last : hit.start])
            out.append(_slug(hit.label))
            last = hit.end
            self.record(
                path,
                _kind(hit),
                hit.describe,
                value[hit.start : hit.end],
                _slug(hit.label),
                normalise(hit.variant.text),
            )
        out.append(value[last:])
        return "".join(out)

    def settings(self, original: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"anonymised": True, "scheme": self.scheme, "dates": self.mode}
        if original is not None and original.keep:
            out["keep"] = list(original.keep)
        if original is not None and original.anchor is not None:
            out["anchor"] = self.timeframe.field_text(original.anchor)
        return out

    # --- free text ------------------------------------------------------------------------

    def text(self, value: str, path: tuple[str | int, ...]) -> str:
        """Identifiers, then names, then dates."""
        value = self.identifiers(value, path)
        value = self.names(value, path)
        return self.dates(value, path)

    def identifiers(self, value: str, path: tuple[str | int, ...]) -> str:
        found = identifiers.find_identifiers(value)
        if not found:
            return value
        out = []
        last = 0
        for item in found:
            out.append(value[last : item.start])
            out.append(item.replacement)
            last = item.end
            label = item.label if item.definite else f"possible {item.label}"
            self.record(path, item.label, label, value[item.start : item.end], item.replacement)
        out.append(value[last:])
        return "".join(out)

    def names(self, value: str, path: tuple[str | int, ...]) -> str:
        hits = self.vocab.find(value)
        if not hits:
            return value
        out = []
        last = 0
        for hit in hits:
            new = replacement(hit, value)
            out.append(value[last : hit.start])
            out.append(new)
            last = hit.end
            self.record(
                path,
                _kind(hit),
                hit.describe,
                value[hit.start : hit.end],
                new,
                normalise(hit.variant.text),
            )
        out.append(value[last:])
        return "".join(out)

    def dates(self, value: str, path: tuple[str | int, ...]) -> str:
        if self.mode == "keep" or path[:1] == ("references",):
            if self.timeframe.shifts and self.vocab.births:
                self.births(value, path)
            return value  # references cite publications by their real year
        context, child = self.context(path)
        dated = len(path) > 1 and path[0] in ("events", "episodes", "interviews")
        new, changed = self.timeframe.rewrite(value, context=context, child=child, dated=dated)
        if self.timeframe.shifts and self.vocab.births:
            self.births(self.timeframe.unmoved, path)
        for old, phrase in changed:
            self.record(path, "date", "date in text", old, phrase)
        for check in self.timeframe.checks:
            self.record(path, f"{check.kind} (to check)", check.reason, check.written, check.told)
        return new

    def births(self, text: str, path: tuple[str | int, ...]) -> None:
        """Note any real date of birth in a value's new text, the dates it moved left out.

        Moved dates land on every day of the calendar in a long case, so one of them will
        often equal a real date of birth by chance: only a date left as written can leak one.
        """
        if not _DIGIT.search(text):
            return  # a written day always has its number
        if text.isascii() and not any(d in text and y in text for d, y in self._birth_digits):
            return  # (digits of other scripts are read as digits too: such a text is read)
        for found in find_dates(text):
            date = found.date
            if date is None or date.precision != "day":
                continue
            for dob, owner in self.vocab.births:
                if dob.earliest == date.earliest:
                    where = format_path(path)
                    what = f"{owner.describe}: date of birth"
                    self.leaks.append(Hit(_OUTPUT, where, "date of birth", what))

    def context(self, path: tuple[str | int, ...]) -> tuple[FuzzyDate | None, Child | None]:
        """The date that dates without a year belong near, and whose age they are told by."""
        case = self.case
        date: FuzzyDate | None = None
        people: list[str] = []
        if len(path) > 1 and isinstance(path[1], int):
            section, index = path[0], path[1]
            if section == "events" and index < len(case.events):
                date = case.events[index].date
                people = case.events[index].people
            elif section == "episodes" and index < len(case.episodes):
                date = case.episodes[index].period
            elif section == "interviews" and index < len(case.interviews):
                date = case.interviews[index].date
            elif section == "narrative" and index < len(case.narrative):
                # A period of the narrative: "in March" is the March of that period.
                date = case.narrative[index].period
        return date or self.default_context, self.child(people)

    def child(self, people: list[str]) -> Child | None:
        key = tuple(people)
        if key not in self._children:
            named = [p for p in self.subjects if p.id in people]
            chosen = named or self.subjects
            person = chosen[0] if chosen else None
            self._children[key] = (
                Child(self.labels.get(person.id, person.name), person.dob) if person else None
            )
        return self._children[key]


_REMOVE = object()
_EVENT = ("events", "*")
# A value's path, written once for all the replacements in it.
_where = functools.lru_cache(maxsize=1024)(format_path)
_DIGIT = re.compile(r"\d")
_PROVENANCE = ("events", "*", "provenance")
_PROVENANCE_KEPT = ("agency", "row")

# Sections whose items have ids, and what a renumbered id of each is called.
_ID_KINDS = {
    "events": "event",
    "episodes": "episode",
    "themes": "theme",
    "recommendations": "recommendation",
    "interviews": "interview",
    "people": "person",
    "agencies": "agency",
}


def renumbered_ids(case: Case) -> dict[str, str]:
    """New ids for those that may carry something of the records: every event's, and any
    other id with a digit in it ("ev-2019-03-14", "hv-0412", "school-2018").

    Event ids are often made from dates, and one real date next to its moved copy gives the
    secret offset away; the new ids ("event-12") are numbered in file order.
    """
    new: dict[str, str] = {}
    for section, kind in _ID_KINDS.items():
        count = 0
        for item in getattr(case, section, []):
            old = getattr(item, "id", None)
            if not old or old in new or not (section == "events" or re.search(r"\d", old)):
                continue
            count += 1
            new[old] = f"{kind}-{count}"
    return new


@functools.cache
def _matches(pattern: tuple[str, ...], fields: frozenset[tuple[str, ...]]) -> bool:
    # Cached: a case has a few dozen distinct paths but asks this for every value it holds.
    if pattern in fields:
        return True
    return any(
        len(f) == len(pattern) and all(a == b or a == "*" for a, b in zip(f, pattern, strict=True))
        for f in fields
    )


def _default_context(case: Case) -> FuzzyDate | None:
    review = case.review
    return review.dates.incident or (review.scope.end if review.scope else None)


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    return str(value)


def _kind(hit: NameHit) -> str:
    owners = hit.candidates
    category = owners[0].category if len({o.category for o in owners}) == 1 else "person"
    return {"person": "name", "author": "professional"}.get(category, category)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


# --- writing YAML -------------------------------------------------------------------------------


def _dump(data: dict[str, Any], *, scheme: str, mode: str) -> str:
    """The anonymised data as YAML: block style, text with line breaks as `|` blocks.

    Each top-level key is written on its own (a block mapping's keys are written one after
    another, the same bytes as the whole at once); a list already written (`_Written`: the
    chronology, written in chunks beside its walk) is put in as it is.
    """
    header = (
        "# Anonymised case file, written by `reviewkit anonymise`.\n"
        f"# Names: {scheme}. Dates: {mode}. Real names, aliases and dates of birth are not in\n"
        "# this file. Check it by eye as well: see the replacement report next to it.\n\n"
    )
    parts = [header]
    for key, value in data.items():
        written = isinstance(value, _Written)
        parts.append(f"{key}:\n{value.text}" if written else _yaml({key: value}))
    return "".join(parts)


@dataclass(frozen=True)
class _Written:
    """A non-empty list already written as YAML: its items' lines, as a key's value."""

    text: str


def _yaml_items(items: list[Any]) -> str:
    """A non-empty list's items, as the lines a top-level key's list is written with."""
    text = _yaml({"x": items})
    return text[text.index("\n") + 1 :]


def _yaml(data: dict[str, Any]) -> str:
    """Data as YAML: `yaml.dump(..., default_flow_style=False)` with `_text` for strings."""
    import yaml
    from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

    # The nodes are built here and written by libyaml's emitter (when PyYAML has it): PyYAML's
    # representer and pure-Python emitter were a large part of the time at 20,000 events.
    # Never with anchors.
    others = yaml.SafeDumper(None)  # type: ignore[arg-type]  # booleans, numbers, dates, None
    str_tag, seq_tag, map_tag = (
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:map",
    )

    def node(value: Any) -> Node:
        if isinstance(value, str):
            text, style = _text(value)
            return ScalarNode(str_tag, text, style=style)
        if isinstance(value, dict):
            pairs = [(node(k), node(v)) for k, v in value.items()]
            return MappingNode(map_tag, pairs, flow_style=False)
        if isinstance(value, list):
            return SequenceNode(seq_tag, [node(v) for v in value], flow_style=False)
        other = others.represent_data(value)
        others.represented_objects = {}  # never an anchor
        return other

    text: str = yaml.serialize(node(data), Dumper=_dumper(), allow_unicode=True, width=100)
    return text


@functools.cache
def _dumper() -> Any:
    """libyaml's dumper (PyYAML's own without it), asked each value's tag the quick way."""
    import yaml
    from yaml.nodes import ScalarNode

    base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    table = base.yaml_implicit_resolvers

    class Dumper(base):  # type: ignore[misc]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            # The emitter asks this twice for every value; PyYAML's own answer, without its
            # general cases (path resolvers and wildcards, which the safe dumper never has).
            if kind is not ScalarNode or None in table or self.yaml_path_resolvers:
                return super().resolve(kind, value, implicit)
            if implicit[0]:
                for tag, regexp in table.get(value[0] if value else "", ()):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG

    return Dumper


def _text(value: str) -> tuple[str, str | None]:
    """A string as the YAML holds it, and its style: `|` for text with line breaks."""
    # The model strips whitespace round every value, so trimming here changes nothing.
    value = value.strip()
    if "\n" not in value:
        return value, None
    return "\n".join(line.rstrip() for line in value.splitlines()) + "\n", "|"


# --- convenience --------------------------------------------------------------------------------


def anonymise_file(path: Path, options: Options) -> AnonymisedCase:
    """Load, check and anonymise a case file."""
    from reviewkit.casefile import check_document, load_yaml, paused_gc

    doc = load_yaml(Path(path))
    case, problems = check_document(doc)
    if case is None:
        raise CaseInvalidError(problems)
    # Hundreds of thousands of small acyclic objects (new values, replacements, YAML nodes):
    # the cyclic collector re-scanning them all, again and again, is time for nothing.
    with paused_gc():
        return anonymise_document(doc, case, options)
