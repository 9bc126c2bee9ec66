"""jax-cheatsheet: snippet sources -> model -> checker -> verification record -> views."""

#: The one place the version is written: pyproject.toml reads it, a release is tagged v<it>.
__version__ = "0.1.0"
