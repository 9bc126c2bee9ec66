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
