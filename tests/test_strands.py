"""National and thematic reviews: several children or families (strands) in one case file.

Strands are joined to the review's lists at load, each entry marked with its strand; `check`
locates every problem where it is written, references between strands are refused, and the
national and thematic reports are built from the two samples in every format.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from reviewkit.authoring.targets import Target, set_text
from reviewkit.casefile import CaseStore, check_document, load_case, parse_yaml
from reviewkit.model import Case
from reviewkit.render.markdown import render
from reviewkit.reports import build_document, resolve_kind
from reviewkit.timeline import Filters, build_timeline, filter_entries

from conftest import SAMPLES, invoke

NATIONAL = SAMPLES / "national-two-children" / "case.yaml"
THEMATIC = SAMPLES / "thematic-injured-babies" / "case.yaml"

SMALL = """\
review:
  title: "National Review: Child A and Child B"
  kind: national
  partnership: "Example Panel"
agencies:
  - id: hv
    name: "Health visiting"
    type: health-visiting
themes:
  - id: voice
    title: "Voice of the child"
strands:
  - id: a
    title: "Child A"
    people:
      - id: child-a
        name: "Child A"
        role: child
        subject: true
        dob: "2020-01-01"
    agencies:
      - id: hv-a
        name: "Health visiting A"
        type: health-visiting
    events:
      - id: ev-a
        date: "2020-06-01"
        agency: hv-a
        type: home-visit
        summary: "Visit."
        people: [child-a]
    episodes:
      - id: kpe-a
        title: "The visit"
        events: [ev-a]
  - id: b
    title: "Child B"
    people:
      - id: child-b
        name: "Child B"
        role: child
        subject: true
        dob: "2021-01-01"
    events:
      - date: "2021-06-01"
        agency: hv
        type: home-visit
        summary: "Visit."
        people: [child-b]
