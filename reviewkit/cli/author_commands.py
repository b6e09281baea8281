"""The author command: the guided walk through episodes, themes, conclusions, recommendations.

The walk itself is `reviewkit.authoring.session.Session`; this module feeds it an answers
file, or hands it to the terminal (`reviewkit.cli.author_terminal`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from reviewkit.cli.application import app
from reviewkit.cli.output import has_terminal, print_removed_leftovers
from reviewkit.wording import plural

if TYPE_CHECKING:
    from reviewkit.authoring.session import Session
    from reviewkit.casefile import CaseStore


@app.command(parse_ahead=True)
def author(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).", show_default=False)],
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            metavar="WHAT",
            help="Only episodes, themes, conclusions, recommendations, or one section's id.",
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Fill answers from a YAML file (section id -> field -> text); no prompts.",
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="With --answers: replace text already written in the case file. Without it, "
            "answers that would change written text are listed and nothing is saved.",
        ),
    ] = False,
    editor: Annotated[
        bool | None,
        typer.Option(
            "--editor/--no-editor",
            help="Write every answer in $VISUAL/$EDITOR / never open an editor. "
            "Default: type answers, :e opens the editor.",
            show_default=False,
        ),
    ] = None,
    questions: Annotated[
        Path | None,
        typer.Option(
            "--questions",
            metavar="FILE",
            help="Your partnership's question set instead of the built-in one.",
        ),
    ] = None,
) -> None:
    """Write the analysis: walk every episode and theme, asking the systems-method questions.

    Each section shows its evidence first, then asks its questions one by one.

    Every answer is saved into the case file as soon as you confirm it (comments kept).

    The version before each save is kept as CASE.bak, and the file as it was before the session
    in its history (reviewkit history CASE). Run again to carry on where you left off.
    """
    from reviewkit.errors import UsageError

    interactive = answers is None
    if replace and interactive:
        raise UsageError(
            "--replace goes with --answers FILE (at a terminal, each answer is confirmed)."
        )
    if interactive and not has_terminal():
        raise UsageError(
            "author asks questions on a terminal, and there is none here (standard input "
            "is not a terminal); give the answers in a file instead with --answers FILE.yaml "
            "(see docs/authoring.md)."
        )
    from reviewkit.authoring.questions import load_questions
    from reviewkit.authoring.session import Session
    from reviewkit.casefile import CaseStore

    question_set = load_questions(questions)
    store = CaseStore(case, label="author")
    print_removed_leftovers(store.removed_leftovers)
    store.check_writable()  # before any question: an answer that cannot be saved is lost
    session = Session(store, question_set, only)
    if not session.steps:
        raise UsageError(f"{case}: there is nothing to ask: the case has no episodes or themes.")
    resume = _resume_command(case, only, questions)
    if answers is not None:
        _run_answers(session, store, answers, replace=replace)
        return
    # The terminal walk (700 lines) is loaded only when it runs, not at every command's start.
    from reviewkit.cli.author_terminal import editor_command, run_terminal

    mode: Literal["auto", "always", "never"] = (
        "auto" if editor is None else "always" if editor else "never"
    )
    if mode == "always" and not editor_command():
        raise UsageError("--editor needs an editor: set $VISUAL or $EDITOR, or drop --editor.")
    run_terminal(session, store, mode, resume)


def _resume_command(case: Path, only: str | None, questions: Path | None) -> str:
    import shlex

    words = ["reviewkit", "author", str(case)]
    if only:
        words += ["--only", only]
    if questions:
        words += ["--questions", str(questions)]
    return shlex.join(words)


# --- answers file ---------------------------------------------------------------------------


def _run_answers(session: Session, store: CaseStore, path: Path, *, replace: bool) -> None:
    from reviewkit.authoring.answers import AnswersFileSource, load_answers

    plan = load_answers(path, session, replace=replace)
    source = AnswersFileSource(plan, typer.echo)
    outcome = session.run(source, start=0)
    saved = f"{plural(source.saved, 'answer')} saved"
    if source.replaced:
        saved += f", {source.replaced} replacing text written before"
    backup = f" (previous version: {store.backup_path.name})" if source.saved else ""
    typer.echo(
        f"{store.path}: {saved}{backup}; {outcome.answered} of {outcome.total} questions answered."
    )
