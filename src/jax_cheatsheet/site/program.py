"""The whole panel as one program: shown on its page, and downloaded as a script or notebook.

On the page it is code alone (what a reader copies holds no output). The script and the
notebook hold the same code: the notebook's code cells, joined by blank lines, are the
script. The first part is the sheet's imports and the panel's setup; then one part per row,
exactly as on the poster, with its documented output as a comment below it.
"""

from __future__ import annotations

import nbformat

from jax_cheatsheet.model import Panel, Row, Sheet


def program_parts(sheet: Sheet, panel: Panel, documented: bool = True) -> list[str]:
    """Imports and setup, then one part per row that has code (``documented``: with its
    documented output as a comment)."""
    setup = panel.setup.code.strip() if panel.setup else ""
    head = "\n\n".join(part for part in (sheet.prelude.code.strip(), setup) if part)
    rows = [_row_code(row, documented) for row in panel.rows if row.code]
    return [part for part in (head, *rows) if part]


def panel_program(sheet: Sheet, panel: Panel) -> str:
    """The whole panel as one program that runs top to bottom, as its page shows it."""
    head, *rows = program_parts(sheet, panel, documented=False)
    return "\n\n".join(part for part in (head, "\n".join(rows)) if part)


def panel_script(sheet: Sheet, panel: Panel) -> str:
    """The program as a script to download: the notebook's code cells, blank-line apart."""
    return "\n\n".join(program_parts(sheet, panel)) + "\n"


def panel_notebook(sheet: Sheet, panel: Panel) -> str:
    """The panel as a Jupyter notebook: its prose, then the program's parts as code cells."""
    text = f"# {panel.title}\n\n*{panel.tagline}*\n\n{panel.prose.strip()}".strip()
    if panel.see.url:
        text += f"\n\nSee [{panel.see.text}]({panel.see.url}) in the JAX documentation."
    notebook = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    code = nbformat.v4.new_code_cell  # nbformat has no type hints: hence the ignores
    notebook.cells = [nbformat.v4.new_markdown_cell(text)]  # type: ignore[no-untyped-call]
    parts = program_parts(sheet, panel)
    notebook.cells += [code(part) for part in parts]  # type: ignore[no-untyped-call]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    # Cell ids are random by default: number them, so a rebuild writes the same bytes.
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number}"
    nbformat.validate(notebook)
    return str(nbformat.writes(notebook)) + "\n"  # type: ignore[no-untyped-call]


def _row_code(row: Row, documented: bool) -> str:
    """A row as it runs: a row documented to raise is wrapped so the program goes on."""
    raised = row.expectation.values[-1].raises if row.expectation else None
    if raised:
        name = raised.rsplit(".", 1)[-1]
        body = "\n".join("    " + line for line in row.code.splitlines())
        return (
            f"try:\n{body}\nexcept Exception as error:  # documented: raises {name}\n"
            "    print(type(error).__name__)"
        )
    if not documented:
        return row.code
    note = " -> ".join(part for part in (row.comment, _documented(row)) if part)
    comment = "\n".join(f"# {line}".rstrip() for line in note.splitlines())
    return f"{row.code}\n{comment}" if note else row.code


def _documented(row: Row) -> str:
    return row.expectation.source if row.expectation else ""
