"""Load a whole sheet folder into the model."""

from __future__ import annotations

from pathlib import Path

from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import Block, Link, Location, Sheet, Table
from jax_cheatsheet.parse.panel import parse_panel
from jax_cheatsheet.parse.rows import parse_rows
from jax_cheatsheet.parse.sample import parse_sample
from jax_cheatsheet.parse.yamlio import Document, load_yaml

SHEET_FILE = "sheet.yaml"
QUICKREF_FILE = "quickref.yaml"
SAMPLES_DIR = "samples"


def load_sheet(root: Path | str) -> Sheet:
    """Parse ``root/sheet.yaml``, its panels, quick reference and samples."""
    root = Path(root)
    path = root / SHEET_FILE
    if not path.is_file():
        raise SourceError(path, 1, f"no {SHEET_FILE}: not a sheet folder")
    meta = load_yaml(path.read_text(encoding="utf-8"), path)
    prelude_text = meta.data.get("prelude", "") or ""
    prelude_line = meta.text_line("prelude")
    parse_rows(prelude_text, path, prelude_line, "prelude", notes=False)

    names = meta.require("panels", list)
    panels = []
    seen: dict[str, Path] = {}
    for index, name in enumerate(names):
        panel_path = root / str(name)
        if not panel_path.is_file():
            raise meta.error(("panels", index), f"panel file {name!r} not found")
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
        title=meta.require("title", str),
        intro=str(meta.data.get("intro", "")).strip(),
        credit=str(meta.data.get("credit", "")).strip(),
        prelude=Block(prelude_text, Location(path, prelude_line)),
        panels=tuple(panels),
        tables=_tables(root / QUICKREF_FILE),
        samples=samples,
        references=_links(meta),
        root=root,
        site_url=_site_url(meta),
    )


def _site_url(meta: Document) -> str:
    url = meta.data.get("site_url", "")
    if not isinstance(url, str) or (url and not (url.startswith("https://") and url.endswith("/"))):
        raise meta.error(("site_url",), "'site_url' must be an https:// address ending in '/'")
    return url


def _tables(path: Path) -> tuple[Table, ...]:
    if not path.is_file():
        return ()
    data = load_yaml(path.read_text(encoding="utf-8"), path)
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
