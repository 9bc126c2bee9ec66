"""Doctest wall time against a floor measured in the same run.

Floor: one Python process that imports JAX and executes the same prelude, setups, rows and
samples with bare ``exec`` (no harness, no comparison, no compilation cache).
Figures: cold doctest (empty compilation cache) / floor, target <= 1.15; warm rerun with
JAX's persistent compilation cache / floor, target <= 0.6 (every row still executes); a
rerun that skips units whose stored outcomes are still valid (--reuse) / floor.
Usage: python bench/doctest_time.py [--repeat N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from table import Line, render  # noqa: E402

from jax_cheatsheet.cli import default_sheet  # noqa: E402
from jax_cheatsheet.model import Panel, Sheet  # noqa: E402
from jax_cheatsheet.parse import load_sheet  # noqa: E402


def floor_script(sheet: Sheet) -> str:
    """A script that runs every unit's code bare, each in a fresh namespace."""
    units = []
    for unit in sheet.units:
        blocks = [sheet.prelude.code]
        if isinstance(unit, Panel) and unit.setup:
            blocks.append(unit.setup.code)
        blocks += [r.code for r in unit.rows if r.code]
        units.append(blocks)
    return (
        "import jax\n"
        "snapshot = dict(jax.config.values)\n"
        f"for blocks in {units!r}:\n"
        "    namespace = {'__name__': '__main__'}\n"
        "    for code in blocks:\n"
        "        try:\n"
        "            exec(compile(code, 'row', 'exec'), namespace)\n"
        "        except Exception:\n"
        "            pass  # rows documented to raise\n"
        "    jax.config.update('jax_enable_x64', snapshot['jax_enable_x64'])\n"
    )


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0 and "FAILED" not in done.stdout:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return took


def measure(repeat: int = 3) -> list[Line]:
    sheet_dir = default_sheet()
    sheet = load_sheet(sheet_dir)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        script = work / "floor.py"
        script.write_text(floor_script(sheet), encoding="utf-8")
        base = [
            sys.executable,
            "-m",
            "jax_cheatsheet.cli",
            "doctest",
            str(sheet_dir),
            "--record",
            str(work / "record.json"),
        ]
        floors, cold, warm, reuse = [], [], [], []
        for n in range(repeat):  # interleaved, so drift in machine load hits all alike
            floors.append(timed([sys.executable, str(script)], work))
            cold.append(timed([*base, "--compile-cache", str(work / f"xla-{n}")], work))
            warm.append(timed([*base, "--compile-cache", str(work / f"xla-{n}")], work))
            reuse.append(timed([*base, "--reuse"], work))
    floor = min(floors)
    rows = sum(len([r for r in u.rows if r.code]) for u in sheet.units)
    return [
        Line(
            "floor: import jax + bare exec of the rows",
            floor,
            "s",
            note=f"{rows} rows in {len(sheet.units)} units, best of {repeat}",
        ),
        Line("doctest, empty compilation cache / floor", min(cold) / floor, "x", 1.15),
        Line(
            "doctest, warm compilation cache / floor",
            min(warm) / floor,
            "x",
            0.6,
            note="every row still executes",
        ),
        Line(
            "doctest --reuse (stored outcomes) / floor",
            min(reuse) / floor,
            "x",
            note="skips units whose code and JAX are unchanged",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    print(render(measure(parser.parse_args().repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
