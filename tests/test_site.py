"""The built site, in a real browser: Sphinx with -W, served on 127.0.0.1, driven by Chromium."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from docutils import nodes  # type: ignore[import-untyped]
from docutils.frontend import get_default_settings  # type: ignore[import-untyped]
from docutils.parsers.rst import Parser  # type: ignore[import-untyped]
from docutils.utils import new_document  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page

from conftest import ROOT, sphinx
from helpers import panel, write_sheet
from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import CheckOptions, check
from jax_cheatsheet.cli import default_sheet
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.site import gallery
from jax_cheatsheet.site.pages import GENERATED

TYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}


@pytest.fixture(scope="session")
def sheet() -> Sheet:
    return load_sheet(default_sheet())


def visible_poster(page: Page) -> str:
    return str(
        page.evaluate(
            "[...document.querySelectorAll('img.cs-poster')]"
            ".filter(i => i.offsetParent !== null).map(i => i.getAttribute('src')).join(' ')"
        )
    )


def test_home_loads_clean_and_offline(browser: Browser, base: str, site: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="light")
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(base + "index.html")
    page.wait_for_load_state("networkidle")
    assert errors == [] and outside == []
    assert "verified with jax" in page.inner_text(".cs-stamp")
    shots = site.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "home-light.png"))
    page.close()


def test_switching_the_theme_swaps_the_poster(browser: Browser, base: str, site: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page.goto(base + "index.html")
    page.wait_for_load_state("networkidle")
    assert visible_poster(page) == "_static/posters/cheatsheet-light.svg"
    page.locator("button.theme-switch-button:visible").first.click()  # opens the mode menu
    page.locator('button.theme-change-button[data-mode="dark"]:visible').first.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert visible_poster(page) == "_static/posters/cheatsheet-dark.svg"
    page.screenshot(path=str(site.parent / "screenshots" / "home-dark.png"))
    page.close()


def test_every_download_answers_with_its_type(browser: Browser, base: str) -> None:
    page = browser.new_page()
    page.goto(base + "index.html")
    links = page.eval_on_selector_all(
        "a.cs-download", "els => els.map(e => e.getAttribute('href'))"
    )
    assert len(links) == 6
    for link in links:
        response = page.request.get(base + link)
        assert response.status == 200, link
        assert response.headers["content-type"] == TYPES[link.rsplit(".", 1)[1]], link
        assert len(response.body()) > 1000
    page.close()


def test_each_panel_page_shows_all_its_rows(
    browser: Browser, base: str, sheet: Sheet, site: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for panel_ in sheet.panels:
        page.goto(base + f"panels/{panel_.id}.html")
        shown = page.eval_on_selector_all(
            ".cs-row .cs-code pre", "els => els.map(e => e.innerText)"
        )
        expected = [row.code for row in panel_.rows if row.code]
        assert [s.rstrip("\n") for s in shown] == expected, panel_.id
        statuses = page.eval_on_selector_all(
            ".cs-row .cs-status", "els => els.map(e => e.innerText)"
        )
        assert set(statuses) <= {"checked", "ran"}, panel_.id
        assert page.locator("img.cs-poster").first.get_attribute("alt").startswith(panel_.title)
    page.screenshot(path=str(site.parent / "screenshots" / "panel.png"), full_page=True)
    page.close()


def test_phone_width_has_no_horizontal_scroll(browser: Browser, base: str, sheet: Sheet) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    paths = ["index.html", "quickref.html", "verification.html", "gallery/index.html"]
    paths += [f"panels/{p.id}.html" for p in sheet.panels]
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    page.close()


def test_each_gallery_page_shows_the_output_the_checker_captured(
    browser: Browser, base: str, site: Path, sheet: Sheet, checker: Runner
) -> None:
    # The build's own record of the samples: the service answers from the outcomes it stored.
    outcomes = ROOT / "build" / "cache" / "outcomes"
    record = check(sheet, CheckOptions(reuse=outcomes), runner=checker, units=sheet.samples)
    assert set(record.reused) == {sample.id for sample in sheet.samples}
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    printed = []
    for sample in sheet.samples:
        page.goto(base + f"gallery/{sample.location.path.stem}.html")
        captured = "".join(r.stdout for r in record.results if r.unit == sample.id)
        shown = page.eval_on_selector_all(
            "div.sphx-glr-script-out pre", "els => els.map(e => e.textContent)"
        )
        assert "".join(shown) == captured, sample.id
        above = page.eval_on_selector_all(
            "div.sphx-glr-script-out", "els => els.map(e => e.previousElementSibling.className)"
        )
        assert all("highlight-Python" in name for name in above), (sample.id, above)
        timings = page.locator(".sphx-glr-timing").all_inner_texts()
        assert all("(0 minutes 0.000 seconds)" in t for t in timings), (sample.id, timings)
        printed += [sample.id] if captured.strip() else []
    assert printed, "no sample printed anything: the comparison above proved nothing"
    page.goto(base + "gallery/03_gradient_descent.html")
    shots = site.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "gallery.png"), full_page=True)
    page.close()


def test_each_code_block_gets_the_output_of_its_own_rows(tmp_path: Path, checker: Runner) -> None:
    sample = '''
        """
        Blocks
        ======

        Three code blocks, the last one silent.
        """
        x = 1
        print("one")

        # %%
        # Text between the blocks.

        print("two")
        # sphinx_gallery_thumbnail_number = 1
        print("three")

        # %%
        y = 2
        '''
    root = write_sheet(tmp_path, {"a.md": panel("1 + 1   # sum -> 2", id="a")}, {"b.py": sample})
    sheet = load_sheet(root)
    blocks = gallery.block_outputs(sheet.samples[0], check(sheet, runner=checker))
    assert [(b.line, b.output) for b in blocks] == [(7, "one\n"), (12, "two\nthree\n"), (18, "")]

    def page(*shown: gallery.BlockOutput) -> nodes.document:
        """A page as sphinx-gallery lays it out: its config comments dropped from the code."""
        document = new_document("b.rst", get_default_settings(Parser))
        for block in shown:
            code = block.code.replace("# sphinx_gallery_thumbnail_number = 1\n", "")
            document += nodes.literal_block(code, code, language="Python")
        return document

    whole = page(*blocks)
    assert gallery.show_outputs(whole, blocks) == ()
    outputs = [(node.astext(), node["classes"], node["language"]) for node in whole.children[1::2]]
    assert outputs == [
        ("one\n", ["sphx-glr-script-out"], "none"),
        ("two\nthree\n", ["sphx-glr-script-out"], "none"),
    ]
    assert len(whole.children) == 5  # the silent block gets no output block
    # A block missing from the page: its output is handed back, not put somewhere else.
    partial = page(blocks[0], blocks[2])
    assert gallery.show_outputs(partial, blocks) == (blocks[1],)
    assert [node.astext() for node in partial.children] == [blocks[0].code, "one\n", blocks[2].code]


def test_a_failing_row_shows_as_failed_and_fails_a_strict_build(
    tmp_path: Path, checker: Runner
) -> None:
    shutil.copytree(
        ROOT / "docs",
        tmp_path / "docs",
        ignore=shutil.ignore_patterns(*GENERATED),
    )
    sheet = write_sheet(
        tmp_path / "cheatsheet",
        {
            "a.md": panel(
                '"<script>" + "&"   # joined -> \'<script>&\'\n1 + 1   # wrong -> 3', id="a"
            )
        },
    )
    (sheet / "samples").mkdir()
    (sheet / "samples" / "GALLERY_HEADER.rst").write_text("Samples\n=======\n")
    # A GPU lane's record (faked from a CPU run) to be merged into the matrix page.
    cpu = check(load_sheet(sheet), runner=checker)
    gpu_rows = tuple(
        dataclasses.replace(r, actual="5") if r.code == "1 + 1" else r for r in cpu.results
    )
    gpu = dataclasses.replace(
        cpu, environment={**cpu.environment, "backend": "gpu"}, results=gpu_rows
    )
    gpu.write(tmp_path / "records" / "gpu.json")
    options = [
        "-D",
        f"cheatsheet_sheet={sheet}",
        "-D",
        f"cheatsheet_build={tmp_path / 'build'}",
        "-D",
        f"cheatsheet_records={tmp_path / 'records'}",
    ]
    strict = sphinx(tmp_path / "docs", tmp_path / "strict", "-W", *options)
    assert strict.returncode != 0
    assert (
        f"WARNING: {sheet / 'a.md'}:14: row a:2 fail: expected '3', JAX printed '2'"
        in strict.stderr
    )
    lenient = sphinx(tmp_path / "docs", tmp_path / "html", *options)
    assert lenient.returncode == 0, lenient.stderr
    verification = (tmp_path / "html" / "verification.html").read_text(encoding="utf-8")
    assert '<span class="cs-status cs-fail">FAILED</span>' in verification
    matrix = (tmp_path / "html" / "matrix.html").read_text(encoding="utf-8")
    jax = cpu.environment["jax"]
    assert f'<th scope="col">{jax}<br><small>cpu</small></th>' in matrix
    assert f'<th scope="col">{jax}<br><small>gpu</small></th>' in matrix
    assert "FAILS</span><br><code>5</code>" in matrix  # the GPU value shown where it differs
    page = (tmp_path / "html" / "panels" / "a.html").read_text(encoding="utf-8")
    assert "<script>" not in page.split("<body")[1].replace('<script src="', "").replace(
        "<script>document", ""
    )
    assert "&lt;script&gt;" in page
