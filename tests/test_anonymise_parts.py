"""The parts of anonymisation on their own: identifier shapes, name matching, relative dates."""

from __future__ import annotations

import pathlib

import pytest

from reviewkit.anonymise.identifiers import find_identifiers, nhs_check_digit_ok
from reviewkit.anonymise.names import build_vocabulary
from reviewkit.anonymise.relative_dates import Child, Timeframe, age_phrase, later_phrase
from reviewkit.casefile import load_case
from reviewkit.dates import parse_date
from reviewkit.names import person_variants

from conftest import FIXTURES

CASE = FIXTURES / "anon-case.yaml"


@pytest.mark.parametrize(
    ("number", "ok"),
    [("9434765919", True), ("4010232137", True), ("9434765918", False), ("123456789", False)],
)
def test_nhs_check_digit(number: str, ok: bool) -> None:
    assert nhs_check_digit_ok(number) is ok


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("NHS no 943 476 5919.", "NHS number", "943 476 5919"),
        ("NHS no 943-476-5919.", "NHS number", "943-476-5919"),
        ("NHS no 9434765919.", "NHS number", "9434765919"),
        ("NI AB 12 34 56 C here", "National Insurance number", "AB 12 34 56 C"),
        ("NI AB123456C here", "National Insurance number", "AB123456C"),
        ("at LS1 4AP today", "postcode", "LS1 4AP"),
        ("at SW1A 1AA today", "postcode", "SW1A 1AA"),
        ("call 01632 960123 now", "phone number", "01632 960123"),
        ("call (01632) 960123 now", "phone number", "(01632) 960123"),
        ("call 07700 900123 now", "phone number", "07700 900123"),
        ("call +44 (0)20 7946 0018 now", "phone number", "+44 (0)20 7946 0018"),
        ("mail jo.bloggs+x@example.co.uk now", "e-mail address", "jo.bloggs+x@example.co.uk"),
        ("lives at 14 Mill Lane with", "street address", "14 Mill Lane"),
        ("lives at Flat 2, 7a Church Road", "street address", "Flat 2, 7a Church Road"),
        ("DOB: 03/02/2021.", "date of birth", "DOB: 03/02/2021"),
        ("date of birth 3 February 2021.", "date of birth", "date of birth 3 February 2021"),
    ],
)
def test_identifiers_found(text: str, kind: str, found: str) -> None:
    items = find_identifiers(text)
    assert [(i.label, text[i.start : i.end], i.definite) for i in items] == [(kind, found, True)]


def test_born_on_removes_only_the_date() -> None:
    text = "She was born on 3 February 2021 at home."
    (item,) = find_identifiers(text)
    assert text[: item.start] + item.replacement + text[item.end :] == "She was born at home."


@pytest.mark.parametrize(
    "text",
    ["At 17.25 on 2021-03-14", "Children Act 1989", "aged 14 months", "2 of 6 sessions", "KPE 3"],
)
def test_ordinary_text_has_no_identifiers(text: str) -> None:
    assert find_identifiers(text) == []


def test_wrong_check_digit_is_only_doubtful() -> None:
    (item,) = find_identifiers("NHS 943 476 5918")
    assert item.kind == "nhs-number" and not item.definite


def test_person_variants() -> None:
    assert person_variants("Shannon Marie Hale") == [
        ("Shannon Marie Hale", "full name"),
        ("Shannon Hale", "first name and surname"),
        ("Shannon", "first name"),
        ("Marie", "middle name"),
        ("Hale", "surname"),
    ]
    assert person_variants("Kai van der Berg")[-1] == ("van der Berg", "surname")
    assert ("Okoro", "part of surname") in person_variants("Jayden Okoro-Hale")


def _describe(text: str) -> list[tuple[str, str]]:
    vocab = build_vocabulary(load_case(CASE).case)
    return [(text[h.start : h.end], h.describe) for h in vocab.find(text)]


def test_name_matching_variants() -> None:
    assert _describe("jayden's mum; JAYDEN; Okoro Hale; Shannon\n  Hale") == [
        ("jayden's", "Child J: first name"),
        ("JAYDEN", "Child J: first name"),
        ("Okoro Hale", "Child J: surname"),
        ("Shannon\n  Hale", "Mother: first name and surname"),
    ]
    assert _describe("James' son and Mr Pryce and P. Lakshmanan") == [
        ("James'", "Father: first name"),
        ("Mr Pryce", "Mother's partner: surname"),
        ("P. Lakshmanan", "professional 1 (the health visitor): surname"),
    ]


def test_common_word_names_match_only_capitalised() -> None:
    assert _describe("Will will go; the rose garden; Rose came") == [
        ("Will", "Mother's partner: first name"),
        ("Rose", "Maternal grandmother: first name"),
    ]


def test_shared_surname_is_narrowed_by_title_and_else_neutral() -> None:
    assert _describe("Ms Hale and Hale") == [
        ("Ms Hale", "surname shared by Mother and Maternal grandmother"),
        ("Hale", "surname shared by Mother and Maternal grandmother"),
    ]


