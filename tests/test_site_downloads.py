"""Every panel downloadable: its picture (SVG, PNG; light, dark), its program as a script and
a notebook, and "Open in Colab" where the sheet names its repository."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Browser

from helpers import SAMPLES, panel, write_sheet
from jax_cheatsheet.cli import default_sheet
from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import Repository, Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.site.downloads import panel_downloads
from jax_cheatsheet.site.program import panel_notebook, panel_program, panel_script

TYPES = {"svg": "image/svg+xml", "png": "image/png"}


@pytest.fixture(scope="module")
def sheet() -> Sheet:
    return load_sheet(default_sheet())


def test_each_panel_page_offers_its_picture_and_program(
    browser: Browser, base: str, sheet: Sheet, tmp_path: Path
) -> None:
    page = browser.new_page()
    scripts = []
    for each in sheet.panels:
        url = f"{base}panels/{each.id}.html"
        page.goto(url)
        links = page.eval_on_selector_all(
            ".cs-panel-downloads a.cs-download", "els => els.map(e => e.getAttribute('href'))"
        )
        pictures = [
            f"../_static/posters/panels/{each.id}-{t}.{e}" for t in ("light", "dark") for e in TYPES
        ]
        programs = [f"../_static/downloads/{each.id}-panel.{e}" for e in ("py", "ipynb")]
        assert links == pictures + programs  # no Colab link: the built-in sheet names no repository
        for link in links:
            response = page.request.get(f"{base}panels/{link}")
            assert response.status == 200, link
            ext = link.rsplit(".", 1)[1]
            body = response.body()
            if ext in TYPES:
                assert response.headers["content-type"] == TYPES[ext], link
            if ext == "png":
                assert body.startswith(b"\x89PNG\r\n\x1a\n") and len(body) > 5000, link
            if ext == "py":
                assert body.decode() == panel_script(sheet, each)
                # The page's program, each row's documented output added as a comment.
                assert [line for line in body.decode().splitlines() if line.strip()] == [
                    line
                    for line in panel_script(sheet, each).splitlines()
                    if line.strip() and (line in panel_program(sheet, each) or line[0] == "#")
                ]
                scripts.append(tmp_path / link.rsplit("/", 1)[1])
                scripts[-1].write_bytes(body)
            if ext == "ipynb":
                notebook = nbformat.reads(body.decode(), as_version=4)
                nbformat.validate(notebook)
                code = [c.source for c in notebook.cells if c.cell_type == "code"]
                assert "\n\n".join(code) + "\n" == panel_script(sheet, each)
                assert notebook.cells[0].cell_type == "markdown"
                assert each.prose.strip().splitlines()[0] in notebook.cells[0].source
                assert len(code) == 1 + sum(1 for r in each.rows if r.code)
    page.close()
    # Each downloaded script runs as a reader runs it (two at a time: CI has two cores).
    for pair in (scripts[i : i + 2] for i in range(0, len(scripts), 2)):
        running = [
            subprocess.Popen(
                [sys.executable, str(s)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for s in pair
        ]
        for script, process in zip(pair, running, strict=True):
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, (script.name, err.decode()[-2000:])


def test_a_rows_notebook_cell_carries_its_documented_output(sheet: Sheet) -> None:
    grad = next(p for p in sheet.panels if p.id == "grad")
    cells = nbformat.reads(panel_notebook(sheet, grad), as_version=4).cells
    assert cells[1].source.startswith("import jax\n")  # imports and setup first
    assert "def f(x):" in cells[1].source
    assert "grad(f)(2.0)\n# slope of x**3 at 2 -> 12.0" in [c.source for c in cells]
    assert panel_notebook(sheet, grad) == panel_notebook(sheet, grad)  # the same bytes again


def test_colab_opens_the_notebook_from_the_named_repository(sheet: Sheet) -> None:
    grad = next(p for p in sheet.panels if p.id == "grad")
    assert "Colab" not in panel_downloads(sheet, grad, "program")
    named = dataclasses.replace(sheet, repository=Repository("octo", "sheet", "pages", "nb"))
    assert (
        '<a class="cs-download" href="https://colab.research.google.com/github/octo/sheet/'
        'blob/pages/nb/grad-panel.ipynb">Open in Colab</a>'
    ) in panel_downloads(named, grad, "program")


def test_the_repository_key_is_parsed_with_its_defaults(tmp_path: Path) -> None:
    root = write_sheet(tmp_path / "s", {"a.md": panel("1 + 1   # -> 2", id="a")})
    with (root / "sheet.yaml").open("a", encoding="utf-8") as text:
        text.write("repository:\n  url: https://github.com/octo/sheet\n")
    repository = load_sheet(root).repository
    assert repository == Repository("octo", "sheet", "main", "notebooks")
    assert repository.notebook_url("a") == (
        "https://colab.research.google.com/github/octo/sheet/blob/main/notebooks/a.ipynb"
    )


def test_a_repository_off_github_is_a_located_error() -> None:
    with pytest.raises(SourceError) as caught:
        load_sheet(SAMPLES / "bad_repository")
    assert (caught.value.line, caught.value.column) == (6, 8)
    assert caught.value.message == "'repository.url' must be https://github.com/OWNER/REPO"
