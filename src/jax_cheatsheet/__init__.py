"""jax-cheatsheet: snippet sources -> model -> checker -> verification record -> views."""

__version__ = "0.1.0"
