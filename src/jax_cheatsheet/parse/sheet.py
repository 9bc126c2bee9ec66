"""Load a whole sheet folder into the model."""

from __future__ import annotations

from pathlib import Path

from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import Block, Link, Location, Sheet, Table
from jax_cheatsheet.parse.panel import parse_panel
from jax_cheatsheet.parse.rows import parse_rows
from jax_cheatsheet.parse.sample import parse_sample
from jax_cheatsheet.parse.yamlio import key_line, load_yaml, require

SHEET_FILE = "sheet.yaml"
QUICKREF_FILE = "quickref.yaml"
SAMPLES_DIR = "samples"


def load_sheet(root: Path | str) -> Sheet:
    """Parse ``root/sheet.yaml``, its panels, quick reference and samples."""
    root = Path(root)
    path = root / SHEET_FILE
    if not path.is_file():
        raise SourceError(path, 1, f"no {SHEET_FILE}: not a sheet folder")
    text = path.read_text(encoding="utf-8")
    meta = load_yaml(text, path)
    prelude_text = meta.get("prelude", "") or ""
    prelude_line = key_line(text, "prelude", 1) + 1
    parse_rows(prelude_text, path, prelude_line, "prelude", notes=False)

    names = require(meta, "panels", list, path, text, 1)
    panels = []
    seen: dict[str, Path] = {}
    for name in names:
        panel_path = root / str(name)
        if not panel_path.is_file():
            raise SourceError(path, key_line(text, "panels", 1), f"panel file {name!r} not found")
        panel = parse_panel(panel_path)
        if panel.id in seen:
            raise SourceError(
                panel_path, 1, f"panel id {panel.id!r} already used by {seen[panel.id]}"
            )
        seen[panel.id] = panel_path
        panels.append(panel)

    samples = tuple(
        parse_sample(p)
        for p in sorted((root / SAMPLES_DIR).glob("*.py"))
        if p.name != "__init__.py"
    )
    return Sheet(
        title=require(meta, "title", str, path, text, 1),
        intro=str(meta.get("intro", "")).strip(),
        credit=str(meta.get("credit", "")).strip(),
        prelude=Block(prelude_text, Location(path, prelude_line)),
        panels=tuple(panels),
        tables=_tables(root / QUICKREF_FILE),
        samples=samples,
        references=_links(meta.get("references", []), path, text),
        root=root,
        site_url=_site_url(meta, path, text),
    )


def _site_url(meta: dict[str, object], path: Path, text: str) -> str:
    url = meta.get("site_url", "")
    if not isinstance(url, str) or (url and not (url.startswith("https://") and url.endswith("/"))):
        line = key_line(text, "site_url", 1)
        raise SourceError(path, line, "'site_url' must be an https:// address ending in '/'")
    return url


def _tables(path: Path) -> tuple[Table, ...]:
    if not path.is_file():
        return ()
    text = path.read_text(encoding="utf-8")
    data = load_yaml(text, path)
    tables = []
    for table in require(data, "tables", list, path, text, 1):
        line = key_line(text, "tables", 1)
        if not isinstance(table, dict):
            raise SourceError(path, line, "each table is a mapping with caption, columns, rows")
        caption = table.get("caption")
        columns = table.get("columns")
        rows = table.get("rows")
        if (
            not isinstance(caption, str)
            or not isinstance(columns, list)
            or not isinstance(rows, list)
        ):
            raise SourceError(path, line, "each table needs 'caption', 'columns' and 'rows'")
        for row in rows:
            if not isinstance(row, list) or len(row) != len(columns):
                where = key_line(text, f"- {row!r}"[:12], line)
                raise SourceError(
                    path,
                    where,
                    f"table {caption!r}: row {row!r} must have {len(columns)} cells",
                )
        tables.append(
            Table(caption, tuple(map(str, columns)), tuple(tuple(map(str, r)) for r in rows))
        )
    return tuple(tables)


def _links(items: object, path: Path, text: str) -> tuple[Link, ...]:
    line = key_line(text, "references", 1)
    if not isinstance(items, list):
        raise SourceError(path, line, "'references' must be a list of {text, url}")
    links = []
    for item in items:
        if not isinstance(item, dict) or not {"text", "url"} <= item.keys():
            raise SourceError(path, line, "each reference needs 'text' and 'url'")
        links.append(Link(str(item["text"]), str(item["url"])))
    return tuple(links)
