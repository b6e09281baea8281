"""The question set `reviewkit author` asks: data in templates/questions.yaml, checked here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NoReturn

from reviewkit.errors import InputFileError
from reviewkit.model import Case, Episode, Theme, analysis_fields
from reviewkit.yamlio import YamlDocument, load_yaml

SectionKind = Literal["episode", "theme", "conclusions", "recommendations"]
SECTION_KINDS: tuple[SectionKind, ...] = ("episode", "theme", "conclusions", "recommendations")

# The case-file keys each kind of section can fill, in the model's order (new keys are
# written in this order so the file reads like the starter case).
FIELDS: dict[SectionKind, tuple[str, ...]] = {
    "episode": tuple(f.name for f in analysis_fields(Episode)),
    "theme": tuple(f.name for f in analysis_fields(Theme)),
    "conclusions": tuple(f.name for f in analysis_fields(Case)),
    "recommendations": (),
}

RECOMMENDATION: Literal["recommendation"] = "recommendation"
_KINDS = ("text", RECOMMENDATION)


@dataclass(frozen=True)
class Question:
    """One question: the case-file field it fills (text), or a recommendation question."""

    id: str  # the field for text questions; "recommendation" for the other kind
    kind: Literal["text", "recommendation"]
    prompt: str
    help: str = ""
    addressee_prompt: str = "To whom? Who should act?"

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
    "episode": "Key practice episode",
    "theme": "Theme",
    "conclusions": "Conclusions",
    "recommendations": "Recommendations",
}


def default_questions_path() -> Path:
    """The built-in question set shipped with the templates."""
    from reviewkit.templates import builtin_dir

    return builtin_dir() / "questions.yaml"


def load_questions(path: Path | None = None) -> QuestionSet:
    """Read and check a question set; every mistake is reported as FILE:LINE:COL."""
    source = Path(path) if path is not None else default_questions_path()
    doc = load_yaml(source, what="question set")
    return _QuestionReader(doc, source).read()


class _QuestionReader:
    def __init__(self, doc: YamlDocument, source: Path) -> None:
        self.doc = doc
        self.source = source

    def fail(self, path: tuple[str | int, ...], message: str, *, key: bool = False) -> NoReturn:
        line, column = self.doc.positions.of(path, key=key)
        raise InputFileError(f"{self.source}:{line}:{column}: {message}")

    def read(self) -> QuestionSet:
        data = self.doc.data
        if not isinstance(data, dict):
            self.fail((), "a question set is a mapping: episode:, theme:, conclusions:, ...")
        sections: dict[SectionKind, SectionQuestions] = {}
        for key, value in data.items():
            if key == "version":
                if value != 1:
                    self.fail(("version",), f"version {value!r} is not supported; use version: 1")
                continue
            kind = next((k for k in SECTION_KINDS if k == key), None)
            if kind is None:
                from reviewkit.validate import did_you_mean

                hint = did_you_mean(str(key), [*SECTION_KINDS, "version"])
                self.fail(
                    (key,),
                    f"unknown section kind '{key}'{hint}; use episode, theme, conclusions "
                    "or recommendations",
                    key=True,
                )
            sections[kind] = self.section(kind, value)
        return QuestionSet(self.source, sections)

    def section(self, kind: SectionKind, value: Any) -> SectionQuestions:
        path: tuple[str | int, ...] = (kind,)
        if not isinstance(value, dict):
            self.fail(path, f"'{kind}' needs 'questions:' (a list)")
        for key in value:
            if key not in ("label", "questions"):
                self.fail((*path, key), f"unknown key '{key}'; use label or questions", key=True)
        label = value.get("label") or _DEFAULT_LABELS[kind]
        if not isinstance(label, str):
            self.fail((*path, "label"), "the label is text")
        raw = value.get("questions")
        if not isinstance(raw, list):
            self.fail((*path, "questions"), "expected a list of questions (lines starting '- ')")
        questions: list[Question] = []
        for i, item in enumerate(raw):
            question = self.question(kind, (*path, "questions", i), item)
            if any(q.id == question.id for q in questions):
                what = "recommendation question" if question.optional else f"field '{question.id}'"
                self.fail((*path, "questions", i), f"the {what} is asked twice in '{kind}'")
            questions.append(question)
        return SectionQuestions(kind, str(label), tuple(questions))

    def question(self, kind: SectionKind, path: tuple[str | int, ...], item: Any) -> Question:
        if not isinstance(item, dict):
            self.fail(path, "a question is a mapping with field, prompt and help")
        allowed = ("field", "kind", "prompt", "help", "addressee_prompt")
        for key in item:
            if key not in allowed:
                from reviewkit.validate import did_you_mean

                hint = did_you_mean(str(key), allowed)
                self.fail((*path, key), f"unknown key '{key}'{hint}", key=True)
        qkind = item.get("kind", "text")
        if qkind not in _KINDS:
            self.fail((*path, "kind"), f"kind '{qkind}' is not known; use text or recommendation")
        prompt = item.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            self.fail(path, "a question needs 'prompt': the question, as text")
        help_text = item.get("help") or ""
        if not isinstance(help_text, str):
            self.fail((*path, "help"), "help is text")
        addressee = item.get("addressee_prompt") or "To whom? Who should act?"
        if not isinstance(addressee, str):
            self.fail((*path, "addressee_prompt"), "addressee_prompt is text")
        if qkind == RECOMMENDATION:
            if "field" in item:
                self.fail((*path, "field"), "a recommendation question has no field", key=True)
            if kind == "conclusions":
                self.fail((*path, "kind"), "recommendation questions belong to other sections")
            return Question(
                RECOMMENDATION, RECOMMENDATION, prompt.strip(), help_text.strip(), addressee.strip()
            )
        name = item.get("field")
        allowed_fields = FIELDS[kind]
        if not isinstance(name, str) or name not in allowed_fields:
            from reviewkit.validate import did_you_mean

            choices = ", ".join(allowed_fields) or "none (use kind: recommendation)"
            hint = did_you_mean(str(name), allowed_fields) if name is not None else ""
            where = (*path, "field") if name is not None else path
            got = f"'{name}' is not a field of {kind}" if name is not None else "'field' is missing"
            self.fail(where, f"{got}{hint}; choose from {choices}")
        return Question(name, "text", prompt.strip(), help_text.strip())
