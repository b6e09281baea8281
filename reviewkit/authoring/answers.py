"""Answers from a file (`reviewkit author CASE --answers FILE.yaml`): no terminal needed.

The file maps a section to its answers, field by field:

    kpe-1:
      known: |
        What was known ...
    fathers:                      # a theme
      analysis: ...
      recommendation:             # one, or a list; linked to the theme
        text: The Safeguarding Partnership should ...
        addressee: The Safeguarding Partnership
    conclusions: |
      ...
    recommendations:              # recommendations not tied to one theme
      - text: ...
        addressee: ...
        themes: [fathers]

Every entry is checked before anything is saved, and every problem is reported at once,
located. An answer that would change text already written in the case file is refused unless
the author says `--replace`: an answers file never silently overwrites an author's words.
Each answer is then saved on its own, exactly as if it had been typed.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from reviewkit.authoring.evidence import Evidence
from reviewkit.authoring.questions import COMPARISON_FIELDS, LOCAL_CONTEXT, RECOMMENDATION
from reviewkit.authoring.session import (
    AddRecommendation,
    Answer,
    EmptyItem,
    Keep,
    Progress,
    Reply,
    Section,
    Session,
    Skip,
    Step,
    View,
)
from reviewkit.authoring.targets import normalise
from reviewkit.authoring.targets import value as value_of
from reviewkit.casefile import Path_, YamlDocument, load_yaml
from reviewkit.casefile.modelcheck import located, validate_model
from reviewkit.errors import (
    CaseChangedError,
    CaseInvalidError,
    Problem,
    ReviewkitError,
    UsageError,
    WouldReplaceError,
)
from reviewkit.wording import did_you_mean, plural, shorten


class RecommendationEntry(BaseModel):
    """A recommendation as the answers file writes it."""

    model_config = ConfigDict(extra="forbid")

    text: str
    addressee: str = Field(description="Who should act")
    themes: list[str] | None = None


@dataclass(frozen=True)
class RecommendationAnswer:
    """A recommendation from the answers file."""

    text: str
    addressee: str
    themes: tuple[str, ...] | None


@dataclass
class AnswerPlan:
    """Everything the answers file asks for, keyed by (section kind, section id, question)."""

    texts: dict[tuple[str, str, str], str] = field(default_factory=dict)
    recommendations: dict[tuple[str, str, str], list[RecommendationAnswer]] = field(
        default_factory=dict
    )
    replacements: list[Replacement] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts) + sum(len(v) for v in self.recommendations.values())


def load_answers(path: Path, session: Session, *, replace: bool = False) -> AnswerPlan:
    """Read and check an answers file against the session's sections and questions.

    Every problem in the file is reported at once (CaseInvalidError). Unless `replace` is
    given, an answer that would change text already written in the case file is refused
    (WouldReplaceError, listing each with a short diff): nothing is written either way.
    """
    doc = load_yaml(Path(path), what="answers file")
    reader = _AnswersReader(doc, session)
    plan = reader.read()
    if reader.problems:
        raise CaseInvalidError(sorted(reader.problems, key=lambda p: (p.line, p.column)))
    if plan.replacements and not replace:
        raise WouldReplaceError(
            [(str(r.where), r.diff()) for r in plan.replacements], session.store.path
        )
    return plan


@dataclass(frozen=True)
class Replacement:
    """An answer that would change text already written in the case file."""

    key: tuple[str, str, str]  # the step it answers: (section kind, section id, question)
    where: Problem  # located in the answers file; its message says what would be replaced
    old: str
    new: str

    def diff(self, *, limit: int = 8, width: int = 100) -> list[str]:
        """The change as '- old line' / '+ new line', at most `limit` lines."""
        changed = [
            line
            for line in difflib.unified_diff(
                normalise(self.old).splitlines(), normalise(self.new).splitlines(), n=0
            )
            if not line.startswith(("---", "+++", "@@"))
        ]
        shown = [shorten(f"{line[0]} {line[1:]}".rstrip(), width) for line in changed[:limit]]
        if len(changed) > limit:
            shown.append(f"\u2026 {plural(len(changed) - limit, 'more changed line')}")
        return shown


class _AnswersReader:
    """Reads an answers file into a plan, collecting every problem rather than the first."""

    def __init__(self, doc: YamlDocument, session: Session) -> None:
        self.doc = doc
        self.session = session
        self.plan = AnswerPlan()
        self.problems: list[Problem] = []
        self.steps = {step.key: step for step in session.steps}
        self.seen: dict[tuple[str, str, str], Path_] = {}

    def problem(self, path: Path_, message: str, *, key: bool = False) -> None:
        self.problems.append(located(self.doc, path, message, key=key))

    def read(self) -> AnswerPlan:
        data = self.doc.data
        if data is None:
            return self.plan
        if not isinstance(data, dict):
            self.problem((), "an answers file maps section ids to answers (kpe-1: {known: ...})")
            return self.plan
        for name, value in data.items():
            section = self.section(str(name))
            if section is None:
                continue
            if name == "recommendations":
                self.recommendations((name,), value, section, own_theme=False)
            elif name == "conclusions" and not isinstance(value, dict):
                self.text((name,), section, "conclusions", value)
            elif isinstance(value, dict):
                self.fields((name,), section, value)
            else:
                self.problem(
                    (name,), f"'{name}' needs a mapping of field: answer (e.g. known: ...)"
                )
        return self.plan

    def section(self, name: str) -> Section | None:
        try:
            found = self.session.resolve(name)
        except UsageError as err:
            self.problem((name,), err.message, key=True)
            return None
        if len(found) != 1:
            self.problem((name,), f"'{name}' names several sections; use one id", key=True)
            return None
        return found[0]

    def fields(self, path: Path_, section: Section, value: dict[str, Any]) -> None:
        questions = self.session.questions.for_kind(section.kind).questions
        ids = [q.id for q in questions]
        parts = {q.part.casefold(): q.id for q in questions if q.part}
        for name, answer in value.items():
            where = (*path, name)
            if name == LOCAL_CONTEXT and parts and isinstance(answer, dict):
                # A strand's local context, part by part: {Inspection findings: ...}
                for title, text in answer.items():
                    question = parts.get(" ".join(str(title).split()).casefold())
                    if question is None:
                        titles = ", ".join(q.part for q in questions if q.part)
                        hint = did_you_mean(str(title), [q.part for q in questions if q.part])
                        self.problem(
                            (*where, title),
                            f"'{title}' is not a part of the local context asked for{hint}; "
                            f"use {titles}",
                            key=True,
                        )
                    else:
                        self.text((*where, title), section, question, text)
                continue
            if name not in ids:
                hint = did_you_mean(str(name), ids)
                self.problem(
                    where,
                    f"'{name}' is not a question for {section.heading}{hint}; use {', '.join(ids)}",
                    key=True,
                )
            elif name == RECOMMENDATION:
                self.recommendations(where, answer, section, own_theme=True)
            else:
                self.text(where, section, str(name), answer)

    def step(self, path: Path_, section: Section, question: str) -> Step | None:
        """The session's step for this answer; a problem when it is not part of the session."""
        step = self.steps.get((section.kind, section.id, question))
        if step is None and question in COMPARISON_FIELDS:
            message = (
                f"'{question}' compares a theme with previous reviews; add previous_reviews "
                "to the case file first"
            )
            self.problem(path, message, key=True)
            return None
        if step is None:
            scope = f" (--only {self.session.only})" if self.session.only else ""
            self.problem(path, f"{section.heading} is not part of this session{scope}", key=True)
        return step

    def text(self, path: Path_, section: Section, question: str, value: Any) -> None:
        step = self.step(path, section, question)
        if step is None:
            return
        if not isinstance(value, str) or not value.strip():
            self.problem(path, "expected the answer as text (use | for several lines)")
            return
        if step.key in self.seen:
            line = self.doc.positions.of(self.seen[step.key], key=True)[0]
            self.problem(
                path,
                f"{section.heading} · {question} is answered twice (also on line {line})",
                key=True,
            )
            return
        self.seen[step.key] = path
        self.plan.texts[step.key] = value
        target = step.target
        current = value_of(self.session.store.case, target) if target is not None else None
        if current is not None and normalise(current) != normalise(value):
            where = located(
                self.doc,
                path,
                f"would replace the text already written for {section.heading} · {question}",
                key=True,
            )
            self.plan.replacements.append(Replacement(step.key, where, current, value))

    def recommendations(
        self, path: Path_, value: Any, section: Section, *, own_theme: bool
    ) -> None:
        if self.step(path, section, RECOMMENDATION) is None:
            return
        items = value if isinstance(value, list) else [value]
        found = []
        for i, item in enumerate(items):
            where = (*path, i) if isinstance(value, list) else path
            entry, problems = validate_model(self.doc, RecommendationEntry, at=where, value=item)
            if entry is None:
                self.problems.extend(problems)
                continue
            ok = True
            for name in ("text", "addressee"):
                if not getattr(entry, name).strip():
                    self.problem((*where, name), "must not be empty")
                    ok = False
            if entry.themes is not None:
                known = [t.id for t in self.session.store.case.themes]
                for j, theme in enumerate(entry.themes):
                    if theme not in known:
                        hint = did_you_mean(theme, known)
                        self.problem((*where, "themes", j), f"unknown theme '{theme}'{hint}")
                        ok = False
            if not ok:
                continue
            chosen = tuple(entry.themes) if entry.themes is not None else None
            if chosen is None and not own_theme:
                chosen = ()
            found.append(RecommendationAnswer(entry.text, entry.addressee, chosen))
        key = (section.kind, section.id, RECOMMENDATION)
        self.plan.recommendations.setdefault(key, []).extend(found)