"""


def _problems(text: str) -> list[str]:
    case, problems = check_document(parse_yaml(text, "case.yaml"))
    return [f"{p.file}:{p.line}:{p.column}: {p.path}: {p.message}" for p in problems]


def load_case_text(text: str) -> Case:
    case, problems = check_document(parse_yaml(text, "case.yaml"))
    assert case is not None, problems
    return case


def _markdown(path: Path, kind: str | None = None) -> str:
    return render(build_document(load_case(path).case, kind=kind))


def _headings(markdown: str, level: int) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+)$", markdown, flags=re.MULTILINE)


# --- the case file ---------------------------------------------------------------------------


def test_strands_join_the_reviews_lists_each_marked_with_its_strand() -> None:
    case = load_case(NATIONAL).case
    assert [s.id for s in case.strands] == ["child-p", "child-q"]
    view = case.strand("child-q")
    assert view is not None
    assert {p.id for p in view.people} == {"q", "father-q", "partner-q", "aunt-q"}
    assert all(e.strand == "child-q" for e in view.events) and len(view.events) == 8
    assert [case.episode_label(e) for e in view.episodes] == ["KPE 1", "KPE 2", "KPE 3"]
    assert case.strand("nobody") is None
    # Shared entries (outside strands) belong to no strand.
    assert case.person("q") is not None and case.interviews[0].strand is None


def test_a_reference_to_another_strands_entry_is_located_where_it_is_written() -> None:
    text = SMALL.replace("agency: hv\n", "agency: hv-a\n").replace(
        "people: [child-b]", "people: [child-a]"
    )
    rule = "may refer only to its own strand's entries and the review's shared ones (those "
    assert _problems(text) == [
        f"case.yaml:46:17: strands[1].events[0].agency: agency 'hv-a' belongs to strand 'a'; "
        f"an entry of strand 'b' {rule}outside `strands`)",
        f"case.yaml:49:18: strands[1].events[0].people[0]: person 'child-a' belongs to strand "
        f"'a'; an entry of strand 'b' {rule}outside `strands`)",
    ]


def test_an_id_used_in_two_strands_is_a_located_duplicate() -> None:
    text = SMALL.replace("      - id: child-b\n", "      - id: child-a\n")
    assert (
        "case.yaml:39:13: strands[1].people[0].id: duplicate id 'child-a' (first used at line 16)"
    ) in _problems(text)


def test_a_shared_agency_may_be_used_by_every_strand() -> None:
    assert _problems(SMALL) == []
    case = load_case_text(SMALL)
    assert [e.strand for e in case.sorted_events()] == ["a", "b"]


def test_a_named_strand_must_exist_and_match_where_the_entry_sits() -> None:
    text = SMALL.replace("      - id: child-b\n", "      - id: child-b\n        strand: b\n")
    assert _problems(text) == []
    wrong = SMALL.replace("      - id: child-a\n", "      - id: child-a\n        strand: b\n")
    assert _problems(wrong)[0] == (
        "case.yaml:17:17: strands[0].people[0].strand: this entry sits in strand 'a' but names "
        "strand 'b'; leave `strand:` out inside a strand"
    )
    top = SMALL.replace(
        "themes:\n",
        'people:\n  - id: gran\n    name: "Gran"\n    role: relative\n    strand: c\nthemes:\n',
        1,
    )
    assert _problems(top) == ["case.yaml:13:13: people[0].strand: unknown strand 'c'"]


def test_a_duplicate_strand_id_and_an_unknown_previous_review_theme() -> None:
    text = SMALL.replace("  - id: b\n", "  - id: a\n") + (
        'previous_reviews:\n  - id: old\n    title: "Old review"\n    themes: [voice, vioce]\n'
    )
    assert _problems(text) == [
        "case.yaml:36:9: strands[1].id: duplicate strand id 'a' (first used at line 13)",
        "case.yaml:53:21: previous_reviews[0].themes[1]: unknown theme 'vioce' (did you mean "
        "'voice'?)",
    ]


def test_a_single_family_case_file_has_no_strands_and_is_unchanged() -> None:
    case = load_case(SAMPLES / "lcspr-child-theo" / "case.yaml").case
    assert case.strands == [] and all(e.strand is None for e in case.events)


# --- the timeline ----------------------------------------------------------------------------


def test_each_strands_events_show_its_own_childs_age() -> None:
    case = load_case(NATIONAL).case
    entries = build_timeline(case)
    move = next(e for e in entries if e.event.id == "q-move")
    assert (move.strand, move.age) == ("child-q", "8 to 9 months")
    only_q = filter_entries(entries, Filters(strand=["child-q"]), case=case)
    assert {e.strand for e in only_q} == {"child-q"} and len(only_q) == 8


def test_timeline_strand_option_and_column() -> None:
    both = invoke("timeline", NATIONAL)
    assert both.exit_code == 0, both.output
    assert "Strand" in both.stdout.splitlines()[1]
    one = invoke("timeline", NATIONAL, "--strand", "child-q")
    assert one.exit_code == 0, one.output
    assert "Strand" not in one.stdout and "8 of 18 events shown (filtered)." in one.stdout
    assert "Grandmother" not in one.stdout
    bad = invoke("timeline", NATIONAL, "--strand", "child-x")
    assert bad.exit_code != 0
    assert "unknown strand 'child-x' (did you mean 'child-q'?)" in bad.stderr


def test_timeline_markdown_export_has_a_strand_column() -> None:
    result = invoke("timeline", NATIONAL, "--format", "md")
    assert result.exit_code == 0, result.output
    assert "| Date | Strand | Age | Agency |" in result.stdout
    csv = invoke("timeline", NATIONAL, "--format", "csv", "--strand", "child-p")
    assert csv.exit_code == 0, csv.output
    lines = csv.stdout.splitlines()
    assert lines[0].endswith(",Scope,Strand") and lines[1].endswith(",In scope,child-p")


# --- authoring -------------------------------------------------------------------------------


def test_an_answer_for_a_strands_episode_is_saved_inside_that_strand(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(SMALL, encoding="utf-8")
    store = CaseStore(path)
    assert set_text(store, Target("known", "episodes", "kpe-a"), "Known then.\n\nAnd more.")
    text = path.read_text(encoding="utf-8")
    assert "        known: |\n          Known then.\n\n          And more.\n" in text
    assert text.index("known:") < text.index("  - id: b\n")  # inside strands[0].episodes[0]
    again = load_case(path).case
    episode = again.episode("kpe-a")
    assert episode is not None and episode.known == "Known then.\n\nAnd more."
    assert episode.strand == "a"


# --- the reports -----------------------------------------------------------------------------


def test_the_review_kind_chooses_the_report() -> None:
    assert resolve_kind(load_case(NATIONAL).case, None) == "national"
    assert resolve_kind(load_case(THEMATIC).case, None) == "thematic"


def test_national_report_sections() -> None:
    md = _markdown(NATIONAL)
    assert _headings(md, 2) == [
        "Contents",
        "1 Introduction",
        "2 Child P (Harrowdene)",
        "3 Child Q (Saltmarsh Bay)",
        "4 Key messages for all partnerships",
        "5 Wider practice themes",
        "6 National recommendations",
        "Appendix A: Contributors",
        "Appendix B: Glossary",
        "Appendix C: Bibliography",
    ]
    child_p = md.split("## 2 Child P")[1].split("## 3 Child Q")[0]
    assert _headings(child_p, 3) == [
        "Child P's story",
        "Analysis by key practice episode",
        "Local context",
        "Conclusions",
        "Local recommendations",
    ]
    assert _headings(child_p, 4)[:4] == [
        "KPE 1: The grandmother's referral (9 to 10 November 2020)",
        "KPE 2: One visit and a closure (12 to 20 November 2020)",
        "KPE 3: The grandmother shut out (3 February to 17 April 2021)",
        "Inspection findings",
    ]
    # The story is numbered; a KPE's factual account is not, its evaluation is.
    assert "**2.1** Child P was born in the spring of 2019" in child_p
    assert "\nChild P's grandmother rang the front door" in child_p
    assert "**2.5** **What was known and knowable at the time.**" in child_p
    # Local recommendations stay with their child; national ones come after the themes.
    assert "Harrowdene Children's Services should call back" in child_p
    national = md.split("## 6 National recommendations")[1]
    assert "The Department for Education should set" in national
    assert "Harrowdene" not in national.split("## Appendix")[0]
    contributors = md.split("## Appendix A: Contributors")[1]
    assert "| Family members | 2 | 1 |" in contributors
    assert "In all, 21 people took part in group events." in contributors


def test_thematic_report_sections() -> None:
    md = _markdown(THEMATIC)
    assert _headings(md, 2) == [
        "Contents",
        "1 Introduction",
        "2 The cases in brief",
        "3 Previous reviews and their learning",
        "4 Themes",
        "5 Recommendations",
        "Appendix A: Contributors",
        "Appendix B: Glossary",
        "Appendix C: Bibliography",
    ]
    assert _headings(md.split("## 2 ")[1].split("## 3 ")[0], 3) == [
        "Family R",
        "Family S",
        "Family T",
    ]
    assert "### Review of Injuries to Infants (Brackenmoor, 2021)" in md
    assert "**Headline learning.** The bruising protocol was not followed" in md
    themes = md.split("## 4 Themes")[1].split("## 5 ")[0]
    assert _headings(themes, 3) == [
        "Fathers and male carers in pre-birth and early care",
        "Bruising and marks in non-mobile babies",
        "Coping with crying",
    ]
    assert _headings(themes, 4).count("Since the previous reviews") == 3
    assert _headings(themes, 4).count("What needs further consideration") == 3
    assert "**What has changed.** Maternity records now have a field" in themes
    assert "**What persists.** The field is often left blank" in themes


def test_an_unwritten_comparison_is_a_placeholder_with_a_warning() -> None:
    case = load_case(THEMATIC).case
    theme = case.themes[0]
    case.themes[0] = theme.model_copy(update={"persists": None})
    doc = build_document(case)
    assert r"\[Not yet written: what persists since the previous reviews\]" in render(doc)
    assert any(w.where == "themes[fathers].persists" for w in doc.warnings)


@pytest.mark.parametrize("sample", [NATIONAL, THEMATIC], ids=["national", "thematic"])
def test_both_samples_build_markdown_and_word(sample: Path, tmp_path: Path) -> None:
    result = invoke("build", sample, "-o", tmp_path, "--format", "md", "--format", "docx")
    assert result.exit_code == 0, result.output
    kind = "national" if sample == NATIONAL else "thematic"
    name = sample.parent.name
    md = (tmp_path / f"{name}-{kind}.md").read_text(encoding="utf-8")
    document = docx.Document(str(tmp_path / f"{name}-{kind}.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    # Word numbers chapters itself ("1 Introduction" is "Introduction" numbered 1).
    expected = [re.sub(r"^\d+ ", "", h) for h in _headings(md, 2) if h != "Contents"]
    assert [h for h in headings if h] == expected
    body = "\n".join(p.text for p in document.paragraphs)
    first = re.search(r"\*\*1\.1\*\* (.{40})", md)
    assert first is not None and first.group(1) in body


@pytest.mark.slow
@pytest.mark.parametrize("sample", [NATIONAL, THEMATIC], ids=["national", "thematic"])
def test_both_samples_build_a_pdf(sample: Path, tmp_path: Path) -> None:
    result = invoke("build", sample, "-o", tmp_path, "--format", "pdf")
    assert result.exit_code == 0, result.output
    pdfs = list(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")


# --- anonymisation ---------------------------------------------------------------------------


def test_the_thematic_sample_anonymised_scans_clean(tmp_path: Path) -> None:
    out = tmp_path / "anon.yaml"
    result = invoke("anonymise", THEMATIC, "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for real in ("Harwick", "Pendlebury", "Rookwood", "Threlfall", "Brackenmoor", "Larchgate"):
        assert real not in text
    scan = invoke("scan", out, "--case", THEMATIC)
    assert scan.exit_code == 0, scan.stdout
    assert scan.stdout.endswith("No leaks found in 1 file.\n")
    # The anonymised copy is still a review of three families, and builds.
    built = invoke("build", out, "-o", tmp_path, "--format", "md")
    assert built.exit_code == 0, built.output
    report = (tmp_path / "anon-thematic.md").read_text(encoding="utf-8")
    assert invoke("scan", tmp_path / "anon-thematic.md", "--case", THEMATIC).exit_code == 0
    assert report.count("\n### Family ") == 3


def test_author_answers_for_a_strands_episode_name_the_child(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    # The sample now has q-kpe-2's `known` written; take it out so the answer fills a gap.
    text = NATIONAL.read_text(encoding="utf-8")
    written = "        known: |\n          The health visitor knew that Child Q had moved"
    start = text.index(written)
    end = text.index("\n", text.index("\n", start) + 1) + 1
    case.write_text(text[:start] + text[end:], encoding="utf-8")
    assert load_case(case).case.episode("q-kpe-2").known is None
    answers = tmp_path / "answers.yaml"
    answers.write_text("q-kpe-2:\n  known: |\n    The first medical was on file.\n", "utf-8")
    result = invoke("author", case, "--answers", answers)
    assert result.exit_code == 0, result.output
    assert "Child Q, KPE 2: The first bruise · known: saved" in result.output
    saved = load_case(case).case.episode("q-kpe-2")
    assert saved is not None and saved.known == "The first medical was on file."
    assert saved.strand == "child-q"


def test_the_national_sample_anonymised_scans_clean(tmp_path: Path) -> None:
    out = tmp_path / "anon.yaml"
    assert invoke("anonymise", NATIONAL, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "Quellwood" not in text and "Yarrowby" not in text
    scan = invoke("scan", out, "--case", NATIONAL)
    assert scan.exit_code == 0, scan.stdout
    assert scan.stdout.endswith("No leaks found in 1 file.\n")
