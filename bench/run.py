"""Every benchmark in one table (nox -s bench): ratios are against floors measured alongside."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import doctest_time  # noqa: E402  (each module also runs alone: python bench/NAME.py)
import poster_render  # noqa: E402
import site_build  # noqa: E402
from table import render  # noqa: E402


def main() -> int:
    lines = [*doctest_time.measure(), *site_build.measure(), *poster_render.measure()]
    print(render(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
