"""Load a whole sheet folder into the model."""

from __future__ import annotations

import re
from pathlib import Path

from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import Block, Link, Location, Panel, Problem, Repository, Sheet, Table
from jax_cheatsheet.parse.panel import parse_panel
from jax_cheatsheet.parse.rows import parse_rows
from jax_cheatsheet.parse.sample import parse_sample
from jax_cheatsheet.parse.source import read_source
from jax_cheatsheet.parse.yamlio import Document, load_yaml, output_form

SHEET_FILE = "sheet.yaml"
QUICKREF_FILE = "quickref.yaml"
SAMPLES_DIR = "samples"


def load_sheet(root: Path | str) -> Sheet:
    """Parse ``root/sheet.yaml``, its panels, quick reference and samples."""
    root = Path(root)
    path = root / SHEET_FILE
    if not root.is_dir():
        raise SourceError(root, 0, "no such folder: give a sheet folder (one with a sheet.yaml)")
    if not path.is_file():
        raise SourceError(root, 0, f"not a sheet folder: it has no {SHEET_FILE}")
    meta = load_yaml(read_source(path), path)
    prelude_text = meta.data.get("prelude", "") or ""
    prelude_line = meta.text_line("prelude")
    parse_rows(prelude_text, path, prelude_line, "prelude", notes=False)

    panels, problems = _panels(meta, root)
    samples = []
    for sample_path in _sample_files(root / SAMPLES_DIR):
        try:
            samples.append(parse_sample(sample_path))
        except SourceError as error:
            problems.append(_problem(error, sample_path.stem, "sample"))
    try:
        tables = _tables(root / QUICKREF_FILE)
    except SourceError as error:
        problems.append(_problem(error, "quickref", "panel"))
        tables = ()
    return Sheet(
        title=meta.require("title", str),
        intro=str(meta.data.get("intro", "")).strip(),
        credit=str(meta.data.get("credit", "")).strip(),
        prelude=Block(prelude_text, Location(path, prelude_line)),
        panels=tuple(panels),
        tables=tables,
        samples=tuple(samples),
        references=_links(meta),
        root=root,
        site_url=_site_url(meta),
        timeout=_timeout(meta),
        strict_warnings=_flag(meta, "strict_warnings"),
        problems=tuple(problems),
        form=output_form(meta, "print") or "print",
        glyphs_required=_missing_glyphs(meta),
        repository=_repository(meta),
    )


def _panels(meta: Document, root: Path) -> tuple[list[Panel], list[Problem]]:
    """The panels ``sheet.yaml`` lists, in order, and the problems of those that do not parse."""
    panels: list[Panel] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for index, name in enumerate(meta.require("panels", list)):
        path = root / str(name)
        try:
            if not path.is_file() and not path.is_symlink():
                raise meta.error(("panels", index), f"panel file {name!r} not found")
            panel = parse_panel(path)
            if panel.id in seen:
                used = f"panel id {panel.id!r} already used by {seen[panel.id]}"
                raise SourceError(path, panel.location.line, used, panel.location.column + 1)
        except SourceError as error:
            problems.append(_problem(error, path.stem, "panel"))
            continue
        seen[panel.id] = path
        panels.append(panel)
    return panels, problems


def _problem(error: SourceError, unit: str, kind: str) -> Problem:
    return Problem(unit, kind, error.path, error.line, error.column, error.message)


def _sample_files(folder: Path) -> list[Path]:
    """The sample scripts, each real file once (a link to one already listed is skipped)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.py")):
        if path.name == "__init__.py":
            continue
        try:
            key = str(path.resolve(strict=True))
        except (OSError, RuntimeError):  # a broken link or a loop: reported when it is read
            key = str(path)
        found.setdefault(key, path)
    return sorted(found.values())


def _timeout(meta: Document) -> float | None:
    value = meta.data.get("timeout")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 3600:
        raise meta.error(("timeout",), "'timeout' is the seconds a row may run, in (0, 3600]")
    return float(value)


def _missing_glyphs(meta: Document) -> bool:
    """``missing_glyphs: error`` (the default) or ``warn``: a character no font draws."""
    value = meta.data.get("missing_glyphs", "error")
    if value not in ("error", "warn"):
        raise meta.error(("missing_glyphs",), "'missing_glyphs' is error or warn")
    return bool(value == "error")


def _flag(meta: Document, key: str) -> bool:
    value = meta.data.get(key, False)
    if not isinstance(value, bool):
        raise meta.error((key,), f"{key!r} must be true or false")
    return value


def _site_url(meta: Document) -> str:
    url = meta.data.get("site_url", "")
    if not isinstance(url, str) or (url and not (url.startswith("https://") and url.endswith("/"))):
        raise meta.error(("site_url",), "'site_url' must be an https:// address ending in '/'")
    return url


#: A public GitHub repository's address, as its page shows it.
_GITHUB = re.compile(r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?")
#: A branch or folder: path segments of the characters GitHub URLs keep as they are.
_SEGMENTS = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")


def _repository(meta: Document) -> Repository | None:
    """``repository: {url, branch, notebooks}``: where the panel notebooks open from."""
    value = meta.data.get("repository")
    if value is None:
        return None
    if not isinstance(value, dict) or "url" not in value:
        raise meta.error(
            ("repository",),
            "'repository' is a mapping with 'url' (and optional 'branch', 'notebooks')",
        )
    unknown = sorted(set(value) - {"url", "branch", "notebooks"})
    if unknown:
        raise meta.error(("repository", unknown[0]), f"unknown key {unknown[0]!r} in 'repository'")
    url = value["url"]
    found = _GITHUB.fullmatch(url) if isinstance(url, str) else None
    if found is None:
        raise meta.error(
            ("repository", "url"), "'repository.url' must be https://github.com/OWNER/REPO"
        )
    parts = {}
    for key, default in (("branch", "main"), ("notebooks", "notebooks")):
        part = value.get(key, default)
        if not isinstance(part, str) or not _SEGMENTS.fullmatch(part.strip("/")):
            raise meta.error(
                ("repository", key), f"'repository.{key}' must be a path like {default!r}"
            )
        parts[key] = part.strip("/")
    return Repository(found[1], found[2], parts["branch"], parts["notebooks"])


def _tables(path: Path) -> tuple[Table, ...]:
    if not path.is_file():
        return ()
    data = load_yaml(read_source(path), path)
    tables = []
    for n, table in enumerate(data.require("tables", list)):
        if not isinstance(table, dict):
            raise data.error(("tables", n), "each table is a mapping with caption, columns, rows")
        caption, columns, rows = table.get("caption"), table.get("columns"), table.get("rows")
        if (
            not isinstance(caption, str)
            or not isinstance(columns, list)
            or not isinstance(rows, list)
        ):
            raise data.error(("tables", n), "each table needs 'caption', 'columns' and 'rows'")
        for k, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != len(columns):
                raise data.error(
                    ("tables", n, "rows", k),
                    f"table {caption!r}: row {row!r} must have {len(columns)} cells",
                )
        tables.append(
            Table(caption, tuple(map(str, columns)), tuple(tuple(map(str, r)) for r in rows))
        )
    return tuple(tables)


def _links(meta: Document) -> tuple[Link, ...]:
    items = meta.data.get("references", [])
    if not isinstance(items, list):
        raise meta.error(("references",), "'references' must be a list of {text, url}")
    links = []
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not {"text", "url"} <= item.keys():
            raise meta.error(("references", n), "each reference needs 'text' and 'url'")
        links.append(Link(str(item["text"]), str(item["url"])))
    return tuple(links)
