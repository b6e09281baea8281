"""The replacement report (no real names) and the audit (real names, owner-only file).

Both are documents rendered by the one Markdown renderer, so a name or path with `*`, `_`
or `|` in it shows as written.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from reviewkit.anonymise import identifiers
from reviewkit.document import Block, BulletList, Cover, Document, Paragraph, Section, Table
from reviewkit.names import Vocabulary, normalise
from reviewkit.render.markdown import render
from reviewkit.wording import plural

if TYPE_CHECKING:
    from reviewkit.anonymise.results import AnonymisedCase, Replacement

_DATES = {
    "age": "dates in the text are told as the child's age (\"when Child A was seven weeks "
    'old"), or as time from the start of the review period',
    "interval": 'dates in the text are told as time from the start of the review period ("in '
    'month 14 of the review period")',
    "keep-year": "dates in the text keep only their year, with the child's age or the month of "
    "the review period; the case file's own dates are kept as they were",
    "shift": "every date, in the text and in the case file's own dates, is moved by the same "
    "secret number of weeks",
    "keep": "dates are kept as written",
}
_SCHEMES = {
    "case-names": "each person's real name became the name the case already uses for them",
    "letters": "the children became Child A, Child B ...; everyone else a relationship label",
}


_NOT_NAMES = {
    "date",
    "date of birth",
    "date (to check)",
    "age (to check)",
    "removed",
    "id",
    *(f"possible {label}" for label in identifiers.LABELS.values()),
    *identifiers.LABELS.values(),
}


# Kinds of replacement whose plural is not the kind with an "s" on the end.
_KIND_PLURALS = {
    "date of birth": "dates of birth",
    "removed": "removed",
    "e-mail address": "e-mail addresses",
    "street address": "street addresses",
    "id": "ids renumbered",
}


def _count(count: int, kind: str) -> str:
    """'3 names', '2 dates of birth', '4 aliases': how many replacements of one kind."""
    already = kind.endswith("s") and not kind.endswith("ss")  # "aliases", "import records"
    return plural(count, kind, _KIND_PLURALS.get(kind) or (kind if already else None))


def _markdown(title: str, opening: list[Block], sections: list[Section]) -> str:
    """A report as Markdown through the one renderer, so every name and path is escaped."""
    doc = Document("anonymisation", Cover(title=title, marking=""), contents=False)
    doc.sections = [Section("", blocks=opening), *sections]
    return render(doc)


def report_text(result: AnonymisedCase, vocab: Vocabulary, output: str) -> str:
    """The replacement report: counts by kind, by vocabulary entry and by case-file path."""
    reps = result.replacements
    points = [
        f"Names: {result.scheme}: {_SCHEMES[result.scheme]}.",
        f"Dates: {result.dates}: {_DATES[result.dates]}.",
    ]
    if result.offset_days:
        points.append(
            "The case file's own dates are moved by a secret number of weeks, the same for "
            "every date, so ages and intervals stay true. Only the audit file (--audit) says "
            "how many."
        )
    points.append(
        "Real names, aliases and dates of birth are not in the anonymised file. This report "
        "holds no real names either: it counts what was replaced, and says where."
    )
    if result.review:
        # The words to check are listed as written: they may be names nobody listed.
        points.append(
            "Words to check by eye (at the end) are listed as written, because they may be "
            "names nobody listed: they are in the anonymised file too. Resolve them before "
            "sharing either file."
        )
    opening: list[Block] = [Paragraph(f"Anonymised case file: {output}"), BulletList(points)]

    kinds = Counter(r.kind for r in reps)
    rows = [[kind, str(count)] for kind, count in sorted(kinds.items())]
    rows.append(["Total", str(len(reps))])
    by_kind = Section("Replacements by kind", blocks=[Table(["Kind", "Count"], rows)])

    names = Section("Names, places and services")
    terms: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for r in reps:
        if r.kind not in _NOT_NAMES:
            terms[r.term] += 1
            labels.setdefault(r.term, r.new)
    if terms:
        rows = [[term, str(count), labels[term]] for term, count in sorted(terms.items())]
        names.blocks.append(Table(["What was found", "Times", "First replaced by"], rows))
    else:
        names.blocks.append(
            Paragraph("No names of the case's people, places or services were found in its text.")
        )
    missing = _not_found(reps, vocab)
    if missing:
        names.blocks += [
            Paragraph(
                "Listed in the case but not found in its text (nothing to replace; check the "
                "spelling in the case file if you expected it):"
            ),
            BulletList(missing),
        ]

    others = Section("Identifiers and dates")
    other = Counter(r.term for r in reps if r.kind in _NOT_NAMES and r.kind != "removed")
    if other:
        rows = [[t, str(c)] for t, c in sorted(other.items())]
        others.blocks.append(Table(["What", "Times"], rows))
    else:
        others.blocks.append(Paragraph("None."))
    checks = [r for r in reps if r.kind in ("date (to check)", "age (to check)")]
    if checks:
        # Each is listed where it is, with what the text now says (never what it said).
        others.blocks += [
            Paragraph(
                "To check by a person: dates that could not be told with confidence became "
                "neutral words, and ages that the real dates do not give were told truly. "
                "Read each in the anonymised file:"
            ),
            Table(
                ["Case-file path", "What", "The text now says"],
                [[r.path, r.term, r.new] for r in checks],
            ),
        ]

    where: dict[str, Counter[str]] = {}
    for r in reps:
        where.setdefault(r.path, Counter())[r.kind] += 1
    rows = [
        [path, ", ".join(_count(n, kind) for kind, n in sorted(counts.items()))]
        for path, counts in where.items()
    ]
    places = Section("Where", blocks=[Table(["Case-file path", "Replacements"], rows)])
    sections = [by_kind, names, others, places]
    if result.review:
        rows = [[w.word, str(w.count), "; ".join(w.seen or [w.first])] for w in result.review]
        sections.append(
            Section(
                "Words to check by eye",
                blocks=[
                    Paragraph(
                        "These capitalised words look like names but are not in the case's "
                        "vocabulary. Read each place: list a name under anonymise.places or a "
                        "person's aliases, or an ordinary word under anonymise.keep."
                    ),
                    Table(["Word", "Times", f"Where in {output}"], rows),
                ],
            )
        )
    return _markdown("Anonymisation report", opening, sections)


def _not_found(reps: list[Replacement], vocab: Vocabulary) -> list[str]:
    found = {r.source for r in reps if r.source}
    missing = []
    for variant in vocab.variants:
        if normalise(variant.text) in found:
            continue
        for owner, form in zip(variant.owners, variant.forms, strict=True):
            if owner.leak:
                missing.append(f"{owner.describe}: {form}")
    return sorted(set(missing))


def audit_text(result: AnonymisedCase, vocab: Vocabulary, output: str) -> str:
    """The audit: every replacement with the original text. Holds real names: owner-only."""
    opening: list[Block] = [
        Paragraph(
            "Keep this file with the original case file, under the same protection. Do not "
            "share it with the anonymised material."
        ),
        Paragraph(f"Anonymised case file: {output}"),
        Paragraph(
            f"Secret date offset: {result.offset_days} days (add {-result.offset_days} days "
            "to a date in the anonymised file to get the real one)."
        ),
    ]
    rows = [[r.path, r.kind, r.original, r.new or "(removed)"] for r in result.replacements]
    opening.append(Table(["Case-file path", "Kind", "Original", "Replaced by"], rows))
    people = [f"{label} ({pid})" for pid, label in result.labels.items()]
    labels = Section("Labels", blocks=[BulletList(people)])
    return _markdown("Anonymisation audit: CONTAINS REAL NAMES", opening, [labels])
