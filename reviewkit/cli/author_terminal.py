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
    from rich.console import Console

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
SCISSORS = "# ------------------------ >8 ------------------------"

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
        raise typer.Exit(130) from None
    except _InputEnded:
        out.print()
        _stopped(out, session, resume, interrupted=True)
        raise typer.Exit(1) from None
    _finish(out, outcome, session, resume)


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

    def __init__(
        self, out: Console, case_path: Path, mode: Literal["auto", "always", "never"]
    ) -> None:
        self.out = out
        self.case_path = case_path
        self.mode = mode

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
        leftovers = sorted(self.case_path.parent.glob(f".{self.case_path.name}.answer-*.md"))
        for leftover in leftovers:
            self.tell(
                f"An answer written in the editor during an interrupted session was kept in "
                f"{leftover.name}; it is not in the case file. Copy what you need, then "
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
        """The section's heading, then its evidence."""
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
        self.out.print(Panel(head))
        self._evidence(section, evidence)

    def _evidence(self, section: Section, evidence: Evidence) -> None:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        out = self.out
        if section.kind in ("episode", "theme"):
            if evidence.events:
                table = Table(
                    title="Events"
                    if section.kind == "episode"
                    else "Events tagged with this theme",
                    title_justify="left",
                    title_style="bold",
                    box=box.SIMPLE_HEAD,
                    pad_edge=False,
                    show_edge=False,
                    expand=True,
                )
                table.add_column("Date", max_width=16)
                table.add_column("Age", max_width=15)
                table.add_column("Agency", max_width=12)
                table.add_column("Summary", ratio=1)
                for row in evidence.events:
                    table.add_row(
                        row.date,
                        row.age,
                        row.agency,
                        row.summary,
                        style=None if row.in_scope else "dim",
                    )
                out.print(table)
                if evidence.more_events:
                    out.print(f"… and {plural(evidence.more_events, 'more event')}.", style="dim")
            else:
                out.print(
                    "No events are linked to this section yet (an event's episodes: or themes:).",
                    style="dim",
                )
        if evidence.related:
            out.print(Text("Themes" if section.kind == "conclusions" else "Linked", style="bold"))
            for related in evidence.related:
                out.print(Text(f"  {related}"))
        if evidence.quotes:
            out.print(Text("From the conversations", style="bold"))
            for quote in evidence.quotes:
                out.print(_quote(quote.text, quote.attribution, child=False))
        if evidence.withheld_quotes:
            out.print(
                f"({plural(evidence.withheld_quotes, 'linked quote')} not shown: no consent "
                "to quote.)",
                style="dim",
            )
        if evidence.child_words:
            out.print(Text("The child's own words", style="bold"))
            for quote in evidence.child_words:
                out.print(_quote(quote.text, quote.attribution, child=True))
        if evidence.written:
            title = (
                "Learning from the themes" if section.kind == "conclusions" else "Already written"
            )
            out.print(Text(title, style="bold"))
            for written in evidence.written:
                out.print(_item(f"{written.label}: ", written.text, 150))
        if evidence.recommendations:
            out.print(Text("Recommendations", style="bold"))
            for rec in evidence.recommendations:
                out.print(_item(f"{rec.number}. {rec.addressee}: ", rec.text, 120))

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
        """Text written in the author's editor; None when nothing usable came back."""
        import shlex
        import signal
        import subprocess

        if self.mode == "never":
            self.tell("The editor is off (--no-editor); type the answer here instead.")
            return None
        command = editor_command()
        if not command:
            self.tell("No editor is set: set $VISUAL or $EDITOR, or type the answer here.")
            return None
        from reviewkit.atomic import private_scratch

        # The buffer is private and removed afterwards: it holds case material.
        buffer_path = self.case_path.parent / f".{self.case_path.name}.answer-{os.getpid()}.md"
        with private_scratch(buffer_path, _buffer_text(view, current)) as buffer:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the editor's
            try:
                result = subprocess.run([*shlex.split(command), str(buffer)], check=False)
            except FileNotFoundError:
                self.tell(f"Cannot run the editor '{command}'; check $VISUAL or $EDITOR.")
                return None
            finally:
                signal.signal(signal.SIGINT, previous)
            if result.returncode != 0:
                self.tell("The editor stopped with an error; nothing was saved.")
                return None
            text = buffer.read_text(encoding="utf-8").split(SCISSORS, 1)[0]
        from reviewkit.authoring.targets import normalise

        text = normalise(text)
        if not text:
            self.tell("The editor gave back no text; nothing was saved.")
            return None
        return text

    # --- feedback -----------------------------------------------------------------------

    def confirmed(self, step: Step, outcome: Literal["saved", "unchanged", "added"]) -> None:
        """Say that an answer is safe."""
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


def _quote(text: str, attribution: str, *, child: bool) -> object:
    from rich.padding import Padding
    from rich.text import Text

    body = Text(f"“{' '.join(text.split())}”", style="italic blue" if child else "italic")
    body.append(f" — {attribution}", style="dim")
    return Padding(body, (0, 0, 0, 2))


def _item(label: str, text: str, limit: int) -> object:
    """'  label: text', abridged, with wrapped lines indented under it."""
    from rich.padding import Padding
    from rich.text import Text

    body = Text(label, style="bold")
    body.append(shorten(" ".join(text.split()), limit))
    return Padding(body, (0, 0, 0, 2))


def _buffer_text(view: View, current: str) -> str:
    section = view.step.section
    notes = [
        SCISSORS,
        "# Write your answer above the line and save. Everything from the line down is",
        "# ignored. Leave the text unchanged to keep it as it is.",
        "#",
        f"# {section.heading}",
        f"# {view.step.question.prompt}",
        *(f"# {line}" for line in view.step.question.help.splitlines()),
    ]
    top = f"{current.strip()}\n" if current.strip() else ""
    return f"{top}\n" + "\n".join(notes) + "\n"
