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

Every entry is checked before anything is saved, and each answer is then saved on its own,
exactly as if it had been typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field

from reviewkit.authoring.evidence import Evidence
from reviewkit.authoring.questions import RECOMMENDATION
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
from reviewkit.casefile import Path_, YamlDocument, load_yaml
from reviewkit.casefile.modelcheck import located, validate_model
from reviewkit.errors import CaseChangedError, CaseInvalidError, ReviewkitError, UsageError
from reviewkit.wording import did_you_mean


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

    def __len__(self) -> int:
        return len(self.texts) + sum(len(v) for v in self.recommendations.values())


def load_answers(path: Path, session: Session) -> AnswerPlan:
    """Read and check an answers file against the session's sections and questions."""
    doc = load_yaml(Path(path), what="answers file")
    return _AnswersReader(doc, session).read()


class _AnswersReader:
    def __init__(self, doc: YamlDocument, session: Session) -> None:
        self.doc = doc
        self.session = session
        self.plan = AnswerPlan()
        self.in_session = {step.key for step in session.steps}

    def fail(self, path: Path_, message: str, *, key: bool = False) -> NoReturn:
        raise CaseInvalidError([located(self.doc, path, message, key=key)])

    def read(self) -> AnswerPlan:
        data = self.doc.data
        if data is None:
            return self.plan
        if not isinstance(data, dict):
            self.fail((), "an answers file maps section ids to answers (kpe-1: {known: ...})")
        for name, value in data.items():
            if name == "recommendations":
                self.recommendations((name,), value, self.section(name), own_theme=False)
            elif name == "conclusions":
                section = self.section(name)
                if isinstance(value, dict):
                    self.fields((name,), section, value)
                else:
                    self.text((name,), section, "conclusions", value)
            else:
                section = self.section(str(name))
                if not isinstance(value, dict):
                    self.fail(
                        (name,), f"'{name}' needs a mapping of field: answer (e.g. known: ...)"
                    )
                self.fields((name,), section, value)
        return self.plan

    def section(self, name: str) -> Section:
        try:
            found = self.session.resolve(name)
        except UsageError as err:
            self.fail((name,), err.message, key=True)
        if len(found) != 1:
            self.fail((name,), f"'{name}' names several sections; use one id", key=True)
        return found[0]

    def fields(self, path: Path_, section: Section, value: dict[str, Any]) -> None:
        questions = self.session.questions.for_kind(section.kind).questions
        ids = [q.id for q in questions]
        for name, answer in value.items():
            where = (*path, name)
            if name not in ids:
                hint = did_you_mean(str(name), ids)
                self.fail(
                    where,
                    f"'{name}' is not a question for {section.heading}{hint}; use {', '.join(ids)}",
                    key=True,
                )
            if name == RECOMMENDATION:
                self.recommendations(where, answer, section, own_theme=True)
            else:
                self.text(where, section, str(name), answer)

    def check_in_session(self, path: Path_, section: Section, question: str) -> None:
        if (section.kind, section.id, question) not in self.in_session:
            scope = f" (--only {self.session.only})" if self.session.only else ""
            self.fail(path, f"{section.heading} is not part of this session{scope}", key=True)

    def text(self, path: Path_, section: Section, question: str, value: Any) -> None:
        self.check_in_session(path, section, question)
        if not isinstance(value, str) or not value.strip():
            self.fail(path, "expected the answer as text (use | for several lines)")
        self.plan.texts[(section.kind, section.id, question)] = value

    def recommendations(
        self, path: Path_, value: Any, section: Section, *, own_theme: bool
    ) -> None:
        self.check_in_session(path, section, RECOMMENDATION)
        items = value if isinstance(value, list) else [value]
        found = []
        for i, item in enumerate(items):
            where = (*path, i) if isinstance(value, list) else path
            entry, problems = validate_model(self.doc, RecommendationEntry, at=where, value=item)
            if entry is None:
                raise CaseInvalidError(problems)
            for name in ("text", "addressee"):
                if not getattr(entry, name).strip():
                    self.fail((*where, name), "must not be empty")
            if entry.themes is not None:
                known = [t.id for t in self.session.store.case.themes]
                for j, theme in enumerate(entry.themes):
                    if theme not in known:
                        hint = did_you_mean(theme, known)
                        self.fail((*where, "themes", j), f"unknown theme '{theme}'{hint}")
            chosen = tuple(entry.themes) if entry.themes is not None else None
            if chosen is None and not own_theme:
                chosen = ()
            found.append(RecommendationAnswer(entry.text, entry.addressee, chosen))
        key = (section.kind, section.id, RECOMMENDATION)
        self.plan.recommendations.setdefault(key, []).extend(found)


class AnswersFileSource:
    """An answer source that replies from an `AnswerPlan` and skips everything else."""

    def __init__(self, plan: AnswerPlan, report: Callable[[str], None]) -> None:
        self.plan = plan
        self.report = report
        self.saved = 0
        self.unchanged = 0

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
        else:
            self.saved += 1
            self.report(f"{where}: {'recommendation added' if outcome == 'added' else 'saved'}")

    def show_empty(self, items: list[EmptyItem]) -> None:
        """Never asked for."""

    def tell(self, message: str) -> None:
        """A rejected answer stops the run: a file of answers cannot be asked again."""
        raise ReviewkitError(message)

    def resolve_conflict(self, error: CaseChangedError, unsaved: str) -> bool:
        """Never overwrite an edit made elsewhere: stop with the error."""
        raise error
