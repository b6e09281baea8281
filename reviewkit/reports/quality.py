"""A quality check of a review's draft against what the national Panel says makes a good review.

The Panel's annual reports ask for clear lines of enquiry, analysis of why things happened and
not only what, findings triangulated with the evidence, recommendations that become specific
actions with an owner and a way to measure impact, and the child's experience at the centre.
`check_quality` reads a case file and returns typed `Finding`s, each located at the case-file
path and the line and column of the text it is about, under one of `HEADINGS`; the score card
(reviewkit/reports/quality_card.py) counts them per heading.

Severity: an `error` is something a published report must not contain or a fact that is wrong
(a weekday that does not match its date, a real name, identifying detail in a report marked for
publication, a recommendation nobody owns); a `warning` is something the Panel would expect to
see done differently; a `note` is wording to reconsider.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from reviewkit.casefile.read import Path_, Positions
from reviewkit.dates import find_dates
from reviewkit.model import Case, FieldPath, field_paths
from reviewkit.vocabulary import type_label

Severity = Literal["error", "warning", "note"]

RECOMMENDATIONS = "Recommendations"
ANALYSIS = "Analysis"
CHILD = "The child at the centre"
ENQUIRY = "Lines of enquiry and findings"
ABBREVIATIONS = "Abbreviations"
ACCURACY = "Accuracy"
HINDSIGHT = "Hindsight and blame"
PUBLICATION = "Ready for publication"
# The score card's rows, in this order.
HEADINGS = [
    RECOMMENDATIONS,
    ANALYSIS,
    CHILD,
    ENQUIRY,
    ABBREVIATIONS,
    ACCURACY,
    HINDSIGHT,
    PUBLICATION,
]
# What each heading checks, in a few words, for the card.
CHECKS = {
    RECOMMENDATIONS: "each has an addressee, a measure of impact and a timescale",
    ANALYSIS: "each episode says what was known and knowable and what helped or hindered",
    CHILD: "each subject child's lived experience and own words",
    ENQUIRY: "each line of enquiry is answered; each finding rests on episodes or events",
    ABBREVIATIONS: "each is in a glossary and defined before it is used",
    ACCURACY: "weekdays match dates; people are named as in the cast; pronouns agree",
    HINDSIGHT: "phrasing that judges with hindsight or blames",
    PUBLICATION: "no exact dates, dates of birth or named settings in a report to publish",
}


@dataclass(frozen=True)
class Finding:
    """One thing the quality check found, located in the case file."""

    severity: Severity
    heading: str  # one of HEADINGS
    code: str  # a stable name for the kind of finding: "recommendation-no-measure"
    path: str  # the case-file path: "recommendations[2].measure"
    line: int
    column: int
    message: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        what = f"{self.path}: {self.message}" if self.path else self.message
        return f"{where}: {self.severity}: {what}"


@dataclass
class QualityResult:
    """Every finding of a quality check, in case-file order within each heading."""

    file: str
    title: str  # the review's title
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """The findings marked as errors: any of them makes `reviewkit quality` exit 1."""
        return [f for f in self.findings if f.severity == "error"]

    def under(self, heading: str) -> list[Finding]:
        """The findings under one heading."""
        return [f for f in self.findings if f.heading == heading]


def check_quality(path: Path) -> QualityResult:
    """Check the draft in a case file; the case must be valid (`reviewkit check`)."""
    from reviewkit.casefile import load_case
    from reviewkit.casefile.read import load_yaml

    loaded = load_case(Path(path))
    raw = load_yaml(Path(path))
    source = Path(path).read_text(encoding="utf-8").splitlines()
    check = _Checker(loaded.case, raw.data, loaded.positions, str(path), source)
    check.run()
    order = {heading: i for i, heading in enumerate(HEADINGS)}
    findings = sorted(check.findings, key=lambda f: (order[f.heading], f.line, f.column))
    return QualityResult(str(path), loaded.case.review.title, findings)


# --- wording the checks look for ---------------------------------------------------------------

VAGUE_OWNERS = {"", "all", "all agencies", "all partners", "everyone", "tbc", "tbd", "n/a", "na"}
HINDSIGHT_PHRASES = [
    "failed to",
    "failure to",
    "should have",
    "should not have",
    "ought to have",
    "it is clear that",
    "it was clear that",
    "clearly",
    "obviously",
    "inexcusable",
    "negligent",
    "to blame",
    "at fault",
]
_HINDSIGHT = re.compile(r"\b(" + "|".join(map(re.escape, HINDSIGHT_PHRASES)) + r")\b", re.I)
LIVED_WORDS = re.compile(
    r"\b(lived experience|daily life|day-to-day|day to day|experience[sd]?|what life was like|"
    r"felt|feel|feeling|world)\b",
    re.I,
)
_MONTHS = "|".join(calendar.month_name[1:])
_DAYS = "|".join(calendar.day_name)
_WEEKDAY = re.compile(
    rf"\b(?P<weekday>{_DAYS}),?\s+(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<month>{_MONTHS}),?\s+(?P<year>\d{{4}})\b"
    rf"|\b(?P<weekday2>{_DAYS}),?\s+(?P<month2>{_MONTHS})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?"
    rf"\s+(?P<year2>\d{{4}})\b"
)
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Nurse|PC|DC|DS)\.?\s+(?P<name>[A-Z][a-z'-]+)")
_ABBREVIATION = re.compile(r"(?<![\w-])([A-Z][A-Z0-9&]{1,6})(?:s|'s)?(?![\w-])")
# Capitals that are not abbreviations a glossary should hold.
NOT_ABBREVIATIONS = {
    "OFFICIAL", "SENSITIVE", "II", "III", "IV", "VI", "UK", "OK", "TV", "AM", "PM", "HM",
}  # fmt: skip
_REPORTING = (
    "said|says|told|tells|explained|described|thought|felt|reported|added|asked|wrote|"
    "disclosed|shared|worried|wanted"
)
_DOB = re.compile(r"\b(born on|date of birth|D\.?O\.?B\.?)\b", re.I)
# Agencies that are the child's own setting: naming one in a published report points to the child.
SETTING_TYPES = {
    "school",
    "nursery",
    "primary-school",
    "secondary-school",
    "college",
    "childminder",
}
PLACE_SETTINGS = {"school", "nursery", "hospital", "surgery", "street"}
_PRONOUNS = {
    "he": {"he", "him", "his", "himself"},
    "she": {"she", "her", "hers", "herself"},
}
_STOP = {
    "about", "after", "agencies", "agency", "and", "across", "their", "there", "these", "those",
    "which", "while", "where", "what", "when", "with", "within", "including", "particularly",
    "how", "well", "effectively", "effective", "were", "was", "did", "does", "this", "that",
    "they", "them", "from", "into", "family", "children", "child", "practice", "review",
}  # fmt: skip


# --- the checker -------------------------------------------------------------------------------


@dataclass
class _Text:
    """One string of the case file that a reader of the report may see, with its path."""

    path: Path_
    text: str


class _Checker:
    def __init__(
        self, case: Case, data: Any, positions: Positions, file: str, source: list[str]
    ) -> None:
        self.case = case
        self.data = data
        self.positions = positions
        self.file = file
        self.source = source
        self.findings: list[Finding] = []
        self.texts = list(_prose(data))
        # A national or thematic review's entries are checked where the case joins them
        # (recommendations[4]); a finding names them where they are written (strands[1]...).
        self.origin: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        if isinstance(data, dict):
            from reviewkit.casefile.check import flatten_strands

            self.origin = flatten_strands(data, Positions())[1]

    def run(self) -> None:
        self.recommendations()
        self.analysis()
        self.child_at_centre()
        self.enquiry()
        self.abbreviations()
        self.weekdays()
        self.names()
        self.pronouns()
        self.hindsight()
        self.publication()

    # --- recording ------------------------------------------------------------------------

    def add(
        self,
        severity: Severity,
        heading: str,
        code: str,
        path: Path_,
        message: str,
        *,
        text: str = "",
        offset: int = 0,
    ) -> None:
        line, column = self.locate(path, text, offset)
        written = self.origin.get(tuple(path[:2]))
        shown = (*written, *path[2:]) if written is not None else path
        self.findings.append(
            Finding(severity, heading, code, _path_text(shown), line, column, message, self.file)
        )

    def locate(self, path: Path_, text: str = "", offset: int = 0) -> tuple[int, int]:
        """The line and column of `path`, or of character `offset` inside its text."""
        line, column = self.positions.of(path)
        if not text or path not in self.positions.values:
            return line, column
        if not 0 < line <= len(self.source):
            return line, column
        start = self.source[line - 1][column - 1 :]
        before = text[:offset]
        if start[:1] in ("|", ">"):
            # A block scalar: its text starts on the next line, indented.
            target = line + before.count("\n")
            if target >= len(self.source):
                return line, column
            row = self.source[target]
            indent = len(row) - len(row.lstrip(" "))
            return target + 1, indent + 1 + len(before) - (before.rfind("\n") + 1)
        if "\n" in before:  # a plain scalar folded over lines: the value's start will do
            return line, column
        quoted = 1 if start[:1] in ("'", '"') else 0
        return line, column + quoted + offset

    # --- the checks -----------------------------------------------------------------------

    def recommendations(self) -> None:
        for i, rec in enumerate(self.case.recommendations):
            number = self.case.recommendation_number(rec)
            where: Path_ = ("recommendations", i)
            if rec.addressee.strip().casefold() in VAGUE_OWNERS:
                self.add(
                    "error",
                    RECOMMENDATIONS,
                    "recommendation-no-addressee",
                    (*where, "addressee"),
                    f"recommendation {number} has no addressee: say which body should act",
                )
            if not rec.measure:
                self.add(
                    "warning",
                    RECOMMENDATIONS,
                    "recommendation-no-measure",
                    (*where, "measure"),
                    f"recommendation {number} has no measure of impact: say how the "
                    "partnership will know it made a difference",
                )
            if not rec.timescale:
                self.add(
                    "warning",
                    RECOMMENDATIONS,
                    "recommendation-no-timescale",
                    (*where, "timescale"),
                    f"recommendation {number} has no timescale",
                )

    def analysis(self) -> None:
        for i, episode in enumerate(self.case.episodes):
            if episode.known or episode.helped_hindered:
                continue
            label = self.case.episode_label(episode)
            written = "is only a description" if episode.what_happened else "is not written"
            self.add(
                "warning",
                ANALYSIS,
                "analysis-descriptive",
                ("episodes", i),
                f"the analysis of {label} {written}: add what was known and knowable "
                "(known) and what helped or hindered practice (helped_hindered)",
            )

    def child_at_centre(self) -> None:
        from reviewkit.reports.common import event_child

        for person in self.case.subjects:
            index = self.case.people.index(person)
            words = any(
                e.child_words and event_child(self.case, e) is person for e in self.case.events
            ) or any(
                i.kind == "child" and i.person == person.id and (i.quotes or i.notes)
                for i in self.case.interviews
            )
            name = re.compile(rf"\b{re.escape(person.name)}\b")
            lived = any(
                name.search(t.text) and LIVED_WORDS.search(t.text)
                for t in self.texts
                if t.path[0] in ("episodes", "themes", "conclusions")
            )
            if not words and not lived:
                self.add(
                    "warning",
                    CHILD,
                    "child-not-heard",
                    ("people", index),
                    f"{person.name} has no words of their own (child_words on an event, or a "
                    "child interview) and no analysis of their lived experience",
                )

    def enquiry(self) -> None:
        themes = [
            " ".join(
                filter(None, [t.title, t.analysis, t.learning, t.further_consideration])
            ).casefold()
            for t in self.case.themes
        ]
        for i, term in enumerate(self.case.review.terms_of_reference):
            stems = {w[:6] for w in re.findall(r"[a-z][a-z'-]{4,}", term.casefold())} - {
                s[:6] for s in _STOP
            }
            # A theme answers a line of enquiry when it shares a third of its words (two at
            # least): enough to tell an answered question from one no finding speaks to.
            needed = min(len(stems), max(2, -(-len(stems) // 3)))
            if not any(sum(stem in theme for stem in stems) >= needed for theme in themes):
                self.add(
                    "warning",
                    ENQUIRY,
                    "enquiry-unanswered",
                    ("review", "terms_of_reference", i),
                    f"no finding (theme) answers line of enquiry {i + 1}",
                )
        linked = {t for e in self.case.events for t in e.themes}
        linked |= {t for i in self.case.interviews for q in i.quotes for t in q.themes}
        for i, theme in enumerate(self.case.themes):
            if not theme.episodes and theme.id not in linked:
                self.add(
                    "warning",
                    ENQUIRY,
                    "finding-unlinked",
                    ("themes", i),
                    f"the finding '{theme.title}' is linked to no episode or event: add the "
                    "episodes it draws on (episodes), or the theme to the events (themes)",
                )

    def abbreviations(self) -> None:
        from reviewkit.reports import build_document
        from reviewkit.reports.common import document_text, glossary_terms

        known = glossary_terms(self.case)
        text = document_text(build_document(self.case))
        defined = {m.group(1): m.start() for m in re.finditer(r"\(([A-Z][A-Z0-9&]+)\)", text)}
        seen: set[str] = set()
        for match in _ABBREVIATION.finditer(text):
            term = match.group(1)
            if term in seen or term in NOT_ABBREVIATIONS or term.isdigit():
                continue
            seen.add(term)
            place = self.find(rf"(?<![\w(-]){re.escape(term)}(?![\w)-])")
            if place is None:
                continue  # the report's own wording, not the author's
            if term in known:
                continue  # the report's glossary defines it
            if term not in defined:
                self.add(
                    "warning",
                    ABBREVIATIONS,
                    "abbreviation-unknown",
                    place[0].path,
                    f"'{term}' is not in any glossary: add it to the case's glossary, or spell "
                    "it out",
                    text=place[0].text,
                    offset=place[1],
                )
            elif match.start() < defined[term]:
                self.add(
                    "warning",
                    ABBREVIATIONS,
                    "abbreviation-before-definition",
                    place[0].path,
                    f"'{term}' is used before the report defines it: spell it out at its "
                    "first use, or add it to the case's glossary",
                    text=place[0].text,
                    offset=place[1],
                )

    def weekdays(self) -> None:
        for item in self.texts:
            for m in _WEEKDAY.finditer(item.text):
                weekday = m.group("weekday") or m.group("weekday2")
                day = int(m.group("day") or m.group("day2"))
                month = list(calendar.month_name).index(m.group("month") or m.group("month2"))
                year = int(m.group("year") or m.group("year2"))
                try:
                    real = calendar.day_name[dt.date(year, month, day).weekday()]
                except ValueError:
                    real = ""
                if real != weekday:
                    was = f"was a {real}" if real else "is not a date"
                    date = f"{day} {calendar.month_name[month]} {year}"
                    self.add(
                        "error",
                        ACCURACY,
                        "weekday-mismatch",
                        item.path,
                        f"'{m.group(0)}': {date} {was}",
                        text=item.text,
                        offset=m.start(),
                    )

    def names(self) -> None:
        cast = {w for p in self.case.people for w in re.findall(r"[A-Z][\w'-]+", p.name)}
        real: list[tuple[str, int]] = []
        for i, person in enumerate(self.case.people):
            real += [(n, i) for n in [person.real_name, *person.aliases] if n]
        for item in self.texts:
            for name, i in real:
                at = re.search(rf"\b{re.escape(name)}\b", item.text)
                if at:
                    self.add(
                        "error",
                        ACCURACY,
                        "name-not-in-cast",
                        item.path,
                        f"names people[{i}] ({self.case.people[i].id}) by a name that is not "
                        f"in the cast: use '{self.case.people[i].name}'",
                        text=item.text,
                        offset=at.start(),
                    )
            for m in _TITLED.finditer(item.text):
                if m.group("name") not in cast:
                    self.add(
                        "warning",
                        ACCURACY,
                        "name-not-in-cast",
                        item.path,
                        f"'{m.group(0)}' is not a name in the cast (people): use the person's "
                        "name there, or their role",
                        text=item.text,
                        offset=m.start(),
                    )

    def pronouns(self) -> None:
        for child in self.case.subjects:
            given = (child.pronouns or "").split("/")[0].strip().lower()
            name = re.escape(child.name)
            # Only where the pronoun surely means the child: "Mason hid under his quilt",
            # "Chloe said that she ...". An object pronoun may be anyone's.
            near = re.compile(
                rf"\b{name}\s+\w+\s+(?P<pronoun>his|himself|herself)\b"
                rf"|\b{name}\s+(?:{_REPORTING})\s+(?:\w+\s+)?(?:that\s+)?(?P<subject>he|she)\b"
            )
            found: dict[str, tuple[_Text, int]] = {}
            for item in self.texts:
                for m in near.finditer(item.text):
                    group = "pronoun" if m.group("pronoun") else "subject"
                    word = m.group(group).lower()
                    kind = next(k for k, forms in _PRONOUNS.items() if word in forms)
                    found.setdefault(kind, (item, m.start(group)))
            wrong = [k for k in found if given in _PRONOUNS and k != given]
            if not given and len(found) > 1:
                wrong = sorted(found)[1:]
            for kind in wrong:
                item, offset = found[kind]
                index = self.case.people.index(child)
                stated = child.pronouns or f"{sorted(found)[0]}/... elsewhere"
                self.add(
                    "warning",
                    ACCURACY,
                    "pronouns-disagree",
                    item.path,
                    f"'{kind}' for {child.name}, whose pronouns are {stated} "
                    f"(people[{index}].pronouns)",
                    text=item.text,
                    offset=offset,
                )

    def hindsight(self) -> None:
        for item in self.texts:
            if item.path[0] in ("events",) and item.path[-1] != "analysis":
                continue  # agencies' records quote what people said and did
            for m in _HINDSIGHT.finditer(item.text):
                self.add(
                    "note",
                    HINDSIGHT,
                    "hindsight",
                    item.path,
                    f"'{m.group(0)}' judges with hindsight or blames: say what made sense "
                    "at the time and why",
                    text=item.text,
                    offset=m.start(),
                )

    def publication(self) -> None:
        if "publi" not in self.case.review.status.casefold():
            return
        exact = [i for i, e in enumerate(self.case.events) if e.date.exact]
        if exact:
            self.add(
                "error",
                PUBLICATION,
                "publication-exact-dates",
                ("events", exact[0], "date"),
                f"the report is marked for publication ({self.case.review.status}) and "
                f"{len(exact)} events have exact dates the report prints: write them as "
                "months or the child's age",
            )
        for item in self.texts:
            for m in find_dates(item.text):
                if m.date is not None and m.date.exact:
                    self.add(
                        "error",
                        PUBLICATION,
                        "publication-exact-dates",
                        item.path,
                        f"exact date '{m.text}' in a report marked for publication",
                        text=item.text,
                        offset=m.start,
                    )
                    break
            dob = _DOB.search(item.text)
            if dob:
                self.add(
                    "error",
                    PUBLICATION,
                    "publication-date-of-birth",
                    item.path,
                    "a date of birth in a report marked for publication",
                    text=item.text,
                    offset=dob.start(),
                )
        for i, agency in enumerate(self.case.agencies):
            if agency.type in SETTING_TYPES:
                self.add(
                    "error",
                    PUBLICATION,
                    "publication-named-setting",
                    ("agencies", i, "name"),
                    f"'{agency.name}' names the child's setting in a report marked for "
                    f"publication: call it by its kind ('the {type_label(agency.type).lower()}')",
                )
        places = self.case.anonymise.places if self.case.anonymise else []
        for place in places:
            if place.kind not in PLACE_SETTINGS:
                continue
            for item in self.texts:
                for name in [place.name, *place.aliases]:
                    at = item.text.find(name)
                    if at >= 0:
                        self.add(
                            "error",
                            PUBLICATION,
                            "publication-named-setting",
                            item.path,
                            f"names a {place.kind} in a report marked for publication: "
                            f"write '{place.label}'",
                            text=item.text,
                            offset=at,
                        )

    # --- helpers ---------------------------------------------------------------------------

    def find(self, pattern: str) -> tuple[_Text, int] | None:
        """The first text of the case (in file order) matching `pattern`, and where."""
        compiled = re.compile(pattern)
        for item in self.texts:
            m = compiled.search(item.text)
            if m:
                return item, m.start()
        return None


# Parts of the case file no report prints as prose: checked elsewhere, or never printed.
_NOT_PROSE = {
    "anonymise", "imports", "provenance", "glossary", "vocabulary", "authors", "aliases",
    "real_name", "id", "name",
}  # fmt: skip


def _prose(data: Any) -> Iterator[_Text]:
    """Every string of the case a report prints as prose, in file order, with its path."""
    paths = field_paths()
    skip = set(paths.dates) | set(paths.identifiers) | set(paths.dropped)

    def walk(value: Any, path: Path_) -> Iterator[_Text]:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in _NOT_PROSE:
                    continue
                yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, (*path, i))
        elif isinstance(value, str) and _pattern(path) not in skip and " " in value.strip():
            yield _Text(path, value)

    yield from walk(data, ())


def _pattern(path: Path_) -> FieldPath:
    return tuple("*" if isinstance(p, int) else p for p in path)


def _path_text(path: Path_) -> str:
    """('recommendations', 2, 'measure') as 'recommendations[2].measure'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
