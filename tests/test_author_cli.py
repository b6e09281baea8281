"""`reviewkit author` through the CLI: whole sessions fed with `input=`.

CliRunner's input is not a terminal, so these tests set REVIEWKIT_INTERACTIVE=1: the hidden
switch that runs the interactive walk on piped input (without it, author refuses and names
--answers, which is tested too).
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from reviewkit.casefile import load_case
from reviewkit.cli.output import INTERACTIVE_ENV

from conftest import CopyCase, invoke

TERMINAL = {INTERACTIVE_ENV: "1", "VISUAL": None, "EDITOR": None, "COLUMNS": "80"}


@pytest.fixture
def case_file(copy_case: CopyCase) -> Path:
    return copy_case("author-case.yaml")


def author(
    case: Path, *args: str, input: str | None = None, env: dict[str, str | None] | None = None
) -> Any:
    """Run `reviewkit author CASE ARGS` as if on a terminal, typing `input`."""
    return invoke("author", case, *args, input=input, env={**TERMINAL, **(env or {})})


def lines(*typed: str) -> str:
    return "".join(f"{line}\n" for line in typed)


def test_a_session_with_skip_back_and_answers(case_file: Path) -> None:
    result = author(
        case_file,
        input=lines(
            "Known: the bruise and the referral.",
            "",
            "A second paragraph.",
            ".",
            ":s",
            ":b",
            "Hindered by a full duty rota.",
            ".",
            ":q",
        ),
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "Resuming at the first unanswered question: KPE 1: The nursery's referral." in out
    assert "KPE 1 · Question 2 of 5 · 1 of 19 answered" in out
    assert "KPE 1 · Question 3 of 5 · 2 of 19 answered" in out
    assert out.count("✓ Saved in case.yaml.") == 2
    assert "Type your answer; end it with a line holding only a full stop: ." in out
    assert "Saved 2 answers this session; every confirmed answer is in case.yaml." in out
    assert f"Resume with: reviewkit author {case_file}" in out
    episode = load_case(case_file).case.episodes[0]
    assert episode.known == "Known: the bruise and the referral.\n\nA second paragraph."
    assert episode.helped_hindered == "Hindered by a full duty rota."
    assert episode.good_practice is None


def test_resume_starts_where_the_author_left_off(case_file: Path) -> None:
    first = author(case_file, input=lines("Known.", ".", ":q"))
    assert first.exit_code == 0
    second = author(case_file, input=lines(":q"))
    assert second.exit_code == 0
    out = second.stdout
    assert "2 of 19 questions answered" in out
    assert "KPE 1 · Question 3 of 5 · 2 of 19 answered" in out
    assert "Question 2 of 5" not in out


def test_enter_keeps_the_existing_text_offered_for_revision(case_file: Path) -> None:
    before = case_file.read_text(encoding="utf-8")
    result = author(case_file, input=lines(":j kpe-referral", "", ":q"))
    assert result.exit_code == 0
    out = result.stdout
    assert "Current text" in out
    assert "The nursery saw a bruise and referred the same day." in out
    assert "Enter keeps this text. Or type a new answer; end it with a line of only '.'" in out
    assert case_file.read_text(encoding="utf-8") == before
    assert not case_file.with_name("case.yaml.bak").exists()


def test_revising_existing_text(case_file: Path) -> None:
    result = author(case_file, input=lines(":j kpe-referral", "Rewritten.", ".", ":q"))
    assert result.exit_code == 0
    assert load_case(case_file).case.episodes[0].what_happened == "Rewritten."
    assert "The nursery saw a bruise" in case_file.with_name("case.yaml.bak").read_text(
        encoding="utf-8"
    )


def test_the_evidence_comes_first(case_file: Path) -> None:
    result = author(case_file, input=lines(":q"))
    out = result.stdout
    evidence = out[out.index("│ KPE 1: The nursery's referral") :]
    assert evidence.index("Events") < evidence.index("What was known")
    for text in (
        "early March 2023",
        "21 months",
        "Nursery refers a bruise on",
        "“We knew something was wrong but did not know who to ring.” — Nursery key",
        "(1 linked quote not shown: no consent to quote.)",
        "The child's own words",
        "“Mummy's friend was cross.” — Child T, 2 March 2023",
        "What happened: The nursery saw a bruise and referred the same day.",
    ):
        assert text in evidence, text
    assert "Not to be shown" not in out
    assert "Tamsin" not in out


def test_list_jump_and_help(case_file: Path) -> None:
    result = author(case_file, input=lines(":l", ":h", ":j", ":j escalation", ":x", ":q"))
    assert result.exit_code == 0
    out = result.stdout
    assert "Still empty" in out
    assert ":j kpe-referral   KPE 1: The nursery's referral   known and knowable, helped or" in out
    assert ":j conclusions" in out
    assert "keep the current text and go to the next question" in out
    assert "Say where to jump: :j kpe-2, :j themes, :j conclusions ..." in out
    assert "Theme 2: Challenge and escalation" in out
    assert "Unknown command :x; :h lists the commands (start with :: to type ':')." in out


def test_a_recommendation_follows_from_a_theme(case_file: Path) -> None:
    result = author(
        case_file,
        "--only",
        "voice",
        input=lines(
            "Child T was not always heard.",
            ".",
            ":s",
            ":s",
            ":s",
            "Practitioners should record the child's words.",
            ".",
            "",
            "Northmere Safeguarding Children Partnership",
            "",
        ),
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Does a recommendation follow from this theme?" in out
    assert "A recommendation needs someone to act on it." in out
    assert "✓ Recommendation added to case.yaml." in out
    assert "Type another recommendation (end with a line of only '.'), or Enter for none." in out
    assert "End of the walk." in out
    assert "3 questions still empty." in out
    case = load_case(case_file).case
    assert case.themes[0].analysis == "Child T was not always heard."
    rec = case.recommendations[-1]
    assert (rec.number, rec.addressee, rec.themes) == (
        2,
        "Northmere Safeguarding Children Partnership",
        ["voice"],
    )


def test_recommendations_section_links_themes(case_file: Path) -> None:
    result = author(
        case_file,
        "--only",
        "recommendations",
        input=lines(
            "Audit escalation.", ".", "The Partnership", "voice nope", "voice,escalation", ""
        ),
    )
    assert result.exit_code == 0, result.stderr
    assert "Not a theme id: nope. Choose from the ids above." in result.stdout
    rec = load_case(case_file).case.recommendations[-1]
    assert rec.themes == ["voice", "escalation"]


def test_dropping_a_recommendation_saves_nothing(case_file: Path) -> None:
    before = case_file.read_text(encoding="utf-8")
    result = author(
        case_file, "--only", "recommendations", input=lines("Half an idea.", ".", ":s", "")
    )
    assert result.exit_code == 0
    assert "Recommendation dropped; nothing was saved." in result.stdout
    assert case_file.read_text(encoding="utf-8") == before


def test_conclusions_are_written_at_the_top_level(case_file: Path) -> None:
    result = author(case_file, "--only", "conclusions", input=lines("We conclude.", "."))
    assert result.exit_code == 0
    text = case_file.read_text(encoding="utf-8")
    assert "\nconclusions: We conclude.\n" in text
    assert text.index("conclusions:") < text.index("# --- Recommendations")


def test_input_ending_mid_answer_saves_only_what_was_confirmed(case_file: Path) -> None:
    result = author(case_file, input=lines("Confirmed.", ".", "Half typed"))
    assert result.exit_code == 1
    assert "Input ended in the middle of an answer; that answer was not saved." in result.stdout
    assert "Resume with:" in result.stdout
    episode = load_case(case_file).case.episodes[0]
    assert episode.known == "Confirmed."
    assert episode.helped_hindered is None


def test_input_ending_at_a_prompt_is_a_quit(case_file: Path) -> None:
    result = author(case_file, input="")
    assert result.exit_code == 0
    assert "Saved 0 answers this session" in result.stdout


def test_without_a_terminal_it_stops_and_names_answers(case_file: Path) -> None:
    result = invoke("author", case_file, env={INTERACTIVE_ENV: None})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "reviewkit: author asks questions on a terminal, and there is none here (standard "
        "input is not a terminal); give the answers in a file instead with --answers "
        "FILE.yaml (see docs/authoring.md).\n"
    )


def test_answers_file_mode(case_file: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "kpe-visit:\n  learning: |\n    One.\n\n    Two.\nconclusions: Done.\n", encoding="utf-8"
    )
    result = invoke("author", case_file, "--answers", answers, env={INTERACTIVE_ENV: None})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "KPE 2: The June home visit · learning: saved",
        "Conclusions · conclusions: saved",
        f"{case_file}: 2 answers saved (previous version: case.yaml.bak); 3 of 19 questions "
        "answered.",
    ]
    case = load_case(case_file).case
    assert case.episodes[1].learning == "One.\n\nTwo."
    assert "    learning: |\n      One.\n\n      Two.\n" in case_file.read_text(encoding="utf-8")


def test_answers_file_errors_are_located(case_file: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("kpe-visit:\n  lerning: x\n", encoding="utf-8")
    result = invoke("author", case_file, "--answers", answers)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{answers}:2:3: kpe-visit.lerning: 'lerning' is not a question for KPE 2: The June "
        "home visit (did you mean 'learning'?)"
    )


def test_answers_never_replace_written_text_without_replace(
    case_file: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "kpe-referral:\n"
        "  what_happened: From the answers file.\n"
        "  known: New text for an empty field.\n",
        encoding="utf-8",
    )
    before = case_file.read_bytes()
    result = invoke("author", case_file, "--answers", answers)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{answers}:2:3: kpe-referral.what_happened: would replace the text already written "
        "for KPE 1: The nursery's referral · what_happened",
        "    - The nursery saw a bruise and referred the same day.",
        "    + From the answers file.",
        f"1 answer would replace text already written in {case_file}, so nothing was saved. "
        "Give --replace to replace the written text, or take those answers out of the file.",
    ]
    assert case_file.read_bytes() == before
    assert not case_file.with_name("case.yaml.bak").exists()
    assert not (case_file.parent / ".reviewkit").exists()

    result = invoke("author", case_file, "--answers", answers, "--replace")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "KPE 1: The nursery's referral · what_happened: replaced the text written before",
        "KPE 1: The nursery's referral · known: saved",
        f"{case_file}: 2 answers saved, 1 replacing text written before (previous version: "
        "case.yaml.bak); 2 of 19 questions answered.",
    ]
    episode = load_case(case_file).case.episodes[0]
    assert (episode.what_happened, episode.known) == (
        "From the answers file.",
        "New text for an empty field.",
    )
    # The whole file as it was before the session is in its history, byte for byte.
    from reviewkit.casefile.history import list_versions

    versions = list_versions(case_file)
    assert [v.label for v in versions] == ["author"]
    assert versions[0].path.read_bytes() == before


def test_replace_needs_answers(case_file: Path) -> None:
    result = author(case_file, "--replace", input=lines(":q"))
    assert result.exit_code == 2
    assert result.stderr == (
        "reviewkit: --replace goes with --answers FILE (at a terminal, each answer is confirmed).\n"
    )


def test_an_invalid_case_is_refused_before_any_question(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("review:\n  title: T\n", encoding="utf-8")
    result = author(path, input=lines(":q"))
    assert result.exit_code == 2
    assert "'partnership' is required but missing" in result.stderr
    assert result.stdout == ""


def test_unknown_only_is_a_usage_error(case_file: Path) -> None:
    result = author(case_file, "--only", "theems", input=lines(":q"))
    assert result.exit_code == 2
    assert result.stderr == (
        "reviewkit: there is no section 'theems' (did you mean 'themes'?); use episodes, themes, "
        "conclusions, recommendations, rapid-review, or an episode or theme id\n"
    )


def fake_editor(tmp_path: Path, text: str) -> str:
    """An $EDITOR that checks the file is private, keeps reviewkit's notes and writes `text`."""
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import pathlib, stat, sys\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "if stat.S_IMODE(path.stat().st_mode) != 0o600:\n"
        "    sys.exit(3)\n"
        "if stat.S_IMODE(path.parent.stat().st_mode) != 0o700:\n"
        "    sys.exit(4)\n"
        "old = path.read_text(encoding='utf-8')\n"
        "notes = [line for line in old.splitlines() if line.startswith('# ')]\n"
        "(path.parent.parent / 'seen-by-editor.txt').write_text(old, encoding='utf-8')\n"
        f"path.write_text('\\n'.join(notes) + '\\n\\n' + {text!r}, encoding='utf-8')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def script_editor(tmp_path: Path, body: str) -> str:
    """An $EDITOR running a few lines of Python, with `path` the file it was given."""
    script = tmp_path / "script_editor.py"
    script.write_text(
        "import pathlib, sys\npath = pathlib.Path(sys.argv[1])\n" + body, encoding="utf-8"
    )
    return f"{sys.executable} {script}"


