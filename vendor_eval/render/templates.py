"""The sandboxed Jinja environment that renders organisation-editable templates."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    select_autoescape,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from vendor_eval import config
from vendor_eval.errors import InputError

DEFAULT_PREFIX = "default"


def shipped_templates_dir() -> Path:
    return Path(config.TEMPLATES_DIR).resolve()


def template_environment(organisation_dir: Path | None = None) -> ImmutableSandboxedEnvironment:
    """Organisation templates first, then the shipped ones; `default:` always means shipped.

    Templates are edited by organisations, so they run sandboxed (no attribute escapes, no
    mutation of the data passed in), autoescaped and with undefined names as errors rather
    than silently empty text in a document someone will sign off.
    """
    shipped = FileSystemLoader(str(shipped_templates_dir()))
    loaders: list[BaseLoader] = [PrefixLoader({DEFAULT_PREFIX: shipped}, delimiter=":")]
    if organisation_dir is not None:
        loaders.append(FileSystemLoader(str(Path(organisation_dir).resolve())))
    loaders.append(shipped)
    return ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "svg", "html.j2", "htm.j2", "xml.j2"),
            disabled_extensions=("txt", "md", "txt.j2", "md.j2"),
            default_for_string=True,
            default=True,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_template(
    environment: ImmutableSandboxedEnvironment, name: str, context: Mapping[str, object]
) -> str:
    """Render a named template; any template fault becomes an InputError naming the template."""
    try:
        return environment.get_template(name).render(**context)
    except TemplateError as error:
        raise template_input_error(error, name) from None


def render_string(
    environment: ImmutableSandboxedEnvironment, source: str, context: Mapping[str, object],
    name: str = "<string>",
) -> str:
    """Render template text held in memory (a form field, a test) under the same rules."""
    try:
        return environment.from_string(source).render(**context)
    except TemplateError as error:
        raise template_input_error(error, name) from None


def template_input_error(error: TemplateError, name: str) -> InputError:
    """Say which template and line failed and what to change, without a Python traceback."""
    file, line = _template_location(error, name)
    if isinstance(error, TemplateSyntaxError):
        message = f"template syntax error: {error.message}"
    elif isinstance(error, SecurityError):
        message = f"template tried an unsafe operation, refused by the sandbox: {error}"
    elif isinstance(error, UndefinedError):
        message = f"template refers to a value the report does not provide: {error}"
    elif isinstance(error, TemplateNotFound):
        message = f"template '{error.name}' not found (looked in the organisation and shipped " \
                  f"template folders)"
    else:
        message = f"template error: {error}"
    return InputError(message, file=file, row=line)


def _template_location(error: TemplateError, name: str) -> tuple[str, int | None]:
    if isinstance(error, TemplateSyntaxError):
        return error.name or error.filename or name, error.lineno
    # Jinja rewrites tracebacks so template frames carry the template's file and line.
    file, line = name, None
    tb: TracebackType | None = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py"):
            file = _shorten(filename, name)
            line = tb.tb_lineno
        tb = tb.tb_next
    return file, line


def _shorten(filename: str, fallback: str) -> str:
    if filename.startswith("<"):
        return fallback
    path = Path(filename)
    try:
        return str(path.relative_to(shipped_templates_dir().parent))
    except ValueError:
        return str(path)
