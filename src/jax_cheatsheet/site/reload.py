"""The live site's web server: the built pages, each with a hook that reloads it after a build.

The hook is a few lines of inline script, added to each HTML page as it is sent (the files
on disk are those a build makes): it asks ``/_reload?since=N`` of this same server, which
answers once the build count is no longer ``N`` (or after a while, with ``N``); a page built
at count ``N`` then reloads. Nothing comes from another host.
"""

from __future__ import annotations

import http.server
import sys
import threading
import urllib.parse
from functools import partial
from pathlib import Path
from typing import Any, cast

#: The path of the build count.
ENDPOINT = "/_reload"
#: Seconds a request for the count is held while no build ends.
HOLD = 25.0
_HOOK = """<script>(() => {{
  const seen = {count};
  const ask = () => fetch("{endpoint}?since=" + seen, {{ cache: "no-store" }})
    .then((answer) => answer.text())
    .then((count) => (Number(count) === seen ? ask() : location.reload()))
    .catch(() => setTimeout(ask, 1000));
  ask();
}})();</script>
"""


class Builds:
    """How many builds of the served folder have ended; requests wait on it to change."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    @property
    def count(self) -> int:
        return self._count

    def advance(self) -> None:
        """One more build has ended: wake every page waiting."""
        with self._changed:
            self._count += 1
            self._changed.notify_all()

    def after(self, seen: int, timeout: float) -> int:
        """The count once it is not ``seen``, or after ``timeout`` seconds, whichever first."""
        with self._changed:
            self._changed.wait_for(lambda: self._count != seen, timeout)
            return self._count


def hooked(page: bytes, count: int) -> bytes:
    """``page`` with the reload hook of a page built at ``count``, just before ``</body>``."""
    hook = _HOOK.format(count=count, endpoint=ENDPOINT).encode()
    end = page.rfind(b"</body>")
    return page + hook if end < 0 else page[:end] + hook + page[end:]


class Server(http.server.ThreadingHTTPServer):
    """Serves one folder on 127.0.0.1, with the reload hook and the build count."""

    daemon_threads = True

    def __init__(self, folder: Path, port: int, builds: Builds) -> None:
        super().__init__(("127.0.0.1", port), partial(_Handler, directory=str(folder)))
        self.builds = builds

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that left mid-answer (a reload, a closed tab) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start(folder: Path, port: int, builds: Builds) -> Server:
    """A :class:`Server` of ``folder``, answering from a thread of its own (port 0: any)."""
    server = Server(folder, port, builds)
    threading.Thread(target=server.serve_forever, name="serve-http", daemon=True).start()
    return server


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files as they are, except the build count and HTML pages with the hook."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        builds = cast(Server, self.server).builds
        url = urllib.parse.urlsplit(self.path)
        if url.path == ENDPOINT:
            since = urllib.parse.parse_qs(url.query).get("since", ["-1"])[0]
            seen = int(since) if since.lstrip("-").isdigit() else -1
            return self._send(str(builds.after(seen, HOLD)).encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir() and url.path.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            count = builds.count  # before reading: a build ending meanwhile reloads the page
            return self._send(hooked(path.read_bytes(), count), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")  # a reload shows the new build
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - as overridden
        """Quiet: one line per request would bury the build messages."""
