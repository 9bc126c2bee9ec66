"""Build small sheets on disk for tests."""

from __future__ import annotations

import functools
import http.server
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRELUDE = "import jax\nimport jax.numpy as jnp\nfrom jax import grad, jit, vmap\n"
SAMPLES = Path(__file__).parent / "samples"


def panel(snippet: str, *, id: str = "p", setup: str = "", extra: str = "") -> str:
    """A panel file's text around the given snippet rows."""
    parts = [
        "---",
        f"id: {id}",
        f"title: Panel {id}",
        "tagline: A test panel.",
        "api: grad",
        "caption: A caption.",
        "see: {text: JAX, url: 'https://docs.jax.dev/'}",
        "---",
        "",
        "Some prose.",
        "",
    ]
    if setup:
        parts += ["```{setup}", textwrap.dedent(setup).strip("\n"), "```", ""]
    parts += ["```{snippet}", textwrap.dedent(snippet).strip("\n"), "```", ""]
    if extra:
        parts += [textwrap.dedent(extra).strip("\n"), ""]
    return "\n".join(parts)


def write_sheet(root: Path, panels: dict[str, str], samples: dict[str, str] | None = None) -> Path:
    """Write ``sheet.yaml``, the panel files (name -> text) and samples into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    names = ", ".join(panels)
    prelude = textwrap.indent(PRELUDE, "  ")
    (root / "sheet.yaml").write_text(
        f"title: Test sheet\nprelude: |\n{prelude}panels: [{names}]\n", encoding="utf-8"
    )
    for name, text in panels.items():
        (root / name).write_text(text, encoding="utf-8")
    if samples:
        (root / "samples").mkdir(exist_ok=True)
        for name, text in samples.items():
            (root / "samples" / name).write_text(
                textwrap.dedent(text).lstrip("\n"), encoding="utf-8"
            )
    return root


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on 127.0.0.1 (quietly); yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
