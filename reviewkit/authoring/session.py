"""The authoring walk: sections, questions, navigation and progress, as a core object.

A `Session` walks every key practice episode, every theme, the conclusions and the
recommendations, asking each question of the question set. It never reads the terminal and
never writes to it: an `AnswerSource` (the terminal, an answers file, a test) is shown what
to ask and replies with what the author did: an answer, keep, skip, back, jump, list, quit.
Every confirmed answer is saved into the case file at once through the `CaseStore`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from reviewkit.authoring.evidence import (
    Evidence,
    RecommendationItem,
    for_conclusions,
    for_episode,
    for_period,
    for_rapid_review,
    for_recommendations,
    for_strand,
    for_theme,
    recommendation_items,
)
from reviewkit.authoring.questions import (
    COMPARISON_FIELDS,
    SECTION_KINDS,
    Question,
    QuestionSet,
    SectionKind,
)
from reviewkit.authoring.targets import ListName, Target, add_recommendation, set_text, value
from reviewkit.casefile import CaseStore, with_report_names
from reviewkit.errors import CaseChangedError, ChangeRejectedError, UsageError
from reviewkit.wording import a_or_an

if TYPE_CHECKING:
    from reviewkit.model import Case

_LIST_NAMES: dict[SectionKind, ListName] = {
    "period": "narrative",
    "episode": "episodes",
    "theme": "themes",
    "strand": "strands",
}
_GROUPS = {
    "narrative": "period",
    "periods": "period",
    "period": "period",
    "strands": "strand",
    "strand": "strand",
    "episodes": "episode",
    "episode": "episode",
    "themes": "theme",
    "theme": "theme",
    "conclusions": "conclusions",
    "recommendations": "recommendations",
    "rapid-review": "rapid-review",
}


@dataclass(frozen=True)
class Section:
    """One section of the walk: an episode, a theme, the conclusions or the recommendations."""

    kind: SectionKind
    id: str
    title: str
    label: str  # the kind's label from the question set, e.g. "Key practice episode"
    number: str = ""  # "KPE 2", "Theme 3"; "" for conclusions and recommendations
    ordinal: int = 1  # position among this session's sections of the same kind
    count: int = 1

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the section across reloads of the case file."""
        return (self.kind, self.id)

    @property
    def heading(self) -> str:
        """'KPE 2: The strategy discussion', or 'Conclusions'."""
        return f"{self.number}: {self.title}" if self.number else self.title

    @property
    def list_name(self) -> ListName | None:
        """'episodes' or 'themes' for list sections, else None."""
        return _LIST_NAMES.get(self.kind)


@dataclass(frozen=True)
class Step:
    """One question in one section."""

    section: Section
    question: Question

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies the step across reloads of the case file."""
        return (*self.section.key, self.question.id)

    @property
    def target(self) -> Target | None:
        """Where a text answer goes; None for a recommendation question."""
        if self.question.optional:
            return None
        if self.section.kind == "rapid-review":
            return Target(self.question.id, nested=True)
        return Target(
            self.question.field,
            self.section.list_name,
            self.section.id if self.section.list_name else None,
            part=self.question.part,
        )


@dataclass(frozen=True)
class Progress:
    """'Key practice episode 3 of 6 · 11 of 30 questions answered'."""

    label: str
    ordinal: int
    count: int
    answered: int
    total: int
    question: int  # position of the question within its section, 1-based
    questions: int  # questions in the section

    def __str__(self) -> str:
        where = f"{self.label} {self.ordinal} of {self.count}" if self.count > 1 else self.label
        return f"{where} · {self.answered} of {self.total} questions answered"


@dataclass(frozen=True)
class View:
    """What a source needs to ask one question."""

    step: Step
    current: str | None  # the text already written, offered for revision
    progress: Progress
    recommendations: list[RecommendationItem] = field(default_factory=list)
    default_themes: tuple[str, ...] = ()  # themes a new recommendation links to
    asks_themes: bool = False  # ask which themes a new recommendation follows from
    theme_ids: tuple[str, ...] = ()  # every theme id, for that question


@dataclass(frozen=True)
class EmptyItem:
    """A section with questions still unanswered (for `:l`)."""

    section: Section
    questions: tuple[Question, ...]


# --- replies --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keep:
    """Keep the current text (Enter) and move on."""


@dataclass(frozen=True)
class Skip:
    """Leave this question as it is and move on."""


@dataclass(frozen=True)
class Answer:
    """A confirmed answer: saved at once."""

    text: str


@dataclass(frozen=True)
class AddRecommendation:
    """A recommendation to append; `themes` None means the section's own theme links."""

    text: str
    addressee: str
    themes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Back:
    """Go to the previous question."""


