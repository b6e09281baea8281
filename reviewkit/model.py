"""The case file model: typed, declarative, and strict about unknown keys.

Field names here are the case file's keys. Free-text fields hold paragraphs separated by
blank lines. Dates are `FuzzyDate`s: written at any precision and printed as written.

What a field is beyond its type is metadata on the field, read by the code that needs it:
`AnalysisField` marks the written analysis of an episode, a theme and the conclusions (with
the words used to ask for it and to print it), and `AnonymiseAs` says which fields
`reviewkit anonymise` treats as identifiers or drops. Read them with `analysis_fields()` and
`field_paths()`; no other module keeps its own list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from reviewkit.dates import FuzzyDate, parse_date

# --- what a field is, beyond its type ---------------------------------------------------------


@dataclass(frozen=True)
class AnalysisField:
    """Marks a field of the written analysis, with the words that ask for it and print it."""

    label: str  # a short name for it: "Known and knowable"
    what: str  # what it holds, as a sentence says it: "what was known and knowable at the time"
    lead: str = ""  # what a report prints before it: "What was known and knowable at the time."
    quotes_after: bool = False  # the interview quotes linked to the item come after this field
    name: str = ""  # the field's key, filled in by analysis_fields()


@dataclass(frozen=True)
class AnonymiseAs:
    """Marks how `reviewkit anonymise` treats a field beyond its free text."""

    kind: Literal["identifier", "dropped"]
    what: str = ""  # for a dropped field: what the replacement report calls what was removed


IDENTIFIER = AnonymiseAs("identifier")


def dropped(what: str) -> AnonymiseAs:
    """Marks a field `reviewkit anonymise` removes (real names, say), and what it is called."""
    return AnonymiseAs("dropped", what)


def _to_date(value: Any) -> FuzzyDate:
    if isinstance(value, FuzzyDate):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | dt.date):
        raise ValueError("expected a date written as text, for example 2019-03-14 or March 2019")
    return parse_date(value)


Date = Annotated[
    FuzzyDate,
    BeforeValidator(_to_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "description": (
                "A date at any precision: 2019-03-14, 14/03/2019, March 2019, "
                "early March 2019, autumn 2019, 2019, c. March 2019, ?2019-03-14, "
                "2019-03-01 to 2019-04-15"
            ),
        }
    ),
]

Id = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        max_length=64,
        description="A short identifier: letters, digits, '-', '_' or '.'",
    ),
    IDENTIFIER,
]

Text = Annotated[str, Field(description="Free text; separate paragraphs with a blank line")]

# A required piece of text: blank is as good as missing (str_strip_whitespace strips it first).
Required = Annotated[str, Field(min_length=1)]
RequiredText = Annotated[Text, Field(min_length=1)]


def new_list() -> list[Any]:
    """An empty list: a field's default. A function of ours, not `list`, whose signature
    pydantic reads for every field when it builds a model's validator (slowly, for a builtin)."""
    return []


def new_dict() -> dict[Any, Any]:
    """An empty mapping: a field's default (see `new_list`)."""
    return {}


class Strict(BaseModel):
    """Base of every case-file model: unknown keys are errors."""

    model_config = ConfigDict(
        extra="forbid",
        arbitrary_types_allowed=True,
        populate_by_name=True,
        str_strip_whitespace=True,
        # `seq: true` is not 1 and `attendance: yes` is not a number: YAML's types are kept.
        strict=True,
        defer_build=True,
    )


# --- review ---------------------------------------------------------------------------------


class Author(Strict):
    name: Required
    role: str = "Independent reviewer"
    independence: Text | None = Field(
        default=None, description="Statement of independence from the agencies reviewed"
    )


class ReviewDates(Strict):
    incident: Date | None = Field(default=None, description="The serious incident")
    awareness: Date | None = Field(
        default=None, description="Local authority became aware of the incident"
    )
    notification: Date | None = Field(
        default=None, description="Serious incident notification to the national Panel"
    )
    rapid_review_meeting: Date | None = None
    rapid_review_submitted: Date | None = Field(
        default=None, description="Rapid review sent to the national Panel"
    )
    decision_to_commission: Date | None = Field(
        default=None, description="Decision to commission a local review"
    )
    report: Date | None = Field(default=None, description="Date of this report")
    publication: Date | None = Field(default=None, description="(Planned) publication date")
    panel_response: Date | None = Field(
        default=None, description="The national Panel's reply to the rapid review"
    )
    final_report_sent: Date | None = Field(
        default=None, description="Final report sent to the Panel and the Secretary of State"
    )


class Scope(Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, arbitrary_types_allowed=True)

    start: Date = Field(alias="from", description="Start of the scope period")
    end: Date = Field(alias="to", description="End of the scope period")
    reason: Text | None = Field(default=None, description="Why this period was chosen")


class PanelMember(Strict):
    role: Required
    agency: Required = Field(description="An agency id from `agencies`, or an organisation's name")


class Publication(Strict):
    """What the public version of the report (`reviewkit build --publish`) carries."""

    marking: str = Field(
        default="",
        description="The marking a published report carries on every page (default: none)",
    )


