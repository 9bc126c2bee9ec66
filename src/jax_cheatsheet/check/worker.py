"""The persistent worker process: imports JAX once and runs jobs until told to stop.

A hang inside XLA cannot be interrupted by a signal, so the parent kills the whole process
after a timeout and starts a new one (see :mod:`jax_cheatsheet.check.runner`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from multiprocessing.connection import Connection

from jax_cheatsheet.check.execute import run_job
from jax_cheatsheet.check.messages import Broken, Died, Hello, Job, Received, Silence


def serve(conn: Connection, platforms: str | None, compile_cache: str | None = None) -> None:
    """Worker entry point: say hello with the environment, then run jobs.

    Ctrl+C is the parent's to handle (it stops the worker); a parent that went away ends the
    worker quietly.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if platforms:
        os.environ["JAX_PLATFORMS"] = platforms
    from jax_cheatsheet.check import jaxenv

    try:
        if compile_cache:
            jaxenv.use_compilation_cache(compile_cache)
        conn.send(Hello(jaxenv.describe()))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which stops cleanly
        where = f" with JAX_PLATFORMS={platforms}" if platforms else ""
        detail = f"{type(error).__name__}: {error}".rstrip(": ")
        hint = " (is that backend's JAX plugin installed, and its device present?)"
        conn.send(Broken(f"JAX could not start{where}: {detail}{hint if platforms else ''}"))
        return
    try:
        while (job := conn.recv()) is not None:
            run_job(job, conn.send)
    except (EOFError, OSError):  # the parent closed the pipe or died
        return


class Worker:
    """Handle on one worker process."""

    def __init__(self, platforms: str | None = None, compile_cache: str | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=serve, args=(child, platforms, compile_cache), daemon=True
        )
        self.process.start()
        child.close()

    def send(self, job: Job | None) -> None:
        """Hand the worker a job (``None`` asks it to exit)."""
        self.conn.send(job)

    def receive(self, timeout: float) -> Received:
        """The next message; :class:`Silence` after ``timeout`` s; :class:`Died` if it ended."""
        try:
            if self.conn.poll(timeout):
                message: Received = self.conn.recv()
                return message
        except (EOFError, OSError):
            self.process.join(1)
            return Died(self.process.exitcode)
        return Silence()

    def kill(self) -> None:
        """Stop the process at once (a hang in native code ignores anything gentler)."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def close(self) -> None:
        """Ask the worker to exit, and make sure it did."""
        with contextlib.suppress(BrokenPipeError, OSError):
            self.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
        self.conn.close()