def flat(text: str) -> str:
    """Text without whitespace: rich wraps long paths wherever it likes."""
    return "".join(text.split())


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(".case.yaml.answer-*"))


def test_the_editor_writes_an_answer(case_file: Path, tmp_path: Path) -> None:
    editor = fake_editor(tmp_path, "Written in the editor.\n\nTwo paragraphs.")
    result = author(case_file, input=lines(":e", ":q"), env={"VISUAL": editor})
    assert result.exit_code == 0, result.stdout
    assert "✓ Saved in case.yaml." in result.stdout
    assert load_case(case_file).case.episodes[0].known == (
        "Written in the editor.\n\nTwo paragraphs."
    )
    seen = (tmp_path / "seen-by-editor.txt").read_text(encoding="utf-8")
    assert seen.startswith(
        "# KPE 1: The nursery's referral\n# What was known, and what was knowable, at the time?"
    )
    assert not leftovers(tmp_path)


def test_the_editor_is_prefilled_with_the_current_text(case_file: Path, tmp_path: Path) -> None:
    editor = fake_editor(tmp_path, "The nursery saw a bruise and referred the same day.")
    result = author(case_file, input=lines(":j kpe-referral", ":e", ":q"), env={"EDITOR": editor})
    assert result.exit_code == 0
    assert "Unchanged." in result.stdout
    seen = (tmp_path / "seen-by-editor.txt").read_text(encoding="utf-8")
    assert seen.endswith(
        "everything else counts.\n\nThe nursery saw a bruise and referred the same day.\n"
    )
    assert not leftovers(tmp_path)


