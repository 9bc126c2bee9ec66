"""Stage 3: the verification record — per-row verdicts plus the environment they hold for."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jax_cheatsheet.files import write_atomic

FORMAT = 1

#: Verdicts, and which of them mean the sheet is not true.
PASS, FAIL, ERROR, TIMEOUT, RAN = "pass", "fail", "error", "timeout", "ran"
FAILING = (FAIL, ERROR, TIMEOUT)


#: Printing settings as JAX ships them (as the worker records them); a record made with any
#: other value says so wherever it is shown, since the outputs depend on it.
DEFAULT_SETTINGS = {
    "config.jax_enable_x64": "False",
    "config.jax_default_prng_impl": "threefry2x32",
    "config.jax_enable_custom_prng": "False",
    "config.jax_default_matmul_precision": "None",
    "config.jax_numpy_dtype_promotion": "standard",
    "config.jax_numpy_rank_promotion": "allow",
}


def settings(environment: dict[str, str]) -> list[str]:
    """The printing settings of a run that differ from JAX's defaults (``x64 on``, ...)."""
    found = []
    for key, default in DEFAULT_SETTINGS.items():
        value = environment.get(key)
        if value is None or value == default:
            continue
        name = key.removeprefix("config.jax_")
        found.append("x64 on" if name == "enable_x64" and value == "True" else f"{name}={value}")
    return found


@dataclass(frozen=True)
class RowResult:
    """The verdict on one row: what was documented, what the library printed."""

    id: str
    unit: str
    kind: str  # "panel" or "sample"
    file: str  # relative to the sheet folder
    line: int
    code: str
    expected: str | None  # None: the row documents no output (it must still run)
    actual: str
    verdict: str
    detail: str = ""  # why it failed, in a phrase
    values: tuple[str, ...] = ()  # the values shown, one per expression that finished
    raised: str = ""  # the exception class the row raised, if any
    stdout: str = ""  # everything it printed (what a script run shows)
    warnings: tuple[str, ...] = ()  # warnings it raised, "Category: message"

    @property
    def failed(self) -> bool:
        """Whether this row makes the sheet untrue."""
        return self.verdict in FAILING


@dataclass(frozen=True)
class Record:
    """A whole run: environment (versions, backend) and every row's result."""

    environment: dict[str, str]
    sheet: str
    results: tuple[RowResult, ...]
    reused: tuple[str, ...] = field(default=(), compare=False)  # units taken from the store

    @property
    def counts(self) -> Counter[str]:
        """How many rows got each verdict."""
        return Counter(r.verdict for r in self.results)

    @property
    def checked(self) -> int:
        """Rows with a documented output."""
        return sum(r.expected is not None for r in self.results)

    @property
    def failures(self) -> tuple[RowResult, ...]:
        """Rows that failed, errored or timed out."""
        return tuple(r for r in self.results if r.failed)

    @property
    def ok(self) -> bool:
        """True when every row ran and every documented output held."""
        return not self.failures and bool(self.results)

    def to_json(self) -> str:
        """Deterministic JSON (no timestamps or host names)."""
        data = {
            "format": FORMAT,
            "sheet": self.sheet,
            "environment": self.environment,
            "summary": {
                "rows": len(self.results),
                "checked": self.checked,
                **{verdict: self.counts.get(verdict, 0) for verdict in (PASS, *FAILING, RAN)},
            },
            "results": [asdict(r) for r in self.results],
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    def write(self, path: Path) -> None:
        """Write the record atomically."""
        write_atomic(path, self.to_json())


def read_record(path: Path) -> Record:
    """Load a record written by :meth:`Record.write`."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a readable verification record ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise ValueError(f"{path}: record format {found!r}, expected {FORMAT}")
    try:
        return _record(data)
    except (KeyError, TypeError, AttributeError) as error:
        what = error.args[0] if isinstance(error, KeyError) and error.args else error
        raise ValueError(
            f"{path}: not a verification record (missing or malformed: {what})"
        ) from None


def _record(data: dict[str, Any]) -> Record:
    """A record from its JSON (KeyError or TypeError where it does not hold one)."""
    if not {"jax", "backend"} <= set(data["environment"]):
        raise KeyError("environment")
    return Record(
        environment=data["environment"],
        sheet=data["sheet"],
        results=tuple(_result(r) for r in data["results"]),
    )


def _result(data: dict[str, Any]) -> RowResult:
    """A row's result from JSON (lists back to tuples; fields newer than a record default)."""
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    return RowResult(**fields)
