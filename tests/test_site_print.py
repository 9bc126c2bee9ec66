"""Printable from the browser: a panel page prints as its panel and rows, on one page of A4
or Letter, without the site's sidebars and header, and with no code line cut."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

#: Code that would be cut: wider than its box (scrolled), or reaching past the page's width.
CLIPPED = """() => {
  const page = document.documentElement.clientWidth;
  return [...document.querySelectorAll('pre, code, .cs-row, .cs-figure img')]
    .filter(e => e.offsetParent !== null)
    .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > page + 1)
    .map(e => e.outerHTML.slice(0, 120));
}"""
HIDDEN = (".bd-sidebar-primary", ".bd-sidebar-secondary", ".bd-header", ".prev-next-footer")


def pages_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize(("paper", "width"), [("A4", 794), ("Letter", 816)])
def test_the_grad_panel_prints_on_one_clean_page(
    browser: Browser, base: str, tmp_path: Path, paper: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(base + "panels/grad.html")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    for chrome in HIDDEN:
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator(".cs-row").count() == 8
    assert all(row.is_visible() for row in page.locator(".cs-row").all())
    assert page.evaluate(CLIPPED) == []
    pdf = page.pdf(format=paper, path=str(tmp_path / f"grad-{paper}.pdf"))
    assert pages_in(pdf) == 1
    page.close()


def test_a_long_page_prints_with_every_code_line_whole(browser: Browser, base: str) -> None:
    page = browser.new_page(viewport={"width": 794, "height": 1000})
    page.goto(base + "verification.html")
    page.emulate_media(media="print")
    assert page.evaluate(CLIPPED) == []
    page.close()
