"""`jax-cheatsheet serve`: any sheet, built in one process, rebuilt on edits, pages reloaded."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import panel, write_sheet
from jax_cheatsheet.site import reload
from jax_cheatsheet.site.serve import DEFAULT_OUT, output_folder, serve

# The serve loop as the command line runs it (`jax-cheatsheet serve SHEET --out OUT --port 0`).
LAUNCH = (
    "import sys; from pathlib import Path; from jax_cheatsheet.site.serve import serve; "
    "sys.exit(serve(Path(sys.argv[1]), Path(sys.argv[2]), None, 0))"
)
DRIVER = """
import json, sys
from pathlib import Path
import jax_cheatsheet.site as site
from jax_cheatsheet.site.serve import build


def main():
    sheet, out = Path(sys.argv[1]), Path(sys.argv[2])
    build(sheet, out)
    first = site._KEPT._worker.process.pid
    source = sheet / "a.md"
    source.write_text(source.read_text().replace("jnp.arange(3)", "jnp.arange(4)")
                      .replace("-> [0 1 2]", "-> [0 1 2 3]"))
    build(sheet, out)
    page = (out / "html" / "panels" / "p.html").read_text()
    print(json.dumps({"same_worker": site._KEPT._worker.process.pid == first,
                      "new_value": "[0 1 2 3]" in page, "old_value": "[0 1 2]<" in page}))


if __name__ == "__main__":
    main()
"""


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")}


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return str(answer.read().decode("utf-8"))


def _start(sheet: Path, out: Path, cwd: Path) -> tuple[subprocess.Popen[str], str]:
    """A serve process, and its address once the first build is served."""
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, str(sheet), str(out)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # the first line comes once the site is built
    assert line.startswith("serving "), line
    return process, line.rsplit(" on ", 1)[1].split()[0]


def _stop(process: subprocess.Popen[str], how: signal.Signals) -> tuple[str, str]:
    """Stop ``process`` with ``how``; its remaining stdout and its stderr, once it stopped
    cleanly (status 0, no traceback, no error)."""
    try:
        process.send_signal(how)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, err[-2000:]
    assert "Traceback" not in err and "Error" not in err, err[-2000:]
    return out, err


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_rebuild_reuses_the_worker_and_shows_the_edit(tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "sheet", {"a.md": panel("jnp.arange(3)   # -> [0 1 2]")})
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(driver), str(sheet), str(tmp_path / "out")],
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
    sheet = write_sheet(tmp_path / "sheet", {"a.md": panel("jnp.arange(3)   # -> [0 1 2]")})
    process, _ = _start(sheet, tmp_path / "out", tmp_path)
    out, _ = _stop(process, stop)
    assert out.strip() == "stopped"


def test_edits_reach_the_served_page_none_lost_nothing_written_into_the_sheet(
    tmp_path: Path,
) -> None:
    # Panel a re-runs for a second: the edit of b is saved while a's rebuild runs.
    slow = panel("jnp.arange(3)   # -> [0 1 2]", id="a", setup="import time\ntime.sleep(1.0)")
    fast = panel("jnp.ones(2)   # -> [1. 1.]", id="b")
    sheet = write_sheet(tmp_path / "sheet", {"a.md": slow, "b.md": fast})
    here = tmp_path / "here"
    here.mkdir()
    process, url = _start(sheet, tmp_path / "out", here)
    page = _get(url + "panels/a.html")
    assert "[0 1 2]<" in page and "location.reload()" in page and reload.ENDPOINT in page
    count = int(_get(url + "_reload?since=-1"))
    woken: list[int] = []
    waiting = threading.Thread(
        target=lambda: woken.append(int(_get(f"{url}_reload?since={count}")))
    )
    waiting.start()
    _edit(sheet / "a.md", "jnp.arange(3)   # -> [0 1 2]", "jnp.arange(4)   # -> [0 1 2 3]")
    time.sleep(0.5)
    _edit(sheet / "b.md", "jnp.ones(2)   # -> [1. 1.]", "jnp.ones(3)   # -> [1. 1. 1.]")
    expected = _files(sheet)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if "[0 1 2 3]" in _get(url + "panels/a.html") and "[1. 1. 1.]" in _get(
            url + "panels/b.html"
        ):
            break
        time.sleep(0.2)
    else:
        pytest.fail("an edit never reached its page")
    waiting.join(timeout=60)
    assert woken and woken[0] > count  # the open page's request for the count was answered
    assert int(_get(f"{url}_reload?since={count}")) > count
    out, _ = _stop(process, signal.SIGTERM)
    assert out.strip().endswith("stopped") and "rebuilt in" in out
    assert _files(sheet) == expected  # nothing written into the sheet
    assert list(here.iterdir()) == []  # nor into the working folder


def test_serve_refuses_to_write_into_the_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_sheet(tmp_path / "sheet", {"a.md": panel("jnp.arange(3)   # -> [0 1 2]")})
    before = _files(sheet)
    assert serve(sheet, sheet / "site", None, 0) == 2
    assert "serve writes nothing there" in capsys.readouterr().err
    assert _files(sheet) == before


def test_the_default_output_folder_is_never_in_the_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "sheet"
    sheet.mkdir()
    monkeypatch.chdir(tmp_path)
    assert output_folder(sheet, None, None) == tmp_path / DEFAULT_OUT
    monkeypatch.chdir(sheet)
    made = output_folder(sheet, None, None)
    assert made.is_dir() and not made.is_relative_to(sheet)
    shutil.rmtree(made)


def test_pages_are_served_with_the_hook_and_the_count_wakes_them(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body><p>hi</p></body></html>", encoding="utf-8")
    (tmp_path / "site.css").write_text("p { color: red }", encoding="utf-8")
    builds = reload.Builds()
    builds.advance()
    server = reload.start(tmp_path, 0, builds)
    url = f"http://127.0.0.1:{server.server_port}/"
    try:
        page = _get(url)
        assert page.startswith("<html><body><p>hi</p><script>") and page.endswith("</body></html>")
        assert "const seen = 1;" in page
        assert _get(url + "site.css") == "p { color: red }"
        assert _get(url + "_reload?since=0") == "1"  # not 0: answered at once
        woken: list[str] = []
        waiting = threading.Thread(target=lambda: woken.append(_get(url + "_reload?since=1")))
        waiting.start()
        time.sleep(0.2)
        assert woken == []  # held while no build ends
        builds.advance()
        waiting.join(timeout=10)
        assert woken == ["2"]
    finally:
        server.shutdown()
        server.server_close()


def test_the_hook_goes_before_the_end_of_the_body() -> None:
    hooked = reload.hooked(b"<body><p>&lt;/body&gt;</p></body></html>", 7)
    assert hooked.startswith(b"<body><p>&lt;/body&gt;</p><script>") and b"seen = 7;" in hooked
    assert hooked.endswith(b"</script>\n</body></html>")
    assert reload.hooked(b"no body", 0).startswith(b"no body<script>")
