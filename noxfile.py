"""Sessions of jax-cheatsheet: ``nox -l`` is the menu.

Every session installs the engine with the pinned versions of ``constraints.txt``, so what a
session checks is what the committed outputs were made with.
"""

from __future__ import annotations

import glob
import os
import shutil
import tomllib
from pathlib import Path

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


def _releases() -> list[str]:
    """The JAX releases the sheet is checked on, oldest first (the last is the pin)."""
    table = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))
    releases: list[str] = table["tool"]["jax-cheatsheet"]["releases"]
    return releases


def _install_release(session: nox.Session, jax: str) -> None:
    """The engine with the pinned versions of everything but JAX, and ``jax`` itself.

    The engine's own ``jax>=`` bound is the sheet's measured one; an older release is put in
    over it (uv: an override; pip: a second install, which only warns about the bound).
    """
    pins = [f"jax=={jax}", f"jaxlib=={jax}"]
    tmp = Path(session.create_tmp())
    loose = tmp / "constraints-without-jax.txt"
    kept = [
        line
        for line in Path("constraints.txt").read_text(encoding="utf-8").splitlines()
        if not line.startswith(("jax==", "jaxlib=="))
    ]
    loose.write_text("\n".join(kept) + "\n", encoding="utf-8")
    if session.venv_backend == "uv":
        override = tmp / "jax.txt"
        override.write_text("\n".join(pins) + "\n", encoding="utf-8")
        session.install("-c", str(loose), "--override", str(override), "-e", ".")
    else:
        session.install("-c", str(loose), "-e", ".")
        session.install("-c", str(loose), *pins)


def _check_release(session: nox.Session, jax: str, record: str) -> None:
    """Install ``jax`` and check the whole sheet on it into ``record`` (failing rows are
    findings: the record is written and the session goes on)."""
    _install_release(session, jax)
    session.run(
        "jax-cheatsheet", "doctest", "--backend", "cpu", "--no-compile-cache",
        "--record", record, success_codes=[0, 1],
    )  # fmt: skip


@nox.session(venv_backend="uv|virtualenv", default=False)
@nox.parametrize("jax", _releases())
def releases(session: nox.Session, jax: str) -> None:
    """The sheet on every JAX release listed in pyproject.toml: docs/records/jax-X-cpu.json.

    Each release in its own venv; a release on which rows fail still writes its record.
    """
    _check_release(session, jax, f"docs/records/jax-{jax}-cpu.json")


@nox.session(venv_backend="uv|virtualenv", default=False)
def upgrade(session: nox.Session) -> None:
    """Try a new JAX release: ``nox -s upgrade -- X.Y.Z`` checks the sheet on it and prints
    its drift against the pin; ``nox -s upgrade -- X.Y.Z --apply`` then moves the pin
    (constraints.txt, the releases list), keeps its record and rewrites the changed outputs.
    """
    if not session.posargs or session.posargs[0].startswith("-"):
        session.error("usage: nox -s upgrade -- X.Y.Z [--apply]")
    jax, apply = session.posargs[0], "--apply" in session.posargs[1:]
    pin = _releases()[-1]
    record = f"build/releases/jax-{jax}-cpu.json"
    _check_release(session, jax, record)
    session.run("jax-cheatsheet", "drift", f"docs/records/jax-{pin}-cpu.json", record)
    if not apply:
        session.log(f"review the drift above; then: nox -s upgrade -- {jax} --apply")
        return
    session.run("python", "-m", "jax_cheatsheet.upgrade", jax)
    session.run("jax-cheatsheet", "update", success_codes=[0, 1])
    session.log("now: ./dev build, then nox -s releases (the documented outputs changed)")
