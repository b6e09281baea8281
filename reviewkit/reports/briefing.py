"""The 7-minute briefing: the review's learning for practitioners, on one or two pages.

Seven parts, as partnerships write them: background, why it matters, key learning, questions
to reflect on, what you should do, further reading and resources, what happens next. What the
author writes is in the case file's `briefing`; key learning defaults to each theme's learning,
what to do to the recommendations, reading to the references.

It is shared widely, so it is told from an anonymised copy of the case by default (made in
memory, as `reviewkit anonymise --dates keep-year` would write it, so a reference's
year stays true) and scanned for names, places and
identifiers before it is returned: a briefing with a leak is never written. `briefing:
anonymise: no` tells it as the case file is written (for a case already anonymised, say).
"""

from __future__ import annotations

import re

from reviewkit.document import Block, BulletList, Cover, Document, Paragraph, Section
from reviewkit.model import Briefing, Case
from reviewkit.reports.common import Context, placeholder, slug
from reviewkit.templates import paragraphs
from reviewkit.wording import join_and

TITLE = "7-minute briefing"
MARKING = "For sharing with practitioners"
PARTS = (
    ("background", "Background"),
    ("why_it_matters", "Why it matters"),
    ("key_learning", "Key learning"),
    ("questions", "Questions to reflect on"),
    ("what_to_do", "What you should do"),
    ("further_reading", "Further reading and resources"),
    ("what_next", "What happens next"),
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def build(ctx: Context, *, chronology: bool = False) -> Document:
    """The 7-minute briefing for the case in `ctx` (anonymised unless the case says not)."""
    original = ctx.case
    settings = original.briefing or Briefing()
    anonymised = original.anonymise is not None and original.anonymise.anonymised
    case = _anonymised(original) if settings.anonymise and not anonymised else original
    briefing = case.briefing or Briefing()
    doc = Document(
        kind="briefing",
        cover=Cover(
            title=briefing.title or TITLE,
            subtitle=_title(case),
            partnership=case.review.partnership,
            marking=MARKING if settings.anonymise else case.review.marking,
            children=[p.name for p in case.subjects],
        ),
        contents=False,
    )
    blocks = {
        "background": _text(briefing.background) or _first_paragraph(case.review.reason),
        "why_it_matters": _text(briefing.why_it_matters),
        "key_learning": _points(briefing.key_learning) or _learning(case),
        "questions": _points(briefing.questions),
        "what_to_do": _points(briefing.what_to_do) or _recommendations(case),
        "further_reading": _points(briefing.further_reading)
        or _points([r.text for r in case.references]),
        "what_next": _text(briefing.what_next),
    }
    for number, (key, title) in enumerate(PARTS, start=1):
        found = blocks[key]
        if not found:
            ctx.not_written(f"briefing.{key}", title)
            found = [placeholder(f"{title}: not yet written.", f"briefing.{key}")]
        heading = f"{number} {title}"
        doc.sections.append(Section(title, number=str(number), anchor=slug(heading), blocks=found))
    doc.warnings = ctx.warnings
    if settings.anonymise:
        _refuse_leaks(original, doc)
    return doc


def _title(case: Case) -> str:
    names = [p.name for p in case.subjects]
    return f"Learning from the review about {join_and(names)}" if names else case.review.title


def _text(text: str | None) -> list[Block]:
    return [Paragraph(p) for p in paragraphs(text)] if text else []


def _first_paragraph(text: str | None) -> list[Block]:
    found = paragraphs(text) if text else []
    return [Paragraph(found[0])] if found else []


def _points(items: list[str]) -> list[Block]:
    items = [i.removeprefix("- ").strip() for i in items if i.strip()]
    return [BulletList(items)] if items else []


def _first_sentence(text: str) -> str:
    return _SENTENCE.split(text.strip(), maxsplit=1)[0]


def _learning(case: Case) -> list[Block]:
    items = [
        f"{theme.title}: {_first_sentence(paragraphs(theme.learning)[0])}"
        for theme in case.themes
        if theme.learning and paragraphs(theme.learning)
    ]
    return [BulletList(items)] if items else []


def _recommendations(case: Case) -> list[Block]:
    items = [_first_sentence(rec.text) for rec in case.recommendations]
    return [BulletList(items)] if items else []


def _anonymised(case: Case) -> Case:
    """The case as `reviewkit anonymise` would write it, made in memory (nothing is written)."""
    from reviewkit.anonymise.anonymiser import Options, anonymise_document
    from reviewkit.casefile import Positions, YamlDocument, check_document, parse_yaml
    from reviewkit.errors import CaseInvalidError

    data = case.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    source = YamlDocument(data, Positions(), "the case file")
    result = anonymise_document(
        source, case, Options(dates="keep-year", output_name="the briefing's case")
    )
    told, problems = check_document(parse_yaml(result.text, "the briefing's case"))
    if told is None:
        raise CaseInvalidError(problems)
    return told


def _refuse_leaks(case: Case, doc: Document) -> None:
    """Scan every word of the briefing for the case's real names, places and identifiers."""
    from reviewkit.anonymise.scan import refuse_leaks

    refuse_leaks(
        case,
        doc,
        "the briefing",
        hint="nothing was written. Reword the case file's `briefing` section (or add the "
        "names to `anonymise`), then build again.",
    )
