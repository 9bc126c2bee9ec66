"""Fence a unit in (inside the worker): what one panel changes, the next panel never sees.

Each unit runs in a scratch working folder that is removed afterwards. Put back after it:
the working folder, environment variables, ``sys.path``, modules it imported anew (whole
top-level packages only: submodules of packages loaded before stay, so JAX's own lazily
imported parts are not loaded twice), JAX's config, NumPy's print options and global
random state, Python's ``random`` state, the warnings filters and the root logger.
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from jax_cheatsheet.check import jaxenv


@contextmanager
def fenced(unit: str) -> Iterator[str]:
    """Run the body in a fresh scratch folder (yielded); restore the process state after."""
    import numpy

    cwd, environ, path = os.getcwd(), dict(os.environ), list(sys.path)
    packages = {name.partition(".")[0] for name in sys.modules}
    config = jaxenv.snapshot_config()
    printoptions = numpy.get_printoptions()
    numpy_random, python_random = numpy.random.get_state(), random.getstate()
    filters = list(warnings.filters)
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    scratch = tempfile.mkdtemp(prefix=f"jax-cheatsheet-{_safe(unit)}-")
    try:
        os.chdir(scratch)
        yield scratch
    finally:
        os.chdir(cwd)
        shutil.rmtree(scratch, ignore_errors=True)
        os.environ.clear()
        os.environ.update(environ)
        sys.path[:] = path
        for name in [n for n in sys.modules if n.partition(".")[0] not in packages]:
            del sys.modules[name]
        jaxenv.restore_config(config)
        numpy.set_printoptions(**printoptions)
        numpy.random.set_state(numpy_random)
        random.setstate(python_random)
        warnings.filters[:] = filters  # type: ignore[index]
        root.setLevel(level)
        root.handlers[:] = handlers


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name)[:40]
