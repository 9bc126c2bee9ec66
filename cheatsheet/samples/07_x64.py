"""
Enabling 64-bit precision (when float32 is not enough)
======================================================

JAX uses 32-bit floats unless told otherwise. Turning on ``jax_enable_x64`` before any
arrays are made switches the default to 64-bit.
"""
import jax
jax.config.update("jax_enable_x64", True)   # do this before creating arrays
import jax.numpy as jnp
print(jnp.array([1.0, 2.0]).dtype)           # the default is now -> float64
