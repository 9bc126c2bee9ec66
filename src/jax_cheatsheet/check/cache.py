"""Stored outcomes: a unit's run is reused when nothing that could change its output changed.

A unit's key hashes its code (prelude, setup, every row as printed), this engine's version
and the worker's own account of its environment (JAX and jaxlib versions, backend, device
kind and count, Python and NumPy, every setting that changes printing). So a stored outcome
is only ever used by a worker that describes itself identically. What is stored is what the
rows produced, not the verdicts: documented outputs are judged afresh every time, so
editing only a ``-> value`` re-executes nothing. Units with a timed-out row are not stored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from jax_cheatsheet import __version__
from jax_cheatsheet.check.messages import Outcome
from jax_cheatsheet.check.runner import Interruption
from jax_cheatsheet.files import write_atomic
from jax_cheatsheet.model import Panel, Sample, Sheet
from jax_cheatsheet.record import TIMEOUT

FORMAT = 3


def unit_key(sheet: Sheet, unit: Panel | Sample, environment: dict[str, str]) -> str:
    """Hash of everything that can change what ``unit`` prints in ``environment``."""
    parts: list[str] = [
        f"format {FORMAT}",
        f"engine {__version__}",
        json.dumps(environment, sort_keys=True),
        f"form {sheet.form_of(unit)}",
        sheet.prelude.code,
        unit.setup.code if isinstance(unit, Panel) and unit.setup else "",
        *(row.code for row in unit.rows),
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


class OutcomeStore:
    """A folder of stored unit outcomes, one JSON file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load(self, key: str) -> list[Outcome | Interruption] | None:
        """The stored outcomes of a unit's runnable rows, or None (absent or damaged)."""
        try:
            data: dict[str, Any] = json.loads(
                (self.folder / f"{key}.json").read_text(encoding="utf-8")
            )
            return [_decode(item) for item in data["items"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # run again

    def save(self, key: str, runs: list[Outcome | Interruption]) -> None:
        """Store a unit's outcomes, unless a row timed out (that may pass next time)."""
        if any(isinstance(r, Interruption) and r.verdict == TIMEOUT for r in runs):
            return
        data = {"format": FORMAT, "items": [_encode(r) for r in runs]}
        write_atomic(self.folder / f"{key}.json", json.dumps(data, sort_keys=True))


def _encode(ran: Outcome | Interruption) -> dict[str, Any]:
    if isinstance(ran, Outcome):
        return {"outcome": asdict(ran)}
    return {"interruption": asdict(ran)}


def _decode(item: dict[str, Any]) -> Outcome | Interruption:
    if "outcome" in item:
        data = item["outcome"]
        lists = {k: tuple(v) for k, v in data.items() if isinstance(v, list)}
        return Outcome(**{**data, **lists})
    return Interruption(**item["interruption"])
