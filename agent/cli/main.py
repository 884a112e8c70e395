"""Entry point: builds the typer app from the command modules and turns errors into one line."""

from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import Any

import click
import typer

from agent import __version__, configure_logging
from agent.errors import BudgetReviewError

# Each module registers its own commands; heavy libraries are imported inside the commands.
COMMAND_MODULES = [
    "agent.cli.load",
    "agent.cli.extract",
    "agent.cli.review",
    "agent.cli.store",
    "agent.cli.evaluate",
    "agent.cli.batch",
    "agent.cli.chat",
    "agent.cli.logs",
]

app = typer.Typer(
    name="budget-review",
    help="Review Chinese public-sector budget documents (绩效自评报告, 部门决算): grounded figures, "
    "deterministic arithmetic checks, review comments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

log = logging.getLogger(__name__)


class State:
    debug = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"budget-review {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what the tool does (DEBUG) to stderr."),
) -> None:
    State.debug = debug or bool(os.environ.get("BUDGET_REVIEW_DEBUG"))
    verbose = verbose or bool(os.environ.get("BUDGET_REVIEW_VERBOSE"))
    if verbose:
        os.environ["BUDGET_REVIEW_VERBOSE"] = "1"  # batch worker processes log too
    configure_logging(verbose)
    log.debug("budget-review %s, python %s", __version__, sys.version.split()[0])


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def fail(message: str, code: int) -> None:
    print(f"budget-review: error: {message}", file=sys.stderr)
    sys.exit(code)


def _cli_exception_types() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """(ClickException-like, Abort-like) classes from click and from typer's vendored copy of it."""
    usage: list[type[BaseException]] = [click.exceptions.ClickException]
    abort: list[type[BaseException]] = [click.exceptions.Abort]
    vendored: Any = None
    try:
        from typer._click import exceptions as vendored  # type: ignore[no-redef]  # typer ≥ 0.29 ships its own click
    except ImportError:
        log.debug("typer has no vendored click; using click's exception classes only")
    if vendored is not None:
        usage += [c for c in (getattr(vendored, "ClickException", None),) if c]
        abort += [c for c in (getattr(vendored, "Abort", None),) if c]
    abort += [c for c in (getattr(typer, "Abort", None),) if c]
    return tuple(usage), tuple(abort)


def run() -> None:
    usage_errors, aborts = _cli_exception_types()
    try:
        rc = app(standalone_mode=False)
    except BudgetReviewError as e:
        if State.debug:
            raise
        fail(e.one_line(), e.exit_code)
    except aborts:
        fail("aborted", 130)
    except usage_errors as e:
        if State.debug:
            raise
        show = getattr(e, "show", None)
        if show is not None:
            show()
        else:
            print(f"budget-review: error: {e}", file=sys.stderr)
        sys.exit(getattr(e, "exit_code", 2) or 2)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as e:  # noqa: BLE001 - last line of defence, one line unless --debug
        if State.debug:
            raise
        fail(f"internal error: {type(e).__name__}: {e} (rerun with --debug for a traceback)", 70)
    else:
        sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":
    run()
