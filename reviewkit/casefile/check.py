"""Check a case file and report every problem at once, each located by line and column.

Validation runs in two passes: the typed model (pydantic) checks shapes and values; then the
case-level checks look across the file (duplicate ids, dangling references, scope, ages).
The second pass runs even when the first failed, on the items that did validate, so one run
shows every mistake.
"""

from __future__ import annotations

import contextlib
import gc
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from reviewkit import dates
from reviewkit.casefile.modelcheck import error_problem, format_path, hinted_missing
from reviewkit.casefile.modelcheck import kind_of as _kind
from reviewkit.casefile.read import (
    Path_,
    Positions,
    YamlDocument,
    load_yaml,
    parse_yaml,
    read_text,
)
from reviewkit.casefile.realnames import real_name_problems, with_report_names
from reviewkit.errors import CaseInvalidError, Problem
from reviewkit.model import STRAND_SECTIONS, Case, Review
from reviewkit.vocabulary import agency_types, event_types
from reviewkit.wording import a_or_an, did_you_mean

if TYPE_CHECKING:
    from reviewkit.document import Notice

OUTSIDE_SCOPE = "outside-scope"  # Problem.code of the warning for background events

LIST_SECTIONS = (
    "people",
    "agencies",
    "events",
    "interviews",
    "episodes",
    "themes",
    "recommendations",
    "agency_returns",
)


@dataclass
class LoadedCase:
    """A valid case with the warnings found while checking it.

    For an output, `case` is a copy whose free text holds report names where the file holds
    real names, and `renamed` says where (see `load_case`).
    """

    case: Case
    path: Path
    warnings: list[Problem] = field(default_factory=list)
    positions: Positions = field(default_factory=Positions)
    renamed: list[Notice] = field(default_factory=list)  # a Notice per field with a real name


FREEZE_AFTER = 50_000  # objects left alive by a pause, above which collections skip them


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    A big case file becomes a million small objects without reference cycles; re-scanning
    them was two thirds of a large build's time (docs/performance.md). When the pause ends
    with many of them still alive (a case loaded, an import planned), they are moved out of
    the collector's sight (`gc.freeze`): else the next collections scan them all once more
    (0.1 s at 5,000 events). They are still freed when nothing refers to them; only garbage
    in cycles among them stays, once per load, not once per save (a save builds too few).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] > FREEZE_AFTER:
                gc.freeze()
            gc.enable()


def load_case(path: Path, *, report_names: bool = True) -> LoadedCase:
    """Load and check a case file; raise CaseInvalidError listing every error.

    Every command that prints or writes from the case loads it here. With `report_names`
    (the default) a real name or alias typed in free text is replaced by the person's report
    name in the case returned, and `renamed` says where; the file is not changed. Commands
    that must see the text as written (`check`, `pseudonymise`, `anonymise`, `scan`) say
    `report_names=False`.
    """
    with paused_gc():
        doc = load_yaml(path)
        case, problems = check_document(doc)
    if case is None:
        raise CaseInvalidError(problems)
    renamed: list[Notice] = []
    if report_names:
        case, renamed = with_report_names(case)
    return LoadedCase(case, path, problems, doc.positions, renamed)


def check_file(path: Path) -> tuple[Case | None, list[Problem]]:
    """Check a case file; return the case (None when invalid) and every problem found.

    Beyond `check_document`, every real name typed in free text is a located warning.
    """
    text = read_text(path, what="case file")
    with paused_gc():  # as load_case: many small objects, no cycles
        doc = parse_yaml(text, str(path))
        case, problems = check_document(doc)
        if case is not None:
            found = real_name_problems(case, doc, text)
            if found:
                problems = sorted([*problems, *found], key=lambda p: (p.line, p.column))
    return case, problems