BORN = parse_date("2024-01-08")


@pytest.mark.parametrize(
    ("date", "phrase"),
    [
        ("2024-02-26", "when Child A was seven weeks old"),
        ("March 2024", "when Child A was seven to 11 weeks old"),
        ("2023-10-02", "three months before Child A was born"),
        ("2024-01-08", "on the day Child A was born"),
        ("2029-07-01", "when Child A was five years old"),
    ],
)
def test_age_phrases(date: str, phrase: str) -> None:
    assert age_phrase(BORN, parse_date(date), "Child A") == phrase


def test_later_phrases() -> None:
    first = parse_date("2024-03-01")
    assert later_phrase(first, parse_date("2024-03-01")) == "the same day"
    assert later_phrase(first, parse_date("2024-03-02")) == "the next day"
    assert later_phrase(first, parse_date("2024-03-15")) == "two weeks later"
    assert later_phrase(first, parse_date("2024-09-15")) == ""


def test_rewrite_in_each_mode() -> None:
    text = "On 26 February 2024 the HV visited; on 11 March 2024 she rang."
    child = Child("Child A", BORN)
    anchor = parse_date("2023-06-01")
    expected = {
        "age": "When Child A was seven weeks old the HV visited; two weeks later she rang.",
        "interval": "In month 9 of the review period the HV visited; two weeks later she rang.",
        "keep-year": "In 2024 (when Child A was seven weeks old) the HV visited; two weeks later "
        "she rang.",
        "shift": "On 19 February 2024 the HV visited; on 4 March 2024 she rang.",
        "keep": text,
    }
    for mode, want in expected.items():
        timeframe = Timeframe(mode=mode, offset_days=-7, child=child, anchor=anchor)
        assert timeframe.rewrite(text)[0] == want, mode


def test_years_move_with_the_offset_but_laws_keep_theirs() -> None:
    timeframe = Timeframe(mode="age", offset_days=-731, anchor=parse_date("2022-05-10"))
    new, _ = timeframe.rewrite("the 2013 incident and the 2019-20 plan; Children Act 1989")
    assert new == "the 2011 incident and the 2017-18 plan; Children Act 1989"


def test_a_date_used_as_an_adjective_moves_after_its_noun() -> None:
    from reviewkit.anonymise.relative_dates import Timeframe

    frame = Timeframe(mode="interval", anchor=parse_date("2023-01-01"))
    text, changed = frame.rewrite("The January 2023 assault, MARAC and the step-down")
    assert text == "The assault (in month 1 of the review period), MARAC and the step-down"
    assert changed == [("January 2023 assault", "assault (in month 1 of the review period)")]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # The issue's own example: "11, 18 and four months before Ruby was born" was left.
        (
            "The worker telephoned on 11, 18 and 25 July; Mother declined.",
            "The worker telephoned about five months before Ruby was born; Mother declined.",
        ),
        ("Calls on 1st, 2nd & 5th July.", "Calls about six months before Ruby was born."),
    ],
)
def test_a_list_of_days_is_one_phrase(text: str, phrase: str) -> None:
    child = Child("Ruby", parse_date("2023-01-05"))
    frame = Timeframe(mode="age", offset_days=-70, child=child)
    new, changed = frame.rewrite(text, context=parse_date("2022-07-20"))
    assert new == phrase
    assert len(changed) == 1
    assert frame.unmoved == new  # dates became words: nothing left as written


def test_places_keep_their_differences() -> None:
    from reviewkit.anonymise.names import area_label, place_label

    used: dict[str, int] = {}
    labels = [place_label(t, used) for t in ("the primary school", "the hospital")]
    labels += [place_label(t, used) for t in ("The primary school", "the primary school")]
    assert labels == [
        "the primary school",
        "the hospital",
        "a second primary school",
        "a third primary school",
    ]
    assert [area_label(i) for i in range(3)] == [
        "the local area",
        "a neighbouring area",
        "a second neighbouring area",
    ]


def test_two_areas_in_agencies_names_stay_two(tmp_path: pathlib.Path) -> None:
    from reviewkit.anonymise.anonymiser import Options, anonymise_file

    # The case's cross-boundary finding: two local authorities must not both become one.
    text = FIXTURES.joinpath("anon-case.yaml").read_text(encoding="utf-8")
    assert "Ashcombe" in text
    case = tmp_path / "case.yaml"
    case.write_text(
        text.replace(
            "agencies:\n",
            "agencies:\n  - id: westby\n    name: Westby Council Children's Services\n"
            "    type: childrens-social-care\n  - id: westby-police\n"
            "    name: Westby Police\n    type: police\n",
            1,
        )
        + "references:\n  - Protocol covering Ashcombe and Westby.\n",
        encoding="utf-8",
    )
    result = anonymise_file(case, Options(offset_days=-7 * 60))
    assert "Protocol covering the local area and a neighbouring area." in result.text
