"""An edit of one row of one panel, to the page served with its new value, through the real
`jax-cheatsheet serve` loop (watchfiles, an in-process rebuild, the reload hook's count).

Each time: save the panel with a new value, wait on the count the open page waits on, then
fetch the page; the time runs from just before the save to the page showing the value,
checked. site_build.py runs it beside its floor (a bare Sphinx re-reading the same pages).
"""

from __future__ import annotations

import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

LAUNCH = (
    "import sys; from pathlib import Path; from jax_cheatsheet.site.serve import serve; "
    "sys.exit(serve(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), 0))"
)
PANEL = "03-grad.md"
PAGE = "panels/grad.html"
ROW = ("grad(f)(2.0) ", "at 2 -> 12.0")  # the slope of x**3 at 2: each edit moves the 2
POINTS = (3.0, 4.0, 5.0, 6.0, 7.0)  # each new to the outcome cache: the row re-runs


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return str(answer.read().decode("utf-8"))


def _edit_to_page(panel: Path, url: str, original: str, x: float) -> float:
    """Seconds from saving the row at ``x`` to its page served with the checked value."""
    shown = f'<code class="cs-value">{3 * x * x:.1f}</code><span class="cs-status cs-pass">'
    count = int(_get(f"{url}_reload?since=-1"))
    text = original.replace(ROW[0], f"grad(f)({x}) ").replace(ROW[1], f"at {x:g} -> {3 * x * x}")
    start = time.perf_counter()
    panel.write_text(text, encoding="utf-8")
    while time.perf_counter() - start < 60:
        count = int(_get(f"{url}_reload?since={count}"))  # as the open page waits
        if shown in _get(url + PAGE):
            return time.perf_counter() - start
    sys.exit(f"the edit at {x} never reached {PAGE}")


def edit_to_page(sheet: Path, docs: Path, out: Path) -> list[float]:
    """Serve ``sheet`` (with ``docs``) into ``out``; the seconds each edit took to its page."""
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, str(sheet), str(out), str(docs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # once the first build is served
        if not line.startswith("serving "):
            sys.exit(f"serve did not start: {line}")
        url = line.rsplit(" on ", 1)[1].split()[0]
        panel = sheet / PANEL
        original = panel.read_text(encoding="utf-8")
        times = []
        for x in POINTS:
            times.append(_edit_to_page(panel, url, original, x))
        panel.write_text(original, encoding="utf-8")
        return times
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=60)
        finally:
            process.kill()


def summary(times: list[float]) -> str:
    """The times, for a table's note."""
    each = ", ".join(f"{t:.2f}" for t in times)
    return f"median {statistics.median(times):.2f} s of {len(times)} edits: {each}"
