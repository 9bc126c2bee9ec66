"""Sessions of jax-cheatsheet: ``nox -l`` is the menu.

Every session installs the engine with the pinned versions of ``constraints.txt``, so what a
session checks is what the committed outputs were made with.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["doctest", "posters", "docs", "tests", "lint"]
nox.options.reuse_venv = "yes"

CONSTRAINTS = ("-c", "constraints.txt")


def _install(session: nox.Session, extras: str = "") -> None:
    session.install(*CONSTRAINTS, "-e", f".{extras}")


@nox.session
def doctest(session: nox.Session) -> None:
    """Run every row and sample of the built-in JAX sheet on CPU and check every output."""
    _install(session)
    session.run("jax-cheatsheet", "doctest", "--backend", "cpu", *session.posargs)


@nox.session
def posters(session: nox.Session) -> None:
    """Check the sheet on CPU, then draw the posters: svg/ and build/posters/ (PNG, PDF)."""
    _install(session)
    session.run("jax-cheatsheet", "doctest", "--backend", "cpu")
    session.run("jax-cheatsheet", "posters", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site with warnings as errors into build/html (offline)."""
    _install(session, "[docs]")
    session.run("sphinx-build", "-W", "-c", ".", "docs", "build/html", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (unit tests plus the sheet's rows as test items)."""
    _install(session, "[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Lint with ruff and type-check with mypy."""
    _install(session, "[dev]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks: doctest, posters and site, each as a ratio to a floor measured alongside."""
    _install(session, "[docs]")
    session.run("python", "bench/doctest.py", *session.posargs)
    session.run("python", "bench/posters.py")
    session.run("python", "bench/site.py")
