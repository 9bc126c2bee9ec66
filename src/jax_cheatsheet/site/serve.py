"""``jax-cheatsheet serve``: a sheet's site, rebuilt on each edit and reloaded in the browser.

It makes the site ``jax-cheatsheet build`` makes (same staging, same settings, everything in
one output folder, nothing written into the sheet), in this process: the checker's worker,
with JAX imported, lives on between builds, so an edit re-runs only its own unit. A watcher
(watchfiles), started before the first build, records every change, also while a build
runs; the next build takes all of them at once.
"""

from __future__ import annotations

import queue
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import watchfiles
from sphinx.application import Sphinx

from jax_cheatsheet import publish
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.site import reload
from jax_cheatsheet.site.pages import GENERATED

#: The output folder when none is given, in the working folder (unless that is in the sheet).
DEFAULT_OUT = Path("build") / "serve"
#: Milliseconds without a change that end a batch of changes (a save that writes twice).
STEP_MS = 50

Changes = set[tuple[watchfiles.Change, str]]


def build(
    sheet_dir: Path,
    out: Path,
    docs: Path | None = None,
    *,
    strict: bool = True,
    downloads: bool = True,
) -> Sphinx:
    """One in-process build of the site of ``sheet_dir`` into ``out/html``, worker kept.

    ``downloads``: False leaves the PNG and PDF posters as they are (seconds to export).
    """
    settings: dict[str, Any] = {
        "cheatsheet_keep_worker": True,
        # A second build in one process sets the extensions up again; Sphinx says so.
        "suppress_warnings": ["app.add_directive", "app.add_node", "app.add_role"],
    }
    if not downloads:
        settings["cheatsheet_downloads"] = False
    app = publish.application(load_sheet(sheet_dir), out, docs, settings, strict=strict)
    app.build()
    return app


def output_folder(sheet_dir: Path, docs: Path | None, out: Path | None) -> Path:
    """Where serve writes: ``out``, else ``build/serve`` here, else a new temporary folder.

    Never inside the sheet or its pages (ValueError if ``out`` is).
    """
    sources = [folder.resolve() for folder in (sheet_dir, docs) if folder is not None]
    if out is not None:
        inside = [s for s in sources if out.resolve().is_relative_to(s)]
        if inside:
            raise ValueError(f"{out} is inside {inside[0]}: serve writes nothing there")
        return out.resolve()
    default = DEFAULT_OUT.resolve()
    if any(default.is_relative_to(s) for s in sources):
        return Path(tempfile.mkdtemp(prefix="jax-cheatsheet-serve-"))
    return default


def serve(sheet_dir: Path, out: Path | None, docs: Path | None, port: int) -> int:
    """Build, serve ``OUT/html`` on 127.0.0.1 and rebuild on each change until Ctrl+C or
    SIGTERM; the exit status (2: ``out`` lies in the sheet).

    Rebuilds leave the PNG and PDF downloads as the first good build made them: the pages and
    the SVG posters show each edit; ``jax-cheatsheet build`` makes the downloads to publish.
    """
    try:
        folder = output_folder(sheet_dir, docs, out)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _interrupt)  # stop on SIGTERM as on Ctrl+C
    stop = threading.Event()
    changes = _watch([sheet_dir, *([docs] if docs else [])], folder, docs, stop)
    builds = reload.Builds()
    server: reload.Server | None = None
    try:
        _rebuild(sheet_dir, folder, docs, builds)
        (folder / "html").mkdir(parents=True, exist_ok=True)
        server = reload.start(folder / "html", port, builds)
        url = f"http://127.0.0.1:{server.server_port}/"
        print(f"serving {folder / 'html'} on {url} (Ctrl+C stops)", flush=True)
        while True:
            batch = _next_batch(changes)
            took = _rebuild(sheet_dir, folder, docs, builds)
            if took is not None:
                print(f"rebuilt in {took:.2f} s ({len(batch)} change(s))", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if server is not None:
            server.shutdown()
    print("stopped")
    return 0


def _rebuild(sheet_dir: Path, out: Path, docs: Path | None, builds: reload.Builds) -> float | None:
    """Build; count it (the open pages reload); the seconds it took, None if it failed."""
    start = time.perf_counter()
    try:
        build(sheet_dir, out, docs, strict=False, downloads=builds.count == 0)
    except Exception as error:  # noqa: BLE001 - a bad edit must not stop the server
        print(f"build failed: {error}", flush=True)
        return None
    builds.advance()
    return time.perf_counter() - start


def _watch(
    paths: list[Path], out: Path, docs: Path | None, stop: threading.Event
) -> queue.Queue[Changes]:
    """Batches of changes to the sources, from a watcher in a thread of its own."""
    found: queue.Queue[Changes] = queue.Queue()
    sources = _Sources(out, docs)

    def record() -> None:
        for batch in watchfiles.watch(
            *(p.resolve() for p in paths),
            watch_filter=sources,
            step=STEP_MS,
            stop_event=stop,
            raise_interrupt=False,
        ):
            found.put(batch)

    threading.Thread(target=record, name="serve-watch", daemon=True).start()
    return found


def _next_batch(changes: queue.Queue[Changes]) -> Changes:
    """The changes not built yet: waits for one, then takes all there are."""
    batch = changes.get()
    while not changes.empty():
        batch |= changes.get_nowait()
    return batch


class _Sources(watchfiles.DefaultFilter):
    """Changes to the sheet and the hand-written pages; not to what a build writes."""

    def __init__(self, out: Path, docs: Path | None) -> None:
        super().__init__()
        made = [docs.resolve() / name for name in GENERATED] if docs is not None else []
        self._made = [out.resolve(), *made]

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        full = Path(path)
        mine = any(full.is_relative_to(folder) for folder in self._made)
        return not mine and super().__call__(change, path)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
