"""Stage 2a (inside the worker process): run a unit's code, row by row, and capture values."""

from __future__ import annotations

import ast
import io
import traceback
from contextlib import redirect_stdout
from dataclasses import dataclass
from typing import Any

from jax_cheatsheet.check import jaxenv


@dataclass(frozen=True)
class Code:
    """Source text to run, with the file and line it is printed at."""

    text: str
    path: str
    line: int


@dataclass(frozen=True)
class Job:
    """One panel or sample: prelude and setup, rows to replay silently, rows to check."""

    unit: str
    setup: tuple[Code, ...]
    replay: tuple[Code, ...]
    rows: tuple[tuple[int, Code], ...]  # (row index in the unit, code)


@dataclass(frozen=True)
class Outcome:
    """What running a row produced: one printed value per expression, or an exception."""

    values: tuple[str, ...]
    error: str | None = None  # exception class name
    error_bases: tuple[str, ...] = ()  # class names along its MRO
    message: str = ""  # the exception's text and a short traceback


def run_code(code: Code, namespace: dict[str, Any]) -> Outcome:
    """Execute ``code`` statement by statement; each expression's value is captured."""
    values: list[str] = []
    try:
        tree = ast.parse(code.text, code.path)
        ast.increment_lineno(tree, code.line - 1)
        for statement in tree.body:
            out = io.StringIO()
            with redirect_stdout(out):
                if isinstance(statement, ast.Expr):
                    compiled = compile(ast.Expression(statement.value), code.path, "eval")
                    value = eval(compiled, namespace)  # noqa: S307 - running the sheet is the job
                else:
                    module = ast.Module(body=[statement], type_ignores=[])
                    exec(compile(module, code.path, "exec"), namespace)  # noqa: S102
                    continue
            if value is not None or out.getvalue():  # like the REPL, a bare None shows nothing
                values.append(display(value, out.getvalue()))
    except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the run
        return Outcome(
            values=tuple(values),
            error=type(error).__name__,
            error_bases=tuple(c.__name__ for c in type(error).__mro__),
            message=_describe(error, code.path),
        )
    return Outcome(values=tuple(values))


def display(value: object, printed: str) -> str:
    """What the reader sees for a value: ``str``; ``repr`` for text; printed output for None."""
    if value is None and printed:
        return printed.rstrip("\n")
    if isinstance(value, str):
        return repr(value)
    return str(value)


def run_job(job: Job, send: Any) -> None:
    """Run ``job`` in a fresh namespace, reporting each row through ``send``."""
    snapshot = jaxenv.snapshot_config()
    namespace: dict[str, Any] = {"__name__": "__main__"}
    try:
        for code in job.setup:
            send(("begin", "setup"))
            outcome = run_code(code, namespace)
            if outcome.error:
                send(("setup-failed", outcome))
                return
        for code in job.replay:
            send(("begin", "replay"))
            run_code(code, namespace)
        for index, code in job.rows:
            send(("begin", index))
            send(("result", index, run_code(code, namespace)))
    finally:
        jaxenv.restore_config(snapshot)
        send(("done",))


def _describe(error: BaseException, path: str) -> str:
    """The exception's first line, and the last line of the sheet's own file it passed."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == path]
    text = f"{type(error).__name__}: {error}".strip().splitlines()[0]
    return f"{text} (at {path}:{frames[-1].lineno})" if frames else text