ReviewKind = Literal[
    "lcspr", "rapid-review", "thematic", "national", "scr", "sar", "dhr", "cpr", "other"
]


class Review(Strict):
    title: Required
    kind: ReviewKind = "lcspr"
    partnership: Required
    guidance: Literal["wt2018", "wt2023"] = Field(
        default="wt2023",
        description="Working Together edition in force: wt2018 or wt2023",
    )
    authors: Annotated[list[Author], dropped("authors' names")] = Field(default_factory=new_list)
    chair: str | None = Field(default=None, description="Chair of the review panel (role)")
    dates: ReviewDates = Field(default_factory=ReviewDates)
    scope: Scope | None = None
    reason: Text | None = Field(
        default=None, description="The reason for the review: the incident and the decision"
    )
    background: Text | None = Field(
        default=None, description="Significant history before the scope period"
    )
    terms_of_reference: list[str] = Field(
        default_factory=new_list, description="Terms of reference / lines of enquiry"
    )
    child: Id | None = Field(
        default=None,
        description="Person id of the child whose age timelines show (default: the first "
        "subject child with a dob)",
    )
    panel: list[PanelMember] = Field(default_factory=new_list)
    marking: str = Field(default="OFFICIAL-SENSITIVE", description="Protective marking")
    status: str = Field(default="Draft", description="Draft, Final, Published ...")
    publication: Publication | None = Field(
        default=None, description="How `reviewkit build --publish` makes the public version"
    )


# --- people and agencies ------------------------------------------------------------------

Role = Literal["child", "parent", "carer", "relative", "partner", "professional", "other"]


class Relationship(Strict):
    person: Id = Field(description="The other person's id")
    kind: Required = Field(
        description="What that person is to this one: mother, father, sibling..."
    )


class Person(Strict):
    id: Id
    name: Required = Field(
        description="The name the report uses: a pseudonym or a relationship label"
    )
    role: Role
    relationship: str | None = Field(
        default=None, description="Label for the family table, e.g. 'Mother of Ellie and Jack'"
    )
    relationships: list[Relationship] = Field(default_factory=new_list)
    subject: bool = Field(default=False, description="A child this review is about")
    dob: Date | None = Field(default=None, description="Date of birth (never printed)")
    age_at_incident: str | None = Field(
        default=None, description="Age at the incident as written, e.g. '2 years 3 months'"
    )
    pronouns: str | None = Field(default=None, description="e.g. she/her, he/him, they/them")
    household: bool = Field(default=False, description="Lived in the child's household")
    ethnicity: str | None = None
    sex: str | None = Field(default=None, description="Sex, as a rapid review states it")
    disability: str | None = Field(
        default=None, description="Any disability or special educational need ('none known')"
    )
    legal_status: str | None = Field(
        default=None,
        description="Legal status at the incident: 'living at home', 'child protection plan', "
        "'looked after (section 20)' ...",
    )
    notes: Text | None = None
    real_name: Annotated[str | None, dropped("real name")] = Field(
        default=None, description="Never printed in any report"
    )
    aliases: Annotated[list[str], dropped("aliases")] = Field(
        default_factory=new_list, description="Other names and nicknames; never printed"
    )
    strand: Id | None = Field(
        default=None,
        description="The strand (child or family) it belongs to; set by where it sits under "
        "`strands`",
    )
    daily_life: Annotated[
        Text | None,
        AnalysisField(
            "Daily life",
            "what daily life was like for the child",
            "Daily life.",
        ),
    ] = Field(default=None, description="A subject child's daily life, as far as it is known")
    seen_heard: Annotated[
        Text | None,
        AnalysisField(
            "Seen, heard and listened to",
            "whether the child was seen, heard and listened to",
            "Seen, heard and listened to.",
        ),
    ] = Field(
        default=None,
        description="Whether practitioners saw the child, heard the child and acted on it",
    )


class Agency(Strict):
    id: Id
    name: Required
    type: Required = Field(description="An agency type from the vocabulary (see docs/case-file.md)")
    area: Annotated[str | None, dropped("agency's area")] = None
    abbreviation: str | None = Field(default=None, description="Short name used in tables")
    strand: Id | None = Field(
        default=None,
        description="The strand (child or family) it belongs to; set by where it sits under "
        "`strands`",
    )
    columns: dict[str, str] = Field(
        default_factory=new_dict,
        description="How this agency's returns head their columns: heading as written -> "
        "field, or ignore (kept by `reviewkit import`, used again on the next import)",
    )


# --- events -------------------------------------------------------------------------------


class Provenance(Strict):
    """One source of an event: a row of an agency's returned chronology (or the case file)."""

    agency: Id = Field(description="The agency whose record this is")
    file: str | None = Field(default=None, description="The returned chronology's file name")
    sheet: str | None = Field(default=None, description="The worksheet, for a spreadsheet")
    row: int | None = Field(default=None, ge=1, description="The row in that sheet or file")
    record: str | None = Field(default=None, description="The agency's source record")
    imported: str | None = Field(
        default=None,
        description="Fingerprint of the event as imported (set by `reviewkit import`; "
        "tells your own edits from the import)",
    )


