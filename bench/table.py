"""One table for every benchmark: each figure with its target and whether it was met."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One measured figure."""

    name: str
    value: float
    unit: str  # "x" for a ratio to a floor, "s", "kB", or "" for a count
    target: float | None = None  # met when value <= target
    note: str = ""

    @property
    def met(self) -> bool | None:
        """Whether the target was met; ``None`` for a figure without one."""
        return None if self.target is None else self.value <= self.target

    def shown(self) -> str:
        if self.unit == "x":
            return f"{self.value:.2f}x"
        if self.unit == "s":
            return f"{self.value:.2f} s"
        if self.unit == "kB":
            return f"{self.value:.1f} kB"
        return f"{self.value:g}"


def missed(lines: list[Line]) -> list[Line]:
    """The lines whose target was missed (shown as ``MISSED`` by :func:`render`)."""
    return [line for line in lines if line.met is False]


def render(lines: list[Line]) -> str:
    """The table, as text."""
    rows = [("measure", "value", "target", "", "")]
    for line in lines:
        target = (
            ""
            if line.target is None
            else f"<= {line.target:g}{'' if line.unit == 'x' else ' ' + line.unit}".rstrip()
        )
        verdict = "" if line.met is None else ("ok" if line.met else "MISSED")
        rows.append((line.name, line.shown(), target, verdict, line.note))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    out = []
    for n, row in enumerate(rows):
        cells = [
            row[0].ljust(widths[0]),
            row[1].rjust(widths[1]),
            row[2].ljust(widths[2]),
            row[3].ljust(widths[3]),
            row[4],
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
