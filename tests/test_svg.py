"""The SVG writer: hostile text stays text, real spaces, accessible, parses as XML, portable."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.content import Span
from jax_cheatsheet.poster.layout import Page, PanelBox, TextLine
from jax_cheatsheet.poster.svg import number, render
from jax_cheatsheet.poster.theme import LIGHT

CACHE = Path(__file__).resolve().parents[1] / "build" / "cache"

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


def test_fonts_for_browsers_and_for_renderers_without_web_fonts() -> None:
    svg = render(page("x"), LIGHT, title="T", desc="D", font_css="")
    root = ET.fromstring(svg.encode())
    # cairosvg reads only the first name, and cairo 1.16 breaks glyphs for geometricPrecision.
    assert root.get("font-family") == "monospace"
    assert "text-rendering" not in svg
    # Browsers apply @media (cairosvg and librsvg skip it): the embedded families first.
    style = root.findtext("s:style", namespaces=NS) or ""
    rule = '@media all{svg{font-family:"JetBrains Mono","DejaVu Sans Mono",monospace}}'
    assert rule in style.splitlines()


@pytest.mark.skipif(not fonts.fallback_files(), reason="DejaVu Sans Mono is not installed")
def test_what_jetbrains_mono_lacks_is_a_run_naming_the_fallback() -> None:
    root = ET.fromstring(render(page("f = ∇∇g + 1"), LIGHT, title="T", desc="D", font_css=""))
    text = root.find(".//s:text", NS)
    assert text is not None
    runs = [
        (t.text, t.get("font-family"), t.get("class")) for t in text.iter(f"{{{NS['s']}}}tspan")
    ]
    fallback = '"DejaVu Sans Mono", monospace'
    assert runs == [
        ("f = ", None, "t-s2"),
        ("∇∇", fallback, "t-s2"),
        ("g + 1", None, "t-s2"),
        (" # c", None, "t-comment"),
    ]
    assert "".join(text.itertext()) == "f = ∇∇g + 1 # c"


def test_with_metrics_each_glyph_sits_where_layout_measured_it() -> None:
    metrics = fonts.metrics(CACHE)
    line = page("a∇b").boxes[0].lines[0]
    root = ET.fromstring(
        render(page("a∇b"), LIGHT, title="T", desc="D", font_css="", metrics=metrics)
    )
    places = [
        float(x) for t in root.iter(f"{{{NS['s']}}}tspan") for x in (t.get("x") or "").split()
    ]
    text = "a∇b # c"
    assert len(places) == len(text)
    expected = [line.x + metrics.advance(text[:n], line.size) for n in range(len(text))]
    assert places == pytest.approx(expected, abs=0.005)
    plain = ET.fromstring(render(page("a∇b"), LIGHT, title="T", desc="D", font_css=""))
    assert {t.get("x") for t in plain.iter(f"{{{NS['s']}}}tspan")} == {None}


def test_numbers_are_written_the_same_everywhere() -> None:
    assert [number(v) for v in (1.0, 1.5, 2.004, -0.001, 595.28)] == [
        "1",
        "1.5",
        "2",
        "0",
        "595.28",
    ]
