"""The site of a sheet whose every text field is hostile (tests/samples/hostile_sheet).

Every page parses as strict HTML5, nothing from the sheet becomes an element or runs, and
each text reads as written, ASCII quotes included; then the same in Chromium. Also the
defences of ``site/literal.py`` one by one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import html5lib
import pytest
from docutils import nodes  # type: ignore[import-untyped]
from html5lib.html5parser import ParseError
from playwright.sync_api import Browser

from helpers import SAMPLES, served
from jax_cheatsheet.cli import main
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import FAIL, read_record
from jax_cheatsheet.site.literal import disarm, escape_theme_titles, escape_thumbnail_titles

SHEET = SAMPLES / "hostile_sheet"
#: The sheet's title, the first panel's every field, the sample's title: read as HTML, a script.
HOSTILE = "<script>alert(1)</script> & \"q\" 'q' ]]>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#x27;q&#x27; ]]&gt;"
#: The .html files of a build that are not pages, and why they cannot parse: the themes copy
#: their Jinja macro files into _static/ (`{% macro head_pre_assets() %}...`, no doctype).
NOT_PAGES = {
    "_static/webpack-macros.html": "pydata-sphinx-theme's Jinja macros, a static file",
    "_static/sbt-webpack-macros.html": "sphinx-book-theme's Jinja macros, a static file",
}
#: Elements the sheet's text would make if it were read as HTML.
INVENTED = {"e", "k", "tags"}


@pytest.fixture(scope="module")
def sheet() -> Sheet:
    return load_sheet(SHEET)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile sheet's site, built as any sheet is: `jax-cheatsheet build` (warnings are
    errors there)."""
    root = tmp_path_factory.mktemp("hostile")
    # An older release's record in which every row printed hostile text and failed: the
    # matrix and drift pages show record text too.
    now = root / "now.json"
    assert main(["doctest", str(SHEET), "--record", str(now)]) == 0
    record = read_record(now)
    older = replace(
        record,
        environment={**record.environment, "jax": "0.0.1"},
        results=tuple(replace(r, verdict=FAIL, actual=HOSTILE) for r in record.results),
    )
    older.write(root / "records" / "jax-0.0.1-cpu.json")
    assert main(["build", str(SHEET), "--out", str(root)]) == 0
    return root / "html"


