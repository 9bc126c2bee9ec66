"""Shared fixtures; bad-input samples under tests/samples/ are data, never collected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

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
