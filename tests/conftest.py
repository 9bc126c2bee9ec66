"""Shared fixtures; bad-input samples under tests/samples/ are data, never collected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jax_cheatsheet.check.runner import Runner

pytest_plugins = ["pytester"]
collect_ignore = ["samples"]


@pytest.fixture(scope="session")
def checker() -> Iterator[Runner]:
    """One worker shared by the tests that only need rows run (timeout tests make their own)."""
    shared = Runner()
    yield shared
    shared.close()
