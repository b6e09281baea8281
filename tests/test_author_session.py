"""The authoring walk as a core object, driven by a scripted answer source (no terminal)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest

from reviewkit.authoring.answers import AnswersFileSource, load_answers
from reviewkit.authoring.evidence import Evidence
from reviewkit.authoring.questions import load_questions
from reviewkit.authoring.session import (
    AddRecommendation,
    Answer,
    Back,
    EmptyItem,
    Jump,
    Keep,
    ListEmpty,
    Progress,
    Quit,
    Reply,
    Section,
    Session,
    Skip,
    Step,
    View,
)
from reviewkit.casefile import CaseStore, load_case
from reviewkit.errors import CaseChangedError, CaseInvalidError, UsageError, WouldReplaceError

from conftest import CopyCase


@pytest.fixture
def case_file(copy_case: CopyCase) -> Path:
    return copy_case("author-case.yaml")


def session_for(path: Path, only: str | None = None) -> Session:
    return Session(CaseStore(path), load_questions(), only)


Scripted = Reply | Callable[[View], Reply]


class Script:
    """An answer source that replies from a list and records what it was shown."""

    shows = True

    def __init__(self, replies: list[Scripted], *, reload: bool = True) -> None:
        self.replies = list(replies)
        self.reload = reload
        self.sections: list[str] = []
        self.asked: list[str] = []
        self.progress: list[str] = []
        self.confirmations: list[str] = []
        self.told: list[str] = []
        self.empty: list[list[EmptyItem]] = []
        self.conflicts: list[str] = []

    def show_section(self, section: Section, evidence: Evidence, progress: Progress) -> None:
        self.sections.append(section.id)

    def ask(self, view: View) -> Reply:
        self.asked.append(f"{view.step.section.id}.{view.step.question.id}")
        self.progress.append(str(view.progress))
        reply = self.replies.pop(0) if self.replies else Quit()
        return reply(view) if callable(reply) else reply

    def confirmed(self, step: Step, outcome: Literal["saved", "unchanged", "added"]) -> None:
        self.confirmations.append(f"{step.section.id}.{step.question.id}:{outcome}")

    def show_empty(self, items: list[EmptyItem]) -> None:
        self.empty.append(items)

    def tell(self, message: str) -> None:
        self.told.append(message)

    def not_saved(self, step: Step, message: str, unsaved: str) -> None:
        self.told.append(f"{message} [{unsaved}]")

    def resolve_conflict(self, error: CaseChangedError, unsaved: str) -> bool:
        self.conflicts.append(unsaved)
        return self.reload


def test_the_walk_covers_episodes_then_themes_then_conclusions_and_recommendations(
    case_file: Path,
) -> None:
    session = session_for(case_file)
    sections = []
    for step in session.steps:
        if step.section.id not in sections:
            sections.append(step.section.id)
    assert sections == [
        "kpe-referral",
        "kpe-visit",
        "voice",
        "escalation",
        "conclusions",
        "recommendations",
    ]
    assert len(session.steps) == 2 * 5 + 2 * 5 + 1 + 1
    first = session.steps[0]
    assert first.section.heading == "KPE 1: The nursery's referral"
    assert str(session.progress(first)) == (
        "Key practice episode 1 of 2 · 1 of 19 questions answered"
    )
    assert session.steps[10].section.heading == "Theme 1: Hearing Child T"


def test_a_session_starts_at_the_first_unanswered_question(case_file: Path) -> None:
    session = session_for(case_file)
    assert session.steps[session.start_position()].key == ("episode", "kpe-referral", "known")
    script = Script([Answer("Known then."), Quit()])
    outcome = session.run(script)
    assert outcome.quit and outcome.saved == 1 and outcome.answered == 2
    resumed = session_for(case_file)
    assert resumed.steps[resumed.start_position()].key == (
        "episode",
        "kpe-referral",
        "helped_hindered",
    )


def test_skip_back_keep_and_answer(case_file: Path) -> None:
    session = session_for(case_file)
    script = Script([Skip(), Answer("Workload."), Back(), Keep(), Answer("Good."), Quit()])
    session.run(script)
    assert script.asked == [
        "kpe-referral.known",
        "kpe-referral.helped_hindered",
        "kpe-referral.good_practice",
        "kpe-referral.helped_hindered",
        "kpe-referral.good_practice",
        "kpe-referral.learning",
    ]
    assert script.confirmations == [
        "kpe-referral.helped_hindered:saved",
        "kpe-referral.good_practice:saved",
    ]
    case = load_case(case_file).case
    assert case.episodes[0].known is None
    assert case.episodes[0].helped_hindered == "Workload."
    assert case.episodes[0].good_practice == "Good."
    assert script.progress[1].endswith("1 of 19 questions answered")
    assert script.progress[2].endswith("2 of 19 questions answered")


def test_back_at_the_first_question_says_so(case_file: Path) -> None:
    session = session_for(case_file)
    script = Script([Back(), Quit()])
    session.run(script, start=0)
    assert script.told == ["This is the first question."]
    assert script.asked == ["kpe-referral.what_happened", "kpe-referral.what_happened"]


def test_jump_and_list(case_file: Path) -> None:
    session = session_for(case_file)
    script = Script([Jump("voice"), ListEmpty(), Jump("nowhere"), Jump("conclusions"), Quit()])
    session.run(script)
    assert script.asked == [
        "kpe-referral.known",
        "voice.analysis",
        "voice.analysis",
        "voice.analysis",
        "conclusions.conclusions",
    ]
    assert script.sections == ["kpe-referral", "voice", "conclusions"]
    assert script.told == [
        "there is no section 'nowhere'; use episodes, themes, conclusions, recommendations, "
        "rapid-review, or an episode or theme id"
    ]
    empty = script.empty[0]
    assert [item.section.id for item in empty] == [
        "kpe-referral",
        "kpe-visit",
        "voice",
        "escalation",
        "conclusions",
    ]
    assert [q.id for q in empty[0].questions] == [
        "known",
        "helped_hindered",
        "good_practice",
        "learning",
    ]


def test_only_limits_the_walk_and_jumps(case_file: Path) -> None:
    session = session_for(case_file, only="themes")
    assert {s.section.id for s in session.steps} == {"voice", "escalation"}
    assert str(session.progress(session.steps[0])) == "Theme 1 of 2 · 0 of 8 questions answered"
    script = Script([Jump("kpe-visit"), Quit()])
    session.run(script)
    assert script.told == ["'kpe-visit' is not part of this session (--only themes)"]
    one = session_for(case_file, only="kpe-visit")
    assert [s.key for s in one.steps][0] == ("episode", "kpe-visit", "what_happened")
    assert str(one.progress(one.steps[0])) == "Key practice episode · 0 of 5 questions answered"


def test_only_names_an_unknown_section(case_file: Path) -> None:
    with pytest.raises(UsageError) as err:
        session_for(case_file, only="kpe-vist")
    assert err.value.message == (
        "there is no section 'kpe-vist' (did you mean 'kpe-visit'?); use episodes, themes, "
        "conclusions, recommendations, rapid-review, or an episode or theme id"
    )


def test_an_id_shared_by_an_episode_and_a_theme_needs_its_kind(case_file: Path) -> None:
    text = case_file.read_text(encoding="utf-8").replace("- id: escalation", "- id: kpe-visit")
    text = text.replace("themes: [escalation]", "themes: [kpe-visit]")
    case_file.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match="write episode:kpe-visit or theme:kpe-visit"):
        session_for(case_file, only="kpe-visit")
    session = session_for(case_file, only="theme:kpe-visit")
    assert {s.section.kind for s in session.steps} == {"theme"}


def test_a_theme_recommendation_is_linked_to_the_theme(case_file: Path) -> None:
    session = session_for(case_file, only="voice")
    script = Script(
        [
            Skip(),
            Skip(),
            Skip(),
            Skip(),
            AddRecommendation("Nurseries should be able to ask.", "Northmere CSC"),
            Keep(),
        ]
    )
    outcome = session.run(script)
    assert not outcome.quit
    assert script.asked[-2:] == ["voice.recommendation", "voice.recommendation"]
    assert script.confirmations == ["voice.recommendation:added"]
    rec = load_case(case_file).case.recommendations[-1]
    assert (rec.number, rec.text, rec.addressee, rec.themes) == (
        2,
        "Nurseries should be able to ask.",
        "Northmere CSC",
        ["voice"],
    )


def test_recommendations_section_asks_which_themes(case_file: Path) -> None:
    session = session_for(case_file, only="recommendations")
    views: list[View] = []

    def add(view: View) -> Reply:
        views.append(view)
        return AddRecommendation("Check escalation.", "The Partnership", ("voice", "escalation"))

    session.run(Script([add, Keep()]))
    assert views[0].asks_themes and views[0].theme_ids == ("voice", "escalation")
    assert [r.number for r in views[0].recommendations] == [1]
    rec = load_case(case_file).case.recommendations[-1]
    assert rec.themes == ["voice", "escalation"]


def test_an_edit_elsewhere_then_reload_keeps_both(case_file: Path) -> None:
    session = session_for(case_file)

    def edit_then_answer(view: View) -> Reply:
        text = case_file.read_text(encoding="utf-8").replace('Child T"', 'Child T2"', 1)
        case_file.write_text(text, encoding="utf-8")
        return Answer("Mine.")

    script = Script([edit_then_answer, Quit()], reload=True)
    session.run(script)
    assert script.conflicts == ["Mine."]
    text = case_file.read_text(encoding="utf-8")
    assert "Child T2" in text and "Mine." in text
    assert script.confirmations == ["kpe-referral.known:saved"]


def test_an_edit_elsewhere_then_quit_overwrites_nothing(case_file: Path) -> None:
    session = session_for(case_file)
    edited: list[str] = []

    def edit_then_answer(view: View) -> Reply:
        text = case_file.read_text(encoding="utf-8").replace('Child T"', 'Child T2"', 1)
        case_file.write_text(text, encoding="utf-8")
        edited.append(text)
        return Answer("Mine.")

    outcome = session.run(Script([edit_then_answer], reload=False))
    assert outcome.quit
    assert case_file.read_text(encoding="utf-8") == edited[0]


def test_the_same_answer_edited_elsewhere_is_asked_again(case_file: Path) -> None:
    session = session_for(case_file)

    def edit_same_field(view: View) -> Reply:
        text = case_file.read_text(encoding="utf-8").replace(
            "    known:                           # what was known then",
            "    known: Theirs.",
        )
        case_file.write_text(text, encoding="utf-8")
        return Answer("Mine.")

    script = Script([edit_same_field, Quit()])
    session.run(script)
    assert script.told == [
        "This answer was also changed in the other edit, so yours was not saved. The question "
        "is asked again with the text now in the file."
    ]
    assert script.asked == ["kpe-referral.known", "kpe-referral.known"]
    assert load_case(case_file).case.episodes[0].known == "Theirs."


def test_evidence_for_an_episode(case_file: Path) -> None:
    session = session_for(case_file)
    evidence = session.evidence(session.steps[0].section)
    assert [(e.date, e.age, e.agency, e.summary) for e in evidence.events] == [
        # The referral first: "early March" (1-10 March) sorts by its middle, the 5th.
        ("2 March 2023", "21 months", "Nursery", "Nursery refers a bruise on Child T's cheek."),
        ("early March 2023", "21 to 22 months", "CSC", "Screened; no further action."),
    ]
    assert [(q.text, q.attribution) for q in evidence.quotes] == [
        (
            "We knew something was wrong but did not know who to ring.",
            "Nursery key worker, Nursery",
        )
    ]
    assert evidence.withheld_quotes == 1
    assert [(q.text, q.attribution) for q in evidence.child_words] == [
        ("Mummy's friend was cross.", "Child T, 2 March 2023")
    ]
    assert [(w.label, w.text) for w in evidence.written] == [
        ("What happened", "The nursery saw a bruise and referred the same day.")
    ]
    assert evidence.related == ["Theme: Hearing Child T"]


def test_evidence_for_a_theme_and_for_the_end(case_file: Path) -> None:
    session = session_for(case_file)
    by_id = {s.section.id: s.section for s in session.steps}
    voice = session.evidence(by_id["voice"])
    assert [e.summary for e in voice.events] == [
        "Nursery refers a bruise on Child T's cheek.",
        "Unannounced visit; Child T seen alone.",
    ]
    assert voice.related == ["KPE 1: The nursery's referral", "KPE 2: The June home visit"]
    assert voice.recommendations == []
    escalation = session.evidence(by_id["escalation"])
    assert [r.number for r in escalation.recommendations] == [1]
    conclusions = session.evidence(by_id["conclusions"])
    assert conclusions.related == [
        "Theme not yet analysed: Hearing Child T",
        "Theme not yet analysed: Challenge and escalation",
    ]
    recs = session.evidence(by_id["recommendations"])
    assert [(r.number, r.addressee) for r in recs.recommendations] == [
        (1, "Northmere Safeguarding Children Partnership")
    ]


def test_real_names_never_reach_the_evidence(case_file: Path) -> None:
    session = session_for(case_file)
    seen = repr([session.evidence(s.section) for s in session.steps])
    assert "Tamsin" not in seen and "Exampleton" not in seen


# --- answers file ---------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_an_answers_file_fills_fields_and_recommendations(
    case_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_for_a_file(*_: object) -> None:
        raise AssertionError("evidence made for an answers file")

    # An answers file shows nothing: the evidence a terminal shows is not made for it.
    monkeypatch.setattr(Session, "evidence", not_for_a_file)
    answers = write(
        case_file.parent / "answers.yaml",
        "kpe-referral:\n"
        "  known: |\n"
        "    The bruise was known.\n"
        "\n"
        "    Nothing else was.\n"
        "  what_happened: The nursery saw a bruise and referred the same day.\n"
        "voice:\n"
        "  analysis: Child T was not always heard.\n"
        "  recommendation:\n"
        "    text: Hear the child.\n"
        "    addressee: The Partnership\n"
        "conclusions: We conclude.\n"
        "recommendations:\n"
        "  - text: Another.\n"
        "    addressee: Someone\n"
        "    themes: [escalation]\n",
    )
    session = session_for(case_file)
    lines: list[str] = []
    source = AnswersFileSource(load_answers(answers, session), lines.append)
    outcome = session.run(source, start=0)
    assert lines == [
        "KPE 1: The nursery's referral · what_happened: unchanged",
        "KPE 1: The nursery's referral · known: saved",
        "Theme 1: Hearing Child T · analysis: saved",
        "Theme 1: Hearing Child T · recommendation: recommendation added",
        "Conclusions · conclusions: saved",
        "Recommendations · recommendation: recommendation added",
    ]
    assert (source.saved, source.unchanged, outcome.answered) == (5, 1, 4)
    case = load_case(case_file).case
    assert case.episodes[0].known == "The bruise was known.\n\nNothing else was."
    assert [(r.text, r.themes) for r in case.recommendations[1:]] == [
        ("Hear the child.", ["voice"]),
        ("Another.", ["escalation"]),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "kpe-referal:\n  known: x\n",
            "answers.yaml:1:1: kpe-referal: there is no section 'kpe-referal' (did you mean "
            "'kpe-referral'?); "
            "use episodes, themes, conclusions, recommendations, rapid-review, or an episode or "
            "theme id",
        ),
        (
            "kpe-referral:\n  knwon: x\n",
            "answers.yaml:2:3: kpe-referral.knwon: 'knwon' is not a question for KPE 1: The "
            "nursery's referral "
            "(did you mean 'known'?); use what_happened, known, helped_hindered, "
            "good_practice, learning",
        ),
        (
            "kpe-referral:\n  known: 12\n",
            "answers.yaml:2:10: kpe-referral.known: expected the answer as text (use | for "
            "several lines)",
        ),
        (
            "kpe-referral: x\n",
            "answers.yaml:1:15: kpe-referral: 'kpe-referral' needs a mapping of field: answer "
            "(e.g. known: ...)",
        ),
        (
            "voice:\n  recommendation: {text: T}\n",
            "answers.yaml:2:19: voice.recommendation: 'addressee' is required but missing",
        ),
        (
            "recommendations:\n  - {text: T, addressee: A, themes: [voise]}\n",
            "answers.yaml:2:38: recommendations[0].themes[0]: unknown theme 'voise' (did you "
            "mean 'voice'?)",
        ),
        (
            "- a\n",
            "answers.yaml:1:1: an answers file maps section ids to answers (kpe-1: {known: ...})",
        ),
        (
            "voice:\n  recommendation: {text: T, addresee: A}\n",
            "answers.yaml:2:29: voice.recommendation.addresee: unknown key 'addresee' (did you "
            "mean 'addressee'?)",
        ),
        (
            "recommendations:\n  - just text\n",
            "answers.yaml:2:5: recommendations[0]: expected a mapping of keys and values, got a "
            "text",
        ),
    ],
)
def test_mistakes_in_an_answers_file_are_located(case_file: Path, text: str, message: str) -> None:
    answers = write(case_file.parent / "answers.yaml", text)
    before = case_file.read_text(encoding="utf-8")
    with pytest.raises(CaseInvalidError) as err:
        load_answers(answers, session_for(case_file))
    assert [str(p) for p in err.value.problems] == [message.replace("answers.yaml", str(answers))]
    assert case_file.read_text(encoding="utf-8") == before


def test_answers_outside_only_are_refused(case_file: Path) -> None:
    answers = write(case_file.parent / "answers.yaml", "kpe-visit:\n  known: x\n")
    with pytest.raises(CaseInvalidError) as err:
        load_answers(answers, session_for(case_file, only="themes"))
    assert [str(p) for p in err.value.problems] == [
        f"{answers}:2:3: kpe-visit.known: KPE 2: The June home visit is not part of this "
        "session (--only themes)"
    ]


def test_answers_mode_stops_on_an_edit_elsewhere(case_file: Path) -> None:
    answers = write(case_file.parent / "answers.yaml", "kpe-visit:\n  known: x\n  learning: y\n")
    session = session_for(case_file)
    plan = load_answers(answers, session)
    edited = case_file.read_text(encoding="utf-8") + "# edited elsewhere\n"
    case_file.write_text(edited, encoding="utf-8")
    with pytest.raises(CaseChangedError):
        session.run(AnswersFileSource(plan, lambda line: None), start=0)
    assert case_file.read_text(encoding="utf-8") == edited


def test_every_mistake_in_an_answers_file_is_reported_at_once(case_file: Path) -> None:
    answers = write(
        case_file.parent / "answers.yaml",
        "kpe-referal:\n"
        "  known: x\n"
        "kpe-visit:\n"
        "  lerning: x\n"
        "  known: 12\n"
        "voice:\n"
        "  recommendation: {text: T, themes: [voise]}\n"
        "conclusions: Fine.\n",
    )
    with pytest.raises(CaseInvalidError) as err:
        load_answers(answers, session_for(case_file))
    assert [(p.line, p.column, p.path) for p in err.value.problems] == [
        (1, 1, "kpe-referal"),
        (4, 3, "kpe-visit.lerning"),
        (5, 10, "kpe-visit.known"),
        (7, 19, "voice.recommendation"),
    ]
    assert str(err.value).endswith("4 errors; fix them and run the command again.")


def test_the_same_answer_given_twice_is_a_mistake(case_file: Path) -> None:
    answers = write(
        case_file.parent / "answers.yaml",
        "kpe-visit:\n  known: One.\nepisode:kpe-visit:\n  known: Two.\n",
    )
    with pytest.raises(CaseInvalidError) as err:
        load_answers(answers, session_for(case_file))
    assert [str(p) for p in err.value.problems] == [
        f"{answers}:4:3: episode:kpe-visit.known: KPE 2: The June home visit · known is "
        "answered twice (also on line 2)"
    ]


def test_an_answer_that_would_replace_written_text_is_refused(case_file: Path) -> None:
    answers = write(
        case_file.parent / "answers.yaml",
        "kpe-referral:\n"
        "  what_happened: |\n"
        "    The nursery saw a bruise and referred the next day.\n"
        "\n"
        "    A new paragraph.\n"
        "  known: Not written before, so no problem.\n",
    )
    with pytest.raises(WouldReplaceError) as err:
        load_answers(answers, session_for(case_file))
    assert err.value.message.splitlines() == [
        f"{answers}:2:3: kpe-referral.what_happened: would replace the text already written "
        "for KPE 1: The nursery's referral · what_happened",
        "    - The nursery saw a bruise and referred the same day.",
        "    + The nursery saw a bruise and referred the next day.",
        "    +",
        "    + A new paragraph.",
        f"1 answer would replace text already written in {case_file}, so nothing was saved. "
        "Give --replace to replace the written text, or take those answers out of the file.",
    ]
    assert err.value.exit_code == 1


def test_with_replace_written_text_is_replaced_and_said_so(case_file: Path) -> None:
    answers = write(
        case_file.parent / "answers.yaml",
        "kpe-referral:\n  what_happened: Rewritten.\n  known: New.\n",
    )
    session = session_for(case_file)
    lines: list[str] = []
    source = AnswersFileSource(load_answers(answers, session, replace=True), lines.append)
    session.run(source, start=0)
    assert lines == [
        "KPE 1: The nursery's referral · what_happened: replaced the text written before",
        "KPE 1: The nursery's referral · known: saved",
    ]
    assert (source.saved, source.replaced) == (2, 1)
    assert load_case(case_file).case.episodes[0].what_happened == "Rewritten."


def test_a_long_change_is_shown_short(case_file: Path) -> None:
    answers = write(
        case_file.parent / "answers.yaml",
        "kpe-referral:\n  what_happened: |\n"
        + "".join(f"    Line {i} {'x' * 120}\n" for i in range(12)),
    )
    with pytest.raises(WouldReplaceError) as err:
        load_answers(answers, session_for(case_file))
    shown = err.value.message.splitlines()[1:-1]
    assert len(shown) == 9
    assert shown[-1] == "    … 5 more changed lines"
    assert all(len(line) <= 104 for line in shown)


def test_a_failed_save_shows_the_unsaved_answer(
    case_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from reviewkit import atomic

    def full(path: Path, text: str, **kw: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "write_text", full)
    script = Script([Answer("Not lost."), Quit()])
    session_for(case_file).run(script)
    assert script.told == [
        f"episodes[kpe-referral].known: could not write {case_file}.bak (No space left on "
        "device); nothing was saved. [Not lost.]"
    ]


def test_the_narrative_is_asked_for_period_by_period_with_its_events(case_file: Path) -> None:
    text = case_file.read_text(encoding="utf-8").replace(
        "\nepisodes:\n",
        "\nnarrative:\n"
        "  - id: spring\n"
        "    title: Spring 2023\n"
        "    period: March to May 2023\n"
        "\nepisodes:\n",
        1,
    )
    write(case_file, text)
    session = session_for(case_file)
    first = session.steps[0]
    assert (first.section.heading, first.question.id) == ("Period 1: Spring 2023", "narrative")
    assert session.start_position() == 0
    evidence = session.evidence(first.section)
    # The period's events are the evidence (in timeline order: "early March" sorts by the
    # middle of its span, after 2 March), and the episodes of the same months.
    assert [(e.date, e.agency) for e in evidence.events] == [
        ("2 March 2023", "Nursery"),
        ("early March 2023", "CSC"),
    ]
    assert evidence.related == ["KPE 1: The nursery's referral"]
    answers = write(
        case_file.parent / "answers.yaml", "spring:\n  narrative: Child T started nursery.\n"
    )
    lines: list[str] = []
    session.run(AnswersFileSource(load_answers(answers, session), lines.append), start=0)
    assert lines == ["Period 1: Spring 2023 · narrative: saved"]
    assert load_case(case_file).case.narrative[0].narrative == "Child T started nursery."
    assert (
        "  - id: spring\n    title: Spring 2023\n    period: March to May 2023\n"
        "    narrative: Child T started nursery.\n" in case_file.read_text(encoding="utf-8")
    )
