"""The LCSPR overview report: assembly (reviewkit.reports) and Markdown (reviewkit.render).

The fixture tests/fixtures/report-small.yaml is rendered and compared with the golden file
tests/golden/report-small.md, byte for byte. After an intended change to the report, look at
the difference, then regenerate the golden file with:

    REVIEWKIT_REGEN_GOLDEN=1 .venv/bin/pytest tests/test_report.py

and review the new file before committing it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reviewkit.casefile import load_case
from reviewkit.cli.output import notice_line
from reviewkit.dates import parse_date
from reviewkit.document import (
    NOT_WRITTEN,
    BulletList,
    Cover,
    Definitions,
    Document,
    Notice,
    Paragraph,
    Placeholder,
    Quote,
    Section,
    Table,
)
from reviewkit.errors import TemplateError, UsageError
from reviewkit.model import Case
from reviewkit.render.markdown import escape, render
from reviewkit.reports import build_document, report_kinds
from reviewkit.reports.common import date_phrase
from reviewkit.wording import join_and

from conftest import BABY_M, ELLIS, FIXTURES, TESTS, invoke

FIXTURE = FIXTURES / "report-small.yaml"
GOLDEN = TESTS / "golden" / "report-small.md"

CHAPTERS = [
    "1 The reason for the review",
    "2 The child and family",
    "3 Legal framework and methodology",
    "4 Overview of what happened",
    "5 Analysis of key practice episodes",
    "6 Findings: cross-cutting themes",
    "7 Conclusions",
    "8 Recommendations",
    "References",
    "Appendix A: Purpose of reviews and criteria",
    "Appendix B: Panel membership",
    "Appendix C: Glossary",
]


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(FIXTURE).case


@pytest.fixture(scope="module")
def doc(case: Case) -> Document:
    return build_document(case)


@pytest.fixture(scope="module")
def markdown(doc: Document) -> str:
    return render(doc)


def chapter(doc: Document, heading: str) -> Section:
    return next(s for s in doc.sections if s.heading == heading)


def paragraphs_of(section: Section) -> list[Paragraph]:
    return [b for s in section.walk() for b in s.blocks if isinstance(b, Paragraph)]


def secret_strings(case: Case, *, dob: bool = False) -> list[str]:
    """Real names and aliases (and dates of birth, when no event falls on one)."""
    found = []
    for person in case.people:
        found.extend([person.real_name or "", *person.aliases])
        if dob and person.dob is not None:
            found.append(person.dob.text)
    return [s for s in found if s]


# --- the whole report -------------------------------------------------------------------------


def test_markdown_matches_the_golden_file(markdown: str) -> None:
    if os.environ.get("REVIEWKIT_REGEN_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(markdown, encoding="utf-8")
    assert markdown == GOLDEN.read_text(encoding="utf-8")


def test_every_chapter_and_appendix_is_present_in_order(doc: Document, markdown: str) -> None:
    assert [s.heading for s in doc.sections] == CHAPTERS
    headings = re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE)
    assert headings == ["Contents", *CHAPTERS]
    assert doc.kind == "lcspr"
    assert doc.cover.subtitle == "Child Safeguarding Practice Review – Overview Report"
    assert doc.cover.partnership == "Westbrook Safeguarding Children Partnership"
    assert doc.cover.details == [
        ("Child", "Ruby"),
        ("Author", "J. Example"),
        ("Report date", "November 2023"),
        ("Publication date", "early 2024"),
        ("Status", "Draft for panel"),
    ]
    assert doc.cover.children == ["Ruby"]
    assert doc.cover.authors == ["J. Example"]
    assert (doc.cover.marking, doc.cover.status) == ("OFFICIAL-SENSITIVE", "Draft for panel")


def test_marking_is_at_the_top_and_the_bottom(markdown: str) -> None:
    lines = markdown.splitlines()
    assert lines[0] == "**OFFICIAL-SENSITIVE**"
    assert lines[-1] == "**OFFICIAL-SENSITIVE**"


def test_contents_links_every_chapter(doc: Document, markdown: str) -> None:
    links = re.findall(r"^- \[(.+)\]\(#(.+)\)$", markdown, flags=re.MULTILINE)
    assert [text for text, _ in links] == CHAPTERS
    assert links[0][1] == "1-the-reason-for-the-review"
    assert links[5][1] == "6-findings-cross-cutting-themes"
    assert links[-1][1] == "appendix-c-glossary"


def test_paragraph_numbers_restart_per_chapter_and_run_on_through_subsections(
    doc: Document,
) -> None:
    for number in range(1, 9):
        section = doc.sections[number - 1]
        numbers = [p.number for p in paragraphs_of(section) if p.number]
        assert numbers == [f"{number}.{i}" for i in range(1, len(numbers) + 1)]
        assert numbers, f"chapter {number} has no numbered paragraph"
    method = chapter(doc, "3 Legal framework and methodology")
    # Chapter 3 is all subsections; its numbers run on from one to the next.
    firsts = [paragraphs_of(sub)[0].number for sub in method.sections if paragraphs_of(sub)]
    assert firsts == ["3.1", "3.4", "3.5", "3.7", "3.9", "3.10", "3.12", "3.14"]
    episodes = chapter(doc, "5 Analysis of key practice episodes")
    kpe2 = episodes.sections[1]
    assert [p.number for p in paragraphs_of(kpe2) if p.number] == ["5.7"]
    # The factual account of an episode is the author's prose, not numbered, with no lead.
    account = paragraphs_of(kpe2)[0]
    assert (account.number, account.lead) == (None, "")
    assert account.text == "The GP treated the cough and noted Ruby's weight."
    # Appendices are not numbered.
    assert all(p.number is None for s in doc.sections[8:] for p in paragraphs_of(s))


def test_unwritten_analysis_becomes_placeholders_and_warnings(doc: Document) -> None:
    assert [(p.where, p.text) for p in doc.placeholders()] == [
        ("episodes[1].known", "[Not yet written: what was known and knowable at the time]"),
        ("episodes[1].good_practice", "[Not yet written: good practice in this episode]"),
        ("episodes[1].learning", "[Not yet written: the learning from this episode]"),
        ("themes[1].further_consideration", "[Not yet written: what needs further consideration]"),
    ]
    kpe2 = "KPE 2: The GP appointment in February 2023"
    assert doc.warnings == [
        Notice("not yet written", "episodes[1].known", kpe2, NOT_WRITTEN),
        Notice("not yet written", "episodes[1].good_practice", kpe2, NOT_WRITTEN),
        Notice("not yet written", "episodes[1].learning", kpe2, NOT_WRITTEN),
        Notice(
            "not yet written",
            "themes[1].further_consideration",
            "Hunger and tiredness as signs of neglect",
            NOT_WRITTEN,
        ),
    ]
    # The hint under each placeholder is worded here too, for every format.
    assert doc.placeholders()[0].hint == "Fill in episodes[1].known in the case file."


def test_placeholders_are_visible_in_markdown(markdown: str) -> None:
    assert (
        "> **\\[Not yet written: what was known and knowable at the time\\]**\\\n"
        "> Fill in `episodes[1].known` in the case file."
    ) in markdown


def test_no_real_name_alias_or_date_of_birth_is_printed(case: Case) -> None:
    text = render(build_document(case, chronology=True))
    secrets = secret_strings(case, dob=True)
    assert "Rosalind Qwertyname" in secrets and "Rozzy Q" in secrets and "2013-09-20" in secrets
    for secret in secrets:
        assert secret not in text
    assert "Qwertyname" not in text and "Zyxname" not in text


def test_family_table_uses_names_ages_and_households(doc: Document) -> None:
    table = next(b for b in chapter(doc, "2 The child and family").blocks if isinstance(b, Table))
    assert table.header == ["Name used", "Relationship", "Age at the incident", "Household"]
    assert table.rows == [
        ["Ruby", "Subject of this review", "9 years 7 months", "Yes"],
        ["Sam", "Child in the household", "7 years 2 months", "Yes"],
        ["Mother", "Mother of Ruby and Sam", "34 years", "Yes"],
        ["Mother's partner", "Partner", "–", "Yes"],
        ["Maternal grandmother", "Relative", "–", "No"],
    ]


def test_glossary_lists_only_the_abbreviations_used(doc: Document) -> None:
    glossary = chapter(doc, "Appendix C: Glossary")
    items = glossary.blocks[0]
    assert isinstance(items, Definitions)
    # CSC is no longer used: the chronology's agency labels stay in the chronology.
    assert [term for term, _ in items.items] == ["DSL", "GP", "KPE", "MASH", "PPN"]
    assert ("PPN", "Public protection notification") in items.items
    # XYZ is in the case glossary and CAMHS in the built-in one; neither is used.
    assert "XYZ" not in dict(items.items) and "CAMHS" not in dict(items.items)


def test_childs_words_are_set_apart_and_quotes_need_consent(doc: Document, markdown: str) -> None:
    quotes = [b for b in doc.blocks() if isinstance(b, Quote)]
    # Worded once, for every format: a label over the child's words, a dash before a name.
    child = [(q.lead, q.text, q.attribution) for q in quotes if q.child]
    assert child == [
        ("In Ruby's words:", "There's no food at home on Fridays.", ""),
        ("In Ruby's words:", "I go in my room when they shout.\n\nI look after Sam.", ""),
        ("In Ruby's words:", "I wanted someone to ask me again.", ""),
    ]
    others = [(q.lead, q.text, q.attribution) for q in quotes if not q.child]
    assert others == [
        ("", "Ruby was always the first in and the last to leave.", "— Class teacher"),
        (
            "",
            "Everyone thought someone else was talking to the school.",
            "— A practitioner at the learning event",
        ),
        ("", "Nobody asked me what was really going on.", "— Mother"),
    ]
    assert "must never appear" not in markdown
    assert (
        "> **In Ruby's words:**\n>\n> *I go in my room when they shout.*\n>\n> *I look after Sam.*"
    ) in markdown
    assert "> Nobody asked me what was really going on.\n>\n> — Mother" in markdown


def test_recommendations_inline_after_their_theme_and_as_a_table(doc: Document) -> None:
    theme = chapter(doc, "6 Findings: cross-cutting themes").sections[0]
    inline = [p for p in theme.blocks if isinstance(p, Paragraph) and p.lead.startswith("Rec")]
    assert [(p.lead, p.number) for p in inline] == [("Recommendation 1:", None)]
    table = next(b for b in chapter(doc, "8 Recommendations").blocks if isinstance(b, Table))
    assert table.header == ["No.", "Recommendation", "To whom", "Measure of impact", "Timescale"]
    assert table.rows[0][0] == "1"
    assert table.rows[0][3:] == ["Audit of 20 notifications", "Within 6 months"]
    assert table.rows[1] == [
        "2",
        "Schools should record a child's words about food and sleep verbatim.",
        "Education safeguarding lead",
        "–",
        "–",
    ]


def test_recommendations_are_numbered_in_the_order_a_reader_meets_them(case: Case) -> None:
    # Listed in the case file against the themes' order: the second theme's comes first.
    case = case.model_copy(deep=True)
    first, second = case.recommendations
    second.themes = [case.themes[1].id]
    case.recommendations = [second, first]
    doc = build_document(case)
    findings = chapter(doc, "6 Findings: cross-cutting themes")
    inline = [
        (p.lead, p.text[:20])
        for theme in findings.sections
        for p in theme.blocks
        if isinstance(p, Paragraph) and p.lead.startswith("Recommendation")
    ]
    assert [lead for lead, _ in inline] == ["Recommendation 1:", "Recommendation 2:"]
    table = next(b for b in chapter(doc, "8 Recommendations").blocks if isinstance(b, Table))
    assert [(row[0], row[1][:20]) for row in table.rows] == [
        (lead.split()[1].rstrip(":"), text) for lead, text in inline
    ]
    assert case.recommendation_number(first) == 1


def test_local_and_national_recommendations_are_separate_lists(case: Case) -> None:
    case = case.model_copy(deep=True)
    case.recommendations[1].level = "national"
    doc = build_document(case)
    recs = chapter(doc, "8 Recommendations")
    assert [s.title for s in recs.sections] == [
        "Local recommendations",
        "National recommendations",
    ]
    tables = [b for s in recs.sections for b in s.blocks if isinstance(b, Table)]
    assert [[row[0] for row in t.rows] for t in tables] == [["1"], ["2"]]


def test_methodology_counts_conversations_and_family_involvement(doc: Document) -> None:
    method = chapter(doc, "3 Legal framework and methodology")
    text = {s.title: " ".join(p.text for p in paragraphs_of(s)) for s in method.sections}
    assert text["Conversations with practitioners"].startswith(
        "A virtual learning event for the practitioners and managers who worked with the family "
        "was held on 12 July 2023; it was attended by nine professionals. The reviewer also spoke "
        "individually to two practitioners and one manager from two agencies."
    )
    assert text["Family involvement"].startswith(
        "Mother spoke to the reviewer. Her views and experiences are reflected throughout this "
        "report. Ruby shared her views in writing. Mother's partner was invited to take part but "
        "declined. Maternal grandmother was invited to take part but did not respond."
    )
    assert "Independent chair" not in text["The review panel"]
    assert "The panel was led by its independent chair." in text["The review panel"]


def test_overview_prints_the_narrative_by_period_then_each_childs_lived_experience(
    doc: Document,
) -> None:
    overview = chapter(doc, "4 Overview of what happened")
    assert [s.title for s in overview.sections] == [
        "Background",
        "A new school: January to March 2022",
        "The call-out and the months after: November 2022 to May 2023",
        "Ruby's lived experience",
    ]
    call_out = paragraphs_of(overview.sections[2])
    assert [(p.number, p.text) for p in call_out] == [
        (
            "4.4",
            "Police were called to the home in November. The school learned of it and spoke to "
            "Ruby; the GP did not. In May Ruby was taken to hospital.",
        )
    ]
    # A fact is told once: no chronology rows, outcomes or cross-references in the body.
    text = render(doc)
    body = text[: text.index("## Appendix A")]
    assert "(See KPE" not in body and "Outcome:" not in body
    assert "On 5 November 2022 at 23:10" not in body
    lived = overview.sections[3].blocks
    assert lived[0] == Paragraph(
        "Ruby got herself and Sam to school and was often hungry by mid-morning.",
        number="4.5",
        lead="Daily life.",
    )
    assert isinstance(lived[1], Paragraph) and lived[1].lead == "Seen, heard and listened to."
    # Her own words, recorded at the events, are set apart here, once.
    assert lived[2:] == [
        Quote("There's no food at home on Fridays.", child=True, lead="In Ruby's words:"),
        Quote(
            "I go in my room when they shout.\n\nI look after Sam.",
            child=True,
            lead="In Ruby's words:",
        ),
    ]
    assert text.count("There's no food at home on Fridays.") == 1


def test_without_a_narrative_the_events_are_a_marked_draft_aid(case: Case) -> None:
    case = case.model_copy(deep=True)  # the fixture is shared: change a copy
    case.narrative = []
    case.episodes[0].what_happened = None
    doc = build_document(case)
    overview = chapter(doc, "4 Overview of what happened")
    assert [s.title for s in overview.sections] == [
        "Background",
        "January 2022",
        "March 2022",
        "November 2022",
        "February 2023",
        "May 2023",
        "After the scope period",
        "Ruby's lived experience",
    ]
    marker = next(b for b in overview.blocks if isinstance(b, Paragraph) and b.lead)
    assert (marker.lead, marker.text) == (
        "Draft aid:",
        "events from the chronology until the narrative is written.",
    )
    # Summaries only, unnumbered: no outcome, no cross-reference to an episode.
    november = paragraphs_of(overview.sections[3])
    assert [(p.number, p.text) for p in november][0] == (
        None,
        "On 5 November 2022 at 23:10 (Police; Ruby aged 9 years 1 month): Police called to an "
        "argument between Mother and her partner.",
    )
    text = render(doc)
    assert "(See KPE" not in text and "Outcome:" not in text
    assert "**Draft aid:** events from the chronology until the narrative is written." in text
    # The episode without its account lists its own events as a draft aid too.
    kpe1 = chapter(doc, "5 Analysis of key practice episodes").sections[0]
    assert isinstance(kpe1.blocks[0], Placeholder) and kpe1.blocks[0].where == (
        "episodes[0].what_happened"
    )
    assert kpe1.blocks[1] == Paragraph(
        "events from the chronology until the narrative is written.", lead="Draft aid:"
    )
    warnings = [notice_line(w) for w in doc.warnings]
    assert "narrative (chapter 4): not yet written; a draft aid lists 8 events" in warnings
    assert any(
        w.startswith("episodes[0].what_happened") and w.endswith("a draft aid lists 3 events")
        for w in warnings
    )


def test_an_unwritten_period_lists_its_own_events(case: Case) -> None:
    case = case.model_copy(deep=True)
    case.narrative[1].narrative = None
    doc = build_document(case)
    period = chapter(doc, "4 Overview of what happened").sections[2]
    assert isinstance(period.blocks[0], Placeholder)
    assert period.blocks[0].where == "narrative[1].narrative"
    texts = [p.text for p in paragraphs_of(period)]
    assert texts[0] == "events from the chronology until the narrative is written."
    assert [t[:17] for t in texts[1:]] == [
        "On 5 November 202",
        "On 8 November 202",
        "On 10 November 20",
        "On 14 February 20",
        "On 2 May 2023 (Po",
    ]


def test_key_dates_follow_the_reason_for_the_review(doc: Document) -> None:
    reason = chapter(doc, "1 The reason for the review")
    table = reason.blocks[-1]
    assert isinstance(table, Table) and table.caption == "Key dates"
    assert table.rows == [
        ["The incident", "2 May 2023"],
        ["Notification to the national Panel", "5 May 2023"],
        ["Rapid review meeting", "19 May 2023"],
        ["Decision to commission this review", "24 May 2023"],
    ]


def test_chronology_appendix_only_when_asked(case: Case, doc: Document) -> None:
    assert "Appendix D: Chronology" not in [s.heading for s in doc.sections]
    with_chronology = build_document(case, chronology=True)
    last = with_chronology.sections[-1]
    assert last.heading == "Appendix D: Chronology"
    table = last.blocks[0]
    assert isinstance(table, Table) and table.landscape
    # The age column says whose age it is: the child the review is about.
    assert table.header == ["Date", "Ruby's age", "Agency", "Event", "Summary"]
    assert table.rows[2] == [
        "5 November 2022, 23:10",
        "9 years 1 month",
        "Police",
        "Police call-out",
        "Police called to an argument between Mother and her partner.",
    ]
    # Only the scope period: the background event of 2021 and the later meeting are left out.
    assert len(table.rows) == 7


# --- wording templates ----------------------------------------------------------------------


def test_user_templates_replace_the_built_in_wording(case: Case, tmp_path: Path) -> None:
    (tmp_path / "lcspr").mkdir()
    (tmp_path / "lcspr" / "family.j2").write_text(
        "Our own words about {{ children | join_and }}.\n\nA second paragraph.\n",
        encoding="utf-8",
    )
    doc = build_document(case, templates=tmp_path)
    family = paragraphs_of(chapter(doc, "2 The child and family"))
    assert [(p.number, p.text) for p in family] == [
        ("2.1", "Our own words about Ruby."),
        ("2.2", "A second paragraph."),
    ]
    # Everything the folder does not replace keeps the built-in wording.
    assert paragraphs_of(chapter(doc, "3 Legal framework and methodology"))[0].text.startswith(
        "The safeguarding partners for an area (the local authority, the integrated care board"
    )


def test_missing_templates_folder_is_a_clear_error(case: Case, tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as err:
        build_document(case, templates=tmp_path / "nowhere")
    assert err.value.message == (
        f"--templates {tmp_path / 'nowhere'}: the folder does not exist; give a folder holding "
        "your own copies of the templates you want to change (for example lcspr/*.j2)."
    )


def test_template_mistakes_say_where(case: Case, tmp_path: Path) -> None:
    (tmp_path / "lcspr").mkdir()
    bad = tmp_path / "lcspr" / "family.j2"
    bad.write_text("About {{ no_such_name }}.\n", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        build_document(case, templates=tmp_path)
    assert err.value.message.startswith(f"{bad}:1: template error: 'no_such_name' is undefined")
    bad.write_text("About {% if %}.\n", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        build_document(case, templates=tmp_path)
    assert err.value.message.startswith(f"{bad}:1: template error: ")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Fine.\n{{ cycler.__init__.__globals__.os.system('id') }}\n",
            "2: template error: access to attribute '__init__' of 'type' object is unsafe; "
            "templates run in a sandbox and may use only the values and filters they are given",
        ),
        (
            "{{ ''.__class__.__mro__ }}\n",
            "1: template error: access to attribute '__class__' of 'str' object is unsafe; "
            "templates run in a sandbox and may use only the values and filters they are given",
        ),
        ("One.\n\nTwo {{ 1 / 0 }}.\n", "3: template error: division by zero"),
        (
            "{{ case.review.title }}\n{{ case.review.nothing_here.x }}\n",
            "2: template error: 'reviewkit.model.Review object' has no attribute "
            "'nothing_here'; the names a template can use are listed at the top of its "
            "built-in copy",
        ),
    ],
)
def test_a_user_template_runs_in_a_sandbox_and_its_errors_say_where(
    case: Case, tmp_path: Path, body: str, expected: str
) -> None:
    (tmp_path / "lcspr").mkdir()
    bad = tmp_path / "lcspr" / "family.j2"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        build_document(case, templates=tmp_path)
    assert err.value.message == f"{bad}:{expected}"
    assert err.value.exit_code == 2


def test_a_template_error_is_exit_2_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "lcspr").mkdir()
    bad = tmp_path / "lcspr" / "family.j2"
    bad.write_text("Line one.\n{{ 10 // 0 }}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", ELLIS, "--templates", tmp_path, "-o", out, "--format", "md")
    assert result.exit_code == 2
    assert (
        result.stderr == f"reviewkit: {bad}:2: template error: integer division or modulo by zero\n"
    )
    assert not out.exists() or list(out.iterdir()) == []


def test_working_together_2018_wording(case: Case) -> None:
    review = case.review.model_copy(update={"guidance": "wt2018"})
    doc = build_document(case.model_copy(update={"review": review}))
    legal = paragraphs_of(chapter(doc, "3 Legal framework and methodology"))
    assert "commissioned under Working Together to Safeguard Children 2018" in legal[0].text
    purpose = paragraphs_of(chapter(doc, "Appendix A: Purpose of reviews and criteria"))
    assert "clinical commissioning groups (now integrated care boards)" in purpose[0].text
    assert "Working Together to Safeguard Children 2023 is the statutory" not in render(doc)


# --- kinds ------------------------------------------------------------------------------------


def test_a_review_kind_without_a_report_names_the_kinds_available(case: Case) -> None:
    review = case.review.model_copy(update={"kind": "sar"})
    with pytest.raises(UsageError) as err:
        build_document(case.model_copy(update={"review": review}))
    available = ", ".join(report_kinds())
    assert "lcspr" in report_kinds()
    assert err.value.message == (
        f"there is no report for a review of kind 'sar' yet; choose one with --kind ({available})."
    )


def test_unknown_kind_names_the_kinds_available(case: Case) -> None:
    with pytest.raises(UsageError) as err:
        build_document(case, kind="press-statement")
    available = ", ".join(report_kinds())
    assert err.value.message == (
        f"unknown report kind 'press-statement'; the kinds available are: {available}."
    )


def test_rapid_review_sample_as_lcspr_shows_every_gap() -> None:
    case = load_case(BABY_M).case
    doc = build_document(case, kind="lcspr")
    text = render(doc)
    wheres = [p.where for p in doc.placeholders()]
    assert wheres[:2] == ["review.authors", "interviews"]
    assert "episodes[1].learning" in wheres and "conclusions" in wheres
    assert wheres[-1] == "recommendations"
    # Each subject child's lived experience and the narrative are still to be written too.
    assert {"narrative", "people[0].daily_life", "people[0].seen_heard"} <= set(wheres)
    assert len(doc.warnings) == len(wheres) == 26
    for secret in secret_strings(case):
        assert secret not in text
    # Birth-day and before-birth events carry no age; later ones do.
    assert "On 8 January 2024 at 04:10 (Midwifery): Baby M born" in text
    assert "On 19 January 2024 (HV; Baby M aged 11 days):" in text


def test_ellis_sample_is_complete() -> None:
    case = load_case(ELLIS).case
    doc = build_document(case, chronology=True)
    text = render(doc)
    assert doc.placeholders() == []
    assert doc.warnings == []
    for secret in secret_strings(case):
        assert secret not in text


def test_ellis_sample_reads_as_a_published_report() -> None:
    case = load_case(ELLIS).case
    doc = build_document(case)
    text = render(doc)
    # Every chapter and appendix it has always had, and no chronology rows in the body.
    headings = [s.heading for s in doc.sections]
    assert headings == [h.replace("child and", "children and") for h in CHAPTERS]
    assert not re.search(r"^(\*\*[\d.]+\*\* )?Outcome:", text, re.M)
    assert "Outcome:" not in text and "(See KPE" not in text
    assert "Draft aid" not in text
    overview = chapter(doc, "4 Overview of what happened")
    assert [s.title for s in overview.sections][-3:] == [
        "Chloe's lived experience",
        "Mason's lived experience",
        "Ruby's lived experience",
    ]
    # Recommendations in reading order: inline under the themes 1, 2, 3 ... and the table
    # in the same order with the same numbers.
    inline = [int(n) for n in re.findall(r"\*\*Recommendation (\d+):\*\*", text)]
    assert inline == sorted(inline) == list(range(1, len(case.recommendations) + 1))
    table = next(b for b in chapter(doc, "8 Recommendations").blocks if isinstance(b, Table))
    assert [int(row[0]) for row in table.rows] == inline
    first_text = " ".join(table.rows[0][1].split())
    assert text.index(first_text) < text.index("## 8 Recommendations")
    # The chronology appendix says whose age it shows: Ruby's, the child harmed.
    with_rows = build_document(case, chronology=True)
    assert with_rows.sections[-1].blocks[0].header[1] == "Ruby's age"  # type: ignore[union-attr]


# --- pieces -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "time", "phrase"),
    [
        ("2024-02-16", "", "on 16 February 2024"),
        ("2024-02-16", "22:40", "on 16 February 2024 at 22:40"),
        ("?2024-02-10", "", "on or around 10 February 2024"),
        ("c. October 2022", "", "around October 2022"),
        ("March 2024", "", "in March 2024"),
        ("early March 2024", "", "in early March 2024"),
        ("autumn 2019", "", "in autumn 2019"),
        ("2019", "", "in 2019"),
        ("2023-07-20 to 2023-11-30", "", "from 20 July to 30 November 2023"),
        ("between March and May 2019", "", "between March and May 2019"),
        ("end of April 2020", "", "at the end of April 2020"),
    ],
)
def test_date_phrase_spells_out_numeric_dates(written: str, time: str, phrase: str) -> None:
    assert date_phrase(parse_date(written), time=time) == phrase


def test_join_and_uses_semicolons_between_names_with_commas() -> None:
    assert join_and(["A"]) == "A"
    assert join_and(["A", "B", "C"]) == "A, B and C"
    assert join_and(["Health, HV", "Police"]) == "Health, HV and Police"
    assert join_and(["Health, HV", "Police", "GP"]) == "Health, HV; Police and GP"


def test_escape_keeps_case_text_from_becoming_markup() -> None:
    assert escape("a | b *c* _d_ <e> $5 @x ~y^ #1 [z](w)") == (
        "a \\| b \\*c\\* \\_d\\_ \\<e\\> \\$5 \\@x \\~y\\^ \\#1 \\[z\\](w)"
    )
    assert escape("see https://example.org/a_b. Then") == "see <https://example.org/a_b>. Then"
    assert escape("two\n  lines") == "two lines"


def test_markdown_blocks() -> None:
    doc = Document(kind="lcspr", cover=Cover(title="T", marking=""), contents=False)
    doc.sections = [
        Section(
            "S",
            number="1",
            blocks=[
                Paragraph("1. not a list"),
                Paragraph("text", number="1.1", lead="Learning."),
                Table(["A", "B"], [["x|y", "z"]], widths=[0.25, 0.75]),
                Quote("words", child=True, lead="In the child's words:"),
                Quote("- said", attribution="— A practitioner"),
                Placeholder("[Not yet written: x]"),
                Placeholder("[Not yet written: y]", "themes[0].y", "Fill in themes[0].y now."),
                BulletList(["- dash", "1. one", "Table: not a caption"]),
            ],
        ),
        Section("", blocks=[Paragraph("A section without a title has no heading.")]),
    ]
    assert render(doc) == (
        "# T\n\n## 1 S\n\n1\\. not a list\n\n**1.1** **Learning.** text\n\n"
        "| A | B |\n|---------------|---------------------------------------------|\n"
        "| x\\|y | z |\n\n"
        "> **In the child's words:**\n>\n> *words*\n\n"
        "> \\- said\n>\n> — A practitioner\n\n"
        "> **\\[Not yet written: x\\]**\n\n"
        "> **\\[Not yet written: y\\]**\\\n> Fill in `themes[0].y` now.\n\n"
        "- \\- dash\n- 1\\. one\n- Table\\: not a caption\n\n"
        "A section without a title has no heading.\n"
    )


# CI installs pandoc (.ci/run), so there a missing pandoc fails the test instead of skipping it.
@pytest.mark.skipif(
    shutil.which("pandoc") is None and not os.environ.get("CI"), reason="pandoc is not installed"
)
def test_pandoc_reads_the_report_and_its_contents_links(markdown: str, tmp_path: Path) -> None:
    source = tmp_path / "report.md"
    source.write_text(markdown, encoding="utf-8")
    html = subprocess.run(
        ["pandoc", "-f", "markdown+gfm_auto_identifiers", "-t", "html", str(source)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ids = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', html)
    assert len(links) == len(CHAPTERS)
    assert set(links) <= ids
    assert html.count("<table") == 5  # key dates, family, recommendations, panel, glossary
    assert "<blockquote>" in html and "<em>There’s no food at home on Fridays.</em>" in html


def test_notice_line_fits_a_terminal_line() -> None:
    """The CLI shortens what a warning is about, never the case-file path or the message."""
    notice = Notice(
        "not yet written", "themes[12].further_consideration", "A very long theme title " * 5
    )
    line = notice_line(notice)
    assert 78 <= len("warning: " + line) <= 80
    assert line.startswith("themes[12].further_consideration (A very long")
    assert line.endswith("…): not yet written")
    short = Notice("not yet written", "conclusions", "chapter 7", NOT_WRITTEN)
    assert notice_line(short) == "conclusions (chapter 7): not yet written"
    assert notice_line(Notice("no summary from GP yet", "agency_returns")) == (
        "agency_returns: no summary from GP yet"
    )


def test_citations_become_markdown_footnotes_in_reading_order(case: Case) -> None:
    case = case.model_copy(deep=True)
    case.references[0].key = "wt"
    case.conclusions = "We conclude.[@wt] Again.[@wt] Unknown.[@nowhere]"
    doc = build_document(case)
    text = render(doc)
    # An unknown key stays as written (escaped, so it is not taken for markup).
    assert "**7.1** We conclude.[^1] Again.[^2] Unknown.\\[\\@nowhere\\]" in text
    note = case.references[0].text
    assert f"[^1]: {escape(note)}" in text and f"[^2]: {escape(note)}" in text
    assert text.index("[^2]: ") < text.rindex("**" + case.review.marking + "**")
    warnings = [notice_line(w) for w in doc.warnings]
    assert "references: cites [@nowhere], which no reference has as its key" in warnings
    unknown = next(w for w in doc.warnings if "nowhere" in w.message)
    assert unknown.about == "7 Conclusions"
