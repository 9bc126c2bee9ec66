"""Moving the sheet to a new JAX release: the pin in ``constraints.txt`` and the releases list.

Run inside an environment that has the new release installed (``nox -s upgrade -- X.Y.Z
--apply`` does): ``python -m jax_cheatsheet.upgrade X.Y.Z``. The pins of ``jax``, ``jaxlib``
and of every package JAX needs that this environment holds at another version move to what
is installed here; the release is appended to ``[tool.jax-cheatsheet] releases`` in
``pyproject.toml``. Both files are rewritten atomically, every other line as it was.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from jax_cheatsheet.files import write_atomic
from jax_cheatsheet.matrix import version

_PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)\s*$")
_RELEASES = re.compile(r"^(releases\s*=\s*\[)(.*)(\]\s*)$", re.MULTILINE)


def listed_releases(pyproject: Path) -> list[str]:
    """``[tool.jax-cheatsheet] releases`` of ``pyproject``, oldest first."""
    table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    releases: list[str] = table["tool"]["jax-cheatsheet"]["releases"]
    return releases


def declared_bound(pyproject: Path, package: str = "jax") -> str:
    """The ``>=`` bound of ``package`` among ``pyproject``'s dependencies."""
    table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    for requirement in table["project"]["dependencies"]:
        name = re.match(r"[A-Za-z0-9._-]+", requirement)
        bound = re.search(r">=\s*([\w.]+)", requirement)
        if name and bound and _name(name[0]) == package:
            return bound[1]
    raise ValueError(f"{pyproject}: no `{package}>=` among the dependencies")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def moved_pins(text: str, installed: Callable[[str], str | None], names: set[str]) -> str:
    """``text`` (a constraints file) with the pins of ``names`` set to ``installed(name)``
    where that differs (``None``: not installed; the pin is kept)."""
    lines = []
    for line in text.splitlines(keepends=True):
        match = _PIN.match(line)
        if match and _name(match[1]) in names:
            now = installed(match[1])
            if now is not None and now != match[2]:
                end = line[len(line.rstrip("\r\n")) :]
                line = f"{match[1]}=={now}{end}"
        lines.append(line)
    return "".join(lines)


def with_release(text: str, release: str) -> str:
    """``text`` (pyproject.toml) with ``release`` added to the releases list, in order."""
    match = _RELEASES.search(text)
    if match is None:
        raise ValueError(
            "pyproject.toml has no `releases = [...]` line under [tool.jax-cheatsheet]"
        )
    listed = re.findall(r'"([^"]+)"', match[2])
    if release in listed:
        return text
    if listed and version(release) <= version(listed[-1]):
        raise ValueError(f"jax {release} is not newer than the pin, jax {listed[-1]}")
    items = ", ".join(f'"{v}"' for v in [*listed, release])
    return text[: match.start(2)] + items + text[match.end(2) :]


def jax_requirements() -> set[str]:
    """JAX, jaxlib and the packages they require (normalised names)."""
    names = {"jax", "jaxlib"}
    for dist in ("jax", "jaxlib"):
        for requirement in metadata.requires(dist) or []:
            if "extra ==" not in requirement:
                names.add(_name(re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]))
    return names


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def main(argv: list[str] | None = None) -> int:
    """Move the pin to the JAX installed here, which must be the release named."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m jax_cheatsheet.upgrade X.Y.Z", file=sys.stderr)
        return 2
    release, here = args[0], _installed("jax")
    if here != release:
        print(f"error: this environment has jax {here}, not {release}", file=sys.stderr)
        return 2
    constraints, pyproject = Path("constraints.txt"), Path("pyproject.toml")
    try:
        new_project = with_release(pyproject.read_text(encoding="utf-8"), release)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    old = constraints.read_text(encoding="utf-8")
    write_atomic(constraints, moved_pins(old, _installed, jax_requirements()))
    write_atomic(pyproject, new_project)
    print(f"constraints.txt and pyproject.toml now pin jax {release}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
