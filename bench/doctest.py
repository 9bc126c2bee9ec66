"""Doctest wall time as a ratio to its floor, both measured in this run.

Floor: one Python process that imports JAX and executes the same prelude, setups, rows and
samples with bare ``exec`` (no harness, no comparison). Target: doctest <= 1.15 x floor.
Usage: python bench/doctest.py [SHEET_DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jax_cheatsheet.cli import default_sheet
from jax_cheatsheet.model import Panel, Sheet
from jax_cheatsheet.parse import load_sheet

TARGET = 1.15


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


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sheet", nargs="?", type=Path, default=default_sheet())
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sheet = load_sheet(args.sheet)
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "floor.py"
        script.write_text(floor_script(sheet), encoding="utf-8")
        floor_cmd = [sys.executable, str(script)]
        record = str(Path(scratch) / "record.json")
        doctest_cmd = [
            sys.executable,
            "-m",
            "jax_cheatsheet.cli",
            "doctest",
            str(args.sheet),
            "--record",
            record,
        ]
        floors, doctests = [], []
        for _ in range(args.repeat):  # interleaved, so drift in machine load hits both
            floors.append(timed(floor_cmd))
            doctests.append(timed(doctest_cmd))
    rows = sum(len([r for r in u.rows if r.code]) for u in sheet.units)
    floor, doctest = min(floors), min(doctests)
    ratio = doctest / floor
    print(f"rows executed: {rows} in {len(sheet.units)} units; best of {args.repeat}")
    print(f"{'measure':<40}{'seconds':>10}{'ratio':>10}{'target':>10}")
    print(f"{'floor: import jax + bare exec of rows':<40}{floor:>10.2f}{1.0:>10.2f}{'':>10}")
    verdict = "ok" if ratio <= TARGET else "MISSED"
    target = f"<= {TARGET}"
    print(f"{'jax-cheatsheet doctest':<40}{doctest:>10.2f}{ratio:>10.2f}{target:>10}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
