"""pytest front door: every row of a sheet is a test item located at its source line.

A folder with a ``sheet.yaml`` is a sheet; its panel files and samples are collected. All
items of a session share one checker (one worker process), and each unit runs once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import Panel, Row, Sample, Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.parse.sheet import SAMPLES_DIR, SHEET_FILE
from jax_cheatsheet.record import RowResult
from jax_cheatsheet.report import failure_text
from jax_cheatsheet.check.runner import DEFAULT_TIMEOUT, Checker, check_unit

_STATE = pytest.StashKey[dict[str, Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """``cheatsheet_timeout``: seconds a row may run before it is reported as timed out."""
    parser.addini("cheatsheet_timeout", "seconds per sheet row", default=str(DEFAULT_TIMEOUT))


def pytest_configure(config: pytest.Config) -> None:
    """Per-session state: parsed sheets and the shared checker."""
    config.stash[_STATE] = {"sheets": {}, "results": {}, "checker": None}


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the worker."""
    checker = config.stash.get(_STATE, {}).get("checker")
    if checker is not None:
        checker.close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect panel files and samples of any sheet folder."""
    if file_path.suffix == ".md" and (file_path.parent / SHEET_FILE).is_file():
        return UnitFile.from_parent(parent, path=file_path)
    if (
        file_path.suffix == ".py"
        and file_path.parent.name == SAMPLES_DIR
        and (file_path.parent.parent / SHEET_FILE).is_file()
    ):
        return UnitFile.from_parent(parent, path=file_path)
    return None


class UnitFile(pytest.File):
    """A panel or sample file: one item per runnable row."""

    def collect(self) -> Iterator[RowItem]:
        sheet = _sheet(self.config, self.path)
        unit = next(
            (u for u in sheet.units if u.location.path.resolve() == self.path.resolve()), None
        )
        if unit is None:  # a Markdown file the sheet does not list (a README, say)
            return
        for row in unit.rows:
            if not row.is_note:
                yield RowItem.from_parent(
                    self,
                    name=f"{row.id} {row.code.splitlines()[0]}",
                    sheet=sheet,
                    unit=unit,
                    row=row,
                )

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str:
        if isinstance(excinfo.value, SheetError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))


class RowItem(pytest.Item):
    """One row; it passes when the row runs and its documented output holds."""

    def __init__(self, *, sheet: Sheet, unit: Panel | Sample, row: Row, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sheet, self.unit, self.row = sheet, unit, row

    def runtest(self) -> None:
        result = _results(self.config, self.sheet, self.unit)[self.row.id]
        if result.failed:
            raise RowFailed(failure_text(result, self.sheet.root))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RowFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.row.end_line - 1, f"{self.unit.id}: {self.row.code.splitlines()[0]}"


class SheetError(Exception):
    """A sheet whose sources do not parse (the message names file and line)."""


class RowFailed(Exception):
    """A row whose documented output did not hold (or that did not run)."""


def _sheet(config: pytest.Config, path: Path) -> Sheet:
    root = path.parent if path.suffix == ".md" else path.parent.parent
    sheets = config.stash[_STATE]["sheets"]
    if root not in sheets:
        try:
            sheets[root] = load_sheet(root)
        except SourceError as error:
            raise SheetError(str(error)) from None
    sheet: Sheet = sheets[root]
    return sheet


def _results(config: pytest.Config, sheet: Sheet, unit: Panel | Sample) -> dict[str, RowResult]:
    state = config.stash[_STATE]
    key = (sheet.root, unit.id)
    if key not in state["results"]:
        if state["checker"] is None:
            state["checker"] = Checker(timeout=float(config.getini("cheatsheet_timeout")))
        results = check_unit(sheet, unit, state["checker"])
        state["results"][key] = {r.id: r for r in results}
    found: dict[str, RowResult] = state["results"][key]
    return found