class Told(Strict):
    """How a case study tells a date of an anonymised case: worked out from the real dates.

    The anonymised file's own dates are moved by a secret number of weeks, and a month or an
    age counted on the moved calendar can differ from the real one; `reviewkit anonymise`
    writes these so the case study states the true age or interval.
    """

    when: Required = Field(description="'When Ruby was six months old'")
    period: str | None = Field(
        default=None, description="The story's part: 'Ruby aged 6 to 12 months'"
    )


class Event(Strict):
    id: Id | None = Field(default=None, description="Needed only if something refers to it")
    date: Date
    time: str | None = Field(
        default=None, pattern=r"^([01]?\d|2[0-3])[:.][0-5]\d$", description="24-hour, e.g. 17:25"
    )
    seq: int | None = Field(default=None, ge=0, le=9999, description="Order among same-day events")
    identifying: bool | None = Field(
        default=None,
        description="Its exact date identifies someone: a publication gives only the year",
    )
    agency: Id
    type: Required = Field(description="An event type from the vocabulary (see docs/case-file.md)")
    summary: Required
    details: Text | None = None
    people: list[Id] = Field(default_factory=new_list)
    child_seen: bool | None = None
    seen_alone: bool | None = None
    child_words: Text | None = Field(default=None, description="What the child said, verbatim")
    source: str | None = Field(default=None, description="Source record, e.g. 'GP record'")
    outcome: Text | None = None
    analysis: Text | None = Field(default=None, description="The agency's own analysis")
    episodes: list[Id] = Field(default_factory=new_list)
    themes: list[Id] = Field(default_factory=new_list)
    provenance: list[Provenance] = Field(
        default_factory=new_list,
        description="Where the event came from: one entry per agency return (written by "
        "`reviewkit import` and `reviewkit duplicates`)",
    )
    told: Told | None = Field(
        default=None,
        description="Written by `reviewkit anonymise`: its date as a case study tells it",
    )
    strand: Id | None = Field(
        default=None,
        description="The strand (child or family) it belongs to; set by where it sits under "
        "`strands`",
    )

    @property
    def agencies(self) -> list[str]:
        """The event's agency, then any other agency it was merged from (its provenance)."""
        found = [self.agency]
        for source in self.provenance:
            if source.agency not in found:
                found.append(source.agency)
        return found


# --- interviews ---------------------------------------------------------------------------


class Quote(Strict):
    text: RequiredText
    themes: list[Id] = Field(default_factory=new_list)
    episodes: list[Id] = Field(default_factory=new_list)


InterviewKind = Literal["practitioner", "manager", "family", "child", "group"]
InterviewMode = Literal["in-person", "video", "phone", "written"]
InterviewStatus = Literal["completed", "declined", "no-response", "planned"]


class Interview(Strict):
    id: Id | None = None
    kind: InterviewKind
    person: Id | None = Field(default=None, description="Person id, for family and child")
    role: str | None = Field(default=None, description="Practitioner's role, e.g. Health visitor")
    agency: Id | None = None
    date: Date | None = None
    mode: InterviewMode | None = None
    attendance: int | None = Field(
        default=None, ge=1, le=100_000, description="Number at a group event"
    )
    status: InterviewStatus = "completed"
    consent_to_quote: bool = False
    notes: Text | None = None
    quotes: list[Quote] = Field(default_factory=new_list)
    strand: Id | None = Field(
        default=None,
        description="The strand (child or family) it belongs to; set by where it sits under "
        "`strands`",
    )


