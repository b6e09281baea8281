"""The text helpers every message and report words counts, lists and labels with."""

from __future__ import annotations

from reviewkit.model import Case
from reviewkit.wording import (
    a_or_an,
    capitalise,
    count_words,
    did_you_mean,
    join_and,
    number_word,
    plural,
    shorten,
)


def test_plural_counts_in_digits() -> None:
    assert plural(1, "event") == "1 event"
    assert plural(0, "event") == "0 events"
    assert plural(2, "working day") == "2 working days"
    assert plural(3, "agency", "agencies") == "3 agencies"
    assert plural(1, "agency", "agencies") == "1 agency"


def test_count_words_counts_in_words_up_to_nine() -> None:
    assert number_word(0) == "no"
    assert count_words(1, "practitioner") == "one practitioner"
    assert count_words(3, "practitioner") == "three practitioners"
    assert count_words(13, "professional") == "13 professionals"
    assert count_words(2, "person", "people") == "two people"


def test_join_and_leaves_out_empty_items() -> None:
    assert join_and([]) == ""
    assert join_and(["A", ""]) == "A"
    assert join_and(["A", "B"]) == "A and B"
    assert join_and(iter(["KPE 1", "", "KPE 3", "KPE 4"])) == "KPE 1, KPE 3 and KPE 4"


def test_shorten_ends_a_cut_text_with_an_ellipsis() -> None:
    assert shorten("Visit one", 50) == "Visit one"
    assert shorten("x" * 50, 50) == "x" * 50
    # The cut never leaves a space before the ellipsis, and the result fits the width.
    assert shorten("The GP appointment in February", 20) == "The GP appointment…"
    assert len(shorten("a" * 80, 30)) == 30


def test_capitalise_touches_only_the_first_letter() -> None:
    assert capitalise("due in 3 days") == "Due in 3 days"
    assert capitalise("") == ""
    assert capitalise("iPhone GP") == "IPhone GP"


def test_did_you_mean_hints_at_a_close_match() -> None:
    assert did_you_mean("agncy", ["agency", "people"]) == " (did you mean 'agency'?)"
    assert did_you_mean("zzz", ["agency"]) == ""


# --- how a case names its agencies, episodes and recommendations --------------------------------


def _case() -> Case:
    return Case.model_validate(
        {
            "review": {"title": "Review", "partnership": "Partnership"},
            "agencies": [
                {"id": "hv", "name": "Eastvale Health Visiting", "type": "health-visiting"},
                {"id": "gp", "name": "Riverside GP", "type": "gp", "abbreviation": "GP"},
            ],
            "episodes": [
                {"id": "birth", "title": "The birth"},
                {"id": "visit", "number": "2a", "title": "The home visit"},
                {"id": "call", "title": "The call"},
            ],
            "recommendations": [
                {"text": "First.", "addressee": "The Partnership"},
                {"text": "Second.", "addressee": "The Partnership", "number": 7},
                {"text": "Third.", "addressee": "The Partnership"},
            ],
        }
    )


def test_agency_names_fall_back_to_the_name_then_the_id() -> None:
    case = _case()
    assert case.agency_name("gp") == "Riverside GP"
    assert case.agency_short("gp") == "GP"
    assert case.agency_short("hv") == "Eastvale Health Visiting"
    assert case.agency_name("police") == case.agency_short("police") == "police"


def test_episode_labels_use_the_own_number_else_the_position() -> None:
    case = _case()
    birth, visit, call = case.episodes
    assert [case.episode_number(e) for e in case.episodes] == ["1", "2a", "3"]
    assert case.episode_label(call) == "KPE 3"
    assert case.episode_label(visit, title=True) == "KPE 2a: The home visit"
    assert case.episode_label("birth", title=True) == "KPE 1: The birth"
    assert case.episode_label("missing") == ""


def test_recommendation_numbers_use_the_own_number_else_the_position() -> None:
    case = _case()
    assert [case.recommendation_number(r) for r in case.recommendations] == [1, 7, 3]


def test_the_indefinite_article_fits_the_noun() -> None:
    assert a_or_an("answers file") == "an answers file"
    assert a_or_an("empty value") == "an empty value"
    assert a_or_an("list") == "a list"
    assert a_or_an("rules file") == "a rules file"


def test_a_message_about_an_empty_answers_file_reads_as_english(tmp_path) -> None:
    from reviewkit.casefile.modelcheck import check_model
    from reviewkit.casefile.read import parse_yaml
    from reviewkit.model import Review

    problems = check_model(parse_yaml("- 1\n", "a.yaml"), Review, what="answers file")
    assert "an answers file is a mapping" in problems[0].message
    assert "this one is a list" in problems[0].message
