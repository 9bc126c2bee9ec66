"""Stage 2a (inside the worker process): run a unit's code, row by row, and capture values."""

from __future__ import annotations

import ast
import functools
import io
import sys
import traceback
import warnings
from collections.abc import Callable
from contextlib import redirect_stdout
from typing import Any

from jax_cheatsheet.check.messages import (
    OUTPUT_LIMIT,
    Code,
    FromWorker,
    Job,
    JobDone,
    Outcome,
    RowRan,
    SetupFailed,
    Started,
)
from jax_cheatsheet.check.sandbox import fenced
from jax_cheatsheet.parse.rows import SHOWS_PRINTED


class _Capped(io.StringIO):
    """Text written to it, up to ``OUTPUT_LIMIT`` characters; ``cut`` if more came."""

    def __init__(self) -> None:
        super().__init__()
        self.cut = False

    def write(self, text: str) -> int:
        room = OUTPUT_LIMIT - self.tell()
        if len(text) > room:
            self.cut = True
            text = text[: max(room, 0)]
        super().write(text)
        return len(text)


def run_code(code: Code, namespace: dict[str, Any], form: str = "print") -> Outcome:
    """Execute ``code`` statement by statement; each expression's value is captured.

    Values are shown in ``form`` (see :func:`display`); as at the REPL, ``_`` holds the last
    value. A compound statement (``for ...: print(i)``) shows what it printed. Any exception,
    ``SystemExit`` and ``KeyboardInterrupt`` included, is the row's outcome; warnings it raises
    are recorded; output beyond ``OUTPUT_LIMIT`` is cut (and said so).
    """
    values: list[str] = []
    printed = _Capped()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            tree = ast.parse(code.text, code.path)
            ast.increment_lineno(tree, code.line - 1)
            for statement in tree.body:
                out = _Capped()
                try:
                    with redirect_stdout(out):
                        value = _run_statement(statement, code.path, namespace, form)
                finally:
                    printed.write(out.getvalue())
                    printed.cut |= out.cut
                if isinstance(statement, ast.Expr) and (value is not None or out.getvalue()):
                    values.append(display(value, out.getvalue(), form))  # the REPL hides None
                    if value is not None:
                        namespace["_"] = value
                elif isinstance(statement, SHOWS_PRINTED) and out.getvalue():
                    values.append(out.getvalue().rstrip("\n"))
        except BaseException as error:  # noqa: BLE001 - any failure is the row's, none stops the run
            raised: BaseException | None = error
        else:
            raised = None
    shown = tuple(v[:OUTPUT_LIMIT] for v in values)
    return Outcome(
        values=shown,
        error=type(raised).__name__ if raised else None,
        error_bases=tuple(c.__name__ for c in type(raised).__mro__) if raised else (),
        message=_describe(raised, code.path) if raised else "",
        stdout=printed.getvalue(),
        warnings=tuple(f"{w.category.__name__}: {w.message}" for w in caught[:20]),
        cut=printed.cut or any(len(v) > OUTPUT_LIMIT for v in values),
    )


def _run_statement(statement: ast.stmt, path: str, namespace: dict[str, Any], form: str) -> object:
    """Run one statement; an expression statement's value is returned.

    A block written on one line runs as the REPL runs it: an expression inside it shows its
    value (``with jnp.printoptions(...): jnp.sin(x)``), in ``form``.
    """
    if isinstance(statement, ast.Expr):
        compiled = compile(ast.Expression(statement.value), path, "eval")
        return eval(compiled, namespace)  # noqa: S307 - running the sheet is the job
    if isinstance(statement, SHOWS_PRINTED) and statement.end_lineno == statement.lineno:
        single = compile(ast.Interactive(body=[statement]), path, "single")
        hook = sys.displayhook
        sys.displayhook = functools.partial(_show, namespace=namespace, form=form)
        try:
            exec(single, namespace)  # noqa: S102
        finally:
            sys.displayhook = hook
        return None
    module = ast.Module(body=[statement], type_ignores=[])
    exec(compile(module, path, "exec"), namespace)  # noqa: S102
    return None


def _show(value: object, *, namespace: dict[str, Any], form: str) -> None:
    """The REPL's display hook, in the sheet's form: print a value that is not None."""
    if value is not None:
        print(display(value, "", form))
        namespace["_"] = value


def display(value: object, printed: str, form: str = "print") -> str:
    """What the reader sees for a value: what it printed if it is None; else in ``form``:
    ``str`` (``repr`` for text) in the print form; in the REPL form, as the REPL shows it,
    what it printed followed by its ``repr``."""
    if value is None and printed:
        return printed.rstrip("\n")
    if form == "repr":
        return f"{printed}{value!r}" if printed else repr(value)
    if isinstance(value, str):
        return repr(value)
    return str(value)


def run_job(job: Job, send: Callable[[FromWorker], None]) -> None:
    """Run ``job`` in a fresh namespace and scratch folder, reporting each row through ``send``."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    try:
        with fenced(job.unit):
            _run_rows(job, namespace, send)
    finally:
        send(JobDone())


def _run_rows(job: Job, namespace: dict[str, Any], send: Callable[[FromWorker], None]) -> None:
    for code in job.setup:
        send(Started("setup"))
        outcome = run_code(code, namespace)
        if outcome.error:
            send(SetupFailed(outcome))
            return
    for code in job.replay:
        send(Started("replay"))
        run_code(code, namespace, job.form)
    for index, code in job.rows:
        send(Started("row", index))
        send(RowRan(index, run_code(code, namespace, job.form)))


def _describe(error: BaseException, path: str) -> str:
    """The exception's first line, and the last line of the sheet's own file it passed."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == path]
    text = f"{type(error).__name__}: {error}".strip().splitlines()[0]
    return f"{text} (at {path}:{frames[-1].lineno})" if frames else text
