"""jax-cheatsheet: run and check every row of a cheatsheet, draw its posters, keep it true.

Each command takes a sheet folder (default: the built-in JAX sheet).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from jax_cheatsheet.builtin import builtin_sheet, is_packaged
from jax_cheatsheet.check.runner import DEFAULT_TIMEOUT
from jax_cheatsheet.check.service import PLATFORMS, CheckOptions
from jax_cheatsheet.commands import (
    run_build,
    run_doctest,
    run_drift,
    run_new,
    run_posters,
    run_update,
)

DEFAULT_RECORD = Path("build") / "verification" / "cpu.json"
COMPILE_CACHE = Path("build") / "cache" / "xla"
OUTCOMES = Path("build") / "cache" / "outcomes"
EXPORTS = Path("build") / "posters"


def default_sheet() -> Path:
    """The built-in JAX sheet: packaged with the engine, or ``cheatsheet/`` of the checkout."""
    return builtin_sheet()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    if args.command == "serve":
        from jax_cheatsheet.site.serve import serve as serve_site

        return serve_site(args.sheet or default_sheet(), args.out, args.docs, args.port)
    if args.command == "drift":
        return run_drift(args.before, args.after)
    if args.command == "new":
        return run_new(args.folder)
    if args.command == "build":
        return run_build(args.sheet or default_sheet(), args.out, args.docs)
    sheet_dir = args.sheet or default_sheet()
    if args.command == "update":
        if is_packaged(sheet_dir):
            print(f"error: {sheet_dir} is the installed package's: update a copy", file=sys.stderr)
            return 2
        return run_update(sheet_dir, args.check, CheckOptions(args.timeout, args.backend))
    if args.command == "posters":
        out = args.out or _svg_folder(sheet_dir)
        # With --out, the PNG and PDF go there too, unless --export names another folder.
        export = None if args.no_export else args.export or (out if args.out else EXPORTS)
        return run_posters(
            sheet_dir,
            args.record,
            out,
            export,
            args.cache,
            pages=args.pages,
            allow_failures=args.allow_failures,
            records=args.records,
        )
    options = CheckOptions(
        timeout=args.timeout,
        backend=args.backend,
        compile_cache=None if args.no_compile_cache else args.compile_cache,
        reuse=OUTCOMES if args.reuse else None,
        strict_warnings=args.strict_warnings,
    )
    return run_doctest(sheet_dir, args.record, options)


def _svg_folder(sheet_dir: Path) -> Path:
    """The posters' folder without ``--out``: ``svg/`` beside the sheet (in the working folder
    for the sheet inside the installed package)."""
    return Path("svg") if is_packaged(sheet_dir) else sheet_dir.resolve().parent / "svg"


def _parser() -> argparse.ArgumentParser:
    """The command line's commands and options."""
    parser = argparse.ArgumentParser(prog="jax-cheatsheet", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    _doctest_options(commands)
    _other_commands(commands)
    return parser


def _doctest_options(commands: Any) -> None:
    doctest = commands.add_parser("doctest", help="run every row and sample, check every output")
    doctest.add_argument("sheet", nargs="?", type=Path, help="sheet folder (default: built-in)")
    doctest.add_argument("--record", type=Path, help="where to write the verification record")
    doctest.add_argument(
        "--timeout",
        type=float,
        help=f"seconds a row may run (default: the sheet's 'timeout', else {DEFAULT_TIMEOUT:g})",
    )
    doctest.add_argument(
        "--strict-warnings", action="store_true", help="a row that raises a warning fails"
    )
    doctest.add_argument(
        "--backend",
        choices=sorted(PLATFORMS),
        help="require this backend (sets JAX_PLATFORMS; refuses to run on any other)",
    )
    doctest.add_argument(
        "--compile-cache",
        type=Path,
        default=COMPILE_CACHE,
        help="JAX persistent compilation cache folder (default: build/cache/xla)",
    )
    doctest.add_argument("--no-compile-cache", action="store_true", help="compile every row")
    doctest.add_argument(
        "--reuse",
        action="store_true",
        help="skip units whose code and JAX are unchanged since a stored run (outputs judged anew)",
    )


def _other_commands(commands: Any) -> None:
    posters = commands.add_parser("posters", help="draw the light and dark posters (SVG, PNG, PDF)")
    posters.add_argument("sheet", nargs="?", type=Path, help="sheet folder (default: built-in)")
    posters.add_argument("--record", type=Path, default=DEFAULT_RECORD, help="CPU record")
    posters.add_argument("--out", type=Path, help="SVG folder (default: svg/ beside the sheet)")
    posters.add_argument(
        "--export", type=Path, help="PNG/PDF folder (default: --out if given, else build/posters)"
    )
    posters.add_argument("--no-export", action="store_true", help="write the SVGs only")
    posters.add_argument(
        "--pages", type=int, choices=(1, 2), default=1, help="the sheet on one page or two"
    )
    posters.add_argument(
        "--allow-failures", action="store_true", help="draw rows that failed, marked FAILED"
    )
    posters.add_argument("--cache", type=Path, default=Path("build/cache"), help="font cache")
    posters.add_argument(
        "--records",
        type=Path,
        help="records of other JAX releases (e.g. docs/records): the stamp names their range",
    )
    update = commands.add_parser("update", help="rewrite documented outputs from what JAX prints")
    update.add_argument("sheet", nargs="?", type=Path, help="sheet folder (default: built-in)")
    update.add_argument("--check", action="store_true", help="exit 1 if anything would change")
    update.add_argument("--timeout", type=float, help="seconds a row may run")
    update.add_argument("--backend", choices=sorted(PLATFORMS), help="require this backend")
    drift = commands.add_parser("drift", help="rows whose output differs between two records")
    drift.add_argument("before", type=Path)
    drift.add_argument("after", type=Path)
    build = commands.add_parser(
        "build", help="check the sheet, draw its posters and build its site, all into --out"
    )
    build.add_argument("sheet", nargs="?", type=Path, help="sheet folder (default: built-in)")
    build.add_argument("--out", type=Path, required=True, help="folder for everything made")
    build.add_argument(
        "--docs", type=Path, help="hand-written pages (with an index.md) to put on the site"
    )
    new = commands.add_parser("new", help="write a minimal sheet to start from")
    new.add_argument("folder", type=Path, help="a new (or empty) folder for the sheet")
    serve = commands.add_parser("serve", help="build the site and rebuild it on every edit")
    serve.add_argument("sheet", nargs="?", type=Path, help="sheet folder (default: built-in)")
    serve.add_argument("--out", type=Path, help="folder for everything made (default: build/serve)")
    serve.add_argument(
        "--docs", type=Path, help="hand-written pages (with an index.md) to put on the site"
    )
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1")


if __name__ == "__main__":
    sys.exit(main())
