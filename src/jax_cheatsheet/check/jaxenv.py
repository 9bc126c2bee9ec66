"""What the checker needs to know about JAX: versions, backend, global config."""

from __future__ import annotations

import platform
from typing import Any


def describe() -> dict[str, str]:
    """Versions and the backend actually in use (imports JAX)."""
    import jax
    import jaxlib.version

    device = jax.devices()[0]
    return {
        "jax": jax.__version__,
        "jaxlib": jaxlib.version.__version__,
        "python": platform.python_version(),
        "backend": jax.default_backend(),
        "device_kind": str(device.device_kind),
        "device_count": str(jax.device_count()),
    }


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
    import os

    import jax

    info = describe()
    name = f"jax-{info['jax']}-jaxlib-{info['jaxlib']}-{info['backend']}-{info['device_kind']}"
    folder = os.path.join(base, "".join(c if c.isalnum() or c in ".-" else "_" for c in name))
    os.makedirs(folder, exist_ok=True)
    jax.config.update("jax_compilation_cache_dir", folder)  # type: ignore[no-untyped-call]
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)  # type: ignore[no-untyped-call]
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)  # type: ignore[no-untyped-call]
    return folder
