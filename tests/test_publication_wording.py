"""A publication reads as English, keeps public names, and lets no date of birth be worked out.

Each sample's report is made public (`for_publication`) and rendered as Markdown; the large
sample also through `reviewkit build --publish`, whose files the publication scan passes.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from reviewkit.casefile import load_case
from reviewkit.dates import FuzzyDate, age_consistent, find_dates, parse_date
from reviewkit.model import Case
from reviewkit.render.markdown import render
from reviewkit.reports import build_document, resolve_kind
from reviewkit.reports.publication import for_publication, publication_scanner

from conftest import ELLIS, SAMPLES, invoke

CASES = sorted(SAMPLES.glob("*/case.yaml"))
WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
NUMBERS = {w: n for n, w in enumerate(WORDS.split())} | {"a": 1, "an": 1}


@cache
def published(path: Path, kind: str | None = None) -> tuple[Case, str]:
    """The case and the Markdown of its publication (placeholders and all)."""
    case = load_case(path).case
    doc = build_document(case, kind=resolve_kind(case, kind), chronology=True)
    public, _ = for_publication(doc, case)
    return case, render(public)


def kinds(path: Path) -> list[str]:
    case = load_case(path).case
    return [resolve_kind(case, None)]


PUBLISHED = [(p, k) for p in CASES for k in kinds(p)]
IDS = [f"{p.parent.name}-{k}" for p, k in PUBLISHED]


# --- wording -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "kind"), PUBLISHED, ids=IDS)
def test_a_publication_has_no_doubled_or_garbled_labels(path: Path, kind: str) -> None:
    case, text = published(path, kind)
    plain = re.sub(r"[*_`]", "", text)
    for bad in (r"\bthe the\b", r"\ba the\b", r"\bthe a\b", r"\bthe an\b", r"\ban? an?\b"):
        assert not re.search(bad, plain, re.IGNORECASE), bad
    # "X and X": the same label twice, as two authors once both became one label.
    doubled = re.search(r"\b((?:the|a) [a-z][a-z ]{3,40}?) and \1\b", plain)
    assert doubled is None, doubled[0] if doubled else ""
    assert "the local area" not in plain and "neighbouring Integrated" not in plain


@pytest.mark.parametrize(("path", "kind"), PUBLISHED, ids=IDS)
def test_a_publication_keeps_public_names_and_prints_no_listed_place(path: Path, kind: str) -> None:
    case, text = published(path, kind)
    settings = case.anonymise
    # The partnership's own area is public (it is in the partnership's name); every other
    # listed place is relabelled.
    partnership = case.review.partnership.lower()
    places = [p.name for p in settings.places] if settings else []
    for place in places:
        if place.lower() not in partnership:
            assert place not in text
    if case.review.partnership and kind != "case_study":
        assert case.review.partnership in text
    scanner = publication_scanner(case)
    scanner.scan_text(text, "published.md")
    assert scanner.finish().hits == []


def test_the_large_sample_names_its_agencies_and_authors_and_labels_its_hospital() -> None:
    case, text = published(ELLIS)
    draft = render(build_document(case, kind="lcspr", chronology=True))
    for agency in (a for a in case.agencies if a.name in draft):
        # An agency's name that holds a listed place keeps all of it but the place.
        name = agency.name.replace("Northmoor Royal Hospital", "the hospital")
        assert name in text, name
    assert "by Rosalind Harte-Wilson (Independent lead reviewer) and Tobias Marchbank" in text
    assert "NHS Northmoor and Eastvale Integrated Care Board" in text
    assert "Northmoor Royal Hospital" not in text
    assert "at the hospital" in text


# --- dates of birth ----------------------------------------------------------------------------

_AGE = (
    r"(?:under (?:1|a|one) (?:month|year)|(?:about |almost |nearly )?"
    r"(?:\d+|[a-z]+)[ -](?:days?|weeks?|months?|years?)(?: (?:and )?\d+ (?:days?|weeks?|months?))?)"
)


def _age_text(raw: str) -> str | None:
    """An age as `age_consistent` reads it, or None when it is not one."""
    text = raw.lower().replace("-", " ")
    text = re.sub(r"^under (?:1|a|one) (month|year)$", r"0 \g<1>s", text)
    almost = re.match(r"(?:almost|nearly) (\S+) (.*)$", text)
    if almost:
        n = int(almost[1]) if almost[1].isdigit() else NUMBERS.get(almost[1])
        if n is None:
            return None
        text = f"{max(0, n - 1)} {almost[2]}"
    text = re.sub(r"\b([a-z]+)\b", lambda m: str(NUMBERS.get(m[1], m[1])), text)
    # A range for a date known only roughly ("6 to 7 months"): any age in it, as alternatives.
    span = re.fullmatch(r"(about )?(\d+) to (\d+) (\w+?)s?", text)
    if span:
        about, low, high, unit = span[1] or "", int(span[2]), int(span[3]), span[4]
        return "|".join(f"{about}{n} {unit}{'' if n == 1 else 's'}" for n in range(low, high + 1))
    return text if re.fullmatch(r"(?:about )?\d+ \w+(?: (?:and )?\d+ \w+)?", text) else None


def _fits(born: FuzzyDate, when: FuzzyDate, age: str) -> bool:
    """Whether someone born then is that age then (an age range: any age in it)."""
    return any(age_consistent(born, when, one) for one in age.split("|"))


def pairs(case: Case, text: str) -> dict[str, list[tuple[FuzzyDate, str]]]:
    """Every (date, age) pair printed for each person with a day of birth, by report name.

    In a sentence an age given to a name ("Ruby aged 2 days", "when Ruby was five weeks old",
    "Ruby, 14 months") goes with the date nearest before it in that sentence (else after it);
    a chronology table row's age goes with its date, for whoever it fits; the family table's
    ages go with the incident's date.
    """
    born = {p.name: p for p in case.people if p.dob is not None and p.dob.precision == "day"}
    found: dict[str, list[tuple[FuzzyDate, str]]] = {n: [] for n in born}
    if not born:
        return found
    names = "|".join(re.escape(n) for n in sorted(born, key=len, reverse=True))
    said = re.compile(
        rf"\b(?P<name>{names})(?:,? aged | \(| was (?P<w>{_AGE}) old|, (?:who was )?(?:then |now )?"
        rf"(?:aged )?)(?P<age>{_AGE})?"
    )
    incident = case.review.dates.incident
    for line in text.splitlines():
        cells = (
            [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        )
        if cells and cells[0] in born and incident is not None and len(cells) == 4:
            age = _age_text(cells[2])
            if age:
                found[cells[0]].append((incident, age))
            continue
        if len(cells) == 5:  # Date | Age | Agency | Event | Summary
            dated = [d.date for d in find_dates(cells[0]) if d.date is not None]
            age = _age_text(cells[1])
            if dated and age:
                for name, person in born.items():
                    if person.dob is not None and _fits(person.dob, dated[0], age):
                        found[name].append((dated[0], age))
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            dated = [(d.start, d.date) for d in find_dates(sentence) if d.date is not None]
            for m in said.finditer(sentence):
                raw = m["w"] or m["age"]
                if raw and re.match(r"\s+(?:pregnant|of pregnancy)", sentence[m.end() :]):
                    continue  # weeks of pregnancy: the mother's, not her age
                age = _age_text(raw) if raw else None
                if age is None or not dated:
                    continue
                before = [d for at, d in dated if at < m.start()]
                found[m["name"]].append((before[-1] if before else dated[0][1], age))
    return found


def dob_window(dob: dt.date, printed: list[tuple[FuzzyDate, str]]) -> list[dt.date]:
    """Every day of birth (within two years of the true one) that fits all the pairs."""
    days = [dob + dt.timedelta(days=n) for n in range(-730, 731)]
    fit = []
    for day in days:
        born = parse_date(day.isoformat())
        if all(_fits(born, when, age) for when, age in printed):
            fit.append(day)
    return fit


@pytest.mark.parametrize(("path", "kind"), PUBLISHED, ids=IDS)
def test_no_printed_date_and_age_pin_a_birth_to_less_than_a_month(path: Path, kind: str) -> None:
    case, text = published(path, kind)
    for name, printed in pairs(case, text).items():
        person = next(p for p in case.people if p.name == name)
        assert person.dob is not None
        window = dob_window(person.dob.earliest, printed)
        assert person.dob.earliest in window, f"{name}: a printed age is wrong"
        # Dates given as months beside ages in whole months leave at least the shortest month
        # less a day (a February date and a December birth give 2 to 28 December): a month.
        assert len(window) >= 27, f"{name}: {len(window)} days from {len(printed)} pairs"


def test_the_draft_pins_ruby_s_birth_and_the_publication_does_not() -> None:
    """The check above is not empty: the draft's pairs do give Ruby's birth to the day."""
    case = load_case(ELLIS).case
    draft = render(build_document(case, kind="lcspr", chronology=True))
    found = pairs(case, draft)
    assert len(found["Ruby"]) > 20
    ruby = next(p for p in case.people if p.name == "Ruby")
    assert ruby.dob is not None
    assert len(dob_window(ruby.dob.earliest, found["Ruby"])) < 7
    _, public = published(ELLIS)
    # The body tells the story as narrative; the chronology's rows carry the (date, age) pairs,
    # and there every age is in whole months and every date beside one is a month.
    rows = [line.split("|")[1:-1] for line in public.splitlines() if line.startswith("| ")]
    # The chronology's rows: Date | Age | Agency | Event | Summary (a row that starts with a date).
    ages = [cells[1].strip() for cells in rows if len(cells) == 5 and find_dates(cells[0])]
    assert "under 1 month" in ages
    assert not any(re.search(r"\b(?:days?|weeks?)\b", age) for age in ages)
    assert "| December 2022 | under 1 month | MW | Home visit |" in public


# --- end to end --------------------------------------------------------------------------------


@pytest.mark.slow
def test_build_publish_of_the_large_sample_lists_what_it_coarsened(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("build", ELLIS, "-o", out, "-f", "md", "--publish", "--chronology")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"warning: printed \d+ dates beside ages as months\n", result.stderr)
    assert re.search(r"warning: printed \d+ ages in days or weeks in months\n", result.stderr)
    assert "printed Ruby's age at the incident in whole years" in result.stderr
    assert max(len(line) for line in result.stderr.splitlines() if "months" in line) <= 80
    scan = invoke("scan", *out.iterdir(), "--case", ELLIS, "--publication")
    assert scan.exit_code == 0, scan.stdout
    draft = invoke("build", ELLIS, "-o", tmp_path / "draft", "-f", "md")
    assert re.search(
        r"warning: prints \d+ ages in days or weeks; --publish gives months", draft.stderr
    )


def test_two_listed_schools_read_as_two_schools_in_every_position(tmp_path: Path) -> None:
    """Articles, capitals at a sentence's start, possessives and a second place of one label."""
    text = ELLIS.read_text(encoding="utf-8")
    planted = (
        "Mason moved from Larkhollow Primary School to Brindlecote Primary. Brindlecote "
        "Primary's staff met Mother; the Brindlecote Primary head agreed."
    )
    old = "Mason's attendance this term is 84 per cent;"
    assert old in text
    text = text.replace(old, f"{planted} {old}", 1)
    places = (
        '    - name: "Larkhollow Primary School"\n      label: "the primary school"\n'
        "      kind: school\n"
        '    - name: "Brindlecote Primary"\n      label: "the primary school"\n'
        "      kind: school\n"
    )
    text = text.replace("anonymise:\n  places:\n", f"anonymise:\n  places:\n{places}", 1)
    case_path = tmp_path / "case.yaml"
    case_path.write_text(text, encoding="utf-8")
    case, public = published(case_path)
    assert (
        "Mason moved from the primary school to a second primary school. A second primary "
        "school's staff met Mother; a second primary school head agreed."
    ) in public
    assert "Larkhollow" not in public and "Brindlecote" not in public
    assert "the a " not in public and "the the " not in public.lower()


def test_a_listed_neighbouring_area_is_relabelled_but_the_partnerships_own_area_is_not() -> None:
    from reviewkit.reports.publication import publication_vocabulary

    case = load_case(SAMPLES / "thematic-injured-babies" / "case.yaml").case
    assert case.anonymise is not None
    extra = case.anonymise.places[0].model_copy(
        update={"name": "Oakhollow", "label": "a neighbouring area", "kind": "area"}
    )
    case.anonymise.places.append(extra)
    names = {v.text for v in publication_vocabulary(case).variants}
    assert "Oakhollow" in names
    assert "Brackenmoor" not in names
