"""The site as a reader's tool: accessible (axe-core, both themes) and linkable (rows, panels).

One site build of the built-in sheet serves this module and the download and print tests
(the session's ``site`` fixture, tests/conftest.py); Chromium drives it over HTTP.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from conftest import ROOT
from jax_cheatsheet.cli import default_sheet
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.site.chrome import name_toggles
from jax_cheatsheet.site.markup import row_anchor

THEMES = ("light", "dark")
#: WCAG 2.1 A and AA, and the rule axe ships disabled that checks a name holds its label.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {"label-content-name-mismatch": {"enabled": True}},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="module")
def sheet() -> Sheet:
    return load_sheet(default_sheet())


def themed_page(browser: Browser, theme: str, width: int = 1280) -> Page:
    """A page whose site theme is ``theme`` from the first paint (as the reader chose it)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(f"localStorage.setItem('mode', '{theme}')")
    return context.new_page()


def pages_of(site: Path) -> list[str]:
    """Every page the build generated (not Sphinx's copies of sources and downloads)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).parts[0].startswith("_")
    )


@pytest.mark.parametrize("theme", THEMES)
def test_every_page_passes_axe_in_both_themes(
    browser: Browser, base: str, site: Path, theme: str
) -> None:
    pages = pages_of(site)
    assert {"index.html", "panels/grad.html", "verification.html", "search.html"} <= set(pages)
    page = themed_page(browser, theme)
    axe = Axe()
    found = []
    for name in pages:
        page.goto(base + name)
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.dataset.theme") == theme, name
        for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            targets = [node["target"] for node in violation["nodes"]]
            found.append(f"{name}: {violation['id']} ({violation['impact']}) at {targets}")
    page.context.close()
    assert found == []


def test_sidebar_toggles_are_named_after_their_entry() -> None:
    nav = (
        '<li class="toctree-l1 has-children"><a class="reference internal" href="p.html">'
        "Panels &amp; more</a><details><summary><span></span></summary><ul></ul></details></li>"
        "<li><p class='caption'>x</p><details><summary><span></span></summary></details></li>"
    )
    named = name_toggles(nav)
    assert '<summary aria-label="Show or hide the pages under Panels &amp; more">' in named
    assert "<summary>" not in named


def test_every_scrolling_table_is_a_named_focusable_region(browser: Browser, base: str) -> None:
    page = browser.new_page()
    page.goto(base + "verification.html")
    boxes = page.locator(".cs-table")
    assert boxes.count() >= 1
    for box in boxes.all():
        assert box.get_attribute("tabindex") == "0"
        assert box.get_attribute("role") == "region"
        assert box.get_attribute("aria-label")
    page.keyboard.press("Tab")
    for _ in range(80):  # keyboard users reach the table: Tab until it has the focus
        if page.evaluate("document.activeElement.classList.contains('cs-table')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('cs-table')")
    page.close()


def test_every_row_has_a_stable_anchor_with_a_named_link(
    browser: Browser, base: str, sheet: Sheet
) -> None:
    page = browser.new_page()
    for panel in sheet.panels:
        page.goto(f"{base}panels/{panel.id}.html")
        for row in (r for r in panel.rows if not r.is_note):
            anchor = row_anchor(row.id)
            assert anchor == f"row-{panel.id}-{row.id.rpartition(':')[2]}"
            link = page.locator(f"#{anchor} a.cs-anchor")
            assert link.get_attribute("href") == f"#{anchor}"
            assert link.is_visible() and link.inner_text() == "#"
            assert (link.get_attribute("aria-label") or "").startswith("Link to row")
    page.close()


def test_a_row_link_from_the_verification_page_lands_on_that_row(
    browser: Browser, base: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    page.goto(base + "verification.html")
    link = page.locator('a[href="panels/grad.html#row-grad-6"]')
    assert link.count() == 1
    link.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("panels/grad.html#row-grad-6")
    row = page.locator("#row-grad-6")
    assert "grad(grad(f))(2.0)" in row.inner_text()
    assert page.evaluate("document.querySelector(':target').id") == "row-grad-6"
    top = page.evaluate("document.getElementById('row-grad-6').getBoundingClientRect().top")
    assert 0 <= top < 700  # on screen, below the sticky header's margin
    page.close()


def test_each_poster_panel_links_to_its_page(sheet: Sheet) -> None:
    svg = ET.parse(ROOT / "svg" / "cheatsheet-light.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    for panel in sheet.panels:
        group = svg.find(f"{ns}g[@id='panel-{panel.id}']")
        assert group is not None
        link = group.find(f"{ns}a")
        assert link is not None
        assert link.get("href") == f"{sheet.site_url}panels/{panel.id}.html"
        assert link.find(f"{ns}rect") is not None  # the whole panel, not its title alone
        assert link.find(f".//{ns}a") is None  # no link inside the link


def test_the_home_posters_panels_link_to_their_pages(
    browser: Browser, base: str, sheet: Sheet
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "index.html")
    page.wait_for_load_state("networkidle")
    links = page.locator("a.cs-poster-link")
    assert links.count() == len(sheet.panels)
    picture = page.locator("img.cs-poster:visible").bounding_box()
    assert picture is not None
    for panel, link in zip(sheet.panels, links.all(), strict=True):
        assert link.get_attribute("href") == f"panels/{panel.id}.html"
        assert panel.title in link.inner_text()
        box = link.bounding_box()
        assert box is not None and box["width"] > 50 and box["height"] > 50
        assert (
            picture["x"] <= box["x"]
            and box["x"] + box["width"] <= picture["x"] + picture["width"] + 1
        )
    # A click on the middle of the grad panel as drawn (the link lies over the picture).
    page.locator('a.cs-poster-link[href="panels/grad.html"]').scroll_into_view_if_needed()
    grad = page.locator('a.cs-poster-link[href="panels/grad.html"]').bounding_box()
    assert grad is not None
    page.mouse.click(grad["x"] + grad["width"] / 2, grad["y"] + grad["height"] / 2)
    page.wait_for_url(re.compile(r"panels/grad\.html$"))
    page.close()