def _points(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Points = Annotated[
    list[str],
    BeforeValidator(_points),
    Field(description="Text, or a list of points (lines starting with '- ')"),
]


# --- analysis -----------------------------------------------------------------------------


class Episode(Strict):
    id: Id
    number: str | None = Field(default=None, description="KPE number; default: its position")
    title: Required
    period: Date | None = Field(default=None, description="Date range of the episode")
    told: Told | None = Field(
        default=None,
        description="Written by `reviewkit anonymise`: its period as a case study tells it",
    )
    events: list[Id] = Field(default_factory=new_list)
    child: Id | None = Field(
        default=None,
        description="Person id of the child whose age the episode's evidence shows "
        "(default: the review's child)",
    )
    # The factual account of the episode, told as prose: the report prints it under the
    # episode's heading, before the numbered analysis (the chronology appendix keeps the rows).
    what_happened: Annotated[
        Text | None,
        AnalysisField("What happened", "the factual account of what happened"),
    ] = Field(default=None, description="The factual account of the episode, as prose")
    known: Annotated[
        Text | None,
        AnalysisField(
            "Known and knowable",
            "what was known and knowable at the time",
            "What was known and knowable at the time.",
        ),
    ] = Field(default=None, description="What was known and knowable then")
    helped_hindered: Annotated[
        Text | None,
        AnalysisField(
            "Helped or hindered",
            "what helped or hindered practice",
            "What helped or hindered practice.",
            quotes_after=True,
        ),
    ] = Field(default=None, description="What helped or hindered practice (contributory factors)")
    good_practice: Annotated[
        Text | None,
        AnalysisField("Good practice", "good practice in this episode", "Good practice."),
    ] = None
    learning: Annotated[
        Text | None, AnalysisField("Learning", "the learning from this episode", "Learning.")
    ] = None
    strand: Id | None = Field(
        default=None,
        description="The strand (child or family) it belongs to; set by where it sits under "
        "`strands`",
    )
    questions: Points = Field(
        default_factory=new_list,
        description="Case-study questions for this episode (default: chosen by its themes "
        "and event types)",
    )


class NarrativePeriod(Strict):
    """One period of the author's narrative of what happened (chapter 4 of the report)."""

    id: Id
    title: Required = Field(description="The period's heading, e.g. 'Pregnancy and birth'")
    period: Date | None = Field(default=None, description="The dates the period covers")
    narrative: Annotated[
        Text | None,
        AnalysisField("Narrative", "the narrative of what happened in this period"),
    ] = Field(default=None, description="What happened in this period, told as prose")


class Theme(Strict):
    id: Id
    title: Required
    analysis: Annotated[
        Text | None, AnalysisField("Analysis", "the analysis", quotes_after=True)
    ] = None
    good_practice: Annotated[
        Text | None, AnalysisField("Good practice", "good practice", "Good practice.")
    ] = None
    learning: Annotated[Text | None, AnalysisField("Learning", "the learning", "Learning.")] = None
    further_consideration: Annotated[
        Text | None,
        AnalysisField(
            "Further consideration",
            "what needs further consideration",
            "What needs further consideration.",
        ),
    ] = None
    episodes: list[Id] = Field(default_factory=new_list)
    # A thematic review compares each theme with the area's earlier reviews. Not analysis
    # fields: a single-case review has no earlier reviews to compare with, so nothing asks.
    changed: Text | None = Field(
        default=None, description="What has changed since the previous reviews"
    )
    persists: Text | None = Field(
        default=None, description="What persists since the previous reviews"
    )


# --- the action plan ----------------------------------------------------------------------

ActionStatus = Literal["not-started", "in-progress", "complete", "evidenced"]
ACTION_STATUSES: tuple[ActionStatus, ...] = typing.get_args(ActionStatus)

Rag = Literal["red", "amber", "green", "blue"]


class ActionUpdate(Strict):
    """A dated note of progress on an action, from its owner or the business unit."""

    date: Date
    text: Text
    by: str | None = Field(default=None, description="Who reported it, as a role (never a name)")
    source: str | None = Field(
        default=None,
        description="Where it came from: the workbook, sheet and row (written by "
        "`reviewkit import --actions`)",
    )


class Action(Strict):
    """One thing to be done for a recommendation, by whom, by when, and how anyone will know."""

    id: Id | None = Field(default=None, description="Needed for the owners' workbook round trip")
    text: Text = Field(description="What will be done")
    owner: str = Field(description="Who is responsible, as a role, e.g. 'Head of Early Help'")
    agency: str | None = Field(
        default=None, description="An agency id from `agencies`, or an organisation's name"
    )
    measure: str | None = Field(
        default=None, description="The measure of impact: how anyone will know it worked"
    )
    target: Date | None = Field(default=None, description="Target date")
    status: ActionStatus = Field(
        default="not-started", description="not-started, in-progress, complete or evidenced"
    )
    evidence: Text | None = Field(default=None, description="Evidence that it made a difference")
    updates: list[ActionUpdate] = Field(default_factory=new_list)


class ActionRules(Strict):
    """How an action's RAG rating is worked out (see docs/actions.md); never typed by hand."""

    due_soon_days: int = Field(
        default=30, ge=0, description="An unfinished action due within this many days is amber"
    )
    not_started_days: int = Field(
        default=60,
        ge=0,
        description="An action not started within this many days of its target is amber",
    )
    no_target: Rag = Field(default="amber", description="The rating of an action with no target")
    complete: Rag = Field(default="green", description="The rating of a completed action")
    evidenced: Rag = Field(
        default="blue", description="The rating of an action whose impact is evidenced"
    )


class Recommendation(Strict):
    id: Id | None = None
    number: int | None = Field(default=None, ge=1, description="Default: its position")
    text: RequiredText
    addressee: Required = Field(description="Who should act, e.g. 'The Safeguarding Partnership'")
    themes: list[Id] = Field(default_factory=new_list)
    measure: str | None = None
    timescale: str | None = None
    level: Literal["local", "national"] = Field(
        default="local", description="local (the partnership, an agency) or national"
    )
    actions: list[Action] = Field(
        default_factory=new_list, description="The action plan for this recommendation"
    )
    strand: Id | None = Field(
        default=None,
        description="The strand (child or family) it belongs to; set by where it sits under "
        "`strands`",
    )


class Briefing(Strict):
    """What the author writes for the 7-minute briefing; the rest comes from the case."""

    title: str | None = Field(default=None, description="Default: 7-minute briefing: TITLE")
    background: Text | None = Field(default=None, description="The case in a few sentences")
    why_it_matters: Text | None = None
    key_learning: Points = Field(
        default_factory=new_list, description="Default: each theme's learning"
    )
    questions: Points = Field(default_factory=new_list, description="Questions to reflect on")
    what_to_do: Points = Field(
        default_factory=new_list, description="What you should do; default: the recommendations"
    )
    further_reading: Points = Field(default_factory=new_list)
    what_next: Text | None = Field(default=None, description="What happens next")
    anonymise: bool = Field(
        default=True, description="Tell the case anonymised (it is shared widely); no: as written"
    )


class Reference(Strict):
    key: Id | None = Field(
        default=None, description="What the text cites it by: [@key] makes a footnote"
    )
    text: Required
    url: str | None = None


def _reference(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


ReferenceItem = Annotated[Reference, BeforeValidator(_reference)]


# --- rapid review -------------------------------------------------------------------------


class SummarySource(Strict):
    """Where an agency summary was read from: the returned workbook and its cells."""

    file: Required = Field(description="The returned workbook's file name")
    sheet: Required = Field(description="The summary's worksheet")
    cells: dict[str, str] = Field(
        default_factory=new_dict, description="Field -> the cell it was read from, e.g. B4"
    )
    imported: str | None = Field(default=None, description="Fingerprint of the summary as imported")


class AgencyReturn(Strict):
    """An agency's individual summary for the rapid review."""

    agency: Id = Field(description="The agency id")
    received: Date | None = Field(default=None, description="When the return came in")
    author_role: str | None = Field(
        default=None, description="Role of the person who wrote it (never a name)"
    )
    author_name: Annotated[str | None, dropped("return author's name")] = Field(
        default=None, description="Name of the person who completed it (never printed)"
    )
    completed: Date | None = Field(default=None, description="When the agency completed it")
    source: SummarySource | None = Field(
        default=None,
        description="Where `reviewkit import` read the summary: file, sheet and each cell",
    )
    involvement: Text | None = Field(
        default=None, description="The agency's involvement with the child and family"
    )
    analysis: Text | None = Field(default=None, description="The agency's own analysis")
    immediate_actions: Points = Field(default_factory=new_list)
    learning: Text | None = Field(default=None, description="Learning the agency has identified")


def _met(value: Any) -> Any:
    # YAML reads yes/no as true/false; the case file means the words.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _assessment(value: Any) -> Any:
    return {"met": value} if isinstance(value, str | bool) else value


class CriterionAssessment(Strict):
    met: Annotated[Literal["yes", "no", "unclear"], BeforeValidator(_met)] = Field(
        description="yes, no or unclear"
    )
    note: Text | None = Field(default=None, description="Why: the evidence for the view taken")


class LcsprDecision(Strict):
    decision: Literal["commission", "not-commission", "undecided"] = "undecided"
    reasons: Text | None = None
    criteria: dict[Id, Annotated[CriterionAssessment, BeforeValidator(_assessment)]] = Field(
        default_factory=new_dict,
        description="Criterion id -> {met, note} (or just yes/no/unclear); ids in "
        "docs/case-file.md",
    )


class ParallelProcesses(Strict):
    """The processes running alongside the rapid review; 'None' or 'Not applicable' counts."""

    criminal_investigation: Text | None = Field(
        default=None, description="Any police investigation or prosecution, and its stage"
    )
    care_proceedings: Text | None = Field(
        default=None, description="Any care proceedings for the child or siblings"
    )
    child_death_review: Text | None = Field(
        default=None, description="The child death review, or 'Not applicable'"
    )
    coroner: Text | None = Field(
        default=None, description="The coroner's inquest, or 'Not applicable'"
    )
    other: Text | None = Field(
        default=None, description="Other reviews or processes (a domestic homicide review ...)"
    )


class NationalReview(Strict):
    """Whether the partners suggest the Panel carry out a national review, and why."""

    suggested: Annotated[Literal["yes", "no"], BeforeValidator(_met)] = Field(
        description="yes or no"
    )
    reasons: Text | None = Field(default=None, description="Why, or why not")


class SignOff(Strict):
    """One safeguarding partner's sign-off of the rapid review."""

    partner: Literal["local-authority", "police", "health"] = Field(
        description="local-authority, police or health (the integrated care board)"
    )
    # Optional only so that an anonymised copy, which drops it, is still a valid case file.
    name: Annotated[str | None, dropped("signatory's name")] = Field(
        default=None, description="Who signed it off for the partner"
    )
    role: Required
    date: Date | None = None


class RapidReview(Strict):
    """The partnership's rapid review: what goes to the national Panel."""

    title: str | None = Field(
        default=None, description="Default: 'Rapid review: ' and the children's names"
    )
    status: str | None = Field(
        default=None,
        description="Final once nothing is still needed (default); always Draft until then",
    )
    notification_reference: str | None = Field(
        default=None, description="The Panel's reference for the serious incident notification"
    )
    summary: Text | None = Field(default=None, description="The case in brief")
    why_notified: Text | None = Field(default=None, description="Why the case was notified")
    family_context: Text | None = Field(
        default=None,
        description="The family's lives: race, culture, disability and other inequalities, and "
        "how they may have shaped their experience and practice",
    )
    immediate_actions: Points = Field(default_factory=new_list)
    learning_shared: Points = Field(default_factory=new_list)
    potential_improvements: Points = Field(default_factory=new_list)
    other_children: Text | None = Field(
        default=None,
        description="The other children in the household and how they are kept safe "
        "('None' if there are none)",
    )
    parallel_processes: ParallelProcesses = Field(default_factory=ParallelProcesses)
    national_review: NationalReview | None = Field(
        default=None, description="Whether a national review is suggested, and why"
    )
    attendees: list[PanelMember] = Field(
        default_factory=new_list, description="Who attended the rapid review meeting: role, agency"
    )
    sign_off: list[SignOff] = Field(
        default_factory=new_list, description="The three safeguarding partners' sign-off"
    )
    lcspr_decision: LcsprDecision = Field(default_factory=LcsprDecision)


class ImportRecord(Strict):
    """An agency return imported into the events, as `reviewkit import` last read it."""

    file: Required = Field(description="The return's file name")
    agency: Id
    imported: Date | None = Field(default=None, description="When it was last imported")
    rows: list[str] = Field(
        default_factory=new_list,
        description="Fingerprints of the rows imported, so that rows you deleted from the "
        "events are not added again",
    )


# --- anonymisation -------------------------------------------------------------------------

PlaceKind = Literal[
    "area", "school", "nursery", "hospital", "surgery", "street", "service", "organisation", "place"
]


class Place(Strict):
    """A place, school, hospital, street or local service named in the case."""

    name: Required = Field(description="The real name, as written in the case (never printed)")
    label: Required = Field(
        description="What anonymised text says instead, e.g. 'the primary school'"
    )
    kind: PlaceKind = "place"
    aliases: list[str] = Field(
        default_factory=new_list, description="Other ways the name is written; never printed"
    )


class Professional(Strict):
    """A professional named in the case; anonymised text gives only the role."""

    name: Required = Field(description="The professional's real name (never printed)")
    role: Required = Field(
        description="What anonymised text says instead, e.g. 'the health visitor'"
    )
    aliases: list[str] = Field(
        default_factory=new_list, description="Other ways the name is written; never printed"
    )


class Anonymise(Strict):
    """What `reviewkit anonymise` and `reviewkit scan` need beyond the people's real names."""

    scheme: Literal["case-names", "letters"] = Field(
        default="case-names",
        description="case-names: each person's `name`; letters: Child A, Mother, Father ...",
    )
    dates: Literal["age", "interval", "keep-year", "shift", "keep"] = Field(
        default="age", description="How dates are written: age, interval, keep-year, shift, keep"
    )
    anchor: Date | None = Field(
        default=None, description="Start of the review period for interval dates (default: scope)"
    )
    places: list[Place] = Field(default_factory=new_list)
    professionals: list[Professional] = Field(default_factory=new_list)
    keep: list[str] = Field(
        default_factory=new_list,
        description="Capitalised words that are not names, so the scan need not list them",
    )
    anonymised: bool = Field(
        default=False, description="Set by `reviewkit anonymise` on the file it writes"
    )


# --- national and thematic reviews: several children or families ----------------------------

# The list sections a strand may hold; at load they join the review's own lists, each item
# marked with its strand (casefile.check.flatten_strands).
STRAND_SECTIONS = ("people", "agencies", "events", "interviews", "episodes", "recommendations")


class LocalContext(Strict):
    """One part of a strand's local context: inspection findings, key figures, workforce."""

    title: Required = Field(description="'Inspection findings', 'Key figures', 'Workforce'")
    text: RequiredText


class Strand(Strict):
    """One child or family of a national or thematic review, with its own case material."""

    id: Id
    title: Required = Field(description="How the report heads this child: 'Child A'")
    area: str | None = Field(
        default=None, description="The area, as the report names it: 'Northmoor'"
    )
    child: Id | None = Field(
        default=None,
        description="Person id of the child whose age this strand's timeline shows (default: "
        "the strand's first subject child with a dob)",
    )
    summary: Text | None = Field(
        default=None, description="The case in brief (a thematic review's case summary)"
    )
    story: Annotated[Text | None, AnalysisField("The child's story", "the child's story")] = Field(
        default=None, description="The child's story: numbered narrative paragraphs"
    )
    local_context: list[LocalContext] = Field(
        default_factory=new_list, description="Inspection findings, key figures, workforce ..."
    )
    conclusions: Annotated[
        Text | None, AnalysisField("Conclusions", "the conclusions for this child")
    ] = None
    people: list[Person] = Field(default_factory=new_list)
    agencies: list[Agency] = Field(default_factory=new_list)
    events: list[Event] = Field(default_factory=new_list)
    interviews: list[Interview] = Field(default_factory=new_list)
    episodes: list[Episode] = Field(default_factory=new_list)
    recommendations: list[Recommendation] = Field(
        default_factory=new_list, description="Local recommendations for this child's area"
    )


class PreviousReview(Strict):
    """An earlier review a thematic review compares itself with."""

    id: Id
    title: Required
    year: int | None = Field(default=None, ge=1900, le=2100)
    area: str | None = Field(default=None, description="The area that commissioned it")
    headline: Text | None = Field(default=None, description="Its headline learning")
    themes: list[Id] = Field(
        default_factory=new_list, description="The themes of this review it shares (theme ids)"
    )


@dataclass(frozen=True)
class StrandView:
    """One strand of a case with its own people, agencies, events ... (see `Case.strand`)."""

    strand: Strand
    people: list[Person]
    agencies: list[Agency]
    events: list[Event]
    interviews: list[Interview]
    episodes: list[Episode]
    recommendations: list[Recommendation]

    @property
    def subjects(self) -> list[Person]:
        """The strand's children (every child of the strand, if none is marked as subject)."""
        marked = [p for p in self.people if p.subject]
        return marked or [p for p in self.people if p.role == "child"]


class Case(Strict):
    """A whole case file."""

    review: Review
    people: list[Person] = Field(default_factory=new_list)
    agencies: list[Agency] = Field(default_factory=new_list)
    events: list[Event] = Field(default_factory=new_list)
    interviews: list[Interview] = Field(default_factory=new_list)
    narrative: list[NarrativePeriod] = Field(
        default_factory=new_list,
        description="The author's narrative of what happened (chapter 4), period by period",
    )
    episodes: list[Episode] = Field(default_factory=new_list)
    themes: list[Theme] = Field(default_factory=new_list)
    conclusions: Annotated[Text | None, AnalysisField("Conclusions", "the conclusions")] = None
    recommendations: list[Recommendation] = Field(default_factory=new_list)
    agency_returns: list[AgencyReturn] = Field(
        default_factory=new_list, description="Agencies' individual summaries (rapid review)"
    )
    rapid_review: RapidReview | None = None
    references: list[ReferenceItem] = Field(
        default_factory=new_list, description="Text, or {text, url}"
    )
    glossary: dict[str, str] = Field(
        default_factory=new_dict, description="Case-specific abbreviations: ABBR: expansion"
    )
    vocabulary: dict[Literal["agency_types", "event_types"], list[Annotated[str, IDENTIFIER]]] = (
        Field(default_factory=new_dict, description="Extra agency and event types this case uses")
    )
    imports: Annotated[list[ImportRecord], dropped("import records")] = Field(
        default_factory=new_list,
        description="Agency returns imported into the events (kept by `reviewkit import`)",
    )
    anonymise: Anonymise | None = Field(
        default=None, description="Names of places and professionals, and anonymisation options"
    )
    action_rules: ActionRules | None = Field(
        default=None, description="How actions' RAG ratings are worked out (default rules if none)"
    )
    briefing: Briefing | None = Field(
        default=None, description="What the author writes for the 7-minute briefing"
    )
    strands: list[Strand] = Field(
        default_factory=new_list,
        description="National and thematic reviews: one strand per child or family",
    )
    previous_reviews: list[PreviousReview] = Field(
        default_factory=new_list, description="Earlier reviews this one compares itself with"
    )
    key_messages: Points = Field(
        default_factory=new_list, description="Key messages for all partnerships (national review)"
    )

    # --- look-ups used everywhere -------------------------------------------------------

    def person(self, pid: str) -> Person | None:
        """The person with this id, if any."""
        return next((p for p in self.people if p.id == pid), None)

    def agency(self, aid: str) -> Agency | None:
        """The agency with this id, if any."""
        return next((a for a in self.agencies if a.id == aid), None)

    def episode(self, eid: str) -> Episode | None:
        """The key practice episode with this id, if any."""
        return next((e for e in self.episodes if e.id == eid), None)

    def strand(self, sid: str) -> StrandView | None:
        """The strand with this id and its own entries (its people, events ...), if any."""
        found = next((s for s in self.strands if s.id == sid), None)
        if found is None:
            return None
        return StrandView(
            found,
            *(
                [item for item in getattr(self, name) if item.strand == sid]
                for name in STRAND_SECTIONS
            ),
        )

    # --- how things are named in reports and messages -----------------------------------

    def agency_name(self, aid: str) -> str:
        """The agency's full name; the id itself when the case has no such agency."""
        agency = self.agency(aid)
        return agency.name if agency else aid

    def agency_short(self, aid: str) -> str:
        """The agency's abbreviation, else its name; the id itself when there is no such agency."""
        agency = self.agency(aid)
        return (agency.abbreviation or agency.name) if agency else aid

    def episode_number(self, episode: Episode) -> str:
        """The episode's number as printed: its own, else its position (from 1)."""
        if episode.number:
            return episode.number
        # By identity first: two episodes may hold equal values while the author fills them in.
        # A strand's episodes are numbered within the strand (each child's KPE 1, 2 ...).
        same = [e for e in self.episodes if e.strand == episode.strand]
        position = next((i for i, e in enumerate(same) if e is episode), None)
        return str((same.index(episode) if position is None else position) + 1)

    def episode_label(self, episode: Episode | str, *, title: bool = False) -> str:
        """'KPE 3', or with `title` 'KPE 3: The response'; '' for an id the case lacks."""
        found = self.episode(episode) if isinstance(episode, str) else episode
        if found is None:
            return ""
        label = f"KPE {self.episode_number(found)}"
        return f"{label}: {found.title}" if title else label

    def recommendation_number(self, rec: Recommendation) -> int:
        """The recommendation's number as printed: its own, else its place in reading order.

        A report meets the recommendations under the themes they come from, in the themes'
        order, and then any linked to no theme; numbering them in that order means the
        first one a reader meets is 1 and every later mention and the table agree.
        """
        if rec.number:
            return rec.number
        # A strand's local recommendations are numbered within the strand (the review's own
        # among the review's own), each list in reading order.
        same = [r for r in self.recommendations_in_reading_order() if r.strand == rec.strand]
        position = next((i for i, r in enumerate(same) if r is rec), None)
        return (same.index(rec) if position is None else position) + 1

    def recommendations_in_reading_order(self) -> list[Recommendation]:
        """The recommendations in the order a reader first meets them (by theme, then the rest)."""
        themes = {theme.id: i for i, theme in enumerate(self.themes)}

        def first_mention(item: tuple[int, Recommendation]) -> tuple[int, int]:
            position, rec = item
            found = [themes[t] for t in rec.themes if t in themes]
            return (min(found) if found else len(themes), position)

        ranked = sorted(enumerate(self.recommendations), key=first_mention)
        return [rec for _, rec in ranked]

    @property
    def subjects(self) -> list[Person]:
        """The children the review is about (every child, if none is marked as subject)."""
        marked = [p for p in self.people if p.subject]
        return marked or [p for p in self.people if p.role == "child"]

    def sorted_events(self) -> list[Event]:
        """Events in chronological order: date, then time, then same-day sequence."""
        return sorted(self.events, key=event_sort_key)


def time_key(time: str | None) -> str:
    """A time as zero-padded HH:MM for sorting ("9.05" -> "09:05"); untimed events sort last."""
    if not time:
        return "99:99"
    hours, _, minutes = time.replace(".", ":").partition(":")
    return f"{int(hours):02d}:{minutes}"


def event_sort_key(event: Event) -> tuple[tuple[Any, ...], str, int]:
    """The one chronological order of events: date (by the middle of its span), time, seq."""
    return (event.date.sort_key, time_key(event.time), event.seq if event.seq is not None else 0)


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of a case file, for editors' YAML language servers."""
    schema = Case.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "reviewkit case file"
    return schema


# --- reading the metadata ----------------------------------------------------------------


def analysis_fields(model: type[BaseModel]) -> tuple[AnalysisField, ...]:
    """The analysis fields of Episode, Theme or Case, in the model's order, with their names."""
    return tuple(
        dataclasses.replace(meta, name=name)
        for name, info in model.model_fields.items()
        for meta in info.metadata
        if isinstance(meta, AnalysisField)
    )


FieldPath = tuple[str, ...]  # case-file keys from the top; "*" for any list item or mapping key


@dataclass(frozen=True)
class FieldPaths:
    """Where each kind of structured field sits in a case file, derived from the model."""

    dates: frozenset[FieldPath]
    identifiers: frozenset[FieldPath]
    dropped: dict[FieldPath, str]  # path -> what the removed value is called


def field_paths(model: type[BaseModel] = Case) -> FieldPaths:
    """Every date, identifier and dropped field of a model, as paths of case-file keys."""
    dates: set[FieldPath] = set()
    identifiers: set[FieldPath] = set()
    dropped_: dict[FieldPath, str] = {}
    for path, annotation, metadata in _walk(model, ()):
        for meta in metadata:
            if isinstance(meta, AnonymiseAs) and meta.kind == "dropped":
                dropped_[path] = meta.what
            elif meta is IDENTIFIER:
                identifiers.add(path)
        if annotation is FuzzyDate:
            dates.add(path)
    return FieldPaths(frozenset(dates), frozenset(identifiers), dropped_)


def _walk(model: type[BaseModel], path: FieldPath) -> Iterator[tuple[FieldPath, Any, list[Any]]]:
    """(path, innermost type, metadata) for every field and list item below `model`."""
    for name, info in model.model_fields.items():
        yield from _walk_type((*path, info.alias or name), info.annotation, list(info.metadata))


def _walk_type(
    path: FieldPath, annotation: Any, metadata: list[Any]
) -> Iterator[tuple[FieldPath, Any, list[Any]]]:
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        inner, *extra = typing.get_args(annotation)
        yield from _walk_type(path, inner, [*metadata, *extra])
        return
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                yield from _walk_type(path, arg, metadata)
        return
    yield path, annotation, metadata
    if origin is list:
        yield from _walk_type((*path, "*"), typing.get_args(annotation)[0], [])
    elif origin is dict:
        yield from _walk_type((*path, "*"), typing.get_args(annotation)[1], [])
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _walk(annotation, path)