def check_document(doc: YamlDocument) -> tuple[Case | None, list[Problem]]:
    """Check parsed YAML as a case file."""
    report = _Reporter(doc)
    data = doc.data
    if not isinstance(data, dict):
        got = "empty" if data is None else a_or_an(_kind(data))
        report.error(
            (), f"a case file is a mapping of sections (review:, people:, ...); this one is {got}"
        )
        return None, report.problems
    # A national or thematic review's strands join the review's own lists (each entry marked
    # with its strand), so every check and every command reads one list per section.
    data, report.origin = flatten_strands(data, doc.positions)
    case: Case | None
    try:
        case = Case.model_validate(data)
        items: dict[str, list[tuple[int, Any]]] = {
            name: list(enumerate(getattr(case, name))) for name in LIST_SECTIONS
        }
        review: Review | None = case.review
    except ValidationError as exc:
        case = None
        errors = exc.errors()
        hinted = hinted_missing(errors)
        for err in errors:
            if err["type"] == "missing" and tuple(err["loc"]) in hinted:
                continue  # the unknown key next to it already says "did you mean ..."
            report.pydantic(err)
        review, items = _partial(data)
    _CaseChecks(report, data, review, items).run()
    problems = sorted(report.problems, key=lambda p: (p.line, p.column))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return case, problems


# (section, k) -> ("strands", i, section, j): where each joined entry is written
Origin = dict[tuple[Any, ...], tuple[Any, ...]]


def flatten_strands(data: dict[str, Any], positions: Positions) -> tuple[dict[str, Any], Origin]:
    """The data with each strand's entries joined to the review's lists, and where each was.

    Each entry of `strands[i].events` (people, agencies ...) is appended to `events` with
    `strand:` set to the strand's id; the strands keep their other keys. `positions` learns
    the joined paths too, so a problem found at `events[7]` is located where it is written.
    """
    strands = data.get("strands")
    if not isinstance(strands, list) or not strands:
        return data, {}
    flat = dict(data)
    origin: Origin = {}
    lists = {
        name: list(data[name]) if isinstance(data.get(name), list) else None
        for name in STRAND_SECTIONS
    }
    kept: list[Any] = []
    for i, strand in enumerate(strands):
        if not isinstance(strand, dict):
            kept.append(strand)
            continue
        sid = strand.get("id")
        rest = {key: value for key, value in strand.items() if key not in STRAND_SECTIONS}
        for name in STRAND_SECTIONS:
            items = strand.get(name)
            if not isinstance(items, list):
                if items is not None:
                    rest[name] = items  # not a list: the model says so, where it is written
                continue
            joined = lists[name]
            if joined is None:
                joined = lists[name] = []
            for j, item in enumerate(items):
                origin[(name, len(joined))] = ("strands", i, name, j)
                # A strand without a valid id is reported once, at its id, not at each entry.
                if isinstance(item, dict) and "strand" not in item and isinstance(sid, str):
                    item = {**item, "strand": sid}
                joined.append(item)
        kept.append(rest)
    flat["strands"] = kept
    for name, joined in lists.items():
        if joined is not None:
            flat[name] = joined
    _alias_positions(positions, origin)
    return flat, origin


def _alias_positions(positions: Positions, origin: Origin) -> None:
    """Give every joined path the position of the path where it is written."""
    back = {where: joined for joined, where in origin.items()}
    for table in (positions.values, positions.keys):
        for path, place in list(table.items()):
            joined = back.get(path[:4]) if len(path) >= 4 and path[0] == "strands" else None
            if joined is not None:
                table[(*joined, *path[4:])] = place


