"""Write answers into the case file itself, one at a time, without ever losing work.

Each save edits the author's own file with ruamel.yaml round-trip, so comments, key order,
quoting and block scalars stay as they were typed. Before anything is written the new text is
checked three ways: it parses, it is a valid case file, and it holds exactly the old data plus
the one change (so a round-trip quirk can never alter another value). Then the previous
version is copied to `CASE.bak` (one rolling backup) and the new one replaces the file
atomically (temporary file, fsync, rename): a crash or kill leaves the old file or the new,
never a mix. If the file changed on disk since it was last read or written, nothing is
written and CaseChangedError says so.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reviewkit import atomic
from reviewkit.authoring import roundtrip
from reviewkit.errors import CaseInvalidError, Problem, ReviewkitError
from reviewkit.model import Case, Episode, Theme
from reviewkit.validate import check_document
from reviewkit.yamlio import parse_yaml, read_text

ListName = Literal["episodes", "themes"]


class CaseChangedError(ReviewkitError):
    """The case file changed on disk during the session: nothing was overwritten."""

    exit_code = 1

    def __init__(self, path: Path, how: str = "changed on disk") -> None:
        super().__init__(
            f"{path} {how} since reviewkit last read or wrote it (was it edited elsewhere?); "
            "nothing was overwritten. Run the command again to continue from the file as it "
            "is now."
        )
        self.path = path


class AnswerRejectedError(ReviewkitError):
    """Saving this answer would leave a case file that does not load: nothing was written."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class Target:
    """Where an answer goes: a field of an episode or theme, or a top-level field."""

    field: str
    list_name: ListName | None = None
    item_id: str | None = None

    def describe(self) -> str:
        """'episodes[kpe-1].known' or 'conclusions', for messages."""
        if self.list_name is None:
            return self.field
        return f"{self.list_name}[{self.item_id}].{self.field}"


_MODEL_ORDER: dict[str, list[str]] = {
    "episodes": list(Episode.model_fields),
    "themes": list(Theme.model_fields),
    "": list(Case.model_fields),
}