def pages(site: Path) -> dict[str, ET.Element]:
    """Every page of the site, parsed by html5lib in strict mode."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return {
        path.relative_to(site).as_posix(): parser.parse(path.read_text(encoding="utf-8"))
        for path in sorted(site.rglob("*.html"))
        if path.relative_to(site).as_posix() not in NOT_PAGES
    }


def shown(element: ET.Element) -> str:
    """An element's text as a reader sees it: without Sphinx's '#' permalink."""
    parts = [element.text or ""]
    for child in element:
        if "headerlink" not in child.get("class", "").split():
            parts.append(shown(child))
        parts.append(child.tail or "")
    return "".join(parts)


def texts(tree: ET.Element, tag: str, cls: str = "") -> list[str]:
    """The shown text of each ``tag`` element (of class ``cls``, if given) in ``tree``."""
    return [shown(e) for e in tree.iter(tag) if not cls or cls in e.get("class", "").split()]


def article(tree: ET.Element) -> ET.Element:
    """The page's article: its own content, without the theme's navigation."""
    return next(e for e in tree.iter("article") if "bd-article" in e.get("class", "").split())


def test_every_page_parses_as_strict_html5(site: Path) -> None:
    failed = {}
    for path in sorted(site.rglob("*.html")):
        try:
            html5lib.HTMLParser(strict=True).parse(path.read_text(encoding="utf-8"))
        except ParseError as error:
            failed[path.relative_to(site).as_posix()] = str(error)
    assert set(failed) == set(NOT_PAGES), failed
    for name in NOT_PAGES:
        assert "Expected DOCTYPE" in failed[name] and "alert" not in (site / name).read_text()
    generated = {"index.html", "quickref.html", "references.html", "verification.html"}
    generated |= {"panels/hostile-text.html", "panels/hostile-markdown.html"}
    generated |= {"gallery/index.html", "gallery/01_hostile.html", "matrix.html", "drift.html"}
    assert generated <= set(pages(site))


def test_no_sheet_text_becomes_an_element_or_runs(site: Path) -> None:
    for name, tree in pages(site).items():
        assert not [s for s in tree.iter("script") if "alert" in (s.text or "")], name
        handlers = [
            (e.tag, key)
            for e in tree.iter()
            for key, value in e.attrib.items()
            if key.startswith("on") and "alert" in value
        ]
        assert handlers == [], name
        assert not {e.tag for e in tree.iter()} & INVENTED, name
    for poster in (site / "_static" / "posters").rglob("*.svg"):  # opened at the site's origin
        drawn = ET.parse(poster).getroot()
        assert not [e for e in drawn.iter() if e.tag.rpartition("}")[2] == "script"], poster


def test_panel_pages_read_as_written(site: Path, sheet: Sheet) -> None:
    parsed = pages(site)
    for panel in sheet.panels:
        tree = parsed[f"panels/{panel.id}.html"]
        # The article's title and the theme's print-only copy of it.
        assert texts(tree, "h1") == [panel.title, panel.title], panel.id
        assert texts(tree, "title") == [f"{panel.title} — {HOSTILE}"]  # the sheet names the site
        body = article(tree)
        assert panel.tagline in texts(body, "em")
        assert texts(body, "figcaption") == [panel.caption]
        assert all(i.get("alt", "").startswith(panel.title) for i in body.iter("img"))
        see = [e for e in body.iter("a") if "external" in e.get("class", "")][-1]  # the last
        assert shown(see) == panel.see.text
    text = article(parsed["panels/hostile-text.html"])
    assert texts(text, "span", "cs-comment") == [HOSTILE]
    prose = texts(text, "p")
    assert HOSTILE in prose
    assert '<div onclick="alert(1)">a raw <em>HTML</em> block</div>' in prose
    # Markdown in prose is still Markdown; the raw block in a quote shows as its text.
    assert "emphasis" in texts(text, "em") and "link to JAX" in texts(text, "a")
    assert "<script>alert(1)</script>\n" in texts(text, "pre")


def test_home_quickref_references_and_gallery_read_as_written(site: Path, sheet: Sheet) -> None:
    parsed = pages(site)
    home = article(parsed["index.html"])
    assert HOSTILE in texts(home, "p")
    assert sheet.credit in texts(home, "p")
    assert texts(home, "pre").count("<script>alert(1)</script>\n") == 2  # {raw}, {eval-rst}
    assert all(i.get("alt", "").startswith(f"{HOSTILE}: {HOSTILE}") for i in home.iter("img"))
    quickref = article(parsed["quickref.html"])
    (table,) = sheet.tables
    assert texts(quickref, "h2") == [table.caption]
    assert texts(quickref, "th") == list(table.columns)
    assert texts(quickref, "td") == [cell for row in table.rows for cell in row]
    links = texts(article(parsed["references.html"]), "a", "external")
    assert links == [sheet.references[0].text, *(p.see.text for p in sheet.panels)]
    (sample,) = sheet.samples
    titles = texts(parsed["gallery/index.html"], "div", "sphx-glr-thumbnail-title")
    assert titles == [sample.title]
    assert texts(parsed["gallery/01_hostile.html"], "h1") == [sample.title, sample.title]
    page = article(parsed["gallery/01_hostile.html"])
    assert HOSTILE in texts(page, "p")
    assert "<script>alert(1)</script>\n" in texts(page, "pre")  # the prose's `.. raw:: html`


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


def test_in_a_browser_the_text_reads_literally_and_nothing_runs(
    base: str, site: Path, sheet: Sheet, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script("window.alert = (m) => { window.__alerted = String(m); };")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for name in pages(site):
        page.goto(base + name)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__alerted") is None and dialogs == [], name
    title = sheet.panels[0].title
    page.goto(base + f"panels/{sheet.panels[0].id}.html")
    assert page.inner_text("article h1") == title == HOSTILE
    assert page.title() == f"{HOSTILE} — {HOSTILE}"
    shots = site.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "hostile-panel.png"), full_page=True)
    page.close()


def test_disarm_shows_raw_html_as_text() -> None:
    tree = nodes.section()
    tree += nodes.raw("", "<script>alert(1)</script>", format="html")
    tree += nodes.paragraph("", "", nodes.raw("", "<b>", format="html"), nodes.Text("x"))
    tree += nodes.paragraph("", "", nodes.raw("", "<br />\n", format="html"))  # a hard break
    disarm(tree)
    block, inline, hard_break = tree.children
    assert isinstance(block, nodes.literal_block) and block.astext() == "<script>alert(1)</script>"
    assert [type(n) for n in inline.children] == [nodes.Text, nodes.Text]
    assert inline.astext() == "<b>x"
    assert isinstance(hard_break.children[0], nodes.raw)  # MyST's own markup stays


def test_sphinx_gallery_thumbnail_titles_are_escaped() -> None:
    doctree = nodes.section()
    pasted = f'<div class="sphx-glr-thumbnail-title">{HOSTILE}</div>\n</div>'
    doctree += nodes.raw("", pasted, format="html")
    doctree += nodes.raw("", '<div class="sphx-glr-thumbnails">', format="html")
    escape_thumbnail_titles(doctree)
    assert [n.astext() for n in doctree.children] == [
        f'<div class="sphx-glr-thumbnail-title">{ESCAPED}</div>\n</div>',
        '<div class="sphx-glr-thumbnails">',
    ]


def test_theme_titles_are_escaped() -> None:
    context: dict[str, object] = {"pagetitle": HOSTILE, "root_title": "A & B", "title": "<i>"}
    escape_theme_titles(None, "p", "page.html", context, None)
    assert context == {
        "pagetitle": ESCAPED,
        "root_title": "A &amp; B",
        "title": "<i>",  # Sphinx's own title is HTML already
    }