def test_text_appended_below_the_notes_counts(case_file: Path) -> None:
    # An editor (or a script) that appends: every word it returns is the answer.
    editor = 'sh -c \'printf "Appended answer.\\n" >> "$1"\' editor'
    result = author(case_file, input=lines(":j kpe-referral", ":e", ":q"), env={"VISUAL": editor})
    assert result.exit_code == 0, result.stdout
    assert "✓ Saved in case.yaml." in result.stdout
    assert load_case(case_file).case.episodes[0].what_happened == (
        "The nursery saw a bruise and referred the same day.\nAppended answer."
    )


def test_the_authors_own_hash_lines_are_kept(case_file: Path, tmp_path: Path) -> None:
    editor = fake_editor(tmp_path, "# Not one of reviewkit's notes\nStill the answer.")
    author(case_file, input=lines(":e", ":q"), env={"VISUAL": editor})
    assert load_case(case_file).case.episodes[0].known == (
        "# Not one of reviewkit's notes\nStill the answer."
    )


def test_a_failing_editor_keeps_its_text_and_opens_it_again(
    case_file: Path, tmp_path: Path
) -> None:
    # The first run writes an answer, then fails; the second changes nothing and succeeds.
    editor = script_editor(
        tmp_path,
        "marker = path.parent.parent / 'failed-once'\n"
        "if not marker.exists():\n"
        "    marker.touch()\n"
        "    with path.open('a', encoding='utf-8') as f:\n"
        "        f.write('Words worth keeping.\\n')\n"
        "    sys.exit(1)\n",
    )
    result = author(case_file, input=lines(":e", ":e", ":q"), env={"VISUAL": editor})
    assert result.exit_code == 0, result.stdout
    out = " ".join(result.stdout.split())
    assert "The editor stopped with an error (exit status 1), so its text was not saved." in out
    assert "Everything in it is kept in" in out
    assert ":e opens it again." in out
    assert "✓ Saved in case.yaml." in out
    assert load_case(case_file).case.episodes[0].known == "Words worth keeping."
    assert not leftovers(tmp_path)