def normalise(text: str) -> str:
    """An answer as it is stored: no trailing spaces, no blank runs, no blank ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    joined = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return joined.strip()


def backup_path(path: Path) -> Path:
    """The rolling backup next to a case file: CASE.bak (the version before the last save)."""
    return path.with_name(path.name + ".bak")


class CaseStore:
    """A case file open for authoring: the validated case, and safe saves into the file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.backup_path = backup_path(self.path)
        self.saves = 0
        self.case: Case
        self.warnings: list[Problem] = []
        self.reformatted_lines = 0
        self._load()

    # --- reading ------------------------------------------------------------------------

    def _load(self) -> None:
        text = read_text(self.path, what="case file")
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
        self._rt, self._data, self.reformatted_lines = roundtrip.load(_lf(text))

    def reload(self) -> None:
        """Read the file again as it is on disk now (after an edit elsewhere)."""
        self._load()

    def value(self, target: Target) -> str | None:
        """The current text of a target, or None when it is empty or missing."""
        if target.list_name is None:
            found = getattr(self.case, target.field, None)
        else:
            item = self._model_item(target.list_name, target.item_id)
            found = getattr(item, target.field, None) if item is not None else None
        if isinstance(found, str) and found.strip():
            return found
        return None

    def _model_item(self, list_name: ListName, item_id: str | None) -> Episode | Theme | None:
        items: list[Episode] | list[Theme] = getattr(self.case, list_name)
        return next((item for item in items if item.id == item_id), None)

    # --- writing ------------------------------------------------------------------------

    def set_text(self, target: Target, text: str) -> bool:
        """Save an answer into the file; False when it equals what is already there."""
        text = normalise(text)
        if not text:
            raise AnswerRejectedError("an empty answer is not saved; skip the question instead")
        current = self.value(target)
        if current is not None and normalise(current) == text:
            return False
        container, plain_container = self._containers(target)
        old = container.get(target.field) if container is not None else None
        new_value = roundtrip.text_value(text, old=old)
        expected = copy.deepcopy(self._plain)
        if target.list_name is None:
            after = _before("", target.field)
            if target.field in self._data:
                roundtrip.set_key(self._data, target.field, new_value, after=after)
            else:
                roundtrip.insert_top_level(self._data, target.field, new_value, after=after)
            expected[target.field] = str(new_value)
        else:
            assert container is not None and plain_container is not None
            roundtrip.set_key(
                container, target.field, new_value, after=_before(target.list_name, target.field)
            )
            _find(expected[target.list_name], target.item_id)[target.field] = str(new_value)
        self._commit(expected, target.describe())
        return True

    def add_recommendation(self, text: str, addressee: str, themes: list[str]) -> int:
        """Append a recommendation (with its addressee and theme links); return its number."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        text, addressee = normalise(text), " ".join(addressee.split())
        if not text or not addressee:
            raise AnswerRejectedError("a recommendation needs its text and who should act")
        existing = self.case.recommendations
        numbered = bool(existing) and all(r.number is not None for r in existing)
        number = max(r.number or 0 for r in existing) + 1 if numbered else len(existing) + 1
        item = CommentedMap()
        plain: dict[str, Any] = {}
        if numbered:
            item["number"] = plain["number"] = number
        item["text"] = roundtrip.text_value(text)
        item["addressee"] = roundtrip.text_value(addressee)
        plain["text"], plain["addressee"] = str(item["text"]), str(item["addressee"])
        if themes:
            seq = CommentedSeq(themes)
            seq.fa.set_flow_style()
            item["themes"] = seq
            plain["themes"] = list(themes)
        expected = copy.deepcopy(self._plain)
        current = self._data.get("recommendations")
        if isinstance(current, CommentedSeq) and current:
            roundtrip.append_item(current, item)
        else:
            seq = CommentedSeq([item])
            if "recommendations" in self._data:
                self._data["recommendations"] = seq
            else:
                roundtrip.insert_top_level(
                    self._data, "recommendations", seq, after=_before("", "recommendations")
                )
        expected["recommendations"] = [*(expected.get("recommendations") or []), plain]
        self._commit(expected, "recommendations")
        return number

    def edit(self, change: Callable[[Any, Any], None], what: str) -> None:
        """Save a structural change (imported events, merged duplicates) with the same checks.

        `change(data, expected)` edits the round-trip data and a plain copy of the file's
        data alike; the file is written only if it reads back as exactly `expected`.
        """
        expected = copy.deepcopy(self._plain)
        try:
            change(self._data, expected)
        except BaseException:
            self._revert()
            raise
        self._commit(expected, what)

    def _containers(self, target: Target) -> tuple[Any, Any]:
        if target.list_name is None:
            return self._data, self._plain
        items = self._data.get(target.list_name) or []
        plain_items = self._plain.get(target.list_name) or []
        container = next((i for i in items if _id(i) == target.item_id), None)
        plain = next((i for i in plain_items if _id(i) == target.item_id), None)
        if container is None or plain is None:
            raise AnswerRejectedError(
                f"{target.describe()}: there is no {target.list_name[:-1]} '{target.item_id}' "
                "in the case file any more; nothing was saved"
            )
        return container, plain

    def _dump(self) -> str:
        text = roundtrip.dump(self._rt, self._data)
        return text.replace("\n", self._newline) if self._newline != "\n" else text

    def _revert(self) -> None:
        self._rt, self._data, _ = roundtrip.load(_lf(self._text))

    def _commit(self, expected: Any, what: str) -> None:
        """Check the edited document, then back up the old file and replace it atomically."""
        try:
            new_text = self._dump()
            doc = parse_yaml(new_text, str(self.path))
            if doc.data != expected:
                raise AnswerRejectedError(
                    f"{what}: reviewkit could not write this answer without changing other "
                    "values in the file, so nothing was saved. Write it in the case file "
                    "with your editor instead (and please report this)."
                )
            case, problems = check_document(doc)
            if case is None:
                errors = [p for p in problems if p.severity == "error"]
                raise AnswerRejectedError(
                    f"{what}: this answer would leave the case file invalid, so nothing was "
                    "saved: " + "; ".join(f"{p.path}: {p.message}" for p in errors),
                    errors,
                )
            on_disk = self._check_disk()
            self._write(on_disk, new_text, what)
        except BaseException:
            self._revert()
            raise
        self.case = case
        self.warnings = problems
        self._text = new_text
        self._digest = _digest(new_text)
        self._plain = doc.data
        self.saves += 1

    def _write(self, old_text: str, new_text: str, what: str) -> None:
        """Back up the old text, then replace the file; a failed write changes nothing."""
        writing = self.backup_path
        try:
            mode = self.path.stat().st_mode & 0o777
            atomic.write_text(self.backup_path, old_text, mode=mode)
            writing = self.path
            atomic.write_text(self.path, new_text)
        except (OSError, ReviewkitError) as exc:
            reason = exc.message if isinstance(exc, ReviewkitError) else exc.strerror or str(exc)
            raise AnswerRejectedError(
                f"{what}: could not write {writing} ({reason}); nothing was saved."
            ) from None

    def _check_disk(self) -> str:
        """The file's text, if it is still what reviewkit last read or wrote."""
        if not self.path.exists():
            raise CaseChangedError(self.path, "was moved or deleted")
        text = read_text(self.path, what="case file")
        if _digest(text) != self._digest:
            raise CaseChangedError(self.path)
        return text

    def changed_on_disk(self) -> bool:
        """True when the file on disk is no longer what reviewkit last read or wrote."""
        try:
            self._check_disk()
        except CaseChangedError:
            return True
        return False


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def _id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else None


def _find(items: list[Any], item_id: str | None) -> dict[str, Any]:
    found = next(i for i in items if _id(i) == item_id)
    assert isinstance(found, dict)
    return found


def _before(list_name: str, field: str) -> list[str]:
    order = _MODEL_ORDER[list_name]
    return order[: order.index(field)] if field in order else order


__all__ = [
    "AnswerRejectedError",
    "CaseChangedError",
    "CaseStore",
    "Target",
    "backup_path",
    "normalise",
]
