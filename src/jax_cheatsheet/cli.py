"""jax-cheatsheet: run and check every row of a cheatsheet, draw its posters, keep it true.

Each command takes a sheet folder (default: the built-in JAX sheet).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jax_cheatsheet.check.runner import DEFAULT_TIMEOUT, WorkerFailed
from jax_cheatsheet.check.service import PLATFORMS, CheckOptions, check
from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import Record, RowResult, read_record
from jax_cheatsheet.report import failure_text, summary_table, verdict_line

DEFAULT_RECORD = Path("build") / "verification" / "cpu.json"
COMPILE_CACHE = Path("build") / "cache" / "xla"
OUTCOMES = Path("build") / "cache" / "outcomes"
EXPORTS = Path("build") / "posters"


def default_sheet() -> Path:
    """The built-in JAX sheet: ``cheatsheet/`` of this checkout, else of the working folder."""
    checkout = Path(__file__).resolve().parents[2] / "cheatsheet"
    return checkout if (checkout / "sheet.yaml").is_file() else Path("cheatsheet")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    if args.command == "serve":
        from jax_cheatsheet.site.serve import serve as serve_site

        serve_site(Path.cwd(), args.out.resolve(), args.port)
        return 0
    if args.command == "drift":
        return run_drift(args.before, args.after)
    if args.command == "new":
        return run_new(args.folder)
    sheet_dir = args.sheet or default_sheet()
    if args.command == "update":
        return run_update(sheet_dir, args.check, CheckOptions(args.timeout, args.backend))
    if args.command == "posters":
        out = args.out or sheet_dir.resolve().parent / "svg"
        # With --out, the PNG and PDF go there too, unless --export names another folder.
        export = None if args.no_export else args.export or (out if args.out else EXPORTS)
        return run_posters(sheet_dir, args.record, out, export, args.cache)
    options = CheckOptions(
        timeout=args.timeout,
        backend=args.backend,
        compile_cache=None if args.no_compile_cache else args.compile_cache,
        reuse=OUTCOMES if args.reuse else None,
        strict_warnings=args.strict_warnings,
    )
    return run_doctest(sheet_dir, args.record, options)


def _parser() -> argparse.ArgumentParser:
    """The command line's commands and options."""
    parser = argparse.ArgumentParser(prog="jax-cheatsheet", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
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
    posters = commands.add_parser("posters", help="draw the light and dark posters (SVG, PNG, PDF)")
    posters.add_argument("sheet", nargs="?", type=Path, help="sheet folder (default: built-in)")
    posters.add_argument("--record", type=Path, default=DEFAULT_RECORD, help="CPU record")
    posters.add_argument("--out", type=Path, help="SVG folder (default: svg/ beside the sheet)")
    posters.add_argument(
        "--export", type=Path, help="PNG/PDF folder (default: --out if given, else build/posters)"
    )
    posters.add_argument("--no-export", action="store_true", help="write the SVGs only")
    posters.add_argument("--cache", type=Path, default=Path("build/cache"), help="font cache")
    update = commands.add_parser("update", help="rewrite documented outputs from what JAX prints")
    update.add_argument("sheet", nargs="?", type=Path, help="sheet folder (default: built-in)")
    update.add_argument("--check", action="store_true", help="exit 1 if anything would change")
    update.add_argument("--timeout", type=float, help="seconds a row may run")
    update.add_argument("--backend", choices=sorted(PLATFORMS), help="require this backend")
    drift = commands.add_parser("drift", help="rows whose output differs between two records")
    drift.add_argument("before", type=Path)
    drift.add_argument("after", type=Path)
    new = commands.add_parser("new", help="write a minimal sheet to start from")
    new.add_argument("folder", type=Path, help="a new (or empty) folder for the sheet")
    serve = commands.add_parser("serve", help="build the site and rebuild it on every edit")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1")
    serve.add_argument("--out", type=Path, default=Path("build/html"), help="HTML folder")
    return parser


def run_update(sheet_dir: Path, check_only: bool, options: CheckOptions) -> int:
    """Run the sheet; rewrite (or only show) outputs that no longer hold or are not filled."""
    from jax_cheatsheet.update import apply, clean_temporaries, diff, plan, steady, write

    try:
        sheet, record = _check(sheet_dir, options, show_failures=False)
        if sheet.problems:
            raise _Stop(2, "update changes nothing while a source does not parse")
        for stale in clean_temporaries(sheet):
            print(f"removed {stale}, left by an interrupted write")
        edits, refused = steady(sheet, record, plan(sheet, record), options)
        changed = apply(edits)
    except WorkerFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except _Stop as stop:
        print(f"error: {stop}", file=sys.stderr)
        return stop.code
    stuck = [r for r in record.failures if r.verdict != "fail" or not (r.values or r.raised)]
    for result in stuck:
        print(f"not updated (it did not run to a value): {failure_text(result, sheet.root)}")
    for why in refused:
        print(why)
    incomplete = 1 if stuck or refused else 0
    if not changed:
        print(f"nothing to update: every documented output holds ({verdict_line(record)})")
        return incomplete
    print(diff(changed), end="")
    if check_only:
        print(f"{len(changed)} file(s) would change", file=sys.stderr)
        return 1
    write(changed)
    print(f"updated {len(changed)} file(s)")
    return incomplete


def run_new(folder: Path) -> int:
    """Write a minimal sheet and say what to do next."""
    from jax_cheatsheet.scaffold import new_sheet

    try:
        written = new_sheet(folder)
    except FileExistsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print(
        f"next: jax-cheatsheet doctest {folder}; a row ending in '->' is filled in by "
        f"jax-cheatsheet update {folder}"
    )
    return 0


def run_drift(before: Path, after: Path) -> int:
    """Print the rows whose outputs differ between two records."""
    from jax_cheatsheet.drift import drift, table

    try:
        old, new = read_record(before), read_record(after)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(table(old, new, drift(old, new)), end="")
    return 0


def run_posters(
    sheet_dir: Path, record_path: Path, out: Path, export: Path | None, cache: Path
) -> int:
    """Render the posters from the sources and a fresh CPU verification record."""
    from jax_cheatsheet.poster.build import export_posters, write_posters
    from jax_cheatsheet.poster.layout import LayoutError
    from jax_cheatsheet.poster.stamp import RecordError

    try:
        sheet = load_sheet(sheet_dir)
        if sheet.problems:
            for problem in sheet.problems:
                print(f"error: {problem}", file=sys.stderr)
            raise RecordError("no posters while a source does not parse")
        if not record_path.is_file():
            raise RecordError(
                f"no verification record at {record_path}: run `jax-cheatsheet doctest` first"
            )
        record = read_record(record_path)
        if record.environment["backend"] != "cpu":
            raise RecordError(
                f"{record_path} is a {record.environment['backend']} record; the posters show "
                "the CPU outputs and need the CPU record"
            )
        written = write_posters(sheet, record, out, cache)
        made = export_posters(out, export, cache) if export else []
    except (SourceError, RecordError, LayoutError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in [*written, *made]:
        print(f"{path}  {path.stat().st_size / 1000:.1f} kB")
    return 0


class _Stop(Exception):
    """A front door's early exit: the message is printed, the code returned."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def _check(
    sheet_dir: Path, options: CheckOptions, *, show_failures: bool = True
) -> tuple[Sheet, Record]:
    """Parse and check the sheet; _Stop(code) on bad input or a worker that cannot start."""
    runner = options.runner()
    runner.start()  # JAX imports in the worker while the sources are parsed here
    try:
        sheet = load_sheet(sheet_dir)
        for problem in sheet.problems:
            print(f"error: {problem}", file=sys.stderr, flush=True)

        def show(result: RowResult) -> None:
            if show_failures and result.failed:
                print(failure_text(result, sheet.root), flush=True)

        record = check(sheet, options, runner=runner, on_result=show)
        if options.reuse:
            executed = len(sheet.units) - len(record.reused)
            print(f"re-executed {executed} of {len(sheet.units)} units")
    except SourceError as error:
        raise _Stop(2, str(error)) from None
    except WorkerFailed as error:
        raise _Stop(3, str(error)) from None
    finally:
        runner.close()
    return sheet, record


def run_doctest(sheet_dir: Path, record_path: Path | None, options: CheckOptions) -> int:
    """Check the sheet; print failures, the summary table and the verdict; write the record."""
    try:
        sheet, record = _check(sheet_dir, options)
    except _Stop as stop:
        print(f"error: {stop}", file=sys.stderr)
        return stop.code
    path = record_path or Path("build") / "verification" / f"{record.environment['backend']}.json"
    record.write(path)
    print(summary_table(record))
    print(verdict_line(record))
    print(f"record: {path}")
    if sheet.problems:
        print(f"error: {len(sheet.problems)} source file(s) did not parse", file=sys.stderr)
        return 2
    return 0 if record.ok else 1


if __name__ == "__main__":
    sys.exit(main())
