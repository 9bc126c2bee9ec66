"""Check jax.numpy's docstring examples twice: with doctest, and as a REPL-form sheet.

Usage: ``.venv/bin/python tests/jnp_docstrings.py OUT_DIR [--limit N] [--flags jax|stdlib]``

The ``>>>`` examples of the first N public ``jax.numpy`` functions (by name) that have any are
run by the standard library's ``doctest`` (in this process, with the globals JAX's own
``conftest.py`` gives them), then written as one sheet panel per function under OUT_DIR and
checked by the engine. The table says how many examples doctest passes and how many of those
the engine passes too, and lists every example on which the two disagree.
"""

from __future__ import annotations

import argparse
import ast
import copy
import doctest
import inspect
import io
import json
import sys
import time
import tokenize
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.sandbox import fenced
from jax_cheatsheet.check.service import CheckOptions, check
from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.parse.outputs import MARKER, escape_value
from jax_cheatsheet.parse.rows import parse_rows
from jax_cheatsheet.record import PASS, RAN, RowResult

#: What the examples may use without importing it (JAX's conftest.py gives the same names).
PRELUDE = "import jax\nimport jax.numpy as jnp\nimport numpy as np\nfrom jax import lax\n"
#: Compound statements that the sheet shows on one line (with what they printed).
ONE_LINERS = (ast.For, ast.While, ast.With)


@dataclass
class Case:
    """One ``>>>`` example: its source and output, doctest's verdict and the engine's."""

    function: str
    source: str
    want: str
    row: str = ""  # the sheet row written for it
    unchecked: str = ""  # why the row carries no documented output although doctest has one
    joined: bool = False  # a multi-line block written on one line so that it can show output
    doctest_verdict: str = ""  # "pass", "fail" or "skip"
    doctest_got: str = ""
    engine: RowResult | None = field(default=None, repr=False)

    @property
    def engine_passed(self) -> bool:
        """Whether the engine ran the row and accepted the output doctest documents."""
        ok = self.engine is not None and self.engine.verdict in (PASS, RAN)
        return ok and not self.unchecked


def functions(limit: int) -> list[tuple[str, Any]]:
    """The first ``limit`` public jax.numpy functions (by name) whose docstring has ``>>>``."""
    import jax.numpy as jnp

    found = []
    for name in sorted(dir(jnp)):
        obj = getattr(jnp, name)
        doc = getattr(obj, "__doc__", None)
        own = (getattr(obj, "__module__", None) or "").startswith("jax")  # not numpy's re-exports
        if name.startswith("_") or inspect.isclass(obj) or not callable(obj) or not own:
            continue
        if isinstance(doc, str) and ">>>" in doc:
            found.append((name, obj))
    return found[:limit]


def globs() -> dict[str, Any]:
    """The names JAX's own doctest run gives every example."""
    namespace: dict[str, Any] = {}
    exec(PRELUDE, namespace)  # noqa: S102 - the same text the sheet's prelude runs
    return namespace


def checker_and_flags(kind: str) -> tuple[doctest.OutputChecker, int]:
    """JAX's doctest settings (pytest's NUMBER | NORMALIZE_WHITESPACE) or the stdlib's."""
    if kind == "stdlib":
        return doctest.OutputChecker(), doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    from _pytest.doctest import _get_checker, _get_flag_lookup  # JAX runs doctest via pytest

    return _get_checker(), _get_flag_lookup()["NUMBER"] | doctest.NORMALIZE_WHITESPACE


class _Recorder(doctest.DocTestRunner):
    """A doctest runner that keeps each example's outcome instead of printing it."""

    outcomes: dict[int, tuple[str, str]]

    def report_start(self, out: Any, test: doctest.DocTest, example: doctest.Example) -> None:
        pass

    def report_success(self, out: Any, test: Any, example: doctest.Example, got: str) -> None:
        self.outcomes[id(example)] = ("pass", got)

    def report_failure(self, out: Any, test: Any, example: doctest.Example, got: str) -> None:
        self.outcomes[id(example)] = ("fail", got)

    def report_unexpected_exception(
        self, out: Any, test: Any, example: doctest.Example, exc_info: Any
    ) -> None:
        self.outcomes[id(example)] = ("fail", traceback.format_exception_only(*exc_info[:2])[-1])


