"""Parse an appendix sample program (a sphinx-gallery script)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import Location, Sample
from jax_cheatsheet.parse.rows import parse_rows
from jax_cheatsheet.parse.source import read_source

_UNDERLINE = re.compile(r"^(=+|-+)$")


def parse_sample(path: Path) -> Sample:
    """Parse ``path``: a docstring title and prose, then checked top-level statements."""
    text = read_source(path)
    sample_id = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    rows = parse_rows(text, path, 1, sample_id, notes=False, skip_docstring=True)
    docstring = ast.get_docstring(ast.parse(text), clean=True)
    if not docstring:
        raise SourceError(path, 1, "a sample starts with a docstring: a title line, then prose", 1)
    lines = docstring.splitlines()
    title = lines[0].strip()
    rest = lines[1:]
    if not rest or not _UNDERLINE.match(rest[0].strip()):
        raise SourceError(
            path, 2, "the sample's title must be underlined with '=' (sphinx-gallery)"
        )
    return Sample(
        id=sample_id,
        title=title,
        prose="\n".join(rest[1:]).strip(),
        code=text,
        rows=rows,
        location=Location(path, 1),
    )
