"""The Typer application every command module registers on, and its one error handler.

Every ReviewkitError is handled once, in `_Group.invoke`: its message goes to stderr and the
process exits with its code. Other exceptions are bugs and keep their traceback.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from reviewkit.errors import ReviewkitError


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ReviewkitError as err:
            from reviewkit.cli.output import visible

            # A message may quote the user's text: its control characters are shown, not sent.
            message = visible(err.message)
            typer.echo(f"reviewkit: {message}" if "\n" not in message else message, err=True)
            raise typer.Exit(err.exit_code) from None


app = typer.Typer(
    cls=_Group,
    name="reviewkit",
    help="Build child safeguarding practice reviews from a YAML case file.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
