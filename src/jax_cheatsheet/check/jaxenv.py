"""What the checker needs to know about JAX: versions, backend, global config."""

from __future__ import annotations

import os
import platform
from typing import Any

#: JAX settings that change what a row prints (those this JAX knows are recorded).
PRINTING_CONFIG = (
    "jax_enable_x64",
    "jax_default_prng_impl",
    "jax_threefry_partitionable",
    "jax_enable_custom_prng",
    "jax_legacy_prng_key",
    "jax_default_matmul_precision",
    "jax_numpy_dtype_promotion",
    "jax_numpy_rank_promotion",
)
#: Environment variables recorded as they are (JAX_PLATFORMS is recorded as the backend).
_NOT_RECORDED = ("JAX_PLATFORMS", "JAX_COMPILATION_CACHE_DIR")


def describe() -> dict[str, str]:
    """Versions, the backend actually in use and the settings that change printing.

    Everything here is part of the truth of a run: a stored outcome is reused only by a
    worker that describes itself identically.
    """
    import jax
    import jaxlib.version
    import numpy

    device = jax.devices()[0]
    found = {
        "jax": jax.__version__,
        "jaxlib": jaxlib.version.__version__,
        "python": platform.python_version(),
        "backend": jax.default_backend(),
        "device_kind": str(device.device_kind),
        "device_count": str(jax.device_count()),
        "numpy": numpy.__version__,
        "numpy.printoptions": repr(sorted(numpy.get_printoptions().items())),
    }
    for name in PRINTING_CONFIG:
        if name in jax.config.values:
            found[f"config.{name}"] = str(jax.config.values[name])
    for name, value in sorted(os.environ.items()):
        if name.startswith(("JAX_", "XLA_")) and name not in _NOT_RECORDED:
            found[f"env.{name}"] = value
    return found


def snapshot_config() -> dict[str, Any]:
    """A copy of JAX's global configuration values."""
    import jax

    return dict(jax.config.values)


def restore_config(snapshot: dict[str, Any]) -> list[str]:
    """Put back every value that changed since ``snapshot``; return the names restored."""
    import jax

    restored = []
    for name, value in jax.config.values.items():
        if name in snapshot and snapshot[name] != value:
            jax.config.update(name, snapshot[name])  # type: ignore[no-untyped-call]
            restored.append(name)
    return restored


def use_compilation_cache(base: str) -> str:
    """Turn on JAX's persistent compilation cache under ``base``; return the folder used.

    The folder is named for the JAX and jaxlib versions, backend and device kind, so an
    upgrade (or another accelerator) never reuses stale entries. JAX's default minimum of
    1 s compile time would cache none of this sheet's small programs, hence 0.
    """
    import jax

    base = os.path.abspath(base)  # rows run in scratch folders: a relative path would move
    info = describe()
    name = f"jax-{info['jax']}-jaxlib-{info['jaxlib']}-{info['backend']}-{info['device_kind']}"
    folder = os.path.join(base, "".join(c if c.isalnum() or c in ".-" else "_" for c in name))
    os.makedirs(folder, exist_ok=True)
    jax.config.update("jax_compilation_cache_dir", folder)  # type: ignore[no-untyped-call]
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)  # type: ignore[no-untyped-call]
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)  # type: ignore[no-untyped-call]
    return folder
