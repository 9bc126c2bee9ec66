"""Every benchmark in one table (nox -s bench): ratios are against floors measured alongside.

Usage: python bench/run.py [--check]; with --check, exit 1 when a figure misses its target.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from table import Line, missed, render  # noqa: E402


def measure() -> list[Line]:
    """Run every benchmark: minutes."""
    # Imported here so that importing this module (the tests do) runs and loads nothing heavy;
    # each module also runs alone: python bench/NAME.py.
    import doctest_time
    import poster_render
    import site_build

    return [*doctest_time.measure(), *site_build.measure(), *poster_render.measure()]


def exit_status(lines: list[Line], check: bool) -> int:
    """1 when ``check`` and a target was missed (named on stderr), else 0."""
    failed = missed(lines)
    if check and failed:
        names = ", ".join(line.name for line in failed)
        print(f"bench --check: {len(failed)} target(s) missed: {names}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when any figure misses its target"
    )
    check = parser.parse_args(argv).check
    lines = measure()
    print(render(lines))
    return exit_status(lines, check)


if __name__ == "__main__":
    sys.exit(main())
