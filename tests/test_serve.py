"""`jax-cheatsheet serve` builds in one process and keeps the worker between builds."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import panel, write_sheet
from jax_cheatsheet.site.pages import GENERATED

ROOT = Path(__file__).resolve().parents[1]
DRIVER = """
import json, sys
from pathlib import Path
import jax_cheatsheet.site as site
from jax_cheatsheet.site.serve import build


def main():
    root = Path(sys.argv[1])
    out = root / "html"
    build(root, out)
    first = site._KEPT._worker.process.pid
    source = root / "cheatsheet" / "a.md"
    source.write_text(source.read_text().replace("jnp.arange(3)", "jnp.arange(4)")
                      .replace("-> [0 1 2]", "-> [0 1 2 3]"))
    build(root, out)
    page = (out / "panels" / "p.html").read_text()
    print(json.dumps({"same_worker": site._KEPT._worker.process.pid == first,
                      "new_value": "[0 1 2 3]" in page, "old_value": "[0 1 2]<" in page}))


if __name__ == "__main__":
    main()
"""


def test_a_rebuild_reuses_the_worker_and_shows_the_edit(tmp_path: Path) -> None:
    shutil.copy(ROOT / "conf.py", tmp_path / "conf.py")
    shutil.copytree(
        ROOT / "docs",
        tmp_path / "docs",
        ignore=shutil.ignore_patterns(*GENERATED),
    )
    sheet = write_sheet(tmp_path / "cheatsheet", {"a.md": panel("jnp.arange(3)   # -> [0 1 2]")})
    (sheet / "samples").mkdir()
    (sheet / "samples" / "GALLERY_HEADER.rst").write_text("Samples\n=======\n")
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(driver), str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"same_worker": True, "new_value": True, "old_value": False}


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_cleanly(tmp_path: Path, stop: signal.Signals) -> None:
    shutil.copy(ROOT / "conf.py", tmp_path / "conf.py")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns(*GENERATED))
    sheet = write_sheet(tmp_path / "cheatsheet", {"a.md": panel("jnp.arange(3)   # -> [0 1 2]")})
    (sheet / "samples").mkdir()
    (sheet / "samples" / "GALLERY_HEADER.rst").write_text("Samples\n=======\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "jax_cheatsheet.cli", "serve", "--port", "0"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # the first line comes once the site is built
        assert line.startswith("serving "), line
        process.send_signal(stop)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0
    assert out.strip() == "stopped"
    assert "Traceback" not in err and "Error" not in err