def test_a_failing_editor_at_the_end_says_where_the_text_is(
    case_file: Path, tmp_path: Path
) -> None:
    editor = script_editor(
        tmp_path,
        "path.write_text(path.read_text() + 'Kept.\\n', encoding='utf-8')\nsys.exit(2)\n",
    )
    before = case_file.read_bytes()
    result = author(case_file, input=lines(":e", ":q"), env={"VISUAL": editor})
    assert result.exit_code == 0
    (kept,) = leftovers(tmp_path)
    buffer = kept / "answer.md"
    assert buffer.read_text(encoding="utf-8").endswith("\n\nKept.\n")
    assert flat(f"Not saved: an answer written in the editor is kept in {buffer}") in flat(
        result.stdout
    )
    assert case_file.read_bytes() == before
    # The next session says so too.
    again = author(case_file, input=lines(":q"))
    assert flat(f"kept in {buffer}") in flat(again.stdout)


def test_an_editor_that_cannot_start_keeps_the_session_going(case_file: Path) -> None:
    result = author(
        case_file, input=lines(":e", "Typed instead.", ".", ":q"), env={"VISUAL": "/no/such/ed"}
    )
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "Cannot start the editor '/no/such/ed' (No such file or directory)" in out
    assert load_case(case_file).case.episodes[0].known == "Typed instead."
    assert not leftovers(case_file.parent)


