"""The author command's terminal: draws each screen and reads the author's keys.

The walk itself is `reviewkit.authoring.session.Session`; `_Terminal` is the answer source
it asks when a person is at the keyboard.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from reviewkit.wording import plural, shorten

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from reviewkit.authoring.evidence import Evidence
    from reviewkit.authoring.session import (
        EmptyItem,
        Outcome,
        Progress,
        Reply,
        Section,
        Session,
        Step,
        View,
    )
    from reviewkit.casefile import CaseStore
    from reviewkit.errors import CaseChangedError

MAX_WIDTH = 100  # wider panels are harder to read, not easier
MAX_SHOWN_LINES = 14  # of the current text, before "... (N more lines)"
MIN_PAGE = 8  # a terminal shorter than this is not paged: each screen would be too small

KEYS = ":e editor  :s skip  :b back  :j ID jump  :l empty  :v evidence  :q quit"
HELP = """\
Enter      keep the current text and go to the next question
(text)     type a new answer over as many lines as you like, then a line
           holding only a full stop (.) to save it
:e         write the answer in your editor ($VISUAL or $EDITOR)
:k         keep the current text (in --editor mode Enter opens the editor)
:s         skip this question for now
:b         back to the previous question
:j ID      jump to a section: an episode or theme id, or episodes, themes,
           conclusions, recommendations
:l         list the questions still empty
:v         show this section's evidence again
:q         stop; every confirmed answer is already saved
::text     an answer that starts with ':'
Ctrl-C     stop at once; the answer being typed is not saved"""


class _InputEnded(Exception):
    """Standard input ended in the middle of an answer."""


def editor_command() -> str:
    """The author's editor ($VISUAL, then $EDITOR), or "" when none is set."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""


# --- the terminal ---------------------------------------------------------------------------


def run_terminal(
    session: Session, store: CaseStore, mode: Literal["auto", "always", "never"], resume: str
) -> None:
    from reviewkit.cli.output import console

    out = console()
    out.width = min(out.width, MAX_WIDTH)
    terminal = _Terminal(out, store.path, mode)
    terminal.banner(session, store)
    try:
        _readline()
        outcome = session.run(terminal)
    except KeyboardInterrupt:
        out.print()
        _stopped(out, session, resume, interrupted=True)
        terminal.remind()
        raise typer.Exit(130) from None
    except _InputEnded:
        out.print()
        _stopped(out, session, resume, interrupted=True)
        terminal.remind()
        raise typer.Exit(1) from None
    _finish(out, outcome, session, resume)
    terminal.remind()


def _readline() -> None:
    # Line editing and history at the prompt, where the platform has it.
    import contextlib

    with contextlib.suppress(ImportError):
        import readline  # noqa: F401


def _stopped(out: Console, session: Session, resume: str, *, interrupted: bool) -> None:
    outcome = session.outcome(quit=True)
    if interrupted:
        out.print("Interrupted: the answer being typed was not saved.")
    out.print(
        f"Saved {plural(outcome.saved, 'answer')} this session; every confirmed answer is in "
        f"{session.store.path.name}."
    )
    out.print(f"{outcome.answered} of {outcome.total} questions answered.")
    out.print(f"Resume with: {resume}", markup=False, highlight=False, soft_wrap=True)


def _finish(out: Console, outcome: Outcome, session: Session, resume: str) -> None:
    if outcome.quit:
        _stopped(out, session, resume, interrupted=False)
        return
    from rich.rule import Rule

    out.print(Rule(style="dim"))
    out.print(
        f"End of the walk. Saved {plural(outcome.saved, 'answer')} this session; "
        f"{outcome.answered} of {outcome.total} questions answered."
    )
    left = outcome.total - outcome.answered
    if left:
        out.print(f"{plural(left, 'question')} still empty.", markup=False)
        out.print(f"Continue with: {resume}", markup=False, soft_wrap=True)
    out.print(
        f"Build the report with: reviewkit build {session.store.path}", markup=False, soft_wrap=True
    )


