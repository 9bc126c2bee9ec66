"""Sessions of jax-cheatsheet: ``nox -l`` is the menu.

Every session installs the engine with the pinned versions of ``constraints.txt``, so what a
session checks is what the committed outputs were made with.
"""

from __future__ import annotations

import glob
import os
import shutil

import nox

nox.options.sessions = ["doctest", "posters", "docs", "tests", "lint"]
nox.options.reuse_venv = "yes"

CONSTRAINTS = ("-c", "constraints.txt")
# GPU/TPU lanes: with CHEATSHEET_USE_INSTALLED_JAX=1 they run on the interpreter nox runs on
# and the JAX already installed there (a GPU image without network); otherwise they make a
# venv and install the pinned JAX with the backend's plugin.
USE_INSTALLED = os.environ.get("CHEATSHEET_USE_INSTALLED_JAX") == "1"
LANE_VENV = "none" if USE_INSTALLED else None


def _install(session: nox.Session, extras: str = "") -> None:
    session.install(*CONSTRAINTS, "-e", f".{extras}")


@nox.session
def doctest(session: nox.Session) -> None:
    """Run every row and sample of the built-in JAX sheet on CPU and check every output."""
    _install(session)
    session.run("jax-cheatsheet", "doctest", "--backend", "cpu", *session.posargs)


def _lane(session: nox.Session, backend: str, extra: str, present: bool, what: str) -> None:
    if not present:
        session.error(
            f"no {what} on this machine: the {backend} lane refuses to run (a CPU fallback "
            f"must never pass as a {backend} run)"
        )
    if USE_INSTALLED:
        session.env["PYTHONPATH"] = os.pathsep.join(["src", os.environ.get("PYTHONPATH", "")])
    else:
        session.install(*CONSTRAINTS, "-e", ".", f"jax[{extra}]")
    record = f"build/verification/{backend}.json"
    # --backend sets JAX_PLATFORMS and stops at once if JAX runs on anything else.
    session.run(
        "python", "-m", "jax_cheatsheet.cli", "doctest", "--backend", backend, "--record", record
    )


@nox.session(default=False, venv_backend=LANE_VENV)
def doctest_gpu(session: nox.Session) -> None:
    """GPU lane: the doctest on an NVIDIA GPU (jax[cuda13]); refuses to run without one."""
    present = shutil.which("nvidia-smi") is not None or bool(glob.glob("/dev/nvidia[0-9]*"))
    _lane(session, "gpu", "cuda13", present, "NVIDIA GPU (no nvidia-smi, no /dev/nvidia*)")


@nox.session(default=False, venv_backend=LANE_VENV)
def doctest_tpu(session: nox.Session) -> None:
    """TPU lane: the doctest on a Cloud TPU (jax[tpu]); refuses to run without one."""
    present = bool(glob.glob("/dev/accel[0-9]*") or glob.glob("/dev/vfio/[0-9]*"))
    _lane(session, "tpu", "tpu", present, "TPU (no /dev/accel*, no /dev/vfio/*)")


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
    session.run(
        "sphinx-build",
        "-W",
        "-c",
        ".",
        "-d",
        "build/doctrees",
        "docs",
        "build/html",
        *session.posargs,
    )


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (unit tests plus the sheet's rows as test items)."""
    _install(session, "[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Lint with ruff and type-check with mypy."""
    _install(session, "[dev]")
    session.run("actionlint", *sorted(glob.glob(".github/workflows/*.yml")))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks: doctest, posters and site, each as a ratio to a floor measured alongside.

    ``nox -s bench -- --check`` fails the session when a figure misses its target.
    """
    _install(session, "[docs]")
    session.run("python", "bench/run.py", *session.posargs)