def test_an_editor_that_is_not_executable(case_file: Path, tmp_path: Path) -> None:
    script = tmp_path / "not-executable"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o644)
    result = author(case_file, input=lines(":e", ":q"), env={"VISUAL": str(script)})
    assert "(Permission denied); check $VISUAL or $EDITOR" in " ".join(result.stdout.split())
    assert not leftovers(tmp_path)


def test_an_editor_command_with_an_unbalanced_quote(case_file: Path) -> None:
    result = author(case_file, input=lines(":e", ":q"), env={"VISUAL": "code --wait 'my file"})
    assert result.exit_code == 0
    assert (
        'Cannot read the editor command "code --wait \'my file" (no closing quotation: is a '
        "quote left open?)" in " ".join(result.stdout.split())
    )


def test_an_editor_that_deletes_its_file(case_file: Path) -> None:
    editor = "sh -c 'rm \"$1\"' editor"
    result = author(case_file, input=lines(":e", ":q"), env={"VISUAL": editor})
    assert result.exit_code == 0
    assert "is gone (deleted or moved?); nothing was saved." in " ".join(result.stdout.split())
    assert not leftovers(case_file.parent)


@pytest.mark.parametrize(
    ("encoding", "warned"),
    [("utf-16", False), ("utf-8-sig", False), ("cp1252", True)],
)
def test_an_editor_saving_in_another_encoding(
    case_file: Path, tmp_path: Path, encoding: str, warned: bool
) -> None:
    editor = script_editor(tmp_path, f"path.write_text('Café, “quoted”.', encoding={encoding!r})\n")
    result = author(case_file, input=lines(":e", ":q"), env={"VISUAL": editor})
    assert load_case(case_file).case.episodes[0].known == "Café, “quoted”."
    assert ("it was read as Windows-1252" in " ".join(result.stdout.split())) is warned


def test_a_failed_save_shows_the_answer_again(
    case_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from reviewkit import atomic

    real = atomic.write_text
    calls: list[Path] = []

    def full_disk_once(path: Path, text: str, **kw: Any) -> None:
        calls.append(path)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, text, **kw)

    monkeypatch.setattr(atomic, "write_text", full_disk_once)
    before = case_file.read_bytes()
    result = author(case_file, input=lines("Typed, then the disk was full.", ".", ":q"))
    assert result.exit_code == 0
    out = result.stdout
    assert "No space left on device" in out
    assert "Your answer, not saved: copy it from here" in out
    assert "\nTyped, then the disk was full.\n" in out
    assert case_file.read_bytes() == before