class _Terminal:
    """The answer source that draws screens with rich and reads the author's lines."""

    shows = True

    def __init__(
        self, out: Console, case_path: Path, mode: Literal["auto", "always", "never"]
    ) -> None:
        self.out = out
        self.case_path = case_path
        self.mode = mode
        # Editor files holding words not yet in the case file, by question: never deleted
        # until those words are saved; :e on the same question opens the file again.
        self.kept: dict[tuple[str, str, str], Path] = {}
        # The editor file of the answer just given, deleted once the session confirms it.
        self.pending: tuple[tuple[str, str, str], Path] | None = None
        # Answers that could not be saved, offered again when the editor is opened.
        self.unsaved: dict[tuple[str, str, str], str] = {}

    # --- screens ------------------------------------------------------------------------

    def banner(self, session: Session, store: CaseStore) -> None:
        from rich.panel import Panel
        from rich.text import Text

        outcome = session.outcome(quit=False)
        body = Text()
        body.append(store.case.review.title, style="bold")
        body.append(
            f"\n{store.path.name} · {outcome.answered} of {outcome.total} questions answered"
        )
        body.append(
            f"\n\nEach answer is saved into {store.path.name} the moment you confirm it; the "
            f"version before the last save is kept as {store.backup_path.name}. "
            "Type :h for help and :q to stop. Run the command again to carry on.",
            style="dim",
        )
        self.out.print(Panel(body, title="reviewkit author", title_align="left"))
        if store.reformatted_lines:
            self.tell(
                f"Saving will also re-indent {plural(store.reformatted_lines, 'line')} of "
                f"{store.path.name} (its indentation is mixed); comments and values stay."
            )
        for leftover in _leftovers(self.case_path):
            self.tell(
                f"An answer written in the editor in an earlier session was not saved; it is "
                f"kept in {leftover} and is not in the case file. Copy what you need, then "
                "delete it."
            )
        start = session.start_position()
        if start and outcome.answered:
            step = session.steps[start]
            self.out.print(
                f"Resuming at the first unanswered question: {step.section.heading}.",
                markup=False,
            )
        elif outcome.total and outcome.answered == outcome.total:
            self.out.print(
                "Every question already has an answer: press Enter to keep each one.",
                markup=False,
            )

    def show_section(self, section: Section, evidence: Evidence, progress: Progress) -> None:
        """The section's heading, then its evidence, a screenful at a time on a terminal."""
        from rich.panel import Panel
        from rich.text import Text

        head = Text(section.heading, style="bold")
        if progress.count == 1 and progress.label == section.title:
            head.append(
                f"\n{progress.answered} of {progress.total} questions answered", style="dim"
            )
        else:
            head.append(f"\n{progress}", style="dim")
        self.out.print()
        self._page([Panel(head), *self._evidence(section, evidence)])

    def _page(self, items: list[RenderableType]) -> None:
        """Print `items`; on a terminal too short for them, one screenful at a time.

        Every event and quote is reachable (Enter shows the next screen) and the evidence
        stays in the terminal's scrollback, above the question, once it is shown.
        """
        from rich.console import Group
        from rich.segment import SegmentLines

        out = self.out
        group = Group(*items)
        screen = out.height - 1  # the last line holds the pager's prompt
        if not out.is_terminal or screen < MIN_PAGE:
            out.print(group)
            return
        lines = out.render_lines(group, out.options, pad=False)
        if len(lines) <= screen:
            out.print(group)
            return
        shown = 0
        while shown < len(lines):
            page = lines[shown : shown + screen]
            out.print(SegmentLines(page, new_lines=True), end="")
            shown += len(page)
            if shown >= len(lines):
                return
            choice = self._pager_key(shown, len(lines))
            if choice == "q":
                out.print(
                    f"({plural(len(lines) - shown, 'more line')} of evidence not shown; :v "
                    "shows it again.)",
                    style="dim",
                )
                return
            if choice == "a":
                screen = len(lines)

    def _pager_key(self, shown: int, total: int) -> Literal["more", "a", "q"]:
        """What to do after a screenful of evidence: the next one, all the rest, or stop."""
        prompt = f"Evidence {shown} of {total} lines · Enter: more · a: all · q: the question › "
        while True:
            try:
                key = input(prompt).strip().lower()
            except EOFError:
                return "q"
            if key == "":
                return "more"
            if key == "a":
                return "a"
            if key == "q":
                return "q"
            self.tell("Enter shows more of the evidence, a all of it, q goes to the question.")

    def _evidence(self, section: Section, evidence: Evidence) -> list[RenderableType]:
        """What the author sees before the questions: events, quotes, what is written."""
        from rich import box
        from rich.table import Table
        from rich.text import Text

        items: list[RenderableType] = []

        def dim(text: str) -> None:
            items.append(Text(text, style="dim"))

        if section.kind in ("episode", "theme", "strand"):
            if evidence.events:
                table = Table(
                    title="Events tagged with this theme" if section.kind == "theme" else "Events",
                    title_justify="left",
                    title_style="bold",
                    box=box.SIMPLE_HEAD,
                    pad_edge=False,
                    show_edge=False,
                    expand=True,
                )
                table.add_column("Date", max_width=16)
                if evidence.age_of:
                    # Whose age: in a review of several children an age alone misleads.
                    table.add_column(f"{evidence.age_of}'s age", max_width=15)
                table.add_column("Agency", max_width=12)
                table.add_column("Summary", ratio=1)
                for row in evidence.events:
                    age = [row.age] if evidence.age_of else []
                    table.add_row(
                        row.date,
                        *age,
                        row.agency,
                        row.summary,
                        style=None if row.in_scope else "dim",
                    )
                items.append(table)
            else:
                dim("No events are linked to this section yet (an event's episodes: or themes:).")
        if evidence.related:
            heading = "Themes" if section.kind == "conclusions" else "Linked"
            items.append(Text(heading, style="bold"))
            items.extend(Text(f"  {related}") for related in evidence.related)
        if evidence.quotes:
            items.append(Text("From the conversations", style="bold"))
            items.extend(_quote(q.text, q.attribution, child=False) for q in evidence.quotes)
        if evidence.withheld_quotes:
            dim(
                f"({plural(evidence.withheld_quotes, 'linked quote')} not shown: no consent "
                "to quote.)"
            )
        if evidence.child_words:
            items.append(Text("The child's own words", style="bold"))
            items.extend(_quote(q.text, q.attribution, child=True) for q in evidence.child_words)
        if evidence.written:
            title = (
                "Learning from the themes" if section.kind == "conclusions" else "Already written"
            )
            items.append(Text(title, style="bold"))
            items.extend(_item(f"{w.label}: ", w.text, 150) for w in evidence.written)
        if evidence.previous:
            items.append(Text("Previous reviews", style="bold"))
            items.extend(_item(f"{p.label}: ", p.text, 150) for p in evidence.previous)
        if evidence.recommendations:
            items.append(Text("Recommendations", style="bold"))
            items.extend(
                _item(f"{rec.number}. {rec.addressee}: ", rec.text, 120)
                for rec in evidence.recommendations
            )
        return items

    def _header(self, view: View) -> None:
        from rich.rule import Rule
        from rich.text import Text

        progress = view.progress
        where = f"{view.step.section.number or view.step.section.title}"
        line = f"{where} · Question {progress.question} of {progress.questions} · "
        line += f"{progress.answered} of {progress.total} answered"
        self.out.print(Rule(style="dim"))
        self.out.print(Text(line, style="dim"))
        self.out.print(Text(view.step.question.prompt, style="bold"))
        if view.step.question.help:
            self.out.print(Text(view.step.question.help, style="dim"))

    def _current(self, text: str) -> None:
        from rich.panel import Panel
        from rich.text import Text

        lines = text.splitlines()
        shown = "\n".join(lines[:MAX_SHOWN_LINES])
        body = Text(shown)
        if len(lines) > MAX_SHOWN_LINES:
            more = len(lines) - MAX_SHOWN_LINES
            body.append(
                f"\n… {plural(more, 'more line')}; :e shows and edits all of it", style="dim"
            )
        self.out.print(Panel(body, title="Current text", title_align="left"))

    # --- asking -------------------------------------------------------------------------

    def ask(self, view: View) -> Reply:
        """Ask one question and return what the author did."""
        from reviewkit.authoring.session import Answer

        self._keep_pending()
        self._header(view)
        if view.step.question.optional:
            return self._ask_recommendation(view)
        if view.current:
            self._current(view.current)
        self._instructions(has_text=bool(view.current))
        while True:
            first = self._read("› ")
            if first.strip() == "" and self.mode == "always" or first.strip() == ":e":
                edited = self._edit(view, view.current or "")
                if edited is None:
                    continue
                return Answer(edited)
            reply = self._command(first)
            if reply == "again":
                continue
            if reply is not None:
                return reply
            text = self._more_lines(first)
            if not text.strip():
                self.tell("That answer is empty; nothing was saved. :s skips the question.")
                continue
            return Answer(text)

    def _instructions(self, *, has_text: bool) -> None:
        from rich.text import Text

        if self.mode == "always":
            first = "Enter opens your editor. Or type here and end with a line holding only '.'"
        elif has_text:
            first = "Enter keeps this text. Or type a new answer; end it with a line of only '.'"
        else:
            first = "Type your answer; end it with a line holding only a full stop: ."
        self.out.print(Text(first))
        keys = KEYS if self.mode != "never" else KEYS.replace(":e editor  ", "")
        if self.mode == "always":
            keys = keys.replace(":e editor", ":k keep")
        self.out.print(Text(keys, style="dim"))

    def _command(self, line: str) -> Reply | Literal["again"] | None:
        """The reply a command line means; None when the line is the start of an answer."""
        from reviewkit.authoring.session import (
            Back,
            Jump,
            Keep,
            ListEmpty,
            Quit,
            ShowEvidence,
            Skip,
        )

        word = line.strip()
        if word == "":
            return Keep()
        if not word.startswith(":") or word.startswith("::"):
            return None
        name, _, argument = word.partition(" ")
        simple: dict[str, Reply] = {
            ":k": Keep(),
            ":s": Skip(),
            ":b": Back(),
            ":l": ListEmpty(),
            ":v": ShowEvidence(),
            ":q": Quit(),
        }
        if name in simple and not argument:
            return simple[name]
        if name == ":j":
            if argument.strip():
                return Jump(argument.strip())
            self.tell("Say where to jump: :j kpe-2, :j themes, :j conclusions ...")
            return "again"
        if name in (":h", ":?"):
            self.out.print(HELP, markup=False, highlight=False)
            return "again"
        if name == ":e" and self.mode == "never":
            self.tell("The editor is off (--no-editor); type the answer here instead.")
            return "again"
        self.tell(f"Unknown command {name}; :h lists the commands (start with :: to type ':').")
        return "again"

    def _more_lines(self, first: str) -> str:
        """The rest of a typed answer, up to a line holding only '.'."""
        if first.strip() == ".":
            return ""
        lines = [first[1:] if first.lstrip().startswith("::") else first]
        while True:
            line = self._read("… ", inside=True)
            if line.strip() == ".":
                return "\n".join(lines)
            lines.append(line)

    def _read(self, prompt: str, *, inside: bool = False) -> str:
        try:
            return input(prompt)
        except EOFError:
            self.out.print()
            if inside:
                self.tell("Input ended in the middle of an answer; that answer was not saved.")
                raise _InputEnded from None
            return ":q"

    def _ask_recommendation(self, view: View) -> Reply:
        from rich.text import Text

        from reviewkit.authoring.session import AddRecommendation, Keep

        if view.recommendations:
            self.out.print(Text("Already written", style="bold"))
            for rec in view.recommendations:
                self.out.print(_item(f"{rec.number}. {rec.addressee}: ", rec.text, 120))
        another = "another recommendation" if view.recommendations else "a recommendation"
        self.out.print(Text(f"Type {another} (end with a line of only '.'), or Enter for none."))
        self.out.print(
            Text(KEYS if self.mode != "never" else KEYS.replace(":e editor  ", ""), style="dim")
        )
        while True:
            first = self._read("› ")
            if first.strip() == ":e":
                edited = self._edit(view, "")
                if not edited:
                    continue
                text = edited
            else:
                reply = self._command(first)
                if reply == "again":
                    continue
                if reply is not None:
                    return reply
                text = self._more_lines(first)
                if not text.strip():
                    return Keep()
            addressee = self._addressee(view)
            if addressee is None:
                self._discard_pending()  # dropped on purpose: nothing to keep
                self.tell("Recommendation dropped; nothing was saved.")
                continue
            themes = self._themes(view) if view.asks_themes else None
            return AddRecommendation(text, addressee, themes)

    def _addressee(self, view: View) -> str | None:
        from rich.text import Text

        self.out.print(Text(view.step.question.addressee_prompt, style="bold"))
        self.out.print(
            Text(
                "For example: The Safeguarding Partnership. :s drops the recommendation.",
                style="dim",
            )
        )
        while True:
            line = self._read("› ", inside=True).strip()
            if line == ":s":
                return None
            if line:
                return line
            self.tell("A recommendation needs someone to act on it.")

    def _themes(self, view: View) -> tuple[str, ...]:
        from rich.text import Text

        if not view.theme_ids:
            return ()
        self.out.print(Text("Which themes does it follow from?", style="bold"))
        self.out.print(
            Text(
                f"Theme ids separated by spaces, or Enter for none: {' '.join(view.theme_ids)}",
                style="dim",
            )
        )
        while True:
            words = self._read("› ", inside=True).replace(",", " ").split()
            unknown = [w for w in words if w not in view.theme_ids]
            if not unknown:
                return tuple(dict.fromkeys(words))
            self.tell(f"Not a theme id: {', '.join(unknown)}. Choose from the ids above.")

    # --- the editor ---------------------------------------------------------------------

    def _edit(self, view: View, current: str) -> str | None:
        """Text written in the author's editor; None when there is none to save.

        Nothing the editor returns is thrown away: a file holding words that cannot be taken
        back now is kept, its path is said, and :e on the same question opens it again.
        """
        from reviewkit.authoring import editor
        from reviewkit.errors import ReviewkitError

        if self.mode == "never":
            self.tell("The editor is off (--no-editor); type the answer here instead.")
            return None
        try:
            argv = editor.editor_argv(editor_command())
        except ReviewkitError as err:
            self.tell(err.message)
            return None
        step = view.step
        notes = editor.notes(step.section.heading, step.question.prompt, step.question.help)
        buffer = self.kept.pop(step.key, None)
        if buffer is None or not buffer.exists():
            start = self.unsaved.get(step.key, current)
            try:
                buffer = editor.create_buffer(
                    editor.buffer_text(notes, start),
                    near=self.case_path.parent,
                    prefix=f".{self.case_path.name}.answer-",
                )
            except OSError as err:
                self.tell(f"Cannot make a file for the editor ({err}); type the answer here.")
                return None
        edited = editor.edit(argv, buffer, notes, original=current)
        if edited.text is None:
            if edited.kept is not None:
                self.kept[step.key] = edited.kept
                self.tell(f"{edited.message} :e opens it again.")
            elif edited.message:
                self.tell(edited.message)
            return None
        if edited.message:
            self.tell(edited.message)
        if edited.kept is not None:
            self.pending = (step.key, edited.kept)
        return edited.text

    def _keep_pending(self) -> None:
        """An editor answer that was not saved (a conflict, a moved question): keep its file."""
        if self.pending is None:
            return
        key, path = self.pending
        self.pending = None
        if path.exists():
            self.kept[key] = path
            self.tell(f"Your answer from the editor is kept in {path}; :e opens it again.")

    def _discard_pending(self) -> None:
        from reviewkit.authoring.editor import discard_buffer

        if self.pending is not None:
            discard_buffer(self.pending[1])
            self.pending = None

    def remind(self) -> None:
        """At the end: say where answers that were not saved are kept."""
        self._keep_pending()
        for path in self.kept.values():
            if path.exists():
                self.tell(
                    f"Not saved: an answer written in the editor is kept in {path}. Copy what "
                    "you need, then delete it."
                )

    # --- feedback -----------------------------------------------------------------------

    def confirmed(self, step: Step, outcome: Literal["saved", "unchanged", "added"]) -> None:
        """Say that an answer is safe (and delete its editor file: its words are saved)."""
        self._discard_pending()
        self.unsaved.pop(step.key, None)
        messages = {
            "saved": f"✓ Saved in {self.case_path.name}.",
            "unchanged": "Unchanged.",
            "added": f"✓ Recommendation added to {self.case_path.name}.",
        }
        self.out.print(
            messages[outcome], style="green" if outcome != "unchanged" else "dim", markup=False
        )

    def show_empty(self, items: list[EmptyItem]) -> None:
        """The questions still unanswered, by section."""
        from rich import box
        from rich.table import Table

        from reviewkit.authoring.evidence import FIELD_LABELS

        if not items:
            self.out.print("Every question in this session has an answer.")
            return
        table = Table(
            title="Still empty",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            expand=True,
        )
        table.add_column("Jump with", no_wrap=True)
        table.add_column("Section", ratio=1)
        table.add_column("Questions", ratio=1)
        for item in items:
            names = ", ".join(FIELD_LABELS.get(q.id, q.id).lower() for q in item.questions)
            table.add_row(f":j {item.section.id}", item.section.heading, names)
        self.out.print(table)

    def tell(self, message: str) -> None:
        """A note for the author."""
        self.out.print(message, style="yellow", markup=False, highlight=False)

    def not_saved(self, step: Step, message: str, unsaved: str) -> None:
        """A save failed: say why and show the answer again, so it can be copied."""
        from rich.panel import Panel
        from rich.rule import Rule
        from rich.text import Text

        self.out.print(Panel(Text(message), title="Not saved", style="yellow"))
        if not unsaved.strip():
            return
        # Plain lines between rules, not a box: the text copies from the terminal as written.
        self.out.print(Rule("Your answer, not saved: copy it from here", style="yellow"))
        self.out.print(unsaved, markup=False, highlight=False)
        self.out.print(Rule(style="yellow"))
        self.unsaved[step.key] = unsaved
        self._keep_pending()

    def resolve_conflict(self, error: CaseChangedError, unsaved: str) -> bool:
        """The file was edited elsewhere: show the unsaved answer, then reload or quit."""
        from rich.panel import Panel
        from rich.text import Text

        self.out.print(Panel(Text(error.message), title="Not saved", style="yellow"))
        self.out.print("Your answer, so you can copy it:", markup=False)
        self.out.print(Panel(Text(unsaved)))
        self.out.print(
            "r: reload the file and save this answer into it (if that question was not "
            "changed there too) · q: stop here",
            markup=False,
        )
        while True:
            try:
                choice = input("r/q › ").strip().lower()
            except EOFError:
                return False
            if choice in ("r", "q"):
                return choice == "r"


def _quote(text: str, attribution: str, *, child: bool) -> RenderableType:
    from rich.padding import Padding
    from rich.text import Text

    body = Text(f"“{' '.join(text.split())}”", style="italic blue" if child else "italic")
    body.append(f" — {attribution}", style="dim")
    return Padding(body, (0, 0, 0, 2))


def _item(label: str, text: str, limit: int) -> RenderableType:
    """'  label: text', abridged, with wrapped lines indented under it."""
    from rich.padding import Padding
    from rich.text import Text

    body = Text(label, style="bold")
    body.append(shorten(" ".join(text.split()), limit))
    return Padding(body, (0, 0, 0, 2))


def _leftovers(case_path: Path) -> list[Path]:
    """Editor files an earlier session left next to the case file (its words not saved)."""
    from reviewkit.authoring.editor import BUFFER_NAME

    found: list[Path] = []
    for path in sorted(case_path.parent.glob(f".{case_path.name}.answer-*")):
        if path.is_dir():
            found += [p for p in [path / BUFFER_NAME] if p.is_file()]
        elif path.is_file():
            found.append(path)  # the single-file layout of earlier versions
    return found
