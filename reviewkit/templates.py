"""The Jinja2 environment for report wording: the user's templates first, then the built-in ones.

Built-in templates live in the top-level `templates/` folder of the repository, shipped inside
the wheel as `reviewkit/templates`. A user's `--templates DIR` has the same layout (for example
`DIR/lcspr/legal-framework-wt2023.j2`); any file it holds replaces the built-in one of the same
name, and everything else falls back to the built-in copy.

A wording fragment renders to plain text: paragraphs are separated by blank lines, and the
line breaks inside a paragraph are only for reading the template.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import reviewkit
from reviewkit.errors import TemplateError

if TYPE_CHECKING:
    from jinja2 import Environment


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
        loaders.append(jinja2.FileSystemLoader(user_dir))
    loaders.append(jinja2.FileSystemLoader(builtin_dir()))
    env = jinja2.Environment(
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

    try:
        template = env.get_template(name)
        return template.render(**context)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"template {name} not found among the built-in templates") from None
    except jinja2.TemplateSyntaxError as err:
        where = f"{err.filename or name}:{err.lineno}"
        raise TemplateError(f"{where}: template error: {err.message}") from None
    except jinja2.UndefinedError as err:
        raise TemplateError(
            f"{_source(env, name)}: template error: {err.message}; the names a template can "
            "use are listed at the top of its built-in copy"
        ) from None
    except jinja2.TemplateError as err:
        raise TemplateError(f"{_source(env, name)}: template error: {err.message}") from None


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs on blank lines; the lines of a paragraph are joined."""
    chunks = re.split(r"\n[ \t]*\n", text.strip())
    return [" ".join(chunk.split()) for chunk in chunks if chunk.strip()]


def render_paragraphs(env: Environment, name: str, **context: Any) -> list[str]:
    """Render a wording fragment and split it into paragraphs."""
    return paragraphs(render(env, name, **context))


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
