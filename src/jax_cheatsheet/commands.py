"""What each command of the command line does (``cli.py`` reads the arguments)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from jax_cheatsheet.check.runner import WorkerFailed
from jax_cheatsheet.check.service import CheckOptions, check
from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.matrix import Matrix, matrix_from
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import Record, RowResult, read_record
from jax_cheatsheet.report import failure_text, summary_table, verdict_line


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


def run_build(sheet_dir: Path, out: Path, docs: Path | None) -> int:
    """Check, then draw and publish: the record, posters and site of any sheet under ``out``."""
    from jax_cheatsheet import publish
    from jax_cheatsheet.poster.layout import LayoutError
    from jax_cheatsheet.poster.stamp import RecordError

    out = out.resolve()
    cache = out / "cache"
    options = CheckOptions(compile_cache=cache / "xla", reuse=cache / "outcomes")
    code = run_doctest(sheet_dir, out / "verification" / "cpu.json", options, backend="cpu")
    if code != 0:
        print("error: the posters and the site show only a sheet that holds", file=sys.stderr)
        return code
    sheet = load_sheet(sheet_dir)
    try:
        record = read_record(out / "verification" / "cpu.json")
        made = publish.posters(sheet, record, out, _matrix(publish.records(docs, out), record))
        for path in made:
            print(f"{path}  {path.stat().st_size / 1000:.1f} kB")
        index = publish.site(sheet, out, docs)
    except (SourceError, RecordError, LayoutError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"site: {index}")
    return 0


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
    sheet_dir: Path,
    record_path: Path,
    out: Path,
    export: Path | None,
    cache: Path,
    *,
    pages: int = 1,
    allow_failures: bool = False,
    records: Path | None = None,
) -> int:
    """Render the posters from the sources and a fresh CPU verification record (and the
    records of other releases in ``records``, whose range the stamp names)."""
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
        matrix = _matrix(records, record)
        written = write_posters(
            sheet, record, out, cache, pages=pages, allow_failures=allow_failures, matrix=matrix
        )
        made = export_posters(out, export, cache) if export else []
    except (SourceError, RecordError, LayoutError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in [*written, *made]:
        print(f"{path}  {path.stat().st_size / 1000:.1f} kB")
    return 0


def _matrix(folder: Path | None, record: Record) -> Matrix | None:
    """The release matrix of ``record`` and the records in ``folder`` (warning on the rest)."""
    if folder is None:
        return None
    matrix, warnings = matrix_from(folder, record)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return matrix


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
        for missing in _missing_glyphs(sheet):
            kind = "error" if sheet.glyphs_required else "warning"
            print(f"{kind}: {missing}", file=sys.stderr, flush=True)

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


def run_doctest(
    sheet_dir: Path, record_path: Path | None, options: CheckOptions, backend: str | None = None
) -> int:
    """Check the sheet; print failures, the summary table and the verdict; write the record."""
    if backend:
        options = replace(options, backend=backend)
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
    if sheet.glyphs_required and _missing_glyphs(sheet):
        print(
            "error: the posters cannot draw every character (set 'missing_glyphs: warn' in "
            "sheet.yaml to draw them as boxes)",
            file=sys.stderr,
        )
        return 2
    return 0 if record.ok else 1


def _missing_glyphs(sheet: Sheet) -> list[str]:
    """Every character of the sheet that no bundled font draws, located."""
    from jax_cheatsheet.poster.glyphs import uncovered_in_sheet

    return [str(found) for found in uncovered_in_sheet(sheet)]
