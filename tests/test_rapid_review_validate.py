"""Validation of agency returns and the rapid review section: exact located messages."""

from __future__ import annotations

from reviewkit.casefile import check_document, parse_yaml

from conftest import FIXTURES, ROOT, problems

BASE = (FIXTURES / "rapid-review-case.yaml").read_text(encoding="utf-8")


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def test_fixture_is_valid_and_reads_the_new_sections() -> None:
    case, found = check_document(parse_yaml(BASE, "case.yaml"))
    assert found == []
    assert case is not None
    assert [r.agency for r in case.agency_returns] == ["csc", "police"]
    assert case.agency_returns[0].immediate_actions == [
        "Screening now checks police history for both parents."
    ]
    assert case.rapid_review is not None
    # A single text becomes one point; yes/no become words, not true/false.
    assert case.rapid_review.immediate_actions == [
        "A strategy discussion was held and a safety plan agreed."
    ]
    criteria = case.rapid_review.lcspr_decision.criteria
    assert {k: v.met for k, v in criteria.items()} == {
        "improvements-needed": "yes",
        "multi-agency-concerns": "unclear",
        "cross-boundary": "no",
    }


def test_return_for_an_unknown_agency() -> None:
    text = edit("  - agency: police\n", "  - agency: polise\n")
    n = line_of(text, "  - agency: polise")
    assert problems(text) == [
        f"case.yaml:{n}:13: agency_returns[1].agency: unknown agency 'polise' "
        "(did you mean 'police'?)"
    ]


def test_two_returns_for_one_agency() -> None:
    text = edit("  - agency: police\n", "  - agency: csc\n")
    lines = text.splitlines()
    first, n = [i + 1 for i, line in enumerate(lines) if line == "  - agency: csc"]
    assert problems(text) == [
        f"case.yaml:{n}:13: agency_returns[1].agency: a second return for agency 'csc' "
        f"(the first is at line {first}); merge them into one"
    ]


def test_unknown_criterion_with_a_hint() -> None:
    text = edit("      cross-boundary: no\n", "      cross-border: no\n")
    n = line_of(text, "      cross-border: no")
    assert problems(text) == [
        f"case.yaml:{n}:7: rapid_review.lcspr_decision.criteria.cross-border: unknown criterion "
        "'cross-border' (did you mean 'cross-boundary'?); the criteria are: "
        "improvements-needed, recurrent-themes, multi-agency-concerns, panel-view, "
        "single-agency, no-agency-involvement, cross-boundary, institutional"
    ]


def test_bad_met_value_and_decision() -> None:
    text = edit("      multi-agency-concerns: unclear\n", "      multi-agency-concerns: maybe\n")
    text = text.replace("    decision: undecided\n", "    decision: commision\n")
    assert problems(text) == [
        f"case.yaml:{line_of(text, '    decision: commision')}:15: "
        "rapid_review.lcspr_decision.decision: 'commision' is not one of: commission, "
        "not-commission, undecided (did you mean 'commission'?)",
        f"case.yaml:{line_of(text, '      multi-agency-concerns: maybe')}:30: "
        "rapid_review.lcspr_decision.criteria.multi-agency-concerns.met: 'maybe' is not one "
        "of: yes, no, unclear",
    ]


def test_a_decision_without_reasons_is_a_warning() -> None:
    text = edit("    decision: undecided\n", "    decision: not-commission\n")
    assert problems(text) == [
        f"case.yaml:{line_of(text, '    decision: not-commission')}:15: warning: "
        "rapid_review.lcspr_decision.decision: the decision is 'not-commission' but no "
        "reasons are given (lcspr_decision.reasons)"
    ]


def test_unknown_key_in_a_return_is_located() -> None:
    text = edit("    involvement: One call-out in March 2024.\n", "    involvment: One.\n")
    assert problems(text) == [
        f"case.yaml:{line_of(text, '    involvment: One.')}:5: agency_returns[1].involvment: "
        "unknown key 'involvment' (did you mean 'involvement'?)"
    ]


def test_case_file_docs_list_every_criterion() -> None:
    from reviewkit.criteria import lcspr_criteria

    docs = (ROOT / "docs" / "case-file.md").read_text(encoding="utf-8")
    table = docs[docs.index("The criteria ids") :]
    table = table.split("\n#", 1)[0]  # up to the next heading
    listed = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    assert listed == list(lcspr_criteria())
