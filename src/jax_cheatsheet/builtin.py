"""Where the built-in JAX sheet is: inside the installed package, else in the checkout.

A wheel carries the sheet as the package folder ``jax_cheatsheet/sheet/`` (``setup.py``
copies the top-level ``cheatsheet/`` there when it builds). A checkout (an editable install,
or ``src`` on the path) has no such folder: there the top-level ``cheatsheet/`` is the sheet,
the one copy that is edited.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The sheet's folder inside the installed package.
PACKAGED = "sheet"


def builtin_sheet() -> Path:
    """The folder of the built-in JAX sheet (the packaged one, else the checkout's)."""
    packaged = resources.files("jax_cheatsheet") / PACKAGED
    # An installed package is a folder on disk (a zipped one has no sheet folder to run).
    if isinstance(packaged, Path) and (packaged / "sheet.yaml").is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "cheatsheet"
    return checkout if (checkout / "sheet.yaml").is_file() else Path(str(packaged))


def is_packaged(folder: Path) -> bool:
    """Whether ``folder`` is the sheet inside the installed package: read, never written."""
    packaged = resources.files("jax_cheatsheet") / PACKAGED
    return (
        isinstance(packaged, Path) and packaged.is_dir() and folder.resolve() == packaged.resolve()
    )