class AnswersFileSource:
    """An answer source that replies from an `AnswerPlan` and skips everything else."""

    shows = False  # nothing is shown without a terminal

    def __init__(self, plan: AnswerPlan, report: Callable[[str], None]) -> None:
        self.plan = plan
        self.report = report
        self.saved = 0
        self.replaced = 0
        self.unchanged = 0
        self._replacing = {r.key for r in plan.replacements}

    def show_section(self, section: Section, evidence: Evidence, progress: Progress) -> None:
        """Nothing to show without a terminal."""

    def ask(self, view: View) -> Reply:
        """The planned answer for this question, if any."""
        key = view.step.key
        if view.step.question.optional:
            pending = self.plan.recommendations.get(key)
            if pending:
                rec = pending.pop(0)
                return AddRecommendation(rec.text, rec.addressee, rec.themes)
            return Keep()
        text = self.plan.texts.pop(key, None)
        return Answer(text) if text is not None else Skip()

    def confirmed(self, step: Step, outcome: Literal["saved", "unchanged", "added"]) -> None:
        """Report each answer as it is saved."""
        where = f"{step.section.heading} · {step.question.id}"
        if outcome == "unchanged":
            self.unchanged += 1
            self.report(f"{where}: unchanged")
            return
        self.saved += 1
        if outcome == "added":
            self.report(f"{where}: recommendation added")
        elif step.key in self._replacing:
            self.replaced += 1
            self.report(f"{where}: replaced the text written before")
        else:
            self.report(f"{where}: saved")

    def show_empty(self, items: list[EmptyItem]) -> None:
        """Never asked for."""

    def tell(self, message: str) -> None:
        """A rejected answer stops the run: a file of answers cannot be asked again."""
        raise ReviewkitError(message)

    def not_saved(self, step: Step, message: str, unsaved: str) -> None:
        """A failed save stops the run; the answer itself is still in the answers file."""
        raise ReviewkitError(message)

    def resolve_conflict(self, error: CaseChangedError, unsaved: str) -> bool:
        """Never overwrite an edit made elsewhere: stop with the error."""
        raise error
