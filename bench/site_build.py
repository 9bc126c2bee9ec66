"""Site build timings, each against a floor measured in the same run.

- clean build (no caches) / (doctest + a bare sphinx-build of the same generated pages,
  without this project's extension or sphinx-gallery). Target <= 1.3.
- rebuild after editing one panel's row: seconds (target <= 2 s) and how many units were
  re-executed (target: 1), both by `jax-cheatsheet serve` (one process, worker kept) and
  by a fresh `sphinx-build` (which starts Sphinx and imports JAX again).
- an edit of one row to the page served with its new value, through the real serve loop
  (serve_reload.py): seconds, the slowest of 5 edits (target <= 1.5 s), and as a ratio to
  the bare sphinx-build re-reading the same pages.
Usage: python bench/site_build.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from serve_reload import edit_to_page, summary  # noqa: E402
from table import Line, render  # noqa: E402

from jax_cheatsheet.site.pages import GENERATED  # noqa: E402

# Builds twice in one process (the worker kept, as `jax-cheatsheet serve` does), timing the
# rebuild after an edit of one panel's row (the PNG/PDF downloads left, as serve does).
WARM_DRIVER = """
import sys, time
from pathlib import Path
from jax_cheatsheet.site.serve import build

EDITS = (("grad(f)(2.0) ", "grad(f)(3.0) "), ("at 2 -> 12.0", "at 2 -> 27.0"))


def main():
    root = Path(sys.argv[1])
    sheet, out, docs = root / "cheatsheet", root / "build" / "warm", root / "docs"
    panel = sheet / "03-grad.md"
    build(sheet, out, docs)
    times = []
    for n in range(3):  # edit one row, then put it back, then edit it again
        text = panel.read_text(encoding="utf-8")
        for old, new in EDITS:
            text = text.replace(old, new) if n % 2 == 0 else text.replace(new, old)
        panel.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        build(sheet, out, docs, strict=False, downloads=False)
        times.append(time.perf_counter() - start)
    print(f"warm rebuild {min(times):.3f}")


if __name__ == "__main__":
    main()
"""
BARE_CONF = """
project = "JAX Cheatsheet"
extensions = ["myst_parser", "sphinx_copybutton"]
exclude_patterns = ["_home.md", "gallery/*.py", "gallery/*.ipynb", "gallery/*.md5"]
html_theme = "sphinx_book_theme"
html_context = {"default_mode": "auto"}
suppress_warnings = ["*"]
"""


def run(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return took, done.stdout + done.stderr


def measure() -> list[Line]:
    python = sys.executable
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "repo"
        work.mkdir()
        for part in ("conf.py", "cheatsheet"):
            src = ROOT / part
            (shutil.copytree if src.is_dir() else shutil.copy)(src, work / part)
        shutil.copytree(
            ROOT / "docs",
            work / "docs",
            ignore=shutil.ignore_patterns(*GENERATED),
        )
        sphinx = [python, "-m", "sphinx", "-W", "-c", ".", "docs", "build/html"]
        clean, _ = run(sphinx, work)
        doctest, _ = run(
            [
                python,
                "-m",
                "jax_cheatsheet.cli",
                "doctest",
                "cheatsheet",
                "--no-compile-cache",
                "--record",
                str(Path(scratch) / "r.json"),
            ],
            work,
        )
        bare_conf = Path(scratch) / "bare"
        bare_conf.mkdir()
        (bare_conf / "conf.py").write_text(BARE_CONF, encoding="utf-8")
        bare, _ = run(
            [
                python,
                "-m",
                "sphinx",
                "-q",
                "-E",
                "-c",
                str(bare_conf),
                "docs",
                str(Path(scratch) / "bare-html"),
            ],
            work,
        )
        panel = work / "cheatsheet" / "03-grad.md"
        text = panel.read_text(encoding="utf-8")
        panel.write_text(
            text.replace("grad(grad(f))(2.0) ", "grad(grad(f))(1.0) ").replace(
                "6x -> 12.0", "6x -> 6.0"
            ),
            encoding="utf-8",
        )
        incremental, log = run(sphinx, work)
        # The rebuild's floor: the bare build re-reading the pages that rebuild changed.
        for page in ("panels/grad.md", "verification.md", "matrix.md", "drift.md"):
            (work / "docs" / page).touch()
        bare_again, _ = run(
            [
                python,
                "-m",
                "sphinx",
                "-q",
                "-c",
                str(bare_conf),
                "docs",
                str(Path(scratch) / "bare-html"),
            ],
            work,
        )
        served = edit_to_page(work / "cheatsheet", work / "docs", Path(scratch) / "serve")
        driver = Path(scratch) / "warm.py"
        driver.write_text(WARM_DRIVER, encoding="utf-8")
        _, warm_log = run([python, str(driver), str(work)], work)
    found = re.search(r"warm rebuild ([0-9.]+)", warm_log)
    warm = float(found.group(1)) if found else float("nan")
    executed = re.search(r"re-executed (\d+): ([^\n]*)", log)
    count = int(executed.group(1)) if executed else -1
    return [
        Line(
            "floor: doctest + bare sphinx-build of the same pages",
            doctest + bare,
            "s",
            note=f"doctest {doctest:.2f} s + sphinx {bare:.2f} s",
        ),
        Line(
            "clean site build (sphinx-build -W) / floor",
            clean / (doctest + bare),
            "x",
            1.3,
            note=f"{clean:.2f} s",
        ),
        Line(
            "site rebuild in `jax-cheatsheet serve` (worker kept)",
            warm,
            "s",
            2.0,
            note="after editing one row of one panel; best of 3 edits in one process",
        ),
        Line(
            "edit one row -> page served by `jax-cheatsheet serve`",
            max(served),
            "s",
            1.5,
            note=f"slowest; {summary(served)}",
        ),
        Line(
            "  the same / bare sphinx-build re-reading the same pages",
            max(served) / bare_again,
            "x",
            note=f"bare re-read {bare_again:.2f} s",
        ),
        Line(
            "site rebuild by a new sphinx-build, same kind of edit",
            incremental,
            "s",
            2.0,
            note=f"bare sphinx-build re-reading the same 4 pages: {bare_again:.2f} s",
        ),
        Line(
            "  units re-executed by the sphinx-build rebuild",
            count,
            "",
            1,
            note=executed.group(2) if executed else "no log line found",
        ),
    ]


def main() -> int:
    print(render(measure()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