def check_change(
    doc: YamlDocument,
    before: Any,
    case: Case,
    known: dict[int, tuple[Any, Any]] | None = None,
) -> tuple[Case | None, list[Problem]]:
    """Check a changed case file's data as `check_document` does, validating only what changed.

    `case` is the model of `before`, the data as it was. A section of `doc.data`, or an item
    of one of its lists, that is the very object it was in `before` keeps its model from
    `case` (nothing changed it); so does a new item found in `known` ({id: (item, model)},
    models their caller validated: imported events); every other value is validated. Then
    every case-level check
    runs over the whole case, as `check_document` runs them. Should anything be wrong, the
    whole document is checked by `check_document`, so the problems are exactly its own.
    """
    data = doc.data
    if not isinstance(data, dict) or not isinstance(before, dict) or not set(before) <= set(data):
        return check_document(doc)
    if data.get("strands") or before.get("strands"):
        # The model joins strands' entries to the review's lists: the items are not the file's.
        return check_document(doc)
    updates: dict[str, Any] = {}
    try:
        for key, value in data.items():
            if key not in Case.model_fields or key not in before and value is None:
                return check_document(doc)
            old = before.get(key)
            if key in before and value is old:
                continue
            if key in LIST_SECTIONS and isinstance(value, list) and isinstance(old, list):
                where = {id(item): i for i, item in enumerate(old)}
                models = getattr(case, key)
                model = _item_model(key)
                updates[key] = [
                    models[where[id(item)]]
                    if id(item) in where
                    else _known(known, item, model) or model.model_validate(item)
                    for item in value
                ]
            else:
                updates[key] = _field_adapter(Case, key).validate_python(value)
    except ValidationError:
        return check_document(doc)
    changed = case.model_copy(update=updates)
    report = _Reporter(doc)
    items = {name: list(enumerate(getattr(changed, name))) for name in LIST_SECTIONS}
    _CaseChecks(report, data, changed.review, items).run()
    problems = sorted(report.problems, key=lambda p: (p.line, p.column))
    if any(p.severity == "error" for p in problems):
        return check_document(doc)
    return changed, problems


def _known(known: dict[int, tuple[Any, Any]] | None, item: Any, model: type[BaseModel]) -> Any:
    """The model a caller validated for this very item, if any."""
    found = known.get(id(item)) if known else None
    if found is None or found[0] is not item or type(found[1]) is not model:
        return None
    return found[1]


def _partial(data: dict[str, Any]) -> tuple[Review | None, dict[str, list[tuple[int, Any]]]]:
    """The case as far as it is valid, with each list item's index, for the case-level checks.

    Invalid items are kept with their invalid fields set to None, so that (say) a bad date
    does not hide a dangling agency reference in the same event.
    """
    raw_review = data.get("review")
    review = _salvage(Review, raw_review) if isinstance(raw_review, dict) else None
    items: dict[str, list[tuple[int, Any]]] = {}
    for name in LIST_SECTIONS:
        raw = data.get(name)
        valid: list[tuple[int, Any]] = []
        if isinstance(raw, list):
            model = _item_model(name)
            for i, item in enumerate(raw):
                try:
                    valid.append((i, model.model_validate(item)))
                except ValidationError:
                    if isinstance(item, dict):
                        valid.append((i, _salvage(model, item)))
        items[name] = valid
    return review, items


def _salvage(model: type[BaseModel], raw: dict[str, Any]) -> Any:
    """A model built from the fields of `raw` that are valid on their own; others are None."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in raw:
            values[name] = (
                None if info.is_required() else info.get_default(call_default_factory=True)
            )
            continue
        try:
            values[name] = _field_adapter(model, name).validate_python(raw[key])
        except ValidationError:
            values[name] = (
                None if info.is_required() else info.get_default(call_default_factory=True)
            )
    return model.model_construct(**values)


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = typing.Annotated[(annotation, *info.metadata)]
    return TypeAdapter(annotation)


def _item_model(section: str) -> type[BaseModel]:
    """The model of one item of a list section (Event for 'events')."""
    item = typing.get_args(Case.model_fields[section].annotation)[0]
    assert isinstance(item, type) and issubclass(item, BaseModel)
    return item


class _Reporter:
    """Collects located problems."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.origin: Origin = {}  # where each entry joined from a strand is written

    def written(self, path: Path_) -> Path_:
        """The path as the file writes it: `events[7]` joined from a strand is `strands[1]...`."""
        where = self.origin.get(tuple(path[:2]))
        return (*where, *path[2:]) if where is not None else path

    def add(
        self,
        path: Path_,
        message: str,
        *,
        severity: str = "error",
        key: bool = False,
        code: str = "",
    ) -> None:
        path = self.written(path)
        line, col = self.doc.positions.of(path, key=key)
        self.problems.append(
            Problem(self.doc.file, line, col, format_path(path), message, severity, code)
        )

    def error(self, path: Path_, message: str, *, key: bool = False) -> None:
        self.add(path, message, key=key)

    def warning(self, path: Path_, message: str, *, code: str = "") -> None:
        self.add(path, message, severity="warning", code=code)

    def pydantic(self, err: Any) -> None:
        path, message, key = error_problem(err, Case)
        self.error(path, message, key=key)


