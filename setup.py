"""The one build step ``pyproject.toml`` cannot state: the built-in sheet goes into the wheel.

The top-level ``cheatsheet/`` stays the only copy (an editable install reads and edits it
there); a wheel carries it as the package folder ``jax_cheatsheet/sheet/``, where
``jax_cheatsheet.builtin`` finds it. The sdist holds ``cheatsheet/`` (MANIFEST.in), so a
wheel built from the sdist is built the same way.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHEET = Path(__file__).resolve().parent / "cheatsheet"
#: Where the sheet lands inside the package (``jax_cheatsheet.builtin.PACKAGED``).
TARGET = ("jax_cheatsheet", "sheet")
#: What a sheet is made of (MANIFEST.in names the same): never caches, nor the temporaries
#: an interrupted ``jax-cheatsheet update`` may leave.
SHEET_TYPES = (".md", ".yaml", ".py", ".rst")


def sheet_files() -> list[Path]:
    """The sheet's files, relative to ``cheatsheet/``."""
    return sorted(
        path.relative_to(SHEET)
        for path in SHEET.rglob("*")
        if path.is_file() and path.suffix in SHEET_TYPES and "__pycache__" not in path.parts
    )


class BuildWithSheet(build_py):
    """``build_py`` that also copies the sheet into the package (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in sheet_files():
            target = self._target(name)
            self.mkpath(str(target.parent))
            self.copy_file(str(SHEET / name), str(target))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        made = super().get_outputs(include_bytecode)
        return made if self.editable_mode else [*made, *map(str, map(self._target, sheet_files()))]

    def _target(self, name: Path) -> Path:
        return Path(self.build_lib, *TARGET, name)


setup(cmdclass={"build_py": BuildWithSheet})
