"""Change a case file safely: read once, check every change, never lose work.

`CaseStore` reads the author's file once (its text, plain data and validated case). Each
change is made to a ruamel.yaml round-trip copy, so comments, key order, quoting and block
scalars stay as they were typed. Before anything is written the new text is checked three
ways: it parses, it holds exactly the plain data the change meant (so a round-trip quirk can
never alter another value), and it is a valid case file. Then the previous version is copied
to `CASE.bak` (one rolling backup) and the new one replaces the file atomically (temporary
file, fsync, rename): a crash or kill leaves the old file or the new, never a mix, and the
temporary copy a kill leaves behind is removed the next time the file is opened here
(`removed_leftovers` lists them, for the command to say so). Before the first save a store
makes, the file as it was is also kept in its history (`history.py`), so every session,
import or merge can be undone later with `reviewkit history`. If the file changed on disk
since it was last read or written, nothing is written and CaseChangedError says so.

A save keeps what the file is: its permissions, a UTF-8 byte order mark, its line endings,
and a symlink (the file it points at is changed; the link stays a link). A read-only file
is never changed (ReadOnlyFileError).

Authoring answers, chronology imports and duplicate merges all save through this store.

Opening a store costs what `reviewkit check` costs: the round-trip copy of the whole file is
parsed only for a change that needs it. A change to a few items or sections (an answer,
imported events appended, items removed) is made to those regions of the text alone
(`splice.py`); the regions are read back and the whole file's data compared with what the
change meant, then the new case is checked, as for any save. Anything else, or a region
ruamel would not write back exactly, is made to the whole round-trip tree as before.
"""

from __future__ import annotations

import codecs
import copy
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewkit import atomic
from reviewkit.casefile import history, roundtrip
from reviewkit.casefile.check import check_change, check_document, paused_gc
from reviewkit.casefile.edit import Edit
from reviewkit.casefile.read import Positions, YamlDocument, parse_yaml, read_text
from reviewkit.casefile.splice import Splice
from reviewkit.errors import (
    CaseChangedError,
    CaseInvalidError,
    ChangeRejectedError,
    NotSpliceableError,
    Problem,
    ReadOnlyFileError,
    ReviewkitError,
)
from reviewkit.model import Case

if TYPE_CHECKING:
    from ruamel.yaml import YAML

# Turns the errors found in a changed case into the exception to raise (nothing is saved).
Invalid = Callable[[str, list[Problem]], ReviewkitError]


def invalid_after_change(file: str, errors: list[Problem]) -> ReviewkitError:
    """The problems a change would leave, said as problems of the change, not of a line."""
    return CaseInvalidError(
        [Problem(file, 0, 0, p.path, p.message + " (after this change)") for p in errors]
    )


def backup_path(path: Path) -> Path:
    """The rolling backup next to a case file: CASE.bak (the version before the last save)."""
    return path.with_name(path.name + ".bak")


