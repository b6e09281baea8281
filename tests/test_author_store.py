"""Saving answers into a hand-written case file: layout kept, nothing lost, nothing forced."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.authoring.targets import Target, add_recommendation, normalise, set_text
from reviewkit.casefile import CaseStore, load_case
from reviewkit.errors import AnswerRejectedError, CaseChangedError, ChangeRejectedError

from conftest import FIXTURES, ROOT, CopyCase

STARTER = ROOT / "templates" / "starter-case.yaml"


@pytest.fixture
def case_file(copy_case: CopyCase) -> Path:
    return copy_case("author-case.yaml")


def comments(text: str) -> list[str]:
    """Every comment in a YAML text, in order (full-line and end-of-line)."""
    found = []
    for line in text.splitlines():
        if "#" in line:
            found.append(line[line.index("#") :].strip())
    return found


def test_answer_goes_into_the_file_as_a_block_scalar_keeping_the_comment(case_file: Path) -> None:
    store = CaseStore(case_file)
    assert store.reformatted_lines == 0
    assert set_text(store, Target("known", "episodes", "kpe-referral"), "First.\n\nSecond.")
    text = case_file.read_text(encoding="utf-8")
    assert (
        "    known: |                         # what was known then\n"
        "      First.\n"
        "\n"
        "      Second.\n"
        "  - id: kpe-visit\n"
    ) in text
    case = load_case(case_file).case
    assert case.episodes[0].known == "First.\n\nSecond."


def test_every_comment_and_the_key_order_survive(case_file: Path) -> None:
    before = case_file.read_text(encoding="utf-8")
    store = CaseStore(case_file)
    set_text(store, Target("known", "episodes", "kpe-referral"), "Known.")
    set_text(store, Target("learning", "episodes", "kpe-visit"), "Line one\nline two")
    set_text(store, Target("analysis", "themes", "voice"), "Analysis of voice.")
    set_text(store, Target("conclusions"), "We conclude.\n\nTwo paragraphs.")
    add_recommendation(store, "Ask the child.", "Northmere Children's Social Care", ["voice"])
    after = case_file.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    assert store.saves == 5
    # Nothing the author wrote was removed: every old line is still there, in order.
    old_lines = [ln for ln in before.splitlines() if ln.strip() and "known:" not in ln]
    new_lines = iter(after.splitlines())
    assert all(any(line == new for new in new_lines) for line in old_lines)
    case = load_case(case_file).case
    assert after_keys(after) == [
        "review",
        "people",
        "agencies",
        "events",
        "interviews",
        "episodes",
        "themes",
        "conclusions",
        "recommendations",
        "glossary",
    ]
    assert case.conclusions == "We conclude.\n\nTwo paragraphs."
    assert case.recommendations[1].number == 2
    assert case.recommendations[1].themes == ["voice"]
    # The banner comments still introduce their own sections.
    assert (
        "# --- Recommendations ---" in after.split("conclusions:")[1].split("recommendations:")[0]
    )
    assert after.index("# --- Glossary (keep last)") > after.index("addressee: Northmere Child")


def after_keys(text: str) -> list[str]:
    return [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]


def test_new_keys_are_written_in_the_model_order(case_file: Path) -> None:
    store = CaseStore(case_file)
    set_text(store, Target("learning", "episodes", "kpe-visit"), "Learn.")
    set_text(store, Target("what_happened", "episodes", "kpe-visit"), "Happened.")
    text = case_file.read_text(encoding="utf-8")
    block = text.split("  - id: kpe-visit\n")[1].split("\n\n")[0]
    assert block.splitlines() == [
        "    title: 'The June home visit'     # single-quoted on purpose",
        "    events: [visit-1]",
        "    what_happened: Happened.",
        "    learning: Learn.",
    ]


def test_the_previous_version_is_kept_as_a_rolling_backup(case_file: Path) -> None:
    original = case_file.read_text(encoding="utf-8")
    store = CaseStore(case_file)
    set_text(store, Target("known", "episodes", "kpe-referral"), "One.")
    backup = case_file.with_name("case.yaml.bak")
    assert backup.read_text(encoding="utf-8") == original
    after_first = case_file.read_text(encoding="utf-8")
    set_text(store, Target("learning", "episodes", "kpe-referral"), "Two.")
    assert backup.read_text(encoding="utf-8") == after_first
    # Beside them only the history folder (a copy from before the first save, tested elsewhere).
    names = sorted(p.name for p in case_file.parent.iterdir())
    assert names == [".reviewkit", "case.yaml", "case.yaml.bak"]


def test_backup_keeps_the_case_files_permissions(case_file: Path) -> None:
    case_file.chmod(0o600)
    store = CaseStore(case_file)
    set_text(store, Target("known", "episodes", "kpe-referral"), "One.")
    assert case_file.stat().st_mode & 0o777 == 0o600
    assert store.backup_path.stat().st_mode & 0o777 == 0o600


def test_an_unchanged_answer_writes_nothing(case_file: Path) -> None:
    store = CaseStore(case_file)
    target = Target("what_happened", "episodes", "kpe-referral")
    same = "  The nursery saw a bruise and referred the same day.  \n"
    assert set_text(store, target, same) is False
    assert store.saves == 0
    assert not store.backup_path.exists()


@pytest.mark.parametrize("answer", ["yes", "12", "2019-03-14", "null", "a: b", "# not a comment"])
def test_one_line_answers_that_look_like_other_things_stay_text(
    case_file: Path, answer: str
) -> None:
    store = CaseStore(case_file)
    set_text(store, Target("learning", "episodes", "kpe-referral"), answer)
    assert load_case(case_file).case.episodes[0].learning == answer


def test_an_edit_elsewhere_is_never_overwritten(case_file: Path) -> None:
    store = CaseStore(case_file)
    set_text(store, Target("known", "episodes", "kpe-referral"), "Mine.")
    edited = case_file.read_text(encoding="utf-8").replace('Child T"', 'Child T (edited)"', 1)
    case_file.write_text(edited, encoding="utf-8")
    with pytest.raises(CaseChangedError) as err:
        set_text(store, Target("learning", "episodes", "kpe-referral"), "Lost?")
    assert "changed on disk since reviewkit last read or wrote it" in err.value.message
    assert "nothing was overwritten" in err.value.message
    assert case_file.read_text(encoding="utf-8") == edited
    assert store.changed_on_disk()
    # After a reload the session carries on from the file as it is now.
    store.reload()
    assert set_text(store, Target("learning", "episodes", "kpe-referral"), "Kept.")
    text = case_file.read_text(encoding="utf-8")
    assert "Child T (edited)" in text and "learning: Kept." in text


def test_a_deleted_case_file_is_reported_not_recreated(case_file: Path) -> None:
    store = CaseStore(case_file)
    case_file.unlink()
    with pytest.raises(CaseChangedError, match="was moved or deleted"):
        set_text(store, Target("known", "episodes", "kpe-referral"), "x")
    assert not case_file.exists()


def test_an_answer_for_a_section_that_is_gone_is_rejected(case_file: Path) -> None:
    store = CaseStore(case_file)
    with pytest.raises(AnswerRejectedError, match="there is no episode 'kpe-gone'"):
        set_text(store, Target("known", "episodes", "kpe-gone"), "x")


def test_a_recommendation_that_would_make_the_file_invalid_is_not_written(
    case_file: Path,
) -> None:
    before = case_file.read_text(encoding="utf-8")
    store = CaseStore(case_file)
    with pytest.raises(AnswerRejectedError) as err:
        add_recommendation(store, "Text.", "Someone", ["no-such-theme"])
    assert "unknown theme 'no-such-theme'" in err.value.message
    assert case_file.read_text(encoding="utf-8") == before
    # The store is still usable, and the rejected edit is gone from its copy too.
    set_text(store, Target("known", "episodes", "kpe-referral"), "Fine.")
    assert "no-such-theme" not in case_file.read_text(encoding="utf-8")


def test_a_failed_write_changes_nothing_and_says_so(case_file: Path) -> None:
    before = case_file.read_text(encoding="utf-8")
    case_file.with_name("case.yaml.bak").mkdir()  # the backup cannot be written
    store = CaseStore(case_file)
    with pytest.raises(ChangeRejectedError) as err:
        set_text(store, Target("known", "episodes", "kpe-referral"), "Lost?")
    assert err.value.message.startswith(
        f"episodes[kpe-referral].known: could not write {case_file}.bak ("
    )
    assert err.value.message.endswith("); nothing was saved.")
    assert case_file.read_text(encoding="utf-8") == before
    assert [p.name for p in case_file.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_windows_line_endings_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    text = (FIXTURES / "author-case.yaml").read_text(encoding="utf-8")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    store = CaseStore(path)
    set_text(store, Target("known", "episodes", "kpe-referral"), "A\nB")
    raw = path.read_bytes()
    assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    assert load_case(path).case.episodes[0].known == "A\nB"


def test_the_starter_case_round_trips_with_answers(copy_case: CopyCase) -> None:
    path = copy_case(STARTER)
    before = path.read_text(encoding="utf-8")
    store = CaseStore(path)
    set_text(store, Target("known", "episodes", "kpe-1"), "Known.\n\nMore.")
    set_text(store, Target("analysis", "themes", "fathers"), "Analysis.")
    add_recommendation(store, "Do it.", "The Partnership", ["fathers"])
    after = path.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    assert "    known: |                             # what was known and knowable" in after
    assert "    analysis: Analysis.                  # the analysis (empty" in after
    assert after.index("addressee: The Partnership") < after.index("# --- References ---")


FOUR_SPACES = """\
# Indented with four spaces throughout.
review:
    title: "Four spaces"
    partnership: "P"
episodes:
    - id: kpe-1
      title: "One"
      known:          # to write
    - id: kpe-2
      title: "Two"
"""


def test_a_four_space_file_keeps_its_indentation(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(FOUR_SPACES, encoding="utf-8")
    store = CaseStore(path)
    assert store.reformatted_lines == 0
    set_text(store, Target("known", "episodes", "kpe-1"), "A\nB")
    set_text(store, Target("learning", "episodes", "kpe-2"), "C")
    assert (
        path.read_text(encoding="utf-8")
        == FOUR_SPACES.replace(
            "      known:          # to write\n",
            "      known: |        # to write\n          A\n          B\n",
        )
        + "      learning: C\n"
    )


def test_normalise_trims_without_touching_paragraphs() -> None:
    assert normalise("  one  \r\ntwo\n\n\n\nthree\n\n") == "one\ntwo\n\nthree"
