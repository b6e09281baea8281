"""The Jinja2 environment for report wording: the user's templates first, then the built-in ones.

Built-in templates live in the top-level `templates/` folder of the repository, shipped inside
the wheel as `reviewkit/templates`. A user's `--templates DIR` has the same layout (for example
`DIR/lcspr/legal-framework-wt2023.j2`); any file it holds replaces the built-in one of the same
name, and everything else falls back to the built-in copy.

A wording fragment renders to plain text: paragraphs are separated by blank lines, and the
line breaks inside a paragraph are only for reading the template.

Every template renders in Jinja2's sandbox: it can use the values and filters it is given, but
not reach Python through them (`''.__class__.__mro__`, `os.system`). Any mistake in a user's
template, at load or while rendering, is a TemplateError naming its file and line.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import reviewkit
from reviewkit.errors import TemplateError

if TYPE_CHECKING:
    from jinja2 import Environment

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
    from jinja2.sandbox import SandboxedEnvironment

    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        user_dir = Path(user_dir)
        if not user_dir.is_dir():
            what = "is not a folder" if user_dir.exists() else "does not exist"
            raise TemplateError(
                f"--templates {user_dir}: the folder {what}; give a folder holding your own "
                "copies of the templates you want to change (for example lcspr/*.j2)."
            )
        loaders.append(jinja2.FileSystemLoader(user_dir))
    loaders.append(jinja2.FileSystemLoader(builtin_dir()))
    env = SandboxedEnvironment(
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
    except Exception as err:
        where = _where(err, env, name)
        if _is_builtin(where):
            raise  # a mistake in reviewkit's own templates or filters: a bug, with its traceback
        # Whatever a user's template does wrong at run time (1 / 0, a filter given the wrong
        # thing) is a mistake in that template, said with its place, not a traceback.
        raise TemplateError(f"{where}: template error: {err}") from None


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
