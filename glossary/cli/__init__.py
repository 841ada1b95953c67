"""The `glossalign` command: a thin layer that parses options and calls the library.

Each command lives in its own module and registers itself on `app`; none imports anything
heavy at module level, so `glossalign --help` answers at once.
"""
from __future__ import annotations

import os
import sys

import typer

from align.errors import InputError

app = typer.Typer(
    name="glossalign",
    help="Align Chinese and French documents and distil a reviewed bilingual term glossary.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
review_app = typer.Typer(help="Review candidates in Excel: export a workbook, import the decisions.",
                         no_args_is_help=True)
app.add_typer(review_app, name="review")

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2

_COMMAND_MODULES = ("inspect_cmd", "align_cmd", "extract_cmd", "store_cmds", "check_cmd", "run_cmd")


def _no_placeholder_for_flags() -> None:
    """Typer shows a type after every option, `--quiet <bool>` too; a flag takes no value, so it shows none."""
    from typer.core import TyperOption

    if getattr(TyperOption, "_glossalign_flags", False):
        return
    shown = TyperOption.display_type_rich

    def display_type_rich(self, ctx):
        if self.is_flag and self.metavar is None:
            return None
        return shown(self, ctx)

    TyperOption.display_type_rich = display_type_rich
    TyperOption._glossalign_flags = True


def _register_commands() -> None:
    import importlib

    _no_placeholder_for_flags()

    for name in _COMMAND_MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:  # a command still being written
            if error.name != f"{__name__}.{name}":
                raise


def fail(message: str, code: int = EXIT_BAD_INPUT) -> "typer.Exit":
    """Print one error line and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def main() -> None:
    try:
        from typer._click import exceptions as click  # typer >= 0.26 carries its own click
    except ImportError:
        from click import exceptions as click

    _register_commands()
    try:
        code = app(standalone_mode=False)  # usage errors come back here, to be shown as one line
    except getattr(click, "NoArgsIsHelpError", ()) as error:  # a bare command: its help
        error.show()
        sys.exit(EXIT_BAD_INPUT)
    except click.UsageError as error:
        where = f"{error.ctx.command_path}: " if error.ctx is not None else ""
        typer.echo(f"error: {where}{' '.join(error.format_message().split())} (see --help)", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except typer.Abort:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except InputError as error:
        typer.echo(f"error: {error}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except OSError as error:
        where = f"{error.filename}: " if getattr(error, "filename", None) else ""
        typer.echo(f"error: {where}{error.strerror or error}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except Exception as error:  # a bug: one line, the traceback only on request
        if os.environ.get("GLOSSALIGN_DEBUG"):
            raise
        typer.echo(f"error: unexpected {type(error).__name__}: {error} (set GLOSSALIGN_DEBUG=1 for details)",
                   err=True)
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(code if isinstance(code, int) else 0)
