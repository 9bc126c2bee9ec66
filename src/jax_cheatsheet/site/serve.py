"""Build the site in this process, and keep rebuilding it while the sources change.

Each build is an ordinary incremental Sphinx build of the same folders ``sphinx-build``
uses; what this adds is that the checker's worker, with JAX imported, lives on between
builds, so an edit re-runs only its own panel and nothing waits for JAX to import.
"""

from __future__ import annotations

import functools
import http.server
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from sphinx.application import Sphinx

from jax_cheatsheet.site.pages import GENERATED

#: Folders whose files are sources of the site (generated pages are written into docs/).
WATCHED = ("cheatsheet", "docs")


def build(root: Path, out: Path, *, strict: bool = True) -> Sphinx:
    """One in-process Sphinx build of ``root`` (conf.py there, pages in docs/) into ``out``."""
    app = Sphinx(
        srcdir=root / "docs",
        confdir=root,
        outdir=out,
        doctreedir=out / ".doctrees",
        buildername="html",
        confoverrides={
            "cheatsheet_keep_worker": True,
            # A second build in one process sets the extensions up again; Sphinx says so.
            "suppress_warnings": ["app.add_directive", "app.add_node", "app.add_role"],
        },
        warningiserror=strict,
        status=None,
    )
    app.build()
    return app


def _sources(root: Path) -> Iterator[Path]:
    for folder in WATCHED:
        for path in (root / folder).rglob("*"):
            relative = path.relative_to(root / folder).parts
            if path.is_file() and not (folder == "docs" and relative[0] in GENERATED):
                yield path


def _mtimes(root: Path) -> dict[Path, float]:
    return {path: path.stat().st_mtime for path in _sources(root)}


def serve(root: Path, out: Path, port: int, interval: float = 0.5) -> None:
    """Build, serve ``out`` on 127.0.0.1, and rebuild whenever a source file changes."""
    build(root, out, strict=False)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    signal.signal(signal.SIGTERM, _interrupt)  # stop on SIGTERM as on Ctrl+C
    seen = _mtimes(root)
    try:
        print(f"serving {out} on http://127.0.0.1:{server.server_port}/ (Ctrl+C stops)", flush=True)
        while True:
            time.sleep(interval)
            now = _mtimes(root)
            if now != seen:
                seen = now  # taken before the build: an edit saved meanwhile starts another
                start = time.perf_counter()
                try:
                    build(root, out, strict=False)
                    print(f"rebuilt in {time.perf_counter() - start:.2f} s")
                except Exception as error:  # noqa: BLE001 - a bad edit must not stop the server
                    print(f"build failed: {error}")
    except KeyboardInterrupt:
        server.shutdown()
        print("stopped")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