def run_doctest(name: str, obj: Any, flags: str) -> list[Case]:
    """Run one function's examples with doctest; one case per example."""
    checker, optionflags = checker_and_flags(flags)
    finder = doctest.DocTestFinder(recurse=False)
    runner = _Recorder(checker=checker, optionflags=optionflags)
    runner.outcomes = {}
    cases = []
    for test in finder.find(obj, f"jax.numpy.{name}", globs=globs()):
        with fenced(name), warnings.catch_warnings():  # what one function changes stays there
            warnings.simplefilter("ignore")
            runner.run(test, out=lambda text: None)
        for example in test.examples:
            verdict, got = runner.outcomes.get(id(example), ("skip", ""))
            case = Case(name, example.source.rstrip("\n"), example.want, doctest_verdict=verdict)
            case.doctest_got = got
            case.row, case.unchecked, case.joined = sheet_row(example)
            cases.append(case)
    return cases


def sheet_row(example: doctest.Example) -> tuple[str, str, bool]:
    """(the row's text, why it carries no output although doctest has one, joined or not)."""
    code = _drop_comments(example.source.rstrip("\n"))
    if example.exc_msg is not None:
        value = "raises " + example.exc_msg.partition(":")[0].strip()
    else:
        lines = (line.replace("<BLANKLINE>", "").strip() for line in example.want.splitlines())
        value = escape_value(" ".join(line for line in lines if line))
    if not value:
        return code, "", False
    joined = False
    if "\n" in code:
        one_line = _one_line(code)
        joined = one_line is not None
        code = one_line or code
    row = f"{code}  # -> {value}"
    try:
        parse_rows(row, Path("row.md"), 1, "row", notes=True)
    except SourceError as error:
        return code, f"the sheet cannot hold its output: {error.message}", False
    return row, "", joined


def _drop_comments(code: str) -> str:
    """``code`` without its last line's comment and any comment holding an output marker."""
    lines = code.split("\n")
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return code
    for token in reversed(tokens):
        (row, col), text = token.start, token.string
        if token.type == tokenize.COMMENT and (row == len(lines) or MARKER.search(text)):
            lines[row - 1] = lines[row - 1][:col].rstrip()
    return "\n".join(lines)


def _one_line(code: str) -> str | None:
    """A for/while/with block of simple statements written on one line (``for ...: a; b``)."""
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return None
    if len(body) != 1 or not isinstance(body[0], ONE_LINERS) or getattr(body[0], "orelse", []):
        return None
    block = body[0]
    if any(hasattr(statement, "body") for statement in block.body):
        return None
    bare = copy.copy(block)
    bare.body = [ast.Pass()]
    header = ast.unparse(bare)
    return header.split("\n")[0] + " " + "; ".join(ast.unparse(s) for s in block.body)


def write_sheet(out: Path, cases: list[Case]) -> list[tuple[Path, int, Case]]:
    """Write the REPL-form sheet, one panel per function; where each case's row ends."""
    out.mkdir(parents=True, exist_ok=True)
    by_function: dict[str, list[Case]] = {}
    for case in cases:
        # Examples doctest skips (+SKIP) are not run by the sheet either.
        if case.doctest_verdict != "skip":
            by_function.setdefault(case.function, []).append(case)
    placed, files = [], []
    for name, group in by_function.items():
        slug = name.lower().replace("_", "-")
        front = {
            "id": slug,
            "title": f"jax.numpy.{name}",
            "tagline": f"The docstring examples of jax.numpy.{name}.",
            "api": name,
            "caption": "Copied from the installed JAX's docstring.",
            "see": {
                "text": f"jax.numpy.{name}",
                "url": f"https://docs.jax.dev/en/latest/_autosummary/jax.numpy.{name}.html",
            },
        }
        head = ["---", *(f"{key}: {json.dumps(value)}" for key, value in front.items()), "---"]
        lines = [*head, "", f"Examples from `jax.numpy.{name}`.", "", "```{snippet}"]
        path = out / f"{slug}.md"
        for case in group:
            lines += case.row.split("\n")
            placed.append((path, len(lines), case))
        lines += ["```", ""]
        path.write_text("\n".join(lines), encoding="utf-8")
        files.append(path.name)
    prelude = "".join(f"  {line}\n" for line in PRELUDE.splitlines())
    sheet = f"title: jax.numpy docstrings\noutput: repr\nprelude: |\n{prelude}"
    (out / "sheet.yaml").write_text(sheet + f"panels: {json.dumps(files)}\n", encoding="utf-8")
    return placed