class CaseStore:
    """A case file open for changes: the validated case, and safe saves into the file."""

    def __init__(self, path: Path, *, label: str = "") -> None:
        """Open the case file at `path`; `label` names its saves in the history ("import").

        Without a label the history copy is named after the first change's description.
        """
        self.path = Path(path)
        self.backup_path = backup_path(self.path)
        self.label = label
        # The history copy of the file as it was before this store's first save.
        self.snapshot: Path | None = None
        self.saves = 0
        self._reformatted = 0
        self.case: Case
        self.warnings: list[Problem] = []
        self._load()
        # Temporary copies a killed save left (they may hold real names): gone before any save.
        self.removed_leftovers: list[Path] = atomic.remove_leftovers(self.path)

    def check_writable(self) -> None:
        """Raise ReadOnlyFileError now if the file is read-only, before any work is asked for."""
        if atomic.is_read_only(atomic.target_of(self.path)):
            raise ReadOnlyFileError(self.path)

    # --- reading ------------------------------------------------------------------------

    def _load(self) -> None:
        text = read_text(self.path, what="case file")
        with paused_gc():  # as load_case: many small objects, no cycles
            # Without the table of positions (most of a large file's memory): a file with
            # problems is parsed again with it, so they are located exactly as `check` says.
            doc = parse_yaml(text, str(self.path), positions=False)
            case, problems = check_document(doc)
            if problems:
                doc = parse_yaml(text, str(self.path))
                case, problems = check_document(doc)
        if case is None:
            raise CaseInvalidError(problems)
        self.case = case
        self.warnings = problems
        self._text = text
        self._digest = _digest(text)
        self._plain: Any = doc.data
        self._newline = "\r\n" if "\r\n" in text else "\n"
        with self.path.open("rb") as handle:  # read_text drops the byte order mark: note it
            self._bom = "\ufeff" if handle.read(3) == codecs.BOM_UTF8 else ""
        self._layout: tuple[int, int, int] | None = None
        # The round-trip copy is parsed on first use: listing or previewing never needs it.
        self._tree: tuple[YAML, Any, int] | None = None

    def reload(self) -> None:
        """Read the file again as it is on disk now (after an edit elsewhere)."""
        self._load()

    @property
    def data(self) -> Any:
        """The file's plain data as last read or written (not to be changed in place)."""
        return self._plain

    @property
    def reformatted_lines(self) -> int:
        """How many lines the saves so far re-indented (0 when the file's layout was kept).

        Saves that change a few regions never re-indent; a save of the whole round-trip
        tree re-indents the lines of a file whose indentation is mixed.
        """
        return self._reformatted

    def _round_trip(self) -> tuple[YAML, Any, int]:
        if self._tree is None:
            self._tree = roundtrip.load(_lf(self._text))
        return self._tree

    # --- changing -----------------------------------------------------------------------

    def preview(self, change: Callable[[Edit], object], *, invalid: Invalid | None = None) -> Case:
        """Make a change to a copy of the plain data only and check it; nothing is written."""
        edit = Edit(None, copy.deepcopy(self._plain))
        change(edit)
        doc = YamlDocument(edit.expected, Positions(), str(self.path))
        return self._checked(doc, invalid or invalid_after_change)[0]

    def change(
        self, change: Callable[[Edit], object], what: str, *, invalid: Invalid | None = None
    ) -> None:
        """Make a change to the file and save it, if the result is exactly right and valid.

        `change(edit)` edits the round-trip data and a plain copy of the file's data alike
        (`edit.data`, `edit.expected`); the file is written only if it reads back as exactly
        `edit.expected` and is a valid case file. `invalid` builds the error raised when it
        would not be valid (by default, CaseInvalidError listing the problems).
        """
        invalid = invalid or invalid_after_change
        try:
            with paused_gc():
                self._splice(change, what, invalid)
            return
        except NotSpliceableError:
            pass  # made to the whole round-trip tree below
        _, data, reformatted = self._round_trip()
        edit = Edit(data, copy.deepcopy(self._plain))
        try:
            change(edit)
            self._commit(edit.expected, what, invalid)
            self._reformatted = max(self._reformatted, reformatted)
        except BaseException:
            self._tree = None  # the round-trip copy may be half changed: read it again
            raise

    def _splice(self, change: Callable[[Edit], object], what: str, invalid: Invalid) -> None:
        """Make the change to the regions of the text it touches (or raise NotSpliceableError)."""
        text = _lf(self._text)
        if self._layout is None:  # a save never changes the file's indentation
            self._layout = roundtrip.guess_layout(text)
        splice = Splice(text, self._plain, self._layout)
        edit = Edit(None, self._plain, splice=splice, shared=True)
        change(edit)
        new_text, data = splice.render(str(self.path))
        if data != edit.result:
            raise NotSpliceableError("the regions did not read back as the change meant")
        known = edit.models
        del edit, splice  # not needed any more: their memory is free for the check and write
        # Only the changed regions were read back: the case is checked from the whole data
        # (the models of the values the change did not touch are reused, and so are those
        # of appended items their caller validated, each read back as exactly itself).
        doc = YamlDocument(data, Positions(), str(self.path))
        case, problems = self._checked(doc, invalid, before=self._plain, known=known)
        del known
        if self._newline != "\n":
            new_text = new_text.replace("\n", self._newline)
        self._check_disk()  # the file is still what was read: its text is self._text
        self._write(self._text, new_text, what)
        self._saved(new_text, data, case, problems)
        # The whole round-trip copy, if one was read, no longer matches the file.
        self._tree = None

    def _checked(
        self,
        doc: YamlDocument,
        invalid: Invalid,
        *,
        before: Any = None,
        known: dict[int, tuple[Any, Any]] | None = None,
    ) -> tuple[Case, list[Problem]]:
        """The checked case of `doc`; `before` is the data `self.case` holds, when `doc` is it
        changed (so that only the changed values are validated again)."""
        if before is None:
            case, problems = check_document(doc)
        else:
            case, problems = check_change(doc, before, self.case, known)
        if case is None:
            raise invalid(str(self.path), [p for p in problems if p.severity == "error"])
        return case, problems

    def _dump(self) -> str:
        rt, data, _ = self._round_trip()
        text = roundtrip.dump(rt, data)
        return text.replace("\n", self._newline) if self._newline != "\n" else text

    def _commit(self, expected: Any, what: str, invalid: Invalid) -> None:
        """Check the edited document, then back up the old file and replace it atomically."""
        new_text = self._dump()
        doc = parse_yaml(new_text, str(self.path))
        if doc.data != expected:
            raise ChangeRejectedError(
                f"{what}: reviewkit could not write this answer without changing other "
                "values in the file, so nothing was saved. Write it in the case file "
                "with your editor instead (and please report this)."
            )
        case, problems = self._checked(doc, invalid)
        on_disk = self._check_disk()
        self._write(on_disk, new_text, what)
        self._saved(new_text, doc.data, case, problems)

    def _saved(self, text: str, data: Any, case: Case, problems: list[Problem]) -> None:
        self.case = case
        self.warnings = problems
        self._text = text
        self._digest = _digest(text)
        self._plain = data
        self.saves += 1

    def _write(self, old_text: str, new_text: str, what: str) -> None:
        """Keep the history copy (first save only) and the backup, then replace the file."""
        # A failed write changes nothing: each step is atomic, and the file is replaced last.
        self.check_writable()  # refused as itself (exit 2), not as a failed write
        writing = history.history_dir(self.path)
        try:
            if self.snapshot is None:
                self.snapshot = history.snapshot(self.path, self.label or what)
            writing = self.backup_path
            mode = self.path.stat().st_mode & 0o777
            atomic.write_text(self.backup_path, self._bom + old_text, mode=mode)
            writing = self.path
            atomic.write_text(self.path, self._bom + new_text)
        except (OSError, ReviewkitError) as exc:
            reason = exc.message if isinstance(exc, ReviewkitError) else exc.strerror or str(exc)
            raise ChangeRejectedError(
                f"{what}: could not write {writing} ({reason}); nothing was saved."
            ) from None

    def _check_disk(self) -> str:
        """The file's text, if it is still what reviewkit last read or wrote.

        The file is hashed as it is read, a piece at a time, without its byte order mark (as
        `read_text` reads it): a large file is not held in memory again to be compared.
        """
        digest = hashlib.sha256()
        try:
            with self.path.open("rb") as handle:
                piece = handle.read(_PIECE)
                digest.update(piece.removeprefix(codecs.BOM_UTF8))
                while piece := handle.read(_PIECE):
                    digest.update(piece)
        except FileNotFoundError:
            raise CaseChangedError(self.path, "was moved or deleted") from None
        except OSError:
            read_text(self.path, what="case file")  # says why it cannot be read
            raise CaseChangedError(self.path) from None
        if digest.hexdigest() != self._digest:
            raise CaseChangedError(self.path)
        return self._text

    def changed_on_disk(self) -> bool:
        """True when the file on disk is no longer what reviewkit last read or wrote."""
        try:
            self._check_disk()
        except CaseChangedError:
            return True
        return False


def _digest(text: str) -> str:
    digest = hashlib.sha256()
    for piece in atomic.utf8_pieces(text):  # a large file is not held twice over
        digest.update(piece)
    return digest.hexdigest()


_PIECE = 1 << 20  # bytes of the file read at a time to compare it


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


__all__ = ["CaseStore", "Invalid", "backup_path", "invalid_after_change"]