def test_a_failed_save_keeps_the_editor_file_for_the_next_try(
    case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from reviewkit import atomic

    real = atomic.write_text
    calls: list[Path] = []

    def read_only_once(path: Path, text: str, **kw: Any) -> None:
        calls.append(path)
        if len(calls) == 1:
            raise OSError(errno.EROFS, "Read-only file system")
        real(path, text, **kw)

    monkeypatch.setattr(atomic, "write_text", read_only_once)
    editor = script_editor(
        tmp_path,
        "text = path.read_text(encoding='utf-8')\n"
        "if 'From the editor.' not in text:\n"
        "    path.write_text(text + 'From the editor.\\n', encoding='utf-8')\n",
    )
    result = author(case_file, input=lines(":e", ":e", ":q"), env={"VISUAL": editor})
    out = " ".join(result.stdout.split())
    assert "Read-only file system" in out
    assert "Your answer from the editor is kept in" in out
    assert "✓ Saved in case.yaml." in out
    assert load_case(case_file).case.episodes[0].known == "From the editor."
    assert not leftovers(tmp_path)


def test_a_buffer_left_by_an_earlier_session_is_named(case_file: Path) -> None:
    kept = case_file.parent / ".case.yaml.answer-x1y2z3" / "answer.md"
    kept.parent.mkdir()
    kept.write_text("Lost words.\n", encoding="utf-8")
    result = author(case_file, input=lines(":q"))
    out = " ".join(result.stdout.split())
    assert "An answer written in the editor in an earlier session was not saved" in out
    assert kept.read_text(encoding="utf-8") == "Lost words.\n"


def test_editor_mode_opens_the_editor_on_enter(case_file: Path, tmp_path: Path) -> None:
    editor = fake_editor(tmp_path, "From --editor.")
    result = author(case_file, "--editor", input=lines("", ":q"), env={"VISUAL": editor})
    assert result.exit_code == 0
    assert "Enter opens your editor." in result.stdout
    assert load_case(case_file).case.episodes[0].known == "From --editor."


def test_editor_mode_needs_an_editor(case_file: Path) -> None:
    result = author(case_file, "--editor", input=lines(":q"))
    assert result.exit_code == 2
    assert "--editor needs an editor: set $VISUAL or $EDITOR" in result.stderr


def test_no_editor_mode_refuses_e(case_file: Path, tmp_path: Path) -> None:
    editor = fake_editor(tmp_path, "Never.")
    result = author(case_file, "--no-editor", input=lines(":e", ":q"), env={"VISUAL": editor})
    assert result.exit_code == 0
    assert "The editor is off (--no-editor); type the answer here instead." in result.stdout
    assert ":e editor" not in result.stdout
    assert load_case(case_file).case.episodes[0].known is None


def test_no_editor_set_says_how_to_set_one(case_file: Path) -> None:
    result = author(case_file, input=lines(":e", ":q"))
    assert "No editor is set: set $VISUAL or $EDITOR, or type the answer here." in result.stdout


def test_the_session_round_trips_comments_and_key_order(case_file: Path) -> None:
    before = case_file.read_text(encoding="utf-8")
    result = author(
        case_file,
        input=lines("Known.", ".", "Hindered.", ".", ":j kpe-visit", "What.", ".", ":q"),
    )
    assert result.exit_code == 0
    after = case_file.read_text(encoding="utf-8")
    removed = [ln for ln in before.splitlines() if ln not in after.splitlines()]
    assert removed == ["    known:                           # what was known then"]
    assert "    known: Known.                    # what was known then" in after
    assert '  - {id: csc, name: "Northmere Children\'s Social Care"' in after
    assert "    title: 'The June home visit'     # single-quoted on purpose" in after


def test_an_answer_starting_with_a_colon(case_file: Path) -> None:
    result = author(case_file, input=lines("::colon first", ".", ":q"))
    assert result.exit_code == 0
    assert load_case(case_file).case.episodes[0].known == ":colon first"


def test_the_case_file_keeps_private_permissions(case_file: Path) -> None:
    case_file.chmod(0o600)
    author(case_file, input=lines("Known.", ".", ":q"))
    assert stat.S_IMODE(case_file.stat().st_mode) == 0o600
