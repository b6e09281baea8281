"""The question set `reviewkit author` asks: data in templates/questions.yaml, checked here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reviewkit.authoring.rapid_fields import rapid_fields
from reviewkit.casefile import YamlDocument, load_yaml
from reviewkit.casefile.modelcheck import located, read_model
from reviewkit.errors import CaseInvalidError, Problem
from reviewkit.model import Case, Episode, NarrativePeriod, Strand, Theme, analysis_fields
from reviewkit.wording import did_you_mean

SectionKind = Literal[
    "period", "episode", "strand", "theme", "conclusions", "recommendations", "rapid-review"
]
SECTION_KINDS: tuple[SectionKind, ...] = (
    "period",
    "episode",
    "strand",
    "theme",
    "conclusions",
    "recommendations",
    "rapid-review",  # walked only when asked for: `reviewkit author --only rapid-review`
)

# A theme's comparison with the area's earlier reviews (a thematic review): asked only of a
# case that records previous reviews, since a single-case review has nothing to compare with.
COMPARISON_FIELDS = ("changed", "persists")
# A strand's local context is a list of titled parts; each question fills the part it names.
LOCAL_CONTEXT = "local_context"


def _strand_fields() -> tuple[str, ...]:
    """A strand's analysis fields and its local context, in the model's order."""
    written = {f.name for f in analysis_fields(Strand)} | {LOCAL_CONTEXT}
    return tuple(name for name in Strand.model_fields if name in written)


# The case-file keys each kind of section can fill, in the model's order (new keys are
# written in this order so the file reads like the starter case).
FIELDS: dict[SectionKind, tuple[str, ...]] = {
    "period": tuple(f.name for f in analysis_fields(NarrativePeriod)),
    "episode": tuple(f.name for f in analysis_fields(Episode)),
    "theme": tuple(f.name for f in analysis_fields(Theme)),
    "strand": _strand_fields(),
    "conclusions": tuple(f.name for f in analysis_fields(Case)),
    "recommendations": (),
    "rapid-review": tuple(rapid_fields()),
}


def allowed_fields(kind: SectionKind) -> tuple[str, ...]:
    """The keys a question may fill: the section's analysis, and a theme's comparison too."""
    return (*FIELDS[kind], *COMPARISON_FIELDS) if kind == "theme" else FIELDS[kind]


RECOMMENDATION: Literal["recommendation"] = "recommendation"
_ADDRESSEE_PROMPT = "To whom? Who should act?"


@dataclass(frozen=True)
class Question:
    """One question: the case-file field it fills (text), or a recommendation question."""

    id: str  # the field for text questions; "recommendation" for the other kind
    kind: Literal["text", "recommendation"]
    prompt: str
    help: str = ""
    addressee_prompt: str = _ADDRESSEE_PROMPT
    part: str = ""  # the local context part a local_context question fills

    @property
    def field(self) -> str:
        """The case-file key the answer is written to ('local_context' for a part)."""
        return LOCAL_CONTEXT if self.part else self.id

    @property
    def optional(self) -> bool:
        """Optional questions are not counted as unanswered (a recommendation may not follow)."""
        return self.kind == RECOMMENDATION


@dataclass(frozen=True)
class SectionQuestions:
    """The questions for one kind of section."""

    kind: SectionKind
    label: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class QuestionSet:
    """Every kind of section's questions, and where they were read from."""

    source: Path
    sections: dict[SectionKind, SectionQuestions] = field(default_factory=dict)

    def for_kind(self, kind: SectionKind) -> SectionQuestions:
        """The questions of one kind of section (an empty set when the file has none)."""
        default = SectionQuestions(kind, _DEFAULT_LABELS[kind], ())
        return self.sections.get(kind, default)


_DEFAULT_LABELS: dict[SectionKind, str] = {
    "period": "Narrative",
    "episode": "Key practice episode",
    "strand": "Child",
    "theme": "Theme",
    "conclusions": "Conclusions",
    "recommendations": "Recommendations",
    "rapid-review": "Rapid review",
}


def default_questions_path() -> Path:
    """The built-in question set shipped with the templates."""
    from reviewkit.templates import builtin_dir

    return builtin_dir() / "questions.yaml"


