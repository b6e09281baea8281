"""The Jinja2 environment for report wording: the user's templates first, then the built-in ones.

Built-in templates live in the top-level `templates/` folder of the repository, shipped inside
the wheel as `reviewkit/templates`. A user's `--templates DIR` has the same layout (for example
`DIR/lcspr/legal-framework-wt2023.j2`); any file it holds replaces the built-in one of the same
name, and everything else falls back to the built-in copy.

A wording fragment renders to plain text: paragraphs are separated by blank lines, and the
line breaks inside a paragraph are only for reading the template.

Every template renders in Jinja2's sandbox: it can use the values and filters it is given, but
not reach Python through them (`''.__class__.__mro__`, `os.system`), nor build a text or a
number too large to hold (`'x' * 10000000000`). A user's template is read through the input
guard (a regular file of at most 1 MB, UTF-8). Any mistake in a user's template, at load or
while rendering, is a TemplateError naming its file and line.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import reviewkit
from reviewkit.errors import ReviewkitError, TemplateError
from reviewkit.inputs import MB, read_input

if TYPE_CHECKING:
    from jinja2 import Environment

MAX_TEMPLATE_BYTES = 1 * MB  # a wording template is a few KB
MAX_TEXT = 1_000_000  # characters (or items) a template may make with '*'
MAX_EXPONENT = 1_000  # beyond this, '**' makes numbers too large to print

__all__ = [
    "TemplateError",
    "builtin_dir",
    "environment",
    "paragraphs",
    "render",
    "render_paragraphs",
]


def builtin_dir() -> Path:
    """The built-in templates: inside the installed package, else the repository's folder."""
    packaged = Path(reviewkit.__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(reviewkit.__file__).parent.parent / "templates"


def environment(
    user_dir: Path | None = None, *, filters: dict[str, Callable[..., Any]] | None = None
) -> Environment:
    """A Jinja2 environment loading from `user_dir` first, then the built-in templates."""
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        user_dir = Path(user_dir)
        if not user_dir.is_dir():
            what = "is not a folder" if user_dir.exists() else "does not exist"
            raise TemplateError(
                f"--templates {user_dir}: the folder {what}; give a folder holding your own "
                "copies of the templates you want to change (for example lcspr/*.j2)."
            )
        loaders.append(_classes()[0](user_dir))
    loaders.append(jinja2.FileSystemLoader(builtin_dir()))
    env = _classes()[1](
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(filters or {})
    return env


def render(env: Environment, name: str, **context: Any) -> str:
    """Render one template to text; template mistakes become a TemplateError saying where."""
    import jinja2
    from jinja2.exceptions import SecurityError

    try:
        template = env.get_template(name)
        return template.render(**context)
    except jinja2.TemplateNotFound as err:
        missing = "" if err.name == name else f" (included by {_source(env, name)})"
        raise TemplateError(
            f"template {err.name} not found among the built-in templates{missing}"
        ) from None
    except jinja2.TemplateSyntaxError as err:
        where = f"{err.filename or name}:{err.lineno}"
        raise TemplateError(f"{where}: template error: {err.message}") from None
    except jinja2.UndefinedError as err:
        raise TemplateError(
            f"{_where(err, env, name)}: template error: {err.message}; the names a template "
            "can use are listed at the top of its built-in copy"
        ) from None
    except SecurityError as err:
        raise TemplateError(
            f"{_where(err, env, name)}: template error: {str(err).rstrip('.')}; templates run "
            "in a sandbox and may use only the values and filters they are given"
        ) from None
    except jinja2.TemplateError as err:
        raise TemplateError(f"{_where(err, env, name)}: template error: {err.message}") from None
    except ReviewkitError:
        raise  # a user's template refused by the input guard: its message names the file
    except Exception as err:
        where = _where(err, env, name)
        if _is_builtin(where):
            raise  # a mistake in reviewkit's own templates or filters: a bug, with its traceback
        # Whatever a user's template does wrong at run time (1 / 0, a filter given the wrong
        # thing) is a mistake in that template, said with its place, not a traceback.
        detail = str(err) or type(err).__name__  # MemoryError has no message
        raise TemplateError(f"{where}: template error: {detail}") from None


@functools.cache
def _classes() -> tuple[type[Any], type[Environment]]:
    """The loader for a user's templates folder and the sandbox, made once jinja2 is imported."""
    import jinja2
    from jinja2.exceptions import SecurityError
    from jinja2.loaders import split_template_path
    from jinja2.sandbox import SandboxedEnvironment

    class UserLoader(jinja2.FileSystemLoader):
        """A user's templates folder: each template read through the input guard, as UTF-8."""

        def get_source(
            self, environment: Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            path = Path(self.searchpath[0], *split_template_path(template))
            if not (path.exists() or path.is_symlink()):
                raise jinja2.TemplateNotFound(template)
            # A folder, a named pipe or a looping link with a template's name is refused by
            # name; reading it unchecked would wait for ever or fall back to the built-in one.
            raw = read_input(
                path, what="template", limit=MAX_TEMPLATE_BYTES, too_big="split the template"
            )
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                line = raw.count(b"\n", 0, err.start) + 1
                raise TemplateError(
                    f"{path}:{line}: the template is not UTF-8 text (byte 0x{raw[err.start]:02x}); "
                    "save it as UTF-8 in your editor and try again."
                ) from None
            mtime = path.stat().st_mtime

            def uptodate() -> bool:
                try:
                    return path.stat().st_mtime == mtime
                except OSError:
                    return False

            return text, str(path), uptodate

    class Sandbox(SandboxedEnvironment):
        """Jinja2's sandbox, also refusing '*' and '**' results too large to hold."""

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"the power {right:,} is larger than {MAX_EXPONENT:,}")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                    if sized and len(seq) * times > MAX_TEXT:
                        raise SecurityError(
                            f"'*' would make {len(seq) * times:,} characters or items, "
                            f"more than {MAX_TEXT:,}"
                        )
            return super().call_binop(context, operator, left, right)

    return UserLoader, Sandbox


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs on blank lines; the lines of a paragraph are joined."""
    chunks = re.split(r"\n[ \t]*\n", text.strip())
    return [" ".join(chunk.split()) for chunk in chunks if chunk.strip()]


def render_paragraphs(env: Environment, name: str, **context: Any) -> list[str]:
    """Render a wording fragment and split it into paragraphs."""
    return paragraphs(render(env, name, **context))


def _where(err: BaseException, env: Environment, name: str) -> str:
    """FILE:LINE in the template where `err` was raised (Jinja2 puts templates in tracebacks)."""
    frames = [
        frame
        for frame in traceback.extract_tb(err.__traceback__)
        if not frame.filename.endswith(".py") and not frame.filename.startswith("<")
    ]
    if frames:
        return f"{frames[-1].filename}:{frames[-1].lineno}"
    return _source(env, name)


def _is_builtin(where: str) -> bool:
    return Path(where.rpartition(":")[0] or where).is_relative_to(builtin_dir())


def _source(env: Environment, name: str) -> str:
    """The file a template was loaded from, for error messages."""
    import jinja2

    if env.loader is None:
        return name
    try:
        _, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        return name
    return filename or name