class _CaseChecks:
    """Checks that look across the whole case file."""

    def __init__(
        self,
        report: _Reporter,
        data: dict[str, Any],
        review: Review | None,
        items: dict[str, list[tuple[int, Any]]],
    ) -> None:
        self.report = report
        self.data = data
        self.review = review
        self.items = items
        self.ids = {name: _raw_ids(data.get(name)) for name in LIST_SECTIONS}
        vocab = data.get("vocabulary") if isinstance(data.get("vocabulary"), dict) else {}
        assert isinstance(vocab, dict)
        self.agency_types = set(agency_types()) | set(_strings(vocab.get("agency_types")))
        self.event_types = set(event_types()) | set(_strings(vocab.get("event_types")))

    def run(self) -> None:
        self.duplicate_ids()
        self.references()
        self.vocabulary()
        self.scope()
        self.ages()
        self.consistency()
        self.rapid_review()
        self.strands()

    def each(self, section: str) -> Iterator[tuple[int, Any]]:
        yield from self.items.get(section, [])

    def duplicate_ids(self) -> None:
        for section in LIST_SECTIONS:
            first: dict[str, int] = {}
            for i, item in self.each(section):
                item_id = getattr(item, "id", None)
                if item_id is None:
                    continue
                if item_id in first:
                    line = self.report.doc.positions.of((section, first[item_id], "id"))[0]
                    self.report.error(
                        (section, i, "id"), f"duplicate id '{item_id}' (first used at line {line})"
                    )
                else:
                    first[item_id] = i
        numbers: dict[tuple[str | None, int], int] = {}
        for i, rec in self.each("recommendations"):
            if rec.number is not None:
                # Each strand numbers its local recommendations on its own.
                if (rec.strand, rec.number) in numbers:
                    self.report.error(
                        ("recommendations", i, "number"),
                        f"recommendation number {rec.number} is used twice",
                    )
                numbers[(rec.strand, rec.number)] = i

    def ref(self, path: Path_, value: str | None, section: str, what: str) -> None:
        if value is None or value in self.ids[section]:
            return
        hint = did_you_mean(value, self.ids[section])
        self.report.error(path, f"unknown {what} '{value}'{hint}")

    def refs(self, path: Path_, values: list[str], section: str, what: str) -> None:
        for j, value in enumerate(values):
            self.ref((*path, j), value, section, what)

    def references(self) -> None:
        if self.review is not None:
            self.ref(("review", "child"), self.review.child, "people", "person")
        for i, p in self.each("people"):
            for j, rel in enumerate(p.relationships):
                self.ref(
                    ("people", i, "relationships", j, "person"), rel.person, "people", "person"
                )
        for i, e in self.each("events"):
            self.ref(("events", i, "agency"), e.agency, "agencies", "agency")
            for j, source in enumerate(e.provenance or []):
                self.ref(
                    ("events", i, "provenance", j, "agency"), source.agency, "agencies", "agency"
                )
            self.refs(("events", i, "people"), e.people, "people", "person")
            self.refs(("events", i, "episodes"), e.episodes, "episodes", "episode")
            self.refs(("events", i, "themes"), e.themes, "themes", "theme")
        for i, iv in self.each("interviews"):
            self.ref(("interviews", i, "person"), iv.person, "people", "person")
            self.ref(("interviews", i, "agency"), iv.agency, "agencies", "agency")
            for j, q in enumerate(iv.quotes):
                self.refs(("interviews", i, "quotes", j, "themes"), q.themes, "themes", "theme")
                self.refs(
                    ("interviews", i, "quotes", j, "episodes"), q.episodes, "episodes", "episode"
                )
        for i, ep in self.each("episodes"):
            self.refs(("episodes", i, "events"), ep.events, "events", "event")
            self.ref(("episodes", i, "child"), ep.child, "people", "person")
        for i, th in self.each("themes"):
            self.refs(("themes", i, "episodes"), th.episodes, "episodes", "episode")
        for i, rec in self.each("recommendations"):
            self.refs(("recommendations", i, "themes"), rec.themes, "themes", "theme")

    def vocabulary(self) -> None:
        for i, a in self.each("agencies"):
            if a.type is not None and a.type not in self.agency_types:
                hint = did_you_mean(a.type, self.agency_types)
                self.report.error(
                    ("agencies", i, "type"),
                    f"unknown agency type '{a.type}'{hint}; see docs/case-file.md, or add it "
                    "under vocabulary.agency_types",
                )
        for i, e in self.each("events"):
            if e.type is not None and e.type not in self.event_types:
                hint = did_you_mean(e.type, self.event_types)
                self.report.error(
                    ("events", i, "type"),
                    f"unknown event type '{e.type}'{hint}; see docs/case-file.md, or add it "
                    "under vocabulary.event_types",
                )

    def scope(self) -> None:
        scope = self.review.scope if self.review else None
        if scope is None or scope.start is None or scope.end is None:
            return
        if scope.end.latest < scope.start.earliest:
            self.report.error(
                ("review", "scope", "to"),
                f"the scope period ends ({scope.end}) before it starts ({scope.start})",
            )
            return
        for i, e in self.each("events"):
            if e.date is None:
                continue
            if e.date.latest < scope.start.earliest or e.date.earliest > scope.end.latest:
                self.report.warning(
                    ("events", i, "date"),
                    f"{e.date} is outside the scope period ({scope.start} to {scope.end}); "
                    "it is shown as background",
                    code=OUTSIDE_SCOPE,
                )

    def ages(self) -> None:
        review_dates = self.review.dates if self.review else None
        incident = review_dates.incident if review_dates else None
        dated = [e.date for _, e in self.each("events") if e.date is not None]
        last = max(dated, key=lambda d: d.latest) if dated else None
        for i, p in self.each("people"):
            if p.subject and p.dob is not None and last is not None and p.dob.is_after(last):
                # Every age in the timeline would read "unborn": almost surely a mistyped year.
                self.report.error(
                    ("people", i, "dob"),
                    f"the date of birth ({p.dob}) is after every event (the last is {last}), "
                    "so the child would be unborn throughout the timeline; check the year",
                )
            if p.age_at_incident is None:
                continue
            try:
                dates.parse_age(p.age_at_incident)
            except ValueError:
                self.report.error(
                    ("people", i, "age_at_incident"),
                    f"'{p.age_at_incident}' is not an age; write it like '7 weeks', "
                    "'14 months' or '3 years 2 months'",
                )
                continue
            if p.dob is None or incident is None:
                continue
            if not dates.age_consistent(p.dob, incident, p.age_at_incident):
                actual = dates.format_age(p.dob, incident)
                self.report.error(
                    ("people", i, "age_at_incident"),
                    f"'{p.age_at_incident}' does not match the date of birth ({p.dob}): on the "
                    f"incident date ({incident}) {p.name} was {actual}",
                )

    def consistency(self) -> None:
        for i, e in self.each("events"):
            if e.seen_alone and e.child_seen is False:
                self.report.error(
                    ("events", i, "seen_alone"),
                    "the child is recorded as seen alone but also as not seen",
                )
        for i, iv in self.each("interviews"):
            if iv.quotes and not iv.consent_to_quote:
                self.report.warning(
                    ("interviews", i, "quotes"),
                    "there is no consent to quote (consent_to_quote: no); these quotes are "
                    "left out of reports",
                )
            if iv.kind in ("family", "child") and iv.person is None:
                self.report.error(
                    ("interviews", i), f"a {iv.kind} conversation needs 'person' (a person id)"
                )
            if iv.kind == "group" and iv.attendance is None and iv.status == "completed":
                self.report.warning(
                    ("interviews", i), "a group event should say how many attended (attendance)"
                )
        by_id = {e.id: e for _, e in self.each("events") if e.id}
        for i, ep in self.each("episodes"):
            if ep.period is None:
                continue
            for j, eid in enumerate(ep.events):
                ev = by_id.get(eid)
                if ev is not None and ev.date is not None and not ep.period.overlaps(ev.date):
                    self.report.warning(
                        ("episodes", i, "events", j),
                        f"event '{eid}' ({ev.date}) falls outside this episode's period "
                        f"({ep.period})",
                    )

    def rapid_review(self) -> None:
        first: dict[str, int] = {}
        for i, ret in self.each("agency_returns"):
            self.ref(("agency_returns", i, "agency"), ret.agency, "agencies", "agency")
            if ret.agency in first:
                line = self.report.doc.positions.of(("agency_returns", first[ret.agency]))[0]
                self.report.error(
                    ("agency_returns", i, "agency"),
                    f"a second return for agency '{ret.agency}' (the first is at line {line}); "
                    "merge them into one",
                )
            first.setdefault(ret.agency, i)
        rapid = self.data.get("rapid_review")
        decision = rapid.get("lcspr_decision") if isinstance(rapid, dict) else None
        if not isinstance(decision, dict):
            return
        criteria = decision.get("criteria")
        criteria = criteria if isinstance(criteria, dict) else {}
        from reviewkit.criteria import lcspr_criteria  # only a rapid review's decision needs it

        known = lcspr_criteria()
        for name in criteria:
            if name not in known:
                self.report.error(
                    ("rapid_review", "lcspr_decision", "criteria", name),
                    f"unknown criterion '{name}'{did_you_mean(str(name), known)}; the criteria "
                    f"are: {', '.join(known)}",
                    key=True,
                )
        chosen = decision.get("decision")
        if chosen in ("commission", "not-commission") and not decision.get("reasons"):
            self.report.warning(
                ("rapid_review", "lcspr_decision", "decision"),
                f"the decision is '{chosen}' but no reasons are given (lcspr_decision.reasons)",
            )

    def strands(self) -> None:
        """Strand ids, the strand an entry names, and references between strands."""
        raw = self.data.get("strands")
        raw = raw if isinstance(raw, list) else []
        first: dict[str, int] = {}
        for i, strand in enumerate(raw):
            sid = strand.get("id") if isinstance(strand, dict) else None
            if sid is None:
                continue
            if str(sid) in first:
                line = self.report.doc.positions.of(("strands", first[str(sid)], "id"))[0]
                self.report.error(
                    ("strands", i, "id"), f"duplicate strand id '{sid}' (first used at line {line})"
                )
            first.setdefault(str(sid), i)
        stranded = False
        for name in STRAND_SECTIONS:
            for i, item in self.each(name):
                if item.strand is not None:
                    stranded = True
                    self._named_strand(name, i, item.strand, raw, first)
        if raw or stranded:  # else no entry has a strand: none can refer across strands
            owners = {
                name: {item.id: item.strand for _, item in self.each(name) if item.id is not None}
                for name in ("people", "agencies", "events", "episodes")
            }
            for i, strand in enumerate(raw):
                child = strand.get("child") if isinstance(strand, dict) else None
                if isinstance(child, str):
                    self.ref(("strands", i, "child"), child, "people", "person")
                    self._cross(("strands", i, "child"), child, owners, "people", strand.get("id"))
            self._cross_references(owners)
        previous = self.data.get("previous_reviews")
        for i, item in enumerate(previous if isinstance(previous, list) else []):
            themes = item.get("themes") if isinstance(item, dict) else None
            if isinstance(themes, list):
                where = ("previous_reviews", i, "themes")
                self.refs(where, [str(t) for t in themes], "themes", "theme")

    def _named_strand(
        self, name: str, i: int, named: str | None, raw: list[Any], first: dict[str, int]
    ) -> None:
        """An entry's `strand:` must be the strand it sits in, or (outside strands) a strand."""
        if named is None:
            return
        where = self.report.origin.get((name, i))
        if where is None:
            if named not in first:
                hint = did_you_mean(named, first)
                self.report.error((name, i, "strand"), f"unknown strand '{named}'{hint}")
            return
        sid = raw[where[1]].get("id")
        if sid is not None and named != str(sid):
            self.report.error(
                (name, i, "strand"),
                f"this entry sits in strand '{sid}' but names strand '{named}'; leave "
                "`strand:` out inside a strand",
            )

    def _cross(
        self,
        path: Path_,
        value: str | None,
        owners: dict[str, dict[str, str | None]],
        section: str,
        mine: Any,
    ) -> None:
        """An entry of one strand refers only to its own strand's entries or shared ones."""
        other = owners[section].get(value) if value is not None else None
        if mine is None or other is None or other == str(mine):
            return
        what = {"people": "person", "agencies": "agency", "events": "event"}.get(section, "episode")
        self.report.error(
            path,
            f"{what} '{value}' belongs to strand '{other}'; an entry of strand '{mine}' may "
            "refer only to its own strand's entries and the review's shared ones (those "
            "outside `strands`)",
        )

    def _cross_references(self, owners: dict[str, dict[str, str | None]]) -> None:
        for i, p in self.each("people"):
            for j, rel in enumerate(p.relationships):
                path = ("people", i, "relationships", j, "person")
                self._cross(path, rel.person, owners, "people", p.strand)
        for i, e in self.each("events"):
            self._cross(("events", i, "agency"), e.agency, owners, "agencies", e.strand)
            for j, pid in enumerate(e.people):
                self._cross(("events", i, "people", j), pid, owners, "people", e.strand)
            for j, eid in enumerate(e.episodes):
                self._cross(("events", i, "episodes", j), eid, owners, "episodes", e.strand)
        for i, iv in self.each("interviews"):
            self._cross(("interviews", i, "person"), iv.person, owners, "people", iv.strand)
            self._cross(("interviews", i, "agency"), iv.agency, owners, "agencies", iv.strand)
            for j, q in enumerate(iv.quotes):
                for k, eid in enumerate(q.episodes):
                    where = ("interviews", i, "quotes", j, "episodes", k)
                    self._cross(where, eid, owners, "episodes", iv.strand)
        for i, ep in self.each("episodes"):
            for j, eid in enumerate(ep.events):
                self._cross(("episodes", i, "events", j), eid, owners, "events", ep.strand)
            self._cross(("episodes", i, "child"), ep.child, owners, "people", ep.strand)


def _raw_ids(section: Any) -> set[str]:
    if not isinstance(section, list):
        return set()
    return {
        str(item["id"]) for item in section if isinstance(item, dict) and item.get("id") is not None
    }


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


__all__ = [
    "LIST_SECTIONS",
    "OUTSIDE_SCOPE",
    "LoadedCase",
    "check_change",
    "check_document",
    "check_file",
    "flatten_strands",
    "format_path",
    "load_case",
    "paused_gc",
]