@dataclass(frozen=True)
class Jump:
    """Go to the first question of a section (by id, or episodes/themes/conclusions...)."""

    target: str


@dataclass(frozen=True)
class ListEmpty:
    """List the questions still unanswered."""


@dataclass(frozen=True)
class ShowEvidence:
    """Show the section's evidence again."""


@dataclass(frozen=True)
class Quit:
    """Stop here; everything confirmed is already saved."""


Reply = Keep | Skip | Answer | AddRecommendation | Back | Jump | ListEmpty | ShowEvidence | Quit


class AnswerSource(Protocol):
    """Where answers come from: the terminal, an answers file, a test."""

    # False for a source that shows the author nothing (an answers file): the session then
    # makes no evidence and no lists of recommendations for it (at 5,000 events, most of a
    # run's time: every section's timeline, with report names).
    shows: bool

    def show_section(self, section: Section, evidence: Evidence, progress: Progress) -> None:
        """A new section starts (or its evidence is asked for again)."""

    def ask(self, view: View) -> Reply:
        """Ask one question; return what the author did."""

    def confirmed(self, step: Step, outcome: Literal["saved", "unchanged", "added"]) -> None:
        """An answer was saved (or was the same as before)."""

    def show_empty(self, items: list[EmptyItem]) -> None:
        """Show the questions still unanswered."""

    def tell(self, message: str) -> None:
        """Tell the author something (a navigation note, a rejected answer)."""

    def not_saved(self, step: Step, message: str, unsaved: str) -> None:
        """An answer could not be saved (say why); show it again so it can be copied."""

    def resolve_conflict(self, error: CaseChangedError, unsaved: str) -> bool:
        """The file changed on disk: True to reload and continue, False to quit."""


@dataclass
class Outcome:
    """How a session ended."""

    quit: bool
    saved: int
    answered: int
    total: int
    empty: list[EmptyItem]


# --- the session ----------------------------------------------------------------------------


