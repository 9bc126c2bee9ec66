"""Stage 1: sources -> model. Nothing outside this package reads source files."""

from jax_cheatsheet.parse.sheet import load_sheet

__all__ = ["load_sheet"]
