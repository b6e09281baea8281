"""The Typer application every command module registers on, and its one error handler.

Every ReviewkitError is handled once, in `_Group.invoke`: its message goes to stderr and the
process exits with its code. Other exceptions are bugs and keep their traceback.

Typer makes a command's options from its function's signature, evaluating every annotation,
each time the program starts; made for all eighteen commands to run one, that was a tenth of
the start-up of `reviewkit import`. So the app keeps each registered command aside
(`_App.command`) and the group makes it when it is first looked up (`_Commands`): running a
command makes that one, `--help` makes them all to list them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any, TypeVar

import typer
import typer.main
from typer.core import TyperGroup
from typer.models import CommandInfo

from reviewkit.errors import ReviewkitError

F = TypeVar("F", bound=Callable[..., Any])


class _Commands(MutableMapping[str, Any]):
    """The group's commands by name, in the order registered, each made when first looked up.

    A command is typed Any: Typer's command class is click's or its own copy of it, by version.
    """

    def __init__(self, pending: dict[str, CommandInfo]) -> None:
        self._pending = dict(pending)
        self._made: dict[str, Any] = {}
        self._order = list(pending)

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            info = self._pending.pop(name)  # KeyError for a name never registered, as a dict
            self._made[name] = typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
        return self._made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._order:
            self._order.append(name)
        self._pending.pop(name, None)
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._order:
            raise KeyError(name)
        self._order.remove(name)
        self._pending.pop(name, None)
        self._made.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)


class _Group(TyperGroup):
    """reviewkit's command group: its commands made when looked up, its errors handled once."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = _Commands(app.pending)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] in app.parsed_ahead:
            _parse_case_ahead(self.get_command(ctx, args[0]), ctx, args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ReviewkitError as err:
            from reviewkit.cli.output import visible

            # A message may quote the user's text: its control characters are shown, not sent.
            message = visible(err.message)
            typer.echo(f"reviewkit: {message}" if "\n" not in message else message, err=True)
            raise typer.Exit(err.exit_code) from None


def _parse_case_ahead(command: Any, ctx: Any, args: list[str]) -> None:
    """Start parsing the case file named by `args` (the command's name, then its words)."""
    if any(arg in ctx.help_option_names for arg in args):
        return
    try:  # the words only, as the command will read them: nothing converted or checked
        words = command.context_class(command, parent=ctx, info_name=args[0])
        found, _, _ = command.make_parser(words).parse_args(args=args[1:])
    except Exception:  # noqa: BLE001 - a command line that does not parse is left to the command
        return
    case = found.get("case")
    if isinstance(case, str):
        from reviewkit.casefile.read import parse_ahead

        parse_ahead(Path(case))


class _App(typer.Typer):
    """The Typer app whose commands are made only when looked up (see the module's notes)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pending: dict[str, CommandInfo] = {}  # name -> the command as registered
        self.parsed_ahead: set[str] = set()  # commands whose case file is parsed ahead
        # Typer makes a group of an app with a callback; the commands are the group's own.
        self.callback()(lambda: None)

    def command(
        self, name: str | None = None, *, parse_ahead: bool = False, **kwargs: Any
    ) -> Callable[[F], F]:
        """Register a command as Typer does; it is made into a command when first used.

        With `parse_ahead`, its CASE argument (a parameter named `case`) is parsed ahead.
        """
        register = super().command(name, **kwargs)

        def decorator(function: F) -> F:
            register(function)
            info = self.registered_commands.pop()
            command_name = info.name or typer.main.get_command_name(function.__name__)
            self.pending[command_name] = info
            if parse_ahead:
                self.parsed_ahead.add(command_name)
            return function

        return decorator


app = _App(
    cls=_Group,
    name="reviewkit",
    help="Build child safeguarding practice reviews from a YAML case file.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