def load_questions(path: Path | None = None) -> QuestionSet:
    """Read and check a question set; every mistake is reported as FILE:LINE:COL: path."""
    source = Path(path) if path is not None else default_questions_path()
    doc = load_yaml(source, what="question set")
    found = read_model(doc, QuestionSetFile, what="question set")
    problems: list[Problem] = []
    sections: dict[SectionKind, SectionQuestions] = {}
    for kind in SECTION_KINDS:
        entry = getattr(found, kind.replace("-", "_"))
        if entry is not None:
            sections[kind] = _section(doc, kind, entry, problems)
    if problems:
        raise CaseInvalidError(problems)
    return QuestionSet(source, sections)


# --- the file's shape: checked by check_model, like the case file -------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class QuestionEntry(_Strict):
    """One question as written in a question set."""

    field_name: str | None = Field(default=None, alias="field")
    kind: Literal["text", "recommendation"] = "text"
    prompt: str = Field(min_length=1)
    help: str | None = None
    addressee_prompt: str | None = None
    title: str | None = Field(
        default=None, description="For field: local_context, the part: 'Inspection findings'"
    )


class SectionEntry(_Strict):
    """One kind of section's label and questions, as written in a question set."""

    label: str | None = None
    questions: list[QuestionEntry]


class QuestionSetFile(_Strict):
    """A question set file: a version and the questions of each kind of section."""

    version: int = 1
    period: SectionEntry | None = None
    episode: SectionEntry | None = None
    strand: SectionEntry | None = None
    theme: SectionEntry | None = None
    conclusions: SectionEntry | None = None
    recommendations: SectionEntry | None = None
    rapid_review: SectionEntry | None = Field(default=None, alias="rapid-review")

    @field_validator("version")
    @classmethod
    def _supported(cls, value: int) -> int:
        if value != 1:
            raise ValueError(f"version {value} is not supported; use version: 1")
        return value


def _section(
    doc: YamlDocument, kind: SectionKind, entry: SectionEntry, problems: list[Problem]
) -> SectionQuestions:
    """The questions of one kind of section, with what the model alone cannot check."""
    questions: list[Question] = []
    for i, item in enumerate(entry.questions):
        path: tuple[str | int, ...] = (kind, "questions", i)
        if item.kind == RECOMMENDATION:
            if item.field_name is not None:
                message = "a recommendation question has no field"
                problems.append(located(doc, (*path, "field"), message, key=True))
            elif kind in ("conclusions", "rapid-review", "period"):
                message = "recommendation questions belong to other sections"
                problems.append(located(doc, (*path, "kind"), message))
            question = Question(
                RECOMMENDATION,
                RECOMMENDATION,
                item.prompt,
                item.help or "",
                item.addressee_prompt or _ADDRESSEE_PROMPT,
            )
        else:
            name = item.field_name
            allowed = allowed_fields(kind)
            if name is None or name not in allowed:
                choices = ", ".join(allowed) or "none (use kind: recommendation)"
                if name is None:
                    problems.append(
                        located(doc, path, f"'field' is missing; choose from {choices}")
                    )
                else:
                    hint = did_you_mean(name, allowed)
                    message = f"'{name}' is not a field of {kind}{hint}; choose from {choices}"
                    problems.append(located(doc, (*path, "field"), message))
                continue
            if name == LOCAL_CONTEXT:
                if not item.title:
                    message = "a local_context question needs the part's title (title: ...)"
                    problems.append(located(doc, path, message))
                    continue
                title = " ".join(item.title.split())
                question = Question(
                    f"{LOCAL_CONTEXT}:{title}", "text", item.prompt, item.help or "", part=title
                )
            else:
                if item.title is not None:
                    message = "only a local_context question has a title"
                    problems.append(located(doc, (*path, "title"), message, key=True))
                question = Question(name, "text", item.prompt, item.help or "")
        if any(q.id == question.id for q in questions):
            what = "recommendation question" if question.optional else f"field '{question.id}'"
            problems.append(located(doc, path, f"the {what} is asked twice in '{kind}'"))
        questions.append(question)
    return SectionQuestions(kind, entry.label or _DEFAULT_LABELS[kind], tuple(questions))
