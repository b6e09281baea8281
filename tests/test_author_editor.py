"""The author's editor file: created safely, read back whatever the editor did with it."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from reviewkit.authoring import editor
from reviewkit.errors import UsageError

NOTES = editor.notes("KPE 1: The referral", "What was known?", "Think about:\n\n- records")


def test_the_buffer_is_private_unpredictable_and_next_to_the_case(tmp_path: Path) -> None:
    one = editor.create_buffer("text", near=tmp_path, prefix=".case.yaml.answer-")
    two = editor.create_buffer("text", near=tmp_path, prefix=".case.yaml.answer-")
    assert one != two
    assert one.parent.parent == tmp_path
    assert one.parent.name.startswith(".case.yaml.answer-")
    assert one.name == editor.BUFFER_NAME
    assert stat.S_IMODE(one.stat().st_mode) == 0o600
    assert stat.S_IMODE(one.parent.stat().st_mode) == 0o700
    assert one.read_text(encoding="utf-8") == "text"


def test_an_unwritable_folder_falls_back_to_the_temporary_folder(tmp_path: Path) -> None:
    buffer = editor.create_buffer("text", near=tmp_path / "missing")
    try:
        assert buffer.read_text(encoding="utf-8") == "text"
        assert not (tmp_path / "missing").exists()
    finally:
        editor.discard_buffer(buffer)
    assert not buffer.parent.exists()


def test_a_planted_symlink_is_never_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("not yours", encoding="utf-8")
    planted = tmp_path / "answer.md"
    planted.symlink_to(target)
    with pytest.raises(OSError):
        editor.write_private(planted, "case material")
    assert target.read_text(encoding="utf-8") == "not yours"


def test_an_existing_file_is_never_reused(tmp_path: Path) -> None:
    existing = tmp_path / "answer.md"
    existing.write_text("someone else's", encoding="utf-8")
    with pytest.raises(FileExistsError):
        editor.write_private(existing, "case material")
    assert existing.read_text(encoding="utf-8") == "someone else's"


def test_the_notes_are_at_the_top_and_left_out() -> None:
    text = editor.buffer_text(NOTES, "Current text.")
    assert text.startswith(
        "# KPE 1: The referral\n# What was known?\n# Think about:\n# - records\n"
    )
    assert text.endswith("\n\nCurrent text.\n")
    assert editor.answer_from(text, NOTES) == "Current text."


def test_every_other_line_counts_wherever_it_is() -> None:
    text = "Written on top.\n" + editor.buffer_text(NOTES, "Current.") + "Appended.\n"
    assert editor.answer_from(text, NOTES) == "Written on top.\n\nCurrent.\nAppended."


def test_the_authors_own_hash_lines_count() -> None:
    text = editor.buffer_text(NOTES, "# My heading\nText.")
    assert editor.answer_from(text, NOTES) == "# My heading\nText."


def test_windows_line_endings_are_read() -> None:
    text = editor.buffer_text(NOTES, "One.\n\nTwo.").replace("\n", "\r\n")
    assert editor.answer_from(text, NOTES) == "One.\n\nTwo."


@pytest.mark.parametrize(
    ("data", "text", "warned"),
    [
        ("Café".encode(), "Café", False),
        ("Café".encode("utf-8-sig"), "Café", False),
        ("Café".encode("utf-16"), "Café", False),
        ("Café ‘q’".encode("cp1252"), "Café ‘q’", True),
        (b"Caf\xe9 \x81", "Café \x81", True),  # not Windows-1252 either: Latin-1
    ],
)
def test_the_file_is_read_in_any_encoding(
    tmp_path: Path, data: bytes, text: str, warned: bool
) -> None:
    path = tmp_path / "answer.md"
    path.write_bytes(data)
    got, warning = editor.read_buffer(path)
    assert got == text
    assert bool(warning) is warned


def test_the_editor_command_is_split_like_a_shell() -> None:
    assert editor.editor_argv("code --wait") == ["code", "--wait"]
    assert editor.editor_argv("'/opt/My Editor/ed' -f") == ["/opt/My Editor/ed", "-f"]


@pytest.mark.parametrize("command", ["", "   "])
def test_no_editor(command: str) -> None:
    with pytest.raises(UsageError, match="No editor is set"):
        editor.editor_argv(command)


def test_an_unbalanced_quote_is_said_clearly() -> None:
    with pytest.raises(UsageError) as err:
        editor.editor_argv('vim "my file')
    assert err.value.message == (
        "Cannot read the editor command 'vim \"my file' (no closing quotation: is a quote left "
        "open?); check $VISUAL or $EDITOR, or type the answer here."
    )


def run(tmp_path: Path, body: str, current: str = "") -> editor.Edited:
    script = tmp_path / "ed.py"
    script.write_text(f"import pathlib, sys\npath = pathlib.Path(sys.argv[1])\n{body}\n")
    buffer = editor.create_buffer(editor.buffer_text(NOTES, current), near=tmp_path)
    return editor.edit([sys.executable, str(script)], buffer, NOTES, original=current)


def test_an_answer_comes_back_with_its_file_until_it_is_saved(tmp_path: Path) -> None:
    edited = run(tmp_path, "path.write_text(path.read_text() + 'New.')", "Old.")
    assert edited.text == "Old.\nNew."
    assert edited.kept is not None and edited.kept.exists()
    editor.discard_buffer(edited.kept)
    assert not edited.kept.parent.exists()


def test_a_failing_editor_that_wrote_nothing_new_leaves_nothing(tmp_path: Path) -> None:
    edited = run(tmp_path, "sys.exit(1)", "Old.")
    assert (edited.text, edited.kept) == (None, None)
    assert edited.message == (
        "The editor stopped with an error (exit status 1), so its text was not saved."
    )
    assert [p.name for p in tmp_path.iterdir()] == ["ed.py"]


def test_a_failing_editor_that_wrote_keeps_its_file(tmp_path: Path) -> None:
    edited = run(tmp_path, "path.write_text('Mine.')\nsys.exit(1)")
    assert edited.text is None
    assert edited.kept is not None
    assert edited.kept.read_text(encoding="utf-8") == "Mine."
    assert edited.message.endswith(f"Everything in it is kept in {edited.kept}.")


def test_a_kept_file_deleted_by_the_editor_is_written_again(tmp_path: Path) -> None:
    buffer = editor.create_buffer(editor.buffer_text(NOTES, "Mine from before."), near=tmp_path)
    script = tmp_path / "rm.py"
    script.write_text("import pathlib, sys\npathlib.Path(sys.argv[1]).unlink()\n")
    edited = editor.edit([sys.executable, str(script)], buffer, NOTES, original="")
    assert edited.text is None
    assert edited.kept == buffer
    assert editor.answer_from(buffer.read_text(encoding="utf-8"), NOTES) == "Mine from before."


def test_an_editor_that_cannot_start(tmp_path: Path) -> None:
    buffer = editor.create_buffer(editor.buffer_text(NOTES, "Old."), near=tmp_path)
    edited = editor.edit([str(tmp_path / "nothing")], buffer, NOTES, original="Old.")
    assert (edited.text, edited.kept) == (None, None)
    assert edited.message.startswith(f"Cannot start the editor '{tmp_path / 'nothing'}' (")
    assert not buffer.parent.exists()
