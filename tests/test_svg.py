"""The SVG writer: hostile text stays text, real spaces, accessible, parses as XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from jax_cheatsheet.poster.content import Span
from jax_cheatsheet.poster.layout import Page, PanelBox, TextLine
from jax_cheatsheet.poster.svg import number, render
from jax_cheatsheet.poster.theme import LIGHT

NS = {"s": "http://www.w3.org/2000/svg"}
HOSTILE = 'x = "<script>alert(1)</script>" & y ]]> café  two  spaces'


def page(text: str) -> Page:
    line = TextLine(
        10, 20, 7, (Span(text, "s2"), Span(" # c", "comment")), href="https://a.example/?a=1&b=2"
    )
    box = PanelBox("p", "P", 5, 5, 200, 50, (line,))
    return Page(300, 100, 7, 1, (box,), ())


def test_hostile_code_is_text_and_the_file_parses() -> None:
    svg = render(page(HOSTILE), LIGHT, title="T <&>", desc='rows: "<b>"', font_css="")
    root = ET.fromstring(svg.encode("utf-8"))
    text = root.find(".//s:text", NS)
    assert text is not None
    assert "".join(text.itertext()) == HOSTILE + " # c"
    assert "<script>" not in svg and "\u00a0" not in svg
    assert text.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    link = root.find(".//s:a", NS)
    assert link is not None and link.get("href") == "https://a.example/?a=1&b=2"


def test_accessible_root() -> None:
    root = ET.fromstring(render(page("x"), LIGHT, title="Title", desc="Rows", font_css="").encode())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "title desc"
    assert root.findtext("s:title", namespaces=NS) == "Title"
    assert root.findtext("s:desc", namespaces=NS) == "Rows"
    assert root.get("text-rendering") == "geometricPrecision"


def test_numbers_are_written_the_same_everywhere() -> None:
    assert [number(v) for v in (1.0, 1.5, 2.004, -0.001, 595.28)] == [
        "1",
        "1.5",
        "2",
        "0",
        "595.28",
    ]
