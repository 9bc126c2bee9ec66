"""Stage 2a (inside the worker process): run a unit's code, row by row, and capture values."""

from __future__ import annotations

import ast
import io
import traceback
from collections.abc import Callable
from contextlib import redirect_stdout
from typing import Any

from jax_cheatsheet.check import jaxenv
from jax_cheatsheet.check.messages import (
    Code,
    FromWorker,
    Job,
    JobDone,
    Outcome,
    RowRan,
    SetupFailed,
    Started,
)


def run_code(code: Code, namespace: dict[str, Any]) -> Outcome:
    """Execute ``code`` statement by statement; each expression's value is captured."""
    values: list[str] = []
    printed = io.StringIO()
    try:
        tree = ast.parse(code.text, code.path)
        ast.increment_lineno(tree, code.line - 1)
        for statement in tree.body:
            out = io.StringIO()
            try:
                with redirect_stdout(out):
                    value = _run_statement(statement, code.path, namespace)
            finally:
                printed.write(out.getvalue())
            if isinstance(statement, ast.Expr) and (value is not None or out.getvalue()):
                values.append(display(value, out.getvalue()))  # like the REPL: None shows nothing
    except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the run
        return Outcome(
            values=tuple(values),
            error=type(error).__name__,
            error_bases=tuple(c.__name__ for c in type(error).__mro__),
            message=_describe(error, code.path),
            stdout=printed.getvalue(),
        )
    return Outcome(values=tuple(values), stdout=printed.getvalue())


def _run_statement(statement: ast.stmt, path: str, namespace: dict[str, Any]) -> object:
    """Run one statement; an expression statement's value is returned."""
    if isinstance(statement, ast.Expr):
        compiled = compile(ast.Expression(statement.value), path, "eval")
        return eval(compiled, namespace)  # noqa: S307 - running the sheet is the job
    module = ast.Module(body=[statement], type_ignores=[])
    exec(compile(module, path, "exec"), namespace)  # noqa: S102
    return None


def display(value: object, printed: str) -> str:
    """What the reader sees for a value: ``str``; ``repr`` for text; printed output for None."""
    if value is None and printed:
        return printed.rstrip("\n")
    if isinstance(value, str):
        return repr(value)
    return str(value)


def run_job(job: Job, send: Callable[[FromWorker], None]) -> None:
    """Run ``job`` in a fresh namespace, reporting each row through ``send``."""
    snapshot = jaxenv.snapshot_config()
    namespace: dict[str, Any] = {"__name__": "__main__"}
    try:
        for code in job.setup:
            send(Started("setup"))
            outcome = run_code(code, namespace)
            if outcome.error:
                send(SetupFailed(outcome))
                return
        for code in job.replay:
            send(Started("replay"))
            run_code(code, namespace)
        for index, code in job.rows:
            send(Started("row", index))
            send(RowRan(index, run_code(code, namespace)))
    finally:
        jaxenv.restore_config(snapshot)
        send(JobDone())


def _describe(error: BaseException, path: str) -> str:
    """The exception's first line, and the last line of the sheet's own file it passed."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == path]
    text = f"{type(error).__name__}: {error}".strip().splitlines()[0]
    return f"{text} (at {path}:{frames[-1].lineno})" if frames else text
