"""Shared fixtures; bad-input samples under tests/samples/ are data, never collected."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from helpers import served
from jax_cheatsheet.check.runner import Runner

pytest_plugins = ["pytester"]
collect_ignore = ["samples"]


@pytest.fixture(scope="session")
def checker() -> Iterator[Runner]:
    """One worker shared by the tests that only need rows run (timeout tests make their own)."""
    shared = Runner()
    yield shared
    shared.close()


#: Debian's Chromium, which Playwright drives (it cannot download its own here).
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for every browser test (Playwright's sync API allows only one
    running instance per thread)."""
    assert CHROMIUM.exists(), "Debian's chromium is missing: ./dev test installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield launched
        launched.close()


ROOT = Path(__file__).resolve().parents[1]


def sphinx(srcdir: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` of ``srcdir`` with the project's conf.py, in a subprocess."""
    command = [sys.executable, "-m", "sphinx", "-q", *options, "-c", str(ROOT), str(srcdir)]
    return subprocess.run([*command, str(out)], capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in sheet's site (``docs/``, warnings as errors), built once per session."""
    out = tmp_path_factory.mktemp("site") / "html"
    built = sphinx(ROOT / "docs", out, "-W")
    assert built.returncode == 0, built.stderr
    return out


@pytest.fixture(scope="session")
def base(site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1."""
    with served(site) as url:
        yield url