def compare(out: Path, limit: int, flags: str = "jax", runner: Runner | None = None) -> list[Case]:
    """Collect, run with doctest, write the sheet to ``out``, check it; every case judged."""
    cases = [c for name, obj in functions(limit) for c in run_doctest(name, obj, flags)]
    placed = write_sheet(out, cases)
    sheet = load_sheet(out)
    if sheet.problems:
        raise RuntimeError("\n".join(str(problem) for problem in sheet.problems))
    record = check(sheet, CheckOptions(), runner=runner)
    by_line = {(r.file, r.line): r for r in record.results}
    for path, line, case in placed:
        case.engine = by_line.get((path.name, line))
    return cases


def report(cases: list[Case]) -> str:
    """The table of counts and every example on which doctest and the engine disagree."""
    ran = [c for c in cases if c.doctest_verdict != "skip"]
    passed = [c for c in ran if c.doctest_verdict == "pass"]
    failed = [c for c in ran if c.doctest_verdict == "fail"]
    only_engine = [c for c in failed if c.engine_passed]
    rows = [
        ("functions", len({c.function for c in cases})),
        ("examples found", len(cases)),
        ("skipped by doctest (+SKIP)", len(cases) - len(ran)),
        ("doctest passed", len(passed)),
        ("engine passed among those", sum(c.engine_passed for c in passed)),
        ("agreement", f"{100 * agreement(cases):.1f} %"),
        ("doctest failed", len(failed)),
        ("engine passed among those", len(only_engine)),
        ("rows joined onto one line", sum(c.joined for c in ran)),
        ("outputs the sheet cannot hold", sum(bool(c.unchecked) for c in ran)),
    ]
    return "\n".join(
        [
            *(f"{label:<30} {value}" for label, value in rows),
            "",
            "doctest passes, the engine does not:",
            *(_describe(c) for c in passed if not c.engine_passed),
            "",
            "the engine passes, doctest does not:",
            *(_describe(c) for c in only_engine),
        ]
    )


def agreement(cases: list[Case]) -> float:
    """The share of the examples doctest passes that the engine passes too."""
    passed = [c for c in cases if c.doctest_verdict == "pass"]
    return sum(c.engine_passed for c in passed) / max(len(passed), 1)


def _describe(case: Case) -> str:
    engine = case.engine
    actual = engine.actual if engine else ""
    detail = case.unchecked or (engine.detail or engine.verdict if engine else "no row result")
    return "\n".join(
        [
            f"- {case.function}: {case.row!r}",
            f"    expected: {case.want.strip()!r}",
            f"    doctest:  {case.doctest_verdict} {case.doctest_got.strip()!r}",
            f"    engine:   {actual!r}",
            f"    detail:   {detail}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point: write the sheet under OUT_DIR, run both, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("out", type=Path, help="folder the sheet is written to")
    parser.add_argument("--limit", type=int, default=120, help="functions (default 120)")
    parser.add_argument(
        "--flags",
        choices=("jax", "stdlib"),
        default="jax",
        help="doctest's settings: JAX's (NUMBER NORMALIZE_WHITESPACE) or ELLIPSIS "
        "NORMALIZE_WHITESPACE",
    )
    args = parser.parse_args(argv)
    start = time.monotonic()
    cases = compare(args.out, args.limit, args.flags)
    print(report(cases))
    print(f"\nrun time {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