class Session:
    """A walk through a case's sections and questions, saving each answer as it comes."""

    def __init__(self, store: CaseStore, questions: QuestionSet, only: str | None = None) -> None:
        self.store = store
        self.questions = questions
        self.only = only
        self.steps: list[Step] = []
        self.position = 0
        self._shown_for: Case | None = None
        self._shown_case: Case | None = None
        self._build()

    def shown(self) -> Case:
        """The case as the author's screens show it: report names where real names are typed.

        Only what is shown; answers are saved into the file's own text by the store.
        """
        case = self.store.case
        if self._shown_for is not case or self._shown_case is None:
            self._shown_case = with_report_names(case)[0]
            self._shown_for = case
        return self._shown_case

    # --- the walk -----------------------------------------------------------------------

    def sections(self) -> list[Section]:
        """Every section of the case that has questions, in walking order (ignoring --only)."""
        case = self.shown()
        found: list[Section] = []
        for kind in SECTION_KINDS:
            spec = self.questions.for_kind(kind)
            if not spec.questions:
                continue
            if kind == "period":
                for i, period in enumerate(case.narrative, start=1):
                    title = period.title
                    found.append(Section(kind, period.id, title, spec.label, f"Period {i}"))
            elif kind == "episode":
                for ep in case.episodes:
                    number = case.episode_label(ep)
                    strand = case.strand(ep.strand) if ep.strand else None
                    if strand is not None:  # each child's KPEs are numbered from 1
                        number = f"{strand.strand.title}, {number}"
                    found.append(Section(kind, ep.id, ep.title, spec.label, number))
            elif kind == "strand":
                # A national or thematic review: each child's story, local context, conclusions.
                for child in case.strands:
                    found.append(Section(kind, child.id, child.title, spec.label))
            elif kind == "theme":
                for i, theme in enumerate(case.themes, start=1):
                    found.append(Section(kind, theme.id, theme.title, spec.label, f"Theme {i}"))
            else:
                found.append(Section(kind, kind, spec.label, spec.label))
        return found

    def _build(self) -> None:
        chosen = [s for s in self.sections() if s.key in self._selected()]
        counts: dict[str, int] = {}
        for section in chosen:
            counts[section.kind] = counts.get(section.kind, 0) + 1
        seen: dict[str, int] = {}
        self.steps = []
        # A theme's comparison with earlier reviews is asked only when there are some.
        compares = bool(self.store.case.previous_reviews)
        for section in chosen:
            seen[section.kind] = seen.get(section.kind, 0) + 1
            numbered = Section(
                section.kind,
                section.id,
                section.title,
                section.label,
                section.number,
                seen[section.kind],
                counts[section.kind],
            )
            for question in self.questions.for_kind(section.kind).questions:
                if question.id in COMPARISON_FIELDS and not compares:
                    continue
                self.steps.append(Step(numbered, question))

    def _selected(self) -> set[tuple[str, str]]:
        every = self.sections()
        if self.only is None:
            # The rapid review is its own walk, asked for by name: a whole walk is the
            # overview report's.
            return {s.key for s in every if s.kind != "rapid-review"}
        return {s.key for s in self.resolve(self.only, every)}

    def resolve(self, text: str, sections: list[Section] | None = None) -> list[Section]:
        """The sections a name means: episodes, strands, themes, conclusions ... or an id.

        An id that is the id of two kinds of section can be written episode:ID, strand:ID or
        theme:ID.
        """
        sections = self.sections() if sections is None else sections
        name = text.strip()
        group = _GROUPS.get(name.lower())
        if group is not None:
            return [s for s in sections if s.kind == group]
        kind, _, ident = name.partition(":") if ":" in name else ("", "", name)
        matches = [s for s in sections if s.id == ident and (not kind or s.kind == kind)]
        if len(matches) > 1:
            kinds = [s.kind for s in matches]
            what = " and ".join(a_or_an(k) for k in kinds)
            ways = " or ".join(f"{k}:{ident}" for k in kinds)
            raise UsageError(f"'{name}' is both {what}; write {ways}")
        if not matches:
            from reviewkit.wording import did_you_mean

            ids = [s.id for s in sections if s.kind in ("period", "episode", "strand", "theme")]
            groups = ["narrative", "episodes", "themes", "conclusions", "rapid-review"]
            if any(s.kind == "strand" for s in sections):
                groups.append("strands")
            hint = did_you_mean(ident, [*ids, *groups])
            choices = (
                "episodes, themes, conclusions, recommendations, rapid-review, or an episode "
                "or theme id"
            )
            if any(s.kind == "strand" for s in sections):
                choices = (
                    "episodes, strands, themes, conclusions, recommendations, rapid-review, or "
                    "an episode, strand or theme id"
                )
            raise UsageError(f"there is no section '{name}'{hint}; use {choices}")
        return matches

    def start_position(self) -> int:
        """Where a session starts: the first unanswered question, else the first question."""
        for index, step in enumerate(self.steps):
            if not step.question.optional and not self.answered(step):
                return index
        return 0

    def answered(self, step: Step) -> bool:
        """True when the question's field already holds text."""
        target = step.target
        return target is not None and value(self.store.case, target) is not None

    def progress(self, step: Step) -> Progress:
        """Progress through the walk, as of this step."""
        required = [s for s in self.steps if not s.question.optional]
        in_section = [s for s in self.steps if s.section.key == step.section.key]
        return Progress(
            step.section.label,
            step.section.ordinal,
            step.section.count,
            sum(1 for s in required if self.answered(s)),
            len(required),
            in_section.index(step) + 1,
            len(in_section),
        )

    def evidence(self, section: Section) -> Evidence:
        """What to show before a section's questions."""
        case = self.shown()
        if section.kind == "period":
            period = next(p for p in case.narrative if p.id == section.id)
            return for_period(case, period)
        if section.kind == "episode":
            episode = next(e for e in case.episodes if e.id == section.id)
            return for_episode(case, episode)
        if section.kind == "theme":
            theme = next(t for t in case.themes if t.id == section.id)
            return for_theme(case, theme)
        if section.kind == "strand":
            view = case.strand(section.id)
            assert view is not None  # sections are made from the case's strands
            return for_strand(case, view)
        if section.kind == "conclusions":
            return for_conclusions(case)
        if section.kind == "rapid-review":
            return for_rapid_review(case)
        return for_recommendations(case)

    def view(self, step: Step, *, lists: bool = True) -> View:
        """Everything needed to ask one question (without `lists`, no recommendations listed)."""
        target = step.target
        current = value(self.store.case, target) if target is not None else None
        if not step.question.optional or not lists:
            return View(step, current, self.progress(step))
        case = self.shown()
        section = step.section
        if section.kind == "theme":
            recs = recommendation_items(case, section.id)
            defaults: tuple[str, ...] = (section.id,)
        elif section.kind == "episode":
            defaults = tuple(t.id for t in case.themes if section.id in t.episodes)
            recs = [r for r in recommendation_items(case) if set(r.themes) & set(defaults)]
        else:
            recs, defaults = recommendation_items(case), ()
        return View(
            step,
            None,
            self.progress(step),
            recs,
            defaults,
            asks_themes=section.kind == "recommendations",
            theme_ids=tuple(t.id for t in case.themes),
        )

    def empty(self) -> list[EmptyItem]:
        """Sections of this session with questions still unanswered."""
        items: list[EmptyItem] = []
        for step in self.steps:
            if step.question.optional or self.answered(step):
                continue
            if items and items[-1].section.key == step.section.key:
                last = items[-1]
                items[-1] = EmptyItem(last.section, (*last.questions, step.question))
            else:
                items.append(EmptyItem(step.section, (step.question,)))
        return items

    def outcome(self, *, quit: bool) -> Outcome:
        """The summary of the session so far."""
        required = [s for s in self.steps if not s.question.optional]
        answered = sum(1 for s in required if self.answered(s))
        return Outcome(quit, self.store.saves, answered, len(required), self.empty())

    # --- running ------------------------------------------------------------------------

    def run(self, source: AnswerSource, start: int | None = None) -> Outcome:
        """Ask every question from `start` (default: the first unanswered) to the end."""
        self.position = self.start_position() if start is None else start
        shown: tuple[str, str] | None = None
        while 0 <= self.position < len(self.steps):
            step = self.steps[self.position]
            if shown != step.section.key:
                if source.shows:
                    evidence = self.evidence(step.section)
                    source.show_section(step.section, evidence, self.progress(step))
                shown = step.section.key
            reply = source.ask(self.view(step, lists=source.shows))
            if isinstance(reply, Quit):
                return self.outcome(quit=True)
            if isinstance(reply, Keep | Skip):
                self.position += 1
            elif isinstance(reply, Answer):
                result = self._save(source, step, reply)
                if result == "quit":
                    return self.outcome(quit=True)
                if result == "done":
                    self.position += 1
                elif result == "moved":
                    shown = None
            elif isinstance(reply, AddRecommendation):
                if self._save(source, step, reply) == "quit":
                    return self.outcome(quit=True)
            elif isinstance(reply, Back):
                if self.position == 0:
                    source.tell("This is the first question.")
                else:
                    self.position -= 1
            elif isinstance(reply, Jump):
                try:
                    self.position = self._jump_index(reply.target)
                    shown = None
                except UsageError as err:
                    source.tell(err.message)
            elif isinstance(reply, ListEmpty):
                source.show_empty(self.empty())
            elif isinstance(reply, ShowEvidence):
                shown = None
        return self.outcome(quit=False)

    def _jump_index(self, target: str) -> int:
        wanted = self.resolve(target)
        keys = {s.key for s in wanted}
        for index, step in enumerate(self.steps):
            if step.section.key in keys:
                return index
        scope = f" (--only {self.only})" if self.only else ""
        raise UsageError(f"'{target}' is not part of this session{scope}")

    def _save(
        self, source: AnswerSource, step: Step, reply: Answer | AddRecommendation
    ) -> Literal["done", "retry", "quit", "moved"]:
        """Save one reply; on a conflict with an edit elsewhere, let the source decide."""
        action = self._action(step, reply)
        try:
            source.confirmed(step, action())
            return "done"
        except ChangeRejectedError as err:
            source.not_saved(step, err.message, reply.text)
            return "retry"
        except CaseChangedError as err:
            unsaved = reply.text
            target = step.target
            before = value(self.store.case, target) if target is not None else None
            if not source.resolve_conflict(err, unsaved):
                return "quit"
        self.store.reload()
        self._rebuild(step)
        if self.position >= len(self.steps) or self.steps[self.position].key != step.key:
            source.tell("That question is no longer in the case file; your answer was not saved.")
            return "moved"
        if target is not None and value(self.store.case, target) != before:
            source.tell(
                "This answer was also changed in the other edit, so yours was not saved. "
                "The question is asked again with the text now in the file."
            )
            return "retry"
        try:
            source.confirmed(step, self._action(step, reply)())
        except ChangeRejectedError as err:
            source.not_saved(step, err.message, reply.text)
            return "retry"
        return "done"

    def _action(
        self, step: Step, reply: Answer | AddRecommendation
    ) -> Callable[[], Literal["saved", "unchanged", "added"]]:
        def save() -> Literal["saved", "unchanged", "added"]:
            if isinstance(reply, AddRecommendation):
                themes = reply.themes
                if themes is None:
                    themes = self.view(step).default_themes
                add_recommendation(self.store, reply.text, reply.addressee, list(themes))
                return "added"
            target = step.target
            assert target is not None
            return "saved" if set_text(self.store, target, reply.text) else "unchanged"

        return save

    def _rebuild(self, step: Step) -> None:
        """Rebuild the walk after a reload, staying on the same question if it still exists."""
        self._build()
        for index, candidate in enumerate(self.steps):
            if candidate.key == step.key:
                self.position = index
                return
        self.position = self.start_position()
