"""Names in every form, and common words left alone unless used as a name."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewkit.anonymise.names import build_vocabulary
from reviewkit.casefile import load_case
from reviewkit.model import Case
from reviewkit.names import normalise, person_variants

from conftest import FIXTURES, invoke

CASE = FIXTURES / "anon-case.yaml"


def _case(**people: tuple[str, list[str]]) -> Case:
    data = load_case(CASE).case.model_dump(by_alias=True, exclude_none=True)
    extra = [
        {"id": pid, "name": pid.capitalize(), "role": "relative", "real_name": real, "aliases": al}
        for pid, (real, al) in people.items()
    ]
    data["people"] = [*data["people"], *extra]
    return Case.model_validate(data)


def _found(case: Case, text: str) -> list[tuple[str, str]]:
    vocab = build_vocabulary(case)
    return [(text[h.start : h.end], h.describe) for h in vocab.find(text)]


def test_parts_of_hyphenated_first_names_and_of_aliases() -> None:
    assert ("Jayden", "part of first name") in person_variants("Jayden-Lee Okafor")
    assert ("Mae", "part of first name") in person_variants("Tayla-Mae Oyelaran")
    case = _case(uncle=("Darragh MacAllister", ["Billy Doyle"]))
    assert _found(case, "Billy rang; Doyle too; Billy Doyle later.") == [
        ("Billy", "Uncle: part of alias 1"),
        ("Doyle", "Uncle: part of alias 1"),
        ("Billy Doyle", "Uncle: alias 1"),
    ]


def test_names_touching_underscores_digits_accents_and_mac() -> None:
    case = _case(
        aunt=("Zoë Okafor-Brennan", []),
        uncle=("Darragh McAllister", []),
    )
    text = "WRI_Okafor-Brennan_chronology.xlsx; Zoe2019; Mr MacAllister; ZOË; ZOE"
    assert [t for t, _ in _found(case, text)] == [
        "Okafor-Brennan",
        "Zoe",
        "Mr MacAllister",
        "ZOË",
        "ZOE",
    ]
    assert normalise("MacAllister") == normalise("Mc Allister") == normalise("mcallister")
    assert normalise("Zoë") == normalise("Zoe")


@pytest.mark.parametrize(
    "text",
    [
        "Will the new plan work?",
        "May we ask why?",
        "Her view was Rose-tinted.",
        "She will come in May 2021.",
        "a red mark on the skin",
        "Will anyone ask?",
    ],
)
def test_common_words_are_not_names(text: str) -> None:
    case = _case(marked=("Mark May", []))
    assert _found(case, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Later Will said he was tired.", "Will"),
        ("Will said he was tired.", "Will"),
        ("It was Rose's idea.", "Rose's"),
        ("Mark came at ten.", "Mark"),
        ("They met Mr Will at the door.", "Mr Will"),
    ],
)
def test_common_words_used_as_names_are_names(text: str, name: str) -> None:
    case = _case(marked=("Mark May", []))
    assert [t for t, _ in _found(case, text)] == [name]


def test_a_red_mark_stays_when_anonymised(tmp_path: Path) -> None:
    source = CASE.read_text(encoding="utf-8").replace(
        '    real_name: "Will Pryce"', '    real_name: "Will Pryce"\n    aliases: ["Mark"]'
    )
    source = source.replace(
        "Police called to Mill Lane;", "Police called to Mill Lane; a red mark on the wall;"
    )
    case = tmp_path / "case.yaml"
    case.write_text(source, encoding="utf-8")
    out = tmp_path / "anon.yaml"
    result = invoke("anonymise", case, "-o", out)
    assert result.exit_code == 0, result.output
    assert "a red mark on the wall" in out.read_text(encoding="utf-8")


def test_a_person_without_real_name_is_a_warning(tmp_path: Path) -> None:
    source = CASE.read_text(encoding="utf-8").replace('    real_name: "Rose Hale"\n', "")
    case = tmp_path / "case.yaml"
    case.write_text(source, encoding="utf-8")
    result = invoke("anonymise", case, "-o", tmp_path / "anon.yaml")
    assert result.exit_code == 0, result.output
    assert (
        "warning: people[4] (Maternal grandmother) has no real_name, so their real name cannot "
        "be looked for in the text; add it (it is never written out) and anonymise again.\n"
    ) in result.stderr


def test_every_review_word_is_in_the_report_with_every_place(tmp_path: Path) -> None:
    words = " ".join(f"they met Zarquon{chr(97 + i)}x and Quilliam;" for i in range(20))
    source = CASE.read_text(encoding="utf-8").replace(
        'learning: "Ask who Mr Pryce is."', f'learning: "Ask who Mr Pryce is. {words}"'
    )
    case = tmp_path / "case.yaml"
    case.write_text(source, encoding="utf-8")
    out = tmp_path / "anon.yaml"
    result = invoke("anonymise", case, "-o", out)
    assert result.exit_code == 0, result.output
    report = (tmp_path / "anon.report.md").read_text(encoding="utf-8")
    assert "## Words to check by eye" in report
    for i in range(20):
        assert f"| Zarquon{chr(97 + i)}x | 1 | anon.yaml:" in report
    row = next(line for line in report.splitlines() if line.startswith("| Quilliam |"))
    assert row.count("anon.yaml:") == 20
    assert "more, all listed in" in result.stdout


_FORMS = st.sampled_from(
    [
        "Darragh MacAllister",
        "DARRAGH MCALLISTER",
        "darragh mac allister",
        "Darragh\nMcAllister",
        "MacAllister's",
        "Mr McAllister",
        "Billy",
        "Billy Doyle",
        "Zoe",
        "Zoë Okafor-Brennan",
        "Okafor Brennan",
        "okafor_brennan",
        "Tayla",
        "Mae",
        "Tayla-Mae",
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    form=_FORMS,
    before=st.sampled_from(["", "WRI_", "see ", "2019", "(", "'"]),
    after=st.sampled_from(["", "_chronology.xlsx", "2", ".", " said", "'s"]),
)
def test_any_name_form_is_replaced_and_then_scans_clean(form: str, before: str, after: str) -> None:
    from reviewkit.anonymise.scan import scan_text
    from reviewkit.names import replacement

    vocab = build_vocabulary(
        _case(
            uncle=("Darragh McAllister", ["Billy Doyle"]),
            aunt=("Zoë Okafor-Brennan", []),
            cousin=("Tayla-Mae Oyelaran", []),
        )
    )
    text = f"Noted: {before}{form}{after} at the door."
    hits = vocab.find(text)
    assert hits, text
    out, last = [], 0
    for hit in hits:
        out += [text[last : hit.start], replacement(hit, text)]
        last = hit.end
    clean = "".join([*out, text[last:]])
    assert scan_text(clean, "x", vocab).hits == [], clean


# A name that is also a common word opening a sentence: only the words around it tell.
@pytest.mark.parametrize(
    "text",
    [
        "Grace period ends on Friday.",
        "Will power alone was not enough, she said.",
        "Mark on the skin was noted by the nurse.",
        "Rose bushes lined the path. Rose-tinted reports help nobody.",
        "Will the new plan work? Will anyone ask?",
        "Grace periods were given twice.",
        "Bill payments were late. Bill of sale found.",
    ],
)
def test_a_common_word_opening_a_sentence_is_left_when_not_a_name(text: str) -> None:
    case = _case(grace=("Grace Pell", []), marked=("Mark Rose", []), bill=("Bill Tanner", []))
    assert _found(case, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Grace was seen at home.", "Grace"),
        ("Grace shouted at the officer.", "Grace"),
        ("Mark never came back.", "Mark"),
        ("Rose, the aunt, rang.", "Rose"),
        ("Grace's view was clear.", "Grace's"),
        ("Bill and Mother argued.", "Bill"),
        ("Grace Pell attended.", "Grace Pell"),
        ("Mark.", "Mark"),
    ],
)
def test_a_common_word_opening_a_sentence_is_a_name_where_used_as_one(text: str, name: str) -> None:
    case = _case(grace=("Grace Pell", []), marked=("Mark Rose", []), bill=("Bill Tanner", []))
    assert [t for t, _ in _found(case, text)] == [name]


def test_only_the_name_changes_in_evidence_text(tmp_path: Path) -> None:
    source = CASE.read_text(encoding="utf-8").replace(
        "Police called to Mill Lane;",
        "Will power was lacking. Will said he would leave. Police called to Mill Lane;",
    )
    case = tmp_path / "case.yaml"
    case.write_text(source, encoding="utf-8")
    out = tmp_path / "anon.yaml"
    result = invoke("anonymise", case, "-o", out)
    assert result.exit_code == 0, result.output
    text = " ".join(out.read_text(encoding="utf-8").split())
    assert "Will power was lacking. Mother's partner said he would leave." in text
