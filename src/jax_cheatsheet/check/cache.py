"""Reuse a unit's run when nothing that could change what it prints has changed.

A unit's key hashes its code (prelude, setup, every row as printed), the JAX and jaxlib
versions installed, ``JAX_PLATFORMS``, Python's version and this engine's version. What is
stored is what the rows produced, not the verdicts: documented outputs are judged afresh
every time, so editing only a ``-> value`` re-executes nothing. Runs with a timeout are not
stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from jax_cheatsheet import __version__
from jax_cheatsheet.check.execute import Outcome
from jax_cheatsheet.model import Panel, Sample, Sheet
from jax_cheatsheet.record import TIMEOUT, Record, RowResult
from jax_cheatsheet.check.runner import Checker, row_result

FORMAT = 1


def unit_key(sheet: Sheet, unit: Panel | Sample) -> str:
    """Hash of everything that can change what ``unit`` prints."""
    parts: list[str] = [
        f"format {FORMAT}",
        f"engine {__version__}",
        f"python {platform.python_version()}",
        f"jax {_version('jax')} jaxlib {_version('jaxlib')}",
        f"JAX_PLATFORMS={os.environ.get('JAX_PLATFORMS', '')}",
        sheet.prelude.code,
        unit.setup.code if isinstance(unit, Panel) and unit.setup else "",
        *(row.code for row in unit.rows),
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def check_sheet_cached(
    sheet: Sheet, folder: Path, checker: Checker | None = None
) -> tuple[Record, list[str]]:
    """The verification record, running only units whose key is not in ``folder``.

    Returns the record and the ids of the units that were executed. Without a ``checker``
    one is started only if a unit must run, and stopped at the end.
    """
    own = checker is None
    executed: list[str] = []
    results: list[RowResult] = []
    environment: dict[str, str] | None = None
    try:
        for unit in sheet.units:
            path = folder / f"{unit_key(sheet, unit)}.json"
            stored = _read(path)
            if stored is None:
                checker = checker or Checker()
                runs = list(checker.run_unit(sheet, unit))
                environment = checker.describe()
                executed.append(unit.id)
                items = [(_encode(outcome, not_run)) for _, outcome, not_run in runs]
                if all(item.get("not_run", ("",))[0] != TIMEOUT for item in items):
                    _write(path, {"environment": environment, "items": items})
            else:
                environment, items = stored["environment"], stored["items"]
            rows = [row for row in unit.rows if not row.is_note]
            backend = environment["backend"]
            for row, item in zip(rows, items, strict=True):
                outcome, not_run = _decode(item)
                results.append(row_result(sheet, unit, row, outcome, not_run, backend))
        if environment is None:  # a sheet with nothing to run
            checker = checker or Checker()
            environment = checker.describe()
    finally:
        if own and checker is not None:
            checker.close()
    return Record(environment=environment, sheet=sheet.title, results=tuple(results)), executed


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def _encode(outcome: Outcome | None, not_run: tuple[str, str]) -> dict[str, Any]:
    return {"outcome": asdict(outcome)} if outcome is not None else {"not_run": list(not_run)}


def _decode(item: dict[str, Any]) -> tuple[Outcome | None, tuple[str, str]]:
    if "outcome" in item:
        data = item["outcome"]
        outcome = Outcome(
            values=tuple(data["values"]),
            error=data["error"],
            error_bases=tuple(data["error_bases"]),
            message=data["message"],
        )
        return outcome, ("", "")
    verdict, why = item["not_run"]
    return None, (verdict, why)


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # absent or damaged: run again
    return data


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    temporary.replace(path)
